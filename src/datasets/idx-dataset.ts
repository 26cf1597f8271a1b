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
import type { DataHandle } from '../backends/backend.js';
import { makeTensor, type Tensor } from '../tensor/tensor.js';
import {
  checkIdxHeader,
  checkIdxSplit,
  type IdxArray,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  parseIdx,
  parseIdxSplit,
} from './idx.js';
import {
  type ByteSink,
  readDatasetFile,
  readDatasetFileInto,
  type ReadFileArgs,
} from './read-file.js';
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

/**
 * Writes pixels into `h` from element `offset` on: as they are, or divided by 255 through
 * `scratch` (a float64 quotient rounded to float32 is the correctly rounded float32
 * quotient, so this is `nn.div(x, 255)` bit for bit).
 */
function writePixels(
  h: DataHandle,
  pixels: Uint8Array,
  offset: number,
  scratch: Float32Array | null,
): void {
  const backend = h.backend;
  if (scratch === null) {
    // The backend converts the uint8 values to float32 itself.
    backend.write(h, pixels, offset);
    return;
  }
  for (let off = 0; off < pixels.length; off += scratch.length) {
    const part = pixels.subarray(off, off + scratch.length);
    const dst = part.length === scratch.length ? scratch : scratch.subarray(0, part.length);
    for (let i = 0; i < part.length; i++) dst[i] = part[i]! / 255;
    backend.write(h, dst, offset + off);
  }
}

/** The first `n` images of an IDX images array as a float32 tensor (see LoadDataArgs). */
function imagesTensor(images: IdxArray, n: number, normalize: boolean): Tensor {
  const [, rows, cols] = images.dims as [number, number, number];
  const pixels = images.data.subarray(0, n * rows * cols);
  if (!normalize) return tensor(pixels, [n, rows, cols], 'float32');
  const h = ENGINE.backend.fill(pixels.length, 0, 'float32');
  writePixels(h, pixels, 0, new Float32Array(Math.min(CHUNK, pixels.length)));
  return makeTensor(h, [n, rows, cols], 'float32');
}

/** The IDX images header: magic, rank 3, three uint32 dimensions. */
const IMAGES_HEADER = 16;

/**
 * Takes an images file as it streams in (see readDatasetFileInto) and writes its pixels
 * straight into a new tensor, so the file's bytes are never held whole. That needs the
 * header to be valid and the length the file states to match it; otherwise (a damaged or
 * unusual file) the sink keeps the bytes and {@link ImagesSink.finish} parses them as the
 * whole-file path does, with its error messages. Checks that need every byte wait for
 * `finish`, which is called after the file's SHA-256 was checked.
 */
class ImagesSink implements ByteSink {
  #length: number | null = null;
  readonly #head = new Uint8Array(IMAGES_HEADER);
  /** Bytes received so far. */
  #received = 0;
  /** Every piece, while the header is incomplete or once streaming was ruled out. */
  #kept: Uint8Array[] | null = [];
  #target: { x: Tensor; dims: readonly number[]; pixels: number } | null = null;
  #scratch: Float32Array | null = null;

  constructor(
    readonly limit: number | undefined,
    readonly normalize: boolean,
    readonly imageShape: readonly [number, number],
  ) {}

  begin(length: number | null): void {
    this.#length = length;
  }

