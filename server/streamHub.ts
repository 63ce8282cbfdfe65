/**
 * @module streamHub: the socket.io side of the contract. Broadcasts the verse stream, params and scene to
 * every namespace, and sends `state` on connect; what pages ask is answered by the request handler
 * (`requestHandler.ts`), the console's private room by the console feed (`consoleFeed.ts`).
 */
import type { Namespace as IoNamespace, Server, Socket } from 'socket.io';
import type { ControlTarget } from '../engine/control/controlTarget.ts';
import { Emitter } from '../engine/emitter.ts';
import type { PromptQueue, QueueChange } from '../engine/promptQueue.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import type { EventRates } from './eventRates.ts';
import type { Metrics } from './metrics.ts';
import type { KioskPrompts } from './promptStatus.ts';
import type { SceneState } from './sceneState.ts';
import { ConsoleFeed, type ConsoleServices } from './consoleFeed.ts';
import { RequestHandler } from './requestHandler.ts';
import type { CommandSink } from './commandSink.ts';
import type { SnapshotSource } from './snapshotSource.ts';
import type { ResumeFrom } from './statePayload.ts';
import type { VerseFeed } from './verseFeed.ts';
import { TokenBackoff } from './tokenBackoff.ts';
import { tokenMatches } from './tokenCheck.ts';
import type { VisitorLimits } from './visitorLimits.ts';
import type { Visitor } from './visitorServices.ts';
import {
  NAMESPACES,
  type ActivityPayload,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type StatePayload,
  type StatusPayload,
} from '../protocol/events.ts';

type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export type { ConsoleServices } from './consoleFeed.ts';

export interface StreamHubOptions {
  io: IoServer;
  /** The verse being written: its events are broadcast to every page. */
  feed: VerseFeed;
  /** Where the `state` pages get comes from (this process's, or the writer's over Redis). */
  snapshot: SnapshotSource;
  /** Where prompts go and are looked up (this process, or the writer over Redis). */
  commands: CommandSink;
  /** Whether this server writes (with Redis, only the elected writer broadcasts parameters and scenes, and takes console actions); default always. */
  writes?: () => boolean;
  control: ControlTarget;
  queue: PromptQueue;
  scene: SceneState;
  metrics: Metrics;
  /** The installation's clock, ms since the epoch (`serverTime` in `state`, request rates). */
  now: () => Milliseconds;
  /** Each kiosk's own prompts: positions, removals, `prompt:status`. */
  prompts: KioskPrompts;
  /** Console token; when unset, every console action is refused. */
  token: string | undefined;
  status(): StatusPayload;
  services?: ConsoleServices;
  /** Activity from controllers (OSC, MIDI) to show on the console. */
  activity?: Emitter<{ activity: (a: ActivityPayload) => void }>;
  /** Answers the kiosk's own requests (its settings, pinyin candidates, idea sparks). */
  kiosk?: Visitor['handleKiosk'];
  /** Per-address caps and rates of visitor prompts; default: none beyond the queue's own. */
  visitors?: VisitorLimits;
  /** Revisions, other drafts and continuations of archived verses. */
  coCreation?: import('./coCreation.ts').CoCreation;
  /** A socket with more unsent bytes than this gets no new `state`: it is disconnected instead. */
  maxBufferedBytes?: number;
  /** What each event costs per socket and per address (shared with the handshake's check); default `new EventRates({ now })`. */
  rates?: EventRates;
}

export class StreamHub {
  readonly #o: StreamHubOptions;
  readonly #offs: Array<() => void> = [];
  readonly #feed: ConsoleFeed;
  readonly #requests: RequestHandler;
  readonly #backoff: TokenBackoff;

  constructor(options: StreamHubOptions) {
    this.#o = options;
    this.#backoff = new TokenBackoff({ now: options.now });
    const { io, feed, control, scene, queue, metrics } = options;
    const all = NAMESPACES.map((ns) => io.of(ns));
    const broadcast = <E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void => {
      for (const ns of all) ns.emit(event, ...args);
    };

    this.#offs.push(
      feed.events.on('verse:start', (p) => {
        broadcast('verse:start', p);
        this.#feed.statusChanged(); // the model and device writing may change between verses (a switch, a fallback)
      }),
      feed.events.on('verse:token', (p) => {
        metrics.tokens.inc();
        broadcast('verse:token', p);
      }),
      feed.events.on('verse:line', (p) => broadcast('verse:line', p)),
      feed.events.on('verse:end', (p) => broadcast('verse:end', p)),
      control.params.onChange((c) => {
        metrics.paramChanges.inc({ origin: c.origin });
        if (this.#writes()) broadcast('params', c.values);
      }),
      scene.events.on('scene', (p) => this.#writes() && broadcast('scene', p)),
      queue.onChange((change) => this.#queueChanged(change)),
    );
    this.#feed = new ConsoleFeed({ console: io.of('/console'), queue, metrics, status: options.status, services: options.services, activity: options.activity, now: options.now });
    this.#requests = new RequestHandler({ ...options, feed: this.#feed, state: (from) => this.state(from) });
    for (const ns of all) {
      ns.on('connection', (socket: IoSocket) => this.#connect(ns, socket));
    }
  }

  /** Whether this server writes (the cluster's answer; always without Redis). */
  #writes(): boolean {
    return this.#o.writes?.() ?? true;
  }

  /** The `state` a page gets now (from a token on, for one that resumes). */
  state(from?: ResumeFrom): StatePayload {
    return this.#o.snapshot.state(from);
  }

  #connect(ns: IoNamespace, socket: IoSocket): void {
    const name = ns.name;
    // Before any work (not even its `state`): an address cut off for flooding (one already past the handshake).
    if (this.#requests.barred(socket, name)) return;
    const { metrics } = this.#o;
    metrics.clients.inc({ namespace: name });
    this.#feed.statusChanged();
    socket.on('disconnect', () => {
      metrics.clients.dec({ namespace: name });
      this.#o.prompts.forget(socket.id);
      this.#feed.statusChanged();
    });
    socket.emit('state', this.state());
    const authorized = name === '/console' && this.#checkToken(socket);
    this.#requests.serve(socket, name, authorized);
    if (name === '/console') this.#feed.joined(socket, authorized);
  }

  /** A console's token, checked unless its address sent too many wrong ones lately (then it waits, told so). */
  #checkToken(socket: IoSocket): boolean {
    const given = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (given === undefined || !this.#o.token) return false;
    const address = socket.handshake.address;
    const waitMs = this.#backoff.waitMs(address);
    if (waitMs > 0) {
      socket.emit('error', { code: 'INKVERSE_E_RATE_LIMIT', message: `Too many wrong console tokens came from this address; wait ${Math.ceil(waitMs / 1000)} s and try again.` });
      return false;
    }
    const ok = tokenMatches(this.#o.token, given);
    if (ok) this.#backoff.succeeded(address);
    else this.#backoff.failed(address);
    return ok;
  }

  #queueChanged(change?: QueueChange): void {
    const { queue, metrics } = this.#o;
    metrics.queue.set(queue.size);
    this.#feed.queueChanged();
    this.#o.prompts.changed(change);
  }

  close(): void {
    for (const off of this.#offs.splice(0)) off();
    this.#feed.close();
  }
}
