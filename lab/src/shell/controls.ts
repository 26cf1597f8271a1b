/**
 * Labelled form controls for pages: a slider with its value shown, a select, a group of
 * checkboxes, a button and a row to lay them out. Every control has a visible label tied
 * to it (`for`/`id`) and a `data-testid` for the tests.
 */
import { h, uid } from './dom.js';

/** A row of controls that wraps on narrow screens. */
export function controlRow(...children: HTMLElement[]): HTMLDivElement {
  return h('div', { class: 'controls' }, ...children);
}

/** Options of {@link slider}. */
export interface SliderArgs {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  testid: string;
  /** How the value is shown next to the label. Default: as typed. */
  format?: (value: number) => string;
  /** Called on every move (input event) with the value. */
  onInput?: (value: number) => void;
  /** Called when the user lets go (change event). */
  onChange?: (value: number) => void;
}

/** A labelled slider and its value read-out. */
export interface Slider {
  element: HTMLDivElement;
  input: HTMLInputElement;
  value: number;
}

/** A labelled `<input type=range>` with an `<output>` showing its value. */
export function slider(args: SliderArgs): Slider {
  const { label, min, max, step, value, testid, format = String } = args;
  const id = uid(testid);
  const input = h('input', { type: 'range', id, min, max, step, value, 'data-testid': testid });
  const output = h('output', { for: id, text: format(value) });
  input.addEventListener('input', () => {
    output.textContent = format(input.valueAsNumber);
    args.onInput?.(input.valueAsNumber);
  });
  input.addEventListener('change', () => args.onChange?.(input.valueAsNumber));
  const element = h(
    'div',
    { class: 'control' },
    h('label', { for: id }, `${label} `, output),
    input,
  );
  return {
    element,
    input,
    get value() {
      return input.valueAsNumber;
    },
    set value(v: number) {
      input.value = String(v);
      output.textContent = format(input.valueAsNumber);
    },
  };
}

/** Options of {@link select}. */
export interface SelectArgs<V extends string> {
  label: string;
  options: readonly { value: V; label: string }[];
  value: V;
  testid: string;
  onChange?: (value: V) => void;
}

/** A labelled select. */
export interface Select<V extends string> {
  element: HTMLDivElement;
  select: HTMLSelectElement;
  value: V;
}

/** A labelled `<select>`. */
export function select<V extends string>(args: SelectArgs<V>): Select<V> {
  const id = uid(args.testid);
  const el = h('select', { id, 'data-testid': args.testid });
  for (const o of args.options) {
    const option = h('option', { value: o.value, text: o.label });
    option.selected = o.value === args.value;
    el.append(option);
  }
  el.addEventListener('change', () => args.onChange?.(el.value as V));
  const element = h('div', { class: 'control' }, h('label', { for: id, text: args.label }), el);
  return {
    element,
    select: el,
    get value() {
      return el.value as V;
    },
    set value(v: V) {
      el.value = v;
    },
  };
}

/** Options of {@link checkboxes}. */
export interface CheckboxesArgs<V extends string> {
  legend: string;
  options: readonly { value: V; label: string }[];
  values: readonly V[];
  /** Each box gets `${testid}-${value}`. */
  testid: string;
  onChange?: (values: V[]) => void;
}

/** A `<fieldset>` of checkboxes with a legend; `values` are the checked ones, in option order. */
export function checkboxes<V extends string>(
  args: CheckboxesArgs<V>,
): { element: HTMLFieldSetElement; values: V[]; set(values: readonly V[]): void } {
  const boxes = args.options.map((o) => {
    const input = h('input', {
      type: 'checkbox',
      value: o.value,
      'data-testid': `${args.testid}-${o.value}`,
    });
    input.checked = args.values.includes(o.value);
    return { o, input, label: h('label', {}, input, ` ${o.label}`) };
  });
  const checked = (): V[] => boxes.filter((b) => b.input.checked).map((b) => b.o.value);
  for (const b of boxes) b.input.addEventListener('change', () => args.onChange?.(checked()));
  const element = h(
    'fieldset',
    { class: 'checks', 'data-testid': args.testid },
    h('legend', { text: args.legend }),
    ...boxes.map((b) => b.label),
  );
  return {
    element,
    get values() {
      return checked();
    },
    set(values) {
      for (const b of boxes) b.input.checked = values.includes(b.o.value);
    },
  };
}

/** A `<button type=button>`; `primary` gives it the accent colour. */
export function button(
  label: string,
  onClick: () => void,
  opts: { testid: string; primary?: boolean; title?: string },
): HTMLButtonElement {
  return h('button', {
    type: 'button',
    class: opts.primary ? 'primary' : undefined,
    'data-testid': opts.testid,
    title: opts.title,
    text: label,
    onclick: () => onClick(),
  });
}

/** A live region for a page's status line (screen readers announce its changes). */
export function statusLine(testid: string): HTMLParagraphElement {
  return h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-testid': testid });
}
