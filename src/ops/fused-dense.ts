/**
 * The dense layer's computation, `activation(x · kernel + bias)`, as one fused op: one
 * kernel call forward (the matMul with bias and activation applied over its product) and,
 * backward, one pass for the activation and bias gradients (activationBackward) plus the
 * two matMuls. It gives the numbers of the composition `activation(add(matMul(x, kernel),
 * bias))` it replaces, forward and backward, which runs instead on a backend without the
 * kernel and for arguments it does not take.
 */
import { FUSED_ACTIVATIONS, type FusedActivation } from '../backends/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { activationBackward } from './activation-backward.js';
import { add } from './binary.js';
import { fromValues } from './core.js';
import { defineFused, sampleTensor } from './fused.js';
import { matMul } from './matmul.js';
import { relu, relu6, sigmoid } from './nonlinear.js';
import { softmax } from './softmax.js';
import { tanh } from './unary.js';

export type { FusedActivation } from '../backends/backend.js';

/** Whether `id` names an activation the fused dense op implements. */
export function isFusedActivation(id: string): id is FusedActivation {
  return (FUSED_ACTIVATIONS as readonly string[]).includes(id);
}

export interface DenseArgs {
  /** float32 [m, k] for the kernel. */
  readonly x: Tensor;
  /** float32 [k, n] for the kernel. */
  readonly kernel: Tensor;
  /** float32 [n], or null. */
  readonly bias: Tensor | null;
  readonly activation: FusedActivation;
}

function activate(y: Tensor, activation: FusedActivation): Tensor {
  switch (activation) {
    case 'linear':
      return y;
    case 'relu':
      return relu(y);
    case 'relu6':
      return relu6(y);
    case 'sigmoid':
      return sigmoid(y);
    case 'tanh':
      return tanh(y);
    case 'softmax':
      return softmax(y, -1);
  }
}

export const fusedDense = defineFused<DenseArgs, 'denseForward'>({
  name: 'denseForward',
  kernel: 'denseForward',
  inputs: ({ x, kernel, bias }) => (bias ? [x, kernel, bias] : [x, kernel]),
  // Anything else (and mismatched shapes, which matMul and add report) takes the composition.
  eligible: ({ x, kernel, bias }) =>
    x.rank === 2 &&
    kernel.rank === 2 &&
    x.dtype === 'float32' &&
    kernel.dtype === 'float32' &&
    x.shape[1] === kernel.shape[0] &&
    (bias === null ||
      (bias.dtype === 'float32' && bias.rank === 1 && bias.shape[0] === kernel.shape[1])),
  outputs: ({ x, kernel }) => [{ shape: [x.shape[0]!, kernel.shape[1]!], dtype: 'float32' }],
  call: (be, { x, kernel, bias, activation }) => [be.denseForward(x, kernel, bias, activation)],
  compose: ({ x, kernel, bias, activation }) => {
    const y = matMul(x, kernel);
    return [activate(bias ? add(y, bias) : y, activation)];
  },
  gradient: {
    rule:
      ({ bias, activation }) =>
      ([dy], [xi, ki], [y], needs) => {
        const withBias = bias !== null && needs[2] === true;
        const [dz, db] = activationBackward.apply({ dy: dy!, y: y!, activation, withBias });
        return [
          needs[0] ? matMul(dz!, ki!, false, true) : null,
          needs[1] ? matMul(xi!, dz!, true, false) : null,
          ...(bias ? [db ?? null] : []),
        ];
      },
    parity: 'exact',
  },
  parity: 'exact',
  samples: () => {
    const shapes: [number, number, number][] = [
      [1, 1, 1],
      [3, 5, 4],
      [5, 17, 13],
    ];
    const cases = FUSED_ACTIVATIONS.flatMap((activation, a) =>
      shapes.flatMap(([m, k, n], s) =>
        [true, false].map((withBias): DenseArgs => ({
          x: sampleTensor([m, k], 100 * a + 10 * s + 1),
          kernel: sampleTensor([k, n], 100 * a + 10 * s + 2, { lo: -0.7, hi: 0.7 }),
          bias: withBias ? sampleTensor([n], 100 * a + 10 * s + 3, { lo: -0.5, hi: 0.5 }) : null,
          activation,
        })),
      ),
    );
    // NaN, ±Infinity and −0 (row 2, column 0 sums −0 products and a −0 bias).
    const special: DenseArgs = {
      x: fromValues(
        [
          [NaN, 1, 0],
          [Infinity, -1, 2],
          [-0, -0, -0],
          [1, -Infinity, 0.5],
        ],
        undefined,
        'float32',
        'sample',
      ),
      kernel: sampleTensor([3, 5], 7),
      bias: fromValues([-0, -0, 1, -1, 0.5], undefined, 'float32', 'sample'),
      activation: 'tanh',
    };
    return [special, ...cases];
  },
});

/**
 * `activation(x · kernel + bias)` for float32 `x` [m, k], `kernel` [k, n] and `bias` [n] (or
 * null), recorded as one op. Other dtypes, and backends without `denseForward`, run the
 * composition of matMul, add and the activation op.
 *
 * @example
 * const y = denseForward(x, kernel, bias, 'relu'); // relu(add(matMul(x, kernel), bias))
 */
export function denseForward(
  x: Tensor,
  kernel: Tensor,
  bias: Tensor | null,
  activation: FusedActivation,
): Tensor {
  return fusedDense.apply({ x, kernel, bias, activation })[0]!;
}
