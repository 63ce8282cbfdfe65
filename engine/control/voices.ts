/**
 * @module voices: saved parameter sets ("voices", a performer's style), persisted as JSON in the data
 * folder and recalled by name with a crossfade of numeric parameters over time. Node only (file I/O).
 */
import { unknownNameMessage } from '../../protocol/unknownName.ts';
import { VOICE_FADE_MAX_S, VoiceFadeSchema, VoiceNameSchema } from '../../protocol/limits.ts';
import { mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { logger } from '../log.ts';
import { validateParamValue, type Milliseconds, type ParamValues, type Seconds } from '../../protocol/paramSpec.ts';
import type { ControlSurface, ParamOrigin } from './controlSurface.ts';
import { ParamRamps, type RampHandle } from './paramRamps.ts';
import { BUILTIN_VOICES } from './builtinVoices.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

const log = logger('voices');

export interface Voice {
  /** Name shown in the console and used by `/inkverse/voice <name>`. */
  name: string;
  /** Parameter values to recall; parameters not listed keep their value. */
  params: ParamValues;
  /** One line for the console. */
  doc?: string;
}

/** File name of the saved voices inside the data folder. */
export const VOICES_FILE = 'voices.json';


export const VoicesFileSchema = z.strictObject({
  version: z.literal(1),
  voices: z.array(
    z.strictObject({
      name: VoiceNameSchema,
      params: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
      doc: z.string().max(500).optional(),
    }),
  ),
});

export interface VoicesOptions {
  /** Data folder holding the voices file (created on first save). */
  dir: string;
  /** The live parameters voices are saved from and recalled into. */
  store: ControlSurface;
  /** Time source of crossfades (a manual clock in tests). */
  clock: Clock;
  /** Voices every installation has; a saved voice of the same name takes precedence. */
  builtins: readonly Voice[];
  /** Crossfade length when a recall names none, in seconds. */
  fadeSeconds: Seconds;
  /** Interval between crossfade steps, in milliseconds. */
  tickMs: Milliseconds;
  /** File name inside `dir`. */
  fileName: string;
  /** Origin reported for parameter changes made by recalls. */
  origin: ParamOrigin;
}

const DEFAULTS = {
  builtins: BUILTIN_VOICES,
  fadeSeconds: 2,
  tickMs: 16,
  fileName: VOICES_FILE,
  origin: 'voice',
} satisfies Partial<VoicesOptions>;

/** The voices of one installation. Create with `Voices.open()`; `dispose()` stops a running fade. */
export class Voices {
  readonly #o: VoicesOptions;
  /** Absolute path of the voices file. */
  readonly path: string;
  #saved: Voice[] = [];
  /** Crossfades; a performer moving a fader mid-fade takes that parameter over, the fade carries on with the rest. */
  readonly #ramps: ParamRamps;
  #fade: RampHandle | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(o: VoicesOptions) {
    this.#o = o;
    this.path = path.resolve(o.dir, o.fileName);
    for (const v of o.builtins) this.#checkVoice(v, 'built-in');
    this.#ramps = new ParamRamps({ store: o.store, clock: o.clock, tickMs: o.tickMs });
  }

  /**
   * Loads the saved voices. A corrupt file is moved aside (`voices.json.corrupt-<ms>`) and logged, so an
   * unattended installation keeps its built-in voices instead of failing to start; entries naming unknown
   * parameters or values out of range are dropped with a warning.
   */
  static async open(options: Pick<VoicesOptions, 'dir' | 'store' | 'clock'> & Partial<VoicesOptions>): Promise<Voices> {
    const voices = new Voices({ ...DEFAULTS, ...options });
    await voices.#load();
    return voices;
  }

  /** Names of all voices: built-ins first, then saved ones, without duplicates. */
  names(): string[] {
    return [...new Set([...this.#o.builtins.map((v) => v.name), ...this.#saved.map((v) => v.name)])];
  }

  /** A voice by name (a saved one before a built-in of the same name). */
  get(name: string): Voice | undefined {
    return this.#saved.find((v) => v.name === name) ?? this.#o.builtins.find((v) => v.name === name);
  }

  /** True while a crossfade is running. */
  get fading(): boolean {
    return this.#fade !== undefined;
  }

  /**
   * Saves the current parameters (or `params`) as a voice, replacing a saved voice of that name.
   * Throws `INKVERSE_E_BAD_REQUEST` for a name outside `VoiceNameSchema` (protocol/limits.ts), `INKVERSE_E_PARAM_RANGE` / `INKVERSE_E_UNKNOWN_PARAM` for bad values.
   */
  save(name: string, params: ParamValues = this.#o.store.snapshot(), doc?: string): Promise<Voice> {
    const parsed = VoiceNameSchema.safeParse(name);
    if (!parsed.success) throw new InkverseError('INKVERSE_E_BAD_REQUEST', `A voice name is 1 to 32 letters, digits, _, - or inner spaces; got ${JSON.stringify(name)}.`);
    const voice: Voice = doc === undefined ? { name: parsed.data, params: { ...params } } : { name: parsed.data, params: { ...params }, doc };
    this.#checkVoice(voice, 'saved', true);
    return this.#enqueue(async () => {
      await this.#write([...this.#saved.filter((v) => v.name !== voice.name), voice]);
      return voice;
    });
  }

  /** Deletes a saved voice; returns false when there was none (built-ins cannot be deleted). */
  remove(name: string): Promise<boolean> {
    return this.#enqueue(async () => {
      if (!this.#saved.some((v) => v.name === name)) return false;
      await this.#write(this.#saved.filter((v) => v.name !== name));
      return true;
    });
  }

  /**
   * Recalls a voice: non-numeric parameters switch at once, numeric ones move linearly from their current
   * values over `fadeSeconds` (default from options; 0 = at once). A new recall cancels a running one.
   * The promise resolves when the fade ends or is cancelled. Throws synchronously `INKVERSE_E_UNKNOWN_VOICE`
   * listing the known voices, or `INKVERSE_E_BAD_REQUEST` for a negative or non-finite fade.
   */
  recall(name: string, fadeSeconds: Seconds = this.#o.fadeSeconds): Promise<void> {
    const voice = this.get(name);
    if (!voice) {
      throw new InkverseError('INKVERSE_E_UNKNOWN_VOICE', unknownNameMessage('voice', name, this.names()));
    }
    if (!VoiceFadeSchema.safeParse(fadeSeconds).success) {
      throw new InkverseError('INKVERSE_E_BAD_REQUEST', `A voice fade must be 0 to ${VOICE_FADE_MAX_S} seconds; got ${fadeSeconds}.`);
    }
    this.cancel();
    const { store } = this.#o;
    const to: Record<string, number> = {};
    const now: ParamValues = {};
    for (const [param, value] of Object.entries(voice.params)) {
      const spec = store.spec(param);
      if (!spec) continue; // checked at load; a table that shrank since is not the performer's fault
      if (typeof value === 'number' && (spec.type === 'number' || spec.type === 'integer') && fadeSeconds > 0) to[param] = value;
      else now[param] = value;
    }
    if (Object.keys(now).length) store.set(now, this.#o.origin);
    if (Object.keys(to).length === 0) return Promise.resolve();
    const fade = this.#ramps.start(to, { kind: 'linear', duration: fadeSeconds * 1000 }, this.#o.origin);
    this.#fade = fade;
    return fade.done.finally(() => {
      if (this.#fade === fade) this.#fade = undefined;
    });
  }

  /** Stops a running crossfade where it is; idempotent. */
  cancel(): void {
    this.#fade?.cancel();
    this.#fade = undefined;
  }

  /** Stops any fade and the store listener; idempotent. */
  dispose(): void {
    this.cancel();
    this.#ramps.dispose();
  }

  /** Throws (strict) or drops entries (lenient) that name unknown parameters or hold values out of range. */
  #checkVoice(voice: Voice, kind: string, strict = true): Voice {
    const kept: ParamValues = {};
    for (const [param, value] of Object.entries(voice.params)) {
      const spec = this.#o.store.spec(param);
      try {
        if (!spec) {
          throw new InkverseError('INKVERSE_E_UNKNOWN_PARAM', `In ${kind} voice "${voice.name}": ${unknownNameMessage('parameter', param, this.#o.store.table.map((s) => s.name))}`);
        }
        kept[param] = validateParamValue(spec, value);
      } catch (err) {
        if (strict) throw err;
        log.warn({ voice: voice.name, param, err: (err as Error).message }, 'dropping a saved voice entry');
      }
    }
    return { ...voice, params: kept };
  }

  async #load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new InkverseError('INKVERSE_E_CONFIG', `Voices file ${this.path} cannot be read: ${(err as Error).message}.`, { cause: err });
    }
    let parsed: z.infer<typeof VoicesFileSchema> | undefined;
    try {
      parsed = VoicesFileSchema.parse(JSON.parse(text));
    } catch (err) {
      const aside = `${this.path}.corrupt-${Math.round(this.#o.clock.now())}`;
      await rename(this.path, aside);
      log.error({ err, movedTo: aside }, 'voices file is corrupt; moved aside, starting with the built-in voices');
      return;
    }
    this.#saved = parsed.voices.map((v) => this.#checkVoice(v.doc === undefined ? { name: v.name, params: v.params } : v, 'saved', false));
  }

  async #write(voices: Voice[]): Promise<void> {
    await mkdir(path.dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, JSON.stringify({ version: 1, voices }, null, 2) + '\n');
    this.#saved = voices;
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
