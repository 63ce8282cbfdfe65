/**
 * @module installation: composes one running installation from a validated config, in stages that each
 * return a typed handle and its disposer (server/stages/): storage (archive, queue, journal), engine (model,
 * generator, parameters, verse loop), operations (opening hours, backups), control (guarded target, presets,
 * mappings, OSC), pages (HTTP) and streams (socket.io). A stage sees only the handles of those before it.
 * The HTTP side listens before the model loads, so pages wait calmly (and /health says "degraded") meanwhile.
 */
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'socket.io';
import type { Config } from '../config/schema.ts';
import type { Archive } from '../engine/archive.ts';
import { systemClock, type Clock } from '../engine/clock.ts';
import type { ControlSurface, InstallationParams } from '../engine/control/controlSurface.ts';
import type { ControlTarget } from '../engine/control/controlTarget.ts';
import type { Presets } from '../engine/control/presets.ts';
import type { GeneratorFactory } from '../engine/generatorBackends.ts';
import { logger } from '../engine/log.ts';
import type { ModelInfo } from '../engine/modelRegistry.ts';
import type { PromptQueue } from '../engine/promptQueue.ts';
import type { GeneratorSupervisor } from '../engine/supervisor/generatorSupervisor.ts';
import type { VerseLoop } from '../engine/verseLoop.ts';
import type { Mapping } from '../protocol/mappingSchema.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol/events.ts';
import type { Health } from './httpRoutes.ts';
import { listen } from './httpServer.ts';
import { Metrics } from './metrics.ts';
import { startOperations } from './operations.ts';
import type { OscOut } from './osc/oscOut.ts';
import type { OscServer } from './osc/oscServer.ts';
import type { SceneState } from './sceneState.ts';
import { joinCluster } from './stages/cluster.ts';
import { startControl } from './stages/control.ts';
import { startEngine } from './stages/engine.ts';
import { healthReport } from './stages/health.ts';
import { servePages } from './stages/pages.ts';
import { StageStack } from './stages/stageStack.ts';
import { openStorage } from './stages/storage.ts';
import { startStreams } from './stages/streams.ts';

const log = logger('server');

export interface InstallationOptions {
  config: Config;
  /** Makes the generators instead of the real backends (fakes in tests of failure paths); the supervisor still runs. */
  createGenerator?: GeneratorFactory;
  clock?: Clock;
  /** Folder where learned controller mappings are saved; default the config file's folder (`config/`). */
  configDir?: string;
}

export interface Installation {
  readonly config: Config;
  readonly model: ModelInfo;
  /** Every live parameter (engine, scene.<name>.*, sound.*) by qualified name. */
  readonly params: ControlSurface<InstallationParams>;
  readonly queue: PromptQueue;
  readonly loop: VerseLoop;
  /** The supervised generator: the model, its fallbacks, and the service status they give. */
  readonly generator: GeneratorSupervisor;
  readonly archive: Archive;
  readonly scene: SceneState;
  readonly control: ControlTarget;
  readonly presets: Presets;
  readonly osc: OscServer;
  /** The OSC mirror of the stream, when `osc.out` is configured. */
  readonly oscOut: OscOut | null;
  /** Controller mappings in force: the config's, overridden by learned ones. */
  mappings(): Mapping[];
  readonly http: HttpServer;
  readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  /** Resolves when something can write (the model, or a fallback) and the loop has started (with Redis: once this server may write when elected); rejects only if closed first. */
  readonly ready: Promise<void>;
  health(): Health;
  /** Stops; with `graceMs` the verse being written may finish first, else it is archived as interrupted and requeued. */
  close(options?: { graceMs?: number }): Promise<void>;
}

export async function startInstallation(options: InstallationOptions): Promise<Installation> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const metrics = new Metrics();
  const stages = new StageStack();
  let closing: Promise<void> | null = null;
  try {
    const storage = stages.add(openStorage({ config, clock }));
    const engine = stages.add(startEngine({ config, clock, metrics, storage, createGenerator: options.createGenerator }));
    const operations = stages.add(disposable(startOperations({ config, loop: engine.loop, archive: storage.archive, metrics, clock })));
    const control = stages.add(await startControl({ config, clock, metrics, storage, engine, configDir: options.configDir }));
    const cluster = await joinCluster({ config, clock, storage, engine, control }); // null without redis.url
    if (cluster) stages.add(cluster);
    const health = healthReport({ clock, startedAt, engine, storage, operations, cluster });
    const web = stages.add(await servePages({ config, clock, metrics, storage, visitor: engine.visitor, health }));
    const streams = stages.add(startStreams({ config, clock, startedAt, metrics, http: web.http, port: web.port, storage, engine, control, operations, cluster }));
    // First, while displays still listen: the verse finishes within the grace, or ends interrupted and is requeued.
    const close = (o: { graceMs?: number } = {}): Promise<void> => (closing ??= engine.loop.close(o.graceMs ?? 0).then(() => stages.dispose()));
    await listen(web.http, config.server.port, config.server.host);
    // An edge never writes, so it loads no model; a standby loads it now, to take over within seconds.
    const ready = (cluster?.contends === false ? Promise.resolve() : engine.generator.load()).then(() => {
      // A load that finishes while closing starts nothing (the loop ignores start after close, too).
      if (closing) throw new Error('The installation closed before anything could write.');
      metrics.modelReady.set(engine.generator.status.status === 'ok' ? 1 : 0);
      if (cluster) cluster.start(() => operations.startLoop()); // whenever elected
      else operations.startLoop(); // now, or at opening time
    });
    ready.catch((err: unknown) => log.info({ err }, 'closed before anything could write'));
    const { port } = web.http.address() as AddressInfo;
    const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? '127.0.0.1' : config.server.host;
    const { model, params, generator, loop } = engine;
    const { control: target, scene, presets, osc, oscOut, mappings } = control;
    return { config, model, params, queue: storage.queue, loop, generator, archive: storage.archive, scene, control: target, presets, osc, oscOut, mappings, http: web.http, io: streams.io, url: `http://${host}:${port}`, port, ready, health, close };
  } catch (err) {
    await stages.dispose(); // nothing stays open: the OSC socket, the archive, the queue store
    throw err;
  }
}

/** A stage whose teardown is synchronous, as a disposable one. */
function disposable<T extends { close(): void }>(stage: T): T & { dispose(): Promise<void> } {
  return { ...stage, dispose: async () => stage.close() };
}
