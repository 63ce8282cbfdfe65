/**
 * @module composeScore: a whole VerseScore through the VerseComposer, exactly as the SoundEngine plays it (the same
 * settings, moves applied at the same tokens, the same closing cadence), as plain events: the music without audio,
 * for the verse's MIDI file. Pure.
 */
import { defaultsOf, type Seconds } from '../../protocol/paramSpec.ts';
import type { MusicEvent, NoteEvent } from './musicEvents.ts';
import { beatForTempo } from './musicEvents.ts';
import { SOUND_PARAMS } from './soundParams.ts';
import { composerSettings, takeSoundParams } from './soundSettings.ts';
import { VerseComposer } from './verseComposer.ts';
import type { VerseScore } from './verseScore.ts';

export interface ComposedVerse {
  events: MusicEvent[];
  /** When the last note stops sounding (the cadence's end), in seconds from the score's start. */
  end: Seconds;
}

export function composeScore(score: VerseScore): ComposedVerse {
  const values = defaultsOf(SOUND_PARAMS);
  let beat = beatForTempo(8);
  const take = (p: VerseScore['params']): void => {
    beat = takeSoundParams(values, p).beat ?? beat;
  };
  take(score.params);
  const composer = new VerseComposer();
  composer.begin(score.tune ? { source: score.source, tune: score.tune } : { source: score.source }, composerSettings(values, beat));
  const events: MusicEvent[] = [];
  for (const t of score.tokens) {
    for (const c of score.changes) if (c.atToken === t.seq) take(c.params);
    events.push(...composer.token(t, t.time, composerSettings(values, beat)));
  }
  events.push(...composer.end(score.end.reason, score.end.time, composerSettings(values, beat)));
  const notes = events.filter((e): e is NoteEvent => e.kind === 'note');
  return { events, end: Math.max(score.end.time, ...notes.map((n) => n.time + n.duration)) };
}
