/**
 * @module fakeGenerator (test helper): a scriptable FAKE generator backend for failure paths that a real
 * model cannot be made to take on cue: failing to load N times, hanging in a load or mid-verse, throwing
 * mid-verse, or "exiting" (as a worker does) during a load or mid-verse. Tests that use it say so in their names.
 * One FakeBackend scripts every generator it makes, counting loads and verses across restarts.
 */
import type { DraftOptions, DraftedLine, GenerateOptions, GeneratedToken, Generator, GeneratorInfo } from '../../engine/generator.ts';
import type { GeneratorFactory, GeneratorSpec } from '../../engine/generatorBackends.ts';
import { InkverseError } from '../../protocol/errors.ts';

/** What the nth load does: succeed, reject, never settle (until closed), or exit as a worker would. */
export type FakeLoad = 'ok' | 'fail' | 'hang' | 'exit';

/** What the nth verse does: write `tokens` tokens (default: all of the text), then end, throw, hang or exit. */
export interface FakeVerse {
  tokens?: number;
  then: 'end' | 'throw' | 'hang' | 'exit';
}

export interface FakeScript {
  /** Outcome of the nth load (0-based, over every generator of the backend); default always `ok`. */
  load?: (n: number) => FakeLoad;
  /** Outcome of the nth verse (0-based, over every generator of the backend); default always `end`. */
  verse?: (n: number) => FakeVerse;
  /** The text each verse writes, one character per token. */
  text?: string;
  /** Awaited before the nth load settles, so a test can hold a load until it has looked around. */
  beforeLoad?: (n: number) => Promise<void> | undefined;
  /** When set, the fake can draft lines, and the nth draft call (over the backend) does this. */
  draft?: (n: number) => 'ok' | 'throw' | 'hang' | 'exit';
}

const DEFAULT_TEXT = '春风吹柳绿，细雨润花红。';

export class FakeBackend {
  readonly script: FakeScript;
  loads = 0;
  verses = 0;
  drafts = 0;
  readonly made: FakeGenerator[] = [];
  /** Specs the factory was asked for, in order (which candidate of the chain was tried). */
  readonly specs: GeneratorSpec[] = [];
  readonly #watchers = new Set<() => void>();

  constructor(script: FakeScript = {}) {
    this.script = script;
  }

  /** Calls `fn` after every load attempt and every verse begun, so tests can wait on them; returns the unsubscribe. */
  watch(fn: () => void): () => void {
    this.#watchers.add(fn);
    return () => this.#watchers.delete(fn);
  }

