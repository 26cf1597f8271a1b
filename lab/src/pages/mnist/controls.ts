/** Small labelled form controls for the MNIST and save-and-load pages. */
import { h, uid } from '../../shell/dom.js';

/** A `<select>` with its label in a `.control` wrapper. */
export function selectControl(
  label: string,
  options: readonly (readonly [value: string, text: string])[],
  value: string,
  testId: string,
  onChange: (value: string) => void,
): { element: HTMLElement; select: HTMLSelectElement } {
  const id = uid(testId);
  const select = h(
    'select',
    { id, 'data-testid': testId, onchange: () => onChange(select.value) },
    ...options.map(([v, text]) => h('option', { value: v, text, selected: v === value })),
  );
  return {
    element: h('div', { class: 'control' }, h('label', { for: id, text: label }), select),
    select,
  };
}

/** An integer `<input type="number">` with its label; out-of-range input is clamped. */
export function numberControl(
  label: string,
  value: number,
  range: { min: number; max: number },
  testId: string,
  onChange: (value: number) => void,
): { element: HTMLElement; input: HTMLInputElement } {
  const id = uid(testId);
  const input = h('input', {
    id,
    type: 'number',
    inputmode: 'numeric',
    min: range.min,
    max: range.max,
    step: 1,
    value,
    class: 'num',
    'data-testid': testId,
    onchange: () => {
      const v = Math.round(Number(input.value));
      const clamped = Number.isFinite(v) ? Math.min(range.max, Math.max(range.min, v)) : value;
      input.value = String(clamped);
      onChange(clamped);
    },
  });
  return {
    element: h('div', { class: 'control' }, h('label', { for: id, text: label }), input),
    input,
  };
}
