/**
 * @module test/engine/supervisor/replaceChain
 * A live model switch inside the supervisor, with FAKE generator backends (a load held or failed on cue): the new
 * chain loads beside the one writing, a second switch meanwhile is refused (`INKVERSE_E_MODEL_BUSY`), the old model
 * is freed only once the verse it was writing has ended, and a load that fails leaves the old chain as it was. Also
 * the chain a switched model gets (real model folders): its fallbacks follow it, and the blend model goes to every
 * candidate with its tokenizer only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../engine/clock.ts';
import { engineSurface } from '../../../engine/control/controlSurface.ts';
import { GeneratorSupervisor, type Candidate } from '../../../engine/supervisor/generatorSupervisor.ts';
import { chainFor } from '../../../engine/supervisor/supervisedGenerator.ts';
import type { GeneratorSpec } from '../../../engine/generatorBackends.ts';
import { FakeBackend, type FakeGenerator } from '../../helpers/fakeGenerator.ts';
import { registry } from '../../helpers/realModel.ts';

const tang = registry.get('tang-poet-zh');
const artist = registry.get('li-shangyin-zh');
const english = registry.get('verse-en');
const FAST = { tokenTimeoutMs: 2000, loadTimeoutMs: 2000, retryMinMs: 50, retryMaxMs: 200 };

const open: GeneratorSupervisor[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

function candidate(backend: FakeBackend, profile = tang): Candidate {
  return { label: `${profile.name} on cpu`, profile, create: () => backend.create(profile.name) };
}

async function supervisor(backend: FakeBackend): Promise<GeneratorSupervisor> {
  const sup = new GeneratorSupervisor({ ...FAST, candidates: [candidate(backend)], clock: systemClock });
  open.push(sup);
  await sup.load();
  return sup;
}

/** One verse as the loop writes it: prepare, then the whole stream. */
async function verse(sup: GeneratorSupervisor): Promise<string> {
  const setup = await sup.prepare(new AbortController().signal);
  let text = '';
  for await (const t of sup.generate({ input: '', body: '', seed: 1 })) text += t.text;
  return setup.profile.name + ':' + text;
}

describe('GeneratorSupervisor.replaceChain with FAKE backends', () => {
  it('loads the new model beside the one writing; a second switch meanwhile is refused; the old one is freed after its verse', async () => {
    const old = new FakeBackend();
    const sup = await supervisor(old);
    await sup.prepare(new AbortController().signal); // a verse of the old model is under way
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const next = new FakeBackend({ beforeLoad: () => held });
    const switched = sup.replaceChain([candidate(next, artist)]);
    expect(sup.incoming).toBe('li-shangyin-zh on cpu');
    await expect(sup.replaceChain([candidate(new FakeBackend(), artist)])).rejects.toMatchObject({ code: 'INKVERSE_E_MODEL_BUSY' });
    release();
    await switched;
    // The verse under way still ends with the old model, which is kept until then.
    expect(sup.model).toBe('tang-poet-zh');
    const oldGen = old.made[0] as FakeGenerator;
    expect(oldGen.closed).toBe(false);
    for await (const _ of sup.generate({ input: '', body: '', seed: 1 })) void _;
    expect(await verse(sup)).toMatch(/^li-shangyin-zh:/);
    expect(sup.model).toBe('li-shangyin-zh');
    await expect.poll(() => oldGen.closed).toBe(true);
    expect(sup.status).toEqual({ status: 'ok', reason: null });
  });

  it('a new model that fails to load is refused with the reason, and the old one writes on untouched', async () => {
    const old = new FakeBackend();
    const sup = await supervisor(old);
    const broken = new FakeBackend({ load: () => 'fail' });
    const err = await sup.replaceChain([candidate(broken, artist)]).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'INKVERSE_E_MODEL_LOAD' });
    expect((err as Error).message).toMatch(/^li-shangyin-zh on cpu could not load: .*; tang-poet-zh writes on\.$/);
    expect(sup.incoming).toBeNull();
    expect(await verse(sup)).toMatch(/^tang-poet-zh:/);
    expect((old.made[0] as FakeGenerator).closed).toBe(false);
    expect(broken.made.every((g) => g.closed)).toBe(true);
  });
});

describe('the chain of a switched model (real model folders)', () => {
  it('its fallbacks follow it, and the blend model goes only to candidates with its tokenizer', () => {
    const specs: GeneratorSpec[] = [];
    const chain = chainFor(
      {
        backend: 'transformers',
        device: 'cpu',
        dtype: 'auto',
        fallback: [{ device: 'cpu' }, { name: 'verse-en', device: 'cpu' }, 'replay'],
        readModel: (name) => registry.get(name),
        createGenerator: (spec) => (specs.push(spec), new FakeBackend().create(spec.model.name)),
        params: engineSurface(),
        blend: tang,
        replay: { source: { list: () => [] }, seed: 1 },
      },
      artist,
    );
    expect(chain.map((c) => c.label)).toEqual(['li-shangyin-zh on cpu', 'verse-en on cpu', 'replays of archived verses']);
    chain[0]!.create();
    chain[1]!.create();
    expect(specs.map((s) => [s.model.name, s.blend?.name ?? null])).toEqual([['li-shangyin-zh', 'tang-poet-zh'], [english.name, null]]);
  });
});
