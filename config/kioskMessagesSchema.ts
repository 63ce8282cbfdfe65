/**
 * @module kioskMessagesSchema: validates the config's `kiosk.messages` (per language, any kiosk text): only texts
 * the kiosk has, strings only, and in a templated text only its own slots, so a typo is refused at start-up
 * naming the key and what it allows instead of showing `{nn}` to visitors.
 */
import { z } from 'zod';
import { MESSAGES } from '../scenes/kiosk/messages.ts';
import { TEMPLATE_SLOTS } from '../scenes/kiosk/messageOverrides.ts';

const text = z.string().min(1).max(1000);

/** A templated text: its `{slots}` must be among `slots`. */
function templated(slots: readonly string[]): z.ZodType<string> {
  return text.refine((s) => [...s.matchAll(/\{(\w+)\}/g)].every((m) => slots.includes(m[1]!)), {
    message: `may use only the slots ${slots.map((s) => `{${s}}`).join(', ')}`,
  });
}

function shape(base: Record<string, unknown>, prefix: string): z.ZodObject {
  const fields: Record<string, z.ZodType> = {};
  for (const [key, value] of Object.entries(base)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (path in TEMPLATE_SLOTS) fields[key] = templated(TEMPLATE_SLOTS[path as keyof typeof TEMPLATE_SLOTS]).optional();
    else if (typeof value === 'string') fields[key] = text.optional();
    else if (value && typeof value === 'object') fields[key] = shape(value as Record<string, unknown>, path).partial().optional();
  }
  return z.strictObject(fields);
}

// Every error code the kiosk words may be given, not only those the shipped languages word.
const base = { ...MESSAGES.en, errors: { ...MESSAGES.en.errors } } as unknown as Record<string, unknown>;

/** One language's overrides. */
export const KioskMessageOverridesSchema = shape(base, '').partial().extend({ errors: z.record(z.string().regex(/^(INKVERSE_E_[A-Z_]+|fallback)$/, 'an INKVERSE_E_* code or "fallback"'), text).optional() });

/** `kiosk.messages`: language code (`en`, `zh`, `fr`, `pt-BR`, ...) -> overrides. */
export const KioskMessagesSchema = z.record(z.string(), KioskMessageOverridesSchema).superRefine((messages, ctx) => {
  for (const key of Object.keys(messages)) {
    if (!/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'must be a language code such as "fr" or "pt-BR"' });
  }
});
