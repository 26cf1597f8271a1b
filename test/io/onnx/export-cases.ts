/**
 * The ONNX export test cases of the layers Neurite had before ONNX import: models to export
 * and their input shapes. Each layer meets both layouts the exporter uses (channels-last
 * inputs, channels-first values after a Conv).
 */
import * as nn from 'neurite';

const L = nn.layers;

export interface Case {
  /** The layer class the case is about (every exported class needs one). */
  readonly layer: string;
  readonly title: string;
  readonly make: () => nn.Model;
  /** Input shapes, with the batch. */
  readonly shapes: readonly (readonly number[])[];
}

export const seq = (inputShape: readonly number[], layers: nn.Layer[]): nn.Model =>
  nn.sequential({ layers: [L.inputLayer({ inputShape: [...inputShape] }), ...layers] });

/** An image model: a Conv first, so `layers` see a channels-first value. */
export const afterConv = (layers: nn.Layer[]): nn.Model =>
  seq([6, 7, 3], [L.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }), ...layers]);

export function twoInputs(
  shape: readonly number[],
  merge: (a: nn.SymbolicTensor, b: nn.SymbolicTensor) => nn.SymbolicTensor,
): nn.Model {
  const a = nn.input({ shape: [...shape] });
  const b = nn.input({ shape: [...shape] });
  return nn.model({ inputs: [a, b], outputs: merge(a, b) });
}

export function threeInputs(layer: nn.Layer): nn.Model {
  const xs = [0, 1, 2].map(() => nn.input({ shape: [5] }));
  return nn.model({ inputs: xs, outputs: layer.apply(xs) });
}

/** A conv branch (channels-first) merged with a raw input (channels-last). */
export function mixedLayouts(layer: nn.Layer): nn.Model {
  const x = nn.input({ shape: [5, 5, 2] });
  const c = L.conv2d({ filters: 2, kernelSize: 1 }).apply(x);
  return nn.model({ inputs: x, outputs: layer.apply([c, x]) });
}

