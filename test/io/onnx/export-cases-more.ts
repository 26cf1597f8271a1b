/**
 * The ONNX export test cases of the layers added with ONNX import (ReLU, ELU, GELU,
 * Softmax, Permute, Subtract, Divide, Rescaling, AveragePooling2D, GlobalAveragePooling2D).
 */
import * as nn from 'neurite';
import { afterConv, type Case, mixedLayouts, seq, twoInputs } from './export-cases.js';

const L = nn.layers;

const c = (layer: string, title: string, shapes: number[][], make: () => nn.Model): Case => ({
  layer,
  title,
  shapes,
  make,
});

const IMAGE = [[2, 6, 7, 3]];
const FLAT = [[9, 6]];

export const MORE_CASES: readonly Case[] = [
  c('ReLU', 'plain', FLAT, () => seq([6], [L.reLU()])),
  c('ReLU', 'maxValue 1.5 after a conv', IMAGE, () => afterConv([L.reLU({ maxValue: 1.5 })])),
  c('ReLU', 'negativeSlope 0.1', FLAT, () => seq([6], [L.reLU({ negativeSlope: 0.1 })])),
  c('ReLU', 'threshold 0.5, slope 0.2, max 3', FLAT, () =>
    seq([6], [L.reLU({ threshold: 0.5, negativeSlope: 0.2, maxValue: 3 })]),
  ),
  c('ReLU', 'threshold 1, no slope', FLAT, () => seq([6], [L.reLU({ threshold: 1 })])),
  c('ELU', 'alpha 0.5 after a conv', IMAGE, () => afterConv([L.elu({ alpha: 0.5 })])),
  c('GELU', 'exact', FLAT, () => seq([6], [L.gelu()])),
  c('GELU', 'tanh approximation', FLAT, () => seq([6], [L.gelu({ approximate: true })])),
  c('Softmax', 'last axis after a conv', IMAGE, () => afterConv([L.softmax()])),
  c('Softmax', 'axis 1 of rank 3', [[2, 3, 4]], () => seq([3, 4], [L.softmax({ axis: 1 })])),
  c('Permute', 'NCHW to channels last, then a conv', [[2, 3, 6, 7]], () =>
    seq([3, 6, 7], [L.permute({ dims: [2, 3, 1] }), L.conv2d({ filters: 2, kernelSize: 3 })]),
  ),
  c('Permute', 'rank 3, then a dense', [[2, 3, 4]], () =>
    seq([3, 4], [L.permute({ dims: [2, 1] }), L.dense({ units: 2 })]),
  ),
  c('Permute', 'after a conv', IMAGE, () => afterConv([L.permute({ dims: [3, 1, 2] })])),
  c(
    'Subtract',
    'two inputs',
    [
      [2, 5],
      [2, 5],
    ],
    () => twoInputs([5], (a, b) => L.subtract().apply([a, b]) as nn.SymbolicTensor),
  ),
  c('Subtract', 'channels-first and channels-last inputs', [[2, 5, 5, 2]], () =>
    mixedLayouts(L.subtract()),
  ),
  c(
    'Divide',
    'two inputs',
    [
      [2, 5],
      [2, 5],
    ],
    () => twoInputs([5], (a, b) => L.divide().apply([a, b]) as nn.SymbolicTensor),
  ),
  c('Divide', 'channels-first and channels-last inputs', [[2, 5, 5, 2]], () =>
    mixedLayouts(L.divide()),
  ),
  c('Rescaling', 'scalar scale and offset after a conv', IMAGE, () =>
    afterConv([L.rescaling({ scale: 1 / 255, offset: -0.5 })]),
  ),
  c('Rescaling', 'per-channel scale after a conv', IMAGE, () =>
    afterConv([L.rescaling({ scale: [0.5, 2, -1, 3] })]),
  ),
  c('Rescaling', 'offset only', FLAT, () =>
    seq([6], [L.rescaling({ offset: [1, 2, 3, 4, 5, 6] })]),
  ),
  c('AveragePooling2D', 'valid 2x2 after a conv', IMAGE, () => afterConv([L.averagePooling2d()])),
  c('AveragePooling2D', 'same, 3x3 stride 2 (partial windows)', [[2, 7, 6, 2]], () =>
    seq([7, 6, 2], [L.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' })]),
  ),
  c('GlobalAveragePooling2D', 'after a conv', IMAGE, () =>
    afterConv([L.globalAveragePooling2d(), L.dense({ units: 2 })]),
  ),
  c('GlobalAveragePooling2D', 'keepdims on an input', IMAGE, () =>
    seq([6, 7, 3], [L.globalAveragePooling2d({ keepdims: true })]),
  ),
];
