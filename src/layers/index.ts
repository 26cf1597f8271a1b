/**
 * The layer registry: `nn.layers.<name>(config)` factories, and Keras class names mapped to
 * classes so saved models can be rebuilt. A new layer is one file plus one registration
 * below (which is also its factory).
 */
import {
  type Identifier,
  Registry,
  serialize as serializeObject,
} from '../serialization/registry.js';
import { Layer } from './layer.js';
import { Activation, type ActivationArgs } from './activation.js';
import { BatchNormalization, type BatchNormalizationArgs } from './batch-normalization.js';
import { Conv2D, type Conv2DArgs } from './conv2d.js';
import { Dense, type DenseArgs } from './dense.js';
import { Dropout, type DropoutArgs } from './dropout.js';
import { Flatten } from './flatten.js';
import { InputLayer, type InputLayerArgs } from './input-layer.js';
import { LayerNormalization, type LayerNormalizationArgs } from './layer-normalization.js';
import { LeakyReLU, type LeakyReLUArgs } from './leaky-relu.js';
import { MaxPooling2D, type MaxPooling2DArgs } from './max-pooling2d.js';
import {
  Add,
  Average,
  Concatenate,
  type ConcatenateArgs,
  Divide,
  Maximum,
  Minimum,
  Multiply,
  Subtract,
} from './merge.js';
import { Reshape, type ReshapeArgs } from './reshape.js';
import { type Padding2D, ZeroPadding2D, type ZeroPadding2DArgs } from './zero-padding2d.js';
import { ReLU, type ReLUArgs } from './relu.js';
import { ELU, type ELUArgs } from './elu.js';
import { GELU, type GELUArgs } from './gelu.js';
import { Softmax, type SoftmaxArgs } from './softmax.js';
import { Permute, type PermuteArgs } from './permute.js';
import { Rescaling, type RescalingArgs, type RescalingValue } from './rescaling.js';
import { Normalization, type NormalizationArgs } from './normalization.js';
import { CategoryEncoding, type CategoryEncodingArgs } from './category-encoding.js';
import { StringLookup, type StringLookupArgs } from './string-lookup.js';
import { IntegerLookup, type IntegerLookupArgs } from './integer-lookup.js';
import { TextVectorization, type TextVectorizationArgs } from './text-vectorization.js';
import { AveragePooling2D, type AveragePooling2DArgs } from './average-pooling2d.js';
import {
  GlobalAveragePooling2D,
  type GlobalAveragePooling2DArgs,
} from './global-average-pooling2d.js';
// layers-misc (issue 17)
import {
  MultiHeadAttention,
  type MultiHeadAttentionArgs,
  type MultiHeadAttentionCallOptions,
} from './multi-head-attention.js';
import { Dot, type DotArgs } from './dot.js';
import { RepeatVector, type RepeatVectorArgs } from './repeat-vector.js';
import {
  GaussianNoise,
  type GaussianNoiseArgs,
  SpatialDropout1D,
  SpatialDropout2D,
  type SpatialDropout2DArgs,
  type SpatialDropoutArgs,
} from './noise.js';
import {
  ActivityRegularization,
  type ActivityRegularizationArgs,
} from './activity-regularization.js';
// layers-rnn (issue 17)
import { Embedding, type EmbeddingArgs } from './embedding.js';
import { Masking, type MaskingArgs } from './masking.js';
import { Recurrent, type RecurrentArgs } from './recurrent.js';
import { SimpleRNN, type SimpleRNNArgs } from './simple-rnn.js';
import { LSTM, type LSTMArgs } from './lstm.js';
import { GRU, type GRUArgs } from './gru.js';
import { Bidirectional, type BidirectionalArgs, type MergeMode } from './bidirectional.js';
import { TimeDistributed, type TimeDistributedArgs } from './time-distributed.js';
// layers-conv (issue 17)
import { Conv2DTranspose, type Conv2DTransposeArgs } from './conv2d-transpose.js';
import { Conv1D, type Conv1DArgs, type Conv1DPadding } from './conv1d.js';
import { AveragePooling1D, MaxPooling1D, type Pooling1DArgs } from './pooling1d.js';
import {
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  type GlobalPoolingArgs,
} from './global-pooling.js';
import {
  UpSampling2D,
  type UpSampling2DArgs,
  type UpSamplingInterpolation,
} from './up-sampling2d.js';
import { Cropping2D, type Cropping2DArgs, type Cropping2DValue } from './cropping2d.js';
import { DepthwiseConv2D, type DepthwiseConv2DArgs } from './depthwise-conv2d.js';
import { SeparableConv2D, type SeparableConv2DArgs } from './separable-conv2d.js';
import { setSublayerResolver } from './wrapper.js';
import type { LayerConfig } from './layer.js';
import { ValueError } from '../errors.js';

