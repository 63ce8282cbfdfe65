/**
 * @module config schema: every key of an installation config, its default and what it allows.
 * A config file is validated whole at start-up; a bad key stops start-up with its path and the allowed values.
 */
import { z } from 'zod';
import { MappingSchema } from '../protocol/mappingSchema.ts';
import { KioskMessagesSchema } from './kioskMessagesSchema.ts';

import { DEVICES, DTYPES } from '../protocol/devices.ts';
import { GENERATOR_BACKENDS } from '../engine/generatorBackends.ts';

export { DEVICES, DTYPES, type Device, type Dtype } from '../protocol/devices.ts';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.number().int().min(0).max(65535);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like "10:00"');
const attractTheme = z.string().trim().min(1).max(200);
const sourceWeight = z.number().min(0).max(100);
const sourceWeights = z.strictObject({ time: sourceWeight.default(1), configured: sourceWeight.default(1), visitors: sourceWeight.default(1) });

export const ConfigSchema = z.strictObject({
  /** The JSON Schema an editor checks this file against (`npm run config:schema` writes it); ignored by the server. */
  $schema: z.string().optional(),
  server: z
    .strictObject({
      /** HTTP + socket.io port (env PORT); default 8080. */
      port: port.default(8080),
      /** Interface to listen on; default all interfaces, so projectors on the LAN can connect. */
      host: z.string().default('0.0.0.0'),
      /** Console token (env INKVERSE_TOKEN); without one the console is read-only and every action is refused. */
      token: z.string().min(8).optional(),
      /** Extra origins allowed to open socket.io connections, e.g. `["http://kiosk.local:8080"]`; this server's own pages are always allowed. */
      origins: z.array(z.string().url()).default([]),
      /** When true, `/metrics` and `/api/verses` need the token (`Authorization: Bearer <token>`). */
      protectEndpoints: z.boolean().default(false),
      /** A socket whose unsent data passes this many bytes (a reader that stopped reading) is disconnected; default 4 MiB. */
      maxBufferedBytes: z.number().int().min(64 * 1024).max(1 << 30).default(4 * 1024 * 1024),
    })
    .prefault({}),
  model: z
    .strictObject({
      /** Folder name under `models/` (or an absolute path); default the built-in Tang model. */
      name: z.string().min(1).default('tang-poet-zh'),
      /** Where inference runs; `auto` measures the available devices at warm-up and keeps the fastest. */
      device: z.enum(DEVICES).default('cpu'),
      /** Weight precision; `auto` takes the model's own default. */
      dtype: z.enum(DTYPES).default('auto'),
      /** CPU threads for inference; 0 = all cores but one (the server keeps one). */
      threads: z.number().int().min(0).max(256).default(0),
      /** Folder holding model folders; default `models` in the project. */
      dir: z.string().optional(),
      /**
       * The style fader's second model (a name under `models/` or a path), with the model's tokenizer (a tuned model
       * and its base): the live parameter `blend` mixes the two token by token. Unset: `blend` has no effect.
       */
      blend: z.string().min(1).optional(),
      /**
       * Who runs the model: `transformers` (transformers.js in a worker thread, weights from the model folder), or `openai`
       * (an OpenAI-compatible completions server, see the `openai` section; the model folder gives the verse profile, the fallbacks run here).
       */
      backend: z.enum(GENERATOR_BACKENDS).default('transformers'),
      /**
       * What writes when the model cannot, tried in order: `{ "device": "cpu" }` (the same model on the CPU),
       * `{ "name": "verse-en" }` (another model; device default cpu), `"replay"` (archived verses, marked as replays).
       */
      fallback: z
        .array(z.union([z.literal('replay'), z.strictObject({ name: z.string().min(1).optional(), device: z.enum(DEVICES).default('cpu') })]))
        .max(8)
        .default([{ device: 'cpu' }, { name: 'verse-en', device: 'cpu' }, 'replay']),
      supervision: z
        .strictObject({
          /** Seconds without a token while writing before the generator counts as hung and is restarted; default 20. */
          tokenTimeout: z.number().min(0.05).max(3600).default(20),
          /** Seconds a model load may take before it counts as hung; default 300. */
          loadTimeout: z.number().min(0.05).max(7200).default(300),
          /** Seconds before the first retry after a failure; doubles per failure in a row; default 1. */
          retryMin: z.number().min(0.01).max(3600).default(1),
          /** Longest wait between retries, in seconds (a fixed model file heals the room within this); default 60. */
          retryMax: z.number().min(0.01).max(86_400).default(60),
          /** Verses in a row ending in an error before the generator is restarted; default 3. */
          maxErrors: z.number().int().min(1).max(100).default(3),
        })
        .prefault({}),
    })
    .prefault({}),
  /** The inference server of `model.backend: "openai"` (llama-server, vLLM, Ollama): needed for that backend, ignored otherwise. */
  openai: z
    .strictObject({
      /** Base URL, e.g. `http://gpu-box:8080` (`/v1/completions` is added; a URL ending in `/v1` is taken as is). */
      url: z.string().url().refine((u) => /^https?:\/\//.test(u), 'an http:// or https:// URL'),
      /** The model name the server serves (`model` in each request), e.g. `qwen2.5-7b`. */
      model: z.string().min(1).max(200),
      /** Sent as `Authorization: Bearer`; better given as env INKVERSE_OPENAI_API_KEY than written in the file. */
      apiKey: z.string().min(1).max(500).optional(),
      /** Tries of one request in a row (refused connection, stream cut mid-way) before falling back; default 3. */
      retries: z.number().int().min(1).max(20).default(3),
      /** Seconds before the second try; doubles per try; default 0.5. */
      retryMin: z.number().min(0.01).max(60).default(0.5),
      /** Alternatives asked per token for its log-probability and entropy (`logprobs`); 0 asks for none (drafting off); default 5. */
      logprobs: z.number().int().min(0).max(20).default(5),
    })
    .optional(),
  engine: z
    .strictObject({
      /** Seed of a fresh installation's first verse; verse n uses seed + n, and after a restart the count continues from the archive, so no two verses share a seed. */
      seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
      /** Themes written when no visitor is waiting, by model language; default a built-in list. */
      attract: z.record(z.string(), z.array(z.string().min(1).max(200)).min(1)).optional(),
      /** How attract themes are drawn (engine/themeDrawer.ts): from the moment, the `attract` list and recent visitors, curated by the hour. */
      attractDraw: z
        .strictObject({
          /** Verses within which a theme is not written again (visitors' verses count); default 8. */
          noRepeat: z.number().int().min(0).max(1000).default(8),
          /** Weight of each source: `time` (hour, season, date), `configured` (the `attract` list), `visitors` (their recent themes); default 1 each. */
          sources: sourceWeights.prefault({}),
          /** Curator's rules for stretches of the opening hours (local time); where several hold, pins add up and weights multiply. */
          hours: z
            .array(
              z
                .strictObject({
                  /** `"HH:MM"`; a `to` before `from` runs past midnight; equal: the whole day. */
                  from: hhmm,
                  to: hhmm,
                  /** Days the rule holds, 0 = Sunday; default every day. */
                  days: z.array(z.number().int().min(0).max(6)).min(1).optional(),
                  /** Language of the rule's themes (`zh`, `en`); default the model's. */
                  language: z.string().min(2).max(16).optional(),
                  /** Only these themes while the rule holds. */
                  pin: z.array(attractTheme).min(1).max(100).optional(),
                  /** Theme -> weight factor (0 = never, 3 = three times as likely); a theme of no source joins the drawing. */
                  weights: z.record(attractTheme, z.number().min(0).max(100)).optional(),
                  /** Source weights while the rule holds, e.g. `{ "visitors": 0 }`. */
                  sources: z.strictObject({ time: sourceWeight.optional(), configured: sourceWeight.optional(), visitors: sourceWeight.optional() }).optional(),
                })
                .refine((r) => r.pin || r.weights || r.sources, 'a rule needs "pin", "weights" or "sources"'),
            )
            .max(200)
            .default([]),
        })
        .prefault({}),
      queue: z
        .strictObject({
          /** Most prompts waiting in all; default 32. */
          max: z.number().int().min(1).max(10_000).default(32),
          /** Most prompts one visitor (one kiosk connection) may have waiting; default 2. */
          perClient: z.number().int().min(1).max(100).default(2),
          /** Most visitor prompts waiting from one network address (one kiosk machine serves many visitors); default 8. */
          perAddress: z.number().int().min(1).max(1000).default(8),
          /** Visitor prompts one network address may submit per minute, sustained (bursts up to perAddress); default 12. */
          perAddressPerMinute: z.number().min(0.1).max(10_000).default(12),
          /** Share of `max` that performer prompts (console, OSC) may fill, so visitors always have room; default 0.5. */
          performerShare: z.number().min(0).max(1).default(0.5),
        })
        .prefault({}),
      prompt: z
        .strictObject({
          /** Longest prompt in characters; default 200. */
          maxChars: z.number().int().min(1).max(2000).default(200),
        })
        .prefault({}),
      inject: z
        .strictObject({
          /** Longest co-writing injection in characters (control characters are removed first); default 200. */
          maxChars: z.number().int().min(1).max(2000).default(200),
          /** Injections per minute from one performer connection or OSC sender, sustained; default 30. */
          perMinute: z.number().min(0.1).max(10_000).default(30),
        })
        .prefault({}),
      verse: z
        .strictObject({
          /** Longest verse in characters: injections that would pass it are refused; default 4000. */
          maxChars: z.number().int().min(100).max(100_000).default(4000),
        })
        .prefault({}),
      /** Seconds a SIGTERM lets the verse being written finish; after that it is archived as interrupted and its prompt requeued; default 20. */
      shutdownGrace: z.number().min(0).max(600).default(20),
    })
    .prefault({}),
  /** Initial values of live parameters in any namespace, e.g. `{ "temperature": 0.8, "scene.ink.bleed": 0.5, "sound.reverb": 0.6 }`. */
  params: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).default({}),
  osc: z
    .strictObject({
      /** UDP port for OSC input (env OSC_PORT); default 9000. */
      port: port.default(9000),
      host: z.string().default('0.0.0.0'),
      /** Optional target that receives the verse stream as OSC, e.g. `{ "host": "127.0.0.1", "port": 9001 }`. */
      out: z.strictObject({ host: z.string(), port }).optional(),
      mappings: z.array(MappingSchema).default([]),
      /**
       * Mapping files whose mappings are added, e.g. the MIDI mapping files `["midi/korg-nanokontrol2.json"]`; paths relative
       * to the config file's folder. A mapping in `mappings` on the same control wins over a file's; learned ones win over both.
       */
      mappingFiles: z.array(z.string().min(1)).max(16).default([]),
      /** Who may send OSC: CIDR ranges or addresses, or `"*"`; default loopback and the private LAN ranges. Others are counted and dropped. */
      allow: z.array(z.string().min(1)).default(['127.0.0.0/8', '::1/128', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', 'fe80::/10']),
      /** Datagrams per second one sender may send (sustained, and at once after a pause); the rest are counted and dropped. */
      perSender: z.strictObject({ perSecond: z.number().min(1).default(500), burst: z.number().int().min(1).default(1000) }).prefault({}),
    })
    .prefault({}),
  /** Word lists applied to what the room shows (shipped lists in engine/moderation/defaultWords.ts). */
  moderation: z
    .strictObject({
      /** Extra words per language (`zh`, `en`, ...), added to the shipped lists. */
      words: z.record(z.string(), z.array(z.string().min(1).max(40)).max(10_000)).default({}),
      /** Use the shipped lists as well; default true. */
      defaults: z.boolean().default(true),
      /** A prompt with a listed word: `refuse` it with a kind message (INKVERSE_E_PROMPT_MODERATED), or `mask` the word. */
      prompt: z.enum(['refuse', 'mask']).default('refuse'),
      /** A generated line with one: `mask` the word, or `redraft` the line (line drafting); tokens are masked either way. */
      line: z.enum(['mask', 'redraft']).default('mask'),
    })
    .prefault({}),
  /** Lines found word for word in existing poems: `mark` shows them with their poet and poem; `redraft` writes them again. */
  originality: z.strictObject({ copied: z.enum(['mark', 'redraft']).default('mark') }).prefault({}),
  kiosk: z
    .strictObject({
      /** Seconds without a touch before the kiosk returns to its start for the next visitor; default 90. */
      idleSeconds: z.number().min(2).max(3600).default(90),
      /** Address in the take-away QR code, e.g. `http://192.168.1.20:8080`; default the first LAN address and the port. */
      publicUrl: z.string().url().optional(),
      /** Prompts to tap; default a few for the model's language. */
      examples: z.array(z.string().min(1).max(200)).min(1).max(12).optional(),
      /** Language of the kiosk's texts for prompts not in Chinese: `en` (default), or one given in `messages`, e.g. `fr`. */
      language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'a language code such as "fr"').default('en'),
      /**
       * The kiosk's texts per language, over the shipped English and Chinese ones (another language starts from English),
       * e.g. `{ "en": { "heading": "Welcome" }, "fr": { "submit": "Écrire mon poème", "position": "Numéro {n} dans la file." } }`.
       */
      messages: KioskMessagesSchema.default({}),
      /** Give attract verses (written when nobody waits) a take-away code too; default false: only prompted verses get one. */
      attractCodes: z.boolean().default(false),
    })
    .prefault({}),
  /** Archive and persisted state (env INKVERSE_DATA); default `./data`. */
  data: z.string().default('./data'),
  /** The data folder's disk: below `minFreeMB` (or when a write fails) it counts as full: `/health` degraded, new prompts refused, verses still shown. */
  storage: z
    .strictObject({
      /** Free megabytes below which the disk counts as full; default 32. */
      minFreeMB: z.number().min(0).max(1_000_000).default(32),
      /** Seconds between checks of the free space (and, while full, whether writes succeed again); default 5. */
      checkSeconds: z.number().min(0.05).max(3600).default(5),
      /** Most megabytes the archive may hold; past it the oldest verses go, attract verses first; 0 (default): no limit. */
      archiveBudgetMB: z.number().min(0).max(10_000_000).default(0),
    })
    .prefault({}),
  /** Opening hours (the machine's local time, `TZ`): outside them generation pauses and displays dim. Absent: always open. */
  hours: z
    .strictObject({
      /** `"HH:MM"`, e.g. `"10:00"`. */
      open: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like "10:00"'),
      /** `"HH:MM"`; before `open` means the hours run past midnight. */
      close: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like "22:00"'),
      /** Days open, 0 = Sunday; default every day. */
      days: z.array(z.number().int().min(0).max(6)).min(1).default([0, 1, 2, 3, 4, 5, 6]),
      /** Closure dates (local): `"2026-12-25"`, or a range `"2026-12-24/2026-12-26"`; the room stays closed those days. */
      closed: z
        .array(
          z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}(\/\d{4}-\d{2}-\d{2})?$/, 'a date like "2026-12-25" or a range like "2026-12-24/2026-12-26"')
            .refine((c) => c.split('/').every((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)), 'a real calendar date')
            .refine((c) => { const [a, b = a] = c.split('/'); return a! <= b!; }, 'a range whose start is not after its end'),
        )
        .max(1000)
        .default([]),
    })
    .optional(),
  /** Scheduled online backups of the archive (SQLite backup API). */
  backup: z
    .strictObject({
      /** Hours between backups; 0 turns backups off; default 24. */
      everyHours: z.number().min(0).max(24 * 365).default(24),
      /** Backups kept (oldest deleted first); default 7. */
      keep: z.number().int().min(1).max(1000).default(7),
      /** Most megabytes all backups may take (the oldest go first, the newest is always kept); 0 (default): no limit. */
      budgetMB: z.number().min(0).max(10_000_000).default(0),
      /** Folder for backups; default `backups` inside the data folder. */
      dir: z.string().optional(),
    })
    .prefault({}),
  log: z.strictObject({ level: z.enum(LOG_LEVELS).default('info') }).prefault({}),
  /** Several servers, one room (README "Several servers"): shared state and fan-out through Redis. Without `url`, everything stays in this process. */
  redis: z
    .strictObject({
      /** `redis://host:6379` (env INKVERSE_REDIS_URL); absent (default): no Redis, and its client is never loaded. */
      url: z.string().regex(/^rediss?:\/\/\S+$/, 'a URL like "redis://127.0.0.1:6379"').optional(),
      /** `auto` (default): writes when elected, a standby otherwise; `edge`: never writes and loads no model (pages and fan-out only); env INKVERSE_REDIS_ROLE. */
      role: z.enum(['auto', 'edge']).default('auto'),
      /** Seconds the writer's lock lasts unrenewed: a standby takes over this long after the writer dies; default 3. */
      lockSeconds: z.number().min(1).max(60).default(3),
      /** Prefix of this installation's Redis keys and streams (several installations may share one Redis); default `inkverse`. */
      prefix: z.string().regex(/^[\w:.-]{1,64}$/, 'letters, digits, _ : . - (at most 64)').default('inkverse'),
    })
    .prefault({}),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