  /** Counts a load or a verse and tells the watchers. */
  count(what: 'loads' | 'verses' | 'drafts'): void {
    this[what]++;
    for (const fn of [...this.#watchers]) fn();
  }

  /** A factory for the installation or the supervisor; `only` limits it to some specs (others go to `other`). */
  factory(only?: (spec: GeneratorSpec) => boolean, other?: GeneratorFactory): GeneratorFactory {
    return (spec, params) => {
      if (only && !only(spec)) {
        if (!other) throw new InkverseError('INKVERSE_E_MODEL_LOAD', `fake backend: no generator for ${spec.model.name} on ${spec.device}`);
        return other(spec, params);
      }
      this.specs.push(spec);
      const g = new FakeGenerator(this, `${spec.model.name}`, spec.device);
      this.made.push(g);
      return g;
    };
  }

  /** A generator made outside any factory (for the supervisor's own tests). */
  create(model = 'fake-model', device = 'cpu'): FakeGenerator {
    const g = new FakeGenerator(this, model, device);
    this.made.push(g);
    return g;
  }
}

export class FakeGenerator implements Generator {
  readonly info: GeneratorInfo;
  readonly #backend: FakeBackend;
  /** Settled by close(): releases whatever hangs. */
  readonly #closed: Promise<void>;
  #close!: () => void;
  #isClosed = false;

  constructor(backend: FakeBackend, model: string, device: string) {
    this.#backend = backend;
    this.info = { model, device, dtype: 'fake', state: 'idle', devices: [] };
    this.#closed = new Promise<void>((resolve) => (this.#close = resolve));
    if (backend.script.draft) this.draft = (options) => this.#draft(options);
  }

  /** Present only when the script drafts (as the real backend, which can). */
  readonly draft?: (options: DraftOptions) => Promise<DraftedLine[]>;

  /** The next line of the text after the body, `count` times; lines end after ， or 。 or a newline. */
  async #draft(options: DraftOptions): Promise<DraftedLine[]> {
    if (this.info.state !== 'ready') throw new InkverseError('INKVERSE_E_GENERATION', 'fake backend: not loaded');
    const outcome = this.#backend.script.draft!(this.#backend.drafts);
    this.#backend.count('drafts');
    await new Promise((resolve) => setImmediate(resolve));
    if (outcome === 'throw') throw new InkverseError('INKVERSE_E_GENERATION', 'Drafting failed: fake backend');
    if (outcome === 'exit') {
      this.info.state = 'failed';
      throw new InkverseError('INKVERSE_E_GENERATION', 'Drafting failed: worker exited with code 1 (fake backend)');
    }
    if (outcome === 'hang') {
      await this.#closed;
      throw new Error('fake backend: closed while drafting');
    }
    const text = this.#backend.script.text ?? DEFAULT_TEXT;
    const rest = text.startsWith(options.body) ? text.slice(options.body.length) : '';
    const line = /^[^，。\n]*[，。\n]?/u.exec(rest)![0];
    const row: DraftedLine = line
      ? { tokens: [...line].map((c) => ({ text: c, logprob: -1, entropy: 1 })), ended: /[，。\n]$/u.test(line) ? 'line' : 'eos', prosody: null }
      : { tokens: [], ended: 'eos', prosody: null };
    return Array.from({ length: options.count }, () => row);
  }

  get closed(): boolean {
    return this.#isClosed;
  }

  async load(): Promise<void> {
    const n = this.#backend.loads;
    const outcome = this.#backend.script.load?.(n) ?? 'ok';
    this.info.state = 'loading';
    await (this.#backend.script.beforeLoad?.(n) ?? Promise.resolve());
    this.#backend.count('loads');
    switch (outcome) {
      case 'ok':
        this.info.state = 'ready';
        return;
      case 'fail':
        this.info.state = 'failed';
        throw new InkverseError('INKVERSE_E_MODEL_LOAD', 'fake backend: the model file is broken');
      case 'exit':
        this.info.state = 'failed';
        throw new InkverseError('INKVERSE_E_MODEL_LOAD', 'The generator worker exited with code 1 while loading (fake backend).');
      case 'hang':
        await this.#closed;
        throw new Error('fake backend: closed while loading');
    }
  }

  async *generate(options: GenerateOptions): AsyncGenerator<GeneratedToken> {
    if (this.info.state !== 'ready') throw new InkverseError('INKVERSE_E_GENERATION', 'fake backend: not loaded');
    const verse = this.#backend.script.verse?.(this.#backend.verses) ?? { then: 'end' };
    this.#backend.count('verses');
    const chars = [...(this.#backend.script.text ?? DEFAULT_TEXT)];
    const count = Math.min(verse.tokens ?? chars.length, chars.length);
    for (let i = 0; i < count; i++) {
      // A macrotask per token, as a worker's messages are: timers and sockets get their turn.
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted || this.#isClosed) return;
      yield { text: chars[i]!, logprob: -1, entropy: 1 };
    }
    switch (verse.then) {
      case 'end':
        return;
      case 'throw':
        throw new InkverseError('INKVERSE_E_GENERATION', 'fake backend: generation failed mid-verse');
      case 'exit':
        this.info.state = 'failed';
        throw new InkverseError('INKVERSE_E_GENERATION', 'Generation failed: worker exited with code 1 (fake backend)');
      case 'hang':
        // Deaf to the abort signal, as a worker stuck inside inference is; only close() releases it.
        await this.#closed;
        throw new Error('fake backend: closed while hanging');
    }
  }

  /** As if its worker exited while idle (between verses). */
  exit(): void {
    this.info.state = 'failed';
  }

  async close(): Promise<void> {
    this.#isClosed = true;
    this.info.state = 'idle';
    this.#close();
  }
}
