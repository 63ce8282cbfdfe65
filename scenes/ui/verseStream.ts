/**
 * @module verseStream: wires a page's socket to a VerseModel: `state` snapshots, the `verse:*` stream,
 * and `state:resume` after a reconnect or when a hole in the token sequence shows up.
 */
import type { StatePayload } from '../../protocol/events.ts';
import type { PageSocket } from './socket.ts';
import { VerseModel, type VerseModelHooks } from './verseModel.ts';

export interface VerseStreamHooks {
  change?: VerseModelHooks['change'];
  /** Called with every `state` (params and scene ride along with the verse). */
  state?: (p: StatePayload) => void;
}

export function bindVerseStream(socket: PageSocket, hooks: VerseStreamHooks = {}): VerseModel {
  const model: VerseModel = new VerseModel({
    change: hooks.change,
    gap: (id, fromSeq) => {
      if (socket.connected) socket.emit('state:resume', { id, fromSeq });
    },
  });
  let connectedBefore = false;
  socket.on('connect', () => {
    // The server sends `state` on every connect anyway; after a drop we also say where we stopped,
    // so it can send just the rest of the verse. Duplicates are dropped by seq either way.
    const id = model.id;
    if (connectedBefore && id && !model.end) socket.emit('state:resume', { id, fromSeq: model.nextSeq });
    connectedBefore = true;
  });
  socket.on('state', (p) => {
    model.applySnapshot(p.verse);
    hooks.state?.(p);
  });
  socket.on('verse:start', (p) => model.begin(p));
  socket.on('verse:token', (p) => model.token(p));
  socket.on('verse:line', (p) => model.line(p));
  socket.on('verse:end', (p) => model.finish(p));
  return model;
}
