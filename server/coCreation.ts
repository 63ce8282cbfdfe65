/**
 * @module coCreation: the server's side of writing with the machine (`verse:revise`, `line:alternatives`,
 * `verse:continue`). It finds the archived verse, checks that the asker may touch it (a kiosk only its own
 * verses; the console any), checks a visitor's line against the verse's form (a misfit is told what would fit),
 * and queues the revision like a prompt: it waits its turn and counts toward the visitor's limits.
 */
import type { Archive } from '../engine/archive.ts';
import type { ArchivedVerse } from '../engine/archivedVerse.ts';
import type { PromptQueue } from '../engine/promptQueue.ts';
import { planContinuation, planRevision, type RevisionForm, type RevisionPlan } from '../engine/revisionPlan.ts';
import type { AlternativeLine, LineAlternativesRequest, VerseContinue, VerseRevise } from '../protocol/coCreation.ts';
import { InkverseError } from '../protocol/errors.ts';
import type { VisitorLimits, VisitorIdentity } from './visitorLimits.ts';
import { knownCharacters } from '../engine/promptModes.ts';
import type { ModelInfo } from '../engine/modelRegistry.ts';

/** The form a revision of `model`'s verses must fit. */
export function revisionForm(model: Pick<ModelInfo, 'language' | 'form' | 'dir'>): RevisionForm {
  return { language: model.language, form: model.form, known: knownCharacters(model.dir) };
}

/** Who asks: a kiosk's visitor (their queue owner) or a performer at the console. */
export type Asker = { kind: 'visitor'; visitor: VisitorIdentity } | { kind: 'performer'; owner: string };

export interface CoCreationOptions {
  archive: Archive;
  queue: PromptQueue;
  /** The running model's form and characters. */
  form: RevisionForm;
  /** The id of the verse being written now, if any. */
  writing: () => string | null;
  /** Moderation of a visitor's own line (throws `INKVERSE_E_PROMPT_MODERATED`); returns it as it may be written. */
  moderate: (text: string) => string;
  /** Gloss and pinyin of a line, where the model's language has them. */
  annotate: (line: string) => { gloss?: string; pinyin?: string } | null;
  /** Per-address caps and rates of visitor prompts (a revision counts as one). */
  visitors?: VisitorLimits;
}

export class CoCreation {
  readonly #o: CoCreationOptions;

  constructor(options: CoCreationOptions) {
    this.#o = options;
  }

  /** Queues verse `id` written again from line `index` (the visitor's `text`, or a new machine line). */
  revise(asker: Asker, { id, index, text }: VerseRevise): { id: string; position: number } {
    const verse = this.#verse(asker, id);
    const line = text === undefined ? null : this.#o.moderate(text);
    return this.#queue(asker, verse, planRevision(this.#record(verse), index, line, this.#o.form));
  }

  /** Queues verse `id` continued past its end. */
  continue(asker: Asker, { id }: VerseContinue): { id: string; position: number } {
    const verse = this.#verse(asker, id);
    return this.#queue(asker, verse, planContinuation(this.#record(verse), this.#o.form));
  }

  /** The machine's other drafts of line `index` of verse `id`, glossed: no generation, they were kept with the verse. */
  alternatives(asker: Asker, { id, index }: LineAlternativesRequest): AlternativeLine[] {
    const verse = this.#verse(asker, id);
    if (index >= verse.lines.length) {
      throw new InkverseError('INKVERSE_E_NOT_FOUND', `The verse has ${verse.lines.length} lines (0 to ${verse.lines.length - 1}); there is no line ${index}.`);
    }
    return (verse.alternatives?.[index] ?? []).map((text) => ({ text, ...(this.#o.annotate(text) ?? {}) }));
  }

  #record(v: ArchivedVerse): Parameters<typeof planRevision>[0] {
    return { id: v.id, text: v.text, lines: v.lines, authors: v.authors, alternatives: v.alternatives, mode: v.mode, theme: v.theme };
  }

  /** The archived verse, if the asker may touch it. */
  #verse(asker: Asker, id: string): ArchivedVerse {
    const verse = this.#o.archive.get(id);
    if (!verse) {
      if (this.#o.writing() === id || this.#o.queue.positionOf(id) !== undefined) {
        throw new InkverseError('INKVERSE_E_VERSE_UNFINISHED', 'That verse is not finished yet; once it is on the wall you can change a line or ask it to go on.');
      }
      throw new InkverseError('INKVERSE_E_NOT_FOUND', `No verse with id "${id}" is in the archive.`);
    }
    if (asker.kind === 'visitor' && verse.owner !== asker.visitor.owner) {
      throw new InkverseError('INKVERSE_E_NOT_YOURS', 'That verse was written for another visitor; you can change only the verses written for you at this kiosk.');
    }
    return verse;
  }

  #queue(asker: Asker, verse: ArchivedVerse, plan: RevisionPlan): { id: string; position: number } {
    if (asker.kind === 'visitor') {
      this.#o.visitors?.admit(asker.visitor);
      return this.#o.queue.submit(verse.prompt, 'visitor', asker.visitor.owner, plan.mode, plan);
    }
    return this.#o.queue.submit(verse.prompt, 'performer', asker.owner, plan.mode, plan);
  }
}
