/**
 * @module streams (installation stage): socket.io on the pages' HTTP server, fanning the writer out to every
 * page: the stream hub (verses, parameters, scenes, the queue, requests), each kiosk's own prompts, display
 * assignments, the service status, opening hours, take-away codes, and the slow-reader watch. It reaches the
 * writer only through the stage handles it is given.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Config } from '../../config/schema.ts';
import type { Clock } from '../../engine/clock.ts';
import { NAMESPACES, type ClientToServerEvents, type ServerToClientEvents, type StatusPayload } from '../../protocol/events.ts';
import { Displays } from '../displays.ts';
import type { Metrics } from '../metrics.ts';
import type { Operations } from '../operations.ts';
import { KioskPrompts } from '../promptStatus.ts';
import { EventRates } from '../eventRates.ts';
import { socketServerOptions, watchSlowReaders } from '../socketGuards.ts';
import { StreamHub } from '../streamHub.ts';
import { localCommands, type PromptLookup } from '../commandSink.ts';
import { localSnapshot } from '../snapshotSource.ts';
import type { ClusterStage } from './cluster.ts';
import { CoCreation, revisionForm } from '../coCreation.ts';
import { VisitorLimits } from '../visitorLimits.ts';
import type { ControlStage } from './control.ts';
import type { EngineStage } from './engine.ts';
import type { StorageStage } from './storage.ts';

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;

/** Longest wait at close for a connection to send what it was given (the last `verse:end`), in milliseconds. */
const FLUSH_AT_CLOSE_MS = 2000;

export interface StreamsStageOptions {
  config: Config;
  clock: Clock;
  /** When the installation started, ms since the epoch (`uptime_s` in the console's status). */
  startedAt: number;
  metrics: Metrics;
  /** The HTTP server socket.io attaches to, and its bound port (for take-away links). */
  http: HttpServer;
  port(): number;
  storage: StorageStage;
  engine: Pick<EngineStage, 'model' | 'generator' | 'loop' | 'visitor'>;
  control: Pick<ControlStage, 'control' | 'scene' | 'services' | 'activity'>;
  operations: Pick<Operations, 'hours' | 'events'>;
  /** With Redis: the adapter, and the state and commands that follow this server's role. */
  cluster?: ClusterStage | null;
}

export interface StreamsStage {
  readonly io: IoServer;
  /** Disconnects every socket and closes socket.io (and with it the HTTP server). */
  dispose(): Promise<void>;
}

function startHub(o: StreamsStageOptions, io: IoServer, rates: EventRates): { hub: StreamHub; close(): void } {
  const { config, clock, storage, engine, control, startedAt } = o;
  const { queue } = storage;
  const status = (): StatusPayload => ({
    model: engine.generator.model,
    device: engine.generator.info.device,
    clients: Object.fromEntries(NAMESPACES.map((ns) => [ns, io.of(ns).sockets.size])),
    queue: queue.size,
    uptime_s: Math.round((clock.now() - startedAt) / 1000),
  });
  const local = { commands: localCommands({ control: control.control, lookup: (ids, owner): PromptLookup[] => prompts.lookup(ids, owner) }), snapshot: localSnapshot({ feed: engine.loop, control: control.control, scene: control.scene, queue, service: () => engine.generator.status, now: () => clock.now() }) };
  const shared = o.cluster?.bind(io, { ...local, queue });
  const waiting = shared?.queue ?? queue; // with Redis, the writer's queue wherever this server stands
  const prompts = new KioskPrompts({ queue: waiting, journal: storage.journal, archive: storage.archive, store: storage.store, kiosk: io.of('/kiosk') });
  const offMirror = shared?.onQueue(() => prompts.changed()); // kiosks here hear their positions as the writer's queue moves
  const visitors = new VisitorLimits({ queue: waiting, perAddress: config.engine.queue.perAddress, perAddressPerMinute: config.engine.queue.perAddressPerMinute, now: () => clock.now() });
  // Writing with the machine: revisions, other drafts and continuations, queued like prompts within the same limits.
  const coCreation = new CoCreation({ archive: storage.archive, queue, form: revisionForm(engine.model), writing: () => storage.journal.writing?.id ?? null, moderate: (t) => engine.visitor.moderateLine(t), annotate: (l) => engine.visitor.annotate(l), visitors });
  const hub = new StreamHub({
    io,
    feed: engine.loop,
    commands: shared?.commands ?? local.commands,
    snapshot: shared?.snapshot ?? local.snapshot,
    writes: () => o.cluster?.writing() ?? true, // the cluster stage's one answer (mid take-over: not yet)
    control: control.control,
    queue,
    scene: control.scene,
    metrics: o.metrics,
    now: () => clock.now(),
    rates,
    prompts,
    token: config.server.token,
    status,
    services: control.services,
    activity: control.activity,
    kiosk: (e, p) => engine.visitor.handleKiosk(e, p),
    visitors,
    coCreation,
    maxBufferedBytes: config.server.maxBufferedBytes,
  });
  return { hub, close: () => (hub.close(), local.snapshot.close(), offMirror?.()) };
}