/** The layers Neurite had before ONNX import. */
export const CORE_CASES: readonly Case[] = [
  {
    layer: 'InputLayer',
    title: 'sequential with an inputLayer',
    make: () => seq([4], [L.dense({ units: 2 })]),
    shapes: [[3, 4]],
  },
  {
    layer: 'Dense',
    title: 'rank 2 (Gemm) with relu',
    make: () => seq([5], [L.dense({ units: 3, activation: 'relu' })]),
    shapes: [[4, 5]],
  },
  {
    layer: 'Dense',
    title: 'rank 3 (MatMul + Add)',
    make: () => seq([3, 5], [L.dense({ units: 2 })]),
    shapes: [[2, 3, 5]],
  },
  {
    layer: 'Dense',
    title: 'no bias',
    make: () => seq([5], [L.dense({ units: 3, useBias: false })]),
    shapes: [[4, 5]],
  },
  {
    layer: 'Activation',
    title: 'tanh on a dense output',
    make: () => seq([5], [L.dense({ units: 3 }), L.activation({ activation: 'tanh' })]),
    shapes: [[4, 5]],
  },
  {
    layer: 'Activation',
    title: 'softmax after a conv (channel axis)',
    make: () => afterConv([L.activation({ activation: 'softmax' })]),
    shapes: [[2, 6, 7, 3]],
  },
  {
    layer: 'Flatten',
    title: 'after a conv (channels-last order)',
    make: () => afterConv([L.flatten(), L.dense({ units: 3 })]),
    shapes: [[2, 6, 7, 3]],
  },
  {
    layer: 'Flatten',
    title: 'rank 3 input',
    make: () => seq([3, 4], [L.flatten()]),
    shapes: [[2, 3, 4]],
  },
  {
    layer: 'Reshape',
    title: 'with -1',
    make: () => seq([12], [L.reshape({ targetShape: [-1, 4] }), L.dense({ units: 2 })]),
    shapes: [[3, 12]],
  },
  {
    layer: 'Reshape',
    title: 'after a conv',
    make: () => afterConv([L.reshape({ targetShape: [42, 4] })]),
    shapes: [[2, 6, 7, 3]],
  },
  {
    layer: 'Dropout',
    title: 'identity at inference',
    make: () => seq([5], [L.dense({ units: 4 }), L.dropout({ rate: 0.5 })]),
    shapes: [[3, 5]],
  },
  {
    layer: 'LeakyReLU',
    title: 'slope 0.1 after a conv',
    make: () => afterConv([L.leakyReLU({ negativeSlope: 0.1 })]),
    shapes: [[2, 6, 7, 3]],
  },
  {
    layer: 'BatchNormalization',
    title: 'rank 2',
    make: () => seq([5], [L.batchNormalization()]),
    shapes: [[4, 5]],
  },
  {
    layer: 'BatchNormalization',
    title: 'after a conv (no transpose)',
    make: () => afterConv([L.batchNormalization({ epsilon: 0.01 })]),
    shapes: [[2, 6, 7, 3]],
  },
  {
    layer: 'BatchNormalization',
    title: 'on an NHWC input',
    make: () => seq([4, 4, 3], [L.batchNormalization()]),
    shapes: [[2, 4, 4, 3]],
  },
  {
    layer: 'BatchNormalization',
    title: 'rank 3, axis 1',
    make: () => seq([3, 4], [L.batchNormalization({ axis: 1 })]),
    shapes: [[2, 3, 4]],
  },
  {
    layer: 'BatchNormalization',
    title: 'no scale, no center',
    make: () => seq([5], [L.batchNormalization({ scale: false, center: false })]),
    shapes: [[4, 5]],
  },
  {
    layer: 'LayerNormalization',
    title: 'last axis',
    make: () => seq([6], [L.layerNormalization()]),
    shapes: [[4, 6]],
  },
  {
    layer: 'LayerNormalization',
    title: 'axes [1, 2] of rank 3',
    make: () => seq([3, 4], [L.layerNormalization({ axis: [1, 2] })]),
    shapes: [[2, 3, 4]],
  },
  {
    layer: 'LayerNormalization',
    title: 'axis 1 of rank 3 (not trailing)',
    make: () => seq([3, 4], [L.layerNormalization({ axis: 1 })]),
    shapes: [[2, 3, 4]],
  },
  {
    layer: 'LayerNormalization',
    title: 'after a conv, no scale',
    make: () => afterConv([L.layerNormalization({ scale: false })]),
    shapes: [[2, 6, 7, 3]],
  },
  {
    layer: 'LayerNormalization',
    title: 'no center',
    make: () => seq([6], [L.layerNormalization({ center: false })]),
    shapes: [[4, 6]],
  },
  {
    layer: 'Add',
    title: 'three inputs',
    make: () => threeInputs(L.add()),
    shapes: [
      [2, 5],
      [2, 5],
      [2, 5],
    ],
  },
  {
    layer: 'Add',
    title: 'channels-first and channels-last inputs',
    make: () => mixedLayouts(L.add()),
    shapes: [[2, 5, 5, 2]],
  },
  {
    layer: 'Multiply',
    title: 'three inputs',
    make: () => threeInputs(L.multiply()),
    shapes: [
      [2, 5],
      [2, 5],
      [2, 5],
    ],
  },
  {
    layer: 'Average',
    title: 'three inputs',
    make: () => threeInputs(L.average()),
    shapes: [
      [2, 5],
      [2, 5],
      [2, 5],
    ],
  },
  {
    layer: 'Concatenate',
    title: 'last axis',
    make: () => twoInputs([3], (a, b) => L.concatenate().apply([a, b]) as nn.SymbolicTensor),
    shapes: [
      [2, 3],
      [2, 3],
    ],
  },
  {
    layer: 'Concatenate',
    title: 'axis 1 of rank 3',
    make: () =>
      twoInputs([2, 3], (a, b) => L.concatenate({ axis: 1 }).apply([a, b]) as nn.SymbolicTensor),
    shapes: [
      [2, 2, 3],
      [2, 2, 3],
    ],
  },
  {
    layer: 'Concatenate',
    title: 'channels of a conv and a raw input',
    make: () => mixedLayouts(L.concatenate()),
    shapes: [[2, 5, 5, 2]],
  },
  { layer: 'Conv2D', title: 'same padding', make: () => afterConv([]), shapes: [[2, 6, 7, 3]] },
  {
    layer: 'Conv2D',
    title: 'valid, strides 2, relu',
    make: () =>
      seq(
        [7, 8, 2],
        [L.conv2d({ filters: 3, kernelSize: [3, 2], strides: 2, activation: 'relu' })],
      ),
    shapes: [[2, 7, 8, 2]],
  },
  {
    layer: 'Conv2D',
    title: 'same, strides 2 (odd padding)',
    make: () =>
      seq([7, 8, 2], [L.conv2d({ filters: 3, kernelSize: 4, strides: 2, padding: 'same' })]),
    shapes: [[2, 7, 8, 2]],
  },
  {
    layer: 'Conv2D',
    title: 'dilation 2, no bias',
    make: () =>
      seq([9, 9, 2], [L.conv2d({ filters: 2, kernelSize: 3, dilationRate: 2, useBias: false })]),
    shapes: [[1, 9, 9, 2]],
  },
  {
    layer: 'Conv2D',
    title: 'unknown height and width (SAME_UPPER)',
    make: () =>
      seq([null, null, 2] as unknown as number[], [
        L.conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }),
      ]),
    shapes: [[1, 7, 6, 2]],
  },
  {
    layer: 'MaxPooling2D',
    title: 'valid 2x2',
    make: () => afterConv([L.maxPooling2d({ poolSize: 2 })]),
    shapes: [[2, 6, 7, 3]],
  },
  {
    layer: 'MaxPooling2D',
    title: 'same, 3x3 stride 2 on an input',
    make: () => seq([7, 6, 2], [L.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' })]),
    shapes: [[2, 7, 6, 2]],
  },
  {
    layer: 'ZeroPadding2D',
    title: 'asymmetric on an input',
    make: () =>
      seq(
        [3, 4, 2],
        [
          L.zeroPadding2d({
            padding: [
              [1, 2],
              [0, 3],
            ],
          }),
        ],
      ),
    shapes: [[2, 3, 4, 2]],
  },
  {
    layer: 'ZeroPadding2D',
    title: 'after a conv',
    make: () =>
      afterConv([
        L.zeroPadding2d({
          padding: [
            [2, 0],
            [1, 1],
          ],
        }),
      ]),
    shapes: [[2, 6, 7, 3]],
  },
];
