/**
 * @module installation: composes one running installation from a validated config: the model and its
 * generator worker, live parameters, the prompt queue, the verse loop, the archive, HTTP + socket.io.
 * The HTTP side starts first, so pages wait calmly (and /health says "degraded") while the model loads.
 */
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Server } from 'socket.io';
import { PROJECT_ROOT } from '../config/loadConfig.ts';
import type { Config } from '../config/schema.ts';
import { Archive } from '../engine/archive.ts';
import { attractThemesFor } from '../engine/attractThemes.ts';
import { systemClock, type Clock } from '../engine/clock.ts';
import type { ControlTarget } from '../engine/control/controlTarget.ts';
import { ENGINE_PARAMS } from '../engine/engineParams.ts';
import type { GeneratorFactory } from '../engine/generatorBackends.ts';
import { supervisedGenerator } from '../engine/supervisor/supervisedGenerator.ts';
import type { GeneratorSupervisor } from '../engine/supervisor/generatorSupervisor.ts';
import { logger } from '../engine/log.ts';
import { ModelRegistry, modelSamplingParams, type ModelInfo } from '../engine/modelRegistry.ts';
import { checkPromptMode } from '../engine/promptModes.ts';
import { ParamStore } from '../engine/paramStore.ts';
import { ControlSurface } from '../engine/control/controlSurface.ts';
import { CONTROL_TABLES } from '../scenes/controlTables.ts';
import { PromptQueue } from '../engine/promptQueue.ts';
import { QueueStore } from '../engine/queueStore.ts';
import { VerseJournal } from '../engine/verseJournal.ts';
import { continuedSeed } from '../engine/verseSeed.ts';
import { attractDrawer } from './attractDrawer.ts';
import { KioskPrompts } from './promptStatus.ts';
import { VerseLoop } from '../engine/verseLoop.ts';
import { CorpusIndex } from '../models/corpusIndex.ts';
import { Emitter } from '../engine/emitter.ts';
import { Mapper } from '../engine/control/mapper.ts';
import { MappingFile } from '../engine/control/mappingFile.ts';
import type { Mapping } from '../protocol/mappingSchema.ts';
import { applyMidi, describeMidi } from '../engine/control/midi.ts';
import { Voices } from '../engine/control/voices.ts';
import { createOscServer, type ActivityEvents, type OscServer } from './osc/oscServer.ts';
import { createOscOut, type OscOut } from './osc/oscOut.ts';
import { NAMESPACES, type ClientToServerEvents, type ServerToClientEvents, type StatusPayload } from '../protocol/events.ts';
import { createRoutes, type Health } from './httpRoutes.ts';
import { Metrics } from './metrics.ts';
import { loadPages } from './pages.ts';
import { createStaticAssets } from './staticAssets.ts';
import { SceneState } from './sceneState.ts';
import { Displays } from './displays.ts';
import { StreamHub } from './streamHub.ts';
import { controlLimits, guardControl } from './guardedControl.ts';
import { createHttpServer, listen } from './httpServer.ts';
import { startOperations } from './operations.ts';
import { trackVerseMetrics } from './verseMetrics.ts';
import { socketServerOptions } from './socketGuards.ts';
import { VisitorLimits } from './visitorLimits.ts';
import { createVisitor } from './visitorServices.ts';
import { KeyRing } from './provenance/keyRing.ts';
import { createProvenanceRoutes } from './provenance/provenanceRoutes.ts';
import { verseSealer } from './provenance/verseSeal.ts';
import { weightsDigest } from '../engine/provenance/weightsDigest.ts';

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
  readonly params: ControlSurface;
  readonly queue: PromptQueue;
  readonly loop: VerseLoop;
  /** The supervised generator: the model, its fallbacks, and the service status they give. */
  readonly generator: GeneratorSupervisor;
  readonly archive: Archive;
  readonly scene: SceneState;
  readonly control: ControlTarget;
  readonly voices: Voices;
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
  /** Resolves when something can write (the model, or a fallback) and the loop has started; rejects only if closed first. */
  readonly ready: Promise<void>;
  health(): Health;
  /** Stops; with `graceMs` the verse being written may finish first, else it is archived as interrupted and requeued. */
  close(options?: { graceMs?: number }): Promise<void>;
}

