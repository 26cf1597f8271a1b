/**
 * Loads a data set of four IDX files (MNIST's layout) into tensors, as Keras's
 * `load_data()` does: `[[xTrain, yTrain], [xTest, yTest]]`, x float32 `[n, rows, cols]`
 * holding the raw 0..255 values, y int32 `[n]`. Pixels go straight from the uncompressed
 * bytes into the tensor's storage, with no intermediate number arrays; with `normalize` they
 * are scaled on the way, in small chunks, so [0, 1] data costs one tensor's memory, not two.
 */
import { Dataset as Pipeline } from '../data/dataset.js';
import { asyncIteratorOf } from '../data/generator.js';
import { ValueError } from '../errors.js';
import { ENGINE } from '../engine/engine.js';
import { scalar, tensor } from '../ops/creation.js';
import { makeTensor, type Tensor } from '../tensor/tensor.js';
import { type IdxSplit, parseIdxSplit } from './idx.js';
import { readDatasetFile, type ReadFileArgs } from './read-file.js';
import type { IdxDatasetSpec } from './spec.js';

/** Options of `loadData()`. */
export interface LoadDataArgs extends ReadFileArgs {
  /**
   * Keep only the first `limit` examples of each split (for quick runs and tests). The
   * whole files are still read and verified. Default: all.
   */
  limit?: number;
  /**
   * Scale x to [0, 1] while loading: the same float32 values as `nn.div(x, 255)`, bit for
   * bit, without holding the raw and the scaled copy at once (a WebAssembly heap never
   * shrinks, so the raw copy's memory would stay). Default false (raw 0..255, as Keras).
   */
  normalize?: boolean;
}

/** `[[xTrain, yTrain], [xTest, yTest]]` */
export type LoadDataResult = [[Tensor, Tensor], [Tensor, Tensor]];

/**
 * Options of `dataset()`: the split, and those of `loadData()`.
 *
 * @example
 * const ds = await nn.datasets.mnist.dataset({ split: 'test', normalize: true, limit: 1000 });
 */
export interface DatasetArgs extends LoadDataArgs {
  /** Which split to stream. Default `'train'`. */
  split?: 'train' | 'test';
}

/**
 * An element of `dataset()`: one image (float32 `[rows, cols]`) and its label (int32 scalar).
 *
 * @example
 * for await (const { xs, ys } of (await nn.datasets.mnist.dataset()).take(1)) xs.print();
 */
export interface ImageExample {
  xs: Tensor;
  ys: Tensor;
}

/** A loadable data set with its class names, as `nn.datasets.mnist` is. */
export interface Dataset {
  /** The data set's folder name, e.g. `fashion-mnist`. */
  readonly name: string;
  /** Label `i`'s name is `classNames[i]`. */
  readonly classNames: readonly string[];
  /** Loads both splits; see {@link LoadDataArgs}. */
  loadData(args?: LoadDataArgs): Promise<LoadDataResult>;
  /**
   * One split as an `nn.data` Dataset of `{xs, ys}` examples, made one at a time as the
   * dataset is consumed; see {@link DatasetArgs}.
   */
  dataset(args?: DatasetArgs): Promise<Pipeline<ImageExample>>;
}

const CHUNK = 1 << 16;

/** Pixels divided by 255 into a new float32 tensor, through one small scratch buffer. */
function scaledImages(pixels: Uint8Array, shape: number[]): Tensor {
  const backend = ENGINE.backend;
  const h = backend.fill(pixels.length, 0, 'float32');
  const scratch = new Float32Array(Math.min(CHUNK, pixels.length));
  for (let off = 0; off < pixels.length; off += CHUNK) {
    const part = pixels.subarray(off, off + CHUNK);
    const dst = part.length === scratch.length ? scratch : scratch.subarray(0, part.length);
    // A float64 quotient rounded to float32 is the correctly rounded float32 quotient.
    for (let i = 0; i < part.length; i++) dst[i] = part[i]! / 255;
    backend.write(h, dst, off);
  }
  return makeTensor(h, shape, 'float32');
}

function toTensors(split: IdxSplit, args: LoadDataArgs): [Tensor, Tensor] {
  const [count, rows, cols] = split.images.dims as [number, number, number];
  const n = args.limit === undefined ? count : Math.min(args.limit, count);
  const pixels = split.images.data.subarray(0, n * rows * cols);
  // No decode buffer of our own: the backend converts the uint8 view straight into its storage.
  const x = args.normalize
    ? scaledImages(pixels, [n, rows, cols])
    : tensor(pixels, [n, rows, cols], 'float32');
  const y = tensor(split.labels.data.subarray(0, n), [n], 'int32');
  return [x, y];
}

