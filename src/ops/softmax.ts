/** Softmax and log-softmax along an axis (the last by default). */
import { DTypeError } from '../errors.js';
import { normAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { activationBackward } from './activation-backward.js';
import { convert, run, type TensorLike } from './core.js';
import { transpose } from './gather-slice.js';
import { mul, sub } from './binary.js';
import { sum } from './reduce.js';
import { exp } from './unary.js';

function alongAxis(x: Tensor, axis: number, op: string, f: (t: Tensor) => Tensor): Tensor {
  if (x.dtype !== 'float32')
    throw new DTypeError(`${op}: expected float32 logits, received ${x.dtype}`);
  if (x.rank === 0)
    throw new DTypeError(`${op}: expected a tensor of rank >= 1, received a scalar`);
  const ax = normAxis(axis, x.rank, op);
  if (ax === x.rank - 1) return f(x);
  const perm = x.shape.map((_, i) => i);
  perm[ax] = x.rank - 1;
  perm[x.rank - 1] = ax;
  return transpose(f(transpose(x, perm)), perm);
}

/** y·(dy − Σ dy·y) along the last axis: one kernel where the backend has it. */
function softmaxGrad(dy: Tensor, y: Tensor): Tensor {
  return activationBackward.apply({ dy, y, activation: 'softmax', withBias: false })[0]!;
}

/**
 * exp(x − max) / Σ exp(x − max) along `axis`.
 * @example
 * nn.softmax(nn.tensor([[1, 2, 3]])); // [[0.0900306, 0.2447285, 0.6652410]]
 */
export function softmax(logits: TensorLike, axis = -1): Tensor {
  const x = convert(logits, 'logits', 'softmax');
  return alongAxis(x, axis, 'softmax', (t) =>
    run(
      'softmax',
      [t],
      (b) => b.softmax(t),
      t.shape,
      'float32',
      ([dy], _i, [y]) => [softmaxGrad(dy!, y!)],
    ),
  );
}

/**
 * (x − max) − log Σ exp(x − max) along `axis`.
 * @example
 * nn.logSoftmax(nn.tensor([0, 0])); // [-0.6931472, -0.6931472]
 */
export function logSoftmax(logits: TensorLike, axis = -1): Tensor {
  const x = convert(logits, 'logits', 'logSoftmax');
  return alongAxis(x, axis, 'logSoftmax', (t) =>
    run(
      'logSoftmax',
      [t],
      (b) => b.logSoftmax(t),
      t.shape,
      'float32',
      ([dy], _i, [y]) => [sub(dy!, mul(exp(y!), sum(dy!, -1, true)))],
    ),
  );
}
