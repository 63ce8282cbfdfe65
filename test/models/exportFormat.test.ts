/**
 * @module test/models/exportFormat
 * Every shipped model folder (models/<name>/ with an inkverse.json) has the files and graph
 * signature that @huggingface/transformers needs to load it offline as a gpt2 decoder with a
 * KV cache, the inkverse.json keys the engine's registry reads, and stays small enough for git.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

const modelsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'models');
const folders = readdirSync(modelsDir).filter((d) => existsSync(path.join(modelsDir, d, 'inkverse.json')));
const json = (dir: string, f: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>;

function folderBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return n;
}

it('ships the two built-in models', () => {
  expect(folders).toEqual(expect.arrayContaining(['tang-poet-zh', 'verse-en']));
});

describe.each(folders)('model folder %s', (name) => {
  const dir = path.join(modelsDir, name);

  it('has a gpt2 config.json with the sizes transformers.js reads', () => {
    const c = json(dir, 'config.json');
    expect(c.model_type).toBe('gpt2');
    for (const k of ['n_layer', 'n_head', 'n_embd', 'n_positions', 'vocab_size', 'bos_token_id', 'eos_token_id']) {
      expect(typeof c[k], k).toBe('number');
    }
    expect((c.n_embd as number) % (c.n_head as number)).toBe(0);
  });

  it('has a char-level tokenizer.json (WordLevel + Split "." isolated + Fuse) sized like the config', () => {
    const t = json(dir, 'tokenizer.json') as {
      model: { type: string; vocab: Record<string, number>; unk_token: string };
      pre_tokenizer: { type: string; pattern: { Regex: string }; behavior: string };
      decoder: { type: string };
      added_tokens: { content: string; special: boolean }[];
    };
    expect(t.model.type).toBe('WordLevel');
    expect(t.model.vocab[t.model.unk_token]).toBeTypeOf('number');
    expect(t.pre_tokenizer).toMatchObject({ type: 'Split', pattern: { Regex: '.' }, behavior: 'Isolated' });
    expect(t.decoder.type).toBe('Fuse');
    const c = json(dir, 'config.json');
    expect(Object.keys(t.model.vocab).length).toBe(c.vocab_size);
    const eos = Object.entries(t.model.vocab).find(([, id]) => id === c.eos_token_id)?.[0];
    expect(t.added_tokens.find((a) => a.content === eos)?.special).toBe(true);
    expect(json(dir, 'tokenizer_config.json').eos_token).toBe(eos);
    expect(existsSync(path.join(dir, 'generation_config.json'))).toBe(true);
  });

  it('has the inkverse.json keys the engine registry reads', () => {
    const m = json(dir, 'inkverse.json') as Record<string, unknown> & { sampling: Record<string, unknown>; lineBreaks: string[] };
    expect(m.name).toBe(name);
    expect(['zh', 'en']).toContain(m.language);
    expect(m.description).toBeTypeOf('string');
    expect(m.promptTemplate).toContain('{prompt}');
    for (const k of ['temperature', 'top_k', 'top_p', 'repetition_penalty', 'max_tokens']) expect(m.sampling[k], k).toBeTypeOf('number');
    expect(m.form === null || typeof m.form === 'object').toBe(true);
    if (m.form) expect(m.form).toMatchObject({ lineLengths: expect.any(Array), lineEnds: expect.any(Array), maxLines: expect.any(Number) });
    expect(m.lineBreaks.length).toBeGreaterThan(0);
    const c = json(dir, 'config.json');
    expect(m.sampling.max_tokens as number).toBeLessThanOrEqual(c.n_positions as number);
  });

  it('has ONNX weights whose graph takes and returns the KV cache transformers.js feeds', async () => {
    const c = json(dir, 'config.json') as { n_layer: number; ['transformers.js_config']?: { dtype?: string } };
    const files = ['model.onnx', 'model_quantized.onnx'].filter((f) => existsSync(path.join(dir, 'onnx', f)));
    expect(files.length).toBeGreaterThan(0);
    if (!files.includes('model.onnx')) expect(c['transformers.js_config']?.dtype).toBe('q8');
    const past: string[] = [];
    const present: string[] = [];
    for (let i = 0; i < c.n_layer; i++) {
      past.push(`past_key_values.${i}.key`, `past_key_values.${i}.value`);
      present.push(`present.${i}.key`, `present.${i}.value`);
    }
    for (const f of files) {
      const s = await ort.InferenceSession.create(path.join(dir, 'onnx', f));
      expect([...s.inputNames].sort()).toEqual(['input_ids', 'attention_mask', 'position_ids', ...past].sort());
      expect([...s.outputNames].sort()).toEqual(['logits', ...present].sort());
      await s.release();
    }
  });

  it('has a corpus index and a model card, and stays within 20 MB', () => {
    expect(statSync(path.join(dir, 'corpus-lines.u32')).size % 4).toBe(0);
    const card = readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(card).toMatch(/Licence/);
    expect(card).toContain('<!-- models:eval:begin -->');
    expect(folderBytes(dir)).toBeLessThanOrEqual(20 * 1024 * 1024);
  });
});
