/**
 * The ONNX export test cases of the convolution layers of issue 17 (layers-conv):
 * Conv2DTranspose with 'same'/'valid' padding, strides above and below the kernel size,
 * output padding and activations; Conv1D (causal too), the 1-D pools, the global pools,
 * UpSampling2D (nearest and bilinear) and Cropping2D.
 */
import * as nn from 'neurite';
import { type Case, seq } from './export-cases.js';

const L = nn.layers;

const c = (layer: string, title: string, shapes: number[][], make: () => nn.Model): Case => ({
  layer,
  title,
  shapes,
  make,
});

export const CONV_CASES: readonly Case[] = [
  c('Conv2DTranspose', "3x3, stride 2, 'same', relu", [[2, 4, 5, 3]], () =>
    seq([4, 5, 3], [
      L.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
    ]),
  ),
  c('Conv2DTranspose', "[3, 2], strides [2, 1], 'valid'", [[1, 3, 3, 2]], () =>
    seq([3, 3, 2], [L.conv2dTranspose({ filters: 3, kernelSize: [3, 2], strides: [2, 1] })]),
  ),
  c('Conv2DTranspose', "2x2, stride 3 (gaps), 'valid', no bias", [[1, 2, 3, 1]], () =>
    seq([2, 3, 1], [L.conv2dTranspose({ filters: 2, kernelSize: 2, strides: 3, useBias: false })]),
  ),
  c('Conv2DTranspose', "4x4, stride 2, 'same', then a Conv2D", [[1, 3, 3, 2]], () =>
    seq([3, 3, 2], [
      L.conv2dTranspose({ filters: 2, kernelSize: 4, strides: 2, padding: 'same' }),
      L.conv2d({ filters: 1, kernelSize: 3 }),
    ]),
  ),
  c('Conv2DTranspose', "outputPadding [1, 2], strides [2, 3], 'same'", [[1, 3, 2, 2]], () =>
    seq([3, 2, 2], [
      L.conv2dTranspose({ filters: 2, kernelSize: 3, strides: [2, 3], padding: 'same', outputPadding: [1, 2] }),
    ]),
  ),
  c('Conv2DTranspose', "outputPadding [1, 0], stride 2, 'valid'", [[1, 2, 2, 1]], () =>
    seq([2, 2, 1], [
      L.conv2dTranspose({ filters: 1, kernelSize: [3, 2], strides: 2, outputPadding: [1, 0] }),
    ]),
  ),
  c('Conv1D', "kernel 3, 'same', stride 2, relu", [[2, 9, 3]], () =>
    seq([9, 3], [L.conv1d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' })]),
  ),
  c('Conv1D', "'causal', dilation 2, then 'valid'", [[1, 8, 2]], () =>
    seq([8, 2], [
      L.conv1d({ filters: 3, kernelSize: 3, dilationRate: 2, padding: 'causal' }),
      L.conv1d({ filters: 2, kernelSize: 2, useBias: false }),
    ]),
  ),
  c('MaxPooling1D', "3, stride 2, 'same'", [[2, 7, 3]], () =>
    seq([7, 3], [L.maxPooling1d({ poolSize: 3, strides: 2, padding: 'same' })]),
  ),
  c('AveragePooling1D', "3, stride 2, 'same' (real steps only)", [[2, 7, 3]], () =>
    seq([7, 3], [L.averagePooling1d({ poolSize: 3, strides: 2, padding: 'same' })]),
  ),
  c('AveragePooling1D', 'defaults, after a Conv1D', [[1, 8, 2]], () =>
    seq([8, 2], [L.conv1d({ filters: 2, kernelSize: 1 }), L.averagePooling1d()]),
  ),
  c('GlobalAveragePooling1D', 'after a Conv1D', [[2, 6, 2]], () =>
    seq([6, 2], [L.conv1d({ filters: 3, kernelSize: 2 }), L.globalAveragePooling1d()]),
  ),
  c('GlobalMaxPooling1D', 'keepdims', [[2, 6, 3]], () =>
    seq([6, 3], [L.globalMaxPooling1d({ keepdims: true })]),
  ),
  c('GlobalMaxPooling2D', 'after a Conv2D', [[2, 5, 4, 2]], () =>
    seq([5, 4, 2], [L.conv2d({ filters: 3, kernelSize: 2 }), L.globalMaxPooling2d()]),
  ),
  c('GlobalMaxPooling2D', 'keepdims, then Flatten', [[2, 5, 4, 2]], () =>
    seq([5, 4, 2], [L.globalMaxPooling2d({ keepdims: true }), L.flatten()]),
  ),
  c('UpSampling2D', 'nearest [2, 3]', [[2, 3, 2, 2]], () =>
    seq([3, 2, 2], [L.upSampling2d({ size: [2, 3] })]),
  ),
  c('UpSampling2D', 'bilinear 2, after a Conv2D', [[1, 4, 3, 2]], () =>
    seq([4, 3, 2], [L.conv2d({ filters: 2, kernelSize: 1 }), L.upSampling2d({ interpolation: 'bilinear' })]),
  ),
  c('Cropping2D', '[[1, 2], [0, 1]]', [[2, 5, 6, 2]], () =>
    seq([5, 6, 2], [L.cropping2d({ cropping: [[1, 2], [0, 1]] })]),
  ),
  c('Cropping2D', 'after a Conv2D (channels-first value)', [[1, 6, 6, 1]], () =>
    seq([6, 6, 1], [L.conv2d({ filters: 2, kernelSize: 1 }), L.cropping2d({ cropping: 1 }), L.flatten()]),
  ),
  c('DepthwiseConv2D', "3x3, multiplier 2, stride 2, 'same', relu", [[2, 5, 6, 3]], () =>
    seq([5, 6, 3], [L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', activation: 'relu' })]),
  ),
  c('DepthwiseConv2D', "2x2, dilation 2, 'valid', no bias", [[1, 6, 6, 2]], () =>
    seq([6, 6, 2], [L.depthwiseConv2d({ kernelSize: 2, dilationRate: 2, useBias: false })]),
  ),
  c('SeparableConv2D', "3x3 to 4 filters, multiplier 2, 'same'", [[2, 5, 5, 3]], () =>
    seq([5, 5, 3], [L.separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2, padding: 'same' })]),
  ),
  c('SeparableConv2D', "2x2, stride 2, 'valid', tanh, then Flatten", [[1, 6, 6, 2]], () =>
    seq([6, 6, 2], [L.separableConv2d({ filters: 3, kernelSize: 2, strides: 2, activation: 'tanh' }), L.flatten()]),
  ),
]; // prettier-ignore
