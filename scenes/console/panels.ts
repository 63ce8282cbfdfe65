/**
 * @module panels: the console's read-mostly panels (queue, status, activity, mappings, presets), each a
 * small function from a server payload to DOM. Kept apart from main.ts so the wiring stays readable.
 */
import type { ActivityPayload, MappingPayload, QueueItemView, StatusPayload } from '../../protocol/events.ts';
import { h } from '../ui/dom.ts';

/** The activity monitor keeps this many lines (the most recent first). */
export const ACTIVITY_LIMIT = 50;

export function renderQueue(list: HTMLElement, items: QueueItemView[], remove: (id: string) => void): void {
  if (items.length === 0) {
    list.replaceChildren(h('li', { class: 'empty', text: 'Nobody is waiting: the installation writes its own themes.' }));
    return;
  }
  list.replaceChildren(
    ...items.map((item) => {
      const button = h('button', { type: 'button', 'data-id': item.id, 'aria-label': `remove prompt ${item.position}`, text: 'remove' });
      button.addEventListener('click', () => remove(item.id));
      return h(
        'li',
        { 'data-id': item.id },
        h('span', { class: 'meta', text: `${item.position}.` }),
        h('span', { class: 'grow', text: item.text ?? '' }),
        h('span', { class: 'meta', text: item.source }),
        button,
      );
    }),
  );
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const hh = Math.floor((s % 86400) / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `${d ? `${d}d ` : ''}${hh}h ${String(mm).padStart(2, '0')}m ${String(ss).padStart(2, '0')}s`;
}

/** Renders status; `elapsed_s` is time since it arrived, so uptime keeps counting between reports. */
export function renderStatus(dl: HTMLElement, status: StatusPayload, elapsed_s: number): void {
  const clients = Object.entries(status.clients)
    .map(([ns, n]) => `${ns.replace(/^\//, '')} ${n}`)
    .join(' · ');
  const rows: Array<[string, string]> = [
    ['model', status.model],
    ['device', status.device],
    ['clients', clients || 'none'],
    ['queue', String(status.queue)],
    ['uptime', duration(status.uptime_s + elapsed_s)],
  ];
  dl.replaceChildren(...rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { 'data-key': k, text: v })]));
}

export function addActivity(list: HTMLElement, a: ActivityPayload): void {
  const time = new Date(a.at).toLocaleTimeString([], { hour12: false });
  const args = a.args.map((x) => (typeof x === 'number' ? String(Math.round(x * 1000) / 1000) : JSON.stringify(x))).join(' ');
  list.prepend(
    h(
      'li',
      { 'data-source': a.source },
      h('span', { class: 'meta', text: time }),
      h('span', { class: 'meta', text: a.source }),
      h('span', { class: 'grow', text: `${a.address} ${args}`.trim() }),
    ),
  );
  while (list.children.length > ACTIVITY_LIMIT) list.lastElementChild?.remove();
}

export function describeMapping(m: MappingPayload): string {
  const source = m.midi ? `${m.midi.type} ${m.midi.channel ?? '*'}/${m.midi.number}` : (m.address ?? '?');
  const target = m.param ?? `${m.action ?? '?'}${m.arg ? ` "${m.arg}"` : ''}`;
  return `${source} → ${target}`;
}

export function renderMappings(list: HTMLElement, mappings: MappingPayload[], remove: (m: MappingPayload) => void): void {
  if (mappings.length === 0) {
    list.replaceChildren(h('li', { class: 'empty', text: 'No controller mappings yet: press "learn" beside a parameter.' }));
    return;
  }
  list.replaceChildren(
    ...mappings.map((m) => {
      const button = h('button', { type: 'button', text: 'remove' });
      button.addEventListener('click', () => remove(m));
      return h('li', {}, h('span', { class: 'grow', text: describeMapping(m) }), h('span', { class: 'meta', text: m.mode ?? '' }), button);
    }),
  );
}

export function renderPresets(select: HTMLSelectElement, names: string[]): void {
  const keep = select.value;
  select.replaceChildren(...names.map((n) => h('option', { value: n, text: n })));
  if (names.includes(keep)) select.value = keep;
}
