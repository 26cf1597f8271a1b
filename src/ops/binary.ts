/**
 * Elementwise ops of two tensors with NumPy broadcasting: arithmetic, comparisons and
 * logic. Gradients are summed back to each input's shape.
 */
import type { BinaryOp } from '../backends/backend.js';
import { DTypeError, ValueError } from '../errors.js';
import { type DType, upcast } from '../tensor/dtype.js';
import { broadcastShapes } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { ENGINE } from '../engine/engine.js';
import { convert, run, type TensorLike } from './core.js';
import { cast } from './cast.js';
import { sumTo } from './reduce.js';
import { log, neg, square } from './unary.js';
import { where } from './where.js';
import { zerosLike } from './creation.js';

/** A rule's operands are tensors, or a plain number the op was given (see binaryScalar). */
type Grad = (
  dy: Tensor,
  a: Tensor | number,
  b: Tensor | number,
  y: Tensor,
  needs: readonly boolean[],
) => [Tensor | null, Tensor | null];

/** Converts both operands, numbers taking the other operand's dtype when they fit. */
function operands(a: TensorLike, b: TensorLike, op: string): [Tensor, Tensor] {
  const hintA = b instanceof Tensor ? b.dtype : undefined;
  const $a = convert(a, 'a', op, hintA);
  const $b = convert(b, 'b', op, $a.dtype);
  return [$a, $b];
}

/**
 * A float32 tensor with a plain number, when the backend takes the number directly: the
 * same result as uploading it as a float32 scalar tensor (what `convert` would make), with
 * one tensor and one buffer fewer. The number is not a recorded input.
 */
function binaryScalar(
  op: BinaryOp,
  t: Tensor,
  value: number,
  scalarFirst: boolean,
  grad: Grad | null,
  kind: 'arith' | 'float' | 'compare',
): Tensor {
  t.assertAlive(`${op} (argument '${scalarFirst ? 'b' : 'a'}')`);
  const outDtype: DType = kind === 'compare' ? 'bool' : 'float32';
  return run(
    op,
    [t],
    (be) => be.binaryScalar!(op, t, value, scalarFirst, outDtype),
    t.shape,
    outDtype,
    grad
      ? ([dy], [ti], [y], needs) => {
          const n = needs[0]!;
          const [ga, gb] = scalarFirst
            ? grad(dy!, value, ti!, y!, [false, n])
            : grad(dy!, ti!, value, y!, [n, false]);
          const g = scalarFirst ? gb : ga;
          return [g && n ? sumTo(g, ti!.shape) : null];
        }
      : undefined,
  );
}

function binary(
  op: BinaryOp,
  a: TensorLike,
  b: TensorLike,
  grad: Grad | null,
  kind: 'arith' | 'float' | 'compare' | 'logic',
): Tensor {
  if (kind !== 'logic' && ENGINE.backend.binaryScalar) {
    if (typeof b === 'number' && a instanceof Tensor && a.dtype === 'float32')
      return binaryScalar(op, a, b, false, grad, kind);
    if (typeof a === 'number' && b instanceof Tensor && b.dtype === 'float32')
      return binaryScalar(op, b, a, true, grad, kind);
  }
  let [$a, $b] = operands(a, b, op);
  let dtype: DType = upcast($a.dtype, $b.dtype);
  if (kind === 'logic') {
    if ($a.dtype !== 'bool' || $b.dtype !== 'bool') {
      throw new DTypeError(`${op}: expected bool tensors, received ${$a.dtype} and ${$b.dtype}`);
    }
  } else if (kind === 'float' || (kind === 'arith' && dtype === 'bool')) {
    dtype = kind === 'float' ? 'float32' : 'int32';
  }
  if ($a.dtype !== dtype) $a = cast($a, dtype);
  if ($b.dtype !== dtype) $b = cast($b, dtype);
  const outShape = broadcastShapes($a.shape, $b.shape, op);
  if (op === 'pow' && dtype === 'int32') checkIntExponent($b);
  const outDtype: DType = kind === 'compare' || kind === 'logic' ? 'bool' : dtype;
  const A = $a;
  const B = $b;
  return run(
    op,
    [A, B],
    (be) => be.binary(op, A, B, outShape, outDtype),
    outShape,
    outDtype,
    grad
      ? ([dy], [ai, bi], [y], needs) => {
          const [ga, gb] = grad(dy!, ai!, bi!, y!, needs);
          return [
            ga && needs[0] ? sumTo(ga, ai!.shape) : null,
            gb && needs[1] ? sumTo(gb, bi!.shape) : null,
          ];
        }
      : undefined,
  );
}

