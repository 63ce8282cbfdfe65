/**
 * @module test/server/hardeningSockets
 * Who may do what over socket.io and OSC, on real installations (real socket.io, real UDP, real SQLite)
 * whose generator backend is FAKED (a slow scripted verse, so a verse is running when a test needs one).
 * The queue tests run outside the opening hours, so the loop never takes a prompt while they count.
 */
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { ConfigInput } from '../../config/schema.ts';
import { encodeOscBundle, encodeOscMessage } from '../../server/osc/oscEncode.ts';
import type { Installation } from '../../server/installation.ts';
import type { ErrorPayload } from '../../protocol/errors.ts';
import { EVENT_COSTS, EVENT_RATE_DEFAULTS } from '../../server/eventRates.ts';
import { FakeBackend } from '../helpers/fakeGenerator.ts';
import { ManualClock } from '../helpers/manualClock.ts';
import { client, next, request, startTestInstallation, TEST_TOKEN, type Client } from '../helpers/installation.ts';
import { until } from './osc/udp.ts';
import { rawRequest, type RawResponse } from '../helpers/rawHttp.ts';

type Ack = { ok: true; id?: string } | { ok: false; error: ErrorPayload };

const open: Array<{ inst: Installation; sockets: Client[] }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    for (const s of o.sockets) s.close();
    await o.inst.close();
  }
});

/** Opening hours that are closed today (open all day three days from now only). */
const CLOSED_TODAY: ConfigInput['hours'] = { open: '00:00', close: '00:00', days: [(new Date().getDay() + 3) % 7] };

async function start(config: ConfigInput = {}, text?: string, clock?: ManualClock): Promise<{ inst: Installation; open: (ns: string, auth?: Record<string, string>) => Client }> {
  const inst = await startTestInstallation(config, { createGenerator: new FakeBackend(text ? { text } : {}).factory(), ...(clock ? { clock } : {}) });
  const entry = { inst, sockets: [] as Client[] };
  open.push(entry);
  return {
    inst,
    open: (ns, auth) => {
      const s = client(inst, ns, auth);
      entry.sockets.push(s);
      return s;
    },
  };
}

async function udpFrom(address: string): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, address, resolve));
  return s;
}

function sendOsc(s: dgram.Socket, port: number, address: string, args: Array<number | string>): Promise<void> {
  return new Promise((resolve, reject) => s.send(encodeOscMessage(address, args), port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
}

describe('visitor limits across reconnects (generator FAKED, outside the opening hours)', () => {
  it('is closed: every page hears hours { open: false } and the loop does not write', async () => {
    const { inst, open: o } = await start({ hours: CLOSED_TODAY });
    const d = o('/display');
    const hours = await next(d, 'hours');
    expect(hours.open).toBe(false);
    expect(hours.next).toBeGreaterThan(Date.now());
    await inst.ready;
    expect(inst.loop.state).not.toBe('writing');
    expect(await (await fetch(`${inst.url}/metrics`)).text()).toMatch(/^inkverse_open 0$/m);
  });

  it('5 prompts from 5 kiosk pages on one machine are accepted with the default limits', async () => {
    const { inst, open: o } = await start({ hours: CLOSED_TODAY });
    for (let i = 0; i < 5; i++) {
      const k = o('/kiosk', { clientId: `kiosk-page-${i}-${'x'.repeat(8)}` });
      const ack = await request<Ack>(k, 'prompt:submit', { text: `visitor ${i}` });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
    }
    expect(inst.queue.size).toBe(5);
  });

  it('a page reconnecting 20 times with its client id holds at most perClient (2) prompts', async () => {
    const { inst, open: o } = await start({ hours: CLOSED_TODAY });
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const k = o('/kiosk', { clientId: 'one-page-client-id' });
      const ack = await request<Ack>(k, 'prompt:submit', { text: `again ${i}` });
      if (!ack.ok) codes.push(ack.error.code);
      k.close();
    }
    expect(inst.queue.size).toBe(2);
    expect(codes.length).toBe(18);
    expect(codes.every((c) => c === 'INKVERSE_E_CLIENT_LIMIT' || c === 'INKVERSE_E_RATE_LIMIT')).toBe(true);
  });

  it('a client reconnecting 20 times without an id (or a new one each time) holds at most perAddress (8) prompts', async () => {
    const { inst, open: o } = await start({ hours: CLOSED_TODAY });
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const k = o('/kiosk', i % 2 ? { clientId: `fresh-id-${i}-abcdefgh` } : undefined);
      const ack = await request<Ack>(k, 'prompt:submit', { text: `flood ${i}` });
      if (!ack.ok) codes.push(ack.error.code);
      k.close();
    }
    expect(inst.queue.size).toBe(8);
    expect(codes).toHaveLength(12);
    expect(codes.every((c) => c === 'INKVERSE_E_CLIENT_LIMIT' || c === 'INKVERSE_E_RATE_LIMIT')).toBe(true);
  });
});

