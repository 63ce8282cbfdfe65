/** @module kioskPayloads: what only a kiosk is sent: the installation's kiosk settings and a finished verse's take-away code. */
import type { PromptMode } from './verseEvents.ts';

/** Kiosk only: what the kiosk needs to know about this installation (`kiosk:hello`). */
export interface KioskInfo {
  /** Seconds without a touch before the kiosk returns to its start. */
  idleSeconds: number;
  /** Prompts to tap. */
  examples: string[];
  /** Language of the model's verses (`zh`, `en`). */
  language: string;
  /** The verse modes the running model writes in (its profile's), offered as choices; `prompt:submit` refuses others. */
  modes: PromptMode[];
  /** True when a prompt sent without a mode gets one chosen from its shape (the kiosk offers "chosen for you"); else the first of `modes`. */
  autoMode: boolean;
  /** Language of the kiosk's texts for prompts not in Chinese (config `kiosk.language`, default `en`). */
  visitorLanguage?: string;
  /** The gallery's own texts per language (config `kiosk.messages`): plain strings, templates with `{slots}`. */
  messages?: Record<string, Record<string, string | Record<string, string>>>;
}

/** Kiosk only: a finished verse's take-away page, `url` on the installation's LAN address, `qr` an SVG of it. */
export interface VerseCode {
  id: string;
  code: string;
  url: string;
  qr: string;
}