export function startStreams(o: StreamsStageOptions): StreamsStage {
  const { config, engine, operations, metrics } = o;
  // One table of event costs for every socket; an address it cut off for flooding is refused before its handshake.
  const rates = new EventRates({ now: () => o.clock.now() });
  const io: IoServer = new Server<ClientToServerEvents, ServerToClientEvents>(o.http, { ...socketServerOptions(config.server, () => o.clock.now(), (address) => rates.barred(address)), ...o.cluster?.ioOptions });
  const hub = startHub(o, io, rates);
  const offVisitor = engine.visitor.attach(engine.loop.events, io, o.port);
  // After the hub, so a display's own scene reaches it after the `state` the hub sends on connect.
  const displays = new Displays({ io, scene: o.control.scene, now: () => o.clock.now() });
  // Every page hears the service status and the opening hours on connect and on each change
  // (the kiosk tells visitors their verse will wait; displays dim outside the hours).
  for (const ns of NAMESPACES) {
    io.of(ns).on('connection', (socket) => {
      socket.emit('service', engine.generator.status);
      socket.emit('hours', operations.hours());
    });
  }
  const offService = engine.generator.events.on('status', (s) => NAMESPACES.forEach((ns) => io.of(ns).emit('service', s)));
  const offHours = operations.events.on('hours', (h) => NAMESPACES.forEach((ns) => io.of(ns).emit('hours', h)));
  const stopSlow = watchSlowReaders(io, NAMESPACES, { maxBufferedBytes: config.server.maxBufferedBytes, intervalMs: 1000, now: () => o.clock.now(), onDisconnect: (ns) => metrics.slowReaders.inc({ namespace: ns }) });
  return {
    io,
    async dispose() {
      hub.close();
      stopSlow();
      offHours();
      offService();
      displays.close();
      offVisitor();
      await closeConnections(io, o.clock);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

/**
 * Closes every page's connection once what was sent to it has gone out, so the verse that ended at shutdown
 * reaches the displays (`io.close` alone discards unsent packets); one that does not drain in time is cut.
 */
async function closeConnections(io: IoServer, clock: Clock): Promise<void> {
  const conns = new Set(NAMESPACES.flatMap((ns) => [...io.of(ns).sockets.values()].map((s) => s.conn)));
  const closed = [...conns].map((c) => (c.readyState === 'closed' ? Promise.resolve() : new Promise<void>((resolve) => c.once('close', () => resolve()))));
  for (const ns of NAMESPACES) io.of(ns).disconnectSockets(true); // each connection closes once its buffer drains
  const cap = new AbortController();
  await Promise.race([Promise.all(closed), clock.sleep(FLUSH_AT_CLOSE_MS, cap.signal).catch(() => {})]);
  cap.abort();
}
