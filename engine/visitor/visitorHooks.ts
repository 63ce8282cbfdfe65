/**
 * @module visitorHooks: what the verse loop asks before the room sees anything: the theme a prompt becomes
 * (language bridge), each streaming token (masked the moment it completes a listed word), and each finished
 * line (masked, marked copied with its poem, glossed and romanised). Composed by the server from the parts
 * the installation has; every part is optional.
 */
import { InkverseError } from '../../protocol/errors.ts';
import type { VerseLine, VerseSource, VerseStart } from '../../protocol/events.ts';
import type { LineAnnotator } from '../annotate/lineAnnotator.ts';
import type { LanguageBridge } from '../bridge/languageBridge.ts';
import type { Moderator } from '../moderation/moderator.ts';
import type { Originality } from '../originality/originality.ts';

export interface VisitorHooks {
  /** The theme the model writes for, or null to keep the prompt as it is. */
  theme(prompt: string, source: VerseSource): string | null;
  /** The prompt's modern words and the classical images they became (empty when none). */
  became?(prompt: string): NonNullable<VerseStart['became']>;
  /** The token as it may be shown, given the verse so far. */
  token(before: string, token: string): string;
  /** A finished line as it may be shown, with what a visitor needs to read it. */
  line(line: VerseLine): VerseLine;
  /** Checks a prompt at submission: moderation, then (visitors, Chinese models) the bridge. Returns the prompt to queue. */
  checkPrompt(text: string, source: VerseSource): string;
}

export interface VisitorParts {
  bridge?: LanguageBridge | null;
  moderator?: Moderator | null;
  annotator?: LineAnnotator | null;
  originality?: Originality | null;
}

export function createVisitorHooks(parts: VisitorParts): VisitorHooks {
  const { bridge, moderator, annotator, originality } = parts;
  return {
    theme(prompt) {
      if (!bridge) return null;
      const placed = bridge.place(prompt);
      return placed.ok && placed.theme !== prompt ? placed.theme : null;
    },
    became(prompt) {
      const placed = bridge?.place(prompt);
      return placed?.ok ? placed.words.flatMap((w) => (w.image ? [{ from: w.from, to: w.to, image: w.image }] : [])) : [];
    },
    token: (before, token) => moderator?.token(before, token) ?? token,
    line(line) {
      const text = moderator ? moderator.line(line.text) : line.text;
      const out: VerseLine = { ...line, text };
      const origin = originality?.origin(text);
      if (origin) {
        out.copied = origin.copied;
        if (origin.source) out.source = origin.source;
      }
      const notes = annotator?.annotate(text);
      if (notes) Object.assign(out, notes);
      return out;
    },
    checkPrompt(text, source) {
      if (typeof text !== 'string' || !text.trim()) return text; // the queue refuses empties in its own words
      const checked = moderator ? moderator.checkPrompt(text) : text;
      if (bridge && source === 'visitor') {
        const placed = bridge.place(checked);
        if (!placed.ok) {
          throw new InkverseError(
            'INKVERSE_E_PROMPT_UNPLACED',
            `The model writes in classical Chinese and could not find a theme in "${placed.unplaced.join(' ')}". Try a word like moon, river or autumn, pinyin like qiufeng, or Chinese characters.`,
          );
        }
      }
      return checked;
    },
  };
}
