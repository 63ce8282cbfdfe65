/**
 * @module logitMixer: the style fader's mixture of two models' next-token distributions, token by token. The
 * log-linear mixture (1-b)·log p_a + b·log p_b, renormalised, equals softmax((1-b)·logits_a + b·logits_b): each
 * log-softmax differs from its logits by one constant over the vocabulary, and renormalising removes constants.
 * So the raw logits are mixed and the sampler, which normalises what it is given, samples from the mixture
 * (its reported log-probabilities and entropies are the mixture's). At b = 0 and b = 1 one model's own logits
 * pass through untouched, so the text is exactly that model's.
 */
export class LogitMixer {
  readonly #weight: () => number;
  /** Scratch for one row's mixture, valid until the next `mix` (the sampler reads it at once). */
  #out = new Float32Array(0);

  /** `weight`: the blend in force now (0..1), read at every mix so a fader move applies from the next token. */
  constructor(weight: () => number) {
    this.#weight = weight;
  }

  /** The mixture of `a` (the model) and `b` (the blend model) at the current weight. */
  mix(a: Float32Array, b: Float32Array): Float32Array {
    const w = this.#weight();
    if (!(w > 0)) return a;
    if (w >= 1) return b;
    if (a.length !== b.length) throw new Error(`The blend model's vocabulary (${b.length}) differs from the model's (${a.length}).`);
    if (this.#out.length !== a.length) this.#out = new Float32Array(a.length);
    const out = this.#out;
    const keep = 1 - w;
    for (let i = 0; i < a.length; i++) out[i] = keep * a[i]! + w * b[i]!;
    return out;
  }
}
