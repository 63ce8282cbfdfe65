/**
 * @module streamHub: the socket.io side of the contract. Broadcasts the verse stream, params and scene to
 * every namespace, sends `state` on connect and on `state:resume`, and handles kiosk and console requests
 * (console actions need the token). Every request is validated; every refusal is a clear error ack.
 */
import type { Namespace as IoNamespace, Server, Socket } from 'socket.io';
import type { ControlTarget } from '../engine/control/controlTarget.ts';
import { Emitter } from '../engine/emitter.ts';
import { InkverseError, toErrorPayload, type ErrorPayload } from '../protocol/errors.ts';
import { logger } from '../engine/log.ts';
import type { PromptQueue, QueueChange } from '../engine/promptQueue.ts';
import type { VerseLoop } from '../engine/verseLoop.ts';
import type { Metrics } from './metrics.ts';
import type { KioskPrompts } from './promptStatus.ts';
import type { SceneState } from './sceneState.ts';
import { accessOf, eventsOf, parseRequest, type RequestName } from './socketRequests.ts';
import { ConsoleFeed, type ConsoleServices } from './consoleFeed.ts';
import { RateLimit } from './rateLimit.ts';
import { bufferedBytes } from './socketGuards.ts';
import { tokenMatches } from './tokenCheck.ts';
import { VisitorLimits } from './visitorLimits.ts';
import { KIOSK_REQUESTS, type KioskRequest, type Visitor } from './visitorServices.ts';
import {
  NAMESPACES,
  type ActivityPayload,
  type ClientToServerEvents,
  type QueueItemView,
  type ServerToClientEvents,
  type ServiceStatus,
  type StatePayload,
  type StatusPayload,
} from '../protocol/events.ts';

const log = logger('server:sockets');

type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type Ack = (a: { ok: true } | { ok: false; error: ErrorPayload }) => void;

export type { ConsoleServices } from './consoleFeed.ts';

export interface StreamHubOptions {
  io: IoServer;
  loop: VerseLoop;
  control: ControlTarget;
  queue: PromptQueue;
  scene: SceneState;
  metrics: Metrics;
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
  /** `state:resume` requests per second one socket may make (bursts of 3); the rest are refused. */
  resumePerSecond?: number;
  /** A socket with more unsent bytes than this gets no new `state`: it is disconnected instead. */
  maxBufferedBytes?: number;
  /** The service status sent with every `state` (changes go out as `service` events from the installation). */
  service?: () => ServiceStatus;
}

export class StreamHub {
  readonly #o: StreamHubOptions;
  readonly #offs: Array<() => void> = [];
  readonly #feed: ConsoleFeed;
  readonly #resumes: RateLimit;

