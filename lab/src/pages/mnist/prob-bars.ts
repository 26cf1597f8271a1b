/**
 * The model's class probabilities as labelled horizontal bars (plain HTML: readable by
 * screen readers and cheap to update on every stroke). Outputs that are not probabilities
 * (a model ending in logits) are shown through a softmax.
 */
import { h } from '../../shell/dom.js';

export interface ProbBars {
  readonly element: HTMLElement;
  /** Shows `probs` (null: the `empty` message instead). */
  set(probs: Float32Array | null, empty?: string): void;
  setNames(names: readonly string[]): void;
}

function asProbabilities(v: Float32Array): Float32Array {
  let sum = 0;
  let min = Infinity;
  for (const x of v) {
    sum += x;
    min = Math.min(min, x);
  }
  if (min >= 0 && Math.abs(sum - 1) < 1e-3) return v;
  const max = Math.max(...v);
  const e = v.map((x) => Math.exp(x - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/**
 * Bars for `names.length` classes; `testId` marks the element, whose `data-predicted` is the
 * top class and `data-probs` the model's outputs as JSON (tests compare them).
 */
export function probBars(names: readonly string[], label: string, testId: string): ProbBars {
  let classNames = names;
  const list = h('ol', { class: 'prob-bars', 'aria-label': label });
  const note = h('p', { class: 'status prob-note', 'aria-live': 'polite' });
  const element = h('div', { class: 'prob-wrap', 'data-testid': testId }, note, list);
  const set = (probs: Float32Array | null, empty = ''): void => {
    list.replaceChildren();
    if (!probs) {
      element.removeAttribute('data-predicted');
      element.removeAttribute('data-probs');
      note.textContent = empty;
      return;
    }
    const p = asProbabilities(probs);
    let top = 0;
    for (let i = 1; i < p.length; i++) if (p[i]! > p[top]!) top = i;
    element.dataset.predicted = String(top);
    element.dataset.probs = JSON.stringify(Array.from(probs));
    note.textContent = `${classNames[top] ?? top}: ${(p[top]! * 100).toFixed(1)}%`;
    p.forEach((v, i) => {
      const pct = `${(v * 100).toFixed(1)}%`;
      list.append(
        h(
          'li',
          {
            class: i === top ? 'prob prob-top' : 'prob',
            'aria-label': `${classNames[i] ?? i}: ${pct}`,
          },
          h('span', { class: 'prob-name', text: classNames[i] ?? String(i) }),
          h(
            'span',
            { class: 'prob-track' },
            h('span', { class: 'prob-fill', style: `width:${(v * 100).toFixed(2)}%` }),
          ),
          h('span', { class: 'prob-value', text: pct }),
        ),
      );
    });
  };
  return {
    element,
    set,
    setNames(next) {
      classNames = next;
    },
  };
}
