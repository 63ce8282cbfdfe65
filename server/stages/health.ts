/**
 * @module health (installation stage helper): the `/health` report, read from the stage handles: the
 * generator's service status and devices, the loop, the queue and the opening hours.
 */
import type { Clock } from '../../engine/clock.ts';
import type { Health } from '../httpRoutes.ts';
import { withStorage } from '../storageWatch.ts';
import type { Operations } from '../operations.ts';
import type { EngineStage } from './engine.ts';
import type { StorageStage } from './storage.ts';

export interface HealthSources {
  clock: Clock;
  /** When the installation started, ms since the epoch. */
  startedAt: number;
  engine: Pick<EngineStage, 'generator' | 'loop'>;
  storage: Pick<StorageStage, 'queue' | 'storage'>;
  operations: Pick<Operations, 'hours'>;
}

export function healthReport(o: HealthSources): () => Health {
  const { clock, startedAt, engine, storage, operations } = o;
  const { generator, loop } = engine;
  return () => withStorage({
    status: generator.status.status,
    reason: generator.status.reason,
    model: generator.model,
    blend: generator.info.blend ?? null,
    device: generator.info.device,
    queue: storage.queue.size,
    uptime_s: Math.round((clock.now() - startedAt) / 1000),
    generator: generator.info.state,
    dtype: generator.info.dtype,
    devices: generator.info.devices,
    // Drafting scores lines by the model's log-probabilities; an inference server that sends none streams instead.
    logprobs: generator.info.logprobs ?? { available: true, reason: null },
    candidates: generator.candidates(),
    loop: loop.state,
    verses: loop.count,
    hours: operations.hours(),
  }, storage.storage.status);
}
