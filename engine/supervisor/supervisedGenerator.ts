/**
 * @module supervisedGenerator: an installation's generator in one call: the chain of candidates from the model
 * and its fallbacks, each reading the live parameters of the control surface, and the supervisor over them.
 */
import type { Seconds } from '../../protocol/paramSpec.ts';
import type { Clock } from '../clock.ts';
import { createGenerator } from '../createGenerator.ts';
import type { GeneratorFactory } from '../generatorBackends.ts';
import type { ModelInfo } from '../modelRegistry.ts';
import { candidateChain, type ChainOptions } from './candidateChain.ts';
import type { Candidate } from './slot.ts';
import { GeneratorSupervisor } from './generatorSupervisor.ts';

/** The config's `model.supervision`, in seconds. */
export interface SupervisionSettings {
  tokenTimeout: Seconds;
  loadTimeout: Seconds;
  retryMin: Seconds;
  retryMax: Seconds;
  maxErrors: number;
}

export interface SupervisedGeneratorOptions extends Omit<ChainOptions, 'createGenerator'> {
  supervision: SupervisionSettings;
  clock: Clock;
  /** Makes the generators; default the real backends (tests pass fakes here). */
  createGenerator?: GeneratorFactory;
}

export function supervisedGenerator(o: SupervisedGeneratorOptions): GeneratorSupervisor {
  const s = o.supervision;
  return new GeneratorSupervisor({
    candidates: candidateChain({ ...o, clock: o.clock, createGenerator: o.createGenerator ?? createGenerator }),
    clock: o.clock,
    tokenTimeoutMs: s.tokenTimeout * 1000,
    loadTimeoutMs: s.loadTimeout * 1000,
    retryMinMs: s.retryMin * 1000,
    retryMaxMs: s.retryMax * 1000,
    maxErrors: s.maxErrors,
  });
}

/** The chain for another model (a live switch): the same fallbacks (an unnamed one follows the model), device and settings; the configured dtype when it has it. */
export function chainFor(o: Omit<SupervisedGeneratorOptions, 'model' | 'supervision' | 'clock'>, model: ModelInfo): Candidate[] {
  return candidateChain({ ...o, model, dtype: model.dtypes.includes(o.dtype) ? o.dtype : 'auto', createGenerator: o.createGenerator ?? createGenerator });
}
