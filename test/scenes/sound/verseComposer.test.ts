/** The text-to-music mapping, pure, in Node: what each character, syllable, line end and verse end becomes. */
import { describe, expect, it } from 'vitest';
import type { TunePlan, VerseEndReason, VerseSource } from '../../../protocol/events.ts';
import type { ComposerSettings, MusicEvent, NoteEvent } from '../../../scenes/sound/musicEvents.ts';
import { isTextNote } from '../../../scenes/sound/musicEvents.ts';
import { VerseComposer } from '../../../scenes/sound/verseComposer.ts';

const S: ComposerSettings = { mode: 'pentatonic', root: 50, density: 0, tempoFollow: 1, beat: 0.25 };
const LINES = ['床前明月光，', '疑是地上霜。', '举头望明月，', '低头思故乡。'];

/** Plays lines one character per beat; returns every event, the verse's end included. */
function play(lines: readonly string[], options: { source?: VerseSource; s?: Partial<ComposerSettings>; entropy?: number; english?: boolean; reason?: VerseEndReason; tune?: TunePlan } = {}): MusicEvent[] {
  const s = { ...S, ...options.s };
  const c = new VerseComposer();
  c.begin({ source: options.source ?? 'visitor', ...(options.tune ? { tune: options.tune } : {}) }, s);
  const out: MusicEvent[] = [];
  let seq = 0;
  lines.forEach((text, line) => {
    for (const ch of options.english ? [...text, '\n'] : text) out.push(...c.token({ text: ch, seq, line, entropy: options.entropy }, seq++ * s.beat, s));
  });
  out.push(...c.end(options.reason ?? 'done', seq * s.beat, s));
  return out;
}

const notes = (events: MusicEvent[]): NoteEvent[] => events.filter((e): e is NoteEvent => e.kind === 'note');
const textNotes = (events: MusicEvent[]): NoteEvent[] => events.filter(isTextNote);

/** A ci to 如梦令 (Li Qingzhao): lines of 6, 6, 5, 6, 2, 2 and 6 characters, every line but the third on the rhyme. */
const RUMENGLING = ['常记溪亭日暮，', '沉醉不知归路。', '兴尽晚回舟，', '误入藕花深处。', '争渡，', '争渡，', '惊起一滩鸥鹭。'];
const RUMENGLING_TUNE: TunePlan = { name: '如梦令', lines: [6, 6, 5, 6, 2, 2, 6], rhymes: [true, true, false, true, true, true, true] };

describe('VerseComposer, a ci of uneven lines', () => {
  const chars = Array.from(RUMENGLING.join(''));
  const lineEnds = (ls: readonly string[]): number[] => {
    // seq of each line's last character (punctuation is a token too).
    const out: number[] = [];
    let seq = 0;
    for (const l of ls) {
      seq += [...l].length;
      out.push(seq - 2);
    }
    return out;
  };

  it("lands every rhyming line's last character on the tonic, by the tune's shape, the two-character lines included", () => {
    const rhymes = textNotes(play(RUMENGLING, { tune: RUMENGLING_TUNE })).filter((n) => n.role === 'rhyme');
    const ends = lineEnds(RUMENGLING);
    expect(rhymes.map((n) => n.seq)).toEqual([0, 1, 3, 4, 5, 6].map((i) => ends[i]!));
    expect(rhymes.map((n) => chars[n.seq])).toEqual(['暮', '路', '处', '渡', '渡', '鹭']);
    for (const n of rhymes) expect((n.midi - S.root) % 12).toBe(0);
  });

  it("holds each line's last character longer than the same character mid-line, whatever the line's length", () => {
    // 渡 ends the two-character lines; 争 and 渡 mid-line stand as a control at the same tone and place in the pulse.
    const n = textNotes(play(['争渡争渡争，', '争渡，'], { tune: { name: 'test', lines: [5, 2], rhymes: [false, false] } }));
    const dur = (seq: number): number => n.find((x) => x.seq === seq)!.duration;
    expect(dur(7)).toBeGreaterThan(dur(1) * 1.5); // 渡 ending the 2-character line vs 渡 second of the 5
    expect(dur(4)).toBeGreaterThan(dur(0) * 1.5); // 争 ending the 5-character line vs 争 first
  });

  it('one note per character and a breath per line end, for lines of 2 to 6 characters', () => {
    const events = play(RUMENGLING, { tune: RUMENGLING_TUNE });
    expect(textNotes(events)).toHaveLength(33);
    expect(events.filter((e) => e.kind === 'breath')).toHaveLength(7);
  });
});

