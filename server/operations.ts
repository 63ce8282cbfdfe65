/**
 * @module operations: what keeps an installation running unattended, wired once: opening hours (the loop
 * pauses outside them, after the verse being written, and every page hears `hours` so displays can dim),
 * scheduled archive backups, the slow-reader watch on every socket, and the OSC counters on `/metrics`.
 */
import path from 'node:path';
import type { Server } from 'socket.io';
import type { Archive } from '../engine/archive.ts';
import type { Clock } from '../engine/clock.ts';
import { logger } from '../engine/log.ts';
import type { VerseLoop } from '../engine/verseLoop.ts';
import type { Config } from '../config/schema.ts';
import { NAMESPACES, type ClientToServerEvents, type HoursPayload, type ServerToClientEvents } from '../protocol/events.ts';
import { scheduleBackups } from './archiveBackup.ts';
import type { Metrics } from './metrics.ts';
import { OpeningHours } from './openingHours.ts';
import type { OscServer } from './osc/oscServer.ts';
import { watchSlowReaders } from './socketGuards.ts';

const log = logger('server:operations');

/** Longest wait at closing time for the verse being written to finish, in milliseconds. */
const CLOSING_GRACE_MS = 120_000;

export interface OperationsOptions {
  config: Config;
  loop: Pick<VerseLoop, 'start' | 'pause'>;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  archive: Pick<Archive, 'file'>;
  metrics: Metrics;
  osc: Pick<OscServer, 'stats'>;
  clock: Clock;
}

export interface Operations {
  /** Open now, and when that changes. */
  hours(): HoursPayload;
  /** The model is ready: writing starts now when open, or at opening time. */
  startLoop(): void;
  close(): void;
}

export function startOperations(o: OperationsOptions): Operations {
  const { config, loop, io, metrics } = o;
  let ready = false;
  let pausing: Promise<void> = Promise.resolve();
  const hours = new OpeningHours({
    hours: config.hours,
    clock: o.clock,
    onChange: (state) => {
      metrics.open.set(state.open ? 1 : 0);
      for (const ns of NAMESPACES) io.of(ns).emit('hours', state);
      log.info({ open: state.open, next: state.next && new Date(state.next).toISOString() }, state.open ? 'opening time: writing resumes' : 'closing time: writing pauses after this verse');
      if (!ready) return;
      // Chained, so a quick close-then-open waits for the pause before starting again.
      pausing = pausing.then(() => (state.open ? loop.start() : loop.pause(CLOSING_GRACE_MS))).catch((err: unknown) => log.error({ err }, 'could not follow the opening hours'));
    },
  });
  metrics.open.set(hours.state.open ? 1 : 0);
  for (const ns of NAMESPACES) io.of(ns).on('connection', (socket) => socket.emit('hours', hours.state));
  metrics.watchOsc(() => ({ ...o.osc.stats() }));
  const stopSlow = watchSlowReaders(io, NAMESPACES, { maxBufferedBytes: config.server.maxBufferedBytes, intervalMs: 1000, onDisconnect: (ns) => metrics.slowReaders.inc({ namespace: ns }) });
  const dataDir = path.resolve(config.data);
  const stopBackups = scheduleBackups({ file: o.archive.file, dir: config.backup.dir ? path.resolve(config.backup.dir) : path.join(dataDir, 'backups'), everyHours: config.backup.everyHours, keep: config.backup.keep, clock: o.clock });
  return {
    hours: () => hours.state,
    startLoop() {
      ready = true;
      if (hours.state.open) loop.start();
      else log.info({ next: hours.state.next && new Date(hours.state.next).toISOString() }, 'the model is ready; outside the opening hours, writing starts at opening time');
    },
    close() {
      hours.close();
      stopSlow();
      stopBackups();
    },
  };
}
