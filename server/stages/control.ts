/**
 * @module control (installation stage): everything that steers the writer: the guarded `ControlTarget` every
 * transport acts through, the scene state, saved presets, controller mappings (the config's and learned ones),
 * OSC in and out, and the activity feed the console's monitor shows. One mapping core serves OSC and MIDI,
 * so smoothing and the monitor are shared.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import type { Config } from '../../config/schema.ts';
import type { Clock } from '../../engine/clock.ts';
import type { ControlTarget } from '../../engine/control/controlTarget.ts';
import { Mapper } from '../../engine/control/mapper.ts';
import { MappingFile } from '../../engine/control/mappingFile.ts';
import { applyMidi, describeMidi } from '../../engine/control/midi.ts';
import { Presets } from '../../engine/control/presets.ts';
import { Emitter } from '../../engine/emitter.ts';
import { checkPromptMode } from '../../engine/promptModes.ts';
import { cleanPrompt } from '../../engine/promptQueue.ts';
import type { Mapping } from '../../protocol/mappingSchema.ts';
import type { ConsoleServices } from '../consoleFeed.ts';
import { controlLimits, guardControl } from '../guardedControl.ts';
import type { Metrics } from '../metrics.ts';
import { createOscOut, type OscOut } from '../osc/oscOut.ts';
import { createOscServer, type ActivityEvents, type OscServer } from '../osc/oscServer.ts';
import { OSC_ADDRESSES } from '../osc/oscBuiltins.ts';
import { SceneState } from '../sceneState.ts';
import type { EngineStage } from './engine.ts';
import type { StorageStage } from './storage.ts';

export interface ControlStageOptions {
  config: Config;
  clock: Clock;
  metrics: Metrics;
  storage: Pick<StorageStage, 'queue' | 'storage'>;
  engine: Pick<EngineStage, 'model' | 'params' | 'loop' | 'visitor' | 'models'>;
  /** Folder where learned controller mappings are saved; default `config/`. */
  configDir?: string;
}

export interface ControlStage {
  /** What every transport acts through, guarded: performer share of the queue, inject caps, verse length. */
  readonly control: ControlTarget;
  readonly scene: SceneState;
  readonly presets: Presets;
  readonly osc: OscServer;
  /** The OSC mirror of the stream, when `osc.out` is configured. */
  readonly oscOut: OscOut | null;
  /** Controller activity (OSC, MIDI) for the console's monitor. */
  readonly activity: Emitter<ActivityEvents>;
  /** The console's presets, mappings and MIDI. */
  readonly services: ConsoleServices;
  /** Controller mappings in force: the config's, overridden by learned ones. */
  mappings(): Mapping[];
  dispose(): Promise<void>;
}

function guardedTarget(o: ControlStageOptions, scene: SceneState, presets: Presets): ControlTarget {
  const { config, clock, engine, storage } = o;
  const { model, loop, visitor, params } = engine;
  const { queue } = storage;
  return guardControl({
    params,
    skip: () => void loop.skip(),
    submitPrompt: (text, source, owner, mode) => {
      storage.storage.assertWritable(); // on a full disk a prompt would be lost: refused kindly, with a code
      checkPromptMode(model, mode); // a mode the model does not write in is refused before the prompt is read
      // Length first: moderation and the language bridge never read a prompt longer than the queue takes.
      const checked = visitor.hooks.checkPrompt(cleanPrompt(text, config.engine.prompt.maxChars), source);
      if (mode === 'ci') checkPromptMode(model, mode, checked); // a ci names its tune: refused now, not when its turn comes
      return queue.submit(checked, source, owner, mode);
    },
    inject: (text) => loop.inject(text),
    setScene: (name, origin, display) => (display === undefined ? scene.set(name, origin) : scene.assignKnown(display, name, origin)),
    // Throws at once for an unknown preset; the crossfade itself runs on.
    recallPreset: (name, fade) => void presets.recall(name, fade),
    switchModel: (name, origin) => engine.models.switchTo(name, origin),
  }, { queue, loop, now: () => clock.now(), ...controlLimits(config.engine) });
}

export async function startControl(o: ControlStageOptions): Promise<ControlStage> {
  const { config, clock, engine } = o;
  const scene = new SceneState(engine.params);
  const presets = await Presets.open({ dir: path.resolve(config.data), store: engine.params, clock });
  const control = guardedTarget(o, scene, presets);
  const activity = new Emitter<ActivityEvents>();
  const mapper = new Mapper({ target: control, clock });
  const mappingFile = new MappingFile({ dir: o.configDir ?? path.join(PROJECT_ROOT, 'config') });
  await mappingFile.load();
  let mappings = mappingFile.merged(config.osc.mappings);
  for (const m of mappings) mapper.check(m);
  const osc = await createOscServer({ port: config.osc.port, host: config.osc.host, allow: config.osc.allow, perSenderPerSecond: config.osc.perSender.perSecond, perSenderBurst: config.osc.perSender.burst, mappings, target: control, clock, mapper, activity });
  osc.refusals.on('refused', (r) => activity.emit('activity', { source: 'osc', address: r.address, args: [], at: r.at, error: { code: r.code, message: r.message } }));
  o.metrics.watchOsc(() => ({ ...osc.stats() }));
  // A switch that fails to load after it was taken shows on the console's monitor like a refused message.
  const offSwitch = engine.models.events.on('failed', (f) => activity.emit('activity', { source: f.origin === 'osc' ? 'osc' : 'console', address: OSC_ADDRESSES.model, args: [f.name], at: clock.now(), error: f.error }));
  const oscOut = config.osc.out ? await createOscOut({ host: config.osc.out.host, port: config.osc.out.port, source: engine.loop.events, params: engine.params, clock }) : null;
  const reloadMappings = (): void => {
    const next = mappingFile.merged(config.osc.mappings);
    osc.setMappings(next);
    mappings = next;
  };
  const services: ConsoleServices = {
    presetNames: () => presets.names(),
    savePreset: async (name) => void (await presets.save(name)),
    mappings: () => mappings,
    saveMapping: async (m) => {
      mapper.check(m);
      await mappingFile.upsert(m);
      reloadMappings();
    },
    removeMapping: async (m) => {
      await mappingFile.remove(m);
      reloadMappings();
    },
    models: () => engine.models.payload(),
    onModels: (listener) => engine.models.events.on('changed', listener),
    handleMidi: (data) => {
      const { event } = applyMidi(data, mappings, mapper);
      if (event) activity.emit('activity', { source: 'midi', address: describeMidi(event), args: [event.value], at: clock.now() });
    },
  };
  return {
    control,
    scene,
    presets,
    osc,
    oscOut,
    activity,
    services,
    mappings: () => mappings,
    async dispose() {
      offSwitch();
      await osc.close();
      await oscOut?.close();
      mapper.dispose();
      presets.dispose();
    },
  };
}
