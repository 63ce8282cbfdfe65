/**
 * @module modelSwitch: switching the installation to another installed model while it runs (console, OSC). A request
 * is checked at once (an unknown name, a broken folder, another language than the installation's, another tokenizer
 * than the blend model's, a switch already loading: each refused with its code, nothing changed); then the new model
 * loads beside the one writing, with its own fallback chain, and takes over between verses (see the supervisor's
 * `replaceChain`). A model that fails to load leaves the old one writing; the failure is logged and reported.
 */
import { unknownNameMessage } from '../protocol/unknownName.ts';
import type { ModelListing, ModelsPayload } from '../protocol/events.ts';
import { InkverseError, type ErrorPayload } from '../protocol/errors.ts';
import { Emitter } from './emitter.ts';
import { logger } from './log.ts';
import { isModelPath, type ModelInfo, type ModelRegistry } from './modelRegistry.ts';
import type { Candidate } from './supervisor/slot.ts';
import { sameTokenizer } from './tokenizerMatch.ts';

const log = logger('engine:models');

/** Longest description shown for a model, in characters. */
const DESCRIPTION_CHARS = 160;

export interface ModelSwitchOptions {
  registry: Pick<ModelRegistry, 'names' | 'get'>;
  /** The supervisor: its chain is replaced; `model` is the one writing. */
  generator: { replaceChain(candidates: readonly Candidate[]): Promise<void>; readonly model: string; readonly incoming: string | null };
  /** The chain of candidates for a model: the model, then the configured fallbacks following it. */
  chainFor(model: ModelInfo): Candidate[];
  /** The model the installation started with. */
  model: ModelInfo;
  /** The style fader's second model; a switch to a model of another tokenizer is refused while it is set. */
  blend: ModelInfo | null;
}

export interface ModelSwitchEvents {
  /** The list, the current model or the loading one changed (the console's models panel). */
  changed: () => void;
  /** A switch that passed its checks failed to load (the old model writes on). */
  failed: (f: { name: string; origin: string; error: ErrorPayload }) => void;
}

/** The first sentence of a description, at most DESCRIPTION_CHARS characters. */
function oneLine(description: string): string {
  const first = description.split(/(?<=[.。!?！？])\s*/u)[0]!.trim();
  return first.length > DESCRIPTION_CHARS ? `${first.slice(0, DESCRIPTION_CHARS - 1)}…` : first;
}

export class ModelSwitch {
  readonly events = new Emitter<ModelSwitchEvents>();
  readonly #o: ModelSwitchOptions;
  /** The model whose chain leads (the last switch that loaded). */
  #current: ModelInfo;

  constructor(options: ModelSwitchOptions) {
    this.#o = options;
    this.#current = options.model;
  }

  /** Why a model cannot be switched to, or null when it can. */
  #misfit(model: ModelInfo): string | null {
    const { language } = this.#o.model;
    if (model.language !== language) return `it writes ${model.language}, and this installation's kiosk, language bridge and moderation are set up for ${language}`;
    const blend = this.#o.blend;
    if (blend && !sameTokenizer(model, blend)) return `its tokenizer differs from the blend model "${blend.name}"'s, so the two cannot be blended`;
    if (model.weights === 'none') return 'it is a verse profile without weights';
    return null;
  }

  /** Every installed model with its card's first sentence and whether a switch may choose it. */
  list(): ModelListing[] {
    return this.#o.registry.names().map((name) => {
      try {
        const model = this.#o.registry.get(name);
        const why = this.#misfit(model);
        return { name, description: oneLine(model.description), language: model.language, switchable: why === null, ...(why ? { why } : {}) };
      } catch (err) {
        return { name, description: '', language: '', switchable: false, why: (err as Error).message };
      }
    });
  }

  payload(): ModelsPayload {
    return { models: this.list(), current: this.#current.name, loading: this.#o.generator.incoming, blend: this.#o.blend?.name ?? null };
  }

  /**
   * Switches to `name` (a folder under the models folder, or a path). Throws at once, nothing changed:
   * `INKVERSE_E_MODEL_MISSING` (listing the installed models), `INKVERSE_E_MODEL_MALFORMED`, `INKVERSE_E_MODEL_MISMATCH`,
   * `INKVERSE_E_MODEL_BUSY`. Else `loaded` resolves once the new model is ready (it writes the next verse) or rejects
   * with `INKVERSE_E_MODEL_LOAD` (the old model writes on).
   */
  switchTo(name: string, origin: string): { model: string; loaded: Promise<void> } {
    const model = this.#read(name.trim());
    const why = this.#misfit(model);
    if (why) throw new InkverseError('INKVERSE_E_MODEL_MISMATCH', `Cannot switch to "${model.name}": ${why}. Models it can switch to: ${this.#switchable().join(', ') || '(none)'}.`);
    const incoming = this.#o.generator.incoming;
    if (incoming) throw new InkverseError('INKVERSE_E_MODEL_BUSY', `A switch to ${incoming} is still loading; try again once it is done.`);
    if (model.dir === this.#current.dir) return { model: model.name, loaded: Promise.resolve() };
    log.info({ model: model.name, from: this.#current.name, origin }, 'switching model: loading it beside the one writing');
    const loaded = this.#o.generator.replaceChain(this.#o.chainFor(model)).then(
      () => {
        this.#current = model;
        log.info({ model: model.name, origin }, 'model switched: it writes the next verse');
        this.events.emit('changed');
      },
      (err: unknown) => {
        const error = err instanceof InkverseError ? err.toJSON() : { code: 'INKVERSE_E_MODEL_LOAD' as const, message: String(err) };
        log.warn({ model: model.name, origin, reason: error.message }, 'model switch failed; the model in use writes on');
        this.events.emit('failed', { name: model.name, origin, error });
        this.events.emit('changed');
        throw err;
      },
    );
    this.events.emit('changed');
    return { model: model.name, loaded };
  }

  /**
   * A model by installed name, or by path as start-up takes one (absolute, or relative to the working folder, as
   * `INKVERSE_MODEL=models/my-voice`: the registry's own test and resolution); a name that is not installed is
   * refused with the list, never looked for elsewhere.
   */
  #read(name: string): ModelInfo {
    const installed = this.#o.registry.names();
    if (!isModelPath(name) && !installed.includes(name)) {
      throw new InkverseError('INKVERSE_E_MODEL_MISSING', unknownNameMessage('model', name, installed));
    }
    return this.#o.registry.get(name);
  }

  #switchable(): string[] {
    return this.list().filter((m) => m.switchable).map((m) => m.name);
  }
}