describe('VerseComposer, Chinese', () => {
  it('makes one note per character and a breath per line end, at the tokens\' times', () => {
    const events = play(LINES);
    expect(textNotes(events)).toHaveLength(20);
    expect(events.filter((e) => e.kind === 'breath')).toHaveLength(4);
    // With tempo_follow 1 each note starts when its character came (seq × beat).
    for (const n of textNotes(events)) expect(n.time).toBeCloseTo(n.seq * S.beat, 9);
  });

  it('draws each Mandarin tone as a pitch contour landing on the scale note', () => {
    const byChar = new Map(textNotes(play(LINES)).map((n) => [Array.from(LINES.join(''))[n.seq]!, n]));
    const shape = (ch: string): readonly number[] => byChar.get(ch)!.contour;
    expect(shape('光')).toEqual([0, 0, 0]); // tone 1: level
    expect(shape('床')[0]).toBeLessThan(shape('床')[2]!); // tone 2: rising
    const dip = shape('举'); // tone 3: dipping
    expect(dip[1]).toBeLessThan(dip[0]!);
    expect(dip[1]).toBeLessThan(dip[2]!);
    expect(shape('月')[0]).toBeGreaterThan(shape('月')[2]!); // tone 4: falling
    for (const n of byChar.values()) expect(n.contour[2]).toBe(0);
  });

  it('holds level characters longer than oblique ones, and lengthens the line end', () => {
    const n = textNotes(play(LINES));
    const dur = (seq: number): number => n.find((x) => x.seq === seq)!.duration;
    expect(dur(0)).toBeGreaterThan(dur(3)); // 床 (level) vs 月 (oblique), neither at the caesura
    expect(dur(10)).toBeGreaterThan(dur(9)); // 霜 ends its line
  });

  it("resolves a couplet's rhyme character to the tonic", () => {
    const rhymes = textNotes(play(LINES)).filter((n) => n.role === 'rhyme');
    expect(rhymes.map((n) => Array.from(LINES.join(''))[n.seq])).toEqual(['霜', '乡']);
    for (const n of rhymes) expect((n.midi - S.root) % 12).toBe(0);
  });

  it('closes a finished verse with a dominant-to-tonic cadence', () => {
    const cadence = notes(play(LINES)).filter((n) => n.role === 'cadence');
    const first = Math.min(...cadence.map((n) => n.time));
    const last = Math.max(...cadence.map((n) => n.time));
    expect(last).toBeGreaterThan(first);
    expect(cadence.filter((n) => n.time === first).some((n) => (((n.midi - S.root) % 12) + 12) % 12 === 7)).toBe(true);
    for (const n of cadence.filter((x) => x.time === last)) expect([0, 7]).toContain((((n.midi - S.root) % 12) + 12) % 12);
    expect(cadence.filter((x) => x.time === last).some((n) => n.midi === S.root)).toBe(true);
  });

  it('closes an attract verse that yielded to a visitor (it ends at a line end) like a finished one, not like a skip', () => {
    const cadence = (reason: VerseEndReason): NoteEvent[] => notes(play(LINES.slice(0, 2), { source: 'attract', reason })).filter((n) => n.role === 'cadence');
    expect(cadence('yielded')).toEqual(cadence('done'));
    expect(cadence('yielded')).not.toEqual(cadence('skipped'));
  });

  it('opens the filter and adds dissonance as entropy rises', () => {
    const sure = textNotes(play(LINES, { entropy: 0.5 }))[0]!;
    const unsure = textNotes(play(LINES, { entropy: 5 }))[0]!;
    expect(unsure.brightness).toBeGreaterThan(sure.brightness);
    expect(unsure.dissonance).toBeGreaterThan(sure.dissonance);
    expect(sure.dissonance).toBe(0);
  });

  it('plays attract verses softer and sparser than visitor verses', () => {
    const visitor = play(LINES, { source: 'visitor', s: { density: 1 } });
    const attract = play(LINES, { source: 'attract', s: { density: 1 } });
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(textNotes(attract).map((n) => n.velocity))).toBeLessThan(mean(textNotes(visitor).map((n) => n.velocity)));
    expect(mean(textNotes(attract).map((n) => n.duration))).toBeLessThan(mean(textNotes(visitor).map((n) => n.duration)));
    const harmony = (e: MusicEvent[]): number => notes(e).filter((n) => n.role === 'harmony').length;
    expect(harmony(attract)).toBeLessThan(harmony(visitor));
    expect(harmony(play(LINES, { s: { density: 0 } }))).toBe(0);
  });

  it('applies a live change of root or mode at the very next note', () => {
    const c = new VerseComposer();
    c.begin({ source: 'visitor' }, S);
    const [a] = c.token({ text: '光', seq: 0, line: 0 }, 0, S) as NoteEvent[];
    const [b] = c.token({ text: '光', seq: 1, line: 0 }, 0.25, { ...S, root: 57 }) as NoteEvent[];
    expect(b!.midi - a!.midi).toBe(7);
  });

  it('keeps the line\'s own rhythm on a steady pulse when tempo_follow is 0', () => {
    // Tokens arriving twice as fast as the line's rhythm: the pulse spaces them by that rhythm.
    const c = new VerseComposer();
    const s = { ...S, tempoFollow: 0 };
    c.begin({ source: 'visitor' }, s);
    const times = Array.from('床前明月光').map((ch, seq) => (c.token({ text: ch, seq, line: 0 }, (seq * s.beat) / 2, s)[0] as NoteEvent).time);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);
    // Level 床 is held longer than oblique 月 before the next note.
    expect(times[1]! - times[0]!).toBeGreaterThan(times[4]! - times[3]!);
  });
});

describe('VerseComposer, English', () => {
  it('sings one note per syllable, stressed ones longer, and lands the couplet on the tonic', () => {
    const events = play(['Shall I compare thee to a summer\'s day?', 'Thou art more lovely and more temperate:'], { english: true });
    const n = textNotes(events);
    // 10 + 11 syllables by rule (temperate is read as 3, lovely as 2).
    expect(n).toHaveLength(21);
    const sung = n.filter((x) => x.role === 'syllable');
    const stressed = sung.filter((x) => x.velocity > 0.7);
    const unstressed = sung.filter((x) => x.velocity <= 0.7);
    expect(stressed.length).toBeGreaterThan(0);
    expect(Math.min(...stressed.map((x) => x.duration))).toBeGreaterThan(Math.max(...unstressed.map((x) => x.duration)) - 1e-9);
    const last = n[n.length - 1]!;
    expect(last.role).toBe('rhyme');
    expect((last.midi - S.root) % 12).toBe(0);
    // Vowels colour the timbre: "thee" is brighter than "more".
    expect(new Set(n.map((x) => x.formant)).size).toBeGreaterThan(2);
    expect(events.filter((e) => e.kind === 'breath')).toHaveLength(2);
  });
});
