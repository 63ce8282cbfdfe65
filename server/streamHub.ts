/**
 * @module streamHub: the socket.io side of the contract. Broadcasts the verse stream, params and scene to
 * every namespace, sends `state` on connect and on `state:resume`, and handles kiosk and console requests
 * (console actions need the token). Every request is validated; every refusal is a clear error ack.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Namespace as IoNamespace, Server, Socket } from 'socket.io';
import type { ControlTarget } from '../engine/control/controlTarget.ts';
import type { Mapping } from '../protocol/mappingSchema.ts';
import { Emitter } from '../engine/emitter.ts';
import { InkverseError, toErrorPayload, type ErrorPayload } from '../protocol/errors.ts';
import { logger } from '../engine/log.ts';
import type { PromptQueue, QueueChange } from '../engine/promptQueue.ts';
import type { VerseLoop } from '../engine/verseLoop.ts';
import type { Metrics } from './metrics.ts';
import type { KioskPrompts } from './promptStatus.ts';
import type { SceneState } from './sceneState.ts';
import { parseRequest, REQUESTS, type RequestName } from './socketRequests.ts';
import { KIOSK_REQUESTS, type KioskRequest, type Visitor } from './visitorServices.ts';
import {
  NAMESPACES,
  type ActivityPayload,
  type ClientToServerEvents,
  type QueueItemView,
  type ServerToClientEvents,
  type StatePayload,
  type StatusPayload,
} from '../protocol/events.ts';

const log = logger('server:sockets');

type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type Ack = (a: { ok: true } | { ok: false; error: ErrorPayload }) => void;

/** Console features provided by the control layer (voices, mappings, MIDI). */
export interface ConsoleServices {
  voiceNames(): string[];
  saveVoice(name: string): Promise<void>;
  mappings(): Mapping[];
  /** Validates, persists and applies a mapping; rejects (nothing changed) when it is invalid. */
  saveMapping(mapping: Mapping): Promise<void>;
  removeMapping(mapping: Mapping): Promise<void>;
  handleMidi(data: number[]): void;
}

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
}

const ACTIVITY_PER_SECOND = 50;
const KIOSK_EVENTS: RequestName[] = ['prompt:submit', 'prompt:status', 'state:resume', ...KIOSK_REQUESTS];
const STREAM_EVENTS: RequestName[] = ['state:resume'];
const CONSOLE_EVENTS = Object.keys(REQUESTS) as RequestName[];

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class StreamHub {
  readonly #o: StreamHubOptions;
  readonly #offs: Array<() => void> = [];

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
    if (options.activity) {
      // A flood of controller messages must not become a flood of console updates: at most
      // ACTIVITY_PER_SECOND reach the console, the rest are counted in the metrics only.
      let windowStart = 0;
      let sent = 0;
      this.#offs.push(
        options.activity.on('activity', (a) => {
          if (a.at - windowStart >= 1000) {
            windowStart = a.at;
            sent = 0;
          }
          if (++sent <= ACTIVITY_PER_SECOND) io.of('/console').emit('activity', a);
          else metrics.activityDropped.inc();
        }),
      );
    }

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
    };
  }

  #connect(ns: IoNamespace, socket: IoSocket): void {
    const name = ns.name;
    const { metrics } = this.#o;
    metrics.clients.inc({ namespace: name });
    socket.on('disconnect', () => {
      metrics.clients.dec({ namespace: name });
      this.#o.prompts.forget(socket.id);
    });
    socket.emit('state', this.state());

    const allowed = name === '/console' ? CONSOLE_EVENTS : name === '/kiosk' ? KIOSK_EVENTS : STREAM_EVENTS;
    const authorized = name === '/console' && this.#authorized(socket);
    socket.onAny(async (event: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
      const reply = (a: { ok: true } | { ok: false; error: ErrorPayload }): void => {
        if (ack) ack(a);
        else if (!a.ok) socket.emit('error', a.error);
      };
      try {
        if (!(allowed as string[]).includes(event)) {
          throw new InkverseError(
            'INKVERSE_E_UNKNOWN_EVENT',
            `"${event}" is not an event of ${name}; it takes: ${allowed.join(', ')}.`,
          );
        }
        if (name === '/console' && event !== 'state:resume' && !authorized) {
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

    if (name === '/console') {
      socket.emit('queue', { items: this.#queueView(true) });
      socket.emit('status', { ...this.#o.status(), authorized });
      if (this.#o.services) {
        socket.emit('voices', { names: this.#o.services.voiceNames() });
        socket.emit('mappings', { mappings: this.#o.services.mappings() });
      }
    }
  }

  #authorized(socket: IoSocket): boolean {
    const token = this.#o.token;
    const given = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    return Boolean(token) && typeof given === 'string' && safeEqual(given, token!);
  }

  /** Handles one validated request; returns extra ack fields. */
  #handle(socket: IoSocket, ns: string, event: RequestName, payload: unknown): Record<string, unknown> | Promise<Record<string, unknown>> {
    const { control, queue, scene, metrics } = this.#o;
    switch (event) {
      case 'state:resume': {
        socket.emit('state', this.state(parseRequest(event, payload)));
        return {};
      }
      case 'prompt:submit': {
        const { text } = parseRequest(event, payload);
        const source = ns === '/console' ? 'performer' : 'visitor';
        try {
          const res = control.submitPrompt(text, source, ns === '/console' ? 'console' : socket.id);
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
        if (this.#o.kiosk && (KIOSK_REQUESTS as readonly string[]).includes(event)) return this.#o.kiosk(event as KioskRequest, parseRequest(event, payload) ?? {});
        return this.#handleService(event, payload);
    }
  }

  async #handleService(event: RequestName, payload: unknown): Promise<Record<string, unknown>> {
    const services = this.#o.services;
    if (!services) throw new InkverseError('INKVERSE_E_UNKNOWN_EVENT', `"${event}" is not available in this installation.`);
    const console = this.#o.io.of('/console');
    switch (event) {
      case 'voice:save':
        await services.saveVoice(parseRequest(event, payload).name);
        console.emit('voices', { names: services.voiceNames() });
        return {};
      case 'mapping:save':
        await services.saveMapping(parseRequest(event, payload));
        console.emit('mappings', { mappings: services.mappings() });
        return {};
      case 'mapping:remove':
        await services.removeMapping(parseRequest(event, payload));
        console.emit('mappings', { mappings: services.mappings() });
        return {};
      case 'midi:message':
        services.handleMidi(parseRequest(event, payload).data);
        return {};
      default:
        throw new InkverseError('INKVERSE_E_UNKNOWN_EVENT', `"${event}" is not handled.`);
    }
  }

  #queueView(withText: boolean): QueueItemView[] {
    return this.#o.queue.list().map((p, i) => ({ id: p.id, source: p.source, position: i + 1, ...(withText ? { text: p.text } : {}) }));
  }

  #queueChanged(change?: QueueChange): void {
    const { io, queue, metrics } = this.#o;
    metrics.queue.set(queue.size);
    io.of('/console').emit('queue', { items: this.#queueView(true) });
    this.#o.prompts.changed(change);
  }

  close(): void {
    for (const off of this.#offs.splice(0)) off();
  }
}
