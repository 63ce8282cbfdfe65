/**
 * @module bench/keystrokeProbe: the script the keystroke bench puts in each page it types into (the kiosk, the bare
 * textarea pages), which times a keystroke from its input event to the paint of the frame that shows it.
 */

/**
 * Installed before the page's own scripts. `__k2p.arm(kind)` starts one measurement; the first input event after
 * it stamps the start; the page showing the keystroke (checked on every mutation and input event) asks for the next
 * frame; the promise `__k2p.done` resolves with [start -> shown, start -> painted, start -> the frame's rAF] in milliseconds.
 */
export const KEYSTROKE_PROBE = `(() => {
  const k = { kind: null, t0: null, before: null, shownAt: null, resolve: null, done: null, slow: [] };
  const stamp = (e) => { if (k.kind && k.t0 === null) k.t0 = e.timeStamp; };
  for (const t of ['keydown', 'pointerdown', 'beforeinput']) addEventListener(t, stamp, { capture: true });
  const box = () => document.querySelector('textarea');
  const shown = {
    latin: () => box().value !== k.before,
    cjk: () => box().value !== k.before,
    pinyin: () => (document.getElementById('pinyin')?.textContent ?? '') !== k.before,
    candidates: () => k.candidatesChanged,
  };
  const check = () => {
    if (!k.kind || k.t0 === null || k.shownAt !== null || !shown[k.kind]()) return;
    k.shownAt = performance.now();
    requestAnimationFrame(() => {
      const frameAt = performance.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { const r = [k.shownAt - k.t0, performance.now() - k.t0, frameAt - k.t0]; k.kind = null; k.resolve(r); };
      ch.port2.postMessage(0);
    });
  };
  addEventListener('input', () => queueMicrotask(check), { capture: true });
  const observe = () =>
    new MutationObserver((records) => {
      if (k.kind === 'candidates' && k.t0 !== null && records.some((r) => r.target.id === 'candidates' && r.type === 'childList')) k.candidatesChanged = true;
      check();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', observe);
  else observe();
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.interactionId) k.slow.push([e.name, e.duration]); }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch {}
  k.arm = (kind) => {
    k.kind = kind; k.t0 = null; k.shownAt = null; k.candidatesChanged = false;
    k.before = kind === 'pinyin' ? (document.getElementById('pinyin')?.textContent ?? '') : kind === 'candidates' ? null : box().value;
    k.done = new Promise((resolve) => (k.resolve = resolve));
  };
  window.__k2p = k;
})()`;
