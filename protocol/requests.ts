/**
 * @module requests: the one table of everything clients may send over socket.io: for each event, the
 * namespaces that take it and whether it needs the token there (`access`; an entry without one is a console
 * action that needs the token), its payload schema, and how its shape reads in an error. The payload types of
 * `ClientToServerEvents` are derived from it, so a request is declared once. A bad payload is answered with
 * `INKVERSE_E_BAD_REQUEST` naming the event and the shape it takes.
 */
import { z } from 'zod';
import { InkverseError } from './errors.ts';
import { formatIssues } from './formatIssues.ts';
import { PRESET_FADE_SHAPE, PRESET_NAME_SHAPE, PresetFadeSchema, PresetNameSchema } from './limits.ts';
import { MappingSchema } from './mappingSchema.ts';
import { PROMPT_MODES, type Namespace } from './events.ts';
import { LINE_ALTERNATIVES_SHAPE, LineAlternativesSchema, VERSE_CONTINUE_SHAPE, VERSE_REVISE_SHAPE, VerseContinueSchema, VerseReviseSchema } from './coCreation.ts';

/** Who may send an event on a namespace: anyone connected (`open`) or a console holding the token (`token`). */
export type Access = Partial<Record<Namespace, 'open' | 'token'>>;

/** Every page may ask for the state again (rate-limited). */
const EVERY_PAGE: Access = { '/kiosk': 'open', '/display': 'open', '/sound': 'open', '/console': 'open', '/follow': 'open' };
/** The default: a console action that needs the token. */
export const CONSOLE_ONLY: Access = { '/console': 'token' };

export const REQUESTS = {
  'prompt:submit': { schema: z.strictObject({ text: z.string(), mode: z.enum(PROMPT_MODES).optional() }), shape: `{ text: string, mode?: ${PROMPT_MODES.map((m) => `"${m}"`).join(' | ')} }`, access: { '/kiosk': 'open', '/console': 'token' } },
  'prompt:status': { schema: z.strictObject({ ids: z.array(z.string().max(100)).max(32) }), shape: '{ ids: string[] (at most 32) }', access: { '/kiosk': 'open' } },
  'state:resume': { schema: z.strictObject({ id: z.string().max(100), fromSeq: z.number().int().min(0) }), shape: '{ id: string, fromSeq: number }', access: EVERY_PAGE },
  'params:set': { schema: z.record(z.string().max(64), z.union([z.number(), z.boolean(), z.string().max(64)])), shape: '{ name: value, ... }' },
  // A scene's parameters are set like any other, by qualified name with `params:set` (`scene.ink.bleed`).
  'scene:set': { schema: z.strictObject({ name: z.string().max(64), display: z.string().max(64).optional() }), shape: '{ name: string, display?: string }' },
  'verse:skip': { schema: z.unknown(), shape: '(nothing)' },
  'queue:remove': { schema: z.strictObject({ id: z.string().max(100) }), shape: '{ id: string }' },
  'verse:inject': { schema: z.strictObject({ text: z.string() }), shape: '{ text: string }' },
  'preset:recall': { schema: z.strictObject({ name: PresetNameSchema, fade: PresetFadeSchema.optional() }), shape: `{ name: string, fade?: ${PRESET_FADE_SHAPE} }` },
  'model:switch': { schema: z.strictObject({ name: z.string().min(1).max(200) }), shape: '{ name: string (an installed model) }' },
  'preset:save': { schema: z.strictObject({ name: PresetNameSchema }), shape: `{ name: ${PRESET_NAME_SHAPE} }` },
  'mapping:save': { schema: MappingSchema, shape: 'a mapping { address | midi, param | action, ... }' },
  'mapping:remove': { schema: MappingSchema, shape: 'a mapping { address | midi, param | action, ... }' },
  'midi:message': { schema: z.strictObject({ data: z.array(z.number().int().min(0).max(255)).min(1).max(3) }), shape: '{ data: [status, data1, data2] }' },
  // The kiosk's own requests, answered by server/visitorServices.ts.
  'kiosk:hello': { schema: z.union([z.strictObject({}), z.undefined(), z.null()]), shape: '{}', access: { '/kiosk': 'open' } },
  'pinyin:candidates': { schema: z.strictObject({ text: z.string().max(64) }), shape: '{ text: pinyin letters (at most 64) }', access: { '/kiosk': 'open' } },
  'sparks:get': { schema: z.strictObject({ text: z.string().max(200) }), shape: '{ text: string (at most 200) }', access: { '/kiosk': 'open' } },
  // Writing with the machine (server/coCreation.ts): a kiosk its own verses, the console any.
  'verse:revise': { schema: VerseReviseSchema, shape: VERSE_REVISE_SHAPE, access: { '/kiosk': 'open', '/console': 'token' } },
  'line:alternatives': { schema: LineAlternativesSchema, shape: LINE_ALTERNATIVES_SHAPE, access: { '/kiosk': 'open', '/console': 'token' } },
  'verse:continue': { schema: VerseContinueSchema, shape: VERSE_CONTINUE_SHAPE, access: { '/kiosk': 'open', '/console': 'token' } },
} as const satisfies Record<string, { schema: z.ZodType; shape: string; access?: Access }>;

export type RequestName = keyof typeof REQUESTS;

/** What a namespace's socket may send, and whether the token is needed for it. */
export function accessOf(event: string, ns: string): 'open' | 'token' | undefined {
  if (!Object.hasOwn(REQUESTS, event)) return undefined;
  const spec = REQUESTS[event as RequestName] as { access?: Access };
  return (spec.access ?? CONSOLE_ONLY)[ns as Namespace];
}

/** The events a namespace takes (for "it takes: ..." in refusals). */
export function eventsOf(ns: string): RequestName[] {
  return (Object.keys(REQUESTS) as RequestName[]).filter((e) => accessOf(e, ns) !== undefined);
}
/** A request's payload as the server handles it (after parsing). */
export type RequestPayload<K extends RequestName> = z.output<(typeof REQUESTS)[K]['schema']>;
/** A request's payload as a page sends it. */
export type RequestInput<K extends RequestName> = z.input<(typeof REQUESTS)[K]['schema']>;

/** Parses a payload or throws a plain sentence naming the event and the expected shape. */
export function parseRequest<K extends RequestName>(event: K, payload: unknown): RequestPayload<K> {
  const spec = REQUESTS[event];
  const result = spec.schema.safeParse(payload);
  if (!result.success) {
    throw new InkverseError('INKVERSE_E_BAD_REQUEST', `"${event}" takes ${spec.shape}; the payload was rejected: ${formatIssues(result.error.issues, { max: 3 })}.`);
  }
  return result.data as RequestPayload<K>;
}
