/**
 * An activation's backward from its output as one fused op: the input gradient `dz` and,
 * for a dense layer, the bias gradient `Σ dz` over all axes but the last, in one pass. The
 * backward of the fused dense op and of softmax run it; the same bits as the activations'
 * own gradient rules and sum.
 */
import { FUSED_ACTIVATIONS, type FusedActivation } from '../backends/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { activationGrad, mul, sub } from './binary.js';
import { defineFused, sampleTensor } from './fused.js';
import { sum, sumTo } from './reduce.js';

export interface ActivationBackwardArgs {
  /** The gradient of the activation's output, [..., n]. */
  readonly dy: Tensor;
  /** The activation's output, dy's shape. */
  readonly y: Tensor;
  readonly activation: FusedActivation;
  /** Also the bias gradient `Σ dz` over all axes but the last ([n]). */
  readonly withBias: boolean;
}

/** The activation's input gradient from its output, as the activation ops' rules give it. */
function composedGrad(dy: Tensor, y: Tensor, activation: FusedActivation): Tensor {
  switch (activation) {
    case 'linear':
      return dy;
    case 'relu':
    case 'relu6':
    case 'sigmoid':
    case 'tanh':
      // relu's rule reads its input x; its output gives the same mask (y > 0 where x > 0).
      return activationGrad(`${activation}Grad`, dy, y);
    case 'softmax':
      return mul(y, sub(dy, sum(mul(dy, y), -1, true)));
  }
}

/**
 * `[dz]`, or `[dz, db]` with `withBias`. Not differentiable where the kernel runs (as the
 * backward passes that call it need no second derivative).
 */
export const activationBackward = defineFused<ActivationBackwardArgs, 'activationBackward'>({
  name: 'activationBackward',
  kernel: 'activationBackward',
  inputs: ({ dy, y }) => [dy, y],
  // 'linear' has nothing to fuse: dz is dy itself, no copy.
  eligible: ({ dy, y, activation }) =>
    activation !== 'linear' &&
    dy.dtype === 'float32' &&
    y.dtype === 'float32' &&
    y.rank >= 1 &&
    dy.shape.length === y.shape.length &&
    dy.shape.every((d, i) => d === y.shape[i]),
  outputs: ({ y, withBias }) => [
    { shape: y.shape, dtype: 'float32' },
    ...(withBias ? [{ shape: [y.shape[y.rank - 1]!], dtype: 'float32' as const }] : []),
  ],
  call: (be, { dy, y, activation, withBias }) => {
    const [dz, db] = be.activationBackward(dy, y, activation, withBias);
    return db ? [dz, db] : [dz];
  },
  compose: ({ dy, y, activation, withBias }) => {
    const dz = composedGrad(dy, y, activation);
    return withBias ? [dz, sumTo(dz, [y.shape[y.rank - 1]!])] : [dz];
  },
  parity: 'exact',
  samples: () => {
    const acts = FUSED_ACTIVATIONS.filter((a) => a !== 'linear');
    const matrices = acts.flatMap((activation, i) =>
      [true, false].map((withBias) => ({
        dy: sampleTensor([5, 7], 10 + i, { specials: [NaN, -0, Infinity] }),
        y: sampleTensor([5, 7], 20 + i, { lo: 0, hi: 1, specials: [0.5, 0, 1] }),
        activation,
        withBias,
      })),
    );
    // softmax's own backward, along the last axis of a rank-3 output.
    const softmax3d: ActivationBackwardArgs = {
      dy: sampleTensor([2, 3, 4], 30),
      y: sampleTensor([2, 3, 4], 31, { lo: 0, hi: 1 }),
      activation: 'softmax',
      withBias: false,
    };
    return [softmax3d, ...matrices];
  },
});
