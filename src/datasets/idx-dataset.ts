/**
 * Loads a data set of four IDX files (MNIST's layout) into tensors, as Keras's
 * `load_data()` does: `[[xTrain, yTrain], [xTest, yTest]]`, x float32 `[n, rows, cols]`
 * holding the raw 0..255 values, y int32 `[n]`. Pixels go straight from the uncompressed
 * bytes into the tensor's storage, with no intermediate number arrays; with `normalize` they
 * are scaled on the way, in small chunks, so [0, 1] data costs one tensor's memory, not two.
 */
import { ValueError } from '../errors.js';
import { ENGINE } from '../engine/engine.js';
import { tensor } from '../ops/creation.js';
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

/** A loadable data set with its class names, as `nn.datasets.mnist` is. */
export interface Dataset {
  /** The data set's folder name, e.g. `fashion-mnist`. */
  readonly name: string;
  /** Label `i`'s name is `classNames[i]`. */
  readonly classNames: readonly string[];
  /** Loads both splits; see {@link LoadDataArgs}. */
  loadData(args?: LoadDataArgs): Promise<LoadDataResult>;
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
 * @throws ValueError for a bad `limit` or a damaged file; NeuriteError when a file is
 *   missing everywhere and cannot be downloaded.
 */
export async function loadIdxDataset(
  spec: IdxDatasetSpec,
  args: LoadDataArgs = {},
): Promise<LoadDataResult> {
  const { limit } = args;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new ValueError(
      `${spec.name}.loadData: limit must be a positive integer, received ${limit}`,
    );
  }
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
