/**
 * @module verseMidi: `GET /v/<code>.mid`, the verse's music as a standard MIDI file, made by the sound page's own
 * pure mapping (scoreFromLines -> VerseComposer, see composeScore): one note, or a chord with its harmony, per
 * character (an English syllable), at the verse's tempo and sound settings and with the moves made while it was
 * written, then the closing cadence. Written with @tonejs/midi at 120 bpm, so the file's seconds are the page's.
 */
import ToneMidi from '@tonejs/midi';
import type { ArchivedVerse } from '../../engine/archivedVerse.ts';
import type { ParamsPayload } from '../../protocol/events.ts';
import { composeScore } from '../../scenes/sound/composeScore.ts';
import type { NoteEvent } from '../../scenes/sound/musicEvents.ts';
import { scoreFromLines } from '../../scenes/sound/verseScore.ts';

const { Midi } = ToneMidi;

/** The notes of a verse's music (and when the last one ends), as the sound page plays them. */
export function verseMusic(verse: Pick<ArchivedVerse, 'source' | 'lines' | 'params' | 'reason' | 'paramChanges' | 'tune'>): { notes: NoteEvent[]; end: number } {
  const params = verse.params as ParamsPayload;
  const changes = verse.paramChanges.map((c) => ({ atToken: c.atToken, params: c.values as ParamsPayload }));
  const composed = composeScore(scoreFromLines({ source: verse.source, ...(verse.tune ? { tune: verse.tune } : {}), lines: verse.lines, params, reason: verse.reason, changes }));
  return { notes: composed.events.filter((e): e is NoteEvent => e.kind === 'note'), end: composed.end };
}

export function verseMidi(verse: ArchivedVerse): Uint8Array {
  const { notes } = verseMusic(verse);
  const midi = new Midi();
  midi.header.setTempo(120);
  midi.header.name = `inkverse ${verse.id}`;
  const melody = midi.addTrack();
  melody.name = 'verse';
  const cadence = midi.addTrack();
  cadence.name = 'cadence';
  for (const n of notes) {
    const track = n.role === 'cadence' ? cadence : melody;
    track.addNote({ midi: Math.round(n.midi), time: n.time, duration: n.duration, velocity: Math.min(1, Math.max(0, n.velocity)) });
  }
  return midi.toArray();
}
