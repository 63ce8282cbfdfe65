/**
 * @module voicePool: a fixed set of synth voices built once and reused for every note. Oscillators run
 * from start to dispose and are gated by their envelopes, so playing a note creates no Web Audio nodes:
 * the node count stays flat over weeks. When every voice is busy the one that frees soonest is taken.
 */
import * as Tone from 'tone';
import type { Seconds } from '../../protocol/paramSpec.ts';
import type { Instrument } from './instruments.ts';
import type { NoteEvent } from './musicEvents.ts';
import { midiToHz } from './scales.ts';

export interface VoicePoolOptions {
  /** Voices in the pool: the most notes that sound at once. */
  size: number;
}

const DEFAULTS = { size: 12 } satisfies VoicePoolOptions;

/** Semitones of the second oscillator above the note as dissonance grows: octave, fifth, tritone, minor ninth. */
const INTERVALS = [12, 7, 6, 13] as const;

class Voice {
  readonly osc = new Tone.Oscillator({ type: 'triangle', frequency: 220 });
  readonly osc2 = new Tone.Oscillator({ type: 'sine', frequency: 440 });
  readonly level2 = new Tone.Gain(0);
  readonly filter = new Tone.Filter({ type: 'lowpass', frequency: 2000, Q: 0.7 });
  /** A peaking band at the vowel's formant: English vowels colour the timbre. */
  readonly formant = new Tone.Filter({ type: 'peaking', frequency: 1500, Q: 2.5, gain: 0 });
  readonly env = new Tone.AmplitudeEnvelope();
  /** When the voice is silent again (its release has ended). */
  freeAt: Seconds = 0;

  constructor(out: Tone.InputNode) {
    this.osc.connect(this.filter);
    this.osc2.chain(this.level2, this.filter);
    this.filter.chain(this.formant, this.env, out);
    this.osc.start();
    this.osc2.start();
  }

  play(n: NoteEvent, ins: Instrument): void {
    const t = n.time;
    const [c0, c1, c2] = n.contour;
    const interval = INTERVALS[Math.min(INTERVALS.length - 1, Math.floor(n.dissonance * INTERVALS.length))]!;
    this.osc.type = ins.shape;
    this.osc2.type = ins.shape2;
    this.#glide(this.osc.frequency, n, 0, [c0, c1, c2]);
    // A little detune grows with dissonance, so even the consonant intervals start to beat.
    this.#glide(this.osc2.frequency, n, interval + n.dissonance * 0.3, [c0, c1, c2]);
    this.level2.gain.cancelScheduledValues(t).setValueAtTime(ins.level2[0] + (ins.level2[1] - ins.level2[0]) * n.dissonance, t);
    const hz = midiToHz(n.midi);
    const open = Math.min(16_000, hz * (ins.cutoff[0] + (ins.cutoff[1] - ins.cutoff[0]) * n.brightness));
    const f = this.filter.frequency;
    f.cancelScheduledValues(t).setValueAtTime(open, t).exponentialRampToValueAtTime(Math.max(80, open * ins.cutoffFall), t + n.duration);
    this.formant.frequency.cancelScheduledValues(t).setValueAtTime(n.formant ?? 1500, t);
    this.formant.gain.cancelScheduledValues(t).setValueAtTime(n.formant ? 9 : 0, t);
    const env = this.env;
    env.attack = ins.attack;
    env.decay = ins.decay;
    env.sustain = ins.sustain;
    env.release = ins.release;
    env.triggerAttackRelease(n.duration, t, n.velocity);
    this.freeAt = t + n.duration + ins.release;
  }

  #glide(p: Tone.Signal<'frequency'>, n: NoteEvent, above: number, c: readonly number[]): void {
    const t = n.time;
    const at = (k: number): number => midiToHz(n.midi + above + c[k]!);
    p.cancelScheduledValues(t).setValueAtTime(at(0), t);
    if (c[0] === c[1] && c[1] === c[2]) return;
    p.linearRampToValueAtTime(at(1), t + n.glide / 2).linearRampToValueAtTime(at(2), t + n.glide);
  }

  dispose(): void {
    for (const node of [this.osc, this.osc2, this.level2, this.filter, this.formant, this.env]) node.dispose();
  }
}

export class VoicePool {
  readonly #voices: Voice[];
  #disposed = false;

  /** Builds the voices in Tone's current context, feeding `out`. */
  constructor(out: Tone.InputNode, options: Partial<VoicePoolOptions> = {}) {
    const o = { ...DEFAULTS, ...options };
    this.#voices = Array.from({ length: o.size }, () => new Voice(out));
  }

  get size(): number {
    return this.#voices.length;
  }

  /** Plays one note on a free voice, or on the one that frees soonest. */
  play(n: NoteEvent, ins: Instrument): void {
    if (this.#disposed) return;
    let pick = this.#voices[0]!;
    for (const v of this.#voices) {
      if (v.freeAt <= n.time) {
        pick = v;
        break;
      }
      if (v.freeAt < pick.freeAt) pick = v;
    }
    pick.play(n, ins);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const v of this.#voices) v.dispose();
  }
}