export {
  Layer,
  type LayerArgs,
  type CallOptions,
  type LayerConfig,
  type ConfigValue,
} from './layer.js';
export { SymbolicTensor, type ShapeSpec } from './symbolic.js';
export { KernelLayer, type KernelLayerArgs } from './kernel-layer.js';
export {
  Activation,
  BatchNormalization,
  Conv2D,
  Dense,
  Dropout,
  Flatten,
  InputLayer,
  LayerNormalization,
  LeakyReLU,
  MaxPooling2D,
  Add,
  Average,
  Concatenate,
  Multiply,
  Reshape,
  ZeroPadding2D,
  ReLU,
  ELU,
  GELU,
  Softmax,
  Permute,
  Subtract,
  Divide,
  Rescaling,
  Normalization,
  CategoryEncoding,
  StringLookup,
  IntegerLookup,
  TextVectorization,
  AveragePooling2D,
  GlobalAveragePooling2D,
};
export type {
  ActivationArgs,
  BatchNormalizationArgs,
  Conv2DArgs,
  DenseArgs,
  DropoutArgs,
  InputLayerArgs,
  LayerNormalizationArgs,
  LeakyReLUArgs,
  MaxPooling2DArgs,
  ConcatenateArgs,
  Padding2D,
  ReshapeArgs,
  ZeroPadding2DArgs,
  ReLUArgs,
  ELUArgs,
  GELUArgs,
  SoftmaxArgs,
  PermuteArgs,
  RescalingArgs,
  RescalingValue,
  NormalizationArgs,
  CategoryEncodingArgs,
  StringLookupArgs,
  IntegerLookupArgs,
  TextVectorizationArgs,
  AveragePooling2DArgs,
  GlobalAveragePooling2DArgs,
};

// layers-misc (issue 17)
export {
  MultiHeadAttention,
  Dot,
  Minimum,
  Maximum,
  RepeatVector,
  SpatialDropout1D,
  SpatialDropout2D,
  GaussianNoise,
  ActivityRegularization,
};
export type {
  MultiHeadAttentionArgs,
  MultiHeadAttentionCallOptions,
  DotArgs,
  RepeatVectorArgs,
  SpatialDropoutArgs,
  SpatialDropout2DArgs,
  GaussianNoiseArgs,
  ActivityRegularizationArgs,
};

// layers-rnn (issue 17)
export { getMask } from './layer.js';
export { Embedding, Masking, Recurrent, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed };
export type {
  EmbeddingArgs,
  MaskingArgs,
  RecurrentArgs,
  SimpleRNNArgs,
  LSTMArgs,
  GRUArgs,
  BidirectionalArgs,
  MergeMode,
  TimeDistributedArgs,
};

// layers-conv (issue 17)
export {
  Conv2DTranspose,
  Conv1D,
  MaxPooling1D,
  AveragePooling1D,
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  UpSampling2D,
  Cropping2D,
  DepthwiseConv2D,
  SeparableConv2D,
};
export type {
  Conv2DTransposeArgs,
  Conv1DArgs,
  Conv1DPadding,
  Pooling1DArgs,
  GlobalPoolingArgs,
  UpSampling2DArgs,
  UpSamplingInterpolation,
  Cropping2DArgs,
  Cropping2DValue,
  DepthwiseConv2DArgs,
  SeparableConv2DArgs,
};

/**
 * Every layer class: one registration each, which is also its `nn.layers` factory.
 * @example
 * nn.layers.LAYERS.get('flatten'); // a Flatten layer with its defaults
 */
export const LAYERS = new Registry<Layer>({
  kind: 'layer',
  namespace: 'nn.layers',
  is: (x): x is Layer => x instanceof Layer,
  accepts: 'a layer id, a Layer or a {className, config} object',
  // LayerArgs that getConfig does not always echo.
  commonKeys: [
    'name',
    'trainable',
    'inputShape',
    'batchInputShape',
    'batchSize',
    'inputDim',
    'dtype',
  ],
});

/**
 * A densely connected layer, `activation(x · kernel + bias)` (Keras `Dense`). Input
 * `[batch, …, inDim]`, output `[batch, …, units]`. Defaults (Keras's): no activation,
 * `useBias` true, `kernelInitializer` `'glorotUniform'`, `biasInitializer` `'zeros'`.
 *
 * @throws ValueError when `units` is not a positive integer, or for an unknown option.
 * @throws ShapeError when applied to an input of rank < 2 or with an unknown last dimension.
 * @example
 * const layer = nn.layers.dense({ units: 4, activation: 'relu' });
 * const y = layer.apply(nn.ones([2, 3])); // shape [2, 4]
 */
export const dense = LAYERS.registerClass(Dense, { className: 'Dense', positional: 'units' });
/**
 * Applies an activation function elementwise (Keras `Activation`); output shape = input shape.
 *
 * @throws ValueError for an unknown activation id.
 * @example
 * nn.layers.activation({ activation: 'relu' }).apply(nn.tensor([[-1, 2]])); // [[0, 2]]
 */
