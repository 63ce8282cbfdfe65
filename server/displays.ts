/**
 * @module displays: the connected `/display` pages, by name, and what each shows. A display names itself
 * and its pinned scene in its socket.io handshake (`auth: { display, scene }`, from `/display?display=&scene=`);
 * consoles holding the token get the list as a `displays` event when it changes, and a scene the console set
 * for one display reaches only that display's sockets (also after it reconnects).
 *
 * Changes are folded into one push at most every `minIntervalMs`, and a long list waits longer (at most
 * `bytesPerSecond` of lists per console), so a storm of displays connecting and leaving costs a console a
 * few pushes a second, not one whole list per connection.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import { z } from 'zod';
import { findScene } from '../scenes/sceneRegistry.ts';
import type { ClientToServerEvents, DisplayInfo, ServerToClientEvents } from '../protocol/events.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import { PRIVATE_ROOM } from './consoleFeed.ts';
import type { SceneState } from './sceneState.ts';

type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface DisplaysOptions {
  io: IoServer;
  scene: SceneState;
  /** Shortest gap between two pushes of the list, in milliseconds; default 250. */
  minIntervalMs: Milliseconds;
  /** Bytes of display lists per second a console receives at most (a long list is pushed less often); default 32 KiB. */
  bytesPerSecond: number;
  /** The installation's clock, milliseconds since the epoch. */
  now: () => Milliseconds;
}

const DEFAULTS = { minIntervalMs: 250, bytesPerSecond: 32 * 1024 } satisfies Partial<DisplaysOptions>;

/** What a display may say about itself; anything else in the handshake is ignored. */
const Handshake = z.object({
  display: z.string().regex(/^[\w.-]{1,40}$/).optional().catch(undefined),
  scene: z.string().max(64).optional().catch(undefined),
});

interface Entry {
  name: string;
  pinned: string | null;
}

export class Displays {
  readonly #o: DisplaysOptions;
  readonly #sockets = new Map<string, Entry>();
  readonly #displayNs: Namespace<ClientToServerEvents, ServerToClientEvents>;
  readonly #consoleNs: Namespace<ClientToServerEvents, ServerToClientEvents>;
  readonly #offs: Array<() => void> = [];
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  /** When the last push went out, and how long the next must wait after it. */
  #last = { at: 0, waitMs: 0 };

  constructor(options: Omit<DisplaysOptions, keyof typeof DEFAULTS> & Partial<DisplaysOptions>) {
    this.#o = { ...DEFAULTS, ...options };
    const { io, scene } = options;
    this.#displayNs = io.of('/display');
    this.#consoleNs = io.of('/console');
    const onDisplay = (socket: IoSocket): void => this.#connect(socket);
    // The stream hub has already put a console holding the token in the private room (it listens first).
    const onConsole = (socket: IoSocket): void => void (socket.rooms.has(PRIVATE_ROOM) && socket.emit('displays', { displays: this.list() }));
    this.#displayNs.on('connection', onDisplay);
    this.#consoleNs.on('connection', onConsole);
    this.#offs.push(
      () => this.#displayNs.off('connection', onDisplay),
      () => this.#consoleNs.off('connection', onConsole),
      scene.events.on('scene', () => this.#publish()),
      scene.events.on('assign', (display, payload) => {
        for (const [id, e] of this.#sockets) if (e.name === display) this.#displayNs.sockets.get(id)?.emit('scene', payload);
        this.#publish();
      }),
    );
  }

  /** The connected displays, by name; one entry per connection (two tabs with one name are two entries). */
  list(): DisplayInfo[] {
    const { scene } = this.#o;
    return [...this.#sockets.values()]
      .map((e) => {
        const assigned = scene.assigned(e.name);
        return { name: e.name, pinned: e.pinned, assigned, scene: assigned ?? e.pinned ?? scene.name };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  #connect(socket: IoSocket): void {
    const hello = Handshake.safeParse(socket.handshake.auth ?? {});
    const given = hello.success ? hello.data : {};
    // An unnamed display still needs a name the console can address: one made from its connection.
    const name = given.display ?? `display-${socket.id.slice(0, 6)}`;
    const pinned = given.scene !== undefined && findScene(given.scene) ? given.scene : null;
    this.#sockets.set(socket.id, { name, pinned });
    this.#o.scene.sawDisplay(name);
    const assigned = this.#o.scene.assigned(name);
    if (assigned) socket.emit('scene', { ...this.#o.scene.snapshotOf(assigned), display: name });
    socket.on('disconnect', () => {
      this.#sockets.delete(socket.id);
      this.#publish();
    });
    this.#publish();
  }

  /** The list changed: push it once the gap since the last push has passed (changes in between fold into one). */
  #publish(): void {
    if (this.#closed || this.#timer) return;
    const wait = Math.max(0, this.#last.at + this.#last.waitMs - this.#o.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#closed) return;
      const payload = { displays: this.list() };
      const bytes = JSON.stringify(payload).length;
      this.#last = { at: this.#o.now(), waitMs: Math.max(this.#o.minIntervalMs, (bytes / this.#o.bytesPerSecond) * 1000) };
      this.#consoleNs.to(PRIVATE_ROOM).emit('displays', payload);
    }, wait);
    this.#timer.unref();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const off of this.#offs.splice(0)) off();
    this.#sockets.clear();
  }
}
