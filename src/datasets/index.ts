/** Data sets: `nn.datasets.mnist`, `nn.datasets.fashionMnist`, and the IDX reader. */
export { mnist, MNIST_SPEC } from './mnist.js';
export { fashionMnist, FASHION_MNIST_SPEC } from './fashion-mnist.js';
export {
  loadIdxDataset,
  idxDataset,
  type Dataset,
  type DatasetArgs,
  type ImageExample,
  type LoadDataArgs,
  type LoadDataResult,
} from './idx-dataset.js';
export type { ReadFileArgs } from './read-file.js';
export type { DatasetFile, IdxDatasetSpec } from './spec.js';
export {
  parseIdx,
  parseIdxSplit,
  gunzip,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  type IdxArray,
  type IdxSplit,
} from './idx.js';
