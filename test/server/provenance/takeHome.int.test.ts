/**
 * The take-home in music and image, from a verse the shipped Tang model wrote on a real installation:
 * `/v/<code>.mid` parses as MIDI with one note or chord per character, made by the sound page's mapping; in headless
 * Chromium (WebGL through SwiftShader) `/v/<code>` draws the verse with the ink scene into a non-blank image, its PNG
 * downloads (phone and print) are valid images of those sizes, and the play button starts audio with the sound
 * page's engine (`data-audio="running"`), its notes lasting as long as the MIDI file. The page runs under the CSP.
 */
import ToneMidi from '@tonejs/midi';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePages, launchBrowser, openPage, waitForBodyData } from '../../helpers/browser.ts';
import { client, startTestInstallation, type Client } from '../../helpers/installation.ts';
import { kioskVerse } from '../../helpers/kioskVerse.ts';
import type { Installation } from '../../../server/installation.ts';

let inst: Installation;
let browser: Browser;
let kiosk: Client;
let verse: { id: string; code: string };
beforeAll(async () => {
  [inst, browser] = await Promise.all([startTestInstallation({ params: { tempo: 0 } }), launchBrowser({ webgl: true })]);
  await inst.ready;
  kiosk = client(inst, '/kiosk');
  verse = await kioskVerse(kiosk, '秋风');
}, 180_000);
afterAll(async () => {
  kiosk?.close();
  await closePages();
  await browser?.close();
  await inst?.close();
});

const hanCount = (lines: string[]): number => lines.join('').match(/\p{Script=Han}/gu)?.length ?? 0;

async function midiOf(code: string): Promise<InstanceType<typeof ToneMidi.Midi>> {
  const res = await fetch(`${inst.url}/v/${code}.mid`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('audio/midi');
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(Buffer.from(bytes.subarray(0, 4)).toString('latin1')).toBe('MThd');
  return new ToneMidi.Midi(bytes);
}

describe('the verse to take home: music and image', () => {
  it('/v/<code>.mid is a MIDI file with one note or chord per character of the verse', async () => {
    const midi = await midiOf(verse.code);
    const lines = inst.archive.get(verse.id)!.lines;
    const melody = midi.tracks.find((t) => t.name === 'verse')!;
    const onsets = [...new Set(melody.notes.map((n) => Math.round(n.time * 1000)))].sort((a, b) => a - b);
    expect(onsets).toHaveLength(hanCount(lines));
    // Each character's chord sounds before the next character's starts (one chord per character, in order).
    for (let i = 1; i < onsets.length; i++) expect(onsets[i]!).toBeGreaterThan(onsets[i - 1]!);
    expect(midi.tracks.find((t) => t.name === 'cadence')!.notes.length).toBeGreaterThan(0);
    expect(midi.duration).toBeGreaterThan(onsets.at(-1)! / 1000);
  });

  it('/v/<code> draws the verse with the ink scene, offers valid PNGs, and plays it with the sound engine for as long as the MIDI lasts', async () => {
    const violations: string[] = [];
    const { page, errors } = await openPage(browser, `${inst.url}/v/${verse.code}`, {
      beforeLoad: (p) => p.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP ${e.violatedDirective} ${e.blockedURI}`))).then(() => p.on('console', (m) => /^CSP /.test(m.text()) && violations.push(m.text()))),
    });
    await waitForBodyData(page, 'image', 'ready', 240_000);
    // Non-blank: the shown image has paper and ink (dark strokes on light paper), not one flat colour.
    const tones = await page.evaluate(() => {
      const src = document.getElementById('ink') as HTMLCanvasElement;
      const c = document.createElement('canvas');
      c.width = 270;
      c.height = 585;
      const g = c.getContext('2d')!;
      g.drawImage(src, 0, 0, c.width, c.height);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      let light = 0;
      for (let i = 0; i < d.length; i += 4) {
        const y = 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
        if (y < 90) dark++;
        else if (y > 170) light++;
      }
      return { dark: dark / (d.length / 4), light: light / (d.length / 4) };
    });
    expect(tones.dark).toBeGreaterThan(0.002);
    expect(tones.light).toBeGreaterThan(0.3);
    for (const [name, size] of [['phone', [1080, 2340]], ['print', [1654, 2339]]] as const) {
      const png = await page.evaluate(async (id) => {
        const a = document.getElementById(id) as HTMLAnchorElement;
        const blob = await (await fetch(a.href)).blob();
        const head = Array.from(new Uint8Array(await blob.slice(0, 8).arrayBuffer()));
        const bitmap = await createImageBitmap(blob);
        return { head, type: blob.type, width: bitmap.width, height: bitmap.height, download: a.download, hidden: a.hidden };
      }, `png-${name}`);
      expect(png.head, name).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png, name).toMatchObject({ type: 'image/png', width: size[0], height: size[1], download: `inkverse-${verse.code}-${name}.png`, hidden: false });
    }
    expect(await page.locator('body').getAttribute('data-audio')).toBe('locked');
    await page.locator('#play').click();
    await waitForBodyData(page, 'audio', 'running');
    await page.waitForFunction(() => document.body.dataset.musicEnd !== undefined); // every note is scheduled
    const notes = Number(await page.locator('body').getAttribute('data-notes'));
    expect(notes).toBe(hanCount(inst.archive.get(verse.id)!.lines));
    const musicEnd = Number(await page.locator('body').getAttribute('data-music-end'));
    const midi = await midiOf(verse.code);
    expect(Math.abs(midi.duration - musicEnd)).toBeLessThan(0.01);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);
});
