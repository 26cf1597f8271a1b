/**
 * Describes a data set stored as IDX files: its folder name, its four files with their
 * SHA-256 sums, its mirrors and its class names. Descriptions only; loading is elsewhere.
 */

/** One file of a data set. Mirrors serve `${name}.gz`. */
export interface DatasetFile {
  /** File name without `.gz`, e.g. `t10k-labels-idx1-ubyte`. */
  readonly name: string;
  /** SHA-256 of the uncompressed file, lowercase hex (gzip bytes vary with the compressor). */
  readonly sha256: string;
}

/** A data set of 28x28-style images and labels in four IDX files (MNIST's layout). */
export interface IdxDatasetSpec {
  /** Folder name under the data and cache folders, e.g. `fashion-mnist`. */
  readonly name: string;
  readonly trainImages: DatasetFile;
  readonly trainLabels: DatasetFile;
  readonly testImages: DatasetFile;
  readonly testLabels: DatasetFile;
  /** `[rows, cols]` of each image. */
  readonly imageShape: readonly [number, number];
  /** Base URLs tried in order; each file is fetched from `${mirror}${name}.gz`. */
  readonly mirrors: readonly string[];
}
