/**
 * Small labelled form controls for the playground (a label tied to its control, a
 * `data-testid` on the control). Each reports a committed value (`change`, not every
 * `input`), because a new value rebuilds the network.
 */
import { h, uid } from '../../shell/dom.js';

/** A `<select>` with a label. */
export function selectControl<T extends string | number>(args: {
  label: string;
  testid: string;
  value: T;
  options: readonly { value: T; text: string }[];
  onChange: (v: T) => void;
}): HTMLElement {
  const id = uid('pg');
  const select = h('select', { id, 'data-testid': args.testid });
  for (const o of args.options) {
    const opt = h('option', { value: String(o.value), text: o.text });
    if (o.value === args.value) opt.selected = true;
    select.append(opt);
  }
  select.addEventListener('change', () => {
    const o = args.options.find((x) => String(x.value) === select.value);
    if (o) args.onChange(o.value);
  });
  return h('div', { class: 'control' }, h('label', { for: id, text: args.label }), select);
}

/** A range slider with a label and its value shown beside it. */
export function rangeControl(args: {
  label: string;
  testid: string;
  value: number;
  min: number;
  max: number;
  step: number;
  format?: (v: number) => string;
  onChange: (v: number) => void;
}): HTMLElement {
  const id = uid('pg');
  const format = args.format ?? String;
  const out = h('output', { for: id, text: format(args.value) });
  const input = h('input', {
    id,
    type: 'range',
    min: args.min,
    max: args.max,
    step: args.step,
    value: args.value,
    'data-testid': args.testid,
  });
  input.addEventListener('input', () => (out.textContent = format(Number(input.value))));
  input.addEventListener('change', () => args.onChange(Number(input.value)));
  return h('div', { class: 'control' }, h('label', { for: id }, `${args.label} `, out), input);
}

/** A number field with a label; out-of-range entries are clamped. */
export function numberControl(args: {
  label: string;
  testid: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (v: number) => void;
}): HTMLElement {
  const id = uid('pg');
  const input = h('input', {
    id,
    type: 'number',
    inputmode: 'numeric',
    min: args.min,
    max: args.max,
    step: args.step ?? 1,
    value: args.value,
    'data-testid': args.testid,
    class: 'pg-number',
  });
  input.addEventListener('change', () => {
    const v = Math.round(Number(input.value));
    if (!Number.isFinite(v)) {
      input.value = String(args.value);
      return;
    }
    args.onChange(Math.min(args.max, Math.max(args.min, v)));
  });
  return h('div', { class: 'control' }, h('label', { for: id, text: args.label }), input);
}

/** A checkbox with its label after it. */
export function checkControl(args: {
  label: string;
  testid: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (v: boolean) => void;
}): HTMLElement {
  const input = h('input', {
    type: 'checkbox',
    'data-testid': args.testid,
    checked: args.checked,
    disabled: args.disabled ?? false,
  });
  input.addEventListener('change', () => args.onChange(input.checked));
  return h('label', { class: 'pg-check' }, input, ` ${args.label}`);
}

/** A small button with an accessible name (its text may be a symbol). */
export function iconButton(args: {
  text: string;
  label: string;
  testid: string;
  disabled?: boolean;
  onClick: () => void;
}): HTMLButtonElement {
  const b = h('button', {
    type: 'button',
    class: 'pg-icon',
    'aria-label': args.label,
    title: args.label,
    'data-testid': args.testid,
    disabled: args.disabled ?? false,
    text: args.text,
  });
  b.addEventListener('click', args.onClick);
  return b;
}
