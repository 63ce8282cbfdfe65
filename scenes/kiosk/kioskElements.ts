/** @module kioskElements: the kiosk page's elements, looked up once when the kiosk is created (never at import). */

export interface KioskElements {
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  button: HTMLButtonElement;
  counter: HTMLElement;
  message: HTMLElement;
  status: HTMLElement;
  sparks: HTMLElement;
  sparkTitle: HTMLElement;
  modes: HTMLElement;
  examples: HTMLElement;
  keyboard: HTMLElement;
  pinyin: HTMLElement;
  candidates: HTMLElement;
  verse: HTMLElement;
  theme: HTMLElement;
  service: HTMLElement;
  sources: HTMLElement;
  share: HTMLElement;
  qr: HTMLImageElement;
  /** The QR code of `/follow?p=<id>` and its words, while the visitor's verse waits or is written. */
  followQr: HTMLImageElement;
  followHint: HTMLElement;
  code: HTMLElement;
  again: HTMLElement;
  /** Labels re-written in the visitor's language. */
  heading: HTMLElement;
  label: HTMLElement;
  examplesTitle: HTMLElement;
  wallTitle: HTMLElement;
  takeHome: HTMLElement;
  /** Writing with the machine (lineTools.ts). */
  tapHint: HTMLElement;
  lineTools: HTMLElement;
  reviseLabel: HTMLElement;
  another: HTMLElement;
  draftsShow: HTMLElement;
  reviseCancel: HTMLElement;
  drafts: HTMLElement;
  goOn: HTMLElement;
}

const IDS: Record<keyof KioskElements, string> = {
  form: 'form',
  input: 'prompt',
  button: 'submit',
  counter: 'counter',
  message: 'message',
  status: 'status',
  sparks: 'sparks',
  sparkTitle: 'spark-title',
  modes: 'modes',
  examples: 'examples',
  keyboard: 'keyboard',
  pinyin: 'pinyin',
  candidates: 'candidates',
  verse: 'verse',
  theme: 'theme',
  service: 'service',
  sources: 'sources',
  share: 'share',
  qr: 'qr',
  followQr: 'follow-qr',
  followHint: 'follow-hint',
  code: 'code',
  again: 'again',
  heading: 'heading',
  label: 'label',
  examplesTitle: 'examples-title',
  wallTitle: 'wall-title',
  takeHome: 'take-home',
  tapHint: 'tap-hint',
  lineTools: 'line-tools',
  reviseLabel: 'revise-label',
  another: 'another',
  draftsShow: 'drafts-show',
  reviseCancel: 'revise-cancel',
  drafts: 'drafts',
  goOn: 'continue',
};

/** Every element the kiosk needs, or an error naming the first one the page lacks. */
export function findKioskElements(doc: Document): KioskElements {
  const out: Partial<Record<keyof KioskElements, HTMLElement>> = {};
  for (const [key, id] of Object.entries(IDS) as Array<[keyof KioskElements, string]>) {
    const el = doc.getElementById(id);
    if (!el) throw new Error(`The kiosk page is missing its #${id} element.`);
    out[key] = el;
  }
  return out as KioskElements;
}
