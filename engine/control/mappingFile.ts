/**
 * @module mappingFile: persists learned controller mappings to `mappings.local.json` in the config folder,
 * validated with zod on load and written atomically, so what a performer learned survives a restart.
 * Node only. Merge with the config's `osc.mappings` through `mergeMappings` (learned ones win per source).
 */
import { formatIssues } from '../../protocol/formatIssues.ts';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InkverseError } from '../../protocol/errors.ts';
import { MappingSchema, deprecatedMappingActions, type Mapping } from '../../protocol/mappingSchema.ts';
import { logger } from '../log.ts';
import { mappingSourceKey, mergeMappings } from './mergeMappings.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

const log = logger('mappings');

/**
 * Logs one deprecation warning per mapping in `raw` (a mapping list as read from JSON) that names an action by its
 * old name (`"voice"`, now `"preset"`); the mapping itself still works. `where` names the file or config key.
 */
export function warnDeprecatedActions(where: string, raw: unknown): void {
  for (const d of deprecatedMappingActions(raw)) {
    log.warn({ where, mapping: d.index, action: d.action, use: d.use }, `${where}: mapping ${d.index} uses the action "${d.action}", deprecated: write "${d.use}" (it works the same for now)`);
  }
}

/** File name of the learned mappings inside the config folder. */
export const LEARNED_MAPPINGS_FILE = 'mappings.local.json';

/** The file's shape; `version` leaves room for migrations. */
export const MappingFileSchema = z.strictObject({
  version: z.literal(1),
  /** Controller mapping files (config/midi/*.json): the controller the mappings are laid out for. Learned files leave it out. */
  controller: z.string().max(200).optional(),
  /** Controller mapping files: which control does what, in a sentence or two. */
  about: z.string().max(2000).optional(),
  mappings: z.array(MappingSchema),
});

export interface MappingFileOptions {
  /** Config folder holding the file (created on first save). */
  dir: string;
  /** File name inside `dir`. */
  fileName: string;
}

const DEFAULTS = {
  fileName: LEARNED_MAPPINGS_FILE,
} satisfies Partial<MappingFileOptions>;

/** The learned mappings of one installation: load once, then upsert/remove; every change is saved at once. */
export class MappingFile {
  /** Absolute path of the file. */
  readonly path: string;
  #mappings: Mapping[] | undefined;
  /** Serialises saves, so concurrent upserts apply in call order and never interleave writes. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: Pick<MappingFileOptions, 'dir'> & Partial<MappingFileOptions>) {
    const o = { ...DEFAULTS, ...options };
    this.path = path.resolve(o.dir, o.fileName);
  }

  /**
   * Reads and validates the file; a missing file is an empty list. Throws `INKVERSE_E_CONFIG` naming the
   * file and the bad entry when it is not valid JSON or not a valid mapping list.
   */
  async load(): Promise<Mapping[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return (this.#mappings = []).slice();
      throw new InkverseError('INKVERSE_E_CONFIG', `Learned mappings ${this.path} cannot be read: ${(err as Error).message}.`, { cause: err });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new InkverseError('INKVERSE_E_CONFIG', `Learned mappings ${this.path} are not valid JSON (${(err as Error).message}); fix or delete the file.`, { cause: err });
    }
    const result = MappingFileSchema.safeParse(raw);
    if (!result.success) {
      const detail = formatIssues(result.error.issues);
      throw new InkverseError('INKVERSE_E_CONFIG', `Learned mappings ${this.path} are invalid: ${detail}; fix or delete the file.`);
    }
    warnDeprecatedActions(this.path, (raw as { mappings?: unknown }).mappings);
    this.#mappings = result.data.mappings;
    return this.#mappings.slice();
  }

  /** The learned mappings as last loaded or saved (empty before `load()`). */
  list(): Mapping[] {
    return (this.#mappings ?? []).slice();
  }

  /** The mappings in force: `configured` with learned ones replacing those on the same source. */
  merged(configured: readonly Mapping[]): Mapping[] {
    return mergeMappings(configured, this.list());
  }

  /** Replaces the whole list (validated) and writes it atomically. */
  save(mappings: readonly Mapping[]): Promise<Mapping[]> {
    return this.#enqueue(async () => this.#write(mappings.map((m) => this.#validate(m))));
  }

  /** Adds a mapping, replacing any learned mapping on the same source; returns the new list. */
  upsert(mapping: Mapping): Promise<Mapping[]> {
    return this.#enqueue(async () => {
      const valid = this.#validate(mapping);
      const key = mappingSourceKey(valid);
      const current = this.#mappings ?? (await this.load());
      return this.#write([...current.filter((m) => mappingSourceKey(m) !== key), valid]);
    });
  }

  /** Removes the learned mapping on the same source as `source` (no-op when none); returns the new list. */
  remove(source: Pick<Mapping, 'address' | 'midi'>): Promise<Mapping[]> {
    return this.#enqueue(async () => {
      const key = mappingSourceKey(source);
      const current = this.#mappings ?? (await this.load());
      const next = current.filter((m) => mappingSourceKey(m) !== key);
      return next.length === current.length ? current.slice() : this.#write(next);
    });
  }

  #validate(mapping: unknown): Mapping {
    const result = MappingSchema.safeParse(mapping);
    if (result.success) return result.data;
    const detail = formatIssues(result.error.issues);
    throw new InkverseError('INKVERSE_E_BAD_REQUEST', `Invalid mapping: ${detail}`);
  }

  async #write(mappings: Mapping[]): Promise<Mapping[]> {
    await mkdir(path.dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, JSON.stringify({ version: 1, mappings }, null, 2) + '\n');
    this.#mappings = mappings;
    return mappings.slice();
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
