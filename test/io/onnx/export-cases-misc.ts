/**
 * The ONNX export test cases of the attention, merge and noise layers of issue 17
 * (MultiHeadAttention, Dot, Minimum, Maximum, RepeatVector, SpatialDropout1D/2D,
 * GaussianNoise, ActivityRegularization).
 */
import * as nn from 'neurite';
import { type Case, mixedLayouts, seq, threeInputs, twoInputs } from './export-cases.js';

const L = nn.layers;

const c = (layer: string, title: string, shapes: number[][], make: () => nn.Model): Case => ({
  layer,
  title,
  shapes,
  make,
});

function dotModel(s0: number[], s1: number[], args: nn.layers.DotArgs): nn.Model {
  const a = nn.input({ shape: s0 });
  const b = nn.input({ shape: s1 });
  return nn.model({ inputs: [a, b], outputs: L.dot(args).apply([a, b]) });
}

function mhaModel(
  q: number[],
  v: number[],
  k: number[] | null,
  args: nn.layers.MultiHeadAttentionArgs,
): nn.Model {
  const inputs = [q, v, ...(k ? [k] : [])].map((s) => nn.input({ shape: s }));
  const y = L.multiHeadAttention(args).apply(inputs) as nn.SymbolicTensor;
  return nn.model({ inputs, outputs: y });
}

export const MISC_CASES: readonly Case[] = [
  c(
    'Minimum',
    'three inputs',
    [
      [2, 5],
      [2, 5],
      [2, 5],
    ],
    () => threeInputs(L.minimum()),
  ),
  c('Minimum', 'channels-first and channels-last inputs', [[2, 5, 5, 2]], () =>
    mixedLayouts(L.minimum()),
  ),
  c(
    'Maximum',
    'two inputs',
    [
      [2, 5],
      [2, 5],
    ],
    () => twoInputs([5], (a, b) => L.maximum().apply([a, b]) as nn.SymbolicTensor),
  ),
  c(
    'Dot',
    'vectors, axes 1',
    [
      [3, 4],
      [3, 4],
    ],
    () => dotModel([4], [4], { axes: 1 }),
  ),
  c(
    'Dot',
    'vectors, cosine',
    [
      [3, 4],
      [3, 4],
    ],
    () => dotModel([4], [4], { axes: 1, normalize: true }),
  ),
  c(
    'Dot',
    'sequences, axes [2, 2]',
    [
      [2, 3, 4],
      [2, 5, 4],
    ],
    () => dotModel([3, 4], [5, 4], { axes: [2, 2] }),
  ),
  c(
    'Dot',
    'sequences, axes [1, 1], normalized',
    [
      [2, 3, 4],
      [2, 3, 2],
    ],
    () => dotModel([3, 4], [3, 2], { axes: [1, 1], normalize: true }),
  ),
  c(
    'Dot',
    'vector and sequence, axes [1, 2]',
    [
      [2, 4],
      [2, 3, 4],
    ],
    () => dotModel([4], [3, 4], { axes: [1, 2] }),
  ),
  c('RepeatVector', 'then a dense', [[3, 4]], () =>
    seq([4], [L.repeatVector({ n: 3 }), L.dense({ units: 2 })]),
  ),
  c('SpatialDropout1D', 'identity at inference', [[2, 4, 3]], () =>
    seq([4, 3], [L.spatialDropout1d({ rate: 0.5 }), L.dense({ units: 2 })]),
  ),
  c('SpatialDropout2D', 'identity after a conv', [[2, 6, 7, 3]], () =>
    seq([6, 7, 3], [L.conv2d({ filters: 2, kernelSize: 3 }), L.spatialDropout2d({ rate: 0.5 })]),
  ),
  c('GaussianNoise', 'identity at inference', [[3, 5]], () =>
    seq([5], [L.gaussianNoise({ stddev: 0.5 }), L.dense({ units: 2 })]),
  ),
  c('ActivityRegularization', 'identity', [[3, 5]], () =>
    seq([5], [L.activityRegularization({ l1: 0.1 }), L.dense({ units: 2 })]),
  ),
  c(
    'MultiHeadAttention',
    'cross-attention, valueDim and outputShape',
    [
      [2, 5, 6],
      [2, 4, 3],
    ],
    () => mhaModel([5, 6], [4, 3], null, { numHeads: 3, keyDim: 4, valueDim: 2, outputShape: 7 }),
  ),
  c(
    'MultiHeadAttention',
    'separate key, no bias',
    [
      [2, 4, 5],
      [2, 3, 5],
      [2, 3, 2],
    ],
    () => mhaModel([4, 5], [3, 5], [3, 2], { numHeads: 2, keyDim: 3, useBias: false }),
  ),
  c('MultiHeadAttention', 'self-attention, sliding window 2', [[2, 5, 4]], () => {
    const x = nn.input({ shape: [5, 4] });
    const y = L.multiHeadAttention({ numHeads: 2, keyDim: 2, slidingWindow: 2 }).apply([x, x]);
    return nn.model({ inputs: x, outputs: y });
  }),
];
