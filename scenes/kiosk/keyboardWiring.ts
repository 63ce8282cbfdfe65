/**
 * @module kiosk on-screen keyboard wiring: the Keyboard (latin and pinyin) bound to the prompt box, the pinyin
 * candidate look-up over the socket, and labels in the visitor's language.
 */
import { byId } from '../ui/dom.ts';
import { ask } from '../ui/socket.ts';
import { submit, typed } from './input.ts';
import { Keyboard, type Candidate } from './keyboard.ts';
import { input, m, socket } from './state.ts';

export const keyboard = new Keyboard(
  {
    root: byId('keyboard'),
    input,
    buffer: byId('pinyin'),
    candidates: byId('candidates'),
    lookup: async (text) => {
      const r = await ask(socket, (s) => s.emitWithAck('pinyin:candidates', { text }));
      return r.ok ? (r.candidates as Candidate[]) : [];
    },
    changed: () => typed(),
    submit: () => void submit(),
    labels: () => ({ latin: m().keyboardLatin, pinyin: m().keyboardPinyin, space: m().space, backspace: m().backspace, submit: m().submit }),
  },
  false,
);
