/**
 * @module modelPanel: the console's Models panel: the installed models with their cards' first sentence, which one
 * writes, which one a switch is loading, and a switch (`model:switch`, acked once the model has loaded; the verse on
 * screen ends first). Models another language or tokenizer rules out are listed, disabled, with the reason.
 */
import type { ModelsPayload } from '../../protocol/events.ts';
import { h } from '../ui/dom.ts';

export function renderModels(select: HTMLSelectElement, info: HTMLElement, p: ModelsPayload): void {
  const keep = select.value;
  select.replaceChildren(
    ...p.models.map((m) =>
      h('option', {
        value: m.name,
        text: `${m.name}${m.name === p.current ? ' (writing)' : ''}${m.description ? ` — ${m.description}` : ''}`,
        title: m.why ?? m.description,
        disabled: !m.switchable,
      }),
    ),
  );
  select.value = p.models.some((m) => m.name === keep) ? keep : p.current;
  const parts = [`Writing: ${p.current}`];
  if (p.loading) parts.push(`loading ${p.loading}…`);
  if (p.blend) parts.push(`blend model: ${p.blend} (the blend fader mixes it in)`);
  info.textContent = parts.join(' · ');
  info.dataset.current = p.current;
  info.dataset.loading = p.loading ?? '';
}
