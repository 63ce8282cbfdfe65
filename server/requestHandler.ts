/**
 * @module requestHandler: answers what pages ask over socket.io. Every request is checked against the
 * request table (its namespace and whether it needs the console token), validated, and answered with an
 * ack: `{ ok: true, ... }` or a coded error. Nothing a client sends can throw out of a listener.
 */
import type { Socket } from 'socket.io';
import type { ControlTarget } from '../engine/control/controlTarget.ts';
import { logger } from '../engine/log.ts';
import type { PromptQueue } from '../engine/promptQueue.ts';
import { InkverseError, toErrorPayload, type ErrorPayload } from '../protocol/errors.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import type { ClientToServerEvents, ServerToClientEvents, StatePayload } from '../protocol/events.ts';
import type { Asker, CoCreation } from './coCreation.ts';
import type { CommandSink } from './commandSink.ts';
import type { ConsoleFeed } from './consoleFeed.ts';
import type { Metrics } from './metrics.ts';
import type { KioskPrompts } from './promptStatus.ts';
import { CUT_OFF, EventRates, RATE_LIMITED } from './eventRates.ts';
import type { SceneState } from './sceneState.ts';
import { bufferedBytes, dropSlowReader } from './socketGuards.ts';
import { ThrottledLog } from './throttledLog.ts';
import { accessOf, eventsOf, parseRequest, type RequestName, type RequestPayload } from '../protocol/requests.ts';
import type { ResumeFrom } from './statePayload.ts';
import { VisitorLimits, type VisitorIdentity } from './visitorLimits.ts';
import type { KioskRequest, Visitor } from './visitorServices.ts';

const log = logger('server:sockets');

type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type Reply = { ok: true } | { ok: false; error: ErrorPayload };
/** What queuing a prompt or a revision answers: its id and place in the queue. */
type Queued = { id: string; position: number };

/** What a request handler knows of its sender. */
export interface RequestContext {
  socket: IoSocket;
  ns: string;
}
/** Extra fields of a request's ack (`{ ok: true, ...fields }`). */
export type AckFields = Record<string, unknown>;
/** One handler per request of the table, taking its parsed payload: a request without one does not compile. */
export type RequestHandlerMap = { [K in RequestName]: (payload: RequestPayload<K>, ctx: RequestContext) => AckFields | Promise<AckFields> };

export interface RequestHandlerOptions {
  control: ControlTarget;
  /** Where prompts go and are looked up: this process, or the writer over Redis. */
  commands: CommandSink;
  /** Whether this server writes; a console action on one that does not (a standby, an edge) is refused. Default always. */
  writes?: () => boolean;
  queue: PromptQueue;
  scene: SceneState;
  metrics: Metrics;
  /** Each kiosk's own prompts: positions, removals, `prompt:status`. */
  prompts: KioskPrompts;
  /** Console token; when unset, every console action is refused. */
  token: string | undefined;
  /** The console's own requests (status, presets, mappings, MIDI). */
  feed: ConsoleFeed;
  /** A fresh `state` (from a token on, for a page that resumes). */
  state(from?: ResumeFrom): StatePayload;
  /** Answers the kiosk's own requests (its settings, pinyin candidates, idea sparks). */
  kiosk?: Visitor['handleKiosk'];
  /** Revisions, other drafts, continuations (absent: those requests are refused as unknown verses). */
  coCreation?: CoCreation;
  /** Per-address caps and rates of visitor prompts; default: none beyond the queue's own. */
  visitors?: VisitorLimits;
  /** A socket with more unsent bytes than this gets no new `state`: it is disconnected instead. */
  maxBufferedBytes?: number;
  /** The installation's clock, ms since the epoch (rates). */
  now: () => Milliseconds;
  /** What each event costs per socket and per address; default `new EventRates({ now })`. */
  rates?: EventRates;
}

export class RequestHandler {
  readonly #o: RequestHandlerOptions;
  readonly #handlers: RequestHandlerMap;
  readonly #rates: EventRates;
  readonly #throttled: ThrottledLog;

  constructor(options: RequestHandlerOptions) {
    this.#o = options;
    this.#throttled = new ThrottledLog({ log, now: options.now });
    this.#handlers = { ...this.#pageHandlers(), ...this.#controlHandlers(), ...this.#kioskHandlers(), ...this.#coCreationHandlers(), ...options.feed.handlers() };
    this.#rates = options.rates ?? new EventRates({ now: options.now });
  }

