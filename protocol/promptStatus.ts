/** @module promptStatus: what became of a prompt (`prompt:status`): queued, writing, done, removed or unknown. */
import type { Ack } from './ack.ts';
import type { VerseEndReason } from './verseEvents.ts';

/**
 * What became of a prompt, by the id its `prompt:submit` ack gave (ids stay valid across server restarts):
 * `queued` (1-based position), `writing` (its verse is being written), `done` (its verse is archived under
 * `verseId`, ended for `reason`), `removed` (a performer took it off the queue) or `unknown`.
 */
export type PromptStatus =
  | { id: string; status: 'queued'; position: number }
  | { id: string; status: 'writing' }
  | { id: string; status: 'done'; verseId: string; reason: VerseEndReason }
  | { id: string; status: 'removed' }
  | { id: string; status: 'unknown' };
export type PromptStatusAck = Ack<{ prompts: PromptStatus[] }>;
