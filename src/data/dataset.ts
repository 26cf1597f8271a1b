/**
 * `Dataset<T>`: a lazy, re-iterable stream of elements of type `T` (TF.js's `tf.data.Dataset`,
 * typed end to end). Each pass opens a fresh async iterator over the source, and elements
 * flow through the chain of operations one at a time, so a generator is run only as far
 * as the consumer asks and a file is read only as far as it is parsed.
 *
 * Elements are handed over: whoever takes an element owns its tensors. The operations keep
 * that rule — `batch` disposes the elements it stacks, `map` the input tensors its result
 * does not keep, `filter` and `skip` what they drop, `shuffle` and `prefetch` their buffers
 * when a pass stops early — so a pipeline leaves no tensor behind however long it runs.
 * `fitDataset` disposes each batch after its training step.
 */
import { ValueError } from '../errors.js';
import { rngFor, Random } from '../random/prng.js';
import { checkPositiveInteger } from '../training/check-options.js';
import { describeValue } from '../training/describe-value.js';
import { type Batched, batchElements } from './batch.js';
import { concatenateElements } from './concatenate.js';
import { filterElements } from './filter.js';
import { mapElements, mapElementsAsync } from './map.js';
import { prefetchElements } from './prefetch.js';
import { repeatElements } from './repeat.js';
import { seedOf, shuffleElements } from './shuffle.js';
import { skipElements } from './skip.js';
import { takeElements } from './take.js';

/**
 * An iterator over one pass of a dataset: `next()` resolves to `{value, done}`, and
 * `return()` stops the pass early (closing the source and freeing buffered elements).
 *
 * @example
 * const it: nn.data.DatasetIterator<number> = await nn.data.array([1, 2]).iterator();
 * await it.next(); // {value: 1, done: false}
 * await it.return(); // done early
 */
export type DatasetIterator<T> = AsyncGenerator<T, void, undefined>;

/**
 * The number of elements: known, `Infinity` (repeated forever) or `null` (unknown).
 *
 * @example
 * const n: nn.data.DatasetSize = nn.data.array([1, 2, 3]).repeat().size; // Infinity
 */
export type DatasetSize = number | null;

function checkSize(size: unknown): DatasetSize {
  if (size === null || size === Infinity) return size;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
    throw new ValueError(
      `Dataset: size must be a non-negative integer, Infinity or null (unknown), received ${describeValue(size)}`,
    );
  }
  return size;
}

/** `take`/`skip` counts, each an integer; a negative one means "all" (take) or "none" (skip), as in tf.data. */
function checkCount(count: unknown, where: string): asserts count is number {
  if (typeof count !== 'number' || !Number.isInteger(count)) {
    throw new ValueError(
      `${where}: count must be an integer (a negative one: the whole dataset), received ${describeValue(count)}`,
    );
  }
}

function checkFunction(f: unknown, where: string, example: string): void {
  if (typeof f !== 'function') {
    throw new ValueError(
      `${where}: expected a function such as ${example}, received ${describeValue(f)}`,
    );
  }
}

function isAsyncGenerator<T>(it: AsyncIterator<T>): it is DatasetIterator<T> {
  return Object.prototype.toString.call(it) === '[object AsyncGenerator]';
}

