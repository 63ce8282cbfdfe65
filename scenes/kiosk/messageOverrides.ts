/**
 * @module messageOverrides: a gallery's own kiosk texts. The config's `kiosk.messages` gives, per language, any
 * of the kiosk's texts as plain strings; texts that take values (a queue position, a poet and a poem) are written
 * as templates with named slots, e.g. `"position": "Vous êtes le numéro {n}."`. A language other than `en` and
 * `zh` starts from the English texts, so a new language needs only the texts it changes. Browser-safe.
 */
import { MESSAGES, type KioskMessages } from './messages.ts';

/** The slots each templated text may use, in the order its function takes them. */
export const TEMPLATE_SLOTS = {
  position: ['n'],
  countdown: ['seconds'],
  theme: ['theme'],
  copiedFrom: ['poet', 'title'],
  yoursFrom: ['poet', 'title'],
  newLines: ['fresh', 'all'],
  tooLong: ['max'],
  'page.theme': ['theme'],
  'page.source': ['poet', 'title', 'dynasty'],
  'page.share': ['fresh', 'all'],
  'page.writtenBy': ['model', 'time'],
} as const satisfies Record<string, readonly string[]>;

/** One language's overrides: flat keys (`heading`, `position`), `page.*` and `errors.*` and `modeNames.*` nested. */
export interface KioskMessageOverrides {
  [key: string]: string | Record<string, string> | undefined;
}

/** `"number {n}"` -> a function filling `{n}` from its arguments (unknown slots are left as written). */
export function template(text: string, slots: readonly string[]): (...args: unknown[]) => string {
  return (...args) => text.replace(/\{(\w+)\}/g, (whole, name: string) => (slots.includes(name) ? String(args[slots.indexOf(name)] ?? '') : whole));
}

function apply(base: Record<string, unknown>, over: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') out[key] = apply((base[key] ?? {}) as Record<string, unknown>, value as Record<string, unknown>, path);
    else if (typeof value === 'string') out[key] = path in TEMPLATE_SLOTS ? template(value, TEMPLATE_SLOTS[path as keyof typeof TEMPLATE_SLOTS]) : value;
  }
  return out;
}

/** The texts for `language`: the shipped ones (English for a language the kiosk does not ship) with `overrides` over them. */
export function messagesFor(language: string, overrides: Record<string, KioskMessageOverrides> = {}): KioskMessages {
  const base = language === 'zh' ? MESSAGES.zh : MESSAGES.en;
  const over = overrides[language];
  return over ? (apply(base as unknown as Record<string, unknown>, over, '') as unknown as KioskMessages) : base;
}
