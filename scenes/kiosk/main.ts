/**
 * @module kiosk page: a touch screen in a dark room. A visitor types (on-screen keyboard, with pinyin input),
 * taps an example or an idea spark, picks how their words begin the verse, then sees their place in the queue
 * with a countdown, the verse as it is written (with pinyin, gloss and the poem a copied line comes from),
 * and "your verse is on the wall" with a QR code to take it home. After a quiet while it returns to its start.
 * `<body data-state="idle|queued|writing|done">` follows the visitor's own prompt. Never an error page: every
 * refusal is a kind sentence in the visitor's language (messages.ts).
 *
 * The only module with effects on load: it connects the socket and hands it and the page to createKiosk.
 */
import { connect } from '../ui/socket.ts';
import { createKiosk } from './createKiosk.ts';

/**
 * This page's visitor id (socket.io `auth.clientId`, server/visitorLimits.ts): the server knows the page across
 * reconnects, for its queue caps and to send it the code of its verse. Not crypto.randomUUID: the kiosk may be
 * served over plain http on the LAN, where that is missing.
 */
const clientId = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

createKiosk({
  document,
  socket: connect('/kiosk', { auth: { clientId } }),
  idleOverride: Number(new URLSearchParams(location.search).get('idle')),
  now: () => Date.now(),
});
