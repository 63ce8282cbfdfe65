/**
 * @module paramChangeLog: the parameter changes that touched one verse, as the archive keeps them. Changes
 * that arrive at the same token from the same origin fold into one entry holding the last value of each
 * parameter (a fader sends hundreds of values between two tokens; only the last one shaped the next token),
 * and a verse keeps at most `maxEntries` entries; later ones are counted, not kept. So a performer's flood,
 * however fast and within the OSC rules, adds a bounded record to the archive.
 */
import type { ParamValues } from '../protocol/paramSpec.ts';
import type { ParamChangeRecord } from './archivedVerse.ts';
import type { ParamOrigin } from './control/controlSurface.ts';

export interface ParamChangeLogOptions {
  /** Most entries one verse keeps (each is one token's changes from one origin); default 500. */
  maxEntries: number;
}

const DEFAULTS = { maxEntries: 500 } satisfies ParamChangeLogOptions;

export class ParamChangeLog {
  /** The entries so far, oldest first (the array the journal and the archive write). */
  readonly entries: ParamChangeRecord[] = [];
  readonly #o: ParamChangeLogOptions;
  #dropped = 0;

  constructor(options: Partial<ParamChangeLogOptions> = {}) {
    this.#o = { ...DEFAULTS, ...options };
  }

  /** Changes left out because the verse had `maxEntries` already. */
  get dropped(): number {
    return this.#dropped;
  }

  /** A change arrived with `atToken` tokens written. */
  record(atToken: number, values: ParamValues, origin: ParamOrigin): void {
    // Entries of this token are at the end; one from the same origin takes the new values.
    for (let i = this.entries.length - 1; i >= 0 && this.entries[i]!.atToken === atToken; i--) {
      const e = this.entries[i]!;
      if (e.origin !== origin) continue;
      // Deleted first, so the entry lists its parameters in the order they last changed.
      for (const name of Object.keys(values)) delete e.values[name];
      Object.assign(e.values, values);
      return;
    }
    if (this.entries.length >= this.#o.maxEntries) {
      this.#dropped++;
      return;
    }
    this.entries.push({ atToken, values: { ...values }, origin });
  }
}
