/**
 * @module kiosk page: a touch screen in a dark room. A visitor types (on-screen keyboard, with pinyin input),
 * taps an example or an idea spark, picks how their words begin the verse, then sees their place in the queue
 * with a countdown, the verse as it is written (with pinyin, gloss and the poem a copied line comes from),
 * and "your verse is on the wall" with a QR code to take it home. After a quiet while it returns to its start.
 * `<body data-state="idle|queued|writing|done">` follows the visitor's own prompt. Never an error page: every
 * refusal is a kind sentence in the visitor's language (messages.ts).
 *
 * This entry wires the parts together in order: state.ts (elements, socket, model, timing), keyboardWiring.ts,
 * view.ts (rendering), input.ts (typing and sending), idle.ts (sparks and idle reset), queue.ts (socket events).
 */
import { hooks, wireTiming } from './state.ts';
import './keyboardWiring.ts';
import { idleReset, wireIdle } from './idle.ts';
import { typed, wireForm } from './input.ts';
import { wireQueue } from './queue.ts';
import { relabel, update } from './view.ts';

hooks.update = update;
wireTiming();
wireIdle();
wireForm(idleReset);
wireQueue();

relabel();
typed();
update();
