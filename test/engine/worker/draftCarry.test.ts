/**
 * What a batch of drafts carries into the next line's batch instead of recomputing it (issue 8, decode speed): token
 * ids of the appended text only, the kept row's form tracker, the kept row's KV cache handed over, and the drafts
 * posted as flat arrays. Each must give exactly what recomputing gives, or the same seed would write another verse.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoTokenizer, Tensor, env } from '../../../engine/worker/transformersRuntime.ts';
import { describe, expect, it } from 'vitest';
import { FormTracker, FormVocab, type FormRules } from '../../../engine/form.ts';
import { readProsodyProfile } from '../../../engine/prosody/prosodyProfile.ts';
import { ProsodyTable } from '../../../engine/prosody/prosodyTable.ts';
import { ProsodyVocab } from '../../../engine/prosody/prosodyVocab.ts';
import { seededRng } from '../../../engine/rng.ts';
import { DraftCarry } from '../../../engine/worker/draftCarry.ts';
import { IncrementalEncoder, characterTokenizer } from '../../../engine/worker/incrementalEncoder.ts';
import type { DraftedLine } from '../../../engine/generator.ts';
import { packDrafts, unpackDrafts } from '../../../engine/worker/packedDrafts.ts';
import { registry } from '../../helpers/realModel.ts';

async function realEncode(name: string): Promise<(text: string) => number[]> {
  const dir = registry.get(name).dir;
  env.allowRemoteModels = false;
  env.localModelPath = path.dirname(dir) + path.sep;
  const tokenizer = await AutoTokenizer.from_pretrained(path.basename(dir), { local_files_only: true });
  return (text) => Array.from(tokenizer.encode(text, { add_special_tokens: false }));
}

describe('IncrementalEncoder on the shipped tokenizers', () => {
  for (const name of ['tang-poet-zh', 'verse-en']) {
    it(`${name}: encoding what was appended gives the ids of the whole text, line breaks and added tokens at the cut included`, async () => {
      const encode = await realEncode(name);
      const added = characterTokenizer(registry.get(name).dir);
      expect(added).toEqual(['<|endoftext|>', '<unk>']);
      // Pieces chosen to meet at awkward cuts: runs of line breaks, an added token split across two appends.
      const pieces = ['春风', '，', '\n', '\n\n', '\r\n', ' ', 'The sea', '<|endof', 'text|>', '<un', 'k>', '咖啡', '🌙', '。', 'a\n'];
      const rng = seededRng(7);
      let checked = 0;
      for (let verse = 0; verse < 40; verse++) {
        const encoder = new IncrementalEncoder(encode, added);
        let text = '';
        for (let step = 0; step < 8; step++) {
          text += pieces[Math.floor(rng() * pieces.length)]!;
          expect(encoder.encode(text)).toEqual(encode(text));
          checked++;
        }
        // A text that does not continue the last one is encoded whole.
        expect(encoder.encode('明月')).toEqual(encode('明月'));
      }
      expect(checked).toBe(320);
      // The cases where appending would go wrong, so the encoder must have encoded them whole.
      expect(encode('a\n\n')).not.toEqual([...encode('a\n'), ...encode('\n')]);
      expect(encode('x<unk>')).not.toEqual([...encode('x<un'), ...encode('k>')]);
    });
  }

  it('a tokenizer that is not one of single characters is always encoded whole', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkverse-tok-'));
    try {
      fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify({ model: { type: 'BPE' }, pre_tokenizer: { type: 'ByteLevel' }, added_tokens: [] }));
      expect(characterTokenizer(dir)).toBeNull();
      const calls: string[] = [];
      const encoder = new IncrementalEncoder((text) => (calls.push(text), [...text].map((c) => c.codePointAt(0)!)), null);
      encoder.encode('ab');
      encoder.encode('abc');
      expect(calls).toEqual(['ab', 'abc']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('FormTracker.clone and the carried form tracker', () => {
  const profile = readProsodyProfile(registry.get('tang-poet-zh').dir)!;
  const rules: FormRules = { lineLengths: [5, 7], lineEnds: ['，', '。'], maxLines: 8, completeLines: profile.completeLines! };
  const texts = ['<eos>', '，', '。', '家', '花', '斜', '明', '月', '白', '国', '山', '春', '江', '水'];
  const vocab = new FormVocab(texts, rules, [0], new ProsodyVocab(texts, ProsodyTable.load(profile.tableFile!)));
  const state = (t: FormTracker): unknown => ({
    allowed: [...t.allowed(0)],
    bias: t.bias(1) ? [...t.bias(1)!] : null,
    lines: t.linesDone,
    length: t.lineLength,
    last: t.lastLine,
  });
  const plan = { keywords: '江月', keywordWeight: 2 };

  it('a clone of a tracker that read a verse in pieces is in the state of one that read it at once, and they go on alike', () => {
    const verse = '春江花月山，白江花月家。春江花月白，白江花月斜。明月';
    const rng = seededRng(3);
    for (let cut = 0; cut <= verse.length; cut++) {
      const pieces = new FormTracker(rules, vocab, verse.slice(0, cut), plan);
      for (const ch of verse.slice(cut)) pieces.accept(ch);
      const copy = pieces.clone();
      const whole = new FormTracker(rules, vocab, verse, plan);
      expect(state(copy)).toEqual(state(whole));
      // Independent: moving the copy leaves the original where it was.
      const next = [...'山江水花白国'][Math.floor(rng() * 6)]!;
      copy.accept(next);
      whole.accept(next);
      expect(state(copy)).toEqual(state(whole));
      expect(state(pieces)).toEqual(state(new FormTracker(rules, vocab, verse, plan)));
    }
  });

  it('the carry gives a tracker only for the kept body under the same plan, and only once', () => {
    const carry = new DraftCarry();
    const body = '春江花月山，';
    const keep = (): void =>
      carry.keep({ ids: [1], body, plan, past: null, rows: [{ sampled: [2], text: '白江花月家。', form: new FormTracker(rules, vocab, body + '白江花月家。', plan) }] });
    const take = (b: string, p: typeof plan | { keywords: string }) => carry.take({ ids: [1, 2, 3], count: 1, body: b, plan: p });
    keep();
    expect(take(body + '白江花月家。', { keywords: '江' })).toEqual({ start: null, form: null });
    keep();
    expect(take(body + '白江花月斜。', plan).form).toBeNull();
    keep();
    const make = take(body + '白江花月家。', { ...plan }).form!;
    expect(state(make())).toEqual(state(new FormTracker(rules, vocab, body + '白江花月家。', plan)));
    expect(make()).not.toBe(make());
    expect(take(body + '白江花月家。', plan).form).toBeNull();
  });
});

describe('The carried KV cache and packed drafts', () => {
  const past = (rows: number, positions: number): Record<string, Tensor> => ({
    'past_key_values.0.key': new Tensor('float32', Float32Array.from({ length: rows * 2 * positions * 3 }, (_, i) => i), [rows, 2, positions, 3]),
  });

  it('one kept row of one is handed over as it is; from a wider batch the row is copied out', () => {
    const carry = new DraftCarry();
    const rows = (...sampled: number[][]) => sampled.map((s) => ({ sampled: s, text: '', form: null }));
    const one = past(1, 4);
    carry.keep({ ids: [5, 6], body: '', plan: undefined, past: one, rows: rows([7, 8, 9]) });
    const start = carry.take({ ids: [5, 6, 7, 8, 9, 10], count: 1, body: '', plan: undefined }).start!;
    expect(start.cached).toBe(4);
    expect(start.past['past_key_values.0.key']).toBe(one['past_key_values.0.key']);
    const two = past(2, 4);
    carry.keep({ ids: [5, 6], body: '', plan: undefined, past: two, rows: rows([7, 8, 9], [7, 1, 0]) });
    const copied = carry.take({ ids: [5, 6, 7, 1, 0], count: 1, body: '', plan: undefined }).start!;
    expect(copied.cached).toBe(4);
    const t = copied.past['past_key_values.0.key']!;
    expect(t).not.toBe(two['past_key_values.0.key']);
    expect(t.dims).toEqual([1, 2, 4, 3]);
    expect(Array.from(t.data as Float32Array).slice(0, 3)).toEqual([24, 25, 26]);
  });

  it('drafts cross as flat arrays and come back as the same rows, numbers bit for bit', () => {
    const rows: DraftedLine[] = [
      { tokens: [{ text: '春', logprob: -1.2345678901234567, entropy: 3.0000001 }, { text: '，', logprob: -0.1, entropy: 0.5 }], ended: 'line', prosody: 0.75 },
      { tokens: [], ended: 'eos', prosody: null },
      { tokens: [{ text: 'the ', logprob: -Math.PI, entropy: Math.E }], ended: 'length', prosody: null },
    ];
    const packed = packDrafts(rows);
    expect(packed.numbers).toBeInstanceOf(Float64Array);
    expect(unpackDrafts(structuredClone(packed))).toEqual(rows);
  });
});
