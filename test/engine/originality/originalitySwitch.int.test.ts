/**
 * The config switch `originality.copied` on a running installation (real server, Tang model, a real /display
 * socket): left at `mark`, lines found in existing poems reach /display marked `copied` with their poem, and are
 * counted in /metrics; set to `redraft`, the running server's line drafting writes them again: /metrics counts
 * the redrafts and no line on /display is verbatim from the corpus. Both at temperature 0.1, where this model
 * copies most (see originality.int.test.ts: about one line in twenty with the switch off).
 */
import { describe, expect, it } from 'vitest';
import { Originality } from '../../../engine/originality/originality.ts';
import { CorpusIndex } from '../../../engine/originality/corpusIndex.ts';
import type { VerseLine } from '../../../protocol/events.ts';
import { useInstallation, type Client } from '../../helpers/installation.ts';

const VERSES = 25;
// 0.1: with stock phrases scored down by the drafter, 0.3 copies too seldom to show the switch in 25 verses.
const PARAMS = { temperature: 0.1, tempo: 0, verse_gap: 0 };

/** The lines /display shows in the next `n` finished verses. */
function watch(display: Client, n: number): Promise<VerseLine[]> {
  const lines: VerseLine[] = [];
  let ended = 0;
  return new Promise((resolve) => {
    display.on('verse:line', (l) => lines.push(l));
    display.on('verse:end', (e) => e.reason === 'done' && ++ended === n && resolve(lines));
  });
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').pop()) : 0;
}

let originality: Originality | null = null;
const verbatim = (t: ReturnType<typeof useInstallation>, lines: VerseLine[]): string[] => {
  const corpus = CorpusIndex.load(t.inst.model.corpusIndex!, 'zh');
  originality ??= Originality.forChinese(corpus);
  return lines.filter((l) => l.copied || corpus.has(l.text) || originality!.origin(l.text).copied).map((l) => l.text);
};

describe('originality.copied: mark (the default)', () => {
  const t = useInstallation({ params: PARAMS });

  it('copied lines reach /display marked with their poem, counted in /metrics, and nothing is redrafted', async () => {
    expect(t.inst.config.originality.copied).toBe('mark');
    const lines = await watch(t.open('/display'), VERSES);
    const copied = lines.filter((l) => l.copied);
    expect(copied.length).toBeGreaterThan(0);
    expect(copied.map((l) => l.text)).toEqual(verbatim(t, lines));
    // A line the source index knows carries its poet and poem.
    for (const l of copied) expect(l.source).toEqual(originality!.origin(l.text).source);
    expect(await metric(t.inst.url, 'inkverse_lines_copied_total')).toBeGreaterThanOrEqual(copied.length);
    expect(await metric(t.inst.url, 'inkverse_line_redrafts_total{judge="originality"}')).toBe(0);
  }, 600_000);
});

describe('originality.copied: redraft', () => {
  const t = useInstallation({ params: PARAMS, originality: { copied: 'redraft' } });

  it('the running server redrafts copied lines: /metrics counts redrafts and no line on /display is verbatim', async () => {
    const lines = await watch(t.open('/display'), VERSES);
    expect(lines.length).toBeGreaterThan(VERSES * 2);
    expect(verbatim(t, lines)).toEqual([]);
    expect(await metric(t.inst.url, 'inkverse_line_redrafts_total{judge="originality"}')).toBeGreaterThan(0);
    expect(await metric(t.inst.url, 'inkverse_lines_copied_total')).toBe(0);
  }, 600_000);
});
