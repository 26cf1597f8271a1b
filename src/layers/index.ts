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
import { Add, Average, Concatenate, type ConcatenateArgs, Multiply } from './merge.js';
import { Reshape, type ReshapeArgs } from './reshape.js';
import { type Padding2D, ZeroPadding2D, type ZeroPadding2DArgs } from './zero-padding2d.js';
import { ReLU, type ReLUArgs } from './relu.js';
import { ELU, type ELUArgs } from './elu.js';
import { GELU, type GELUArgs } from './gelu.js';
import { Softmax, type SoftmaxArgs } from './softmax.js';
import { Permute, type PermuteArgs } from './permute.js';
import { Subtract } from './subtract.js';
import { Divide } from './divide.js';
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
import { Dot, type DotArgs, Maximum, Minimum } from './merge-extra.js';
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

/** Every layer class: one registration each, which is also its `nn.layers` factory. */
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

export const dense = LAYERS.registerClass(Dense, { className: 'Dense', positional: 'units' });
export const activation = LAYERS.registerClass(Activation, {
  className: 'Activation',
  positional: 'activation',
});
export const flatten = LAYERS.registerClass(Flatten, { className: 'Flatten' });
export const reshape = LAYERS.registerClass(Reshape, {
  className: 'Reshape',
  positional: 'targetShape',
});
export const dropout = LAYERS.registerClass(Dropout, { className: 'Dropout', positional: 'rate' });
export const inputLayer = LAYERS.registerClass(InputLayer, {
  className: 'InputLayer',
  positional: 'inputShape',
});
export const batchNormalization = LAYERS.registerClass(BatchNormalization, {
  className: 'BatchNormalization',
  positional: 'axis',
});
export const layerNormalization = LAYERS.registerClass(LayerNormalization, {
  className: 'LayerNormalization',
  positional: 'axis',
});
// Keras's snake_case rule makes `leaky_re_lu`; the factory has always been `leakyReLU`.
export const leakyReLU = LAYERS.registerClass(LeakyReLU, {
  className: 'LeakyReLU',
  id: 'leakyReLU',
  positional: 'negativeSlope',
});
export const concatenate = LAYERS.registerClass(Concatenate, {
  className: 'Concatenate',
  positional: 'axis',
});
export const add = LAYERS.registerClass(Add, { className: 'Add' });
export const multiply = LAYERS.registerClass(Multiply, { className: 'Multiply' });
export const average = LAYERS.registerClass(Average, { className: 'Average' });
export const conv2d = LAYERS.registerClass(Conv2D, { className: 'Conv2D', positional: 'filters' });
export const maxPooling2d = LAYERS.registerClass(MaxPooling2D, {
  className: 'MaxPooling2D',
  positional: 'poolSize',
});
export const zeroPadding2d = LAYERS.registerClass(ZeroPadding2D, {
  className: 'ZeroPadding2D',
  positional: 'padding',
});
export const reLU = LAYERS.registerClass(ReLU, { className: 'ReLU', id: 'reLU' });
export const elu = LAYERS.registerClass(ELU, { className: 'ELU', id: 'elu', positional: 'alpha' });
export const gelu = LAYERS.registerClass(GELU, { className: 'GELU', id: 'gelu' });
export const softmax = LAYERS.registerClass(Softmax, {
  className: 'Softmax',
  id: 'softmax',
  positional: 'axis',
});
export const permute = LAYERS.registerClass(Permute, { className: 'Permute', positional: 'dims' });
export const subtract = LAYERS.registerClass(Subtract, { className: 'Subtract' });
export const divide = LAYERS.registerClass(Divide, { className: 'Divide' });
export const rescaling = LAYERS.registerClass(Rescaling, {
  className: 'Rescaling',
  positional: 'scale',
});
export const normalization = LAYERS.registerClass(Normalization, {
  className: 'Normalization',
  positional: 'axis',
});
export const categoryEncoding = LAYERS.registerClass(CategoryEncoding, {
  className: 'CategoryEncoding',
  positional: 'numTokens',
});
export const stringLookup = LAYERS.registerClass(StringLookup, { className: 'StringLookup' });
export const integerLookup = LAYERS.registerClass(IntegerLookup, { className: 'IntegerLookup' });
export const textVectorization = LAYERS.registerClass(TextVectorization, {
  className: 'TextVectorization',
});
export const averagePooling2d = LAYERS.registerClass(AveragePooling2D, {
  className: 'AveragePooling2D',
  positional: 'poolSize',
});
export const globalAveragePooling2d = LAYERS.registerClass(GlobalAveragePooling2D, {
  className: 'GlobalAveragePooling2D',
});

