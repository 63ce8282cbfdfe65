/**
 * @module offlineEntry: the browser bundle the offline renderer loads into a blank Chromium page. It
 * exposes one function, `inkverseRender(score, sampleRate)`, returning the channels as base64 float32.
 */
import { renderScore } from './offlineRender.ts';
import type { VerseScore } from './verseScore.ts';

function toBase64(samples: Float32Array): string {
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  let bin = '';
  // In slices: String.fromCharCode with millions of arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export interface EncodedRender {
  sampleRate: number;
  channels: string[];
  events: Awaited<ReturnType<typeof renderScore>>['events'];
}

(globalThis as unknown as { inkverseRender: (s: VerseScore, rate: number) => Promise<EncodedRender> }).inkverseRender = async (score, rate) => {
  const r = await renderScore(score, rate);
  return { sampleRate: r.sampleRate, channels: r.channels.map(toBase64), events: r.events };
};
