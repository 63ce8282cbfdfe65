/**
 * @module guardedControl: the limits every transport's actions pass through, wrapped around the raw
 * `ControlTarget`: performer prompts may fill only a share of the queue; co-writing injections are cleaned
 * (control characters removed), bounded in length and rate, and refused once the verse would pass the
 * installation's maximum length. OSC, MIDI and the console all drive this wrapper, so no input can go around it.
 */
import type { ControlTarget } from '../engine/control/controlTarget.ts';
import type { ParamOrigin } from '../engine/control/controlSurface.ts';
import { cleanPrompt, type PromptQueue } from '../engine/promptQueue.ts';
import type { VerseLoop } from '../engine/verseLoop.ts';
import { InkverseError } from '../protocol/errors.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import { RateLimit } from './rateLimit.ts';

export interface GuardedControlOptions {
  queue: PromptQueue;
  /** The running verse, and injections taken that have not joined it yet (a bundle's are all taken at once). */
  loop: Pick<VerseLoop, 'current'> & Partial<Pick<VerseLoop, 'injecting'>>;
  /** Share of the queue's `max` that performer prompts may fill (0..1). */
  performerShare: number;
  /** Longest injection, in characters, after cleaning. */
  injectMaxChars: number;
  /** Injections per minute per origin (console, OSC, MIDI), sustained. */
  injectPerMinute: number;
  /** Longest verse, in characters: an injection that would pass it is refused. */
  verseMaxChars: number;
  now: () => Milliseconds;
}

export function guardControl(target: ControlTarget, o: GuardedControlOptions): ControlTarget {
  const injects = new RateLimit({ perSecond: o.injectPerMinute / 60, burst: Math.max(1, Math.ceil(o.injectPerMinute / 6)), now: o.now });
  const performerMax = Math.floor(o.queue.options.max * o.performerShare);
  return {
    params: target.params,
    skip: (origin) => target.skip(origin),
    setScene: (name, origin, display) => target.setScene(name, origin, display),
    recallPreset: (name, fade, origin) => target.recallPreset(name, fade, origin),
    ...(target.switchModel ? { switchModel: target.switchModel.bind(target) } : {}),
    submitPrompt(text, source, owner, mode) {
      if (source === 'performer') {
        const waiting = o.queue.list().filter((p) => p.source === 'performer').length;
        if (waiting >= performerMax) {
          throw new InkverseError(
            'INKVERSE_E_QUEUE_FULL',
            `Performer prompts may hold ${performerMax} of the queue's ${o.queue.options.max} places (engine.queue.performerShare); ${waiting} are waiting.`,
          );
        }
      }
      return target.submitPrompt(text, source, owner, mode);
    },
    inject(text: string, origin: ParamOrigin) {
      const clean = cleanPrompt(text, o.injectMaxChars);
      const verse = o.loop.current();
      const length = [...(verse?.text ?? '') + (o.loop.injecting ?? '')].length;
      const added = [...clean].length;
      if (length + added > o.verseMaxChars) {
        throw new InkverseError('INKVERSE_E_VERSE_TOO_LONG', `The verse has ${length} characters; with this it would pass the maximum of ${o.verseMaxChars}.`);
      }
      if (!injects.take(origin)) throw new InkverseError('INKVERSE_E_RATE_LIMIT', `At most ${o.injectPerMinute} injections a minute are taken; wait a moment.`);
      target.inject(clean, origin);
    },
  };
}

/** The guard's limits from the config's `engine` section. */
export function controlLimits(engine: {
  queue: { performerShare: number };
  inject: { maxChars: number; perMinute: number };
  verse: { maxChars: number };
}): Pick<GuardedControlOptions, 'performerShare' | 'injectMaxChars' | 'injectPerMinute' | 'verseMaxChars'> {
  return { performerShare: engine.queue.performerShare, injectMaxChars: engine.inject.maxChars, injectPerMinute: engine.inject.perMinute, verseMaxChars: engine.verse.maxChars };
}