// layers-misc (issue 17)
export const multiHeadAttention = LAYERS.registerClass(MultiHeadAttention, {
  className: 'MultiHeadAttention',
});
export const dot = LAYERS.registerClass(Dot, { className: 'Dot', positional: 'axes' });
export const minimum = LAYERS.registerClass(Minimum, { className: 'Minimum' });
export const maximum = LAYERS.registerClass(Maximum, { className: 'Maximum' });
export const repeatVector = LAYERS.registerClass(RepeatVector, {
  className: 'RepeatVector',
  positional: 'n',
});
export const spatialDropout1d = LAYERS.registerClass(SpatialDropout1D, {
  className: 'SpatialDropout1D',
  positional: 'rate',
});
export const spatialDropout2d = LAYERS.registerClass(SpatialDropout2D, {
  className: 'SpatialDropout2D',
  positional: 'rate',
});
export const gaussianNoise = LAYERS.registerClass(GaussianNoise, {
  className: 'GaussianNoise',
  positional: 'stddev',
});
export const activityRegularization = LAYERS.registerClass(ActivityRegularization, {
  className: 'ActivityRegularization',
});

// layers-rnn (issue 17)
export const embedding = LAYERS.registerClass(Embedding, {
  className: 'Embedding',
  extraKeys: ['inputLength'],
});
export const masking = LAYERS.registerClass(Masking, {
  className: 'Masking',
  positional: 'maskValue',
});
const RNN_KEYS = ['implementation', 'timeMajor'];
export const simpleRNN = LAYERS.registerClass(SimpleRNN, {
  className: 'SimpleRNN',
  id: 'simpleRNN',
  positional: 'units',
  extraKeys: RNN_KEYS,
});
export const lstm = LAYERS.registerClass(LSTM, {
  className: 'LSTM',
  id: 'lstm',
  positional: 'units',
  extraKeys: RNN_KEYS,
});
export const gru = LAYERS.registerClass(GRU, {
  className: 'GRU',
  id: 'gru',
  positional: 'units',
  extraKeys: RNN_KEYS,
});
// Wrapped layers given as {className, config} (saved configs) are rebuilt by the registry.
setSublayerResolver((x) => get(x as never));
export const bidirectional = LAYERS.registerClass(Bidirectional, {
  className: 'Bidirectional',
  positional: 'layer',
});
export const timeDistributed = LAYERS.registerClass(TimeDistributed, {
  className: 'TimeDistributed',
  positional: 'layer',
});

// layers-conv (issue 17)
export const conv2dTranspose = LAYERS.registerClass(Conv2DTranspose, {
  className: 'Conv2DTranspose',
  positional: 'filters',
});
export const conv1d = LAYERS.registerClass(Conv1D, { className: 'Conv1D', positional: 'filters' });
export const maxPooling1d = LAYERS.registerClass(MaxPooling1D, {
  className: 'MaxPooling1D',
  positional: 'poolSize',
});
export const averagePooling1d = LAYERS.registerClass(AveragePooling1D, {
  className: 'AveragePooling1D',
  positional: 'poolSize',
});
export const globalAveragePooling1d = LAYERS.registerClass(GlobalAveragePooling1D, {
  className: 'GlobalAveragePooling1D',
});
export const globalMaxPooling1d = LAYERS.registerClass(GlobalMaxPooling1D, {
  className: 'GlobalMaxPooling1D',
});
export const globalMaxPooling2d = LAYERS.registerClass(GlobalMaxPooling2D, {
  className: 'GlobalMaxPooling2D',
});
export const upSampling2d = LAYERS.registerClass(UpSampling2D, {
  className: 'UpSampling2D',
  positional: 'size',
});
export const cropping2d = LAYERS.registerClass(Cropping2D, {
  className: 'Cropping2D',
  positional: 'cropping',
});
export const depthwiseConv2d = LAYERS.registerClass(DepthwiseConv2D, {
  className: 'DepthwiseConv2D',
  positional: 'kernelSize',
});
export const separableConv2d = LAYERS.registerClass(SeparableConv2D, {
  className: 'SeparableConv2D',
  positional: 'filters',
});

/** Keras class name → class, for rebuilding saved models (a view of the registry). */
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
 */
export function get(identifier: Identifier<Layer>): Layer {
  return LAYERS.get(identifier);
}

/** A layer's `{className, config}`: what `deserializeLayer` rebuilds it from. */
export function serialize(layer: Layer): SerializedLayer {
  return serializeObject(layer);
}