  /** Serves every request of one socket of namespace `ns`; `authorized`: a console that gave the token. */
  serve(socket: IoSocket, ns: string, authorized: boolean): void {
    socket.on('disconnect', () => this.#rates.forget(socket.id));
    socket.onAny(async (event: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (a: Reply) => void) : undefined;
      // Before anything is read: a flood is refused for the price of a bucket lookup.
      const admission = this.#rates.admit(socket.id, socket.handshake.address, event, authorized);
      if (admission !== 'ok') return admission === 'abusive' ? this.#cutOff(socket, ns, event) : ack?.(RATE_LIMITED);
      const reply = (a: Reply): void => {
        if (ack) ack(a);
        else if (!a.ok) socket.emit('error', a.error);
      };
      try {
        const access = accessOf(event, ns);
        if (access === undefined) {
          throw new InkverseError('INKVERSE_E_UNKNOWN_EVENT', `"${String(event).slice(0, 64)}" is not an event of ${ns}; it takes: ${eventsOf(ns).join(', ')}.`);
        }
        if (access === 'token' && !authorized) {
          throw new InkverseError(
            'INKVERSE_E_UNAUTHORIZED',
            this.#o.token ? 'The console token is missing or wrong; enter the INKVERSE_TOKEN of this installation.' : 'The console is locked: start the server with INKVERSE_TOKEN set to enable it.',
          );
        }
        if (access === 'token' && this.#o.writes?.() === false) {
          throw new InkverseError('INKVERSE_E_UNAVAILABLE', 'This server does not write (a standby or an edge): open the console on the writer, the server whose /health says "role": "writer".');
        }
        const result = await this.#dispatch(event as RequestName, args[0], { socket, ns });
        reply({ ok: true, ...result });
      } catch (err) {
        // Throttled: a visitor who finds a fault can repeat it, and must not fill the log.
        if (!(err instanceof InkverseError)) this.#throttled.write('error', `request:${String(event).slice(0, 64)}`, { err, event: String(event).slice(0, 64) }, 'request failed');
        reply({ ok: false, error: toErrorPayload(err) });
      }
    });
  }

  /** A socket from an address that flooded until it was cut off, and has not calmed down: cut off at once (true). */
  barred(socket: IoSocket, ns: string): boolean {
    if (!this.#rates.barred(socket.handshake.address)) return false;
    this.#cutOff(socket, ns, 'connect');
    return true;
  }

  /** A socket that keeps flooding after its refusals: told why, then disconnected (it costs nothing more). */
  #cutOff(socket: IoSocket, ns: string, event: string): void {
    if (!socket.connected) return;
    this.#throttled.write('warn', 'cut-off', { ns, event: event.slice(0, 64), address: socket.handshake.address }, 'socket disconnected for flooding after its refusals');
    socket.emit('error', CUT_OFF);
    socket.disconnect(true);
  }

