/** @module mappingFile tests: round trip through a real file, atomic writes, merge with config, bad files named. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEARNED_MAPPINGS_FILE, MappingFile } from '../../../engine/control/mappingFile.ts';
import { MappingSchema } from '../../../protocol/mappingSchema.ts';
import { mappingSourceKey, mergeMappings } from '../../../engine/control/mergeMappings.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'inkverse-mappings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fader = MappingSchema.parse({ midi: { type: 'cc', channel: 1, number: 7 }, param: 'temperature', curve: 'exp' });
const pad = MappingSchema.parse({ midi: { type: 'note', number: 36 }, action: 'skip', mode: 'trigger' });

describe('MappingFile', () => {
  it('loads an empty list when no file exists yet', async () => {
    expect(await new MappingFile({ dir }).load()).toEqual([]);
  });

  it('round-trips through a restart (a new instance reading the same folder)', async () => {
    const file = new MappingFile({ dir: path.join(dir, 'config') }); // the folder is created on first save
    await file.upsert(fader);
    await file.upsert(pad);
    const again = new MappingFile({ dir: path.join(dir, 'config') });
    expect(await again.load()).toEqual([fader, pad]);
    expect(again.path).toBe(path.join(dir, 'config', LEARNED_MAPPINGS_FILE));
    const onDisk = JSON.parse(await readFile(again.path, 'utf8'));
    expect(onDisk.version).toBe(1);
  });

  it('upsert replaces the mapping on the same source; remove deletes by source', async () => {
    const file = new MappingFile({ dir });
    await file.upsert(fader);
    const relearned = MappingSchema.parse({ midi: { type: 'cc', channel: 1, number: 7 }, param: 'top_p' });
    expect(await file.upsert(relearned)).toEqual([relearned]);
    expect(await file.remove({ midi: { type: 'cc', channel: 1, number: 7 } })).toEqual([]);
    expect(await file.remove({ address: '/nothing' })).toEqual([]);
    expect(await new MappingFile({ dir }).load()).toEqual([]);
  });

  it('serialises concurrent changes and leaves no temp files behind', async () => {
    const file = new MappingFile({ dir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => file.upsert(MappingSchema.parse({ midi: { type: 'cc', number: i }, param: 'tempo' }))));
    expect((await new MappingFile({ dir }).load()).map((m) => m.midi?.number)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await readdir(dir)).toEqual([LEARNED_MAPPINGS_FILE]);
  });

  it('refuses an invalid mapping with INKVERSE_E_BAD_REQUEST and writes nothing', async () => {
    const file = new MappingFile({ dir });
    await expect(file.upsert({ param: 'tempo' } as never)).rejects.toMatchObject({ code: 'INKVERSE_E_BAD_REQUEST', message: /exactly one source/ });
    expect(await readdir(dir)).toEqual([]);
  });

  it('names the file and the problem when it is not JSON', async () => {
    await writeFile(path.join(dir, LEARNED_MAPPINGS_FILE), '{"version": 1, "mappings": [');
    await expect(new MappingFile({ dir }).load()).rejects.toMatchObject({ code: 'INKVERSE_E_CONFIG', message: expect.stringMatching(/mappings\.local\.json are not valid JSON.*fix or delete/) });
  });

  it('names the bad entry when a mapping is invalid', async () => {
    await writeFile(path.join(dir, LEARNED_MAPPINGS_FILE), JSON.stringify({ version: 1, mappings: [{ address: '/a', param: 'tempo', curve: 'cubic' }] }));
    await expect(new MappingFile({ dir }).load()).rejects.toMatchObject({ code: 'INKVERSE_E_CONFIG', message: expect.stringMatching(/"mappings\.0\.curve"/) });
    await writeFile(path.join(dir, LEARNED_MAPPINGS_FILE), JSON.stringify([fader]));
    await expect(new MappingFile({ dir }).load()).rejects.toMatchObject({ code: 'INKVERSE_E_CONFIG' });
  });
});

describe('mergeMappings', () => {
  it('keeps configured mappings unless a learned one uses the same source', () => {
    const configured = [
      MappingSchema.parse({ address: '/1/fader1', param: 'temperature' }),
      MappingSchema.parse({ midi: { type: 'cc', channel: 1, number: 7 }, param: 'tempo' }),
      MappingSchema.parse({ midi: { type: 'cc', number: 7 }, param: 'verse_gap' }), // any channel: a different source
    ];
    const merged = mergeMappings(configured, [fader, pad]);
    expect(merged.map((m) => m.param ?? m.action)).toEqual(['temperature', 'verse_gap', 'temperature', 'skip']);
    expect(mappingSourceKey(fader)).toBe('midi:cc:1:7');
    expect(mappingSourceKey(configured[2]!)).toBe('midi:cc:*:7');
    expect(mappingSourceKey(configured[0]!)).toBe('osc:/1/fader1');
  });
});
