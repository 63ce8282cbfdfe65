/**
 * @module versePresence: linger and fade between verses. While a verse is written it is fully present;
 * after it ends it stays so for `display.linger` seconds, then eases down over FADE to a quiet trace
 * (never to nothing: the screen is never dead). Time comes in as the display's elapsed seconds.
 */
import type { ParamValues, Seconds } from '../../protocol/paramSpec.ts';
import type { VerseModel } from '../ui/verseModel.ts';

/** Seconds the fade from full to the trace takes. */
const FADE: Seconds = 25;
/** What remains of an old verse while the room waits for the next. */
export const TRACE = 0.22;

export class VersePresence {
  readonly #verse: VerseModel;
  readonly #display: Readonly<ParamValues>;
  #id: string | null = null;
  #endedAt: Seconds | null = null;

  constructor(verse: VerseModel, display: Readonly<ParamValues>) {
    this.#verse = verse;
    this.#display = display;
  }

  /** 1 = fully present, down to TRACE long after the verse ended. */
  at(elapsed: Seconds): number {
    const v = this.#verse;
    if (v.id !== this.#id) {
      this.#id = v.id;
      this.#endedAt = null;
    }
    if (!v.end) return 1;
    this.#endedAt ??= elapsed;
    const since = elapsed - this.#endedAt - Number(this.#display.linger ?? 40);
    if (since <= 0) return 1;
    const t = Math.min(1, since / FADE);
    return 1 - (1 - TRACE) * t * t * (3 - 2 * t);
  }
}
