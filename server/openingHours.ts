/**
 * @module openingHours: whether the installation is open (config `hours`, the machine's local time), when
 * that changes next, and a timer that reports each change. Outside the hours the server pauses generation
 * (the verse being written finishes first) and tells every page (`hours` event) so displays can dim.
 */
import type { Clock } from '../engine/clock.ts';
import type { HoursPayload } from '../protocol/events.ts';

/** The config's `hours`: `"HH:MM"` times, the days open (0 = Sunday) and the dates closed. */
export interface Hours {
  open: string;
  close: string;
  days: readonly number[];
  /** Closure dates, local: `"2026-12-25"` or a range `"2026-12-24/2026-12-26"` (both ends closed). */
  closed?: readonly string[];
}

/** `at`'s local date as `YYYY-MM-DD` (comparable as a string). */
function localDate(at: Date): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

/** Whether the hours that open on `day` (a local date) are cancelled by a closure date. */
function closedOn(hours: Hours, day: Date): boolean {
  const d = localDate(day);
  return (hours.closed ?? []).some((c) => {
    const [from, to = from] = c.split('/');
    return d >= from! && d <= to!;
  });
}

/** The day before `at`, same clock time. */
function dayBefore(at: Date): Date {
  const d = new Date(at);
  d.setDate(d.getDate() - 1);
  return d;
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when `at` falls inside the hours. Hours that run past midnight belong to the day they open. */
export function isOpen(hours: Hours | undefined, at: Date): boolean {
  if (!hours) return true;
  const open = minutes(hours.open);
  const close = minutes(hours.close);
  const now = at.getHours() * 60 + at.getMinutes();
  const day = at.getDay();
  const today = hours.days.includes(day) && !closedOn(hours, at);
  if (open === close) return today; // open all day
  if (open < close) return today && now >= open && now < close;
  // Past midnight: open from `open` today, or until `close` if yesterday was an open day (and not a closure date).
  return (today && now >= open) || (hours.days.includes((day + 6) % 7) && !closedOn(hours, dayBefore(at)) && now < close);
}

/** The next minute (ms since the epoch) at which `isOpen` changes, searching a week ahead; undefined when it does not within the week (a long closure: the follower looks again hourly). */
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
