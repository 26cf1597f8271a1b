/**
 * The convolution layers' `nn.layers` factories: convolutions, pooling, and the padding,
 * cropping and upsampling of images. Each layer's class is re-exported here and registered
 * once in `LAYERS`; that registration is also its factory, its saved-model class name and
 * its config round trip.
 */
import { LAYERS } from '../registry.js';
import { AveragePooling2D } from '../average-pooling2d.js';
import { Conv1D } from '../conv1d.js';
import { Conv2D } from '../conv2d.js';
import { Conv2DTranspose } from '../conv2d-transpose.js';
import { Cropping2D } from '../cropping2d.js';
import { DepthwiseConv2D } from '../depthwise-conv2d.js';
import { GlobalAveragePooling2D } from '../global-average-pooling2d.js';
import {
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
} from '../global-pooling.js';
import { MaxPooling2D } from '../max-pooling2d.js';
import { AveragePooling1D, MaxPooling1D } from '../pooling1d.js';
import { SeparableConv2D } from '../separable-conv2d.js';
import { UpSampling2D } from '../up-sampling2d.js';
import { ZeroPadding2D } from '../zero-padding2d.js';

export { AveragePooling2D, type AveragePooling2DArgs } from '../average-pooling2d.js';
export { Conv1D, type Conv1DArgs, type Conv1DPadding } from '../conv1d.js';
export { Conv2D, type Conv2DArgs } from '../conv2d.js';
export { Conv2DTranspose, type Conv2DTransposeArgs } from '../conv2d-transpose.js';
export { Cropping2D, type Cropping2DArgs, type Cropping2DValue } from '../cropping2d.js';
export { DepthwiseConv2D, type DepthwiseConv2DArgs } from '../depthwise-conv2d.js';
export {
  GlobalAveragePooling2D,
  type GlobalAveragePooling2DArgs,
} from '../global-average-pooling2d.js';
export {
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  type GlobalPoolingArgs,
} from '../global-pooling.js';
export { MaxPooling2D, type MaxPooling2DArgs } from '../max-pooling2d.js';
export { AveragePooling1D, MaxPooling1D, type Pooling1DArgs } from '../pooling1d.js';
export { SeparableConv2D, type SeparableConv2DArgs } from '../separable-conv2d.js';
export {
  UpSampling2D,
  type UpSampling2DArgs,
  type UpSamplingInterpolation,
} from '../up-sampling2d.js';
export { type Padding2D, ZeroPadding2D, type ZeroPadding2DArgs } from '../zero-padding2d.js';

// Convolutions.
/**
 * 1-D convolution over sequences `[batch, steps, channels]` (Keras `Conv1D`; `strides` 1,
 * `padding` `'valid'` (or `'same'`, `'causal'`), `dilationRate` 1 by default).
 *
 * @example
 * nn.layers.conv1d({ filters: 4, kernelSize: 3 }).apply(nn.zeros([2, 10, 2])); // shape [2, 8, 4]
 */
export const conv1d = LAYERS.registerClass(Conv1D, { className: 'Conv1D', positional: 'filters' });
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

// Pooling.
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
 * The mean over the spatial axes (Keras `GlobalAveragePooling2D`): `[batch, h, w, c]` → `[batch, c]`.
 *
 * @example
 * nn.layers.globalAveragePooling2d().apply(nn.ones([2, 5, 5, 8])); // shape [2, 8]
 */
export const globalAveragePooling2d = LAYERS.registerClass(GlobalAveragePooling2D, {
  className: 'GlobalAveragePooling2D',
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

// Padding, cropping and upsampling.
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
