/**
 * @module verseComposer: turns one verse's tokens into music, token by token, as they stream. Pure:
 * it sees token texts, their times and the settings, and returns events; it never touches audio.
 *
 * Chinese: each character is one note whose pitch draws its Mandarin tone (level, rising, dipping,
 * falling); level (平) characters are held, oblique (仄) ones are short and struck harder, the caesura
 * and the line's last character are lengthened, and the rhyme character that closes a couplet lands
 * on the tonic; a ci's lines (2 to 11 characters) take their lengths and rhymes from its tune. English: each syllable is one note, stressed ones long and stepping up, the vowel
 * colouring the timbre; a couplet's last syllable lands on the tonic. Both: entropy opens the filter
 * and adds dissonance, a line end breathes, and `end()` closes with a cadence.
 */
import type { NormalRange, Seconds } from '../../protocol/paramSpec.ts';
import type { VerseEndReason } from '../../protocol/events.ts';
import { isWordText, syllablesOf } from './englishProsody.ts';
import { isHan, isLevel, lineMark, TONE_CONTOURS, toneOf, type MandarinTone } from './hanziProsody.ts';
import type { BreathEvent, ComposerSettings, MusicEvent, NoteEvent, NoteRole, VerseVoice } from './musicEvents.ts';
import { degreeToMidi, degreesPerOctave, dominantDegree } from './scales.ts';

export interface ComposerToken {
  text: string;
  seq: number;
  line: number;
  /** Bits. */
  entropy?: number;
}

/** Entropy (bits) at which the filter is fully open and the harmony at its most dissonant. */
const ENTROPY_FULL = 5;
/** Notes wait for the steady pulse at most this many beats behind their token. */
const MAX_PULSE_DRIFT = 8;
/** Melody steps per Mandarin tone: rising tones climb, dipping and falling ones descend. */
const TONE_STEP: Record<MandarinTone, number> = { 0: 0, 1: 0, 2: 1, 3: -2, 4: -1 };

export class VerseComposer {
  #voice: VerseVoice = { source: 'attract' };
  /** Melody position in scale degrees above the root. */
  #degree = 0;
  #line = -1;
  /** Characters (Chinese) written on the current line so far. */
  #linePos = 0;
  /** Characters per line, learnt from the verse's first line (5 or 7 in Tang verse; a ci's come with its tune). */
  #lineLength: number | null = null;
  /** When the next note may start on the steady pulse. */
  #pulse = -Infinity;
  #word = '';
  #wordEntropy: number[] = [];

  /** Starts a verse: the melody returns to its centre. */
  begin(voice: VerseVoice, s: ComposerSettings): void {
    this.#voice = voice;
    this.#degree = degreesPerOctave(s.mode) + 2;
    this.#line = -1;
    this.#linePos = 0;
    this.#lineLength = null;
    this.#pulse = -Infinity;
    this.#word = '';
    this.#wordEntropy = [];
  }

