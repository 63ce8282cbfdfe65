/**
 * @module candidateChain: turns an installation's model and fallback list into the supervisor's chain of
 * candidates: the model as configured, then each fallback (the model on another device, another model,
 * replays), without repeats. Each try reads the model folder afresh, so a fixed file heals the room. The model as
 * configured runs on the installation's backend (an inference server with `openai`); the fallbacks run here, on the
 * local backend, so a server that goes away leaves the room writing with the shipped model.
 */
import type { Device } from '../../protocol/devices.ts';
import type { Clock } from '../clock.ts';
import type { GeneratorBackend, GeneratorFactory, OpenAISettings } from '../generatorBackends.ts';
import { logger } from '../log.ts';
import type { ModelInfo } from '../modelRegistry.ts';
import type { ControlSurface } from '../control/controlSurface.ts';
import type { EngineParams } from '../engineParams.ts';
import { ReplayGenerator, type ReplaySource } from '../replayGenerator.ts';
import type { VerseProfile } from '../verseProfile.ts';
import type { Candidate } from './slot.ts';
import { sameTokenizer } from '../tokenizerMatch.ts';

const log = logger('engine:supervisor');

/** `replay`, or a model (default: the installation's) on a device (default: cpu). */
export type FallbackStep = 'replay' | { name?: string; device?: Device };

export interface ChainOptions {
  backend: GeneratorBackend;
  /** The installation's model, as read at start-up. */
  model: ModelInfo;
  device: Device;
  /** Weight variant of the installation's model (`auto` for fallback models). */
  dtype: string;
  threads?: number;
  /** The inference server of the `openai` backend. */
  openai?: OpenAISettings;
  /** The installation's clock, for backends that wait (an inference server's backoff). */
  clock?: Clock;
  fallback: readonly FallbackStep[];
  /** Reads a model folder by name (the registry); called at every try. */
  readModel(name: string): ModelInfo;
  createGenerator: GeneratorFactory;
  params: ControlSurface<EngineParams>;
  /** The style fader's second model: blended into every candidate of the same tokenizer (the model's is checked before). */
  blend?: ModelInfo | null;
  /** Where replays come from (the archive), and their seed. */
  replay: { source: ReplaySource; seed: number };
}

export function candidateChain(o: ChainOptions): Candidate[] {
  const steps: Array<{ name: string; device: Device; backend: GeneratorBackend } | 'replay'> = [{ name: o.model.name, device: o.device, backend: o.backend }];
  for (const step of o.fallback) steps.push(step === 'replay' ? step : { name: step.name ?? o.model.name, device: step.device ?? 'cpu', backend: 'transformers' });
  const seen = new Set<string>();
  const profiles: VerseProfile[] = [];
  const chain: Candidate[] = [];
  for (const step of steps) {
    const key = step === 'replay' ? step : `${step.name}@${step.device}:${step.backend}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (step === 'replay') {
      chain.push({
        label: 'replays of archived verses',
        profile: null,
        create: () => new ReplayGenerator({ source: o.replay.source, profiles, seed: o.replay.seed }),
      });
      continue;
    }
    const primary = step.name === o.model.name;
    let profile: ModelInfo;
    try {
      profile = primary ? o.model : o.readModel(step.name);
    } catch (err) {
      // A missing fallback must not stop the room: it is left out, loudly.
      log.warn({ err, fallback: step.name }, 'a fallback model cannot be read; it is left out of the chain');
      continue;
    }
    profiles.push(profile);
    const { name, device, backend } = step;
    const remote = backend === 'openai' && o.openai;
    const blend = backend === 'transformers' ? blendFor(o, profile, primary) : null;
    chain.push({
      label: remote ? `${name} on ${o.openai!.model} at ${o.openai!.url}` : `${name} on ${device}`,
      profile,
      device: remote ? 'remote' : device,
      create: () =>
        o.createGenerator({ backend, model: o.readModel(name), device, dtype: primary && backend === o.backend ? o.dtype : 'auto', threads: o.threads, ...(o.openai ? { openai: o.openai } : {}), ...(o.clock ? { clock: o.clock } : {}), blend }, o.params),
    });
  }
  return chain;
}

/** The blend model for a candidate: the model's own (checked at start), a fallback's only when it shares the tokenizer. */
function blendFor(o: ChainOptions, profile: ModelInfo, primary: boolean): ModelInfo | null {
  if (!o.blend) return null;
  if (primary || sameTokenizer(profile, o.blend)) return o.blend;
  log.info({ fallback: profile.name, blend: o.blend.name }, 'a fallback model with another tokenizer writes without the blend model');
  return null;
}
