/**
 * @module verse page script: runs on `/v/<code>` (rendered by the server). It fetches the verse's signed record and
 * brings its take-home to life in the visitor's browser: the verse as the ink scene writes it (inkStill), with PNG
 * downloads for a phone and for print, and a play button that plays the verse with the sound page's own engine,
 * offline. Page state on `<body>`: `data-image="drawing|ready|failed"`, `data-audio="locked|running"`, `data-notes`,
 * `data-music-end` (seconds from the first note's lead-in to the last note's end).
 */
import * as Tone from 'tone';
import type { ParamsPayload, VerseSource } from '../../protocol/events.ts';
import type { SignedVerse } from '../../protocol/provenance.ts';
import { FontGate } from '../display/fontGate.ts';
import { StrokeLoader } from '../display/strokeLoader.ts';
import { isTextNote, type NoteEvent } from '../sound/musicEvents.ts';
import { SoundEngine } from '../sound/soundEngine.ts';
import { scoreFromLines } from '../sound/verseScore.ts';
import { byId, setPageState } from '../ui/dom.ts';
import { VerseModel } from '../ui/verseModel.ts';
import { renderInkStill, STILL_SIZES } from './inkStill.ts';

const code = byId('takehome').dataset.code ?? '';

/** The finished verse as a display's verse model holds it (one token per character). */
function verseModel(signed: SignedVerse): VerseModel {
  const r = signed.record;
  const model = new VerseModel();
  model.begin({ id: r.id, prompt: r.prompt, source: r.source as VerseSource, model: r.model.name });
  let seq = 0;
  r.lines.forEach((l, index) => {
    for (const ch of l.text) model.token({ id: r.id, seq: seq++, text: ch, line: index });
    model.line({ id: r.id, index, text: l.text });
  });
  model.finish({ id: r.id, text: r.text, reason: r.reason === 'done' ? 'done' : 'skipped' });
  return model;
}

/** A 32-bit seed from the verse id, so the same verse draws the same paper and seal everywhere. */
const seedOf = (id: string): number => [...id].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);

async function drawImages(signed: SignedVerse): Promise<void> {
  setPageState('image', 'drawing');
  const shared = { fonts: new FontGate(), strokes: new StrokeLoader() };
  const verse = verseModel(signed);
  const shown = byId<HTMLCanvasElement>('ink');
  for (const [name, size] of Object.entries(STILL_SIZES)) {
    const canvas = name === 'phone' ? shown : document.createElement('canvas');
    const png = await renderInkStill(canvas, verse, size, seedOf(signed.record.id), shared);
    const link = byId<HTMLAnchorElement>(`png-${name}`);
    link.href = URL.createObjectURL(png);
    link.hidden = false;
  }
  setPageState('image', 'ready');
}

/** Plays the verse once with the sound page's engine, as the room heard it (its tempo and sound settings). */
async function play(signed: SignedVerse): Promise<void> {
  await Tone.start();
  const r = signed.record;
  const notes: NoteEvent[] = [];
  const engine = new SoundEngine({ onEvent: (e) => e.kind === 'note' && notes.push(e) });
  const params = r.params as ParamsPayload;
  engine.applyParams(params);
  await engine.ready;
  const changes = r.paramChanges.map((c) => ({ atToken: c.atToken, params: c.values as ParamsPayload }));
  const score = scoreFromLines({ source: r.source as VerseSource, ...(r.tune ? { tune: r.tune } : {}), lines: r.lines.map((l) => l.text), params, reason: r.reason === 'done' ? 'done' : 'skipped', changes });
  const t0 = Tone.now() + 0.1;
  engine.begin(score.tune ? { source: score.source, tune: score.tune } : { source: score.source });
  for (const t of score.tokens) {
    for (const c of score.changes) if (c.atToken === t.seq) engine.applyParams(c.params, t0 + t.time);
    engine.token(t, t0 + t.time);
  }
  const fadedAt = engine.end(score.end.reason, t0 + score.end.time);
  setPageState('notes', String(notes.filter(isTextNote).length));
  setPageState('musicEnd', String(Math.max(...notes.map((n) => n.time + n.duration)) - t0));
  setTimeout(() => engine.dispose(), (fadedAt - Tone.now() + 1) * 1000);
}

function showAudio(): void {
  setPageState('audio', Tone.getContext().state === 'running' ? 'running' : 'locked');
}

async function main(): Promise<void> {
  setPageState('audio', 'locked');
  const res = await fetch(`/v/${encodeURIComponent(code)}.json`);
  if (!res.ok) return setPageState('image', 'failed');
  const signed = (await res.json()) as SignedVerse;
  const button = byId<HTMLButtonElement>('play');
  button.disabled = false;
  Tone.getContext().on('statechange', showAudio);
  button.addEventListener('click', () => void play(signed).then(showAudio));
  try {
    await drawImages(signed);
  } catch (err) {
    setPageState('image', 'failed');
    throw err;
  }
}

void main();
