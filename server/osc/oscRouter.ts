/**
 * @module oscRouter: where each OSC message goes. Resolves its address (a pattern, per OSC 1.0, matched
 * with the safe matcher) against the built-in addresses and the user's mappings, runs what matched within
 * the packet's budget, and reports every message as activity and every refusal with its code.
 */
import type { Clock } from '../../engine/clock.ts';
import type { ControlTarget } from '../../engine/control/controlTarget.ts';
import type { Mapper } from '../../engine/control/mapper.ts';
import type { Emitter } from '../../engine/emitter.ts';
import { logger } from '../../engine/log.ts';
import { InkverseError, type ErrorCode } from '../../protocol/errors.ts';
import type { ActivityPayload } from '../../protocol/events.ts';
import type { Mapping } from '../../protocol/mappingSchema.ts';
import type { ThrottledLog } from '../throttledLog.ts';
import { isAddressPattern, parseAddressPattern, type AddressPatternOptions } from './addressPattern.ts';
import { OSC_ADDRESSES, OSC_ALIASES, badRequest, builtinRoutes, numberArg, setParam, type Builtin, type Refusal } from './oscBuiltins.ts';
import { timetagToMs, type OscArg, type OscMessage } from './oscTypes.ts';

const log = logger('osc');

/** A message the server understood but refused (bad argument, unknown parameter, target error). */
export interface OscRefusal {
  address: string;
  code: ErrorCode;
  message: string;
  /** Milliseconds since the epoch. */
  at: number;
}

/** Every decoded message, matched or not (the console's monitor and learn); shaped like StreamHub's `activity` option. */
export type ActivityEvents = { activity: (p: ActivityPayload) => void };
/** Messages refused, with the reason (for the console's monitor). */
export type RefusalEvents = { refused: (p: OscRefusal) => void };

export interface OscRouterOptions {
  target: ControlTarget;
  clock: Clock;
  mapper: Mapper;
  activity: Emitter<ActivityEvents>;
  refusals: Emitter<RefusalEvents>;
  /** Bounds of incoming address patterns. */
  pattern: Partial<AddressPatternOptions>;
  /** Most routes (built-ins and mappings) one packet may fire, bundles and patterns included; the rest are refused. */
  maxDispatchPerPacket: number;
  /** Longest string argument shown in activity events, in characters. */
  activityMaxChars: number;
}

export interface OscRouterStats {
  /** Messages decoded (bundles count their messages). */
  messages: number;
  /** Messages whose address (or pattern) matched nothing. */
  unmatched: number;
  /** Messages refused: bad pattern, bad arguments, or the target said no. */
  refused: number;
}

type Route = { kind: 'builtin'; run: Builtin } | { kind: 'mapping'; mapping: Mapping };

export class OscRouter {
  readonly stats: OscRouterStats = { messages: 0, unmatched: 0, refused: 0 };
  readonly #o: OscRouterOptions;
  readonly #log: ThrottledLog;
  readonly #builtins = new Map<string, Route>();
  #routes = new Map<string, Route[]>();
  /** Every routed address with its parts split at `/`, for matching incoming patterns. */
  #known: Array<[string, string[]]> = [];
  /** Routes the packet being handled may still fire. */
  #budget = 0;

  constructor(o: OscRouterOptions, throttled: ThrottledLog) {
    this.#o = o;
    this.#log = throttled;
    // One Route per handler, so an alias and its address share it and a pattern matching both fires it once.
    const byRun = new Map<Builtin, Route>();
    for (const [address, run] of builtinRoutes(o.target)) {
      const route = byRun.get(run) ?? { kind: 'builtin', run };
      byRun.set(run, route);
      this.#builtins.set(address, route);
    }
    this.setMappings([]);
  }

