/**
 * @module controlTarget: the narrow surface every input transport (OSC, MIDI, console socket) drives.
 * Transports adapt their messages to these calls; the engine implements them.
 */
import type { ControlSurface, InstallationParams, ParamOrigin } from './controlSurface.ts';
import type { VerseSource } from '../../protocol/events.ts';

export interface ControlTarget {
  /** Every live parameter by qualified name: engine (`temperature`), `scene.<name>.*`, `sound.*`. */
  readonly params: ControlSurface<InstallationParams>;
  /** Cancels the running verse at once (no-op when idle). */
  skip(origin: ParamOrigin): void;
  /** Queues a prompt; throws an `InkverseError` (empty, too long, queue full). */
  /** `mode`: how the prompt begins its verse (see promptModes); chosen from its shape when absent. */
  submitPrompt(text: string, source: VerseSource, owner: string, mode?: import('../../protocol/events.ts').PromptMode): { id: string; position: number };
  /** Co-writing: the model continues the running verse from `text`; throws when nothing is being written. */
  inject(text: string, origin: ParamOrigin): void;
  /**
   * Switches the display scene; throws `INKVERSE_E_UNKNOWN_SCENE` naming the known scenes. With `display`
   * (a `?display=` name), that display alone (`''` hands it back); throws `INKVERSE_E_UNKNOWN_DISPLAY` for a
   * name no display has connected with.
   */
  setScene(name: string, origin: ParamOrigin, display?: string): void;
  /** Recalls a preset (saved parameter set) with a crossfade; throws `INKVERSE_E_UNKNOWN_PRESET`. */
  recallPreset(name: string, fadeSeconds: number | undefined, origin: ParamOrigin): void;
  /**
   * Switches to another installed model without a restart (see modelSwitch): throws at once, nothing changed, for a
   * model it refuses (unknown, broken, another language, busy); `loaded` settles once the model has loaded (it writes
   * the next verse) or failed (the old one writes on). Absent where the installation cannot switch (test targets).
   */
  switchModel?(name: string, origin: ParamOrigin): { model: string; loaded: Promise<void> };
}
