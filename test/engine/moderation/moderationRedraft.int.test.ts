/**
 * Moderation by redrafting (real Tang model, real worker, line drafting): with 风 and 月 listed and the
 * moderator as a line judge, drafted lines holding them are refused and written again, so none reaches the
 * stream; the token-level mask stays as the last guard. The refusals are counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../engine/clock.ts';
import { Moderator, type ModerationDecision } from '../../../engine/moderation/moderator.ts';
import { PromptQueue } from '../../../engine/promptQueue.ts';
import { VerseLoop } from '../../../engine/verseLoop.ts';
import { createVisitorHooks } from '../../../engine/visitor/visitorHooks.ts';
import type { VerseLine, VerseToken } from '../../../protocol/events.ts';
import { realGenerator } from '../../helpers/realModel.ts';

const { model, params, generator } = realGenerator('tang-poet-zh', { tempo: 0, verse_gap: 0.05, drafts: 4 });

beforeAll(() => generator.load());
afterAll(() => generator.close());

describe('moderation: redraft', () => {
  it('lines with a listed word are redrafted: none reaches the stream, and the refusals are counted', async () => {
    const decisions: ModerationDecision[] = [];
    const moderator = new Moderator({ words: { zh: ['风', '月'] }, line: 'redraft', onDecision: (d) => decisions.push(d) });
    let refused = 0;
    const judge = { name: 'moderation', judge: (l: string) => { const v = moderator.judge(l); if (!v.ok) refused++; return v; } };
    const loop = new VerseLoop({ generator, model, params, queue: new PromptQueue(), clock: systemClock, seed: 3, attract: ['秋夜', '江上', '山中'], visitor: createVisitorHooks({ moderator }), judges: [judge] });
    const tokens: VerseToken[] = [];
    const lines: VerseLine[] = [];
    loop.events.on('verse:token', (t) => tokens.push(t));
    loop.events.on('verse:line', (l) => lines.push(l));
    let verses = 0;
    const done = new Promise<void>((resolve) => loop.events.on('verse:end', () => ++verses === 6 && resolve()));
    loop.start();
    await done;
    await loop.close();
    expect(lines.length).toBeGreaterThan(6);
    expect(tokens.filter((t) => /[风月]/u.test(t.text))).toEqual([]);
    expect(lines.filter((l) => /[风月]/u.test(l.text))).toEqual([]);
    // 风 and 月 are among the commonest characters of Tang poems: six verses always draft some.
    expect(refused).toBeGreaterThan(0);
  }, 300_000);
});
