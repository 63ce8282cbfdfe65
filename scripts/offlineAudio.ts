/**
 * @module offlineAudio: renders a VerseScore to audio in headless Chromium (Node has no Web Audio),
 * running the very SoundEngine the /sound page plays. Used by `npm run render:audio` and the offline
 * rendering tests.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './chromium.ts';
import type { RenderedVerse } from '../scenes/sound/offlineRender.ts';
import type { EncodedRender } from '../scenes/sound/offlineEntry.ts';
import type { VerseScore } from '../scenes/sound/verseScore.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface OfflineAudioOptions {
  /** Samples per second of the result. */
  sampleRate: number;
  /** A running Chromium to use (else one is started and closed). */
  browser?: Browser;
}

const DEFAULTS = { sampleRate: 44_100 } satisfies OfflineAudioOptions;

let bundle: Promise<string> | undefined;

/** The offline entry bundled once per process, as a classic script. */
function offlineBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [path.join(ROOT, 'scenes', 'sound', 'offlineEntry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}

export async function renderOffline(score: VerseScore, options: Partial<OfflineAudioOptions> = {}): Promise<RenderedVerse> {
  const o = { ...DEFAULTS, ...options };
  const [code, browser] = await Promise.all([offlineBundle(), o.browser ?? launchBrowser()]);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent('<!doctype html><title>inkverse offline render</title>');
    await page.addScriptTag({ content: code });
    const r = await page.evaluate(
      ([s, rate]) => (globalThis as unknown as { inkverseRender: (s: VerseScore, r: number) => Promise<EncodedRender> }).inkverseRender(s, rate),
      [score, o.sampleRate] as const,
    );
    if (errors.length) throw new Error(`The offline render failed in Chromium: ${errors.join('; ')}`);
    const channels = r.channels.map((b64) => {
      const buf = Buffer.from(b64, 'base64');
      return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    });
    return { sampleRate: r.sampleRate, channels, events: r.events };
  } finally {
    await context.close();
    if (!o.browser) await browser.close();
  }
}

/** 16-bit PCM WAV of the channels (interleaved), the trailing silence trimmed to half a second. */
export function encodeWav(channels: readonly Float32Array[], sampleRate: number): Buffer {
  const silence = 10 ** (-70 / 20);
  let frames = channels[0]?.length ?? 0;
  while (frames > 0 && channels.every((c) => Math.abs(c[frames - 1]!) < silence)) frames--;
  frames = Math.min(channels[0]?.length ?? 0, frames + Math.round(sampleRate / 2));
  const n = channels.length;
  const data = Buffer.alloc(frames * n * 2);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < n; c++) {
      const v = Math.max(-1, Math.min(1, channels[c]![i]!));
      data.writeInt16LE(Math.round(v * 32767), (i * n + c) * 2);
    }
  }
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVE', 8);
  head.write('fmt ', 12);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(n, 22);
  head.writeUInt32LE(sampleRate, 24);
  head.writeUInt32LE(sampleRate * n * 2, 28);
  head.writeUInt16LE(n * 2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}
