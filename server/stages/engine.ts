/**
 * @module engine (installation stage): the writer: the model and its supervised generator, the live
 * parameters, the visitor services the loop consults (moderation, originality, glosses) and the verse loop.
 * The loop is built but not started: the installation starts it, through operations, once something can write.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import type { Config } from '../../config/schema.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { attractThemesFor } from '../../engine/attractThemes.ts';
import type { Clock } from '../../engine/clock.ts';
import { ControlSurface, type InstallationParams } from '../../engine/control/controlSurface.ts';
import type { GeneratorFactory } from '../../engine/generatorBackends.ts';
import { logger } from '../../engine/log.ts';
import { ModelRegistry, modelSamplingParams, type ModelInfo } from '../../engine/modelRegistry.ts';
import type { GeneratorSupervisor } from '../../engine/supervisor/generatorSupervisor.ts';
import { chainFor, supervisedGenerator } from '../../engine/supervisor/supervisedGenerator.ts';
import { ModelSwitch } from '../../engine/modelSwitch.ts';
import { assertBlendable } from '../../engine/tokenizerMatch.ts';
import { VerseLoop } from '../../engine/verseLoop.ts';
import { continuedSeed } from '../../engine/verseSeed.ts';
import { weightsDigest } from '../../engine/provenance/weightsDigest.ts';
import { attractDrawer } from '../attractDrawer.ts';
import { CorpusIndex } from '../../engine/originality/corpusIndex.ts';
import { CONTROL_TABLES } from '../../scenes/controlTables.ts';
import type { Metrics } from '../metrics.ts';
import { trackVerseMetrics } from '../verseMetrics.ts';
import type { ParamValues } from '../../protocol/paramSpec.ts';
import { createVisitor, type Visitor } from '../visitorServices.ts';
import type { StorageStage } from './storage.ts';

const log = logger('server');

export interface EngineStageOptions {
  config: Config;
  clock: Clock;
  metrics: Metrics;
  storage: StorageStage;
  /** Makes the generators instead of the real backends (fakes in tests of failure paths). */
  createGenerator?: GeneratorFactory;
}

export interface EngineStage {
  readonly model: ModelInfo;
  /** Every live parameter (engine, scene.<name>.*, sound.*) by qualified name. */
  readonly params: ControlSurface<InstallationParams>;
  readonly generator: GeneratorSupervisor;
  /** Live model switching (console, OSC): the installed models and the switch itself. */
  readonly models: ModelSwitch;
  readonly loop: VerseLoop;
  /** The visitor's services: the loop's hooks and judges here, the kiosk's requests and verse pages for the streams. */
  readonly visitor: Visitor;
  /** Ends the loop, then the generator. */
  dispose(): Promise<void>;
}

function openModel(config: Config): { model: ModelInfo; blend: ModelInfo | null; registry: ModelRegistry; sampling: ParamValues } {
  const registry = new ModelRegistry(config.model.dir ?? path.join(PROJECT_ROOT, 'models'));
  const model = registry.get(config.model.name);
  const sampling = modelSamplingParams(model);
  if (sampling.ignored.length) log.warn({ model: model.name, ignored: sampling.ignored }, 'ignoring model sampling defaults outside the engine ranges');
  // The style fader's second model: refused here, before anything loads, when it cannot be blended.
  const blend = config.model.blend ? registry.get(config.model.blend) : null;
  if (blend && config.model.backend !== 'transformers') {
    throw new InkverseError('INKVERSE_E_CONFIG', `Config model.blend needs the "transformers" backend, which runs both models here; model.backend is "${config.model.backend}".`);
  }
  if (blend) assertBlendable(model, blend);
  return { model, blend, registry, sampling: sampling.params };
}

interface LoopParts {
  model: ModelInfo;
  registry: ModelRegistry;
  params: ControlSurface<InstallationParams>;
  generator: GeneratorSupervisor;
  visitor: Visitor;
}

/** The verse loop, seeded after the archive's last verse, with the attract theme drawer following it. */
function createLoop(o: EngineStageOptions, parts: LoopParts): { loop: VerseLoop; offThemes: () => void } {
  const { config, clock, storage } = o;
  const { model, registry, params, generator, visitor } = parts;
  const { archive } = storage;
  const seed = continuedSeed(config.engine.seed, archive.maxSeed()); // the storage stage recovered first: interrupted verses are archived with their seeds
  const themes = attractDrawer({ config, model, archive, clock, seed, visitorTheme: (prompt) => visitor.hooks.theme(prompt, 'visitor') });
  const loop = new VerseLoop({
    generator,
    model,
    params,
    queue: storage.queue,
    clock,
    seed,
    drawTheme: (language) => themes.draw(language),
    attract: attractThemesFor(model.language, config.engine.attract),
    attractFor: (language) => attractThemesFor(language, config.engine.attract),
    archive,
    journal: storage.journal,
    visitor: visitor.hooks,
    judges: visitor.judges,
    // Asked once per verse: only the folder's path, not registry.get(), which reads and parses the model's config,
    // tokenizer and profile (8% of the main thread's CPU when verses came unpaced). A model that is not in the
    // registry (a remote backend) has no weight file there, hence no digest.
    weights: (name, dtype) => weightsDigest(registry.folder(name), dtype),
  });
  return { loop, offThemes: themes.follow(loop.events) };
}

export function startEngine(o: EngineStageOptions): EngineStage {
  const { config, clock, metrics, storage } = o;
  const { model, blend, registry, sampling } = openModel(config);
  // Every namespace on one surface: engine (bare names, the model's sampling defaults first), scene.<name>.*, sound.*. Config values may name any of them.
  const params = new ControlSurface<InstallationParams>(CONTROL_TABLES.map((t) => ({ prefix: t.prefix, table: t.table, ...(t.prefix === '' ? { initial: sampling } : {}) })));
  params.set(config.params, 'config');
  const chain = {
    ...config.model,
    blend,
    threads: config.model.threads || undefined,
    ...(config.openai ? { openai: { ...config.openai, retryMinMs: config.openai.retryMin * 1000 } } : {}),
    params,
    createGenerator: o.createGenerator,
    readModel: (name: string) => registry.get(name),
    replay: { source: { list: (n: number) => storage.archive.list(n) }, seed: config.engine.seed },
  };
  const generator = supervisedGenerator({ ...chain, model, clock });
  const models = new ModelSwitch({ registry, generator, model, blend, chainFor: (m) => chainFor(chain, m) });
  const corpus = model.corpusIndex ? CorpusIndex.load(model.corpusIndex, model.language === 'zh' ? 'zh' : 'en') : null;
  const visitor = createVisitor({
    config,
    model,
    corpus,
    archive: storage.archive,
    clock,
    onModeration: (d) => metrics.moderation.inc({ target: d.target, action: d.action }),
    onCopied: () => metrics.linesCopied.inc(),
    onRedraft: (judge) => metrics.redrafts.inc({ judge }),
  });
  const { loop, offThemes } = createLoop(o, { model, registry, params, generator, visitor });
  visitor.warm(); // the visitor's tables load while the model loads
  const offVerseMetrics = trackVerseMetrics(loop.events, metrics, clock);
  metrics.watchGenerator(() => generator.memory());
  const offReady = generator.events.on('status', (s) => metrics.modelReady.set(s.status === 'ok' ? 1 : 0));
  return {
    model,
    params,
    generator,
    models,
    loop,
    visitor,
    async dispose() {
      params.dispose();
      await loop.close();
      await generator.close();
      offReady();
      offVerseMetrics();
      offThemes();
    },
  };
}
