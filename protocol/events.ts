/**
 * @module protocol: the socket.io contract between the server and every page, typed once.
 * Server code and browser code both import these maps; event names are a public contract (pages, OSC mirrors and outside tools use them): rename none.
 */
import type { AlternativeLine, LineAuthor } from './coCreation.ts';
import type { ErrorPayload } from './errors.ts';
import type { RequestInput, RequestName } from './requests.ts';

export type { AlternativeLine, ErrorPayload, LineAuthor };

/** The namespaces of the contract. */
export const NAMESPACES = ['/kiosk', '/display', '/sound', '/console'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export type VerseSource = 'visitor' | 'attract' | 'performer';
/** How a prompt begins a verse (see engine/promptModes.ts): the first four for a model with form rules (Tang), `free` and `couplets` for English verse. */
export const PROMPT_MODES = ['title', 'opening', 'acrostic', 'keywords', 'free', 'couplets', 'ci'] as const;
export type PromptMode = (typeof PROMPT_MODES)[number];
/** Modes whose verse opens with the visitor's own words (their line is theirs, whoever else wrote it too). */
export const OPENING_MODES: readonly PromptMode[] = ['opening', 'free', 'couplets'];
/**
 * `skipped` is a performer's skip; `interrupted`: a crash or a shutdown cut it short, and its prompt was requeued;
 * `yielded`: an attract verse ended early at a line end because a prompt was waiting (a normal, calm end).
 */
export type VerseEndReason = 'done' | 'skipped' | 'error' | 'interrupted' | 'yielded';
export type ParamsPayload = Record<string, number | boolean | string>;

export interface VerseStart {
  id: string;
  prompt: string;
  source: VerseSource;
  model: string;
  /** How the prompt began the verse: a `title`, the visitor's `opening` line, an `acrostic`, `keywords`; English: `free` verse or rhymed `couplets` (both open with the visitor's words). */
  mode?: PromptMode;
  /** Characters of the prompt the model does not know (left out of what it was given). */
  unknown?: string[];
  /** Set when no model can write and an archived verse is shown again (its own prompt and model). */
  replay?: true;
  /** The theme the model writes for when the language bridge changed the prompt (`autumn wind` -> 秋风). */
  theme?: string;
  /** Modern words of the prompt and the classical images they became (`coffee` -> 茶, `tea`), for the visitor to read. */
  became?: Array<{ from: string; to: string; image: string }>;
  /** Set when this verse revises (or continues) an earlier one: that verse's id. Its first `kept` lines are that verse's, unchanged. */
  revisionOf?: string;
  /** With `revisionOf`: how many lines at the start are kept as they were (displays keep them; the rest flow in anew). */
  kept?: number;
}

/**
 * Whether the installation writes as configured. `degraded`: its model is loading, failed or hung, and a
 * fallback (or nothing) writes meanwhile; `reason` is for operators, pages show their own kind words.
 */
export interface ServiceStatus {
  status: 'ok' | 'degraded';
  reason: string | null;
}

export interface VerseToken {
  id: string;
  /** Counts from 0 per verse, with no gaps. */
  seq: number;
  text: string;
  /** Index of the line this token belongs to. */
  line: number;
  /** Uncertainty of the model at this token, in bits. */
  entropy?: number;
  /**
   * When the server emitted the token (milliseconds since the epoch, server clock). Display and sound
   * clients schedule from this, corrected by `StatePayload.serverTime`, not from when the message arrived.
   */
  at?: number;
}

export interface VerseLine {
  id: string;
  index: number;
  /** Stanza of the line (0-based); a blank line in the verse starts the next. */
  stanza?: number;
  text: string;
  gloss?: string;
  pinyin?: string;
  /** True when the line appears verbatim in the model's training corpus. */
  copied?: boolean;
  /** The poem a copied line comes from, when the source index knows it ("this line is Li Bai's"). */
  source?: LineSourceView;
  /** Who wrote the line: the visitor's own words (an opening, a revision) or the machine. */
  author?: LineAuthor;
}

export interface LineSourceView {
  poet: string;
  title: string;
  dynasty?: 'tang' | 'song';
}

export interface VerseEnd {
  id: string;
  text: string;
  reason: VerseEndReason;
}

export interface ScenePayload {
  name: string;
  /** The scene's parameter values by qualified name (`scene.ink.bleed`), as the `params` event carries them. */
  params: ParamsPayload;
  /** Set when the scene is meant for one named display only (the console set a scene for that display). */
  display?: string;
}

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

/** The verse being written right now, as much of it as exists. */
export interface VerseSnapshot {
  start: VerseStart;
  tokens: VerseToken[];
  lines: VerseLine[];
  text: string;
  /** Set only in the `state` answering a `state:resume` for a verse that ended while the page was away. */
  end?: VerseEnd;
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

export interface QueueItemView {
  id: string;
  source: VerseSource;
  /** 1 = next to be written. */
  position: number;
  /** Only sent to the console. */
  text?: string;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorPayload };
export type PromptAck = Ack<{ id: string; position: number }>;

/**
 * What became of a prompt, by the id its `prompt:submit` ack gave (ids stay valid across server restarts):
 * `queued` (1-based position), `writing` (its verse is being written), `done` (its verse is archived under
 * `verseId`, ended for `reason`), `removed` (a performer took it off the queue) or `unknown`.
 */
export type PromptStatus =
  | { id: string; status: 'queued'; position: number }
  | { id: string; status: 'writing' }
  | { id: string; status: 'done'; verseId: string; reason: VerseEndReason }
  | { id: string; status: 'removed' }
  | { id: string; status: 'unknown' };
export type PromptStatusAck = Ack<{ prompts: PromptStatus[] }>;

/** Kiosk only: what the kiosk needs to know about this installation (`kiosk:hello`). */
export interface KioskInfo {
  /** Seconds without a touch before the kiosk returns to its start. */
  idleSeconds: number;
  /** Prompts to tap. */
  examples: string[];
  /** Language of the model's verses (`zh`, `en`). */
  language: string;
  /** The verse modes the running model writes in (its profile's), offered as choices; `prompt:submit` refuses others. */
  modes: PromptMode[];
  /** True when a prompt sent without a mode gets one chosen from its shape (the kiosk offers "chosen for you"); else the first of `modes`. */
  autoMode: boolean;
  /** Language of the kiosk's texts for prompts not in Chinese (config `kiosk.language`, default `en`). */
  visitorLanguage?: string;
  /** The gallery's own texts per language (config `kiosk.messages`): plain strings, templates with `{slots}`. */
  messages?: Record<string, Record<string, string | Record<string, string>>>;
}

/** Kiosk only: a finished verse's take-away page, `url` on the installation's LAN address, `qr` an SVG of it. */
export interface VerseCode {
  id: string;
  code: string;
  url: string;
  qr: string;
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
  /** Console only: saved parameter sets. */
  voices: (p: { names: string[] }) => void;
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
export type MappingPayload = import('./mappingSchema.ts').MappingInput;

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
  /** Recalls a saved parameter set, crossfading numeric parameters over `fade` seconds. */
  'voice:recall': (p: RequestInput<'voice:recall'>, ack?: (a: Ack) => void) => void;
  /** Saves the current parameters as a voice. */
  'voice:save': (p: RequestInput<'voice:save'>, ack?: (a: Ack) => void) => void;
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
