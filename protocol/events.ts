/**
 * @module protocol: the socket.io contract between the server and every page, typed once.
 * Server code and browser code both import these maps; event names are a public contract (pages, OSC mirrors and outside tools use them): rename none.
 */
import type { AlternativeLine, LineAuthor } from './coCreation.ts';
import type { ErrorPayload } from './errors.ts';
import type { RequestInput, RequestName } from './requests.ts';
import type { Ack, PromptAck } from './ack.ts';
import type { ActivityPayload, ActivitySource, DisplayInfo, MappingPayload, ModelListing, ModelsPayload, QueueItemView, StatusPayload } from './consolePayloads.ts';
import type { KioskInfo, VerseCode } from './kioskPayloads.ts';
import type { PromptStatus, PromptStatusAck } from './promptStatus.ts';
import type { LineSourceView, PromptMode, TunePlan, VerseEnd, VerseEndReason, VerseLine, VerseSnapshot, VerseSource, VerseStart, VerseToken } from './verseEvents.ts';

// The contract's types, importable from here as before the split (106 files do).
export type { AlternativeLine, ErrorPayload, LineAuthor };
export type { Ack, PromptAck, PromptStatus, PromptStatusAck, KioskInfo, VerseCode };
export type { ActivityPayload, ActivitySource, DisplayInfo, MappingPayload, ModelListing, ModelsPayload, QueueItemView, StatusPayload };
export type { LineSourceView, PromptMode, TunePlan, VerseEnd, VerseEndReason, VerseLine, VerseSnapshot, VerseSource, VerseStart, VerseToken };
export { OPENING_MODES, PROMPT_MODES } from './verseEvents.ts';

