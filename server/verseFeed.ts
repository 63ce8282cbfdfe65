/**
 * @module verseFeed: what the stream hub hears of the verse being written: its events (start, tokens, lines,
 * end) and the verse as far as it has come. In one process the verse loop itself is the feed; a server that
 * is not the writer (with Redis) gets the writer's broadcasts through the socket.io adapter and
 * its own loop stays silent.
 */
import type { VerseLoop } from '../engine/verseLoop.ts';

/** The verse loop's side the hub reads: its events and `current()`. */
export type VerseFeed = Pick<VerseLoop, 'events' | 'current'>;
