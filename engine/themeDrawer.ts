/**
 * @module themeDrawer: what an attract verse is written about, so the room moves with the day. Themes come from
 * three sources: the moment (hour, season and date: sparks/timeThemes), the configured list, and the themes recent
 * visitors asked for; a source's weight is shared among its themes. No theme is written again within the last
 * `noRepeat` verses (visitors' verses count, and the archive's, so a restart keeps the window). A curator can pin or
 * weight themes for stretches of the opening hours. Draws are seeded; time comes from the Clock (local time).
 */
import type { Clock } from './clock.ts';
import { seededRng, type Rng } from './rng.ts';
import { timeThemes } from './sparks/timeThemes.ts';
import type { VerseSource, VerseStart } from '../protocol/events.ts';

export type ThemeSource = 'time' | 'configured' | 'visitors';
export type SourceWeights = Record<ThemeSource, number>;

/** A curator's rule for a stretch of the day (the config's `engine.attractDraw.hours`). */
export interface CuratorRule {
  /** `"HH:MM"`, local time; `to` before `from` runs past midnight; `from` equal to `to` is the whole day. */
  from: string;
  to: string;
  /** Days the rule holds, 0 = Sunday; default every day. */
  days?: readonly number[];
  /** Language of the rule's themes; default the installation's (a fallback model of another language ignores it). */
  language?: string;
  /** While the rule holds, only these (the least recently written first when all were written within `noRepeat`). */
  pin?: readonly string[];
  /** Multiplies a theme's weight (0 = never, 3 = three times as likely); a theme no source has joins as if configured. */
  weights?: Readonly<Record<string, number>>;
  /** Source weights while the rule holds. */
  sources?: Partial<SourceWeights>;
}

export interface ThemeDrawerOptions {
  clock: Clock;
  /** Seeds the draws (the loop's continued seed, so each start draws afresh). */
  seed: number;
  /** The installation's language (its model's). */
  language: string;
  /** The configured (or built-in) themes for a language. */
  configured: (language: string) => readonly string[];
  /** Verses within which a theme is not written again; default 8. */
  noRepeat?: number;
  /** Weight of each source; default 1 each. */
  sources?: Partial<SourceWeights>;
  rules?: readonly CuratorRule[];
  /** Recent visitor themes kept as a source; default 12. */
  visitorPool?: number;
  /** Themes of the verses before this start, newest first (from the archive). */
  recent?: ReadonlyArray<{ theme: string; source: VerseSource }>;
}

const DEFAULTS = {
  noRepeat: 8,
  sources: { time: 1, configured: 1, visitors: 1 },
  rules: [],
  visitorPool: 12,
} satisfies Partial<ThemeDrawerOptions>;

/** A visitor's prompt longer than this (characters) is a sentence, not a theme: it is not drawn again. */
const MAX_VISITOR_THEME = 24;

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const primary = (language: string): string => language.split('-')[0]!;

/** True when the rule holds at `at` (hours past midnight belong to the day they begin). */
export function ruleHolds(rule: CuratorRule, at: Date): boolean {
  const from = minutes(rule.from);
  const to = minutes(rule.to);
  const now = at.getHours() * 60 + at.getMinutes();
  const day = (d: number): boolean => !rule.days || rule.days.includes(d);
  if (from === to) return day(at.getDay());
  if (from < to) return day(at.getDay()) && now >= from && now < to;
  return (day(at.getDay()) && now >= from) || (day((at.getDay() + 6) % 7) && now < to);
}

export class ThemeDrawer {
  readonly #o: ThemeDrawerOptions & Required<Pick<ThemeDrawerOptions, 'noRepeat' | 'rules' | 'visitorPool'>> & { sources: SourceWeights };
  readonly #rng: Rng;
  /** Themes of the verses the room saw, newest first (at most noRepeat + visitorPool kept). */
  readonly #history: string[] = [];
  /** Distinct recent visitor themes, newest first. */
  readonly #visitors: string[] = [];