  /** The events of one token arriving at `time` (seconds on the caller's timeline). */
  token(t: ComposerToken, time: Seconds, s: ComposerSettings): MusicEvent[] {
    if (t.line !== this.#line) {
      this.#line = t.line;
      this.#linePos = 0;
    }
    const text = t.text;
    if (isHan(text)) return this.#character(t, time, s);
    const mark = lineMark(text);
    if (mark) {
      if (this.#linePos >= 4) this.#lineLength ??= this.#linePos;
      return [this.#breath(time, s, mark === 'couplet' ? 2 : 1)];
    }
    return this.#english(t, time, s);
  }

  /** The closing cadence at `time`: dominant then tonic for a finished verse (one that yielded ends at a line end, so it is finished too), a quiet tonic otherwise. */
  end(reason: VerseEndReason, time: Seconds, s: ComposerSettings): MusicEvent[] {
    const out = this.#flushWord(time, s, true);
    const t = Math.max(time, ...out.map((e) => e.time + e.duration * 0.8));
    const n = degreesPerOctave(s.mode);
    const tonic = degreeToMidi(s.root, s.mode, n);
    const soft = this.#loudness();
    const chord = (at: Seconds, melody: number, bass: number, dur: Seconds, vel: NormalRange): NoteEvent[] => [
      this.#note('cadence', -1, at, dur, melody, vel * soft, 0, 0),
      this.#note('cadence', -1, at, dur, bass, vel * soft * 0.7, 0, 0),
      this.#note('cadence', -1, at, dur, bass + 7, vel * soft * 0.45, 0, 0),
    ];
    if (reason !== 'done' && reason !== 'yielded') return [...out, ...chord(t, tonic, s.root, 1.5, 0.45)];
    const dominant = degreeToMidi(s.root, s.mode, n + dominantDegree(s.mode));
    const vDur = Math.max(0.5, 4 * s.beat);
    return [...out, ...chord(t, dominant, s.root - 5, vDur, 0.6), ...chord(t + vDur, tonic, s.root, 3, 0.7)];
  }

  #character(t: ComposerToken, time: Seconds, s: ComposerSettings): MusicEvent[] {
    const tone = toneOf(t.text) ?? 0;
    const level = isLevel(tone);
    const pos = this.#linePos++;
    const { length, rhymes } = this.#shape(t.line);
    const last = length !== null && pos === length - 1;
    const rhyme = last && rhymes;
    // The caesura falls before a line's last three characters; a short line (a ci's 2 or 3) has none.
    const caesura = (length ?? 5) >= 5 && pos === (length ?? 5) - 4;
    const beats = (level ? 1.6 : 0.9) * (caesura ? 1.3 : 1) * (last ? 2.2 : 1);
    const n = degreesPerOctave(s.mode);
    if (rhyme) this.#degree = n;
    else {
      const cp = t.text.codePointAt(0) ?? 0;
      // Level tones wander a step either way, decided by the character itself, so lines differ.
      const step = tone === 1 ? (cp % 3) - 1 : TONE_STEP[tone];
      this.#degree = reflect(this.#degree + step, n - 1, 2 * n + 2);
    }
    const at = this.#place(time, beats, s);
    const duration = Math.max(0.12, beats * s.beat * this.#spacing());
    const e = entropyLevel(t.entropy);
    const role: NoteRole = rhyme ? 'rhyme' : 'char';
    const velocity = (level ? 0.62 : 0.8) * (last ? 0.9 : 1) * this.#loudness();
    const note = this.#note(role, t.seq, at, duration, degreeToMidi(s.root, s.mode, this.#degree), velocity, e, Math.max(0, (e - 0.35) / 0.65));
    note.contour = TONE_CONTOURS[tone];
    // The tone is drawn before the next character comes, so each syllable's shape is heard whole.
    note.glide = Math.min(note.glide, s.beat * 0.8);
    return [note, ...this.#harmony(note, s, rhyme)];
  }

  /**
   * Line `line`'s length and whether it ends on a rhyme: a ci's from its tune (lines of 2 to 11 characters, rhymes
   * where the tune puts them); a shi's learnt from its first line (5 or 7), rhyming at each couplet's end.
   */
  #shape(line: number): { length: number | null; rhymes: boolean } {
    const tune = this.#voice.tune;
    if (tune) return { length: tune.lines[line] ?? null, rhymes: tune.rhymes[line] === true };
    return { length: this.#lineLength ?? (line % 2 === 1 ? 7 : null), rhymes: line % 2 === 1 };
  }

  #english(t: ComposerToken, time: Seconds, s: ComposerSettings): MusicEvent[] {
    const out: MusicEvent[] = [];
    for (const ch of t.text) {
      // Words end at whitespace; punctuation stays with its word (and is not sung), so a line's last
      // word is still open when the newline comes and can close the couplet.
      if (!/\s/.test(ch)) {
        if (isWordText(ch) || this.#word) this.#word += ch;
        continue;
      }
      const lineEnd = ch === '\n';
      out.push(...this.#flushWord(time, s, lineEnd && t.line % 2 === 1, t.seq));
      if (lineEnd) out.push(this.#breath(time, s, t.line % 2 === 1 ? 2 : 1));
    }
    if (this.#word) this.#wordEntropy.push(t.entropy ?? 2);
    return out;
  }

  /** Sings the word just completed: one note per syllable, stress setting length and step. */
  #flushWord(time: Seconds, s: ComposerSettings, closesCouplet: boolean, seq = -1): NoteEvent[] {
    const syllables = syllablesOf(this.#word);
    const entropies = this.#wordEntropy;
    this.#word = '';
    this.#wordEntropy = [];
    if (syllables.length === 0) return [];
    const e = entropyLevel(entropies.length ? entropies.reduce((a, b) => a + b, 0) / entropies.length : undefined);
    const n = degreesPerOctave(s.mode);
    const beatsOf = syllables.map((x) => (x.stressed ? 2.4 : 1.3));
    let at = this.#place(time, beatsOf.reduce((a, b) => a + b, 0), s);
    const out: NoteEvent[] = [];
    syllables.forEach((syl, i) => {
      const final = closesCouplet && i === syllables.length - 1;
      if (final) this.#degree = n;
      else this.#degree = reflect(this.#degree + (syl.stressed ? (syl.formant > 1600 ? 2 : 1) : -1), n - 1, 2 * n + 2);
      const duration = Math.max(0.12, beatsOf[i]! * s.beat * this.#spacing() * (final ? 2 : 1));
      const velocity = (syl.stressed ? 0.82 : 0.55) * this.#loudness();
      const note = this.#note(final ? 'rhyme' : 'syllable', seq, at, duration, degreeToMidi(s.root, s.mode, this.#degree), velocity, e, Math.max(0, (e - 0.35) / 0.65));
      note.formant = syl.formant;
      out.push(note, ...this.#harmony(note, s, final));
      at += beatsOf[i]! * s.beat;
    });
    return out;
  }

  /** Accompanying voices under some notes; how many follows `density` (halved for attract verses). */
  #harmony(note: NoteEvent, s: ComposerSettings, tonic: boolean): NoteEvent[] {
    const share = s.density * (this.#voice.source === 'attract' ? 0.5 : 1);
    // The golden-ratio sequence spreads harmonised notes evenly through the verse, without randomness.
    const pick = (Math.max(0, note.seq) * 0.618034) % 1;
    if (!tonic && pick >= share * 0.7) return [];
    if (tonic && share === 0) return [];
    const below = tonic ? s.root : note.midi - (note.midi - s.root >= 12 ? 12 : 5);
    const h = this.#note('harmony', note.seq, note.time, note.duration * 1.5, below, note.velocity * 0.45, note.brightness * 0.7, note.dissonance);
    return [h];
  }

  #breath(time: Seconds, s: ComposerSettings, strength: number): BreathEvent {
    this.#linePos = 0;
    // The rest: the next note waits a beat (two after a couplet) on the steady pulse.
    this.#pulse = Math.max(this.#pulse, time) + strength * s.beat;
    return { kind: 'breath', time, duration: Math.max(0.3, strength * 2 * s.beat), velocity: 0.35 * strength * this.#loudness() };
  }

  /** When a note sounds: its token's time, pulled toward the steady pulse as `tempoFollow` falls. */
  #place(time: Seconds, beats: number, s: ComposerSettings): Seconds {
    const steady = Math.max(this.#pulse, time);
    const at = Math.min(s.tempoFollow * time + (1 - s.tempoFollow) * steady, time + MAX_PULSE_DRIFT * s.beat);
    this.#pulse = at + beats * s.beat;
    return at;
  }

  #note(role: NoteRole, seq: number, time: Seconds, duration: Seconds, midi: number, velocity: NormalRange, brightness: NormalRange, dissonance: NormalRange): NoteEvent {
    const glide = Math.min(duration * 0.7, 0.35);
    return { kind: 'note', role, seq, time, duration, midi, contour: TONE_CONTOURS[0], glide, velocity, brightness, dissonance };
  }

  /** Attract verses (nobody asked for them) play softer. */
  #loudness(): number {
    return this.#voice.source === 'attract' ? 0.55 : 1;
  }

  /** Attract verses play sparser: shorter notes with more air between them. */
  #spacing(): number {
    return this.#voice.source === 'attract' ? 0.7 : 1;
  }
}

/** Entropy in bits as 0..1 (a missing value counts as a fairly sure model). */
function entropyLevel(bits: number | undefined): NormalRange {
  return Math.min(1, Math.max(0, (bits ?? 1.5) / ENTROPY_FULL));
}

/** Keeps a degree inside [lo, hi] by bouncing off the edges, so the melody turns rather than sticks. */
function reflect(d: number, lo: number, hi: number): number {
  if (d > hi) return Math.max(lo, 2 * hi - d);
  if (d < lo) return Math.min(hi, 2 * lo - d);
  return d;
}
