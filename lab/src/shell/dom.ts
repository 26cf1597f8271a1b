/** A small element builder for the lab's plain-DOM UI. */

/** Attributes and properties {@link h} sets: `class`, `text`, `data-*`, `aria-*`, event handlers. */
export type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/**
 * Creates `<tag>` with `attrs` (`text` sets textContent, `onclick`-style keys add listeners,
 * `false`/`null`/`undefined` are left out, `true` is an empty attribute) and `children`.
 *
 * @example
 * h('button', { class: 'primary', 'data-testid': 'train', onclick: () => train() }, 'Train');
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') el.textContent = String(value);
    else if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2), value);
    else if (typeof value !== 'function') el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

let counter = 0;
/** A unique id for label/control pairs (`lab-<prefix>-<n>`). */
export function uid(prefix: string): string {
  counter += 1;
  return `lab-${prefix}-${counter}`;
}
