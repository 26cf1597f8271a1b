/**
 * MNIST: 28x28 grey handwritten digits, 60,000 for training and 10,000 for testing.
 * Y. LeCun, C. Cortes, C. Burges; CC BY-SA 3.0. The files ship in the package's `data/`.
 */
import {
  type Dataset,
  type DatasetArgs,
  type LoadDataArgs,
  idxDataset,
  loadIdxDataset,
} from './idx-dataset.js';
import type { IdxDatasetSpec } from './spec.js';

/**
 * MNIST's files (uncompressed SHA-256 from data/mnist/SHA256SUMS) and mirrors.
 *
 * @example
 * const [[xTrain, yTrain]] = await nn.datasets.loadIdxDataset(nn.datasets.MNIST_SPEC, { limit: 100 });
 * xTrain.shape; // [100, 28, 28]
 */
export const MNIST_SPEC: IdxDatasetSpec = {
  name: 'mnist',
  trainImages: {
    name: 'train-images-idx3-ubyte',
    sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  },
  trainLabels: {
    name: 'train-labels-idx1-ubyte',
    sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  },
  testImages: {
    name: 't10k-images-idx3-ubyte',
    sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  },
  testLabels: {
    name: 't10k-labels-idx1-ubyte',
    sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
  },
  imageShape: [28, 28],
  mirrors: [
    'https://storage.googleapis.com/cvdf-datasets/mnist/',
    'https://ossci-datasets.s3.amazonaws.com/mnist/',
  ],
};

/**
 * The MNIST digits. `loadData()` returns `[[xTrain, yTrain], [xTest, yTest]]`: x float32
 * `[n, 28, 28]` with raw 0..255 pixels, y int32 `[n]` digits 0..9. `dataset({split})` streams
 * one split as an `nn.data` Dataset of `{xs: [28, 28], ys: scalar}` examples.
 *
 * @example
 * const [[xTrain, yTrain], [xTest, yTest]] = await nn.datasets.mnist.loadData();
 * const train = await nn.datasets.mnist.dataset({ split: 'train', normalize: true });
 * await model.fitDataset(train.shuffle(10000).batch(64), { epochs: 3 });
 */
export const mnist: Dataset = {
  name: MNIST_SPEC.name,
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  loadData: (args?: LoadDataArgs) => loadIdxDataset(MNIST_SPEC, args),
  dataset: (args?: DatasetArgs) => idxDataset(MNIST_SPEC, args),
};