async function* generatorOf<T>(it: AsyncIterator<T>): DatasetIterator<T> {
  try {
    while (true) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}

/**
 * A lazy stream of elements. Make one with `nn.data.array`, `generator`, `csv`, `func` or
 * `zip`, chain operations (each returns a new Dataset and leaves this one as it is), and
 * consume it with `for await`, `forEachAsync`, `toArray`, or `model.fitDataset`.
 *
 * @example
 * const ds = nn.data.array([1, 2, 3, 4, 5, 6]).map((x) => x * 2).shuffle(6, 42).batch(4);
 * for await (const b of ds) b.print(); // two float32 tensors, of 4 and 2 values
 */
export class Dataset<T> implements AsyncIterable<T> {
  /**
   * The number of elements when known: sources of known length (`array`) and the
   * operations that keep it computable (`map`, `batch`, `take`, `shuffle`, …) say it;
   * `Infinity` after `repeat()` without a count (of a dataset not known to be empty);
   * `null` when unknown (generators, CSV, after `filter`).
   */
  readonly size: DatasetSize;
  readonly #open: () => AsyncIterator<T>;

  /**
   * A dataset over the passes `open` makes: it is called once per pass and returns an async
   * iterator over the elements (an async generator function fits).
   *
   * @example
   * const ds = new nn.data.Dataset(async function* () { yield 1; yield 2; }, 2);
   */
  constructor(open: () => AsyncIterator<T>, size: DatasetSize = null) {
    checkFunction(open, 'Dataset', 'async function* () { yield … }');
    this.#open = open;
    this.size = checkSize(size);
  }

  /**
   * Starts a pass: an async iterator whose `next()` resolves to the next element.
   *
   * @example
   * const it = await nn.data.array([1, 2]).iterator();
   * await it.next(); // {value: 1, done: false}
   */
  iterator(): Promise<DatasetIterator<T>> {
    return Promise.resolve(this[Symbol.asyncIterator]());
  }

  /**
   * `for await (const x of ds)`: one pass over the elements.
   *
   * @example
   * for await (const x of nn.data.array([1, 2, 3])) console.log(x);
   */
  [Symbol.asyncIterator](): DatasetIterator<T> {
    const it = this.#open();
    return isAsyncGenerator(it) ? it : generatorOf(it);
  }

  /**
   * Applies `f` to each element. `f` runs in a `tidy`: tensors it makes and does not
   * return are freed; input tensors its result does not keep are disposed.
   *
   * @example
   * const ds = nn.data.array([1, 2, 3]).map((x) => ({ xs: x, ys: x * 2 }));
   */
  map<U>(f: (value: T) => U): Dataset<U> {
    checkFunction(f, 'map', '(x) => x * 2');
    return new Dataset(() => mapElements(this, f), this.size);
  }

  /**
   * Applies an async `f` to each element (no `tidy`: free what `f` makes yourself).
   *
   * @example
   * const ds = nn.data.array(['a.png', 'b.png']).mapAsync(async (path) => loadImage(path));
   */
  mapAsync<U>(f: (value: T) => Promise<U>): Dataset<U> {
    checkFunction(f, 'mapAsync', 'async (x) => …');
    return new Dataset(() => mapElementsAsync(this, f), this.size);
  }

  /**
   * Keeps the elements for which `predicate` is true (the others are disposed). The size
   * becomes unknown.
   *
   * @example
   * const evens = nn.data.array([1, 2, 3, 4]).filter((x) => x % 2 === 0); // 2, 4
   */
  filter(predicate: (value: T) => boolean): Dataset<T> {
    checkFunction(predicate, 'filter', '(x) => x > 0');
    return new Dataset(() => filterElements(this, predicate), this.size === 0 ? 0 : null);
  }

  /**
   * Groups `batchSize` consecutive elements and stacks them: tensors of one shape into a
   * tensor with a new first dimension, numbers into a float32 vector, records and tuples
   * entry by entry (`{xs, ys}` elements give `{xs, ys}` batches). The last batch is smaller
   * unless `smallLastBatch` is false, which drops it. The stacked elements are disposed.
   *
   * @example
   * const b = await nn.data.array([[1, 2], [3, 4], [5, 6]]).batch(2).toArray();
   * // [tensor [[1, 2], [3, 4]], tensor [[5, 6]]]
   */
  batch(batchSize: number, smallLastBatch = true): Dataset<Batched<T>> {
    checkPositiveInteger(batchSize, 'batch', 'batchSize');
    if (typeof smallLastBatch !== 'boolean') {
      throw new ValueError(
        `batch: smallLastBatch must be true or false, received ${describeValue(smallLastBatch)}`,
      );
    }
    const n = this.size;
    const size =
      n === null || n === Infinity
        ? n
        : smallLastBatch
          ? Math.ceil(n / batchSize)
          : Math.floor(n / batchSize);
    return new Dataset(() => batchElements(this, batchSize, smallLastBatch), size);
  }

  /**
   * Shuffles through a buffer of `bufferSize` elements: each element out is drawn at random
   * from the buffer, and the next one takes its place. A buffer at least as large as the
   * dataset shuffles uniformly. With a `seed` the order is reproducible (`nn.setSeed` makes
   * unseeded shuffles reproducible too); with `reshuffleEachIteration` (default) each pass
   * has a new order, the sequence of orders being reproducible.
   *
   * @example
   * const ds = nn.data.array([...Array(100).keys()]).shuffle(100, 7);
   */
  shuffle(bufferSize: number, seed?: number | string, reshuffleEachIteration = true): Dataset<T> {
    checkPositiveInteger(bufferSize, 'shuffle', 'bufferSize');
    if (
      seed !== undefined &&
      typeof seed !== 'string' &&
      !(typeof seed === 'number' && Number.isInteger(seed))
    ) {
      throw new ValueError(
        `shuffle: seed must be an integer or a string, received ${describeValue(seed)}`,
      );
    }
    if (typeof reshuffleEachIteration !== 'boolean') {
      throw new ValueError(
        `shuffle: reshuffleEachIteration must be true or false, received ${describeValue(reshuffleEachIteration)}`,
      );
    }
    // Unseeded: a seed drawn now from the global stream, so nn.setSeed governs it.
    const base = seed === undefined ? rngFor().nextUint32() : seedOf(seed);
    let pass = 0;
    const open = (): DatasetIterator<T> => {
      // Pass k's order comes from (seed, k): reproducible, and different for each pass.
      const k = reshuffleEachIteration ? pass++ : 0;
      return shuffleElements(this, bufferSize, new Random((base ^ Math.imul(k, 0x9e3779b1)) >>> 0));
    };
    return new Dataset(open, this.size);
  }

  /**
   * The first `count` elements; the source is read no further. A negative `count` takes the
   * whole dataset (as tf.data does).
   *
   * @example
   * const firstThree = nn.data.generator(function* () { for (let i = 0; ; i++) yield i; }).take(3);
   */
  take(count: number): Dataset<T> {
    checkCount(count, 'take');
    const size = this.size === null || count < 0 ? this.size : Math.min(this.size, count);
    return new Dataset(() => takeElements(this, count), size);
  }

  /**
   * All but the first `count` elements (which are disposed). A negative `count` skips nothing
   * (as tf.data does).
   *
   * @example
   * const rest = nn.data.array([1, 2, 3, 4]).skip(2); // 3, 4
   */
  skip(count: number): Dataset<T> {
    checkCount(count, 'skip');
    const size = this.size === null || count < 0 ? this.size : Math.max(0, this.size - count);
    return new Dataset(() => skipElements(this, count), size);
  }

  /**
   * The dataset `count` times over, or forever when `count` is omitted or negative (as in
   * tf.data); each repetition is a new pass (so a shuffled dataset is reshuffled).
   *
   * @example
   * const ds = nn.data.array([1, 2]).repeat(3); // 1, 2, 1, 2, 1, 2
   */
  repeat(count?: number): Dataset<T> {
    if (count !== undefined) {
      if (typeof count !== 'number' || !Number.isInteger(count)) {
        throw new ValueError(
          `repeat: count must be an integer, or omitted (or negative) to repeat forever, received ${describeValue(count)}`,
        );
      }
    }
    const times = count === undefined || count < 0 ? undefined : count;
    const n = this.size;
    let size: DatasetSize;
    if (times === 0 || n === 0) size = 0;
    // Endless even when the length of one pass is unknown (as tf.data's cardinality says).
    else if (times === undefined) size = Infinity;
    else size = n === null ? null : n * times;
    return new Dataset(() => repeatElements(this, times), size);
  }

  /**
   * Fetches up to `bufferSize` elements ahead of the consumer, so that a slow source works
   * while the consumer (a training step) does.
   *
   * @example
   * const ds = nn.data.csv('big.csv').batch(64).prefetch(2);
   */
  prefetch(bufferSize: number): Dataset<T> {
    checkPositiveInteger(bufferSize, 'prefetch', 'bufferSize');
    return new Dataset(() => prefetchElements(this, bufferSize), this.size);
  }

  /**
   * This dataset's elements, then `other`'s.
   *
   * @example
   * const ds = nn.data.array([1, 2]).concatenate(nn.data.array([3])); // 1, 2, 3
   */
  concatenate(other: Dataset<T>): Dataset<T> {
    if (!(other instanceof Dataset)) {
      throw new ValueError(
        `concatenate: expected a Dataset, received ${describeValue(other)}; make one with nn.data.array(…)`,
      );
    }
    const a = this.size;
    const b = other.size;
    return new Dataset(() => concatenateElements(this, other), a === null || b === null ? null : a + b);
  }

  /**
   * Calls `f` on each element of one pass, awaiting it when it returns a promise. The
   * elements are yours: dispose their tensors when done with them.
   *
   * @example
   * await nn.data.array([1, 2, 3]).forEachAsync((x) => console.log(x));
   */
  async forEachAsync(f: (value: T) => void | Promise<void>): Promise<void> {
    checkFunction(f, 'forEachAsync', '(x) => console.log(x)');
    for await (const x of this) await f(x);
  }

  /**
   * Every element of one pass, in an array (yours to dispose). Refused for an infinite
   * dataset.
   *
   * @example
   * await nn.data.array([1, 2, 3]).map((x) => x + 1).toArray(); // [2, 3, 4]
   */
  async toArray(): Promise<T[]> {
    if (this.size === Infinity) {
      throw new ValueError(
        'toArray: the dataset is infinite (repeat() without a count); take(n) a finite part first',
      );
    }
    const out: T[] = [];
    for await (const x of this) out.push(x);
    return out;
  }
}
