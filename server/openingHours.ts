/**
 * @module openingHours: whether the installation is open (config `hours`, the machine's local time), when
 * that changes next, and a timer that reports each change. Outside the hours the server pauses generation
 * (the verse being written finishes first) and tells every page (`hours` event) so displays can dim.
 */
import type { Clock } from '../engine/clock.ts';
import type { HoursPayload } from '../protocol/events.ts';

/** The config's `hours`: `"HH:MM"` times and the days open (0 = Sunday). */
export interface Hours {
  open: string;
  close: string;
  days: readonly number[];
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when `at` falls inside the hours. Hours that run past midnight belong to the day they open. */
export function isOpen(hours: Hours | undefined, at: Date): boolean {
  if (!hours) return true;
  const open = minutes(hours.open);
  const close = minutes(hours.close);
  const now = at.getHours() * 60 + at.getMinutes();
  const day = at.getDay();
  if (open === close) return hours.days.includes(day); // open all day
  if (open < close) return hours.days.includes(day) && now >= open && now < close;
  // Past midnight: open from `open` today, or until `close` if yesterday was an open day.
  return (hours.days.includes(day) && now >= open) || (hours.days.includes((day + 6) % 7) && now < close);
}

/** The next minute (ms since the epoch) at which `isOpen` changes, searching a week ahead; undefined when it never does. */
export function nextChange(hours: Hours | undefined, at: Date): number | undefined {
  if (!hours) return undefined;
  const now = isOpen(hours, at);
  const t = new Date(at);
  t.setSeconds(0, 0);
  for (let i = 0; i < 7 * 24 * 60; i++) {
    t.setMinutes(t.getMinutes() + 1);
    if (isOpen(hours, t) !== now) return t.getTime();
  }
  return undefined;
}

export interface OpeningHoursOptions {
  hours: Hours | undefined;
  clock: Clock;
  /** Called on every change (not at start). */
  onChange: (p: HoursPayload) => void;
}

/** Follows the hours with one timer at a time; `close()` stops it. */
export class OpeningHours {
  readonly #o: OpeningHoursOptions;
  readonly #stop = new AbortController();
  #state: HoursPayload;

  constructor(o: OpeningHoursOptions) {
    this.#o = o;
    this.#state = this.#compute();
    if (o.hours) void this.#follow();
  }

  get state(): HoursPayload {
    return this.#state;
  }

  close(): void {
    this.#stop.abort();
  }

  #compute(): HoursPayload {
    const at = new Date(this.#o.clock.now());
    const next = nextChange(this.#o.hours, at);
    return next === undefined ? { open: isOpen(this.#o.hours, at) } : { open: isOpen(this.#o.hours, at), next };
  }

  async #follow(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      // Waits at most an hour at a time, so a clock change (DST, NTP) is picked up within the hour.
      const wait = Math.min(3_600_000, Math.max(1000, (this.#state.next ?? Infinity) - this.#o.clock.now()));
      try {
        await this.#o.clock.sleep(wait, this.#stop.signal);
      } catch {
        return;
      }
      const next = this.#compute();
      const changed = next.open !== this.#state.open;
      this.#state = next;
      if (changed) this.#o.onChange(next);
    }
  }
}
