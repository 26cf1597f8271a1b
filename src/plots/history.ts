/**
 * The history figure: loss and every metric per epoch, training and validation, from what
 * `model.fit` returned or the `history.json` that `neurite train` wrote.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../errors.js';
import { Figure, type Row } from './figure.js';
import { CONFIG, SCHEMA, SERIES_COLORS } from './theme.js';

/** Per-epoch values by key (`loss`, `accuracy`, `val_loss`, …), as Keras's History.history. */
export type HistoryRecord = Readonly<Record<string, readonly (number | null)[]>>;

/** A history: the record, an object with it under `history` (a History), or JSON text of either. */
export type HistoryInput =
  string | HistoryRecord | { readonly history: HistoryRecord; readonly epoch?: readonly number[] };

/** One curve: a metric on one split. */
export interface HistoryCurve {
  metric: string;
  split: 'train' | 'validation';
  /** 1-based epoch numbers. */
  epochs: number[];
  values: number[];
}

/**
 * The numbers behind {@link history}: the metrics and one curve per metric and split.
 */
export interface HistoryData {
  /** Metric names, `loss` first, in the order the panels show them. */
  metrics: string[];
  curves: HistoryCurve[];
}

/** The legend labels of the two splits. */
export const HISTORY_SPLITS = ['train', 'validation'] as const;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Reads and checks a history in any accepted form. */
export function readHistory(input: unknown): { record: HistoryRecord; epoch: number[] | null } {
  const where = 'plots.history';
  let value: unknown = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (e) {
      throw new ValueError(
        `${where}: the history is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
      );
    }
  }
  if (!isRecord(value))
    throw new ValueError(
      `${where}: expected {loss: number[], …} or {history: {…}}, received ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  let epoch: number[] | null = null;
  if (isRecord(value.history)) {
    if (Array.isArray(value.epoch) && value.epoch.every((e) => typeof e === 'number'))
      epoch = value.epoch;
    value = value.history;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 0) throw new ValueError(`${where}: the history has no metrics`);
  for (const k of keys) {
    const v = record[k];
    if (!Array.isArray(v) || !v.every((x) => x === null || typeof x === 'number'))
      throw new ValueError(`${where}: '${k}' must be an array of numbers, one per epoch`);
  }
  return { record: record as HistoryRecord, epoch };
}

/**
 * The curves of a history (the numbers behind the figure).
 * @throws ValueError for a history that is not one (no per-epoch arrays of numbers).
 * @example
 * const data = plots.historyData({ loss: [1, 0.5], val_loss: [1.1, 0.7] });
 * data.metrics; // ['loss']
 * data.curves.length; // 2: train and validation
 */
export function historyData(input: HistoryInput): HistoryData {
  const { record, epoch } = readHistory(input);
  const bases: string[] = [];
  for (const k of Object.keys(record)) {
    const base = k.startsWith('val_') ? k.slice(4) : k;
    if (!bases.includes(base)) bases.push(base);
  }
  const metrics = [...bases.filter((b) => b === 'loss'), ...bases.filter((b) => b !== 'loss')];
  const curves: HistoryCurve[] = [];
  for (const metric of metrics) {
    for (const [split, key] of [
      ['train', metric],
      ['validation', `val_${metric}`],
    ] as const) {
      const values = record[key];
      if (!values) continue;
      const c: HistoryCurve = { metric, split, epochs: [], values: [] };
      values.forEach((v, i) => {
        if (v === null || !Number.isFinite(v)) return;
        c.epochs.push((epoch?.[i] ?? i) + 1);
        c.values.push(v);
      });
      if (c.values.length > 0) curves.push(c);
    }
  }
  return { metrics, curves };
}

/**
 * Loss and metric curves per epoch, one panel per metric, training and validation in two
 * colours.
 *
 * @example
 * const history = await model.fit(x, y, { epochs: 10, validationSplit: 0.1 });
 * await plots.writeFigure(plots.history(history), 'history.svg');
 */
export function history(
  input: HistoryInput,
  { title = 'Training history' }: { title?: string } = {},
): Figure<HistoryData> {
  const data = historyData(input);
  const rows: Row[] = data.curves.flatMap((c) =>
    c.epochs.map((epoch, i) => ({ metric: c.metric, split: c.split, epoch, value: c.values[i]! })),
  );
  const splits = HISTORY_SPLITS.filter((s) => data.curves.some((c) => c.split === s));
  const spec: TopLevelSpec = {
    $schema: SCHEMA,
    title,
    config: CONFIG,
    data: { values: rows },
    facet: { field: 'metric', type: 'nominal', sort: data.metrics, header: { title: null } },
    columns: Math.min(3, data.metrics.length),
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 260,
      height: 180,
      mark: { type: 'line', strokeWidth: 2, point: { size: 25, filled: true } },
      encoding: {
        x: {
          field: 'epoch',
          type: 'quantitative',
          title: 'epoch',
          axis: { tickMinStep: 1, format: 'd' },
        },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: {
          field: 'split',
          type: 'nominal',
          title: null,
          scale: {
            domain: [...splits],
            range: [SERIES_COLORS[0], SERIES_COLORS[1]].slice(0, splits.length),
          },
          legend: { orient: 'top' },
        },
      },
    },
  };
  return new Figure('history', spec, data);
}
