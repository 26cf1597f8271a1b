/**
 * The IDX file format of MNIST and Fashion-MNIST: gunzip, header validation, and views of
 * the raw bytes. Platform-neutral (no Node modules), so the browser build can use it too.
 *
 * Layout (big-endian): two zero bytes, a type byte (0x08 = uint8), a rank byte, one uint32
 * per dimension, then the values row-major. Labels are magic 0x00000801 ([n]); images are
 * 0x00000803 ([n, rows, cols]). Nothing here copies the data: views point into the input.
 */
import { gunzipSync } from 'fflate';
import { ValueError } from '../errors.js';

/**
 * Magic number of an IDX file of uint8 labels, shape [n].
 * @example
 * nn.datasets.IDX_LABELS_MAGIC; // 2049 (0x00000801)
 */
export const IDX_LABELS_MAGIC = 0x00000801;
/**
 * Magic number of an IDX file of uint8 images, shape [n, rows, cols].
 * @example
 * nn.datasets.IDX_IMAGES_MAGIC; // 2051 (0x00000803)
 */
export const IDX_IMAGES_MAGIC = 0x00000803;

/** A parsed IDX file: its dimensions and a view of its values (no copy). */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** True when `bytes` begins with the gzip signature 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses a gzip file. `file` names it in errors. fflate does not check the CRC, so a
 * corrupted stream may decode to wrong bytes: callers verify a SHA-256 of the result.
 *
 * @throws ValueError when `bytes` is not gzip data or the stream is damaged or cut short.
 * @example
 * const gz = new Uint8Array(await (await fetch('data/mnist/t10k-labels-idx1-ubyte.gz')).arrayBuffer());
 * const raw = nn.datasets.gunzip(gz, 't10k-labels-idx1-ubyte.gz');
 */
export function gunzip(bytes: Uint8Array, file: string): Uint8Array {
  if (!isGzip(bytes)) {
    const head = Array.from(bytes.subarray(0, 2), (b) => b.toString(16).padStart(2, '0'));
    throw new ValueError(
      `gunzip '${file}': not gzip data: expected the signature 1f 8b, found ${head.join(' ') || 'an empty file'}`,
    );
  }
  try {
    return gunzipSync(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ValueError(`gunzip '${file}': damaged or truncated gzip data (${why})`);
  }
}

/** Decompresses `bytes` if they are gzip (by signature), else returns them as they are. */
export function maybeGunzip(bytes: Uint8Array, file: string): Uint8Array {
  return isGzip(bytes) ? gunzip(bytes, file) : bytes;
}

/**
 * Parses an uncompressed IDX file of uint8 values with the given magic number and rank.
 *
 * @param bytes the whole file, uncompressed.
 * @param file the file's name or path, for error messages.
 * @param magic {@link IDX_LABELS_MAGIC} or {@link IDX_IMAGES_MAGIC}.
 * @throws ValueError naming the file, what was expected and what was found, when the magic
 *   number, the rank or the data length is wrong.
 * @example
 * const labels = nn.datasets.parseIdx(raw, 't10k-labels-idx1-ubyte', nn.datasets.IDX_LABELS_MAGIC);
 * labels.dims; // [10000]
 */
export function parseIdx(bytes: Uint8Array, file: string, magic: number): IdxArray {
  const { dims, headerLength, size } = checkIdxHeader(bytes, bytes.length, file, magic);
  return { dims, data: bytes.subarray(headerLength, headerLength + size) };
}

/** What {@link checkIdxHeader} found: the dimensions, header bytes and data bytes. */
export interface IdxHeader {
  readonly dims: readonly number[];
  readonly headerLength: number;
  readonly size: number;
}

/**
 * The checks of {@link parseIdx} (same order, same messages) on a file of `length` bytes of
 * which only the start is at hand: `head` holds its first `min(length, 4 + 4 * rank)` bytes
 * at least. Lets a reader that streams a file check it without holding all of it.
 *
 * @throws ValueError as {@link parseIdx} does.
 */
export function checkIdxHeader(
  head: Uint8Array,
  length: number,
  file: string,
  magic: number,
): IdxHeader {
  const rank = magic & 0xff;
  const kind = magic === IDX_LABELS_MAGIC ? 'labels' : 'images';
  if (length < 4) {
    throw new ValueError(
      `IDX '${file}': expected a ${kind} file with magic number ${hex(magic)}, found only ${length} bytes`,
    );
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const found = view.getUint32(0, false);
  if (found !== magic) {
    throw new ValueError(
      `IDX '${file}': expected magic number ${hex(magic)} (uint8 ${kind}, ${rank} dimension${rank === 1 ? '' : 's'}), found ${hex(found)}`,
    );
  }
  const headerLength = 4 + 4 * rank;
  if (length < headerLength) {
    throw new ValueError(
      `IDX '${file}': expected a ${headerLength}-byte header (${rank} dimensions), found only ${length} bytes`,
    );
  }
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  const dataLength = length - headerLength;
  if (dataLength !== size) {
    throw new ValueError(
      `IDX '${file}': dimensions [${dims.join(',')}] need ${size} data bytes, found ${dataLength}` +
        (dataLength < size ? ' (the file is cut short)' : ' (trailing bytes)'),
    );
  }
  return { dims, headerLength, size };
}

/** A labels/images pair read from two IDX files. */
export interface IdxSplit {
  /** `[n, rows, cols]` */
  readonly images: IdxArray;
  /** `[n]` */
  readonly labels: IdxArray;
}

/**
 * Parses an images file and a labels file of the same split and checks they agree.
 *
 * @param imageShape `[rows, cols]` each image must have, when given.
 * @throws ValueError on a malformed file, images of the wrong size, or different counts.
 * @example
 * const split = nn.datasets.parseIdxSplit(
 *   { bytes: imageBytes, file: 't10k-images-idx3-ubyte' },
 *   { bytes: labelBytes, file: 't10k-labels-idx1-ubyte' },
 *   [28, 28],
 * );
 * split.images.dims; // [10000, 28, 28]
 */
export function parseIdxSplit(
  images: { bytes: Uint8Array; file: string },
  labels: { bytes: Uint8Array; file: string },
  imageShape?: readonly [number, number],
): IdxSplit {
  const x = parseIdx(images.bytes, images.file, IDX_IMAGES_MAGIC);
  const y = parseIdx(labels.bytes, labels.file, IDX_LABELS_MAGIC);
  checkIdxSplit(x.dims, images.file, y.dims, labels.file, imageShape);
  return { images: x, labels: y };
}

/**
 * The checks {@link parseIdxSplit} makes once both files are parsed (same messages): the
 * images are `imageShape` when given, and both files hold the same count.
 *
 * @throws ValueError when they do not.
 */
export function checkIdxSplit(
  imageDims: readonly number[],
  imagesFile: string,
  labelDims: readonly number[],
  labelsFile: string,
  imageShape?: readonly [number, number],
): void {
  if (
    imageShape !== undefined &&
    (imageDims[1] !== imageShape[0] || imageDims[2] !== imageShape[1])
  ) {
    throw new ValueError(
      `IDX '${imagesFile}': expected ${imageShape[0]}x${imageShape[1]} images, found ${imageDims[1]}x${imageDims[2]}`,
    );
  }
  if (imageDims[0] !== labelDims[0]) {
    throw new ValueError(
      `IDX: '${imagesFile}' holds ${imageDims[0]} images but '${labelsFile}' holds ${labelDims[0]} labels; expected the same count`,
    );
  }
}