export const activation = LAYERS.registerClass(Activation, {
  className: 'Activation',
  positional: 'activation',
});
/**
 * Flattens each sample to one dimension (Keras `Flatten`): `[batch, d1, d2, …]` → `[batch, d1·d2·…]`.
 *
 * @example
 * nn.layers.flatten().apply(nn.zeros([2, 28, 28])); // shape [2, 784]
 */
export const flatten = LAYERS.registerClass(Flatten, { className: 'Flatten' });
/**
 * Reshapes each sample to `targetShape` (Keras `Reshape`; the batch dimension is kept, one
 * entry may be -1).
 *
 * @throws ValueError for a bad `targetShape`; ShapeError when the sizes do not match.
 * @example
 * nn.layers.reshape({ targetShape: [2, 3] }).apply(nn.zeros([4, 6])); // shape [4, 2, 3]
 */
export const reshape = LAYERS.registerClass(Reshape, {
  className: 'Reshape',
  positional: 'targetShape',
});
/**
 * Sets a fraction `rate` of inputs to 0 in training and scales the rest by `1 / (1 − rate)`
 * (Keras `Dropout`); the identity at inference.
 *
 * @throws ValueError when `rate` is outside [0, 1).
 * @example
 * const drop = nn.layers.dropout({ rate: 0.5 });
 * drop.apply(nn.ones([2, 4]), { training: true }); // about half zeros, the rest 2
 * drop.apply(nn.ones([2, 4])); // unchanged
 */
export const dropout = LAYERS.registerClass(Dropout, { className: 'Dropout', positional: 'rate' });
/**
 * The input of a Sequential model, fixing its input shape (Keras `InputLayer`). For functional
 * models use {@link input}.
 *
 * @example
 * const model = nn.sequential({
 *   layers: [nn.layers.inputLayer({ inputShape: [4] }), nn.layers.dense({ units: 1 })],
 * });
 */
export const inputLayer = LAYERS.registerClass(InputLayer, {
  className: 'InputLayer',
  positional: 'inputShape',
});
/**
 * Normalizes each feature with the batch's mean and variance in training and moving averages
 * at inference, then scales by `gamma` and shifts by `beta` (Keras `BatchNormalization`).
 * Defaults (Keras's): `axis` -1, `momentum` 0.99, `epsilon` 1e-3, `center` and `scale` true.
 *
 * @example
 * const bn = nn.layers.batchNormalization();
 * bn.apply(nn.randomNormal([8, 3]), { training: true }); // shape [8, 3]
 */
export const batchNormalization = LAYERS.registerClass(BatchNormalization, {
  className: 'BatchNormalization',
  positional: 'axis',
});
/**
 * Normalizes each sample over `axis` (default -1), then scales and shifts (Keras
 * `LayerNormalization`; `epsilon` default 1e-3).
 *
 * @example
 * nn.layers.layerNormalization().apply(nn.tensor([[1, 2, 3]])); // ≈ [[-1.22, 0, 1.22]]
 */
export const layerNormalization = LAYERS.registerClass(LayerNormalization, {
  className: 'LayerNormalization',
  positional: 'axis',
});
// Keras's snake_case rule makes `leaky_re_lu`; the factory has always been `leakyReLU`.
/**
 * Leaky ReLU, `x` where x ≥ 0 else `negativeSlope · x` (Keras `LeakyReLU`; `negativeSlope`
 * default 0.3, TF.js's `alpha` accepted).
 *
 * @example
 * nn.layers.leakyReLU().apply(nn.tensor([[-1, 2]])); // [[-0.3, 2]]
 */
export const leakyReLU = LAYERS.registerClass(LeakyReLU, {
  className: 'LeakyReLU',
  id: 'leakyReLU',
  positional: 'negativeSlope',
});
/**
 * Joins its inputs along `axis` (default -1) (Keras `Concatenate`).
 *
 * @throws ShapeError when the other dimensions differ.
 * @example
 * const y = nn.layers.concatenate().apply([nn.ones([2, 3]), nn.zeros([2, 1])]); // shape [2, 4]
 */
export const concatenate = LAYERS.registerClass(Concatenate, {
  className: 'Concatenate',
  positional: 'axis',
});
/**
 * Elementwise sum of its inputs, all of one shape (Keras `Add`).
 *
 * @example
 * nn.layers.add().apply([nn.ones([2, 2]), nn.ones([2, 2])]); // all 2
 */
export const add = LAYERS.registerClass(Add, { className: 'Add' });
/**
 * Elementwise product of its inputs (Keras `Multiply`).
 *
 * @example
 * nn.layers.multiply().apply([nn.fill([2], 3), nn.fill([2], 2)]); // [6, 6]
 */