  write(bytes: Uint8Array): void {
    const at = this.#received;
    this.#received += bytes.length;
    if (this.#kept !== null) {
      // Copied: a piece is only valid during the call.
      this.#kept.push(bytes.slice());
      if (at < IMAGES_HEADER) this.#head.set(bytes.subarray(0, IMAGES_HEADER - at), at);
      if (this.#received >= IMAGES_HEADER && at < IMAGES_HEADER) this.#start();
      return;
    }
    const t = this.#target;
    if (t === null) return;
    // Element k of the tensor is byte IMAGES_HEADER + k of the file.
    const from = Math.max(0, IMAGES_HEADER - at);
    const to = Math.min(bytes.length, IMAGES_HEADER + t.pixels - at);
    if (to > from) {
      const part = bytes.subarray(from, to);
      writePixels(t.x.storage, part, at + from - IMAGES_HEADER, this.#scratch);
    }
  }

  /** With the whole header in: stream into a tensor when the header and length agree. */
  #start(): void {
    const length = this.#length;
    if (length === null) return;
    let dims: readonly number[];
    try {
      dims = checkIdxHeader(this.#head, length, 'images', IDX_IMAGES_MAGIC).dims;
    } catch {
      return; // finish reports it, from all the bytes
    }
    const [count, rows, cols] = dims as [number, number, number];
    if (rows !== this.imageShape[0] || cols !== this.imageShape[1]) return;
    const n = this.limit === undefined ? count : Math.min(this.limit, count);
    const pixels = n * rows * cols;
    // Checked against the stated length above, so the allocation is the file's own size.
    const x = makeTensor(ENGINE.backend.fill(pixels, 0, 'float32'), [n, rows, cols], 'float32');
    this.#target = { x, dims, pixels };
    if (this.normalize) this.#scratch = new Float32Array(Math.max(1, Math.min(CHUNK, pixels)));
    const kept = this.#kept!;
    this.#kept = null;
    let at = 0;
    for (const piece of kept) {
      const end = at + piece.length;
      this.#received = at;
      this.write(piece);
      at = end;
    }
  }

  /** The tensor that was streamed into, or null (then the bytes, to parse). */
  get streamed(): Tensor | null {
    return this.#target?.x ?? null;
  }

  /**
   * After the whole file arrived: the header's dimensions when the pixels were streamed
   * (checked against the bytes that actually came, as parseIdx checks them), else all the
   * bytes.
   */
  finish(file: string): { dims: readonly number[] } | { bytes: Uint8Array } {
    if (this.#target !== null) {
      return { dims: checkIdxHeader(this.#head, this.#received, file, IDX_IMAGES_MAGIC).dims };
    }
    const kept = this.#kept ?? [];
    const bytes = new Uint8Array(this.#received);
    let at = 0;
    for (const piece of kept) {
      bytes.set(piece, at);
      at += piece.length;
    }
    return { bytes };
  }

  /** Disposes of the tensor, if one was made. */
  release(): void {
    this.#target?.x.dispose();
    this.#target = null;
  }
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
  const made: Tensor[] = [];
  const sinks: ImagesSink[] = [];
  // Each images file streams into its tensor as it is read (its bytes are never all in
  // memory); every file is verified, and both splits checked, before any tensor is handed
  // out, and a failure frees what was made.
  const split = async (
    imagesFile: IdxDatasetSpec['trainImages'],
    labelsFile: IdxDatasetSpec['trainLabels'],
  ): Promise<[Tensor, Tensor]> => {
    const sink = new ImagesSink(args.limit, args.normalize === true, spec.imageShape);
    sinks.push(sink);
    const imagesPath = await readDatasetFileInto(spec.name, imagesFile, spec.mirrors, args, sink);
    const labels = await readDatasetFile(spec.name, labelsFile, spec.mirrors, args);
    const got = sink.finish(imagesPath);
    let x: Tensor;
    let y: IdxArray;
    if ('bytes' in got) {
      const parsed = parseIdxSplit(
        { bytes: got.bytes, file: imagesPath },
        { bytes: labels.data, file: labels.path },
        spec.imageShape,
      );
      y = parsed.labels;
      const n = Math.min(args.limit ?? Infinity, parsed.images.dims[0]!);
      x = imagesTensor(parsed.images, n, args.normalize === true);
    } else {
      y = parseIdx(labels.data, labels.path, IDX_LABELS_MAGIC);
      checkIdxSplit(got.dims, imagesPath, y.dims, labels.path, spec.imageShape);
      x = sink.streamed!;
    }
    sinks.splice(sinks.indexOf(sink), 1);
    made.push(x);
    const n = x.shape[0]!;
    const yt = tensor(y.data.subarray(0, n), [n], 'int32');
    made.push(yt);
    return [x, yt];
  };
  try {
    const train = await split(spec.trainImages, spec.trainLabels);
    const test = await split(spec.testImages, spec.testLabels);
    return [train, test];
  } catch (e) {
    for (const s of sinks) s.release();
    for (const t of made) t.dispose();
    throw e;
  }
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
