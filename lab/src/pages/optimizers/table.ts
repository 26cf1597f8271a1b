/**
 * The optimizer table: per optimizer a checkbox (its colour, the legend), its learning rate,
 * its extra setting (μ, ρ or β₁) and its loss now. Each control is labelled and has a
 * `data-testid` (`opt-<id>`, `lr-<id>`, `extra-<id>`, `loss-<id>`).
 */
import { h } from '../../shell/dom.js';
import type { PageContext } from '../../shell/page.js';
import { OPTIMIZER_IDS, OPTIMIZERS, type OptimizerId } from './catalogue.js';
import type { RacerPath } from './race.js';
import { validExtra, validLearningRate, type RaceState } from './state.js';

/** What the table reports back to the page. */
export interface TableEvents {
  /** The optimizer was switched on or off, or a setting changed (already in `state`). */
  changed(): void;
}

/** The table's element and its updates. */
export interface OptimizerTable {
  element: HTMLElement;
  /** Shows `state`'s settings in the inputs (after a surface change). */
  sync(state: RaceState): void;
  /** Shows each racer's current loss (and its point count on the row, for tests). */
  update(paths: readonly RacerPath[]): void;
}

/** A number as the table shows it: 4 significant digits, exponent for big or tiny ones. */
export function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

/** Builds the table over `state` (which it edits in place). */
export function optimizerTable(
  state: RaceState,
  ctx: PageContext,
  events: TableEvents,
): OptimizerTable {
  const { t } = ctx;
  const rows = new Map<
    OptimizerId,
    {
      tr: HTMLElement;
      on: HTMLInputElement;
      lr: HTMLInputElement;
      extra: HTMLInputElement | null;
      loss: HTMLElement;
    }
  >();
  const body = h('tbody');
  for (const id of OPTIMIZER_IDS) {
    const spec = OPTIMIZERS[id];
    const name = spec.label;
    const on = h('input', { type: 'checkbox', id: `opt-${id}`, 'data-testid': `opt-${id}` });
    const swatch = h('span', {
      class: 'opt-swatch',
      'aria-hidden': 'true',
      style: `background:${spec.color}`,
    });
    const label = h('label', { for: `opt-${id}`, title: t('race', { name }) }, on, swatch, name);
    const lr = h('input', {
      type: 'number',
      inputmode: 'decimal',
      min: 0,
      step: 'any',
      class: 'opt-num',
      'data-testid': `lr-${id}`,
      'aria-label': t('lrOf', { name }),
    });
    const extra = spec.extra
      ? h('input', {
          type: 'number',
          inputmode: 'decimal',
          min: spec.extra.min,
          max: spec.extra.max,
          step: 0.01,
          class: 'opt-num opt-extra',
          'data-testid': `extra-${id}`,
          'aria-label': t('extraOf', { symbol: spec.extra.symbol, name }),
        })
      : null;
    const loss = h('td', { class: 'opt-loss', 'data-testid': `loss-${id}` });
    const tr = h(
      'tr',
      { 'data-optimizer': id },
      h('th', { scope: 'row' }, label),
      h('td', {}, lr),
      h(
        'td',
        {},
        spec.extra
          ? h('span', { class: 'opt-sym', 'aria-hidden': 'true', text: spec.extra.symbol })
          : null,
        extra,
      ),
      loss,
    );
    on.addEventListener('change', () => {
      if (on.checked) state.enabled.add(id);
      else state.enabled.delete(id);
      tr.classList.toggle('off', !on.checked);
      events.changed();
    });
    const edit = (
      input: HTMLInputElement,
      valid: (v: number) => boolean,
      put: (v: number) => void,
      get: () => number,
    ): void => {
      input.addEventListener('change', () => {
        const v = Number(input.value);
        if (input.value.trim() === '' || !valid(v)) {
          input.setAttribute('aria-invalid', 'true');
          input.title = t('invalid', { value: get() });
          input.value = String(get());
          return;
        }
        input.removeAttribute('aria-invalid');
        input.title = '';
        put(v);
        events.changed();
      });
    };
    edit(
      lr,
      validLearningRate,
      (v) => (state.settings[id].learningRate = v),
      () => state.settings[id].learningRate,
    );
    if (extra)
      edit(
        extra,
        (v) => validExtra(id, v),
        (v) => (state.settings[id].extra = v),
        () => state.settings[id].extra,
      );
    rows.set(id, { tr, on, lr, extra, loss });
    body.append(tr);
  }
  const table = h(
    'table',
    { class: 'values opt-table', 'data-testid': 'optimizer-table' },
    h('caption', { class: 'visually-hidden', text: t('optimizers') }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', text: t('optimizers') }),
        h('th', { scope: 'col', text: t('learningRate') }),
        h('th', { scope: 'col', text: 'μ / ρ / β₁' }),
        h('th', { scope: 'col', text: t('loss') }),
      ),
    ),
    body,
  );
  const sync = (s: RaceState): void => {
    for (const [id, row] of rows) {
      row.on.checked = s.enabled.has(id);
      row.tr.classList.toggle('off', !row.on.checked);
      row.lr.value = String(s.settings[id].learningRate);
      row.lr.removeAttribute('aria-invalid');
      if (row.extra) {
        row.extra.value = String(s.settings[id].extra);
        row.extra.removeAttribute('aria-invalid');
      }
      row.loss.textContent = '';
    }
  };
  sync(state);
  return {
    element: h('div', { class: 'table-wrap' }, table),
    sync,
    update(paths) {
      for (const row of rows.values()) {
        row.loss.textContent = '';
        delete row.tr.dataset.points;
      }
      for (const p of paths) {
        const row = rows.get(p.id);
        if (!row) continue;
        const last = p.losses[p.losses.length - 1] ?? NaN;
        row.loss.textContent = p.diverged
          ? `${formatLoss(last)} (${t('diverged')})`
          : formatLoss(last);
        row.tr.dataset.points = String(p.points.length);
      }
    },
  };
}
