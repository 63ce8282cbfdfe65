/**
 * @module presets: saved parameter sets ("presets", a performer's style), persisted as JSON in the data
 * folder and recalled by name with a crossfade of numeric parameters over time. Node only (file I/O).
 * Until the rename these were called "voices" (`voices.json`); that file is still read when there is no
 * `presets.json`, so an installation keeps the sets it saved.
 */
import { unknownNameMessage } from '../../protocol/unknownName.ts';
import { PRESET_FADE_MAX_S, PresetFadeSchema, PresetNameSchema } from '../../protocol/limits.ts';
import { mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { logger } from '../log.ts';
import { validateParamValue, type Milliseconds, type ParamValues, type Seconds } from '../../protocol/paramSpec.ts';
import type { ControlSurface, ParamOrigin } from './controlSurface.ts';
import { ParamRamps, type RampHandle } from './paramRamps.ts';
import { BUILTIN_PRESETS } from './builtinPresets.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

const log = logger('presets');

export interface Preset {
  /** Name shown in the console and used by `/inkverse/preset <name>`. */
  name: string;
  /** Parameter values to recall; parameters not listed keep their value. */
  params: ParamValues;
  /** One line for the console. */
  doc?: string;
}

/** File name of the saved presets inside the data folder. */
export const PRESETS_FILE = 'presets.json';
/** The file older versions saved presets to (as "voices"); read when `PRESETS_FILE` is absent, never written. */
export const LEGACY_PRESETS_FILE = 'voices.json';

const PresetEntrySchema = z.strictObject({
  name: PresetNameSchema,
  params: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
  doc: z.string().max(500).optional(),
});

/** The file's shape: version 2 (`presets`), or version 1 as written before the rename (`voices`). */
export const PresetsFileSchema = z.union([
  z.strictObject({ version: z.literal(2), presets: z.array(PresetEntrySchema) }),
  z.strictObject({ version: z.literal(1), voices: z.array(PresetEntrySchema) }),
]);

export interface PresetsOptions {
  /** Data folder holding the presets file (created on first save). */
  dir: string;
  /** The live parameters presets are saved from and recalled into. */
  store: ControlSurface;
  /** Time source of crossfades (a manual clock in tests). */
  clock: Clock;
  /** Presets every installation has; a saved preset of the same name takes precedence. */
  builtins: readonly Preset[];
  /** Crossfade length when a recall names none, in seconds. */
  fadeSeconds: Seconds;
  /** Interval between crossfade steps, in milliseconds. */
  tickMs: Milliseconds;
  /** File name inside `dir`. */
  fileName: string;
  /** File name inside `dir` read when `fileName` does not exist (what older versions wrote). */
  legacyFileName: string;
  /** Origin reported for parameter changes made by recalls. */
  origin: ParamOrigin;
}

const DEFAULTS = {
  builtins: BUILTIN_PRESETS,
  fadeSeconds: 2,
  tickMs: 16,
  fileName: PRESETS_FILE,
  legacyFileName: LEGACY_PRESETS_FILE,
  origin: 'preset',
} satisfies Partial<PresetsOptions>;

/** The presets of one installation. Create with `Presets.open()`; `dispose()` stops a running fade. */
export class Presets {
  readonly #o: PresetsOptions;
  /** Absolute path of the presets file. */
  readonly path: string;
  #saved: Preset[] = [];
  /** Crossfades; a performer moving a fader mid-fade takes that parameter over, the fade carries on with the rest. */
  readonly #ramps: ParamRamps;
  #fade: RampHandle | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(o: PresetsOptions) {
    this.#o = o;
    this.path = path.resolve(o.dir, o.fileName);
    for (const p of o.builtins) this.#checkPreset(p, 'built-in');
    this.#ramps = new ParamRamps({ store: o.store, clock: o.clock, tickMs: o.tickMs });
  }

  /**
   * Loads the saved presets (from the legacy `voices.json` when there is no presets file yet). A corrupt file
   * is moved aside (`presets.json.corrupt-<ms>`) and logged, so an unattended installation keeps its built-in
   * presets instead of failing to start; entries naming unknown parameters or values out of range are dropped
   * with a warning.
   */
  static async open(options: Pick<PresetsOptions, 'dir' | 'store' | 'clock'> & Partial<PresetsOptions>): Promise<Presets> {
    const presets = new Presets({ ...DEFAULTS, ...options });
    await presets.#load();
    return presets;
  }

  /** Names of all presets: built-ins first, then saved ones, without duplicates. */
  names(): string[] {
    return [...new Set([...this.#o.builtins.map((p) => p.name), ...this.#saved.map((p) => p.name)])];
  }

  /** A preset by name (a saved one before a built-in of the same name). */
  get(name: string): Preset | undefined {
    return this.#saved.find((p) => p.name === name) ?? this.#o.builtins.find((p) => p.name === name);
  }

  /** True while a crossfade is running. */
  get fading(): boolean {
    return this.#fade !== undefined;
  }

  /**
   * Saves the current parameters (or `params`) as a preset, replacing a saved preset of that name.
   * Throws `INKVERSE_E_BAD_REQUEST` for a name outside `PresetNameSchema` (protocol/limits.ts), `INKVERSE_E_PARAM_RANGE` / `INKVERSE_E_UNKNOWN_PARAM` for bad values.
   */
  save(name: string, params: ParamValues = this.#o.store.snapshot(), doc?: string): Promise<Preset> {
    const parsed = PresetNameSchema.safeParse(name);
    if (!parsed.success) throw new InkverseError('INKVERSE_E_BAD_REQUEST', `A preset name is 1 to 32 letters, digits, _, - or inner spaces; got ${JSON.stringify(name)}.`);
    const preset: Preset = doc === undefined ? { name: parsed.data, params: { ...params } } : { name: parsed.data, params: { ...params }, doc };
    this.#checkPreset(preset, 'saved', true);
    return this.#enqueue(async () => {
      await this.#write([...this.#saved.filter((p) => p.name !== preset.name), preset]);
      return preset;
    });
  }

  /** Deletes a saved preset; returns false when there was none (built-ins cannot be deleted). */
  remove(name: string): Promise<boolean> {
    return this.#enqueue(async () => {
      if (!this.#saved.some((p) => p.name === name)) return false;
      await this.#write(this.#saved.filter((p) => p.name !== name));
      return true;
    });
  }

  /**
   * Recalls a preset: non-numeric parameters switch at once, numeric ones move linearly from their current
   * values over `fadeSeconds` (default from options; 0 = at once). A new recall cancels a running one.
   * The promise resolves when the fade ends or is cancelled. Throws synchronously `INKVERSE_E_UNKNOWN_PRESET`
   * listing the known presets, or `INKVERSE_E_BAD_REQUEST` for a negative or non-finite fade.
   */
  recall(name: string, fadeSeconds: Seconds = this.#o.fadeSeconds): Promise<void> {
    const preset = this.get(name);
    if (!preset) {
      throw new InkverseError('INKVERSE_E_UNKNOWN_PRESET', unknownNameMessage('preset', name, this.names()));
    }
    if (!PresetFadeSchema.safeParse(fadeSeconds).success) {
      throw new InkverseError('INKVERSE_E_BAD_REQUEST', `A preset fade must be 0 to ${PRESET_FADE_MAX_S} seconds; got ${fadeSeconds}.`);
    }
    this.cancel();
    const { store } = this.#o;
    const to: Record<string, number> = {};
    const now: ParamValues = {};
    for (const [param, value] of Object.entries(preset.params)) {
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
  #checkPreset(preset: Preset, kind: string, strict = true): Preset {
    const kept: ParamValues = {};
    for (const [param, value] of Object.entries(preset.params)) {
      const spec = this.#o.store.spec(param);
      try {
        if (!spec) {
          throw new InkverseError('INKVERSE_E_UNKNOWN_PARAM', `In ${kind} preset "${preset.name}": ${unknownNameMessage('parameter', param, this.#o.store.table.map((s) => s.name))}`);
        }
        kept[param] = validateParamValue(spec, value);
      } catch (err) {
        if (strict) throw err;
        log.warn({ preset: preset.name, param, err: (err as Error).message }, 'dropping a saved preset entry');
      }
    }
    return { ...preset, params: kept };
  }

  /** The presets file's text and path, or the legacy file's when there is no presets file; undefined when neither exists. */
  async #read(): Promise<{ text: string; file: string } | undefined> {
    for (const file of [this.path, path.resolve(this.#o.dir, this.#o.legacyFileName)]) {
      try {
        return { text: await readFile(file, 'utf8'), file };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw new InkverseError('INKVERSE_E_CONFIG', `Presets file ${file} cannot be read: ${(err as Error).message}.`, { cause: err });
      }
    }
    return undefined;
  }

  async #load(): Promise<void> {
    const found = await this.#read();
    if (!found) return;
    let parsed: z.infer<typeof PresetsFileSchema> | undefined;
    try {
      parsed = PresetsFileSchema.parse(JSON.parse(found.text));
    } catch (err) {
      const aside = `${found.file}.corrupt-${Math.round(this.#o.clock.now())}`;
      await rename(found.file, aside);
      log.error({ err, movedTo: aside }, 'presets file is corrupt; moved aside, starting with the built-in presets');
      return;
    }
    const entries = 'presets' in parsed ? parsed.presets : parsed.voices;
    if (found.file !== this.path) {
      log.info({ from: found.file, to: this.path, presets: entries.length }, 'read the saved presets from the file older versions wrote (as "voices"); the next save writes the new file');
    }
    this.#saved = entries.map((p) => this.#checkPreset(p.doc === undefined ? { name: p.name, params: p.params } : p, 'saved', false));
  }

  async #write(presets: Preset[]): Promise<void> {
    await mkdir(path.dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, JSON.stringify({ version: 2, presets }, null, 2) + '\n');
    this.#saved = presets;
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
