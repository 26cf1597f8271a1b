/**
 * The dense layer's computation, `activation(x · kernel + bias)`, as one recorded op: one
 * kernel call forward (the matMul with bias and activation applied over its product) and,
 * backward, one pass for the activation and bias gradients plus the two matMuls. It gives
 * the numbers of the composition `activation(add(matMul(x, kernel), bias))` it replaces,
 * and falls back to that composition on a backend without the fused kernels.
 */
import {
  type Backend,
  type DataHandle,
  FUSED_ACTIVATIONS,
  type FusedActivation,
} from '../backends/backend.js';
import { ENGINE } from '../engine/engine.js';
import { makeTensor, type Tensor } from '../tensor/tensor.js';
import { activationGrad, add, mul, sub } from './binary.js';
import { run } from './core.js';
import { matMul } from './matmul.js';
import { relu, relu6, sigmoid } from './nonlinear.js';
import { sum, sumTo } from './reduce.js';
import { softmax } from './softmax.js';
import { tanh } from './unary.js';

export type { FusedActivation } from '../backends/backend.js';

/** Whether `id` names an activation the fused dense op implements. */
export function isFusedActivation(id: string): id is FusedActivation {
  return (FUSED_ACTIVATIONS as readonly string[]).includes(id);
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

/** The activation's input gradient from its output, as the activation ops' rules give it. */
function composedActivationGrad(dy: Tensor, y: Tensor, activation: FusedActivation): Tensor {
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

/** A 2-D matMul straight through the backend (no broadcasting, checks done by the caller). */
function matMul2d(be: Backend, a: Tensor, b: Tensor, tA: boolean, tB: boolean): Tensor {
  const [a1, a2] = a.shape as [number, number];
  const [b1, b2] = b.shape as [number, number];
  const a3 = { storage: a.storage, shape: [1, a1, a2], dtype: a.dtype, size: a.size };
  const b3 = { storage: b.storage, shape: [1, b1, b2], dtype: b.dtype, size: b.size };
  const h: DataHandle = be.matMul(a3, b3, tA, tB);
  return makeTensor(h, [tA ? a2 : a1, tB ? b1 : b2], 'float32');
}

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
  const be = ENGINE.backend;
  const fusable =
    be.denseForward !== undefined &&
    x.rank === 2 &&
    kernel.rank === 2 &&
    x.dtype === 'float32' &&
    kernel.dtype === 'float32' &&
    (bias === null ||
      (bias.dtype === 'float32' && bias.rank === 1 && bias.shape[0] === kernel.shape[1]));
  if (!fusable || x.shape[1] !== kernel.shape[0]) {
    // The composition (which also reports shape errors as matMul and add do).
    const y = matMul(x, kernel);
    return activate(bias ? add(y, bias) : y, activation);
  }
  const m = x.shape[0]!;
  const n = kernel.shape[1]!;
  const inputs = bias ? [x, kernel, bias] : [x, kernel];
  return run(
    'denseForward',
    inputs,
    (b) => b.denseForward!(x, kernel, bias, activation),
    [m, n],
    'float32',
    ([dy], [xi, ki], [y], needs) => {
      const d = dy!;
      const cur = ENGINE.backend;
      const onBackend = [d, y!, xi!, ki!].every((t) => t.storage.backend === cur);
      const withBias = bias !== null && needs[2] === true;
      let dz: Tensor;
      let db: Tensor | null = null;
      if (activation !== 'linear' && onBackend && cur.activationBackward) {
        const [hz, hb] = cur.activationBackward(d, y!, activation, withBias);
        dz = makeTensor(hz, d.shape, 'float32');
        db = hb && makeTensor(hb, [n], 'float32');
      } else {
        dz = composedActivationGrad(d, y!, activation);
        if (withBias) db = sumTo(dz, [n]);
      }
      const mm = (a: Tensor, b: Tensor, tA: boolean, tB: boolean): Tensor =>
        onBackend ? matMul2d(cur, a, b, tA, tB) : matMul(a, b, tA, tB);
      return [
        needs[0] ? mm(dz, ki!, false, true) : null,
        needs[1] ? mm(xi!, dz, true, false) : null,
        ...(bias ? [db] : []),
      ];
    },
  );
}
