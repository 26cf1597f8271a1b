/**
 * Elementwise ops of two tensors with NumPy broadcasting: arithmetic, comparisons and
 * logic. Gradients are summed back to each input's shape.
 */
import type { BinaryOp } from '../backends/backend.js';
import { DTypeError, ValueError } from '../errors.js';
import { type DType, upcast } from '../tensor/dtype.js';
import { broadcastShapes } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { convert, run, type TensorLike } from './core.js';
import { defineFused, sampleTensor } from './fused.js';
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

type Kind = 'arith' | 'float' | 'compare' | 'logic';

/** A float32 tensor with a plain number (binary with a number operand: see binaryScalar). */
export interface ScalarOperandArgs {
  readonly op: BinaryOp;
  readonly x: Tensor;
  readonly value: number;
  /** The number is the first operand: `op(value, x)`. */
  readonly scalarFirst: boolean;
  readonly grad: Grad | null;
  readonly kind: Exclude<Kind, 'logic'>;
}

/**
 * A float32 tensor with a plain number, the backend taking the number directly: the same
 * result as uploading it as a float32 scalar tensor (what `convert` would make, and what
 * the composition does), with one tensor and one buffer fewer. The number is not a
 * recorded input.
 */
export const binaryScalar = defineFused<ScalarOperandArgs, 'binaryScalar'>({
  name: 'binaryScalar',
  kernel: 'binaryScalar',
  label: ({ op }) => op,
  inputs: ({ x }) => [x],
  eligible: ({ x }) => x.dtype === 'float32',
  outputs: ({ x, kind }) => [{ shape: x.shape, dtype: kind === 'compare' ? 'bool' : 'float32' }],
  call: (be, { op, x, value, scalarFirst, kind }) => [
    be.binaryScalar(op, x, value, scalarFirst, kind === 'compare' ? 'bool' : 'float32'),
  ],
  compose: ({ op, x, value, scalarFirst, grad, kind }) => {
    const s = convert(value, scalarFirst ? 'a' : 'b', op, x.dtype);
    return [
      scalarFirst ? binaryTensors(op, s, x, grad, kind) : binaryTensors(op, x, s, grad, kind),
    ];
  },
  gradient: {
    rule: ({ value, scalarFirst, grad }) =>
      grad &&
      (([dy], [ti], [y], needs) => {
        const n = needs[0]!;
        const [ga, gb] = scalarFirst
          ? grad(dy!, value, ti!, y!, [false, n])
          : grad(dy!, ti!, value, y!, [n, false]);
        const g = scalarFirst ? gb : ga;
        return [g && n ? sumTo(g, ti!.shape) : null];
      }),
    parity: 'exact',
  },
  parity: 'exact',
  samples: () => {
    const x = (): Tensor =>
      sampleTensor([3, 4], 1, { lo: 0.1, hi: 3, specials: [NaN, Infinity, -0, 0, -2, 1e-8] });
    const args = (
      op: BinaryOp,
      value: number,
      scalarFirst: boolean,
      kind: ScalarOperandArgs['kind'],
      grad: Grad | null,
    ): ScalarOperandArgs => ({ op, x: x(), value, scalarFirst, grad, kind });
    return [
      args('add', -3, false, 'arith', GRADS.add),
      args('sub', 2.5, true, 'arith', GRADS.sub),
      args('mul', 0.1, false, 'arith', GRADS.mul),
      args('mul', NaN, true, 'arith', GRADS.mul),
      args('div', -0.5, false, 'float', GRADS.div),
      args('div', 1e40, true, 'float', GRADS.div),
      args('pow', 2, false, 'arith', GRADS.pow),
      args('pow', 0.5, true, 'arith', GRADS.pow),
      args('maximum', 0.5, false, 'arith', GRADS.maximum),
      args('atan2', 1.5, true, 'float', GRADS.atan2),
      args('greater', 1, false, 'compare', null),
      args('lessEqual', 0, true, 'compare', null),
    ];
  },
});

