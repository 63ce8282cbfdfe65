/**
 * @module sound page: a placeholder sonification until the Tone.js issue lands: one soft blip per
 * token, its pitch following the model's uncertainty (`entropy`). Browsers allow audio only after a
 * user gesture, so the page starts `<body data-audio="locked">` with an "Enable sound" button.
 */
import type { VerseToken } from '../../protocol/events.ts';
import { byId, setPageState } from '../ui/dom.ts';
import { connect } from '../ui/socket.ts';

const button = byId<HTMLButtonElement>('enable');
const status = byId('status');
const last = byId('last');

let ctx: AudioContext | undefined;

/** Entropy in bits -> pitch: a confident model hums low, an unsure one rises (A3 to about A6). */
function pitchFor(entropy: number | undefined): number {
  const bits = Math.min(9, Math.max(0, entropy ?? 2));
  return 220 * 2 ** (bits / 3);
}

function blip(token: VerseToken): void {
  if (!ctx || ctx.state !== 'running') return;
  const t = ctx.currentTime;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'sine';
  osc.frequency.value = pitchFor(token.entropy);
  // A short attack/decay envelope: no clicks, and quiet enough to sit under a room.
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.08, t + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.18);
  osc.connect(gain).connect(ctx.destination);
  osc.start(t);
  osc.stop(t + 0.2);
}

function showState(): void {
  const running = ctx?.state === 'running';
  setPageState('audio', running ? 'running' : 'locked');
  status.textContent = running ? 'Sound is on.' : 'Browsers only play sound after a tap or click.';
}

button.addEventListener('click', () => {
  // Created and resumed inside the click handler: that is the gesture the browser asks for.
  ctx ??= new AudioContext();
  ctx.onstatechange = showState;
  void ctx.resume().then(showState, () => {
    status.textContent = 'This browser would not start audio; try clicking again.';
  });
});

const socket = connect('/sound');
socket.on('verse:token', (token) => {
  blip(token);
  last.textContent = token.text.trim();
});
socket.on('verse:start', () => {
  last.textContent = '';
});

showState();
