/**
 * @module config schema: every key of an installation config, its default and what it allows.
 * A config file is validated whole at start-up; a bad key stops start-up with its path and the allowed values.
 */
import { z } from 'zod';
import { MappingSchema } from '../protocol/mappingSchema.ts';

import { DEVICES, DTYPES } from '../protocol/devices.ts';

export { DEVICES, DTYPES, type Device, type Dtype } from '../protocol/devices.ts';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.number().int().min(0).max(65535);

export const ConfigSchema = z.strictObject({
  server: z
    .strictObject({
      /** HTTP + socket.io port (env PORT); default 8080. */
      port: port.default(8080),
      /** Interface to listen on; default all interfaces, so projectors on the LAN can connect. */
      host: z.string().default('0.0.0.0'),
      /** Console token (env INKVERSE_TOKEN); without one the console is read-only and every action is refused. */
      token: z.string().min(8).optional(),
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
    })
    .prefault({}),
  engine: z
    .strictObject({
      /** Seed of the sampler; verse n uses seed + n, so runs are reproducible. */
      seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
      /** Themes written when no visitor is waiting, by model language; default a built-in list. */
      attract: z.record(z.string(), z.array(z.string().min(1).max(200)).min(1)).optional(),
      queue: z
        .strictObject({
          /** Most prompts waiting in all; default 32. */
          max: z.number().int().min(1).max(10_000).default(32),
          /** Most prompts one visitor (one kiosk connection) may have waiting; default 2. */
          perClient: z.number().int().min(1).max(100).default(2),
        })
        .prefault({}),
      prompt: z
        .strictObject({
          /** Longest prompt in characters; default 200. */
          maxChars: z.number().int().min(1).max(2000).default(200),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Initial values of live parameters, e.g. `{ "temperature": 0.8 }`. */
  params: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).default({}),
  osc: z
    .strictObject({
      /** UDP port for OSC input (env OSC_PORT); default 9000. */
      port: port.default(9000),
      host: z.string().default('0.0.0.0'),
      /** Optional target that receives the verse stream as OSC, e.g. `{ "host": "127.0.0.1", "port": 9001 }`. */
      out: z.strictObject({ host: z.string(), port }).optional(),
      mappings: z.array(MappingSchema).default([]),
    })
    .prefault({}),
  /** Archive and persisted state (env INKVERSE_DATA); default `./data`. */
  data: z.string().default('./data'),
  log: z.strictObject({ level: z.enum(LOG_LEVELS).default('info') }).prefault({}),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