export const multiply = LAYERS.registerClass(Multiply, { className: 'Multiply' });
/**
 * Elementwise mean of its inputs (Keras `Average`).
 *
 * @example
 * nn.layers.average().apply([nn.tensor([[1, 3]]), nn.tensor([[3, 5]])]); // [[2, 4]]
 */
export const average = LAYERS.registerClass(Average, { className: 'Average' });
/**
 * 2-D convolution over images `[batch, h, w, channels]` (channels last), output
 * `[batch, h', w', filters]` (Keras `Conv2D`). Defaults (Keras's): `strides` 1, `padding`
 * `'valid'`, `dilationRate` 1, `groups` 1, no activation, `useBias` true,
 * `kernelInitializer` `'glorotUniform'`.
 *
 * @throws ValueError for a non-positive `filters`/`kernelSize` or an unknown option.
 * @throws ShapeError when the input is not rank 4 or the window does not fit.
 * @example
 * const conv = nn.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' });
 * conv.apply(nn.zeros([1, 28, 28, 1])); // shape [1, 26, 26, 8]
 */
export const conv2d = LAYERS.registerClass(Conv2D, { className: 'Conv2D', positional: 'filters' });
/**
 * 2-D max pooling (Keras `MaxPooling2D`): the largest value of each `poolSize` window
 * (default 2; `strides` default the pool size, `padding` `'valid'`).
 *
 * @example
 * nn.layers.maxPooling2d({ poolSize: 2 }).apply(nn.zeros([1, 28, 28, 8])); // shape [1, 14, 14, 8]
 */
export const maxPooling2d = LAYERS.registerClass(MaxPooling2D, {
  className: 'MaxPooling2D',
  positional: 'poolSize',
});
/**
 * Pads images with zero rows and columns (Keras `ZeroPadding2D`; `padding` default 1 on each side).
 *
 * @example
 * nn.layers.zeroPadding2d({ padding: 2 }).apply(nn.zeros([1, 4, 4, 3])); // shape [1, 8, 8, 3]
 */
export const zeroPadding2d = LAYERS.registerClass(ZeroPadding2D, {
  className: 'ZeroPadding2D',
  positional: 'padding',
});
/**
 * Rectified linear unit as a layer (Keras `ReLU`): with `maxValue` (default none),
 * `negativeSlope` (default 0) and `threshold` (default 0).
 *
 * @example
 * nn.layers.reLU({ maxValue: 6 }).apply(nn.tensor([[-1, 3, 9]])); // [[0, 3, 6]]
 */
export const reLU = LAYERS.registerClass(ReLU, { className: 'ReLU', id: 'reLU' });
/**
 * Exponential linear unit as a layer (Keras `ELU`; `alpha` default 1).
 *
 * @example
 * nn.layers.elu().apply(nn.tensor([[-1, 1]])); // [[-0.6321206, 1]]
 */
export const elu = LAYERS.registerClass(ELU, { className: 'ELU', id: 'elu', positional: 'alpha' });
/**
 * Gaussian error linear unit as a layer (Keras `GELU`; `approximate` default false: the exact form).
 *
 * @example
 * nn.layers.gelu().apply(nn.tensor([[1]])); // [[0.8413447]]
 */
export const gelu = LAYERS.registerClass(GELU, { className: 'GELU', id: 'gelu' });
/**
 * Softmax as a layer (Keras `Softmax`), over `axis` (default -1).
 *
 * @example
 * nn.layers.softmax().apply(nn.tensor([[1, 1]])); // [[0.5, 0.5]]
 */
export const softmax = LAYERS.registerClass(Softmax, {
  className: 'Softmax',
  id: 'softmax',
  positional: 'axis',
});
/**
 * Permutes the non-batch axes (Keras `Permute`): `dims` is a permutation of 1…rank−1.
 *
 * @throws ValueError when `dims` is not such a permutation.
 * @example
 * nn.layers.permute({ dims: [2, 1] }).apply(nn.zeros([4, 10, 64])); // shape [4, 64, 10]
 */
export const permute = LAYERS.registerClass(Permute, { className: 'Permute', positional: 'dims' });
/**
 * The difference of exactly two inputs, `a − b` (Keras `Subtract`).
 *
 * @throws ValueError when not given exactly two inputs.
 * @example
 * nn.layers.subtract().apply([nn.fill([2], 5), nn.fill([2], 2)]); // [3, 3]
 */
export const subtract = LAYERS.registerClass(Subtract, { className: 'Subtract' });
/**
 * Elementwise quotient of its inputs, `a / b / …` (Keras `Divide`).
 *
 * @example
 * nn.layers.divide().apply([nn.fill([2], 6), nn.fill([2], 2)]); // [3, 3]
 */
