/** @module consolePayloads: what only the console is sent: status, controller activity, mappings, displays, the queue. */
import type { ErrorPayload } from './errors.ts';
import type { MappingInput } from './mappingSchema.ts';
import type { VerseSource } from './verseEvents.ts';

/** A connected display as the console lists it. */
export interface DisplayInfo {
  /** From `/display?display=NAME`, or made up from the connection when the URL names none. */
  name: string;
  /** The scene pinned by the display's URL (`?scene=`), if any. */
  pinned: string | null;
  /** The scene the console set for this display alone, if any. */
  assigned: string | null;
  /** What it shows: assigned, else pinned, else the installation's scene. */
  scene: string;
}

export interface QueueItemView {
  id: string;
  source: VerseSource;
  /** 1 = next to be written. */
  position: number;
  /** Only sent to the console. */
  text?: string;
}

/** One installed model as the console lists it (`model:switch` takes its `name`). */
export interface ModelListing {
  name: string;
  /** The first sentence of its card's description. */
  description: string;
  language: string;
  /** Whether a live switch may choose it; `why` says what stands in the way when not (another language, a broken folder). */
  switchable: boolean;
  why?: string;
}

/** Console only: the models a live switch may choose from. */
export interface ModelsPayload {
  models: ModelListing[];
  /** The model the installation writes with (the one switched to, once it has loaded). */
  current: string;
  /** A switch that is loading, or null. */
  loading: string | null;
  /** The style fader's second model (`model.blend`), or null. */
  blend: string | null;
}

export interface StatusPayload {
  model: string;
  device: string;
  /** Connected sockets per namespace. */
  clients: Record<string, number>;
  queue: number;
  uptime_s: number;
  /** Whether this console connection holds a valid token (actions are refused otherwise). */
  authorized?: boolean;
}

export type ActivitySource = 'osc' | 'midi' | 'console' | 'kiosk';

export interface ActivityPayload {
  source: ActivitySource;
  /** OSC address, MIDI control (e.g. `cc 1/7`) or event name. */
  address: string;
  args: Array<number | string | boolean>;
  /** Milliseconds since the epoch. */
  at: number;
  /** Set when the server refused the message (bad value, unknown parameter, ...). */
  error?: ErrorPayload;
}

/** A controller mapping as sent to the console (same shape as the config's `osc.mappings` entries). */
export type MappingPayload = MappingInput;
