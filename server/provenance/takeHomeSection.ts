/**
 * @module takeHomeSection: the part of `/v/<code>` that says what the verse's signature proves and what it does not,
 * and offers the verse to take home: its signed record, its music (MIDI, and a play button) and its image (drawn
 * in the visitor's browser by the ink scene, with PNG downloads for a phone and for print). In the verse's language.
 */
import { escapeHtml } from '../versePage.ts';

const TEXT = {
  en: {
    heading: 'Signed by this installation',
    proves: (key: string) =>
      `This verse's record was signed with the installation's key ${key} when it was archived. The signature proves that the text, the prompt, the model and the sha256 of its weights, the seed, every parameter and every live change, the times and the originality results are exactly what the installation recorded; anyone can check it against the public key at /api/key (npm run verse:verify). With the same weights, the record writes the same text again (npm run verse:replay).`,
    doesNot: 'It does not prove who stood at the kiosk, that the installation\u2019s clock was right, or anything about the texts the model learned from; and it proves nothing once the installation\u2019s private key has been copied.',
    record: 'signed record (JSON)',
    music: 'music (MIDI)',
    play: 'Play',
    phone: 'Image for a phone (PNG)',
    print: 'Image for print (PNG)',
    image: 'The verse as the ink scene writes it',
  },
  zh: {
    heading: '本装置签名',
    proves: (key: string) =>
      `这首诗存档时，装置用密钥 ${key} 为它的记录签了名。签名证明：诗文、提示、模型及其权重的 sha256、随机种子、每个参数和每次现场调整、时间和原创性检查，都与装置当时的记录完全一致；任何人都可以用 /api/key 上的公钥核对（npm run verse:verify）。用同样的权重，这份记录能一字不差地再写出这首诗（npm run verse:replay）。`,
    doesNot: '签名不能证明是谁站在屏前，不能证明装置的时钟准确，也不说明模型学过哪些作品；装置的私钥一旦被复制，签名便什么也证明不了。',
    record: '签名记录（JSON）',
    music: '音乐（MIDI）',
    play: '播放',
    phone: '手机壁纸（PNG）',
    print: '打印（PNG）',
    image: '水墨场景写出的这首诗',
  },
} as const;

/** The section, for a verse with a take-away code; `keyId` null when the verse was archived unsigned. */
export function takeHomeSection(code: string, keyId: string | null, lang: 'zh' | 'en'): string {
  const t = TEXT[lang];
  const c = escapeHtml(code);
  const proof = keyId
    ? `<section class="proof"><h2>${escapeHtml(t.heading)}</h2><p>${escapeHtml(t.proves(keyId))}</p><p>${escapeHtml(t.doesNot)}</p></section>`
    : '';
  const links = [keyId ? `<a href="/v/${c}.json" id="record">${escapeHtml(t.record)}</a>` : '', keyId ? `<a href="/v/${c}.mid" id="midi" download>${escapeHtml(t.music)}</a>` : ''];
  return `<section class="takehome" id="takehome" data-code="${c}">
<figure class="ink"><canvas id="ink" aria-label="${escapeHtml(t.image)}"></canvas></figure>
<p class="actions"><button type="button" id="play" disabled>${escapeHtml(t.play)}</button>
<a id="png-phone" download="inkverse-${c}-phone.png" hidden>${escapeHtml(t.phone)}</a>
<a id="png-print" download="inkverse-${c}-print.png" hidden>${escapeHtml(t.print)}</a>
${links.filter(Boolean).join('\n')}</p>
${proof}</section>
<script type="module" src="/assets/verse.js"></script>`;
}
