/**
 * Offline rendering of a fixed Chinese verse through the real SoundEngine in headless Chromium
 * (`Tone.Offline`), analysed as audio: not silent and unclipped, onsets where the tokens were
 * scheduled, tone-2 characters rising and tone-4 characters falling (pitch tracked from the audio),
 * and the closing cadence landing on the tonic.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toneOf } from '../../../scenes/sound/hanziProsody.ts';
import type { NoteEvent } from '../../../scenes/sound/musicEvents.ts';
import type { RenderedVerse } from '../../../scenes/sound/offlineRender.ts';
import { hzToMidi } from '../../../scenes/sound/scales.ts';
import { scoreFromLines, type VerseScore } from '../../../scenes/sound/verseScore.ts';
import { renderOffline } from '../../../scripts/offlineAudio.ts';
import { launchBrowser } from '../../helpers/browser.ts';
import { detectOnsets } from './onsets.ts';
import { pitchAt, semitones } from './pitchTrack.ts';

const RATE = 22_050;
const ROOT = 50;
/** 李白《静夜思》: tones 2 2 2 4 1 / 2 4 4 4 1 / 3 2 4 2 4 / 1 2 1 4 1. */
const LINES = ['床前明月光，', '疑是地上霜。', '举头望明月，', '低头思故乡。'];

let browser: Browser;
let score: VerseScore;
let r: RenderedVerse;
let mono: Float32Array;

beforeAll(async () => {
  browser = await launchBrowser();
  // A bare melody (no harmony, no reverb) at 4 characters/s, so each note can be heard on its own.
  score = scoreFromLines({ source: 'visitor', lines: LINES, params: { tempo: 4, 'sound.reverb': 0, 'sound.density': 0, 'sound.root': ROOT, 'sound.instrument': 'qin' } });
  r = await renderOffline(score, { sampleRate: RATE, browser });
  mono = r.channels[0]!;
}, 300_000); // Chromium and a render on 2 cores shared with training

afterAll(async () => {
  await browser?.close();
});

const charNotes = (): NoteEvent[] => r.events.filter((e): e is NoteEvent => e.kind === 'note' && (e.role === 'char' || e.role === 'rhyme'));

/** RMS level in dBFS of [from, to) seconds. */
function levelDb(x: Float32Array, from: number, to: number): number {
  let sum = 0;
  const a = Math.round(from * RATE);
  const b = Math.round(to * RATE);
  for (let i = a; i < b; i++) sum += x[i]! * x[i]!;
  return 10 * Math.log10(sum / (b - a) + 1e-20);
}

describe('offline render of a fixed Chinese verse', () => {
  it('hears a performer\'s volume move at once (fader to 0 at the 9th token, reverb on)', async () => {
    const moved = scoreFromLines({ source: 'visitor', lines: LINES, params: { tempo: 4, 'sound.reverb': 0.6 }, changes: [{ atToken: 8, params: { 'sound.volume': 0 } }] });
    const m = await renderOffline(moved, { sampleRate: RATE, browser });
    const at = moved.tokens[8]!.time;
    const before = levelDb(m.channels[0]!, at - 0.5, at);
    const after = levelDb(m.channels[0]!, at + 0.05, at + 0.5);
    expect(before).toBeGreaterThan(-40);
    expect(before - after).toBeGreaterThan(40);
  }, 300_000);

  it('is not silent and does not clip', () => {
    let peak = 0;
    let sum = 0;
    for (const v of mono) {
      peak = Math.max(peak, Math.abs(v));
      sum += v * v;
    }
    const rmsDb = 10 * Math.log10(sum / mono.length);
    expect(rmsDb).toBeGreaterThan(-45);
    expect(peak).toBeLessThan(1);
  });

  it('starts a note where each character was scheduled', () => {
    const han = score.tokens.filter((t) => toneOf(t.text) !== null);
    expect(charNotes().map((n) => n.time)).toEqual(han.map((t) => t.time));
    const onsets = detectOnsets(mono, RATE);
    for (const t of han) {
      const near = onsets.find((o) => o >= t.time - 0.01 && o <= t.time + 0.03);
      expect(near, `an onset near ${t.text} at ${t.time.toFixed(3)} s`).toBeDefined();
    }
    // And few onsets anywhere else: a breath or a glide is not a new note.
    const scheduled = r.events.filter((e) => e.kind === 'note').map((e) => e.time);
    const stray = onsets.filter((o) => !scheduled.some((t) => o >= t - 0.01 && o <= t + 0.03));
    expect(stray.length).toBeLessThanOrEqual(Math.ceil(onsets.length * 0.1));
  });

  it('draws each tone-2 character rising and each tone-4 character falling', () => {
    const notes = charNotes();
    let rising = 0;
    let falling = 0;
    for (const t of score.tokens) {
      const tone = toneOf(t.text);
      if (tone !== 2 && tone !== 4) continue;
      const n = notes.find((x) => x.seq === t.seq)!;
      // Both windows (40 ms) inside this note: from its attack to the end of its glide, before the next note.
      const next = Math.min(...notes.filter((x) => x.time > n.time).map((x) => x.time), Infinity);
      const from = pitchAt(mono, RATE, n.time + 0.005);
      const to = pitchAt(mono, RATE, Math.min(n.time + n.glide, next) - 0.045);
      expect(from, `pitch at the start of ${t.text}`).not.toBeNull();
      expect(to, `pitch at the end of ${t.text}'s glide`).not.toBeNull();
      const move = semitones(from!, to!);
      if (tone === 2) {
        expect(move, `${t.text} (tone 2) rises`).toBeGreaterThan(1.5);
        rising++;
      } else {
        expect(move, `${t.text} (tone 4) falls`).toBeLessThan(-1.5);
        falling++;
      }
    }
    expect(rising).toBe(7);
    expect(falling).toBe(7);
  });

  it('resolves each couplet and the closing cadence to the tonic', () => {
    const rhymes = charNotes().filter((n) => n.role === 'rhyme');
    expect(rhymes.map((n) => score.tokens[n.seq]!.text)).toEqual(['霜', '乡']);
    for (const n of rhymes) {
      const hz = pitchAt(mono, RATE, n.time + 0.1);
      expect(((hzToMidi(hz!) - ROOT) % 12 + 12) % 12).toBeCloseTo(0, 0);
    }
    const cadence = r.events.filter((e): e is NoteEvent => e.kind === 'note' && e.role === 'cadence');
    const lastStart = Math.max(...cadence.map((n) => n.time));
    // Heard well after the last chord struck, while it rings: its fundamental is the tonic (any octave).
    for (const dt of [0.3, 1, 2]) {
      const hz = pitchAt(mono, RATE, lastStart + dt, { minHz: 40, window: 0.08 });
      expect(hz, `a pitch ${dt} s into the final chord`).not.toBeNull();
      const fromRoot = hzToMidi(hz!) - ROOT;
      expect(Math.abs(fromRoot - 12 * Math.round(fromRoot / 12))).toBeLessThan(0.3);
    }
  });
});
