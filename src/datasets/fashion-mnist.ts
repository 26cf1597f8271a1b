/**
 * Fashion-MNIST: 28x28 grey pictures of clothing in 10 classes, 60,000 for training and
 * 10,000 for testing. Zalando SE; MIT licence. The files ship in the package's `data/`.
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
 * Fashion-MNIST's files (uncompressed SHA-256 from data/fashion-mnist/SHA256SUMS) and mirrors.
 *
 * @example
 * nn.datasets.FASHION_MNIST_SPEC.name; // 'fashion-mnist'
 */
export const FASHION_MNIST_SPEC: IdxDatasetSpec = {
  name: 'fashion-mnist',
  trainImages: {
    name: 'train-images-idx3-ubyte',
    sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  },
  trainLabels: {
    name: 'train-labels-idx1-ubyte',
    sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  },
  testImages: {
    name: 't10k-images-idx3-ubyte',
    sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  },
  testLabels: {
    name: 't10k-labels-idx1-ubyte',
    sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
  },
  imageShape: [28, 28],
  mirrors: [
    'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    'https://storage.googleapis.com/tensorflow/tf-keras-datasets/',
  ],
};

/**
 * Fashion-MNIST. `loadData()` returns `[[xTrain, yTrain], [xTest, yTest]]`: x float32
 * `[n, 28, 28]` with raw 0..255 pixels, y int32 `[n]` class indices into `classNames`.
 * `dataset({split})` streams one split as an `nn.data` Dataset of `{xs: [28, 28], ys: scalar}`
 * examples.
 *
 * @example
 * const [[xTrain, yTrain], [xTest, yTest]] = await nn.datasets.fashionMnist.loadData();
 * const test = await nn.datasets.fashionMnist.dataset({ split: 'test', normalize: true });
 * nn.datasets.fashionMnist.classNames[9]; // 'Ankle boot'
 */
export const fashionMnist: Dataset = {
  name: FASHION_MNIST_SPEC.name,
  classNames: [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ],
  loadData: (args?: LoadDataArgs) => loadIdxDataset(FASHION_MNIST_SPEC, args),
  dataset: (args?: DatasetArgs) => idxDataset(FASHION_MNIST_SPEC, args),
};