  /** Parses the payload once against the request table and hands it to the event's handler. */
  #dispatch<K extends RequestName>(event: K, payload: unknown, ctx: RequestContext): AckFields | Promise<AckFields> {
    const handler = this.#handlers[event] as (p: RequestPayload<K>, c: RequestContext) => AckFields | Promise<AckFields>;
    return handler(parseRequest(event, payload), ctx);
  }

  /** Requests every page or the kiosk makes: the state again, prompts and what became of them. */
  #pageHandlers(): Pick<RequestHandlerMap, 'state:resume' | 'prompt:submit' | 'prompt:status'> {
    const { metrics } = this.#o;
    return {
      'state:resume': (from, { socket, ns }) => {
        // A reader that stopped reading gets no more: it reconnects and starts afresh.
        const limit = this.#o.maxBufferedBytes ?? Infinity;
        if (bufferedBytes(socket) > limit) {
          metrics.slowReaders.inc({ namespace: ns });
          dropSlowReader(socket, ns, limit, this.#throttled);
          return {};
        }
        socket.emit('state', this.#o.state(from));
        return {};
      },
      'prompt:submit': ({ text, mode }, ctx) => {
        const visitor = ctx.ns === '/console' ? null : VisitorLimits.identify(ctx.socket.handshake.address, ctx.socket.handshake.auth, ctx.socket.id);
        return this.#queued(ctx, visitor, () => {
          if (visitor) this.#o.visitors?.admit(visitor);
          return this.#o.commands.submitPrompt(text, visitor ? 'visitor' : 'performer', visitor?.owner ?? 'console', mode);
        });
      },
      'prompt:status': async ({ ids }, { socket }) => ({ prompts: this.#o.prompts.follow(socket.id, await this.#o.commands.lookupPrompts(ids, this.#o.prompts.ownerOf(socket.id))) }),
    };
  }

  /** The console's live control: parameters, scenes, the running verse, the queue, presets. */
  #controlHandlers(): Pick<RequestHandlerMap, 'params:set' | 'scene:set' | 'verse:skip' | 'queue:remove' | 'verse:inject' | 'preset:recall' | 'model:switch'> {
    const { control, queue, scene } = this.#o;
    return {
      'params:set': (patch) => ({ params: control.params.set(patch, 'console') }),
      'scene:set': ({ name, display }) => {
        if (display !== undefined) {
          scene.assign(display, name, 'console'); // that display only ('' hands it back); see displays.ts
          return {};
        }
        if (name !== scene.name) control.setScene(name, 'console');
        return {};
      },
      'verse:skip': () => (control.skip('console'), {}),
      'queue:remove': ({ id }) => {
        if (!queue.remove(id)) throw new InkverseError('INKVERSE_E_NOT_FOUND', `No prompt with id "${id}" is waiting.`);
        return {};
      },
      'verse:inject': ({ text }) => (control.inject(text, 'console'), {}),
      'preset:recall': ({ name, fade }) => (control.recallPreset(name, fade, 'console'), {}),
      // Acked once the model has loaded (it writes the next verse), or with why it could not (the old one writes on).
      'model:switch': async ({ name }) => {
        if (!control.switchModel) throw new InkverseError('INKVERSE_E_UNKNOWN_EVENT', '"model:switch" is not available in this installation.');
        const { model, loaded } = control.switchModel(name, 'console');
        await loaded;
        return { model };
      },
    };
  }

  /** The kiosk's own requests, answered by the visitor services (absent: refused as unavailable). */
  #kioskHandlers(): Pick<RequestHandlerMap, KioskRequest> {
    const ask = (event: KioskRequest, payload: { text?: string } | null | undefined): AckFields => {
      if (!this.#o.kiosk) throw new InkverseError('INKVERSE_E_UNKNOWN_EVENT', `"${event}" is not available in this installation.`);
      return this.#o.kiosk(event, payload ?? {});
    };
    return {
      'kiosk:hello': (p) => ask('kiosk:hello', p),
      'pinyin:candidates': (p) => ask('pinyin:candidates', p),
      'sparks:get': (p) => ask('sparks:get', p),
    };
  }

  /**
   * The one bookkeeping of anything queued for a page (a prompt, a revision, a continuation): counted in the metrics
   * by outcome; once accepted, spent from the visitor's rate (a refused one spends nothing) and followed by the kiosk
   * that asked (`prompt:status`, its verse's code). `visitor`: null for the console (a performer).
   */
  async #queued(ctx: RequestContext, visitor: VisitorIdentity | null, write: () => Queued | Promise<Queued>): Promise<Queued> {
    const source = visitor ? 'visitor' : 'performer';
    try {
      const res = await write();
      if (visitor) this.#o.visitors?.accepted(visitor);
      this.#o.metrics.prompts.inc({ source, outcome: 'accepted' });
      if (ctx.ns === '/kiosk') this.#o.prompts.own(ctx.socket.id, res.id);
      return res;
    } catch (err) {
      this.#o.metrics.prompts.inc({ source, outcome: err instanceof InkverseError ? err.code : 'error' });
      throw err;
    }
  }

  /** Writing with the machine: a kiosk asks as its visitor (its own verses only), the console as a performer; a queued revision is followed like a prompt. */
  #coCreationHandlers(): Pick<RequestHandlerMap, 'verse:revise' | 'verse:continue' | 'line:alternatives'> {
    const co = (): CoCreation => {
      if (!this.#o.coCreation) throw new InkverseError('INKVERSE_E_NOT_FOUND', 'This installation keeps no verses to revise.');
      // With Redis, revisions queue on the writer only (a standby's or an edge's own queue is never written).
      if (this.#o.writes?.() === false) throw new InkverseError('INKVERSE_E_UNAVAILABLE', 'Revising, other drafts and continuing are done at a kiosk of the writing server; this one only shows the verse.');
      return this.#o.coCreation;
    };
    const askerOf = ({ socket, ns }: RequestContext): Asker =>
      ns === '/console' ? { kind: 'performer', owner: 'console' } : { kind: 'visitor', visitor: VisitorLimits.identify(socket.handshake.address, socket.handshake.auth, socket.id) };
    const queued = (ctx: RequestContext, write: (asker: Asker) => Queued): Promise<Queued> => {
      const asker = askerOf(ctx);
      return this.#queued(ctx, asker.kind === 'visitor' ? asker.visitor : null, () => write(asker));
    };
    return {
      'verse:revise': (p, ctx) => queued(ctx, (asker) => co().revise(asker, p)),
      'verse:continue': (p, ctx) => queued(ctx, (asker) => co().continue(asker, p)),
      'line:alternatives': (p, ctx) => ({ lines: co().alternatives(askerOf(ctx), p) }),
    };
  }
}
