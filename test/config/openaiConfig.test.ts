/** The `openai` backend's config: a missing section, a bad URL, bad numbers refused with INKVERSE_E_CONFIG; the API key from the environment. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../config/loadConfig.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { thrown } from '../helpers/thrown.ts';

describe('openai backend config', () => {
  it('"model.backend": "openai" without an "openai" section: INKVERSE_E_CONFIG saying what to add', () => {
    const err = thrown(() => parseConfig({ model: { backend: 'openai' } }));
    expect(err.code).toBe('INKVERSE_E_CONFIG');
    expect(err.message).toMatch(/"model.backend" is "openai" but there is no "openai" section: add \{ "url"/);
  });

  it.each([
    [{ url: 'not a url', model: 'm' }, /openai\.url/],
    [{ url: 'ftp://gpu-box/', model: 'm' }, /openai\.url.*http:\/\/ or https:\/\//],
    [{ url: 'http://gpu-box:8080' }, /openai\.model/],
    [{ url: 'http://gpu-box:8080', model: 'm', retries: 0 }, /openai\.retries/],
    [{ url: 'http://gpu-box:8080', model: 'm', logprobs: 50 }, /openai\.logprobs/],
    [{ url: 'http://gpu-box:8080', model: 'm', tempreature: 1 }, /tempreature/],
  ])('a bad "openai" section %j is refused with INKVERSE_E_CONFIG naming the key', (openai, why) => {
    const err = thrown(() => parseConfig({ model: { backend: 'openai' }, openai }));
    expect(err).toBeInstanceOf(InkverseError);
    expect(err.code).toBe('INKVERSE_E_CONFIG');
    expect(err.message).toMatch(why);
  });

  it('an unknown backend names the ones there are', () => {
    const err = thrown(() => parseConfig({ model: { backend: 'llamafile' } }));
    expect(err.code).toBe('INKVERSE_E_CONFIG');
    expect(err.message).toMatch(/"transformers"[^]*"openai"/);
  });

  it('a good section gets its defaults; INKVERSE_OPENAI_API_KEY gives the key without writing it in the file', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'inkverse-openai-')), 'c.json');
    writeFileSync(file, JSON.stringify({ model: { backend: 'openai' }, openai: { url: 'http://gpu-box:8080', model: 'qwen2.5-7b' } }));
    const c = loadConfig({ INKVERSE_CONFIG: file, INKVERSE_OPENAI_API_KEY: 'sk-local-123' });
    expect(c.model.backend).toBe('openai');
    expect(c.openai).toEqual({ url: 'http://gpu-box:8080', model: 'qwen2.5-7b', apiKey: 'sk-local-123', retries: 3, retryMin: 0.5, logprobs: 5 });
  });
});
