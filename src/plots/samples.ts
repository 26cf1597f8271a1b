/**
 * The samples figure: a grid of MNIST or Fashion-MNIST images with their labels, and, when
 * a model (or its predictions) is given, the predicted labels with the mistakes in red.
 * Each image is inlined as a small PNG (./png-url.ts) drawn without smoothing.
 */
import type { TopLevelSpec } from 'vega-lite';
import { fashionMnist, mnist } from '../datasets/index.js';
import { tidy } from '../engine/tidy.js';
import { ShapeError, ValueError } from '../errors.js';
import { Model } from '../models/model.js';
import { div } from '../ops/binary.js';
import { slice } from '../ops/gather-slice.js';
import { argMax } from '../ops/reduce.js';
import { Tensor } from '../tensor/tensor.js';
import { Figure, type Row } from './figure.js';
import { pngUrl } from './png-url.js';
import { CONFIG, SCHEMA } from './theme.js';

/** The data sets the figure loads by name. */
export const SAMPLE_DATASETS = ['mnist', 'fashion-mnist'] as const;

/** What a model predicted: the model itself, class scores `[n, k]` or class indices. */
export type PredictionsInput = Model | Tensor | readonly number[];

/**
 * Options of {@link samples} and {@link samplesData}.
 */
export interface SamplesArgs {
  /** `mnist` or `fashion-mnist` (ignored when `images` is given). Default `'mnist'`. */
  dataset?: string;
  /** How many images. Default 16. */
  count?: number;
  /** Images per row. Default 8. */
  columns?: number;
  /** Which split to load. Default `'test'`. */
  split?: 'train' | 'test';
  /** Index of the first image. Default 0. */
  offset?: number;
  /** Your own images `[n, h, w]` (or `[n, h, w, 1]`), 0..255 or 0..1, instead of a data set's. */
  images?: Tensor;
  /** Labels of `images` (class indices); required with `images`. */
  labels?: Tensor | readonly number[];
  /** Class names. Default: the data set's, or the class numbers. */
  classNames?: readonly string[];
  /**
   * A model to classify the images with (it gets them scaled to [0, 1], as `neurite train`
   * trains), class scores `[n, k]`, or predicted class indices. Default none.
   */
  predictions?: PredictionsInput;
}

/**
 * The numbers behind {@link samples}: the images shown, their labels and the predictions.
 */
export interface SamplesData {
  classNames: string[];
  /** Dataset index of each image (or its position in `images`). */
  indices: number[];
  labels: number[];
  /** Predicted classes, or null without a model. */
  predictions: number[] | null;
  /** How many predictions differ from the labels. */
  mistakes: number;
  /** Each image as a PNG data URL. */
  urls: string[];
}

/** Class indices from a model, scores or indices, for `n` images scaled to [0, 1]. */
function predictClasses(p: PredictionsInput, scaled: () => Tensor, n: number): number[] {
  let out: number[] = [];
  if (Array.isArray(p)) {
    out = [...(p as readonly number[])];
  } else {
    tidy(() => {
      const scores = p instanceof Model ? p.predict(scaled(), { batchSize: 256 }) : (p as Tensor);
      const cls = scores.rank === 2 ? argMax(scores, 1) : scores;
      out = Array.from(cls.dataSync(), Number);
    });
  }
  if (out.length !== n)
    throw new ShapeError(`plots.samples: expected ${n} predictions, received ${out.length}`);
  return out;
}

/**
 * Loads (or takes) the images and predictions (the numbers behind the figure).
 * @example
 * const data = await plots.samplesData({ dataset: 'mnist', count: 8 });
 * data.labels; // the 8 digits shown
 */
