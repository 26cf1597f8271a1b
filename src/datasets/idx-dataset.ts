/**
 * Loads a data set of four IDX files (MNIST's layout) into tensors, as Keras's
 * `load_data()` does: `[[xTrain, yTrain], [xTest, yTest]]`, x float32 `[n, rows, cols]`
 * holding the raw 0..255 values, y int32 `[n]`. Pixels go straight from the uncompressed
 * bytes into the tensor's Float32Array, with no intermediate number arrays.
 */
import { ValueError } from '../errors.js';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
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

function toTensors(split: IdxSplit, limit: number | undefined): [Tensor, Tensor] {
  const [count, rows, cols] = split.images.dims as [number, number, number];
  const n = limit === undefined ? count : Math.min(limit, count);
  // No decode buffer of our own: nn.tensor converts the uint8 view straight into its typed
  // array (which the backend copies once more), so one here would be a third float copy.
  const x = tensor(split.images.data.subarray(0, n * rows * cols), [n, rows, cols], 'float32');
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
  return [toTensors(train, limit), toTensors(test, limit)];
}