  constructor(options: ThemeDrawerOptions) {
    this.#o = { ...DEFAULTS, ...options, sources: { ...DEFAULTS.sources, ...options.sources } };
    this.#rng = seededRng(options.seed);
    for (const r of [...(options.recent ?? [])].reverse()) this.heard(r.theme, r.source);
  }

  /** The theme for the next attract verse in `language`. */
  draw(language: string): string {
    const at = new Date(this.#o.clock.now());
    const rules = this.#o.rules.filter((r) => primary(r.language ?? this.#o.language) === primary(language) && ruleHolds(r, at));
    const weights = this.#candidates(language, at, rules);
    const recent = new Set(this.#history.slice(0, this.#o.noRepeat));
    const allowed = [...weights].filter(([, w]) => w > 0);
    const fresh = allowed.filter(([t]) => !recent.has(t));
    if (fresh.length > 0) return this.#pick(fresh);
    // Every candidate was written lately (a short pin list): the one written longest ago.
    const age = (t: string): number => (this.#history.includes(t) ? this.#history.indexOf(t) : Infinity);
    const oldest = allowed.sort(([a], [b]) => age(b) - age(a))[0];
    return oldest?.[0] ?? this.#o.configured(language)[0]!;
  }

  /** A verse began on `theme`: it counts against repeats, and a visitor's joins the visitors' source. */
  heard(theme: string, source: VerseSource): void {
    const text = theme.trim();
    if (!text) return;
    this.#history.unshift(text);
    this.#history.length = Math.min(this.#history.length, this.#o.noRepeat + this.#o.visitorPool);
    if (source !== 'visitor' || [...text].length > MAX_VISITOR_THEME) return;
    const at = this.#visitors.indexOf(text);
    if (at !== -1) this.#visitors.splice(at, 1);
    this.#visitors.unshift(text);
    this.#visitors.length = Math.min(this.#visitors.length, this.#o.visitorPool);
  }

  /** Hears every verse the loop starts (a replay is not a new verse); returns the unsubscribe. */
  follow(events: { on(event: 'verse:start', listener: (s: VerseStart) => void): () => void }): () => void {
    return events.on('verse:start', (s) => void (!s.replay && this.heard(s.theme ?? s.prompt, s.source)));
  }

  #candidates(language: string, at: Date, rules: readonly CuratorRule[]): Map<string, number> {
    const sources: SourceWeights = Object.assign({ ...this.#o.sources }, ...rules.map((r) => r.sources ?? {}));
    const pins = rules.flatMap((r) => r.pin ?? []);
    const configured = this.#o.configured(language);
    const weights = new Map<string, number>();
    const add = (themes: readonly string[], weight: number): void => {
      const distinct = [...new Set(themes)];
      for (const t of distinct) weights.set(t, (weights.get(t) ?? 0) + weight / distinct.length);
    };
    if (pins.length > 0) add(pins, pins.length);
    else {
      const time = timeThemes(language, at);
      // The hour, the season and the date share the moment's weight equally, so the day's one date theme is heard.
      for (const part of [time.hour, time.season, time.date]) add(part, sources.time / 3);
      add(configured, sources.configured);
      if (primary(language) === primary(this.#o.language) && this.#visitors.length > 0) add(this.#visitors, sources.visitors);
    }
    // A weighted theme no source has joins as if configured, unless a pin holds (then only the pins are drawn).
    const joining = pins.length > 0 ? 0 : sources.configured / Math.max(1, configured.length);
    for (const r of rules) for (const [t, k] of Object.entries(r.weights ?? {})) if (weights.has(t) || joining > 0) weights.set(t, (weights.get(t) ?? joining) * k);
    return weights;
  }

  #pick(entries: ReadonlyArray<[string, number]>): string {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.#rng() * total;
    for (const [t, w] of entries) if ((r -= w) < 0) return t;
    return entries.at(-1)![0];
  }
}
