/**
 * Page 2, activations: every activation of nn.activations (listed from the registry) with
 * its derivative from autograd, side by side, over an input range the learner sets, and
 * a table of values at one x with a numerical check of the derivative.
 */
import { lineChart, type LineChart, type LinePoint } from '../../shell/chart.js';
import { checkboxes, controlRow, slider } from '../../shell/controls.js';
import { h, uid } from '../../shell/dom.js';
import type { LabPage, PageContext } from '../../shell/page.js';
import { activationsCode } from './code.js';
import { ACTIVATION_IDS, curves, grid, isElementwise, type ActivationId } from './compute.js';
import { STRINGS } from './strings.js';

/** Points per curve. */
const POINTS = 401;
/** Step of the numerical derivative shown beside autograd's. */
const H = 1e-3;
const DEFAULT_IDS: readonly ActivationId[] = ['sigmoid', 'tanh', 'relu'];
/** 20 distinguishable colours; an activation keeps its colour whatever else is shown. */
const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#393b79',
  '#ad494a',
  '#637939',
  '#8c6d31',
  '#843c39',
  '#7b4173',
  '#3182bd',
  '#e6550d',
  '#31a354',
  '#756bb1',
  '#636363',
];

const colorOf = (id: ActivationId): string => PALETTE[ACTIVATION_IDS.indexOf(id) % PALETTE.length]!;

/** A finite number from `text`, else `fallback`, clamped to [lo, hi]. */
function num(text: string | null, fallback: number, lo: number, hi: number): number {
  const v = text === null || text.trim() === '' ? NaN : Number(text);
  return Math.min(hi, Math.max(lo, Number.isFinite(v) ? v : fallback));
}

