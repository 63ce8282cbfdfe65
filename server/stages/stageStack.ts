/**
 * @module stageStack: the installation's started stages, disposed in reverse order of starting, once, so a
 * stage that fails to start (a port already bound) leaves nothing of the earlier ones open.
 */
export interface Disposable {
  dispose(): Promise<void>;
}

export class StageStack {
  readonly #started: Disposable[] = [];
  #disposing: Promise<void> | null = null;

  /** Records a started stage and hands it back. */
  add<S extends Disposable>(stage: S): S {
    this.#started.push(stage);
    return stage;
  }

  /** Disposes every stage, last started first; later calls get the same promise. */
  dispose(): Promise<void> {
    return (this.#disposing ??= (async () => {
      for (const stage of this.#started.reverse()) await stage.dispose();
    })());
  }
}
