/**
 * @module socketRequests: validation of everything clients send over socket.io. Each event's payload is
 * checked with zod; a bad one is answered with `INKVERSE_E_BAD_REQUEST` naming the event and the shape it takes.
 */
import { z } from 'zod';
import { InkverseError } from '../protocol/errors.ts';
import { formatIssues } from '../protocol/formatIssues.ts';
import { VOICE_FADE_SHAPE, VOICE_NAME_SHAPE, VoiceFadeSchema, VoiceNameSchema } from '../protocol/limits.ts';
import { MappingSchema } from '../protocol/mappingSchema.ts';

export const REQUESTS = {
  'prompt:submit': { schema: z.strictObject({ text: z.string() }), shape: '{ text: string }' },
  'prompt:status': { schema: z.strictObject({ ids: z.array(z.string().max(100)).max(32) }), shape: '{ ids: string[] (at most 32) }' },
  'state:resume': { schema: z.strictObject({ id: z.string().max(100), fromSeq: z.number().int().min(0) }), shape: '{ id: string, fromSeq: number }' },
  'params:set': { schema: z.record(z.string().max(64), z.union([z.number(), z.boolean(), z.string().max(64)])), shape: '{ name: value, ... }' },
  'scene:set': { schema: z.strictObject({ name: z.string().max(64), params: z.record(z.string(), z.unknown()).optional(), display: z.string().max(64).optional() }), shape: '{ name: string, params?: object, display?: string }' },
  'verse:skip': { schema: z.unknown(), shape: '(nothing)' },
  'queue:remove': { schema: z.strictObject({ id: z.string().max(100) }), shape: '{ id: string }' },
  'verse:inject': { schema: z.strictObject({ text: z.string() }), shape: '{ text: string }' },
  'voice:recall': { schema: z.strictObject({ name: VoiceNameSchema, fade: VoiceFadeSchema.optional() }), shape: `{ name: string, fade?: ${VOICE_FADE_SHAPE} }` },
  'voice:save': { schema: z.strictObject({ name: VoiceNameSchema }), shape: `{ name: ${VOICE_NAME_SHAPE} }` },
  'mapping:save': { schema: MappingSchema, shape: 'a mapping { address | midi, param | action, ... }' },
  'mapping:remove': { schema: MappingSchema, shape: 'a mapping { address | midi, param | action, ... }' },
  'midi:message': { schema: z.strictObject({ data: z.array(z.number().int().min(0).max(255)).min(1).max(3) }), shape: '{ data: [status, data1, data2] }' },
  // The kiosk's own requests, answered by server/visitorServices.ts.
  'kiosk:hello': { schema: z.union([z.strictObject({}), z.undefined(), z.null()]), shape: '{}', access: { '/kiosk': 'open' } },
  'pinyin:candidates': { schema: z.strictObject({ text: z.string().max(64) }), shape: '{ text: pinyin letters (at most 64) }', access: { '/kiosk': 'open' } },
  'sparks:get': { schema: z.strictObject({ text: z.string().max(200) }), shape: '{ text: string (at most 200) }', access: { '/kiosk': 'open' } },
} as const;

export type RequestName = keyof typeof REQUESTS;
export type RequestPayload<K extends RequestName> = z.infer<(typeof REQUESTS)[K]['schema']>;

/** Parses a payload or throws a plain sentence naming the event and the expected shape. */
export function parseRequest<K extends RequestName>(event: K, payload: unknown): RequestPayload<K> {
  const spec = REQUESTS[event];
  const result = spec.schema.safeParse(payload);
  if (!result.success) {
    throw new InkverseError('INKVERSE_E_BAD_REQUEST', `"${event}" takes ${spec.shape}; the payload was rejected: ${formatIssues(result.error.issues, { max: 3 })}.`);
  }
  return result.data as RequestPayload<K>;
}
