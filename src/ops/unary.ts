/** Elementwise math of one tensor, each with its gradient. */
import type { UnaryOp } from '../backends/backend.js';
import { DTypeError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { convert, run, type TensorLike } from './core.js';
import { cast } from './cast.js';
import { activationGrad, add, div, mul, sub } from './binary.js';
import { zerosLike } from './creation.js';

type Grad = (dy: Tensor, x: Tensor, y: Tensor, attr: number) => Tensor | null;

/**
 * Runs a unary kernel. `keepInt` ops (neg, abs, square, sign…) keep int32 inputs int32;
 * the others compute in float32. `bool` ops return bool.
 */
export function unary(
  op: UnaryOp,
  x: TensorLike,
  grad: Grad | null,
  mode: 'float' | 'keepInt' | 'bool' = 'float',
  attr = 0,
): Tensor {
  let $x = convert(x, 'x', op);
  if (mode === 'float' && $x.dtype !== 'float32') $x = cast($x, 'float32');
  if (mode === 'keepInt' && $x.dtype === 'bool') $x = cast($x, 'int32');
  const src = $x;
  const outDtype: DType = mode === 'bool' ? 'bool' : src.dtype;
  return run(
    op,
    [src],
    (b) => b.unary(op, src, outDtype, attr),
    src.shape,
    outDtype,
    grad ? ([dy], [xi], [y]) => [grad(dy!, xi!, y!, attr)] : undefined,
  );
}

const zeroGrad: Grad = (dy) => zerosLike(dy);

export const neg = (x: TensorLike): Tensor => unary('neg', x, (dy) => neg(dy), 'keepInt');
export const abs = (x: TensorLike): Tensor =>
  unary('abs', x, (dy, x) => mul(dy, sign(x)), 'keepInt');
export const exp = (x: TensorLike): Tensor => unary('exp', x, (dy, _x, y) => mul(dy, y));
export const expm1 = (x: TensorLike): Tensor =>
  unary('expm1', x, (dy, _x, y) => mul(dy, add(y, 1)));
export const log = (x: TensorLike): Tensor => unary('log', x, (dy, x) => div(dy, x));
export const log1p = (x: TensorLike): Tensor => unary('log1p', x, (dy, x) => div(dy, add(x, 1)));
export const sqrt = (x: TensorLike): Tensor => unary('sqrt', x, (dy, _x, y) => div(dy, mul(y, 2)));
/** 1 / sqrt(x) */
export const rsqrt = (x: TensorLike): Tensor =>
  unary('rsqrt', x, (dy, x, y) => mul(dy, div(mul(y, -0.5), x)));
export const square = (x: TensorLike): Tensor =>
  unary('square', x, (dy, x) => mul(dy, mul(x, 2)), 'keepInt');
export const reciprocal = (x: TensorLike): Tensor =>
  unary('reciprocal', x, (dy, _x, y) => mul(dy, mul(square(y), -1)));
export const sign = (x: TensorLike): Tensor => unary('sign', x, zeroGrad, 'keepInt');
export const floor = (x: TensorLike): Tensor => unary('floor', x, zeroGrad, 'keepInt');
export const ceil = (x: TensorLike): Tensor => unary('ceil', x, zeroGrad, 'keepInt');
/** Rounds halves to even, as NumPy and TF do. */
export const round = (x: TensorLike): Tensor => unary('round', x, zeroGrad, 'keepInt');
export const sin = (x: TensorLike): Tensor => unary('sin', x, (dy, x) => mul(dy, cos(x)));
export const cos = (x: TensorLike): Tensor => unary('cos', x, (dy, x) => mul(dy, neg(sin(x))));
export const erf = (x: TensorLike): Tensor =>
  unary('erf', x, (dy, x) => mul(dy, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI))));
/** Hyperbolic tangent. */
export const tanh = (x: TensorLike): Tensor =>
  unary('tanh', x, (dy, _x, y) => activationGrad('tanhGrad', dy, y));
export const logicalNot = (x: TensorLike): Tensor => {
  const $x = convert(x, 'x', 'logicalNot');
  if ($x.dtype !== 'bool')
    throw new DTypeError(`logicalNot: expected a bool tensor, received ${$x.dtype}`);
  return unary('logicalNot', $x, null, 'bool');
};
export const isNaN = (x: TensorLike): Tensor => unary('isNaN', x, null, 'bool');
export const isFinite = (x: TensorLike): Tensor => unary('isFinite', x, null, 'bool');

/** 1 - x, used by several gradients. */
export const oneMinus = (x: Tensor): Tensor => sub(1, x);