/** The namespaces of the contract. */
/** `/follow`: the light page for phones (the verse stream only; it sends nothing but `state:resume`). */
export const NAMESPACES = ['/kiosk', '/display', '/sound', '/console', '/follow'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export type ParamsPayload = Record<string, number | boolean | string>;

/**
 * Whether the installation writes as configured. `degraded`: its model is loading, failed or hung, and a
 * fallback (or nothing) writes meanwhile; `reason` is for operators, pages show their own kind words.
 */
export interface ServiceStatus {
  status: 'ok' | 'degraded';
  reason: string | null;
}

export interface ScenePayload {
  name: string;
  /** The scene's parameter values by qualified name (`scene.ink.bleed`), as the `params` event carries them. */
  params: ParamsPayload;
  /** Set when the scene is meant for one named display only (the console set a scene for that display). */
  display?: string;
}

/** Sent on connect and on `state:resume`, so a late or reconnecting page misses nothing. */
export interface StatePayload {
  verse: VerseSnapshot | null;
  params: ParamsPayload;
  scene: ScenePayload;
  /** Input limits of this installation, so pages can show them before the server refuses. */
  limits?: { promptChars: number };
  /** The server clock when this was sent (ms since the epoch), so clients can map token `at` times onto their own clock. */
  serverTime?: number;
  /** The service status when this was sent; changes follow as `service` events. */
  service?: ServiceStatus;
}

/** `{ text, mode? }`: `mode` says how the prompt should begin the verse; chosen from its shape when absent. */
export type PromptSubmit = RequestInput<'prompt:submit'>;
export type StateResume = RequestInput<'state:resume'>;

export interface ServerToClientEvents {
  'verse:start': (p: VerseStart) => void;
  'verse:token': (p: VerseToken) => void;
  'verse:line': (p: VerseLine) => void;
  'verse:end': (p: VerseEnd) => void;
  /** Kiosk only, and only the kiosks that submitted (or asked after, `prompt:status`) the verse's prompt: its take-away code and page. */
  'verse:code': (p: VerseCode) => void;
  params: (p: ParamsPayload) => void;
  scene: (p: ScenePayload) => void;
  state: (p: StatePayload) => void;
  /** A queued prompt moved (kiosk: only its own prompts; console: all); position 0: its verse is starting (a removal is `queue:removed`). */
  'queue:position': (p: { id: string; position: number }) => void;
  /** Kiosk: one of its prompts was taken off the queue by a performer and will not be written. */
  'queue:removed': (p: { id: string }) => void;
  /** The whole queue (console only). */
  queue: (p: { items: QueueItemView[] }) => void;
  /** Console only: model, device, connected clients. */
  status: (p: StatusPayload) => void;
  /** Console only: controller and client activity, for the monitor. */
  activity: (p: ActivityPayload) => void;
  /** Console only: the controller mappings in force (config + learned). */
  mappings: (p: { mappings: MappingPayload[] }) => void;
  /** Console only: the names of the presets (saved parameter sets), built-in ones first. */
  presets: (p: { names: string[] }) => void;
  /** Console only: the installed models, which one writes and which one a live switch is loading. */
  models: (p: ModelsPayload) => void;
  /** Console only: the connected displays and what each shows. */
  displays: (p: { displays: DisplayInfo[] }) => void;
  /** A request arrived that the server refused and could not ack (unknown event, no ack callback). */
  error: (p: ErrorPayload) => void;
  /** Every page: the service status, on connect and whenever it changes. */
  service: (p: ServiceStatus) => void;
  /** Every page: the opening hours, on connect and whenever they change (closed: generation pauses, displays dim). */
  hours: (p: HoursPayload) => void;
}

/** Whether the installation is open now (config `hours`); `next`: when that changes (ms since the epoch), absent when it never does. */
export interface HoursPayload {
  open: boolean;
  next?: number;
}

/** What pages send: each payload type is derived from the request table (`requests.ts`), which validates it. */
export interface ClientToServerEvents {
  'prompt:submit': (p: PromptSubmit, ack: (a: PromptAck) => void) => void;
  /** Kiosk: idle time, example prompts, the model's language. */
  'kiosk:hello': (p: RequestInput<'kiosk:hello'>, ack: (a: Ack<KioskInfo>) => void) => void;
  /** Kiosk: characters for typed pinyin (on-screen keyboard, no system input method). */
  'pinyin:candidates': (p: RequestInput<'pinyin:candidates'>, ack: (a: Ack<{ candidates: Array<{ text: string; consumed: number }> }>) => void) => void;
  /** Kiosk: a few themes to tap, from what is typed so far or from the hour and season. */
  'sparks:get': (p: RequestInput<'sparks:get'>, ack: (a: Ack<{ sparks: Array<{ text: string; gloss?: string }> }>) => void) => void;
  /** Kiosk: what became of these prompts (e.g. after reconnecting); queued ones get `queue:position` updates again. */
  'prompt:status': (p: RequestInput<'prompt:status'>, ack: (a: PromptStatusAck) => void) => void;
  'state:resume': (p: StateResume) => void;
  'params:set': (p: RequestInput<'params:set'>, ack?: (a: Ack<{ params: ParamsPayload }>) => void) => void;
  /** Switches the installation's scene, or with `display` only that display's (until it is set back to the installation's). */
  'scene:set': (p: RequestInput<'scene:set'>, ack?: (a: Ack) => void) => void;
  'verse:skip': (p?: RequestInput<'verse:skip'>, ack?: (a: Ack) => void) => void;
  'queue:remove': (p: RequestInput<'queue:remove'>, ack?: (a: Ack) => void) => void;
  /** Co-writing: the model continues the running verse from this word or line. */
  'verse:inject': (p: RequestInput<'verse:inject'>, ack?: (a: Ack) => void) => void;
  /**
   * Switches to another installed model without a restart: acked once it has loaded (`{ ok, model }`); the verse being
   * written ends with the old model and the next is the new one's. A model that cannot load leaves the old one writing.
   */
  'model:switch': (p: RequestInput<'model:switch'>, ack?: (a: Ack<{ model: string }>) => void) => void;
  /** Recalls a preset (saved parameter set), crossfading numeric parameters over `fade` seconds. */
  'preset:recall': (p: RequestInput<'preset:recall'>, ack?: (a: Ack) => void) => void;
  /** Saves the current parameters as a preset. */
  'preset:save': (p: RequestInput<'preset:save'>, ack?: (a: Ack) => void) => void;
  /** Adds (or replaces, by source) a controller mapping and persists it. */
  'mapping:save': (p: RequestInput<'mapping:save'>, ack?: (a: Ack) => void) => void;
  'mapping:remove': (p: RequestInput<'mapping:remove'>, ack?: (a: Ack) => void) => void;
  /** Kiosk (its own verses) and console: line `index` becomes `text`, or a new machine line; the verse is written again after it (queued like a prompt). */
  'verse:revise': (p: RequestInput<'verse:revise'>, ack: (a: Ack<{ id: string; position: number }>) => void) => void;
  /** Kiosk (its own verses) and console: the machine's other drafts of a line, kept with the verse. */
  'line:alternatives': (p: RequestInput<'line:alternatives'>, ack: (a: Ack<{ lines: AlternativeLine[] }>) => void) => void;
  /** Kiosk (its own verses) and console: the poem goes on (queued like a prompt). */
  'verse:continue': (p: RequestInput<'verse:continue'>, ack: (a: Ack<{ id: string; position: number }>) => void) => void;
  /** Console MIDI input, forwarded so the server's mapping layer handles it like OSC. */
  'midi:message': (p: RequestInput<'midi:message'>, ack?: (a: Ack) => void) => void;
}

/** Every request in the table is an event here and nothing else is (a compile error names the odd one out). */
type MustBeNone<T extends never> = T;
type RequestsWithoutEvent = MustBeNone<Exclude<RequestName, keyof ClientToServerEvents> | Exclude<keyof ClientToServerEvents, RequestName>>;
