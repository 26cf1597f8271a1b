/**
 * The softmax figure: a bar chart of a model's class probabilities for one input, the
 * predicted class (the largest bar) and, when known, the true class highlighted.
 */
import type { TopLevelSpec } from 'vega-lite';
import { tidy } from '../engine/tidy.js';
import { ValueError } from '../errors.js';
import { tensor } from '../ops/creation.js';
import { softmax as softmaxOp } from '../ops/softmax.js';
import { Tensor } from '../tensor/tensor.js';
import { Figure, type Row } from './figure.js';
import { CONFIG, SCHEMA } from './theme.js';

/**
 * Options of {@link softmax} and {@link softmaxData}.
 */
export interface SoftmaxArgs {
  /** The class probabilities (or logits, with `fromLogits`): `[k]` or `[1, k]`. */
  probabilities: Tensor | readonly number[] | Float32Array;
  /** Class names, one per probability. Default `'0'`, `'1'`, …. */
  classNames?: readonly string[];
  /** Apply softmax first (the values are logits). Default false. */
  fromLogits?: boolean;
  /** The true class index, highlighted when the prediction misses it. Default none. */
  trueLabel?: number;
  /** The chart title. Default: the prediction and its probability. */
  title?: string;
}

/**
 * The numbers behind {@link softmax}: the class names and probabilities, the prediction and the true class.
 */
export interface SoftmaxData {
  classNames: string[];
  probabilities: number[];
  predicted: number;
  trueLabel: number | null;
}

/** The legend labels of the bars. */
export const BAR_ROLES = ['prediction', 'true class', 'other'] as const;

/**
 * Checks and normalizes the probabilities (the numbers behind the figure).
 * @throws ValueError for probabilities that are not a distribution (without `fromLogits`).
 * @example
 * const data = plots.softmaxData({ probabilities: [0.1, 0.7, 0.2], trueLabel: 2 });
 * data.predicted; // 1
 */
export function softmaxData(args: SoftmaxArgs): SoftmaxData {
  const where = 'plots.softmax';
  const { probabilities: input, fromLogits = false, trueLabel } = args;
  let values: number[];
  if (input instanceof Tensor) {
    if (!(input.rank === 1 || (input.rank === 2 && input.shape[0] === 1)))
      throw new ValueError(
        `${where}: expected probabilities of shape [k] or [1, k], received [${input.shape.join(',')}]`,
      );
    values = Array.from(input.dataSync(), Number);
  } else {
    values = Array.from(input, Number);
  }
  if (values.length < 2)
    throw new ValueError(`${where}: expected at least 2 classes, received ${values.length}`);
  if (!values.every(Number.isFinite))
    throw new ValueError(`${where}: the probabilities must be finite numbers`);
  if (fromLogits) {
    tidy(() => {
      values = Array.from(softmaxOp(tensor(values)).dataSync());
    });
  } else {
    const total = values.reduce((a, b) => a + b, 0);
    if (values.some((v) => v < 0 || v > 1) || Math.abs(total - 1) > 1e-3)
      throw new ValueError(
        `${where}: probabilities must lie in [0, 1] and sum to 1 (they sum to ${total.toPrecision(4)}); pass fromLogits: true for raw scores`,
      );
  }
  const names = args.classNames ? [...args.classNames] : values.map((_, i) => String(i));
  if (names.length !== values.length)
    throw new ValueError(
      `${where}: ${values.length} probabilities but ${names.length} class names`,
    );
  if (new Set(names).size !== names.length)
    throw new ValueError(`${where}: class names must be distinct`);
  if (
    trueLabel !== undefined &&
    !(Number.isInteger(trueLabel) && trueLabel >= 0 && trueLabel < values.length)
  )
    throw new ValueError(
      `${where}: trueLabel must be a class index in [0, ${values.length - 1}], received ${trueLabel}`,
    );
  const predicted = values.reduce((best, v, i) => (v > values[best]! ? i : best), 0);
  return { classNames: names, probabilities: values, predicted, trueLabel: trueLabel ?? null };
}

const percent = (p: number): string =>
  p >= 0.995 ? '100%' : p < 0.005 ? (p > 0 ? '<1%' : '0%') : `${Math.round(p * 100)}%`;

/**
 * A model's class probabilities as bars, the prediction (and a missed true class)
 * highlighted.
 *
 * @example
 * const probs = model.predict(image.expandDims(0));
 * await plots.writeFigure(plots.softmax({ probabilities: probs, classNames }), 'probs.svg');
 */
export function softmax(args: SoftmaxArgs): Figure<SoftmaxData> {
  const d = softmaxData(args);
  const role = (i: number): (typeof BAR_ROLES)[number] =>
    i === d.predicted ? 'prediction' : i === d.trueLabel ? 'true class' : 'other';
  const rows: Row[] = d.probabilities.map((p, i) => ({
    name: d.classNames[i]!,
    p,
    label: percent(p),
    role: role(i),
  }));
  const roles = BAR_ROLES.filter((r) => rows.some((row) => row.role === r));
  const colors: Record<(typeof BAR_ROLES)[number], string> = {
    prediction: '#4c78a8',
    'true class': '#e45756',
    other: '#bab0ac',
  };
  const title =
    args.title ??
    `Prediction: ${d.classNames[d.predicted]} (${percent(d.probabilities[d.predicted]!)})` +
      (d.trueLabel !== null ? `; true class: ${d.classNames[d.trueLabel]}` : '');
  const spec: TopLevelSpec = {
    $schema: SCHEMA,
    title,
    config: CONFIG,
    width: Math.max(240, 48 * rows.length),
    height: 220,
    data: { values: rows },
    encoding: {
      x: {
        field: 'name',
        type: 'nominal',
        sort: d.classNames,
        title: null,
        axis: { labelAngle: -35 },
      },
      y: {
        field: 'p',
        type: 'quantitative',
        title: 'probability',
        scale: { domain: [0, 1] },
        axis: { format: '.0%' },
      },
    },
    layer: [
      {
        name: 'bars',
        mark: { type: 'bar' },
        encoding: {
          color: {
            field: 'role',
            type: 'nominal',
            title: null,
            scale: { domain: roles, range: roles.map((r) => colors[r]) },
            legend: { orient: 'top' },
          },
        },
      },
      {
        name: 'values',
        mark: { type: 'text', dy: -7, fontSize: 11 },
        encoding: { text: { field: 'label', type: 'nominal' } },
      },
    ],
  };
  return new Figure('softmax', spec, d);
}