function binary(op: BinaryOp, a: TensorLike, b: TensorLike, grad: Grad | null, kind: Kind): Tensor {
  if (kind !== 'logic') {
    // A number with a float32 tensor (checked alive here, to name the argument).
    if (typeof b === 'number' && a instanceof Tensor && a.dtype === 'float32') {
      a.assertAlive(`${op} (argument 'a')`);
      return binaryScalar.apply({ op, x: a, value: b, scalarFirst: false, grad, kind })[0]!;
    }
    if (typeof a === 'number' && b instanceof Tensor && b.dtype === 'float32') {
      b.assertAlive(`${op} (argument 'b')`);
      return binaryScalar.apply({ op, x: b, value: a, scalarFirst: true, grad, kind })[0]!;
    }
  }
  const [$a, $b] = operands(a, b, op);
  return binaryTensors(op, $a, $b, grad, kind);
}

/** `binary` of two tensors: dtypes promoted, then one kernel over their broadcast shape. */
function binaryTensors(op: BinaryOp, a: Tensor, b: Tensor, grad: Grad | null, kind: Kind): Tensor {
  let $a = a;
  let $b = b;
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

/** The gradient rules of the differentiable binary ops (the samples of binaryScalar use them). */
const GRADS = {
  add: (dy) => [dy, dy],
  sub: (dy, _a, _b, _y, n) => [dy, n[1] ? neg(dy) : null],
  mul: (dy, a, b, _y, n) => [n[0] ? mul(dy, b) : null, n[1] ? mul(dy, a) : null],
  div: (dy, a, b, _y, n) => [
    n[0] ? div(dy, b) : null,
    n[1] ? neg(div(mul(dy, a), square(b))) : null,
  ],
  pow: (dy, a, b, y, n) => [
    n[0] ? mul(dy, mul(b, pow(a, sub(b, 1)))) : null,
    // d/db a^b = a^b log a, taken as 0 where a <= 0 (as TF does).
    n[1] ? mul(dy, where(greater(a, 0), mul(y, log(a)), zerosLike(a))) : null,
  ],
  maximum: (dy, a, b) => {
    const m = cast(greaterEqual(a, b), 'float32');
    return [mul(dy, m), mul(dy, sub(1, m))];
  },
  minimum: (dy, a, b) => {
    const m = cast(lessEqual(a, b), 'float32');
    return [mul(dy, m), mul(dy, sub(1, m))];
  },
  atan2: (dy, a, b) => {
    const d = add(square(a), square(b));
    return [div(mul(dy, b), d), neg(div(mul(dy, a), d))];
  },
} satisfies Partial<Record<BinaryOp, Grad>>;

/**
 * Elementwise `a + b` with NumPy broadcasting; a plain number is accepted for either operand.
 * Also a method: `a.add(b)`.
 * @throws ShapeError when the shapes do not broadcast.
 * @example
 * nn.add(nn.tensor([[1, 2], [3, 4]]), nn.tensor([10, 20])); // [[11, 22], [13, 24]]
 * nn.tensor([1, 2]).add(1); // [2, 3]
 */
export const add = (a: TensorLike, b: TensorLike): Tensor =>
  binary('add', a, b, GRADS.add, 'arith');
/**
 * Elementwise `a − b` with NumPy broadcasting.
 * @throws ShapeError when the shapes do not broadcast.
 * @example
 * nn.sub(nn.tensor([5, 7]), 2); // [3, 5]
 */
export const sub = (a: TensorLike, b: TensorLike): Tensor =>
  binary('sub', a, b, GRADS.sub, 'arith');
/**
 * Elementwise `a · b` with NumPy broadcasting.
 * @throws ShapeError when the shapes do not broadcast.
 * @example
 * nn.mul(nn.tensor([1, 2, 3]), nn.tensor([2, 2, 2])); // [2, 4, 6]
 */
export const mul = (a: TensorLike, b: TensorLike): Tensor =>
  binary('mul', a, b, GRADS.mul, 'arith');
/**
 * True division: integer operands give float32, as in NumPy and Keras.
 * @throws ShapeError when the shapes do not broadcast.
 * @example
 * nn.div(nn.tensor([1, 3], undefined, 'int32'), 2); // float32 [0.5, 1.5]
 */
export const div = (a: TensorLike, b: TensorLike): Tensor =>
  binary('div', a, b, GRADS.div, 'float');
/**
 * Division rounded down (integers stay integers).
 * @example
 * nn.floorDiv(nn.tensor([7, -7], undefined, 'int32'), 2); // int32 [3, -4]
 */
export const floorDiv = (a: TensorLike, b: TensorLike): Tensor =>
  binary('floorDiv', a, b, null, 'arith');
/**
 * Remainder with the sign of the divisor (Python's %).
 * @example
 * nn.mod(nn.tensor([5, -5]), 3); // [2, 1]
 */
export const mod = (a: TensorLike, b: TensorLike): Tensor => binary('mod', a, b, null, 'arith');
/**
 * Elementwise `aᵇ` with NumPy broadcasting.
 * @throws ValueError for an int32 base with a negative int32 exponent.
 * @example
 * nn.pow(nn.tensor([2, 3]), 2); // [4, 9]
 */
export const pow = (a: TensorLike, b: TensorLike): Tensor =>
  binary('pow', a, b, GRADS.pow, 'arith');
/**
 * Elementwise larger of `a` and `b`, with broadcasting.
 * @example
 * nn.maximum(nn.tensor([1, 5]), 3); // [3, 5]
 */
export const maximum = (a: TensorLike, b: TensorLike): Tensor =>
  binary('maximum', a, b, GRADS.maximum, 'arith');
/**
 * Elementwise smaller of `a` and `b`, with broadcasting.
 * @example
 * nn.minimum(nn.tensor([1, 5]), 3); // [1, 3]
 */
export const minimum = (a: TensorLike, b: TensorLike): Tensor =>
  binary('minimum', a, b, GRADS.minimum, 'arith');
/**
 * Elementwise angle of the point (b, a): `atan(a / b)` in the right quadrant, in radians.
 * @example
 * nn.atan2(nn.tensor([1]), nn.tensor([-1])); // [2.3561945] (3π/4)
 */
export const atan2 = (a: TensorLike, b: TensorLike): Tensor =>
  binary('atan2', a, b, GRADS.atan2, 'float');
/**
 * (a - b)²
 * @example
 * nn.squaredDifference(nn.tensor([1, 4]), nn.tensor([3, 1])); // [4, 9]
 */
export const squaredDifference = (a: TensorLike, b: TensorLike): Tensor => square(sub(a, b));

/**
 * Elementwise `a == b` with broadcasting (bool result).
 * @example
 * nn.equal(nn.tensor([1, 2, 3]), 2); // [false, true, false]
 */
export const equal = (a: TensorLike, b: TensorLike): Tensor =>
  binary('equal', a, b, null, 'compare');
/**
 * Elementwise `a != b` with broadcasting (bool result).
 * @example
 * nn.notEqual(nn.tensor([1, 2]), 2); // [true, false]
 */
export const notEqual = (a: TensorLike, b: TensorLike): Tensor =>
  binary('notEqual', a, b, null, 'compare');
/**
 * Elementwise `a > b` with broadcasting (bool result).
 * @example
 * nn.greater(nn.tensor([1, 3]), 2); // [false, true]
 */
export const greater = (a: TensorLike, b: TensorLike): Tensor =>
  binary('greater', a, b, null, 'compare');
/**
 * Elementwise `a >= b` with broadcasting (bool result).
 * @example
 * nn.greaterEqual(nn.tensor([1, 2]), 2); // [false, true]
 */
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor =>
  binary('greaterEqual', a, b, null, 'compare');
/**
 * Elementwise `a < b` with broadcasting (bool result).
 * @example
 * nn.less(nn.tensor([1, 3]), 2); // [true, false]
 */
export const less = (a: TensorLike, b: TensorLike): Tensor => binary('less', a, b, null, 'compare');
/**
 * Elementwise `a <= b` with broadcasting (bool result).
 * @example
 * nn.lessEqual(nn.tensor([2, 3]), 2); // [true, false]
 */
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor =>
  binary('lessEqual', a, b, null, 'compare');
/**
 * Elementwise AND of two bool tensors, with broadcasting.
 * @throws DTypeError when an operand is not bool.
 * @example
 * nn.logicalAnd(nn.tensor([true, true]), nn.tensor([true, false])); // [true, false]
 */
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor =>
  binary('logicalAnd', a, b, null, 'logic');
/**
 * Elementwise OR of two bool tensors, with broadcasting.
 * @throws DTypeError when an operand is not bool.
 * @example
 * nn.logicalOr(nn.tensor([false, false]), nn.tensor([true, false])); // [true, false]
 */
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor =>
  binary('logicalOr', a, b, null, 'logic');
/**
 * Elementwise exclusive OR of two bool tensors, with broadcasting.
 * @throws DTypeError when an operand is not bool.
 * @example
 * nn.logicalXor(nn.tensor([true, true]), nn.tensor([true, false])); // [false, true]
 */
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
