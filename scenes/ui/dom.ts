/** @module dom: the few DOM helpers every page uses (element creation, `<body data-*>` page state). */

type Child = Node | string | null | undefined | false;

/** Creates an element with properties (attributes for `data-*`/`aria-*`) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string | number | boolean>> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key === 'class') el.className = String(value);
    else if (key === 'text') el.textContent = String(value);
    // Attributes rather than properties, so `for`, `data-*` and `aria-*` all work the same way.
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

/** Sets `<body data-NAME="value">`: the page state the contract exposes to people and tests. */
export function setPageState(name: string, value: string): void {
  document.body.dataset[name] = value;
}

/** The element with this id, or a clear error naming the page's missing markup. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`This page is missing its #${id} element.`);
  return el as T;
}