/** A value for the table: 4 decimals, or exponent form when large. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1e4) return v.toExponential(3);
  const s = v.toFixed(4);
  return s === '-0.0000' ? '0.0000' : s;
}

function mount(root: HTMLElement, ctx: PageContext): Promise<void> {
  const { t, params, signal } = ctx;
  const fromUrl = (params.get('a') ?? '')
    .split(',')
    .filter((id): id is ActivationId => ACTIVATION_IDS.includes(id as ActivationId));
  const state = {
    ids: params.has('a') ? fromUrl : [...DEFAULT_IDS],
    min: num(params.get('min'), -5, -20, -0.5),
    max: num(params.get('max'), 5, 0.5, 20),
    probe: num(params.get('x'), 0, -50, 50),
  };
  const elementwise = new Map(ACTIVATION_IDS.map((id) => [id, isElementwise(id)]));

  const picker = checkboxes({
    legend: t('pick'),
    options: ACTIVATION_IDS.map((id) => ({ value: id, label: id })),
    values: state.ids,
    testid: 'act',
    onChange: (values) => {
      state.ids = values;
      void update(true);
    },
  });
  const fmt = (v: number): string => v.toFixed(1);
  const minSlider = slider({
    label: t('min'),
    min: -20,
    max: -0.5,
    step: 0.5,
    value: state.min,
    testid: 'x-min',
    format: fmt,
    onInput: (v) => {
      state.min = v;
      void update(false);
    },
  });
  const maxSlider = slider({
    label: t('max'),
    min: 0.5,
    max: 20,
    step: 0.5,
    value: state.max,
    testid: 'x-max',
    format: fmt,
    onInput: (v) => {
      state.max = v;
      void update(false);
    },
  });
  const probeId = uid('probe');
  const probeInput = h('input', {
    type: 'number',
    id: probeId,
    step: 'any',
    min: -50,
    max: 50,
    value: state.probe,
    'data-testid': 'probe',
    inputmode: 'decimal',
  });
  probeInput.addEventListener('input', () => {
    if (!Number.isFinite(probeInput.valueAsNumber)) return;
    state.probe = Math.min(50, Math.max(-50, probeInput.valueAsNumber));
    updateTable();
    share();
  });
  const probe = h(
    'div',
    { class: 'control' },
    h('label', { for: probeId, text: t('probe') }),
    probeInput,
  );

  const fEl = h('div', { 'data-testid': 'chart-f' });
  const dEl = h('div', { 'data-testid': 'chart-df' });
  const note = h('p', { class: 'hint', 'data-testid': 'vector-note' });
  const empty = h('p', { class: 'status', text: t('none'), hidden: true });
  const tableTitle = h('h2', {});
  const tbody = h('tbody', {});
  const table = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'values', 'data-testid': 'values' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col', text: t('colName') }),
          h('th', { scope: 'col', text: t('colF') }),
          h('th', { scope: 'col', text: t('colD') }),
          h('th', { scope: 'col', text: t('colFd') }),
        ),
      ),
      tbody,
    ),
  );
  root.append(
    h('p', { text: t('intro') }),
    picker.element,
    controlRow(minSlider.element, maxSlider.element),
    empty,
    h(
      'div',
      { class: 'chart-row' },
      h('figure', { class: 'figure' }, h('figcaption', { text: t('fTitle') }), fEl),
      h('figure', { class: 'figure' }, h('figcaption', { text: t('dTitle') }), dEl),
    ),
    note,
    controlRow(probe),
    tableTitle,
    table,
    h('p', { class: 'hint', text: t('fdNote') }),
  );

  let charts: [LineChart, LineChart] | null = null;
  let version = 0;

  const share = (): void => {
    ctx.setParams({ a: state.ids.join(','), min: state.min, max: state.max, x: state.probe });
    ctx.showCode(
      activationsCode(
        state.ids.filter((id) => elementwise.get(id)),
        state.ids.filter((id) => !elementwise.get(id)),
        state.min,
        state.max,
        state.probe,
      ),
    );
  };

  const updateTable = (): void => {
    tableTitle.textContent = t('table', { x: state.probe });
    tbody.replaceChildren(
      ...state.ids.map((id) => {
        const at = curves(id, [state.probe, state.probe - H, state.probe + H]);
        const numerical = (at.y[2]! - at.y[1]!) / (2 * H);
        return h(
          'tr',
          { 'data-testid': `value-${id}` },
          h(
            'th',
            { scope: 'row' },
            h('span', {
              class: 'swatch',
              style: `background:${colorOf(id)}`,
              'aria-hidden': 'true',
            }),
            ` ${id}`,
          ),
          h('td', { 'data-testid': `f-${id}`, text: formatValue(at.y[0]!) }),
          h('td', { 'data-testid': `df-${id}`, text: formatValue(at.dy[0]!) }),
          h('td', { 'data-testid': `fd-${id}`, text: formatValue(numerical) }),
        );
      }),
    );
  };

  /** Redraws: `rebuild` when the set of activations changed (the legend changes). */
  const update = async (rebuild: boolean): Promise<void> => {
    const mine = ++version;
    const xs = grid(state.min, state.max, POINTS);
    const f: LinePoint[] = [];
    const d: LinePoint[] = [];
    for (const id of state.ids) {
      const c = curves(id, xs);
      xs.forEach((x, i) => {
        f.push({ x, y: c.y[i]!, series: id });
        d.push({ x, y: c.dy[i]!, series: id });
      });
    }
    const vector = state.ids.filter((id) => !elementwise.get(id));
    note.textContent = vector.length ? t('vectorNote', { names: vector.join(', ') }) : '';
    note.hidden = vector.length === 0;
    empty.hidden = state.ids.length > 0;
    updateTable();
    share();
    if (rebuild || !charts) {
      charts?.[0].destroy();
      charts?.[1].destroy();
      charts = null;
      const spec = (title: string, el: HTMLElement) =>
        lineChart(
          el,
          {
            x: { title: t('xAxis') },
            y: { title },
            series: state.ids,
            colors: state.ids.map(colorOf),
            height: 240,
            description: t('chartDesc', {
              names: state.ids.join(', '),
              min: state.min,
              max: state.max,
            }),
          },
          signal,
        );
      fEl.replaceChildren();
      dEl.replaceChildren();
      const made = await Promise.all([spec(t('fTitle'), fEl), spec('f′(x)', dEl)]);
      if (mine !== version || signal.aborted) {
        made.forEach((c) => c.destroy());
        return;
      }
      charts = made;
    }
    await Promise.all([charts[0].replace(f), charts[1].replace(d)]);
    if (mine === version) {
      fEl.dataset.series = state.ids.join(',');
      dEl.dataset.series = state.ids.join(',');
    }
  };

  return update(true);
}

export const activationsPage: LabPage = {
  id: 'activations',
  title: { en: 'Activations', 'zh-TW': '激活函數' },
  strings: STRINGS,
  mount,
};