export const divide = LAYERS.registerClass(Divide, { className: 'Divide' });
/**
 * Multiplies by `scale` and adds `offset` (Keras `Rescaling`; defaults 1 and 0), e.g. pixel
 * values to [0, 1].
 *
 * @example
 * nn.layers.rescaling({ scale: 1 / 255 }).apply(nn.fill([1, 2], 255)); // [[1, 1]]
 */
export const rescaling = LAYERS.registerClass(Rescaling, {
  className: 'Rescaling',
  positional: 'scale',
});
/**
 * Standardizes features to `(x − mean) / sqrt(variance)` (Keras `Normalization`): the mean and
 * variance are given or learned with `adapt(data)`; `axis` default -1 (one pair per feature).
 *
 * @example
 * const norm = nn.layers.normalization();
 * norm.adapt(nn.tensor([[0, 10], [2, 30]]));
 * norm.apply(nn.tensor([[1, 20]])); // [[0, 0]]
 */
export const normalization = LAYERS.registerClass(Normalization, {
  className: 'Normalization',
  positional: 'axis',
});
/**
 * Encodes integer category ids `[0, numTokens)` as one-hot, multi-hot (default) or count
 * vectors (Keras `CategoryEncoding`).
 *
 * @throws ValueError when `numTokens` is missing, or an id is out of range.
 * @example
 * const enc = nn.layers.categoryEncoding({ numTokens: 4, outputMode: 'one_hot' });
 * enc.apply(nn.tensor([3, 1], undefined, 'int32')); // [[0, 0, 0, 1], [0, 1, 0, 0]]
 */
export const categoryEncoding = LAYERS.registerClass(CategoryEncoding, {
  className: 'CategoryEncoding',
  positional: 'numTokens',
});
/**
 * Maps strings (plain JavaScript arrays; tensors hold no strings) to vocabulary indices, or
 * vectors by `outputMode` (Keras `StringLookup`; OOV token `'[UNK]'` at index 0 by default).
 *
 * @example
 * const lookup = nn.layers.stringLookup({ vocabulary: ['a', 'b', 'c'] });
 * lookup.apply(['c', 'z', 'a']); // int32 [3, 0, 1]
 */
export const stringLookup = LAYERS.registerClass(StringLookup, { className: 'StringLookup' });
/**
 * Maps integer tokens to vocabulary indices, or vectors by `outputMode` (Keras `IntegerLookup`;
 * OOV token -1 at index 0 by default).
 *
 * @example
 * const lookup = nn.layers.integerLookup({ vocabulary: [12, 36, 7] });
 * lookup.apply(nn.tensor([7, 12, 99], undefined, 'int32')); // int32 [3, 1, 0]
 */
export const integerLookup = LAYERS.registerClass(IntegerLookup, { className: 'IntegerLookup' });
/**
 * Turns texts into token indices or vectors (Keras `TextVectorization`): standardize, split,
 * look up; the vocabulary is given or learned with `adapt`. Takes plain string arrays, so it
 * runs in front of a model.
 *
 * @example
 * const vectorize = nn.layers.textVectorization({ outputSequenceLength: 4 });
 * vectorize.adapt(['the cat sat', 'the dog']);
 * vectorize.apply(['the cat ran']); // int32 [[2, 5, 1, 0]]: 'the', 'cat', OOV '[UNK]', padding
 */
export const textVectorization = LAYERS.registerClass(TextVectorization, {
  className: 'TextVectorization',
});
/**
 * 2-D average pooling (Keras `AveragePooling2D`): the mean of each `poolSize` window
 * (default 2; `strides` default the pool size, `padding` `'valid'`).
 *
 * @example
 * nn.layers.averagePooling2d({ poolSize: 2 }).apply(nn.ones([1, 4, 4, 1])); // shape [1, 2, 2, 1]
 */
export const averagePooling2d = LAYERS.registerClass(AveragePooling2D, {
  className: 'AveragePooling2D',
  positional: 'poolSize',
});
/**
 * The mean over the spatial axes (Keras `GlobalAveragePooling2D`): `[batch, h, w, c]` → `[batch, c]`.
 *
 * @example
 * nn.layers.globalAveragePooling2d().apply(nn.ones([2, 5, 5, 8])); // shape [2, 8]
 */
export const globalAveragePooling2d = LAYERS.registerClass(GlobalAveragePooling2D, {
  className: 'GlobalAveragePooling2D',
});

// layers-misc (issue 17)
/**
 * Multi-head scaled dot-product attention (Keras `MultiHeadAttention`): call it with
 * `[query, value]` or `[query, value, key]`, each `[batch, seq, features]`; options
 * `attentionMask`, `useCausalMask`, `returnAttentionScores`.
 *
 * @throws ValueError when called with one tensor, or for bad `numHeads`/`keyDim`.
 * @example
 * const mha = nn.layers.multiHeadAttention({ numHeads: 2, keyDim: 4 });
 * const x = nn.randomNormal([1, 5, 8]);
 * mha.apply([x, x]); // self-attention, shape [1, 5, 8]
 */