  /** Replaces the user mappings; throws `INKVERSE_E_CONFIG` (nothing changed) when one is invalid. */
  setMappings(mappings: readonly Mapping[]): void {
    const routes = new Map<string, Route[]>();
    for (const [address, route] of this.#builtins) routes.set(address, [route]);
    for (const m of mappings) {
      if (m.address === undefined) continue; // a MIDI mapping
      this.#o.mapper.check(m);
      if (isAddressPattern(m.address)) {
        throw new InkverseError('INKVERSE_E_CONFIG', `Mapping address "${m.address}" must be a plain address without ? * [ ] { }.`);
      }
      if (this.#builtins.has(m.address)) {
        throw new InkverseError('INKVERSE_E_CONFIG', `Mapping address "${m.address}" is a built-in inkverse address; pick another.`);
      }
      const list = routes.get(m.address) ?? [];
      list.push({ kind: 'mapping', mapping: m });
      routes.set(m.address, list);
    }
    this.#routes = routes;
    this.#known = [...routes.keys()].map((a) => [a, a.split('/')]);
  }

  /** Starts a packet: it may fire at most `maxDispatchPerPacket` routes from now on. */
  beginPacket(): void {
    this.#budget = this.#o.maxDispatchPerPacket;
  }

  dispatch(msg: OscMessage, from: string): void {
    this.stats.messages++;
    this.#o.activity.emit('activity', { source: 'osc', address: msg.address, args: msg.args.map((a) => this.#activityArg(a)), at: this.#o.clock.now() });
    let routes: Array<[string, Route]>;
    if (!isAddressPattern(msg.address)) {
      routes = (this.#routes.get(msg.address) ?? []).map((r) => [msg.address, r]);
    } else {
      // OSC 1.0: the message's address is a pattern matched against our addresses.
      const parsed = parseAddressPattern(msg.address, this.#o.pattern);
      if (!parsed.ok) return this.#refuse(msg.address, badRequest(`Address pattern refused: ${parsed.reason}.`));
      routes = [];
      const seen = new Set<Route>();
      for (const [address, parts] of this.#known) {
        if (!parsed.pattern.matches(parts)) continue;
        for (const r of this.#routes.get(address)!) {
          if (seen.has(r)) continue;
          seen.add(r);
          routes.push([OSC_ALIASES[address] ?? address, r]);
        }
      }
    }
    if (Object.hasOwn(OSC_ALIASES, msg.address)) {
      this.#log.write('warn', `deprecated:${msg.address}`, { from, address: msg.address, use: OSC_ALIASES[msg.address] }, 'deprecated OSC address: it still works, but send the new one');
    }
    if (routes.length === 0) {
      if (msg.address.startsWith(OSC_ADDRESSES.param) && !isAddressPattern(msg.address) && this.#budget-- > 0) {
        // Not a parameter we route: let the store name the known ones.
        return this.#run({ kind: 'builtin', run: (m) => setParam(this.#o.target, m, m.address) }, msg, from, msg.address);
      }
      this.stats.unmatched++;
      this.#log.write('debug', 'unmatched', { from, address: msg.address }, 'OSC address matches nothing');
      return;
    }
    for (const [address, route] of routes) {
      if (this.#budget-- <= 0) {
        return this.#refuse(msg.address, badRequest(`One packet may fire at most ${this.#o.maxDispatchPerPacket} addresses; the rest were ignored.`));
      }
      this.#run(route, msg, from, address);
    }
  }

  #run(route: Route, msg: OscMessage, from: string, address: string): void {
    let refusal: Refusal | void = undefined;
    try {
      if (route.kind === 'builtin') {
        refusal = route.run(msg, from, address);
      } else {
        const first = msg.args[0];
        const value = first === undefined ? undefined : numberArg(first);
        if (first !== undefined && value === undefined) {
          refusal = badRequest(`${route.mapping.address} needs a number; got ${typeof first}.`);
        } else {
          const outcome = this.#o.mapper.handle(route.mapping, value, 'osc');
          if (outcome.kind === 'error') refusal = toRefusal(outcome.error);
        }
      }
    } catch (err) {
      refusal = toRefusal(err);
    }
    if (refusal) this.#refuse(msg.address, refusal);
  }

  #refuse(address: string, r: Refusal): void {
    this.stats.refused++;
    this.#log.write('warn', `refused:${r.code}`, { address, code: r.code, reason: r.message }, 'OSC message refused');
    this.#o.refusals.emit('refused', { address, code: r.code, message: r.message, at: this.#o.clock.now() });
  }

  #activityArg(a: OscArg): number | string | boolean {
    if (typeof a === 'number') return Number.isFinite(a) ? a : String(a);
    if (typeof a === 'boolean') return a;
    if (typeof a === 'string') return a.length > this.#o.activityMaxChars ? a.slice(0, this.#o.activityMaxChars) + '…' : a;
    if (typeof a === 'bigint') return Number(a);
    if (a === null) return 'nil';
    if (a instanceof Uint8Array) return `blob(${a.length})`;
    if ('midi' in a) return `midi(${a.midi.join(',')})`;
    return timetagToMs(a);
  }
}

/** A thrown error as a refusal for the console's monitor. */
function toRefusal(err: unknown): Refusal {
  if (err instanceof InkverseError) return { code: err.code, message: err.message };
  // Not an InkverseError: an engine bug, not the sender's fault; keep details in the log, not the monitor.
  log.error({ err }, 'OSC handler fault');
  return { code: 'INKVERSE_E_BAD_REQUEST', message: 'The server could not handle this message; it has been logged.' };
}
