/**
 * @module operations: what keeps an installation writing unattended, wired once: opening hours (the loop
 * pauses outside them, after the verse being written; `events` tells whoever streams to pages, so displays
 * can dim) and scheduled archive backups. It knows nothing of sockets: the streams stage relays `hours`.
 */
import path from 'node:path';
import type { Archive } from '../engine/archive.ts';
import type { Clock } from '../engine/clock.ts';
import { Emitter } from '../engine/emitter.ts';
import { logger } from '../engine/log.ts';
import type { VerseLoop } from '../engine/verseLoop.ts';
import type { Config } from '../config/schema.ts';
import type { HoursPayload } from '../protocol/events.ts';
import { scheduleBackups } from './archiveBackup.ts';
import type { Metrics } from './metrics.ts';
import { OpeningHours } from './openingHours.ts';

const log = logger('server:operations');

/** Longest wait at closing time for the verse being written to finish, in milliseconds. */
const CLOSING_GRACE_MS = 120_000;

export interface OperationsOptions {
  config: Config;
  loop: Pick<VerseLoop, 'start' | 'pause'>;
  archive: Pick<Archive, 'file'>;
  metrics: Metrics;
  clock: Clock;
}

export interface OperationsEvents {
  /** Opening or closing time came. */
  hours: (state: HoursPayload) => void;
}

export interface Operations {
  /** Open now, and when that changes. */
  hours(): HoursPayload;
  readonly events: Emitter<OperationsEvents>;
  /** The model is ready: writing starts now when open, or at opening time. */
  startLoop(): void;
  close(): void;
}

export function startOperations(o: OperationsOptions): Operations {
  const { config, loop, metrics } = o;
  const events = new Emitter<OperationsEvents>();
  let ready = false;
  let pausing: Promise<void> = Promise.resolve();
  const hours = new OpeningHours({
    hours: config.hours,
    clock: o.clock,
    onChange: (state) => {
      metrics.open.set(state.open ? 1 : 0);
      events.emit('hours', state);
      log.info({ open: state.open, next: state.next && new Date(state.next).toISOString() }, state.open ? 'opening time: writing resumes' : 'closing time: writing pauses after this verse');
      if (!ready) return;
      // Chained, so a quick close-then-open waits for the pause before starting again.
      pausing = pausing.then(() => (state.open ? loop.start() : loop.pause(CLOSING_GRACE_MS))).catch((err: unknown) => log.error({ err }, 'could not follow the opening hours'));
    },
  });
  metrics.open.set(hours.state.open ? 1 : 0);
  const dataDir = path.resolve(config.data);
  const stopBackups = scheduleBackups({ file: o.archive.file, dir: config.backup.dir ? path.resolve(config.backup.dir) : path.join(dataDir, 'backups'), everyHours: config.backup.everyHours, keep: config.backup.keep, budgetBytes: config.backup.budgetMB * 1_000_000, clock: o.clock });
  return {
    hours: () => hours.state,
    events,
    startLoop() {
      ready = true;
      if (hours.state.open) loop.start();
      else log.info({ next: hours.state.next && new Date(hours.state.next).toISOString() }, 'the model is ready; outside the opening hours, writing starts at opening time');
    },
    close() {
      hours.close();
      stopBackups();
      events.removeAllListeners();
    },
  };
}