export const multiHeadAttention = LAYERS.registerClass(MultiHeadAttention, {
  className: 'MultiHeadAttention',
});
/**
 * Dot product of two inputs along `axes` (Keras `Dot`); with `normalize` it is their cosine similarity.
 *
 * @example
 * const a = nn.tensor([[1, 2]]);
 * nn.layers.dot({ axes: 1 }).apply([a, a]); // [[5]]
 */
export const dot = LAYERS.registerClass(Dot, { className: 'Dot', positional: 'axes' });
/**
 * Elementwise minimum of its inputs (Keras `Minimum`).
 *
 * @example
 * nn.layers.minimum().apply([nn.tensor([1, 5]), nn.tensor([3, 2])]); // [1, 2]
 */
export const minimum = LAYERS.registerClass(Minimum, { className: 'Minimum' });
/**
 * Elementwise maximum of its inputs (Keras `Maximum`).
 *
 * @example
 * nn.layers.maximum().apply([nn.tensor([1, 5]), nn.tensor([3, 2])]); // [3, 5]
 */
export const maximum = LAYERS.registerClass(Maximum, { className: 'Maximum' });
/**
 * Repeats each sample `n` times (Keras `RepeatVector`): `[batch, features]` → `[batch, n, features]`.
 *
 * @example
 * nn.layers.repeatVector({ n: 3 }).apply(nn.zeros([2, 4])); // shape [2, 3, 4]
 */
export const repeatVector = LAYERS.registerClass(RepeatVector, {
  className: 'RepeatVector',
  positional: 'n',
});
/**
 * Drops whole channels of `[batch, time, channels]` inputs in training (Keras `SpatialDropout1D`).
 *
 * @example
 * nn.layers.spatialDropout1d({ rate: 0.5 }).apply(nn.ones([1, 4, 6]), { training: true });
 */
export const spatialDropout1d = LAYERS.registerClass(SpatialDropout1D, {
  className: 'SpatialDropout1D',
  positional: 'rate',
});
/**
 * Drops whole feature maps of images in training (Keras `SpatialDropout2D`; channels last by default).
 *
 * @example
 * nn.layers.spatialDropout2d({ rate: 0.2 }).apply(nn.ones([1, 8, 8, 4]), { training: true });
 */
export const spatialDropout2d = LAYERS.registerClass(SpatialDropout2D, {
  className: 'SpatialDropout2D',
  positional: 'rate',
});
/**
 * Adds zero-mean Gaussian noise of `stddev` in training (Keras `GaussianNoise`); the identity at inference.
 *
 * @example
 * nn.layers.gaussianNoise({ stddev: 0.1 }).apply(nn.zeros([2, 3]), { training: true });
 */
export const gaussianNoise = LAYERS.registerClass(GaussianNoise, {
  className: 'GaussianNoise',
  positional: 'stddev',
});
/**
 * Passes its input through and adds `l1·Σ|x| + l2·Σx²` to the model's losses (Keras
 * `ActivityRegularization`; `l1` and `l2` default 0).
 *
 * @example
 * nn.layers.activityRegularization({ l2: 0.01 });
 */
export const activityRegularization = LAYERS.registerClass(ActivityRegularization, {
  className: 'ActivityRegularization',
});

// layers-rnn (issue 17)
/**
 * Maps integer ids `[0, inputDim)` to trainable vectors of `outputDim` (Keras `Embedding`):
 * `[batch, time]` → `[batch, time, outputDim]`; `maskZero` (default false) treats id 0 as padding.
 *
 * @throws ValueError for an id out of range.
 * @example
 * const emb = nn.layers.embedding({ inputDim: 100, outputDim: 8 });
 * emb.apply(nn.tensor([[1, 5, 9]], undefined, 'int32')); // shape [1, 3, 8]
 */
export const embedding = LAYERS.registerClass(Embedding, {
  className: 'Embedding',
  extraKeys: ['inputLength'],
});
/**
 * Marks the time steps whose features all equal `maskValue` (default 0) as padding, for the
 * recurrent layers after it (Keras `Masking`).
 *
 * @example
 * const x = nn.input({ shape: [10, 3] });
 * const h = nn.layers.lstm({ units: 4 }).apply(nn.layers.masking().apply(x));
 */
export const masking = LAYERS.registerClass(Masking, {
  className: 'Masking',
  positional: 'maskValue',
});
const RNN_KEYS = ['implementation', 'timeMajor'];
/**
 * A fully connected recurrent layer, `h = activation(x·W + h·U + b)` (Keras `SimpleRNN`):
 * `[batch, time, features]` → `[batch, units]` (or every step with `returnSequences`).
 * Defaults (Keras's): `activation` `'tanh'`, `recurrentInitializer` `'orthogonal'`.
 *
 * @example
 * nn.layers.simpleRNN({ units: 8 }).apply(nn.zeros([2, 5, 3])); // shape [2, 8]
 */
