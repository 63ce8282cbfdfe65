/**
 * @module test/server/hardeningHttp
 * The HTTP side under hostile input, on a real installation (real HTTP over TCP, real socket.io, real
 * SQLite) whose generator backend is FAKED (nothing here depends on what a model writes): 1,000 malformed
 * requests leave the server up, each answered 4xx or closed; every response carries the security headers and
 * pages the CSP; `/metrics` and `/api/verses` can be put behind the token; a port already in use leaves
 * nothing open behind it.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Installation } from '../../server/installation.ts';
import { FakeBackend } from '../helpers/fakeGenerator.ts';
import { startTestInstallation, TEST_TOKEN } from '../helpers/installation.ts';
import { rawRequest, type RawResponse } from '../helpers/rawHttp.ts';

/** Writes `raw`, then half-closes (a truncated request really ends there) and reads whatever comes back. */
function rawThenEnd(port: number, raw: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = (): void => {
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, text });
    };
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', done);
    socket.on('close', done);
    socket.end(raw);
  });
}

const TARGETS = ['//[', '//a:99999', '//%zz/', '/%zz', '/\u0000', '//', '/..%2f..%2fetc/passwd', '/assets/../../package.json', '/api/verses?limit=%zz', '/api/verses?limit=-1', '/api/verses?limit=1e9', '/?' + 'a'.repeat(3000), 'http://[/', '*', '/%', '/display/%E0%A4%A'];
const BAD_HEADERS = [
  'Host: localhost\r\nBad Header: x',
  'Host: localhost\r\nX: \u0001\u0002',
  'Host: localhost\r\nContent-Length: abc',
  'Host: localhost\r\nContent-Length: 1\r\nContent-Length: 2',
  'Host: localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 3',
  'Host: localhost\r\nX-Big: ' + 'b'.repeat(20_000),
  'Host: localhost\r\n: empty-name',
  'Host: localhost\r\nX\u00ff: y',
];

/** The i-th of 1,000 malformed requests: bad targets, bad headers, truncated requests, garbage. */
function malformed(i: number): { raw: string; truncated: boolean } {
  const kind = i % 4;
  if (kind === 0) return { raw: `GET ${TARGETS[i % TARGETS.length]} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`, truncated: false };
  if (kind === 1) return { raw: `GET /health HTTP/1.1\r\n${BAD_HEADERS[i % BAD_HEADERS.length]}\r\nConnection: close\r\n\r\n`, truncated: false };
  if (kind === 2) {
    const whole = `POST /api/verses HTTP/1.1\r\nHost: localhost\r\nContent-Length: 50\r\n\r\n{"a":`;
    return { raw: whole.slice(0, 5 + (i % (whole.length - 5))), truncated: true };
  }
  const bytes = Array.from({ length: 8 + (i % 60) }, (_, k) => String.fromCharCode((i * 31 + k * 17) % 256));
  return { raw: bytes.join('') + '\r\n\r\n', truncated: true };
}

let inst: Installation;
beforeAll(async () => {
  inst = await startTestInstallation({}, { createGenerator: new FakeBackend().factory() });
});
afterAll(async () => {
  await inst?.close();
});

describe('HTTP under hostile input (generator FAKED)', () => {
  it('1,000 malformed requests over raw TCP each get a 4xx or a closed connection, and the server stays up', async () => {
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 1000; batch += 50) {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, k) => {
          const { raw, truncated } = malformed(batch + k);
          return truncated ? rawThenEnd(inst.port, Buffer.from(raw, 'latin1')) : rawRequest(inst.port, Buffer.from(raw, 'latin1'));
        }),
      );
      for (const r of results) {
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        expect(r.status === 0 || (r.status >= 400 && r.status < 500), `status ${r.status}: ${r.text.slice(0, 120)}`).toBe(true);
      }
    }
    console.info(`[http hostile] statuses of 1,000 malformed requests: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(1000);
    const health = await fetch(`${inst.url}/health`);
    expect(health.status).toBe(200);
  });

  it('the issue\'s targets answer with a JSON error naming a code', async () => {
    for (const target of ['//[', '//a:99999', '//%zz/']) {
      const r = await rawRequest(inst.port, `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      expect([400, 404]).toContain(r.status);
      expect(r.text).toMatch(/"code":"INKVERSE_E_(BAD_REQUEST|NOT_FOUND)"/);
    }
  });

  it('every response carries the security headers, and pages a CSP that forbids framing and inline script', async () => {
    for (const path of ['/', '/display', '/kiosk', '/sound', '/console']) {
      const res = await fetch(inst.url + path);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    for (const path of ['/health', '/nothing-here', '/api/verses']) {
      const res = await fetch(inst.url + path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('/metrics reports the OSC counters', async () => {
    const text = await (await fetch(`${inst.url}/metrics`)).text();
    expect(text).toMatch(/inkverse_osc\{kind="denied"\} \d+/);
    expect(text).toMatch(/inkverse_osc\{kind="packets"\} \d+/);
  });
});

describe('protected endpoints (generator FAKED)', () => {
  it('with server.protectEndpoints, /metrics and /api/verses need the token as a bearer; /health stays open', async () => {
    const locked = await startTestInstallation({ server: { protectEndpoints: true } }, { createGenerator: new FakeBackend().factory() });
    try {
      for (const path of ['/metrics', '/api/verses']) {
        const refused = await fetch(locked.url + path);
        expect(refused.status).toBe(401);
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('INKVERSE_E_UNAUTHORIZED');
        const wrong = await fetch(locked.url + path, { headers: { authorization: 'Bearer not-the-token' } });
        expect(wrong.status).toBe(401);
        const ok = await fetch(locked.url + path, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
        expect(ok.status).toBe(200);
      }
      // Open: answered (ok, or degraded while the fake loads), never refused for the missing token.
      const health = await fetch(`${locked.url}/health`);
      expect([200, 503]).toContain(health.status);
      expect(((await health.json()) as { status: string }).status).toMatch(/^(ok|degraded)$/);
    } finally {
      await locked.close();
    }
  });
});

describe('start-up failure (generator FAKED)', () => {
  it('an HTTP port in use rejects the start and leaves the OSC port free again', async () => {
    const probe = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
    const oscPort = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expect(startTestInstallation({ server: { port: inst.port }, osc: { port: oscPort } }, { createGenerator: new FakeBackend().factory() })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    const again = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(oscPort, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });
});
