/**
 * @module midiInput: Web MIDI in the console. "Connect MIDI" asks the browser for access (it needs that
 * user gesture), then every channel message is forwarded to the server, whose shared mapping layer
 * turns it into parameter changes exactly as it does for OSC. Learn mode binds the next control moved.
 */
import type { MappingPayload } from '../../protocol/events.ts';
import { describeMidi, learnedMapping, parseMidiMessage } from '../../protocol/midi.ts';

export interface MidiInputHooks {
  /** A channel message to forward (`midi:message`). */
  forward(data: number[]): void;
  /** Learn finished: save this mapping (`mapping:save`). */
  learned(mapping: MappingPayload, control: string): void;
  /** Devices or availability changed: a line for the performer. */
  status(text: string): void;
  /** A control was seen (for the little activity light). */
  seen?(control: string): void;
}

/** Channel voice messages only: clock and other realtime bytes arrive 24 times a beat and mean nothing here. */
function isChannelMessage(data: number[]): boolean {
  const status = data[0] ?? 0;
  return status >= 0x80 && status <= 0xef && data.length <= 3;
}

export class MidiInput {
  readonly #hooks: MidiInputHooks;
  /** The parameter waiting for the next moved control, if any. */
  #armed: string | undefined;
  #access: MIDIAccess | undefined;

  constructor(hooks: MidiInputHooks) {
    this.#hooks = hooks;
  }

  /** Whether this browser offers Web MIDI at all (Chrome and Edge do, on https or localhost). */
  static available(): boolean {
    return typeof navigator !== 'undefined' && typeof navigator.requestMIDIAccess === 'function';
  }

  get learning(): string | undefined {
    return this.#armed;
  }

  /** Call from a click: browsers only grant MIDI access on a user gesture. */
  async connect(): Promise<void> {
    if (!MidiInput.available()) {
      this.#hooks.status(
        window.isSecureContext
          ? 'This browser has no Web MIDI; use Chrome or Edge, or send MIDI through OSC.'
          : 'Web MIDI needs a secure page: open the console as http://localhost:PORT/console or over https.',
      );
      return;
    }
    try {
      this.#access = await navigator.requestMIDIAccess({ sysex: false });
    } catch (err) {
      this.#hooks.status(`MIDI access was refused (${(err as Error).message || 'no reason given'}).`);
      return;
    }
    this.#access.onstatechange = () => this.#attach();
    this.#attach();
  }

  /** Arms learn for a parameter; arming the same one again cancels. Returns what is armed now. */
  toggleLearn(param: string): string | undefined {
    this.#armed = this.#armed === param ? undefined : param;
    return this.#armed;
  }

  /** Handles one raw message (exposed so learn can be driven without hardware). */
  receive(bytes: ArrayLike<number>): void {
    const data = Array.from(bytes);
    if (!isChannelMessage(data)) return;
    const control = parseMidiMessage(data);
    if (control) this.#hooks.seen?.(describeMidi(control));
    const mapping = control && this.#armed ? learnedMapping(control, this.#armed) : undefined;
    if (mapping && control) {
      this.#armed = undefined;
      this.#hooks.learned(mapping, describeMidi(control));
    }
    this.#hooks.forward(data);
  }

  #attach(): void {
    const names: string[] = [];
    for (const input of this.#access?.inputs.values() ?? []) {
      input.onmidimessage = (e: MIDIMessageEvent) => {
        if (e.data) this.receive(e.data);
      };
      names.push(input.name ?? input.id);
    }
    this.#hooks.status(names.length ? `MIDI: ${names.join(', ')}` : 'MIDI is on, but no input device is connected.');
  }
}