/** An int32 power has no int32 value for a negative exponent (NumPy and TF refuse it too). */
function checkIntExponent(b: Tensor): void {
  const v = b.dataSync();
  for (let i = 0; i < v.length; i++) {
    if (v[i]! < 0) {
      throw new ValueError(
        `pow: int32 base with negative exponent ${v[i]} (element ${i}) has no int32 result; cast the base to float32`,
      );
    }
  }
}

export const add = (a: TensorLike, b: TensorLike): Tensor =>
  binary('add', a, b, (dy) => [dy, dy], 'arith');
export const sub = (a: TensorLike, b: TensorLike): Tensor =>
  binary('sub', a, b, (dy, _a, _b, _y, n) => [dy, n[1] ? neg(dy) : null], 'arith');
export const mul = (a: TensorLike, b: TensorLike): Tensor =>
  binary(
    'mul',
    a,
    b,
    (dy, a, b, _y, n) => [n[0] ? mul(dy, b) : null, n[1] ? mul(dy, a) : null],
    'arith',
  );
/** True division: integer operands give float32, as in NumPy and Keras. */
export const div = (a: TensorLike, b: TensorLike): Tensor =>
  binary(
    'div',
    a,
    b,
    (dy, a, b, _y, n) => [n[0] ? div(dy, b) : null, n[1] ? neg(div(mul(dy, a), square(b))) : null],
    'float',
  );
/** Division rounded down (integers stay integers). */
export const floorDiv = (a: TensorLike, b: TensorLike): Tensor =>
  binary('floorDiv', a, b, null, 'arith');
/** Remainder with the sign of the divisor (Python's %). */
export const mod = (a: TensorLike, b: TensorLike): Tensor => binary('mod', a, b, null, 'arith');
export const pow = (a: TensorLike, b: TensorLike): Tensor =>
  binary(
    'pow',
    a,
    b,
    (dy, a, b, y, n) => [
      n[0] ? mul(dy, mul(b, pow(a, sub(b, 1)))) : null,
      // d/db a^b = a^b log a, taken as 0 where a <= 0 (as TF does).
      n[1] ? mul(dy, where(greater(a, 0), mul(y, log(a)), zerosLike(a))) : null,
    ],
    'arith',
  );
export const maximum = (a: TensorLike, b: TensorLike): Tensor =>
  binary(
    'maximum',
    a,
    b,
    (dy, a, b) => {
      const m = cast(greaterEqual(a, b), 'float32');
      return [mul(dy, m), mul(dy, sub(1, m))];
    },
    'arith',
  );
export const minimum = (a: TensorLike, b: TensorLike): Tensor =>
  binary(
    'minimum',
    a,
    b,
    (dy, a, b) => {
      const m = cast(lessEqual(a, b), 'float32');
      return [mul(dy, m), mul(dy, sub(1, m))];
    },
    'arith',
  );
export const atan2 = (a: TensorLike, b: TensorLike): Tensor =>
  binary(
    'atan2',
    a,
    b,
    (dy, a, b) => {
      const d = add(square(a), square(b));
      return [div(mul(dy, b), d), neg(div(mul(dy, a), d))];
    },
    'float',
  );
/** (a - b)² */
export const squaredDifference = (a: TensorLike, b: TensorLike): Tensor => square(sub(a, b));

export const equal = (a: TensorLike, b: TensorLike): Tensor =>
  binary('equal', a, b, null, 'compare');
export const notEqual = (a: TensorLike, b: TensorLike): Tensor =>
  binary('notEqual', a, b, null, 'compare');
export const greater = (a: TensorLike, b: TensorLike): Tensor =>
  binary('greater', a, b, null, 'compare');
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor =>
  binary('greaterEqual', a, b, null, 'compare');
export const less = (a: TensorLike, b: TensorLike): Tensor => binary('less', a, b, null, 'compare');
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor =>
  binary('lessEqual', a, b, null, 'compare');
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor =>
  binary('logicalAnd', a, b, null, 'logic');
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor =>
  binary('logicalOr', a, b, null, 'logic');
export const logicalXor = (a: TensorLike, b: TensorLike): Tensor =>
  binary('logicalXor', a, b, null, 'logic');

/** @internal one fused pass for an activation's backward: reluGrad(dy, x), sigmoidGrad(dy, y)… */
export function activationGrad(
  op: 'reluGrad' | 'relu6Grad' | 'sigmoidGrad' | 'tanhGrad',
  dy: Tensor,
  saved: Tensor,
): Tensor {
  return run(
    op,
    [dy, saved],
    (be) => be.binary(op, dy, saved, dy.shape, 'float32'),
    dy.shape,
    'float32',
    ([g], [_d, s], _o, n) => {
      // Second derivatives, for gradients of gradients.
      if (!n[0]) return [null, null];
      return [activationGrad(op, g!, s!), null];
    },
  );
}
