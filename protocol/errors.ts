/** @module errors: stable, user-facing error codes (`INKVERSE_E_*`) and the error class that carries them. */

/** Every error a user or client can see, with a stable code tools can match on. */
export const ERROR_CODES = [
  'INKVERSE_E_CONFIG',
  'INKVERSE_E_MODEL_MISSING',
  'INKVERSE_E_MODEL_MALFORMED',
  'INKVERSE_E_MODEL_LOAD',
  /** Two models that must work together do not: a blend model with another tokenizer, a live switch to a model of another language. */
  'INKVERSE_E_MODEL_MISMATCH',
  /** A live model switch is still loading; the message names it. */
  'INKVERSE_E_MODEL_BUSY',
  'INKVERSE_E_PROMPT_EMPTY',
  'INKVERSE_E_PROMPT_TOO_LONG',
  /** The prompt holds a word on the installation's moderation list. */
  'INKVERSE_E_PROMPT_MODERATED',
  /** The language bridge found no theme in the prompt for the model to write from. */
  'INKVERSE_E_PROMPT_UNPLACED',
  'INKVERSE_E_BAD_REQUEST',
  'INKVERSE_E_QUEUE_FULL',
  'INKVERSE_E_CLIENT_LIMIT',
  /** The installation could not write a prompt to its data folder (disk full, file closed); nothing was queued. */
  'INKVERSE_E_STORAGE',
  'INKVERSE_E_UNKNOWN_PARAM',
  'INKVERSE_E_PARAM_RANGE',
  'INKVERSE_E_UNKNOWN_SCENE',
  /** No display by that name (`?display=`) has connected since the server started. */
  'INKVERSE_E_UNKNOWN_DISPLAY',
  /** No preset (saved parameter set) by that name; the message names those there are. Called `INKVERSE_E_UNKNOWN_VOICE` before presets were renamed. */
  'INKVERSE_E_UNKNOWN_PRESET',
  /** The running model does not write in the verse mode asked for (`prompt:submit`); the message names those it has. */
  'INKVERSE_E_UNKNOWN_MODE',
  /** A ci prompt names no tune the model knows; the message names those it has. */
  'INKVERSE_E_UNKNOWN_TUNE',
  'INKVERSE_E_UNKNOWN_EVENT',
  'INKVERSE_E_UNAUTHORIZED',
  'INKVERSE_E_NOT_FOUND',
  'INKVERSE_E_GENERATION',
  /** Something failed inside the server (a fault, not the request); the details are in its log. HTTP 500. */
  'INKVERSE_E_INTERNAL',
  'INKVERSE_E_PULL',
  /** Too many requests of this kind from this client or sender; try again shortly. */
  'INKVERSE_E_RATE_LIMIT',
  /** The verse has reached the installation's maximum length; nothing more can be added to it. */
  'INKVERSE_E_VERSE_TOO_LONG',
  /** The installation's signing keys cannot be read or written (data folder permissions, a damaged key file). */
  'INKVERSE_E_KEY',
  /** A verse record does not verify: altered, signed by an unknown key, or not a record. */
  'INKVERSE_E_SIGNATURE',
  /** A verse cannot be written again from its record (no record, weights missing or changed). */
  'INKVERSE_E_REPLAY',
  /** A kiosk asked to revise, continue or see the drafts of a verse that another kiosk received. */
  'INKVERSE_E_NOT_YOURS',
  /** A visitor's line does not fit the verse's form (its length, or characters the model cannot write); the message says what would fit. */
  'INKVERSE_E_LINE_MISFIT',
  /** The verse is still being written (or waiting): it can be revised or continued once it is on the wall. */
  'INKVERSE_E_VERSE_UNFINISHED',
  /** The data folder's disk is full: new prompts are refused (verses are still shown) until space returns. */
  'INKVERSE_E_DISK_FULL',
  /** The archive database is damaged (not a database, malformed); restore a backup. */
  'INKVERSE_E_DATA_CORRUPT',
  /** `models:tune`: the artist's corpus file cannot be read, or a JSON line of it is not `{ title, text }`. */
  'INKVERSE_E_TUNE_CORPUS',
  /** `models:tune`: the artist's corpus file holds no poem. */
  'INKVERSE_E_TUNE_EMPTY',
  /** `models:tune`: too few poems to tune on and still hold some out. */
  'INKVERSE_E_TUNE_TOO_FEW',
  /** `models:tune`: the poems are not in the script of the base model (Han characters for a zh model, Latin letters for an en one). */
  'INKVERSE_E_TUNE_SCRIPT',
  /** `models:tune`: the tune could not run or finish (output folder exists, training or export failed, interrupted); nothing was written to the output folder. */
  'INKVERSE_E_TUNE',
  /** Several servers (Redis): the writer did not answer in time (it is changing, or Redis is away); nothing was queued. */
  'INKVERSE_E_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The JSON shape of an error sent to a client (in acks and `error` events). */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

/** An error with a stable code and a plain sentence a person can act on. */
export class InkverseError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InkverseError';
    this.code = code;
  }

  toJSON(): ErrorPayload {
    return { code: this.code, message: this.message };
  }
}

/** Turns anything thrown into a payload safe to send to a client (internal details stay in the log). */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof InkverseError) return err.toJSON();
  return { code: 'INKVERSE_E_INTERNAL', message: 'Something went wrong on the server; it has been logged.' };
}
