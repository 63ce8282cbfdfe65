/**
 * @module takeover: what a standby does with the writer's last snapshot when it becomes the writer. The
 * queue becomes the writer's (in its order; prompts this server kept from an earlier life that the writer did
 * not have leave it); the verse the writer was writing goes into this server's journal and is recovered as a
 * restart after `kill -9` recovers it (archived as interrupted, its prompt requeued ahead of everyone); the
 * parameters and the scene carry on where the writer left them.
 */
import type { ControlSurface, InstallationParams } from '../../engine/control/controlSurface.ts';
import { logger } from '../../engine/log.ts';
import type { PromptQueue } from '../../engine/promptQueue.ts';
import type { QueueStore } from '../../engine/queueStore.ts';
import type { VerseJournal } from '../../engine/verseJournal.ts';
import type { SceneState } from '../sceneState.ts';
import type { SharedSnapshot } from './sharedSnapshot.ts';

const log = logger('server:cluster');

export interface TakeoverTargets {
  queue: PromptQueue;
  store: QueueStore;
  journal: VerseJournal;
  params: ControlSurface<InstallationParams>;
  scene: SceneState;
}

/** Adopts `snap` (null: nobody wrote before, nothing to adopt). Returns how many prompts and interrupted verses came over. */
export function adoptSnapshot(snap: SharedSnapshot | null, t: TakeoverTargets): { prompts: number; interrupted: number } {
  if (!snap) return { prompts: 0, interrupted: t.journal.recover() };
  const theirs = new Set(snap.queue.map((p) => p.id));
  for (const p of [...t.queue.list()]) if (!theirs.has(p.id)) t.queue.remove(p.id);
  for (const p of snap.queue) t.queue.requeue(p);
  for (const j of snap.running) {
    t.store.begin(j.item, j.start);
    t.store.progress(j.item.id, j.progress);
  }
  const interrupted = t.journal.recover();
  for (const [name, value] of Object.entries(snap.params)) t.params.offer(name, value, 'api'); // one the model here lacks is skipped
  try {
    if (snap.scene.name !== t.scene.name) t.scene.set(snap.scene.name, 'api');
  } catch (err) {
    log.warn({ err, scene: snap.scene.name }, 'the writer\'s scene is not known here; keeping this server\'s');
  }
  log.info({ prompts: snap.queue.length, interrupted, from: snap.writer }, 'took over the writer\'s queue and its interrupted verse');
  return { prompts: snap.queue.length, interrupted };
}