export const simpleRNN = LAYERS.registerClass(SimpleRNN, {
  className: 'SimpleRNN',
  id: 'simpleRNN',
  positional: 'units',
  extraKeys: RNN_KEYS,
});
/**
 * Long short-term memory (Keras `LSTM`): `[batch, time, features]` → `[batch, units]` (or
 * `[batch, time, units]` with `returnSequences`). Defaults (Keras's): `activation` `'tanh'`,
 * `recurrentActivation` `'sigmoid'`, `unitForgetBias` true.
 *
 * @example
 * nn.layers.lstm({ units: 16, returnSequences: true }).apply(nn.zeros([2, 5, 3])); // [2, 5, 16]
 */
export const lstm = LAYERS.registerClass(LSTM, {
  className: 'LSTM',
  id: 'lstm',
  positional: 'units',
  extraKeys: RNN_KEYS,
});
/**
 * Gated recurrent unit (Keras `GRU`, `resetAfter` true by default as Keras 3):
 * `[batch, time, features]` → `[batch, units]`.
 *
 * @example
 * nn.layers.gru({ units: 8 }).apply(nn.zeros([2, 5, 3])); // shape [2, 8]
 */
export const gru = LAYERS.registerClass(GRU, {
  className: 'GRU',
  id: 'gru',
  positional: 'units',
  extraKeys: RNN_KEYS,
});
// Wrapped layers given as {className, config} (saved configs) are rebuilt by the registry.
setSublayerResolver((x) => get(x as never));
/**
 * Runs a recurrent layer forwards and backwards and merges the outputs (Keras `Bidirectional`;
 * `mergeMode` default `'concat'`).
 *
 * @example
 * const bi = nn.layers.bidirectional({ layer: nn.layers.lstm({ units: 8 }) });
 * bi.apply(nn.zeros([2, 5, 3])); // shape [2, 16]
 */
export const bidirectional = LAYERS.registerClass(Bidirectional, {
  className: 'Bidirectional',
  positional: 'layer',
});
/**
 * Applies a layer to every time step of `[batch, time, …]` (Keras `TimeDistributed`).
 *
 * @example
 * const td = nn.layers.timeDistributed({ layer: nn.layers.dense({ units: 4 }) });
 * td.apply(nn.zeros([2, 5, 3])); // shape [2, 5, 4]
 */
export const timeDistributed = LAYERS.registerClass(TimeDistributed, {
  className: 'TimeDistributed',
  positional: 'layer',
});

// layers-conv (issue 17)
/**
 * Transposed 2-D convolution, the upsampling convolution (Keras `Conv2DTranspose`; `strides`
 * default 1, `padding` `'valid'`).
 *
 * @example
 * const up = nn.layers.conv2dTranspose({ filters: 4, kernelSize: 2, strides: 2 });
 * up.apply(nn.zeros([1, 7, 7, 8])); // shape [1, 14, 14, 4]
 */
export const conv2dTranspose = LAYERS.registerClass(Conv2DTranspose, {
  className: 'Conv2DTranspose',
  positional: 'filters',
});
/**
 * 1-D convolution over sequences `[batch, steps, channels]` (Keras `Conv1D`; `strides` 1,
 * `padding` `'valid'` (or `'same'`, `'causal'`), `dilationRate` 1 by default).
 *
 * @example
 * nn.layers.conv1d({ filters: 4, kernelSize: 3 }).apply(nn.zeros([2, 10, 2])); // shape [2, 8, 4]
 */
export const conv1d = LAYERS.registerClass(Conv1D, { className: 'Conv1D', positional: 'filters' });
/**
 * 1-D max pooling over `[batch, steps, channels]` (Keras `MaxPooling1D`; `poolSize` default 2).
 *
 * @example
 * nn.layers.maxPooling1d().apply(nn.zeros([2, 10, 4])); // shape [2, 5, 4]
 */
export const maxPooling1d = LAYERS.registerClass(MaxPooling1D, {
  className: 'MaxPooling1D',
  positional: 'poolSize',
});
/**
 * 1-D average pooling over `[batch, steps, channels]` (Keras `AveragePooling1D`; `poolSize` default 2).
 *
 * @example
 * nn.layers.averagePooling1d().apply(nn.zeros([2, 10, 4])); // shape [2, 5, 4]
 */
export const averagePooling1d = LAYERS.registerClass(AveragePooling1D, {
  className: 'AveragePooling1D',
  positional: 'poolSize',
});
/**
 * The mean over the steps axis (Keras `GlobalAveragePooling1D`): `[batch, steps, c]` → `[batch, c]`.
 *
 * @example
 * nn.layers.globalAveragePooling1d().apply(nn.zeros([2, 10, 4])); // shape [2, 4]
 */
