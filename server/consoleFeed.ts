/**
 * @module consoleFeed: what only a performer may see. Console sockets holding the token join a private
 * room; visitors' prompt texts (`queue`), controller `activity`, `presets`, `mappings` and the full `status`
 * go to that room only. A console without the token gets a public status (`authorized: false`) and nothing
 * else private. Status is pushed again whenever it changes (clients connecting, the queue moving), at most
 * a few times a second, so client counts never go stale. Also runs the console's service requests.
 */
import type { Namespace } from 'socket.io';
import type { Emitter } from '../engine/emitter.ts';
import type { PromptQueue } from '../engine/promptQueue.ts';
import { InkverseError } from '../protocol/errors.ts';
import type { ActivityPayload, ClientToServerEvents, ModelsPayload, QueueItemView, ServerToClientEvents, StatusPayload } from '../protocol/events.ts';
import type { Mapping } from '../protocol/mappingSchema.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import type { Metrics } from './metrics.ts';
import type { RequestHandlerMap } from './requestHandler.ts';

/** The room of console sockets that hold the token. */
export const PRIVATE_ROOM = 'private';

/** Console features provided by the control layer (presets, mappings, MIDI). */
export interface ConsoleServices {
  presetNames(): string[];
  savePreset(name: string): Promise<void>;
  mappings(): Mapping[];
  /** Validates, persists and applies a mapping; rejects (nothing changed) when it is invalid. */
  saveMapping(mapping: Mapping): Promise<void>;
  removeMapping(mapping: Mapping): Promise<void>;
  handleMidi(data: number[]): void;
  /** The installed models and the one in use (live switching); absent where the installation cannot switch. */
  models?(): ModelsPayload;
  /** Calls `listener` whenever `models()` changes; returns how to stop. */
  onModels?(listener: () => void): () => void;
}

export interface ConsoleFeedOptions {
  console: Namespace<ClientToServerEvents, ServerToClientEvents>;
  queue: PromptQueue;
  metrics: Metrics;
  status(): StatusPayload;
  services?: ConsoleServices;
  /** Activity from controllers (OSC, MIDI) to show on the console. */
  activity?: Emitter<{ activity: (a: ActivityPayload) => void }>;
  /** Most activity events forwarded per second; the rest are only counted. */
  activityPerSecond: number;
  /** Shortest gap between two status pushes, in milliseconds (changes in between are folded into one). */
  statusIntervalMs: Milliseconds;
  /** The installation's clock, milliseconds since the epoch. */
  now: () => Milliseconds;
}

const DEFAULTS = { activityPerSecond: 50, statusIntervalMs: 250 } satisfies Partial<ConsoleFeedOptions>;

export class ConsoleFeed {
  readonly #o: ConsoleFeedOptions;
  readonly #offs: Array<() => void> = [];
  #statusTimer: NodeJS.Timeout | undefined;
  #lastStatus = 0;

  constructor(options: Omit<ConsoleFeedOptions, keyof typeof DEFAULTS> & Partial<ConsoleFeedOptions>) {
    const o = (this.#o = { ...DEFAULTS, ...options });
    const models = o.services?.models?.bind(o.services);
    if (models && o.services?.onModels) this.#offs.push(o.services.onModels(() => this.#private().emit('models', models())));
    if (o.activity) {
      // A flood of controller messages must not become a flood of console updates.
      let windowStart = 0;
      let sent = 0;
      this.#offs.push(
        o.activity.on('activity', (a) => {
          if (a.at - windowStart >= 1000) {
            windowStart = a.at;
            sent = 0;
          }
          if (++sent <= o.activityPerSecond) this.#private().emit('activity', a);
          else o.metrics.activityDropped.inc();
        }),
      );
    }
  }

  /** A console socket connected: private ones join the room and get the whole picture; others a public status. */
  joined(socket: { join(room: string): unknown; emit: Namespace<ClientToServerEvents, ServerToClientEvents>['emit'] }, authorized: boolean): void {
    if (!authorized) {
      const { model, device, uptime_s } = this.#o.status();
      socket.emit('status', { model, device, uptime_s, clients: {}, queue: this.#o.queue.size, authorized: false });
      return;
    }
    void socket.join(PRIVATE_ROOM);
    socket.emit('queue', { items: this.#queueView() });
    socket.emit('status', { ...this.#o.status(), authorized: true });
    if (this.#o.services) {
      socket.emit('presets', { names: this.#o.services.presetNames() });
      socket.emit('mappings', { mappings: this.#o.services.mappings() });
      if (this.#o.services.models) socket.emit('models', this.#o.services.models());
    }
  }

  queueChanged(): void {
    this.#private().emit('queue', { items: this.#queueView() });
    this.statusChanged();
  }

  /** Something in the status changed: push it now, or once the interval has passed (changes in between fold into one). */
  statusChanged(): void {
    if (this.#statusTimer) return;
    const wait = Math.max(0, this.#lastStatus + this.#o.statusIntervalMs - this.#o.now());
    this.#statusTimer = setTimeout(() => {
      this.#statusTimer = undefined;
      this.#lastStatus = this.#o.now();
      this.#private().emit('status', { ...this.#o.status(), authorized: true });
    }, wait);
    this.#statusTimer.unref();
  }

  /** The console's service requests: presets, mappings and MIDI (refused when this installation has no services). */
  handlers(): Pick<RequestHandlerMap, 'preset:save' | 'mapping:save' | 'mapping:remove' | 'midi:message'> {
    const services = (event: string): ConsoleServices => {
      if (!this.#o.services) throw new InkverseError('INKVERSE_E_UNKNOWN_EVENT', `"${event}" is not available in this installation.`);
      return this.#o.services;
    };
    return {
      'preset:save': async ({ name }) => {
        const s = services('preset:save');
        await s.savePreset(name);
        this.#private().emit('presets', { names: s.presetNames() });
        return {};
      },
      'mapping:save': async (mapping) => {
        const s = services('mapping:save');
        await s.saveMapping(mapping);
        this.#private().emit('mappings', { mappings: s.mappings() });
        return {};
      },
      'mapping:remove': async (mapping) => {
        const s = services('mapping:remove');
        await s.removeMapping(mapping);
        this.#private().emit('mappings', { mappings: s.mappings() });
        return {};
      },
      'midi:message': ({ data }) => (services('midi:message').handleMidi(data), {}),
    };
  }

  close(): void {
    for (const off of this.#offs.splice(0)) off();
    clearTimeout(this.#statusTimer);
    this.#statusTimer = undefined;
  }

  #private(): ReturnType<Namespace<ClientToServerEvents, ServerToClientEvents>['to']> {
    return this.#o.console.to(PRIVATE_ROOM);
  }

  #queueView(): QueueItemView[] {
    return this.#o.queue.list().map((p, i) => ({ id: p.id, source: p.source, position: i + 1, text: p.text }));
  }
}
