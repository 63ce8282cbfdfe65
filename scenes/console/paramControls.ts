/**
 * @module paramControls: one control per declared parameter (slider for numbers, menu for enums,
 * checkbox for booleans), built from a ParamSpec table so nothing is listed twice. Sends changes
 * (throttled, latest value wins), shows refusals beside the control, and follows values changed
 * elsewhere (OSC, MIDI, presets) except while the performer's hand is on it.
 */
import type { ParamSpec, ParamValue } from '../../protocol/paramSpec.ts';
import type { Ack } from '../../protocol/events.ts';
import { h } from '../ui/dom.ts';

/** Sends one value; resolves with the server's ack. */
export type SendParam = (name: string, value: ParamValue) => Promise<Ack>;

export interface ParamControl {
  readonly spec: ParamSpec;
  readonly el: HTMLElement;
  /** A value from the server; ignored while the control is being moved. */
  show(value: ParamValue): void;
  /** Marks the control as waiting for a MIDI control (learn mode). */
  learning(on: boolean): void;
}

export interface ControlOptions {
  send: SendParam;
  /** Present for learnable (numeric, boolean) controls: arms MIDI learn for this parameter. */
  learn?: (name: string) => void;
}

/** Gap between two sends while dragging: smooth enough to hear, light on the socket. */
const SEND_EVERY_MS = 50;
/**
 * After the performer's last touch (drag or arrow key), echoes of their own earlier values are still
 * on the way back; showing them would make the slider jump under the hand. Remote values wait this long.
 */
const ECHO_GRACE_MS = 600;

/** A slider step of about 1/100 of the range, rounded to a power of ten (0.01, 0.1, 1…). */
function stepOf(spec: ParamSpec): number {
  if (spec.type === 'integer') return 1;
  if (spec.type !== 'number') return 1;
  return 10 ** Math.floor(Math.log10((spec.max - spec.min) / 100));
}

function decimalsOf(step: number): number {
  return step >= 1 ? 0 : Math.round(-Math.log10(step));
}

export function createControl(spec: ParamSpec, options: ControlOptions): ParamControl {
  const id = `param-${spec.name}`;
  const note = h('span', { class: 'param-note', role: 'status' });
  const valueOut = h('output', { for: id, class: 'param-value' });
  const step = stepOf(spec);
  let input: HTMLInputElement | HTMLSelectElement;
  if (spec.type === 'enum') {
    input = h('select', { id, 'data-param': spec.name }, ...spec.options.map((o) => h('option', { value: o, text: o })));
  } else if (spec.type === 'boolean') {
    input = h('input', { id, type: 'checkbox', 'data-param': spec.name });
  } else {
    input = h('input', { id, type: 'range', min: spec.min, max: spec.max, step, 'data-param': spec.name });
  }
  const unit = 'unit' in spec && spec.unit ? ` ${spec.unit}` : '';
  const range = spec.type === 'number' || spec.type === 'integer' ? h('span', { class: 'param-range', text: `${spec.min}–${spec.max}${unit}` }) : '';
  const learnButton = options.learn && spec.type !== 'enum' ? h('button', { type: 'button', class: 'learn', 'aria-pressed': 'false', title: 'Bind the next MIDI control you move to this parameter', text: 'learn' }) : null;
  const el = h(
    'div',
    { class: 'param', 'data-name': spec.name },
    h('label', { for: id, title: spec.doc, text: spec.name }),
    input,
    valueOut,
    range,
    learnButton,
    note,
  );

  let confirmed: ParamValue = spec.default;
  let holding = false;
  let touchedAt = 0;
  let inFlight = 0;
  const busy = (): boolean => holding || inFlight > 0 || Date.now() - touchedAt < ECHO_GRACE_MS;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Shows the server's value now, or once the performer's hand is off the control. */
  const showConfirmed = (): void => {
    clearTimeout(settleTimer);
    if (busy()) settleTimer = setTimeout(showConfirmed, ECHO_GRACE_MS);
    else display(confirmed);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSent = 0;

  const read = (): ParamValue => {
    if (spec.type === 'boolean') return (input as HTMLInputElement).checked;
    if (spec.type === 'enum') return input.value;
    // Round to the step, so 0.1 + 0.2 never reaches the server as 0.30000000000000004.
    return Number(Number(input.value).toFixed(decimalsOf(step)));
  };
  const format = (v: ParamValue): string => (typeof v === 'number' ? `${v.toFixed(decimalsOf(step))}${unit}` : String(v));
  const display = (v: ParamValue): void => {
    if (spec.type === 'boolean') (input as HTMLInputElement).checked = v === true;
    else input.value = String(v);
    valueOut.textContent = format(v);
  };

  const send = async (): Promise<void> => {
    lastSent = Date.now();
    const value = read();
    inFlight++;
    const reply = await options.send(spec.name, value).finally(() => inFlight--);
    if (reply.ok) {
      confirmed = value;
      note.textContent = '';
      el.classList.remove('refused');
    } else {
      note.textContent = reply.error.message;
      el.classList.add('refused');
      showConfirmed();
    }
  };
  const schedule = (): void => {
    clearTimeout(timer);
    const wait = Math.max(0, lastSent + SEND_EVERY_MS - Date.now());
    timer = setTimeout(() => void send(), wait);
  };

  input.addEventListener('input', () => {
    touchedAt = Date.now();
    valueOut.textContent = format(read());
    schedule();
  });
  input.addEventListener('change', schedule);
  input.addEventListener('pointerdown', () => (holding = true));
  const release = (): void => {
    holding = false;
  };
  input.addEventListener('pointerup', release);
  input.addEventListener('pointercancel', release);
  input.addEventListener('blur', release);
  learnButton?.addEventListener('click', () => options.learn?.(spec.name));

  display(spec.default);
  return {
    spec,
    el,
    show(value) {
      confirmed = value;
      showConfirmed();
    },
    learning(on) {
      learnButton?.setAttribute('aria-pressed', String(on));
      el.classList.toggle('learning', on);
      if (on) note.textContent = 'Move a MIDI control…';
      else if (note.textContent === 'Move a MIDI control…') note.textContent = '';
    },
  };
}
