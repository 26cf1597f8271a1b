/**
 * The core layers' `nn.layers` factories: dense, activation, input, reshaping, activation
 * functions as layers, normalization and regularization (dropout, noise). Each layer's
 * class is re-exported here and registered once in `LAYERS`; that registration is also its
 * factory, its saved-model class name and its config round trip.
 */
import { LAYERS } from '../registry.js';
import { Activation } from '../activation.js';
import { ActivityRegularization } from '../activity-regularization.js';
import { BatchNormalization } from '../batch-normalization.js';
import { Dense } from '../dense.js';
import { Dropout } from '../dropout.js';
import { ELU } from '../elu.js';
import { Flatten } from '../flatten.js';
import { GELU } from '../gelu.js';
import { InputLayer } from '../input-layer.js';
import { LayerNormalization } from '../layer-normalization.js';
import { LeakyReLU } from '../leaky-relu.js';
import { GaussianNoise, SpatialDropout1D, SpatialDropout2D } from '../noise.js';
import { Permute } from '../permute.js';
import { ReLU } from '../relu.js';
import { RepeatVector } from '../repeat-vector.js';
import { Reshape } from '../reshape.js';
import { Softmax } from '../softmax.js';

export { Activation, type ActivationArgs } from '../activation.js';
export {
  ActivityRegularization,
  type ActivityRegularizationArgs,
} from '../activity-regularization.js';
export { BatchNormalization, type BatchNormalizationArgs } from '../batch-normalization.js';
export { Dense, type DenseArgs } from '../dense.js';
export { Dropout, type DropoutArgs } from '../dropout.js';
export { ELU, type ELUArgs } from '../elu.js';
export { Flatten } from '../flatten.js';
export { GELU, type GELUArgs } from '../gelu.js';
export { InputLayer, type InputLayerArgs } from '../input-layer.js';
export { LayerNormalization, type LayerNormalizationArgs } from '../layer-normalization.js';
export { LeakyReLU, type LeakyReLUArgs } from '../leaky-relu.js';
export {
  GaussianNoise,
  type GaussianNoiseArgs,
  SpatialDropout1D,
  SpatialDropout2D,
  type SpatialDropout2DArgs,
  type SpatialDropoutArgs,
} from '../noise.js';
export { Permute, type PermuteArgs } from '../permute.js';
export { ReLU, type ReLUArgs } from '../relu.js';
export { RepeatVector, type RepeatVectorArgs } from '../repeat-vector.js';
export { Reshape, type ReshapeArgs } from '../reshape.js';
export { Softmax, type SoftmaxArgs } from '../softmax.js';

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
 * Permutes the non-batch axes (Keras `Permute`): `dims` is a permutation of 1…rank−1.
 *
 * @throws ValueError when `dims` is not such a permutation.
 * @example
 * nn.layers.permute({ dims: [2, 1] }).apply(nn.zeros([4, 10, 64])); // shape [4, 64, 10]
 */
export const permute = LAYERS.registerClass(Permute, { className: 'Permute', positional: 'dims' });
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

// Activation functions as layers.
/**
 * Rectified linear unit as a layer (Keras `ReLU`): with `maxValue` (default none),
 * `negativeSlope` (default 0) and `threshold` (default 0).
 *
 * @example
 * nn.layers.reLU({ maxValue: 6 }).apply(nn.tensor([[-1, 3, 9]])); // [[0, 3, 6]]
 */
export const reLU = LAYERS.registerClass(ReLU, { className: 'ReLU', id: 'reLU' });
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

// Normalization.
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

// Regularization: dropout and noise (active in training only), activity penalties.
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