export async function samplesData(args: SamplesArgs = {}): Promise<SamplesData> {
  const where = 'plots.samples';
  const { count = 16, split = 'test', offset = 0 } = args;
  if (!Number.isInteger(count) || count < 1 || count > 400)
    throw new ValueError(`${where}: count must be an integer in [1, 400], received ${count}`);
  if (!Number.isInteger(offset) || offset < 0)
    throw new ValueError(`${where}: offset must be a non-negative integer, received ${offset}`);
  if (split !== 'train' && split !== 'test')
    throw new ValueError(`${where}: split must be 'train' or 'test', received '${String(split)}'`);
  let images: Tensor;
  let labelsIn: Tensor | readonly number[] | undefined = args.labels;
  let classNames = args.classNames;
  let first = 0;
  let owned: Tensor[] = [];
  if (args.images) {
    images = args.images;
  } else {
    const name = (args.dataset ?? 'mnist').toLowerCase().replace(/_/g, '-');
    const ds =
      name === 'mnist'
        ? mnist
        : name === 'fashion-mnist' || name === 'fashionmnist'
          ? fashionMnist
          : null;
    if (!ds)
      throw new ValueError(
        `${where}: unknown dataset '${args.dataset}'; expected one of ${SAMPLE_DATASETS.join(', ')}`,
      );
    const [train, test] = await ds.loadData({ limit: offset + count });
    owned = [...train, ...test];
    [images, labelsIn] = split === 'train' ? train : test;
    classNames ??= ds.classNames;
    first = offset;
  }
  try {
    const n = Math.min(count, (images.shape[0] ?? 0) - first);
    if (n < 1)
      throw new ValueError(
        `${where}: no images from index ${first} (there are ${images.shape[0]})`,
      );
    const [h, w] =
      images.rank === 4 || images.rank === 3 ? [images.shape[1]!, images.shape[2]!] : [0, 0];
    if (!(h > 0 && w > 0) || (images.rank === 4 && images.shape[3] !== 1))
      throw new ShapeError(
        `${where}: expected grey images [n, h, w] or [n, h, w, 1], received [${images.shape.join(',')}]`,
      );
    const pixels = images.dataSync();
    let max = 0;
    for (let i = first * h * w; i < (first + n) * h * w; i++) max = Math.max(max, pixels[i]!);
    const gain = max <= 1 ? 255 : 1;
    const urls: string[] = [];
    for (let k = 0; k < n; k++) {
      const img = new Uint8Array(h * w);
      for (let i = 0; i < h * w; i++)
        img[i] = Math.max(0, Math.min(255, Math.round(pixels[(first + k) * h * w + i]! * gain)));
      urls.push(pngUrl(img, w, h, 1));
    }
    const labelValues: number[] =
      labelsIn === undefined
        ? []
        : labelsIn instanceof Tensor
          ? Array.from(labelsIn.dataSync(), Number)
          : [...labelsIn];
    const labels = labelValues.slice(first, first + n);
    if (labels.length !== n)
      throw new ShapeError(
        `${where}: expected a label for each of the ${n} images, received ${labels.length}`,
      );
    const predictions = args.predictions
      ? predictClasses(
          args.predictions,
          () => div(slice(images, [first], [n]), gain === 255 ? 1 : 255),
          n,
        ).slice(0, n)
      : null;
    const k = Math.max(...labels, ...(predictions ?? []), (classNames?.length ?? 0) - 1) + 1;
    const names = classNames ? [...classNames] : Array.from({ length: k }, (_, i) => String(i));
    for (const c of [...labels, ...(predictions ?? [])]) {
      if (!Number.isInteger(c) || c < 0 || c >= names.length)
        throw new ValueError(
          `${where}: class ${c} has no name (there are ${names.length} classes)`,
        );
    }
    return {
      classNames: names,
      indices: Array.from({ length: n }, (_, i) => first + i),
      labels,
      predictions,
      mistakes: predictions ? predictions.filter((p, i) => p !== labels[i]).length : 0,
      urls,
    };
  } finally {
    for (const t of owned) t.dispose();
  }
}

/** The legend labels of the prediction texts. */
export const PREDICTION_KINDS = ['right', 'wrong'] as const;

/**
 * A grid of data-set images with their labels, plus predictions (mistakes in red and
 * framed) when a model is given.
 *
 * @example
 * const fig = await plots.samples({ dataset: 'fashion-mnist', count: 16, predictions: model });
 */
export async function samples(args: SamplesArgs = {}): Promise<Figure<SamplesData>> {
  const { columns = 8 } = args;
  if (!Number.isInteger(columns) || columns < 1)
    throw new ValueError(`plots.samples: columns must be a positive integer, received ${columns}`);
  const d = await samplesData(args);
  const cols = Math.min(columns, d.urls.length);
  const rowsCount = Math.ceil(d.urls.length / cols);
  const cellW = 96;
  const cellH = d.predictions ? 104 : 90;
  const size = 56;
  const rows: Row[] = d.urls.map((url, i) => ({
    col: i % cols,
    row: Math.floor(i / cols),
    url,
    label: d.classNames[d.labels[i]!]!,
    prediction: d.predictions ? `→ ${d.classNames[d.predictions[i]!]!}` : null,
    kind: d.predictions ? (d.predictions[i] === d.labels[i] ? 'right' : 'wrong') : null,
  }));
  const x = {
    field: 'col',
    type: 'quantitative' as const,
    scale: { domain: [-0.5, cols - 0.5] },
    axis: null,
  };
  const y = {
    field: 'row',
    type: 'quantitative' as const,
    scale: { domain: [rowsCount - 0.5, -0.5] },
    axis: null,
  };
  const title = d.predictions
    ? `${d.urls.length} images, ${d.mistakes} misclassified`
    : `${d.urls.length} images with their labels`;
  const spec: TopLevelSpec = {
    $schema: SCHEMA,
    title,
    config: { ...CONFIG, view: { stroke: null } },
    width: cols * cellW,
    height: rowsCount * cellH,
    data: { values: rows },
    encoding: { x, y },
    layer: [
      {
        name: 'images',
        mark: {
          type: 'image',
          width: size,
          height: size,
          align: 'center',
          baseline: 'middle',
          smooth: false,
          yOffset: -10,
        },
        encoding: { url: { field: 'url', type: 'nominal' } },
      },
      {
        name: 'labels',
        mark: { type: 'text', yOffset: size / 2 - 10 + 12, fontSize: 11, color: '#222' },
        encoding: { text: { field: 'label', type: 'nominal' } },
      },
      ...(d.predictions
        ? [
            {
              name: 'mistake_frames',
              transform: [{ filter: "datum.kind === 'wrong'" }],
              mark: {
                type: 'square' as const,
                size: (size + 6) ** 2,
                filled: false,
                color: '#d62728',
                strokeWidth: 2,
                yOffset: -10,
              },
            },
            {
              name: 'predictions',
              mark: { type: 'text' as const, yOffset: size / 2 - 10 + 26, fontSize: 11 },
              encoding: {
                text: { field: 'prediction', type: 'nominal' as const },
                color: {
                  field: 'kind',
                  type: 'nominal' as const,
                  title: 'prediction',
                  scale: { domain: [...PREDICTION_KINDS], range: ['#2ca02c', '#d62728'] },
                  legend: { orient: 'top' as const },
                },
              },
            },
          ]
        : []),
    ],
  };
  return new Figure('samples', spec, d);
}
