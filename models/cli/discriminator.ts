/**
 * @module models/cli/discriminator: how well a reader's statistics tell generated verses from real poems. A logistic
 * regression over the presence of character unigrams and bigrams is trained and tested with k-fold cross-validation
 * on equal numbers of each (naive Bayes was tried first: unseen bigrams tie both classes, so it missed even shuffled
 * poems); its accuracy is the headline coherence figure: 50% means the
 * statistics cannot tell them apart, 100% that every verse gives itself away.
 */
import { seededRng } from '../../engine/rng.ts';

export interface DiscriminatorResult {
  /** Mean accuracy over the folds (0-1). */
  accuracy: number;
  /** Texts of each class used (the larger set is cut to the smaller). */
  perClass: number;
  folds: number;
}

const HAN = /\p{Script=Han}/u;

function features(text: string): string[] {
  const c = [...text].filter((ch) => HAN.test(ch));
  const out = [...c];
  for (let i = 0; i + 1 < c.length; i++) out.push(c[i]! + c[i + 1]!);
  return out;
}

/** Logistic regression on feature presence, trained by seeded SGD with a little L2: 1 = generated. */
function trainLogistic(rows: readonly string[][], labels: readonly number[], rand: () => number): (f: string[]) => number {
  const index = new Map<string, number>();
  const encoded = rows.map((f) => [...new Set(f)].map((u) => index.get(u) ?? (index.set(u, index.size), index.size - 1)));
  const w = new Float64Array(index.size);
  let bias = 0;
  const order = encoded.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const rate = LEARNING_RATE / (1 + epoch);
    for (const i of order) {
      const x = encoded[i]!;
      const scale = 1 / Math.sqrt(x.length || 1);
      let z = bias;
      for (const k of x) z += w[k]! * scale;
      const err = 1 / (1 + Math.exp(-z)) - labels[i]!;
      bias -= rate * err;
      for (const k of x) w[k]! -= rate * (err * scale + L2 * w[k]!);
    }
  }
  return (f) => {
    const x = [...new Set(f)].map((u) => index.get(u)).filter((k): k is number => k !== undefined);
    const scale = 1 / Math.sqrt([...new Set(f)].length || 1);
    let z = bias;
    for (const k of x) z += w[k]! * scale;
    return z;
  };
}

const EPOCHS = 12;
const LEARNING_RATE = 0.5;
const L2 = 1e-4;

/** Cross-validated accuracy of telling `generated` from `real`; seeded, so the folds are the same on every run. */
export function discriminate(real: readonly string[], generated: readonly string[], options: { folds?: number; seed?: number } = {}): DiscriminatorResult {
  const folds = options.folds ?? 5;
  const n = Math.min(real.length, generated.length);
  if (n < folds) throw new RangeError(`discriminate: need at least ${folds} texts of each kind, got ${real.length} real and ${generated.length} generated`);
  const rand = seededRng(options.seed ?? 1);
  const pick = (xs: readonly string[]): string[][] => {
    const a = xs.map(features);
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, n);
  };
  const r = pick(real);
  const g = pick(generated);
  let correct = 0;
  let tested = 0;
  for (let k = 0; k < folds; k++) {
    const inFold = (i: number): boolean => i % folds === k;
    const rows = [...r.filter((_, i) => !inFold(i)), ...g.filter((_, i) => !inFold(i))];
    const labels = [...r.filter((_, i) => !inFold(i)).map(() => 0), ...g.filter((_, i) => !inFold(i)).map(() => 1)];
    const score = trainLogistic(rows, labels, rand);
    const classify = (f: string[]): 'real' | 'generated' => (score(f) < 0 ? 'real' : 'generated');
    r.forEach((f, i) => inFold(i) && (tested++, classify(f) === 'real' && correct++));
    g.forEach((f, i) => inFold(i) && (tested++, classify(f) === 'generated' && correct++));
  }
  return { accuracy: correct / tested, perClass: n, folds };
}