describe('privacy and rates on sockets (generator FAKED)', () => {
  it('a console without the token receives no prompt text, no queue and no activity', async () => {
    const { inst, open: o } = await start({ hours: CLOSED_TODAY });
    const events: Array<[string, unknown]> = [];
    const spy = o('/console', { token: 'wrong-token-xyz' });
    spy.onAny((e: string, p: unknown) => events.push([e, p]));
    const status = await next(spy, 'status');
    expect(status.authorized).toBe(false);
    expect(status.clients).toEqual({});
    const performer = o('/console', { token: TEST_TOKEN });
    await next(performer, 'status', (s) => s.authorized === true);
    const k = o('/kiosk', { clientId: 'private-visitor-1' });
    expect((await request<Ack>(k, 'prompt:submit', { text: 'my secret wish' })).ok).toBe(true);
    await next(performer, 'queue', (q) => q.items.some((i) => i.text === 'my secret wish'));
    const udp = await udpFrom('127.0.0.1');
    await sendOsc(udp, inst.osc.address().port, '/inkverse/param/temperature', [1.1]);
    udp.close();
    await next(performer, 'activity', (a) => a.address === '/inkverse/param/temperature');
    // The performer's status follows the new clients (pushed on change), and the spy has had every chance to hear.
    await next(performer, 'status', (s) => (s.clients['/kiosk'] ?? 0) >= 1);
    const names = events.map(([e]) => e);
    expect(names).not.toContain('queue');
    expect(names).not.toContain('activity');
    expect(names).not.toContain('mappings');
    expect(names).not.toContain('presets');
    expect(JSON.stringify(events)).not.toContain('my secret wish');
    const refused = await request<Ack>(spy, 'queue:remove', { id: 'x' });
    expect(refused.ok === false && refused.error.code).toBe('INKVERSE_E_UNAUTHORIZED');
  });

  it('state:resume: a socket may ask as often at once as the event-rate table allows, and no more (clock MANUAL: no allowance comes back)', async () => {
    const { open: o } = await start({}, undefined, new ManualClock());
    const d = o('/display');
    let states = 0;
    d.on('state', () => states++);
    await next(d, 'state');
    const allowed = Math.floor(EVENT_RATE_DEFAULTS.perSocket.burst / EVENT_COSTS['state:resume']!);
    for (let i = 1; i <= allowed; i++) {
      const ack = await request<Ack>(d, 'state:resume', { id: 'none', fromSeq: 0 });
      expect(ack.ok, `state:resume ${i} of ${allowed}: ${JSON.stringify(ack)}`).toBe(true);
    }
    expect(states).toBe(1 + allowed); // on connect, then once per accepted request
    const refused = await request<Ack>(d, 'state:resume', { id: 'none', fromSeq: 0 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_RATE_LIMIT' } });
    expect(states).toBe(1 + allowed);
  });

  it('socket.io refuses an origin that is neither this server nor listed in server.origins', async () => {
    const { inst } = await start({ server: { origins: ['http://kiosk.example:8080'] } });
    const attempt = (origin: string): Promise<'connected' | 'refused'> =>
      new Promise((resolve) => {
        const s = connect(`${inst.url}/display`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin } });
        s.once('connect', () => (s.close(), resolve('connected')));
        s.once('connect_error', () => (s.close(), resolve('refused')));
      });
    expect(await attempt('http://evil.example')).toBe('refused');
    expect(await attempt('http://kiosk.example:8080')).toBe('connected');
    expect(await attempt(inst.url)).toBe('connected');
    // DNS rebinding: a page on a name pointed at this machine sends Origin and Host alike, but the name is not its own.
    const handshake = (host: string): Promise<RawResponse> =>
      rawRequest(inst.port, `GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nConnection: close\r\n\r\n`);
    expect((await handshake(`127.0.0.1:${inst.port}`)).status).toBe(200);
    expect((await handshake(`rebind.example:${inst.port}`)).status).toBe(403);
  });
});