export async function startInstallation(options: InstallationOptions): Promise<Installation> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const registry = new ModelRegistry(config.model.dir ?? path.join(PROJECT_ROOT, 'models'));
  const model = registry.get(config.model.name);
  const sampling = modelSamplingParams(model);
  if (sampling.ignored.length) log.warn({ model: model.name, ignored: sampling.ignored }, 'ignoring model sampling defaults outside the engine ranges');
  const engineParams = new ParamStore(ENGINE_PARAMS, { initial: sampling.params });
  // Every namespace on one surface: engine (bare names), scene.<name>.*, sound.*. Config values may name any of them.
  const params = new ControlSurface(CONTROL_TABLES.map((t) => (t.prefix === '' ? { prefix: '', store: engineParams } : { prefix: t.prefix, table: t.table })));
  params.set(config.params, 'config');
  const generator = supervisedGenerator({
    ...config.model,
    model,
    threads: config.model.threads || undefined,
    params: engineParams,
    clock,
    createGenerator: options.createGenerator,
    readModel: (name) => registry.get(name),
    replay: { source: { list: (n) => archive.list(n) }, seed: config.engine.seed }, // the archive opens below; replays start later
  });
  // The queue and the running verse live beside the archive, so a crash or a restart loses neither.
  const store = new QueueStore({ dir: path.resolve(config.data), now: () => clock.now() });
  const queue = new PromptQueue({ max: config.engine.queue.max, perClient: config.engine.queue.perClient, maxChars: config.engine.prompt.maxChars }, undefined, store);
  // Every verse is signed as it is archived, with the installation's key (made at first start).
  const keys = KeyRing.open(path.resolve(config.data));
  const archive = new Archive(path.resolve(config.data), { seal: verseSealer(keys) });
  const journal = new VerseJournal({ store, archive, queue, now: () => clock.now() });
  const interrupted = journal.recover();
  if (interrupted || queue.size) log.info({ interrupted, queued: queue.size }, 'restored the queue; interrupted verses archived and their prompts requeued');
  const visitor = createVisitor({ config, model, corpus: model.corpusIndex ? CorpusIndex.load(model.corpusIndex, model.language === 'zh' ? 'zh' : 'en') : null, archive, onModeration: (d) => metrics.moderation.inc({ target: d.target, action: d.action }), onCopied: () => metrics.linesCopied.inc(), onRedraft: (judge) => metrics.redrafts.inc({ judge }) });
  const seed = continuedSeed(config.engine.seed, archive.maxSeed()); // after recover(): interrupted verses are archived with their seeds
  const themes = attractDrawer({ config, model, archive, clock, seed, visitorTheme: (prompt) => visitor.hooks.theme(prompt, 'visitor') });
  const loop = new VerseLoop({
    generator,
    model,
    params,
    queue,
    clock,
    seed,
    drawTheme: (language) => themes.draw(language),
    attract: attractThemesFor(model.language, config.engine.attract),
    attractFor: (language) => attractThemesFor(language, config.engine.attract),
    archive,
    journal,
    visitor: visitor.hooks,
    judges: visitor.judges,
    weights: (name, dtype) => {
      try {
        return weightsDigest(registry.get(name).dir, dtype);
      } catch {
        return null; // a model that is not in the registry (a remote backend) has no weights here
      }
    },
  });
  const scene = new SceneState(params);
  const metrics = new Metrics();
  const voices = await Voices.open({ dir: path.resolve(config.data), store: params, clock });

  // Every transport's actions pass the guard: performer share of the queue, inject caps, maximum verse length.
  const control: ControlTarget = guardControl({
    params,
    skip: () => void loop.skip(),
    submitPrompt: (text, source, owner, mode) => {
      checkPromptMode(model, mode); // a mode the model does not write in is refused before the prompt is read
      return queue.submit(visitor.hooks.checkPrompt(text, source), source, owner, mode);
    },
    inject: (text) => loop.inject(text),
    setScene: (name, origin, display) => (display === undefined ? scene.set(name, origin) : scene.assignKnown(display, name, origin)),
    // Throws at once for an unknown voice; the crossfade itself runs on.
    recallVoice: (name, fade) => void voices.recall(name, fade),
  }, { queue, loop, now: () => clock.now(), ...controlLimits(config.engine) });

  // One mapping core and one activity feed for OSC and MIDI, so smoothing and the console's monitor are shared.
  const activity = new Emitter<ActivityEvents>();
  const mapper = new Mapper({ target: control, clock });
  const mappingFile = new MappingFile({ dir: options.configDir ?? path.join(PROJECT_ROOT, 'config') });
  await mappingFile.load();
  let mappings = mappingFile.merged(config.osc.mappings);
  for (const m of mappings) mapper.check(m);
  const osc = await createOscServer({ port: config.osc.port, host: config.osc.host, allow: config.osc.allow, perSenderPerSecond: config.osc.perSender.perSecond, perSenderBurst: config.osc.perSender.burst, mappings, target: control, clock, mapper, activity });
  osc.refusals.on('refused', (r) => activity.emit('activity', { source: 'osc', address: r.address, args: [], at: r.at, error: { code: r.code, message: r.message } }));
  const oscOut = config.osc.out ? await createOscOut({ host: config.osc.out.host, port: config.osc.out.port, source: loop.events, params, clock }) : null;
  const applyMappings = (next: Mapping[]): void => {
    osc.setMappings(next);
    mappings = next;
  };
  const services = {
    voiceNames: () => voices.names(),
    saveVoice: async (name: string) => void (await voices.save(name)),
    mappings: () => mappings,
    saveMapping: async (m: Mapping) => {
      mapper.check(m);
      await mappingFile.upsert(m);
      applyMappings(mappingFile.merged(config.osc.mappings));
    },
    removeMapping: async (m: Mapping) => {
      await mappingFile.remove(m);
      applyMappings(mappingFile.merged(config.osc.mappings));
    },
    handleMidi: (data: number[]) => {
      const { event } = applyMidi(data, mappings, mapper);
      if (event) activity.emit('activity', { source: 'midi', address: describeMidi(event), args: [event.value], at: clock.now() });
    },
  };

  const offVerseMetrics = trackVerseMetrics(loop.events, metrics, clock);
  const offThemes = themes.follow(loop.events);

  const health = (): Health => ({
    status: generator.status.status,
    reason: generator.status.reason,
    model: model.name,
    device: generator.info.device,
    queue: queue.size,
    uptime_s: Math.round((clock.now() - startedAt) / 1000),
    generator: generator.info.state,
    dtype: generator.info.dtype,
    devices: generator.info.devices,
    candidates: generator.candidates(),
    loop: loop.state,
    verses: loop.count,
    hours: ops.hours(),
  });

  const pages = await loadPages({ root: PROJECT_ROOT });
  const http = createHttpServer(createRoutes({ pages, archive, metrics, health, token: config.server.token, protectEndpoints: config.server.protectEndpoints, versePage: visitor.page, provenance: createProvenanceRoutes({ archive, keys }), assets: createStaticAssets({ root: PROJECT_ROOT, staticDir: path.join(PROJECT_ROOT, 'scenes', 'assets') }) }));
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, socketServerOptions(config.server));
  const status = (): StatusPayload => ({
    model: model.name,
    device: generator.info.device,
    clients: Object.fromEntries(['/kiosk', '/display', '/sound', '/console'].map((ns) => [ns, io.of(ns).sockets.size])),
    queue: queue.size,
    uptime_s: Math.round((clock.now() - startedAt) / 1000),
  });
  const prompts = new KioskPrompts({ queue, journal, archive, store, kiosk: io.of('/kiosk') });
  const hub = new StreamHub({ io, loop, control, queue, scene, metrics, now: () => clock.now(), prompts, token: config.server.token, status, services, activity, service: () => generator.status, kiosk: (e, p) => visitor.handleKiosk(e, p),
    visitors: new VisitorLimits({ queue, perAddress: config.engine.queue.perAddress, perAddressPerMinute: config.engine.queue.perAddressPerMinute, now: () => clock.now() }), maxBufferedBytes: config.server.maxBufferedBytes });
  const offVisitor = visitor.attach(loop.events, io, () => port);
  visitor.warm();
  // After the hub, so a display's own scene reaches it after the `state` the hub sends on connect.
  const displays = new Displays({ io, scene });
  // Every page hears the service status on connect and on each change (the kiosk tells visitors their verse will wait).
  for (const ns of NAMESPACES) io.of(ns).on('connection', (socket) => socket.emit('service', generator.status));
  generator.events.on('status', (s) => (NAMESPACES.forEach((ns) => io.of(ns).emit('service', s)), metrics.modelReady.set(s.status === 'ok' ? 1 : 0)));
  const ops = startOperations({ config, loop, io, archive, metrics, osc, clock });

  let closing: Promise<void> | null = null;
  const close = (options: { graceMs?: number } = {}): Promise<void> =>
    (closing ??= (async () => {
      // First, while displays still listen: the verse finishes within the grace, or ends interrupted and is requeued.
      await loop.close(options.graceMs ?? 0);
      hub.close();
      ops.close();
      displays.close();
      await osc.close();
      await oscOut?.close();
      mapper.dispose();
      voices.dispose();
      params.dispose();
      await loop.close();
      await generator.close();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
      offVisitor();
      offVerseMetrics();
      offThemes();
      journal.flush();
      archive.close();
      store.close();
    })());

  try {
    await listen(http, config.server.port, config.server.host);
  } catch (err) {
    await close(); // nothing stays open: the OSC socket, the archive, the queue store
    throw err;
  }
  const port = (http.address() as AddressInfo).port;
  const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? '127.0.0.1' : config.server.host;

  const ready = generator.load().then(() => {
    // A load that finishes while closing starts nothing (the loop ignores start after close, too).
    if (closing) throw new Error('The installation closed before anything could write.');
    metrics.modelReady.set(generator.status.status === 'ok' ? 1 : 0);
    ops.startLoop(); // now, or at opening time
  });
  ready.catch((err: unknown) => log.info({ err }, 'closed before anything could write'));

  return {
    config,
    model,
    params,
    queue,
    loop,
    generator,
    archive,
    scene,
    control,
    voices,
    osc,
    oscOut,
    mappings: () => mappings,
    http,
    io,
    url: `http://${host}:${port}`,
    port,
    ready,
    health,
    close,
  };
}
