/**
 * @module generationTrace: what a verse's record needs to write it again (replay as proof): every call the verse
 * writer made to the generator (a stream, or a batch of line drafts) with its seed, the engine parameters on the
 * main thread when it was made (what drafting read: `drafts`, `max_tokens`), and the parameters the backend
 * actually sampled with at each step where they changed (a live `temperature` move lands at an exact step).
 * `GenerationTrace` records them while a verse is written; `TraceReplay` plays them back (see verseReplay).
 */
import { ENGINE_PARAMS, type EngineParams } from '../engineParams.ts';
import type { DraftOptions, DraftedLine, GenerateOptions, GeneratedToken, Generator, ParamStep } from '../generator.ts';
import type { ParamReader } from '../paramReader.ts';
import type { ParamValues } from '../../protocol/paramSpec.ts';
import type { EngineValues, GenerationCall } from '../../protocol/provenance.ts';

export type { EngineValues, GenerationCall };

function engineValues(params: ParamReader<EngineParams>): EngineValues {
  const out: EngineValues = {};
  for (const spec of ENGINE_PARAMS) out[spec.name] = params.get(spec.name);
  return out;
}

/** The names whose values differ between a full vector (ENGINE_PARAMS order) and `before`. */
function diff(values: readonly number[], before: EngineValues): EngineValues {
  const out: EngineValues = {};
  ENGINE_PARAMS.forEach((spec, i) => {
    if (values[i] !== undefined && values[i] !== before[spec.name]) out[spec.name] = values[i];
  });
  return out;
}

/** Records the calls of one verse; `wrap` the generator the verse writer uses. */
export class GenerationTrace {
  readonly calls: GenerationCall[] = [];
  readonly #params: ParamReader<EngineParams>;

  constructor(params: ParamReader<EngineParams>) {
    this.#params = params;
  }

  #begin(call: Omit<GenerationCall, 'at' | 'steps'>): (change: ParamStep) => void {
    const c: GenerationCall = { ...call, at: engineValues(this.#params), steps: [] };
    this.calls.push(c);
    let current: EngineValues = { ...c.at };
    return (change) => {
      const values = diff(change.values, current);
      if (Object.keys(values).length === 0) return;
      current = { ...current, ...values };
      c.steps.push({ step: change.step, values });
    };
  }

  wrap(g: Generator): Generator {
    const inner = g.draft?.bind(g);
    const generate = (o: GenerateOptions): AsyncIterable<GeneratedToken> => g.generate({ ...o, onParams: this.#begin({ kind: 'generate', seed: o.seed }) });
    const wrapped: Generator = { info: g.info, load: () => g.load(), close: () => g.close(), generate };
    if (inner) wrapped.draft = (o: DraftOptions): Promise<DraftedLine[]> => inner({ ...o, onParams: this.#begin({ kind: 'draft', seed: o.seed, count: o.count, maxTokens: o.maxTokens }) });
    return wrapped;
  }
}

/** Plays a recorded trace back: the writer's calls get the recorded parameters, and a call that differs is noted. */
export class TraceReplay {
  readonly #calls: readonly GenerationCall[];
  #next = 0;
  /** Why the replay left the record (the first call that differed), or null while it follows it. */
  divergence: string | null = null;

  constructor(calls: readonly GenerationCall[]) {
    this.#calls = calls;
  }

  /** The main thread's engine parameters: those recorded for the next call (reads for a call happen just before it). */
  readonly params: ParamReader<EngineParams> = {
    get: <K extends keyof EngineParams & string>(name: K): EngineParams[K] => this.#recorded()?.at[name] ?? Number.NaN,
    snapshot: (): ParamValues => ({ ...this.#recorded()?.at }),
  };

  #recorded(): GenerationCall | undefined {
    return this.#calls[Math.min(this.#next, this.#calls.length - 1)];
  }

  /** Calls made so far. */
  get made(): number {
    return this.#next;
  }

  #take(kind: GenerationCall['kind'], seed: number, count?: number, maxTokens?: number): ParamStep[] | undefined {
    const i = this.#next++;
    const call = this.#calls[i];
    const asked = `${kind} seed ${seed}${count === undefined ? '' : ` count ${count} max ${maxTokens}`}`;
    const recorded = call ? `${call.kind} seed ${call.seed}${call.count === undefined ? '' : ` count ${call.count} max ${call.maxTokens}`}` : 'no call';
    if (asked !== recorded) {
      this.divergence ??= `generator call ${i + 1} differs: the record has ${recorded}, the replay asked for ${asked}`;
      return undefined;
    }
    return schedule(call!);
  }

  wrap(g: Generator): Generator {
    const inner = g.draft?.bind(g);
    const generate = (o: GenerateOptions): AsyncIterable<GeneratedToken> => g.generate({ ...o, schedule: this.#take('generate', o.seed) });
    const wrapped: Generator = { info: g.info, load: () => g.load(), close: () => g.close(), generate };
    if (inner) wrapped.draft = (o: DraftOptions) => inner({ ...o, schedule: this.#take('draft', o.seed, o.count, o.maxTokens) });
    return wrapped;
  }
}

/** A call's full parameter vectors (ENGINE_PARAMS order) from step 0 on, as the worker takes them. */
export function schedule(call: GenerationCall): ParamStep[] {
  let current: EngineValues = { ...call.at };
  const vector = (): number[] => ENGINE_PARAMS.map((s) => current[s.name] ?? s.default);
  const out: ParamStep[] = [{ step: 0, values: vector() }];
  for (const s of call.steps) {
    current = { ...current, ...s.values };
    if (s.step === 0) out[0] = { step: 0, values: vector() };
    else out.push({ step: s.step, values: vector() });
  }
  return out;
}
