/**
 * @module commandSink: where a page's prompt goes and where it asks what became of its prompts. In one
 * process it is the guarded control target and the local queue (`localCommands`); on a server that is not the
 * writer the commands travel to the writer over Redis. Both answer
 * asynchronously, so a prompt is acknowledged only once the writer has it (and, with Redis, once Redis has it).
 */
import type { ControlTarget } from '../engine/control/controlTarget.ts';
import type { PromptMode, PromptStatus, VerseSource } from '../protocol/events.ts';

/** A prompt's status, and for one being written whether the asking owner submitted it. */
export type PromptLookup = PromptStatus & { mine?: boolean };

export interface CommandSink {
  /** Queues a prompt; rejects with the `INKVERSE_E_*` refusal. */
  submitPrompt(text: string, source: VerseSource, owner: string, mode?: PromptMode): Promise<{ id: string; position: number }>;
  /** Looks each prompt id up (waiting, being written, archived, removed, unknown) for the queue owner `owner`. */
  lookupPrompts(ids: readonly string[], owner: string | undefined): Promise<PromptLookup[]>;
}

/** The commands served in this process. */
export function localCommands(o: {
  control: Pick<ControlTarget, 'submitPrompt'>;
  lookup(ids: readonly string[], owner: string | undefined): PromptLookup[];
}): CommandSink {
  return {
    async submitPrompt(text, source, owner, mode) {
      return o.control.submitPrompt(text, source, owner, mode);
    },
    async lookupPrompts(ids, owner) {
      return o.lookup(ids, owner);
    },
  };
}
