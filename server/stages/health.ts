/**
 * @module health (installation stage helper): the `/health` report, read from the stage handles: the
 * generator's service status and devices, the loop, the queue and the opening hours.
 */
import type { Clock } from '../../engine/clock.ts';
import type { Health } from '../httpRoutes.ts';
import { withStorage } from '../storageWatch.ts';
import type { Operations } from '../operations.ts';
import type { ClusterStage } from './cluster.ts';
import type { EngineStage } from './engine.ts';
import type { StorageStage } from './storage.ts';

export interface HealthSources {
  clock: Clock;
  /** When the installation started, ms since the epoch. */
  startedAt: number;
  engine: Pick<EngineStage, 'generator' | 'loop'>;
  storage: Pick<StorageStage, 'queue' | 'storage'>;
  operations: Pick<Operations, 'hours'>;
  /** With Redis: this server's role and the connection; without, the server is the writer. */
  cluster?: Pick<ClusterStage, 'role' | 'redis'> | null;
}

export function healthReport(o: HealthSources): () => Health {
  const { clock, startedAt, engine, storage, operations } = o;
  const { generator, loop } = engine;
  return () => withCluster(withStorage({
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
  }, storage.storage.status), o.cluster ?? null);
}

/**
 * Adds `role` (and with Redis, `redis`). Redis away degrades the server (it serves the last state it has);
 * an edge loads no model, so its status is Redis's.
 */
function withCluster(h: Health, cluster: Pick<ClusterStage, 'role' | 'redis'> | null): Health {
  if (!cluster) return { ...h, role: 'writer' };
  const role = cluster.role();
  const redis = cluster.redis();
  if (redis === 'down') return { ...h, status: 'degraded', reason: 'Redis cannot be reached: serving the last state it gave, reconnecting.', role, redis };
  return role === 'edge' ? { ...h, status: 'ok', reason: undefined, role, redis } : { ...h, role, redis };
}
