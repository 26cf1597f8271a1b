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

/**
 * Elementwise negation, `-x` (int32 stays int32).
 * @example
 * nn.neg(nn.tensor([1, -2])); // [-1, 2]
 */
export const neg = (x: TensorLike): Tensor => unary('neg', x, (dy) => neg(dy), 'keepInt');
/**
 * Elementwise absolute value, `|x|` (int32 stays int32).
 * @example
 * nn.abs(nn.tensor([-1.5, 2])); // [1.5, 2]
 */
export const abs = (x: TensorLike): Tensor =>
  unary('abs', x, (dy, x) => mul(dy, sign(x)), 'keepInt');
/**
 * Elementwise `eˣ` (float32).
 * @example
 * nn.exp(nn.tensor([0, 1])); // [1, 2.7182817]
 */
export const exp = (x: TensorLike): Tensor => unary('exp', x, (dy, _x, y) => mul(dy, y));
/**
 * Elementwise `eˣ − 1`, accurate near 0.
 * @example
 * nn.expm1(nn.tensor([0, 1e-7])); // [0, 1e-7]
 */
export const expm1 = (x: TensorLike): Tensor =>
  unary('expm1', x, (dy, _x, y) => mul(dy, add(y, 1)));
/**
 * Elementwise natural logarithm (NaN below 0, −Infinity at 0).
 * @example
 * nn.log(nn.tensor([1, Math.E])); // [0, 1]
 */
export const log = (x: TensorLike): Tensor => unary('log', x, (dy, x) => div(dy, x));
/**
 * Elementwise `log(1 + x)`, accurate near 0.
 * @example
 * nn.log1p(nn.tensor([0, 1])); // [0, 0.6931472]
 */
export const log1p = (x: TensorLike): Tensor => unary('log1p', x, (dy, x) => div(dy, add(x, 1)));
/**
 * Elementwise square root (NaN below 0).
 * @example
 * nn.sqrt(nn.tensor([4, 9])); // [2, 3]
 */
export const sqrt = (x: TensorLike): Tensor => unary('sqrt', x, (dy, _x, y) => div(dy, mul(y, 2)));
/**
 * 1 / sqrt(x)
 * @example
 * nn.rsqrt(nn.tensor([4, 16])); // [0.5, 0.25]
 */
export const rsqrt = (x: TensorLike): Tensor =>
  unary('rsqrt', x, (dy, x, y) => mul(dy, div(mul(y, -0.5), x)));
/**
 * Elementwise `x²` (int32 stays int32).
 * @example
 * nn.square(nn.tensor([-3, 2])); // [9, 4]
 */
export const square = (x: TensorLike): Tensor =>
  unary('square', x, (dy, x) => mul(dy, mul(x, 2)), 'keepInt');
/**
 * Elementwise `1 / x`.
 * @example
 * nn.reciprocal(nn.tensor([2, 4])); // [0.5, 0.25]
 */
export const reciprocal = (x: TensorLike): Tensor =>
  unary('reciprocal', x, (dy, _x, y) => mul(dy, mul(square(y), -1)));
/**
 * Elementwise sign: −1, 0 or 1 (int32 stays int32).
 * @example
 * nn.sign(nn.tensor([-2, 0, 3])); // [-1, 0, 1]
 */
export const sign = (x: TensorLike): Tensor => unary('sign', x, zeroGrad, 'keepInt');
/**
 * Elementwise largest integer ≤ x.
 * @example
 * nn.floor(nn.tensor([1.7, -1.2])); // [1, -2]
 */
export const floor = (x: TensorLike): Tensor => unary('floor', x, zeroGrad, 'keepInt');
/**
 * Elementwise smallest integer ≥ x.
 * @example
 * nn.ceil(nn.tensor([1.2, -1.7])); // [2, -1]
 */
export const ceil = (x: TensorLike): Tensor => unary('ceil', x, zeroGrad, 'keepInt');
/**
 * Rounds halves to even, as NumPy and TF do.
 * @example
 * nn.round(nn.tensor([0.5, 1.5, 2.4])); // [0, 2, 2]
 */
export const round = (x: TensorLike): Tensor => unary('round', x, zeroGrad, 'keepInt');
/**
 * Elementwise sine (radians).
 * @example
 * nn.sin(nn.tensor([0, Math.PI / 2])); // [0, 1]
 */
export const sin = (x: TensorLike): Tensor => unary('sin', x, (dy, x) => mul(dy, cos(x)));
/**
 * Elementwise cosine (radians).
 * @example
 * nn.cos(nn.tensor([0, Math.PI])); // [1, -1]
 */
export const cos = (x: TensorLike): Tensor => unary('cos', x, (dy, x) => mul(dy, neg(sin(x))));
/**
 * Elementwise Gauss error function.
 * @example
 * nn.erf(nn.tensor([0, 1])); // [0, 0.8427008]
 */
export const erf = (x: TensorLike): Tensor =>
  unary('erf', x, (dy, x) => mul(dy, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI))));
/**
 * Hyperbolic tangent.
 * @example
 * nn.tanh(nn.tensor([0, 1])); // [0, 0.7615942]
 */
export const tanh = (x: TensorLike): Tensor =>
  unary('tanh', x, (dy, _x, y) => activationGrad('tanhGrad', dy, y));
/**
 * Elementwise logical NOT of a bool tensor.
 * @throws DTypeError when `x` is not bool.
 * @example
 * nn.logicalNot(nn.tensor([true, false])); // [false, true]
 */
export const logicalNot = (x: TensorLike): Tensor => {
  const $x = convert(x, 'x', 'logicalNot');
  if ($x.dtype !== 'bool')
    throw new DTypeError(`logicalNot: expected a bool tensor, received ${$x.dtype}`);
  return unary('logicalNot', $x, null, 'bool');
};
/**
 * Elementwise test for NaN (bool result).
 * @example
 * nn.isNaN(nn.tensor([1, NaN])); // [false, true]
 */
export const isNaN = (x: TensorLike): Tensor => unary('isNaN', x, null, 'bool');
/**
 * Elementwise test for a finite value: false for NaN and ±Infinity (bool result).
 * @example
 * nn.isFinite(nn.tensor([1, Infinity, NaN])); // [true, false, false]
 */
export const isFinite = (x: TensorLike): Tensor => unary('isFinite', x, null, 'bool');

/** 1 - x, used by several gradients. */
export const oneMinus = (x: Tensor): Tensor => sub(1, x);