/**
 * Finds (or downloads), verifies and decodes `spec`'s four files.
 *
 * @example
 * const [[xTrain, yTrain], [xTest, yTest]] = await nn.datasets.loadIdxDataset(
 *   nn.datasets.MNIST_SPEC,
 *   { limit: 1000, normalize: true },
 * );
 * xTest.shape; // [1000, 28, 28], values in [0, 1]
 *
 * @throws ValueError for a bad `limit` or a damaged file; NeuriteError when a file is
 *   missing everywhere and cannot be downloaded.
 */
export async function loadIdxDataset(
  spec: IdxDatasetSpec,
  args: LoadDataArgs = {},
): Promise<LoadDataResult> {
  checkLimit(spec, args.limit, 'loadData');
  // Read and validate all four files before making any tensor, so a failure leaks none.
  const read = async (f: IdxDatasetSpec['trainImages']) => {
    const { path, data } = await readDatasetFile(spec.name, f, spec.mirrors, args);
    return { bytes: data, file: path };
  };
  const train = parseIdxSplit(
    await read(spec.trainImages),
    await read(spec.trainLabels),
    spec.imageShape,
  );
  const test = parseIdxSplit(
    await read(spec.testImages),
    await read(spec.testLabels),
    spec.imageShape,
  );
  return [toTensors(train, args), toTensors(test, args)];
}

function checkLimit(spec: IdxDatasetSpec, limit: number | undefined, where: string): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new ValueError(
      `${spec.name}.${where}: limit must be a positive integer, received ${limit}`,
    );
  }
}

/**
 * One split of `spec` as a lazy Dataset of `{xs, ys}`: x float32 `[rows, cols]` (0..255, or
 * [0, 1] with `normalize`, the same values as `loadData` gives), y an int32 scalar. Only the
 * split's two files are read (and verified), before this resolves, so the size is known and
 * a missing file fails here; the tensors are made one example at a time as the dataset is
 * consumed, from the bytes held in memory, so a pass costs no more tensor memory than the
 * consumer keeps.
 *
 * @throws ValueError for a bad split or limit, or a damaged file; NeuriteError when a file
 *   is missing everywhere and cannot be downloaded.
 *
 * @example
 * const ds = await nn.datasets.idxDataset(nn.datasets.MNIST_SPEC, { split: 'test' });
 */
export async function idxDataset(
  spec: IdxDatasetSpec,
  args: DatasetArgs = {},
): Promise<Pipeline<ImageExample>> {
  const split = args.split ?? 'train';
  if (split !== 'train' && split !== 'test') {
    throw new ValueError(
      `${spec.name}.dataset: split must be 'train' or 'test', received ${JSON.stringify(split)}`,
    );
  }
  checkLimit(spec, args.limit, 'dataset');
  const [imagesFile, labelsFile] =
    split === 'train' ? [spec.trainImages, spec.trainLabels] : [spec.testImages, spec.testLabels];
  const read = async (f: IdxDatasetSpec['trainImages']) => {
    const { path, data } = await readDatasetFile(spec.name, f, spec.mirrors, args);
    return { bytes: data, file: path };
  };
  const { images, labels } = parseIdxSplit(
    await read(imagesFile),
    await read(labelsFile),
    spec.imageShape,
  );
  const [count, rows, cols] = images.dims as [number, number, number];
  const n = args.limit === undefined ? count : Math.min(args.limit, count);
  const pixels = rows * cols;
  const normalize = args.normalize === true;
  function* examples(): Generator<ImageExample, void, undefined> {
    for (let i = 0; i < n; i++) {
      const px = images.data.subarray(i * pixels, (i + 1) * pixels);
      let values: Uint8Array | Float32Array = px;
      if (normalize) {
        const f = new Float32Array(pixels);
        // As scaledImages: the float64 quotient rounded to float32, bit for bit loadData's.
        for (let k = 0; k < pixels; k++) f[k] = px[k]! / 255;
        values = f;
      }
      yield { xs: tensor(values, [rows, cols], 'float32'), ys: scalar(labels.data[i]!, 'int32') };
    }
  }
  return new Pipeline(() => asyncIteratorOf<ImageExample>(examples(), spec.name), n);
}