describe('OSC: who may send, and caps (generator FAKED)', () => {
  it('a bundle of injections (all taken in one go, before any joins the verse) cannot pass the maximum verse length', async () => {
    const { inst, open: o } = await start({ engine: { inject: { maxChars: 60, perMinute: 6000 }, verse: { maxChars: 120 } }, params: { tempo: 4 } }, '春风吹柳绿细雨润花红'.repeat(20));
    const d = o('/display');
    await inst.ready;
    await next(d, 'verse:token');
    const codes: string[] = [];
    inst.osc.refusals.on('refused', (r) => codes.push(r.code));
    const udp = await udpFrom('127.0.0.1');
    const bundle = encodeOscBundle(Array.from({ length: 5 }, () => ({ address: '/inkverse/inject', args: ['z'.repeat(50)] })));
    await new Promise<void>((resolve, reject) => udp.send(bundle, inst.osc.address().port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
    udp.close();
    await until(() => inst.osc.stats().messages === 5, 'the bundle to arrive', 20_000);
    const accepted = 5 - codes.length;
    const blocks = (): number => (inst.loop.current()?.text.match(/z+/g) ?? []).join('').length / 50;
    await until(() => blocks() >= accepted, 'the accepted injections in the verse', 20_000);
    // At most two 50-character injections fit in a 120-character verse that already has text.
    expect(accepted).toBeLessThanOrEqual(2);
    expect(blocks()).toBe(accepted);
    expect(codes.every((c) => c === 'INKVERSE_E_VERSE_TOO_LONG')).toBe(true);
  });

  it('a sender outside osc.allow changes nothing; an allowed one does', async () => {
    const { inst } = await start({ osc: { allow: ['127.0.0.1/32'] } });
    const port = inst.osc.address().port;
    const before = inst.params.get('temperature');
    const outsider = await udpFrom('127.0.0.2');
    for (const address of ['/inkverse/param/temperature', '/*/*/*', '/inkverse/skip', '/inkverse/prompt']) {
      await sendOsc(outsider, port, address, address.endsWith('prompt') ? ['intruder'] : [1.9]);
    }
    outsider.close();
    await until(() => inst.osc.stats().denied === 4, 'the outsider to be denied', 20_000);
    expect(inst.params.get('temperature')).toBe(before);
    expect(inst.queue.size).toBe(0);
    expect(inst.osc.stats().messages).toBe(0);
    const insider = await udpFrom('127.0.0.1');
    await sendOsc(insider, port, '/inkverse/param/temperature', [1.25]);
    insider.close();
    await until(() => inst.params.get('temperature') === 1.25, 'the allowed sender to change a parameter', 20_000);
  });

  it('performer prompts fill at most their share of the queue (40 sent, 16 of 32 places)', async () => {
    const { inst } = await start({ hours: CLOSED_TODAY });
    const codes: string[] = [];
    inst.osc.refusals.on('refused', (r) => codes.push(r.code));
    const udp = await udpFrom('127.0.0.1');
    for (let i = 0; i < 40; i++) await sendOsc(udp, inst.osc.address().port, '/inkverse/prompt', [`performer ${i}`]);
    udp.close();
    await until(() => inst.osc.stats().messages === 40, 'all 40 prompts to arrive', 20_000);
    expect(inst.queue.size).toBe(16);
    expect(codes).toHaveLength(24);
    expect(codes.every((c) => c === 'INKVERSE_E_QUEUE_FULL')).toBe(true);
    // Visitors still have room.
    const k = client(inst, '/kiosk', { clientId: 'visitor-after-flood' });
    open[open.length - 1]!.sockets.push(k);
    expect((await request<Ack>(k, 'prompt:submit', { text: 'my turn' })).ok).toBe(true);
  });

  it('injections are cleaned of control characters, capped in length, and refused past the maximum verse length', async () => {
    const long = '春风吹柳绿细雨润花红'.repeat(20);
    const { inst, open: o } = await start({ engine: { inject: { maxChars: 60, perMinute: 6000 }, verse: { maxChars: 120 } }, params: { tempo: 4 } }, long);
    const performer = o('/console', { token: TEST_TOKEN });
    const d = o('/display');
    await inst.ready;
    await next(d, 'verse:token');
    const tooLong = await request<Ack>(performer, 'verse:inject', { text: 'x'.repeat(61) });
    expect(tooLong.ok === false && tooLong.error.code).toBe('INKVERSE_E_PROMPT_TOO_LONG');
    expect((await request<Ack>(performer, 'verse:inject', { text: 'a\u0007b\u001b[31mc' })).ok).toBe(true);
    await until(() => inst.loop.current()?.text.includes('ab[31mc') === true, 'the cleaned injection in the verse', 20_000);
    expect(inst.loop.current()!.text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const ack = await request<Ack>(performer, 'verse:inject', { text: 'y'.repeat(50) });
      if (!ack.ok) codes.push(ack.error.code);
    }
    expect(codes).toContain('INKVERSE_E_VERSE_TOO_LONG');
    expect(codes.every((c) => c === 'INKVERSE_E_VERSE_TOO_LONG')).toBe(true);
    // Exactly the accepted injections joined the verse; a refused one left no trace.
    const accepted = 4 - codes.length;
    const blocks = (): number => (inst.loop.current()?.text.match(/y+/g) ?? []).join('').length / 50;
    await until(() => blocks() >= accepted, 'the accepted injections in the verse', 20_000);
    expect(blocks()).toBe(accepted);
  });
});