  constructor(options: StreamHubOptions) {
    this.#o = options;
    const { io, loop, control, scene, queue, metrics } = options;
    const all = NAMESPACES.map((ns) => io.of(ns));
    const broadcast = <E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void => {
      for (const ns of all) ns.emit(event, ...args);
    };

    this.#offs.push(
      loop.events.on('verse:start', (p) => broadcast('verse:start', p)),
      loop.events.on('verse:token', (p) => {
        metrics.tokens.inc();
        broadcast('verse:token', p);
      }),
      loop.events.on('verse:line', (p) => broadcast('verse:line', p)),
      loop.events.on('verse:end', (p) => broadcast('verse:end', p)),
      control.params.onChange((c) => {
        metrics.paramChanges.inc({ origin: c.origin });
        broadcast('params', c.values);
      }),
      scene.events.on('scene', (p) => broadcast('scene', p)),
      queue.onChange((change) => this.#queueChanged(change)),
    );
    this.#feed = new ConsoleFeed({ console: io.of('/console'), queue, metrics, status: options.status, services: options.services, activity: options.activity });
    this.#resumes = new RateLimit({ perSecond: options.resumePerSecond ?? 2, burst: 3 });
    for (const ns of all) {
      ns.on('connection', (socket: IoSocket) => this.#connect(ns, socket));
    }
  }

  state(fromSeq?: { id: string; fromSeq: number }): StatePayload {
    const verse = this.#o.loop.current();
    const snapshot =
      verse && fromSeq && fromSeq.id === verse.start.id
        ? { ...verse, tokens: verse.tokens.filter((t) => t.seq >= fromSeq.fromSeq) }
        : verse
          ? { ...verse, tokens: [...verse.tokens], lines: [...verse.lines] }
          : null;
    return {
      verse: snapshot,
      params: this.#o.control.params.snapshot(),
      scene: this.#o.scene.snapshot(),
      limits: { promptChars: this.#o.queue.options.maxChars },
      serverTime: Date.now(),
      ...(this.#o.service ? { service: this.#o.service() } : {}),
    };
  }

  #connect(ns: IoNamespace, socket: IoSocket): void {
    const name = ns.name;
    const { metrics } = this.#o;
    metrics.clients.inc({ namespace: name });
    this.#feed.statusChanged();
    socket.on('disconnect', () => {
      metrics.clients.dec({ namespace: name });
      this.#o.prompts.forget(socket.id);
      this.#resumes.forget(socket.id);
      this.#feed.statusChanged();
    });
    socket.emit('state', this.state());

    const authorized = name === '/console' && tokenMatches(this.#o.token, (socket.handshake.auth as { token?: unknown } | undefined)?.token);
    socket.onAny(async (event: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
      const reply = (a: { ok: true } | { ok: false; error: ErrorPayload }): void => {
        if (ack) ack(a);
        else if (!a.ok) socket.emit('error', a.error);
      };
      try {
        const access = accessOf(event, name);
        if (access === undefined) {
          throw new InkverseError('INKVERSE_E_UNKNOWN_EVENT', `"${String(event).slice(0, 64)}" is not an event of ${name}; it takes: ${eventsOf(name).join(', ')}.`);
        }
        if (access === 'token' && !authorized) {
          throw new InkverseError(
            'INKVERSE_E_UNAUTHORIZED',
            this.#o.token ? 'The console token is missing or wrong; enter the INKVERSE_TOKEN of this installation.' : 'The console is locked: start the server with INKVERSE_TOKEN set to enable it.',
          );
        }
        const result = await this.#handle(socket, name, event as RequestName, args[0]);
        reply({ ok: true, ...result });
      } catch (err) {
        if (!(err instanceof InkverseError)) log.error({ err, event }, 'request failed');
        reply({ ok: false, error: toErrorPayload(err) });
      }
    });

    if (name === '/console') this.#feed.joined(socket, authorized);
  }

  /** Handles one validated request; returns extra ack fields. */
  #handle(socket: IoSocket, ns: string, event: RequestName, payload: unknown): Record<string, unknown> | Promise<Record<string, unknown>> {
    const { control, queue, scene, metrics } = this.#o;
    switch (event) {
      case 'state:resume': {
        const from = parseRequest(event, payload);
        if (!this.#resumes.take(socket.id)) throw new InkverseError('INKVERSE_E_RATE_LIMIT', 'Asked for the state too often; it follows by itself once received.');
        // A reader that stopped reading gets no more: it reconnects and starts afresh.
        if (bufferedBytes(socket) > (this.#o.maxBufferedBytes ?? Infinity)) {
          socket.disconnect(true);
          return {};
        }
        socket.emit('state', this.state(from));
        return {};
      }
      case 'prompt:submit': {
        const { text, mode } = parseRequest(event, payload);
        const source = ns === '/console' ? 'performer' : 'visitor';
        try {
          let owner = 'console';
          if (ns !== '/console') {
            const visitor = VisitorLimits.identify(socket.handshake.address, socket.handshake.auth, socket.id);
            this.#o.visitors?.admit(visitor);
            owner = visitor.owner;
          }
          const res = control.submitPrompt(text, source, owner, mode);
          metrics.prompts.inc({ source, outcome: 'accepted' });
          if (ns === '/kiosk') this.#o.prompts.own(socket.id, res.id);
          return res;
        } catch (err) {
          metrics.prompts.inc({ source, outcome: err instanceof InkverseError ? err.code : 'error' });
          throw err;
        }
      }
      case 'prompt:status':
        return { prompts: this.#o.prompts.status(socket.id, parseRequest(event, payload).ids) };
      case 'params:set': {
        const changed = control.params.set(parseRequest(event, payload), 'console');
        return { params: changed };
      }
      case 'scene:set': {
        const { name, params, display } = parseRequest(event, payload);
        if (display !== undefined) {
          scene.assign(display, name, 'console'); // that display only ('' hands it back); see displays.ts
          return {};
        }
        if (name !== scene.name) control.setScene(name, 'console');
        if (params) scene.setParams(params, 'console');
        return {};
      }
      case 'verse:skip':
        control.skip('console');
        return {};
      case 'queue:remove': {
        const { id } = parseRequest(event, payload);
        if (!queue.remove(id)) throw new InkverseError('INKVERSE_E_NOT_FOUND', `No prompt with id "${id}" is waiting.`);
        return {};
      }
      case 'verse:inject':
        control.inject(parseRequest(event, payload).text, 'console');
        return {};
      case 'voice:recall': {
        const { name, fade } = parseRequest(event, payload);
        control.recallVoice(name, fade, 'console');
        return {};
      }
      default:
        if (this.#o.kiosk && (KIOSK_REQUESTS as readonly string[]).includes(event)) return this.#o.kiosk(event as KioskRequest, parseRequest(event as KioskRequest, payload) ?? {});
        return this.#feed.handle(event, payload);
    }
  }

  #queueChanged(change?: QueueChange): void {
    const { io, queue, metrics } = this.#o;
    metrics.queue.set(queue.size);
    this.#feed.queueChanged();
    this.#o.prompts.changed(change);
  }

  close(): void {
    for (const off of this.#offs.splice(0)) off();
    this.#feed.close();
  }
}