export const globalAveragePooling1d = LAYERS.registerClass(GlobalAveragePooling1D, {
  className: 'GlobalAveragePooling1D',
});
/**
 * The maximum over the steps axis (Keras `GlobalMaxPooling1D`): `[batch, steps, c]` → `[batch, c]`.
 *
 * @example
 * nn.layers.globalMaxPooling1d().apply(nn.zeros([2, 10, 4])); // shape [2, 4]
 */
export const globalMaxPooling1d = LAYERS.registerClass(GlobalMaxPooling1D, {
  className: 'GlobalMaxPooling1D',
});
/**
 * The maximum over the spatial axes (Keras `GlobalMaxPooling2D`): `[batch, h, w, c]` → `[batch, c]`.
 *
 * @example
 * nn.layers.globalMaxPooling2d().apply(nn.zeros([2, 5, 5, 8])); // shape [2, 8]
 */
export const globalMaxPooling2d = LAYERS.registerClass(GlobalMaxPooling2D, {
  className: 'GlobalMaxPooling2D',
});
/**
 * Repeats rows and columns of images by `size` (default 2; Keras `UpSampling2D`,
 * `interpolation` `'nearest'` or `'bilinear'`).
 *
 * @example
 * nn.layers.upSampling2d({ size: 2 }).apply(nn.zeros([1, 4, 4, 3])); // shape [1, 8, 8, 3]
 */
export const upSampling2d = LAYERS.registerClass(UpSampling2D, {
  className: 'UpSampling2D',
  positional: 'size',
});
/**
 * Crops rows and columns off the image borders (Keras `Cropping2D`).
 *
 * @example
 * nn.layers.cropping2d({ cropping: 1 }).apply(nn.zeros([1, 6, 6, 3])); // shape [1, 4, 4, 3]
 */
export const cropping2d = LAYERS.registerClass(Cropping2D, {
  className: 'Cropping2D',
  positional: 'cropping',
});
/**
 * Depthwise 2-D convolution: one filter per input channel (× `depthMultiplier`, default 1)
 * (Keras `DepthwiseConv2D`).
 *
 * @example
 * nn.layers.depthwiseConv2d({ kernelSize: 3 }).apply(nn.zeros([1, 8, 8, 4])); // shape [1, 6, 6, 4]
 */
export const depthwiseConv2d = LAYERS.registerClass(DepthwiseConv2D, {
  className: 'DepthwiseConv2D',
  positional: 'kernelSize',
});
/**
 * Depthwise then pointwise (1×1) convolution (Keras `SeparableConv2D`).
 *
 * @example
 * const sep = nn.layers.separableConv2d({ filters: 16, kernelSize: 3, padding: 'same' });
 * sep.apply(nn.zeros([1, 8, 8, 4])); // shape [1, 8, 8, 16]
 */
export const separableConv2d = LAYERS.registerClass(SeparableConv2D, {
  className: 'SeparableConv2D',
  positional: 'filters',
});

/**
 * Keras class name → class, for rebuilding saved models (a view of the registry).
 * @example
 * const Dense = nn.layers.LAYER_CLASSES['Dense'];
 */
export const LAYER_CLASSES: Readonly<Record<string, new (...args: never) => Layer>> = Object.freeze(
  Object.fromEntries(LAYERS.entries().flatMap((e) => (e.cls ? [[e.className, e.cls]] : []))),
);

/** A layer's serialized form: its Keras class name and its `getConfig()`. */
export interface SerializedLayer {
  className: string;
  config: LayerConfig;
}

/**
 * Rebuilds a layer from `{className, config}` (weights are not part of the config). The
 * class name must be Keras's, exactly, as in a saved model.
 * @throws ValueError for a class name Neurite does not know.
 * @example
 * const layer = nn.layers.deserializeLayer({ className: 'Dense', config: { units: 2 } });
 */
export function deserializeLayer({ className, config }: SerializedLayer): Layer {
  const entry = LAYERS.findClass(className);
  if (!entry) {
    throw new ValueError(
      `unsupported layer ${className}; Neurite knows ${LAYERS.classNames().join(', ')}`,
    );
  }
  return entry.fromConfig(config);
}

/**
 * Resolves a layer id (`'flatten'`, built with its defaults), a `{className, config}` object
 * (Keras's `{class_name, config}` too) or a Layer (returned as is), as `keras.layers.get`.
 * @throws ValueError for an unknown id.
 * @example
 * const layer = nn.layers.get('flatten');
 */
export function get(identifier: Identifier<Layer>): Layer {
  return LAYERS.get(identifier);
}

/**
 * A layer's `{className, config}`: what `deserializeLayer` rebuilds it from.
 * @example
 * nn.layers.serialize(nn.layers.dense({ units: 2 })); // { className: 'Dense', config: { units: 2, … } }
 */
export function serialize(layer: Layer): SerializedLayer {
  return serializeObject(layer);
}
