/**
 * @module offlineRender: renders a VerseScore with `Tone.Offline` through the same SoundEngine the page
 * plays live, and returns the audio and the events played. Runs in a browser (Web Audio); the
 * `render:audio` script and the offline tests run it in headless Chromium.
 */
import * as Tone from 'tone';
import type { Seconds } from '../../protocol/paramSpec.ts';
import type { MusicEvent } from './musicEvents.ts';
import { SoundEngine } from './soundEngine.ts';
import type { VerseScore } from './verseScore.ts';

export interface RenderedVerse {
  sampleRate: number;
  /** One array per channel. */
  channels: Float32Array[];
  events: MusicEvent[];
}

/** Long enough for the cadence, its release and the reverb's tail after the last token. */
const TAIL: Seconds = 9;

export async function renderScore(score: VerseScore, sampleRate = 44_100): Promise<RenderedVerse> {
  const events: MusicEvent[] = [];
  const buffer = await Tone.Offline(
    async () => {
      const engine = new SoundEngine({ onEvent: (e) => events.push(e) });
      engine.applyParams(score.params);
      await engine.ready;
      engine.begin({ source: score.source });
      for (const t of score.tokens) {
        for (const c of score.changes) if (c.atToken === t.seq) engine.applyParams(c.params, t.time);
        engine.token(t, t.time);
      }
      engine.end(score.end.reason, score.end.time);
    },
    score.end.time + TAIL,
    2,
    sampleRate,
  );
  const channels = [0, 1].map((c) => buffer.getChannelData(c).slice());
  return { sampleRate, channels, events };
}
