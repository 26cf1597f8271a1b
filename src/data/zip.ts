/** `nn.data.zip`: the elements of several datasets side by side. */
import { ValueError } from '../errors.js';
import { describeValue } from '../training/describe-value.js';
import { Dataset, type DatasetIterator, type DatasetSize } from './dataset.js';
import { disposeElement, isPlainObject } from './elements.js';

/**
 * The element type of a dataset.
 *
 * @example
 * type E = nn.data.ElementOf<nn.data.Dataset<{ xs: nn.Tensor }>>; // {xs: Tensor}
 */
export type ElementOf<D> = D extends Dataset<infer E> ? E : never;

/**
 * The elements of `zip(datasets)`: a tuple or record of the datasets' elements.
 *
 * @example
 * type Z = nn.data.Zipped<{ a: nn.data.Dataset<number>; b: nn.data.Dataset<string> }>;
 * // {a: number; b: string}
 */
export type Zipped<D> = { -readonly [K in keyof D]: ElementOf<D[K]> };

function zipSize(sizes: readonly DatasetSize[]): DatasetSize {
  if (sizes.length === 0) return 0;
  // The shortest ends the zip: a known short one bounds it even when another is unknown.
  const known = sizes.filter((s): s is number => s !== null);
  if (known.length === sizes.length) return Math.min(...known);
  return null;
}

/**
 * A dataset whose elements combine one element of each dataset: `zip([a, b])` gives
 * `[a_i, b_i]`, `zip({xs: a, ys: b})` gives `{xs: a_i, ys: b_i}`. It ends with the shortest
 * dataset.
 *
 * @example
 * const xs = nn.data.array([[1], [2], [3]]);
 * const ys = nn.data.array([0, 1, 0]);
 * const ds = nn.data.zip({ xs, ys }).batch(2); // {xs: [2,1] tensor, ys: [2] tensor}, …
 */
export function zip<const D extends readonly Dataset<unknown>[]>(datasets: D): Dataset<Zipped<D>>;
export function zip<D extends Readonly<Record<string, Dataset<unknown>>>>(
  datasets: D,
): Dataset<Zipped<D>>;
export function zip(
  datasets: readonly Dataset<unknown>[] | Readonly<Record<string, Dataset<unknown>>>,
): Dataset<unknown> {
  const isList = Array.isArray(datasets);
  if (!isList && !isPlainObject(datasets)) {
    throw new ValueError(
      `data.zip: expected an array or an object of Datasets, such as {xs: dsA, ys: dsB}, received ${describeValue(datasets)}`,
    );
  }
  const entries: [string, unknown][] = Array.isArray(datasets)
    ? datasets.map((d, i): [string, unknown] => [String(i), d])
    : Object.entries(datasets);
  for (const [k, d] of entries) {
    if (!(d instanceof Dataset)) {
      throw new ValueError(
        `data.zip: datasets${isList ? `[${k}]` : `.${k}`} must be a Dataset, received ${describeValue(d)}`,
      );
    }
  }
  const sets = entries.map(([, d]) => d as Dataset<unknown>);
  const size = zipSize(sets.map((d) => d.size));
  return new Dataset(async function* () {
    const its: DatasetIterator<unknown>[] = sets.map((d) => d[Symbol.asyncIterator]());
    try {
      if (its.length === 0) return;
      while (true) {
        // One after another: once a dataset ends, the others are not asked for more.
        const values: unknown[] = [];
        for (const it of its) {
          const r = await it.next();
          if (r.done) {
            for (const v of values) disposeElement(v);
            return;
          }
          values.push(r.value);
        }
        if (isList) {
          yield values;
        } else {
          const out: Record<string, unknown> = {};
          entries.forEach(([k], i) => (out[k] = values[i]));
          yield out;
        }
      }
    } finally {
      await Promise.all(its.map((it) => it.return()));
    }
  }, size);
}
