/**
 * Scalar definitions of the elementwise functions, shared by the reference kernels and by
 * tests. Each is written so that NaN stays NaN (no `x > 0 ? x : 0`, which turns NaN into 0).
 */
import type { BinaryOp, UnaryOp } from '../../backend.js';

export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;

/** erf with |error| < 1.2e-7 (Numerical Recipes' erfc Chebyshev fit), enough for float32. */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  const v = 1 - r;
  return x >= 0 ? v : x < 0 ? -v : NaN;
}

export function softplus(x: number): number {
  // log(1 + e^x) = max(x, 0) + log1p(e^-|x|), stable for large |x|.
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export const UNARY_FNS: { readonly [K in UnaryOp]: (x: number, attr: number) => number } = {
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  exp: (x) => Math.exp(x),
  expm1: (x) => Math.expm1(x),
  log: (x) => Math.log(x),
  log1p: (x) => Math.log1p(x),
  sqrt: (x) => Math.sqrt(x),
  rsqrt: (x) => 1 / Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  sign: (x) => Math.sign(x),
  floor: (x) => Math.floor(x),
  ceil: (x) => Math.ceil(x),
  // Banker's rounding, as NumPy, TF and Keras round halves to even.
  round: (x) => {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
  sin: (x) => Math.sin(x),
  cos: (x) => Math.cos(x),
  erf,
  relu: (x) => (x < 0 ? 0 : x),
  relu6: (x) => (x < 0 ? 0 : x > 6 ? 6 : x),
  leakyRelu: (x, a) => (x < 0 ? a * x : x),
  elu: (x, a) => (x < 0 ? a * Math.expm1(x) : x),
  selu: (x) => (x < 0 ? SELU_SCALE * SELU_ALPHA * Math.expm1(x) : SELU_SCALE * x),
  sigmoid,
  tanh: (x) => Math.tanh(x),
  softplus,
  softsign: (x) => x / (1 + Math.abs(x)),
  geluErf: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  geluTanh: (x) => 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))),
  silu: (x) => x * sigmoid(x),
  // Heaviside: 1 where x >= threshold (attr), else 0.
  step: (x, t) => (x >= t ? 1 : x < t ? 0 : NaN),
  hardSigmoid: (x) => (x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5),
  mish: (x) => x * Math.tanh(softplus(x)),
  logicalNot: (x) => (x ? 0 : 1),
  isNaN: (x) => (Number.isNaN(x) ? 1 : 0),
  isFinite: (x) => (Number.isFinite(x) ? 1 : 0),
};

export const BINARY_FNS: { readonly [K in BinaryOp]: (a: number, b: number) => number } = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  floorDiv: (a, b) => Math.floor(a / b),
  // Python's modulo: the result has the sign of the divisor.
  mod: (a, b) => {
    const r = a % b;
    return r !== 0 && r < 0 !== b < 0 ? r + b : r;
  },
  pow: (a, b) => Math.pow(a, b),
  maximum: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b),
  minimum: (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b),
  atan2: (a, b) => Math.atan2(a, b),
  equal: (a, b) => (a === b ? 1 : 0),
  notEqual: (a, b) => (a !== b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
  less: (a, b) => (a < b ? 1 : 0),
  lessEqual: (a, b) => (a <= b ? 1 : 0),
  logicalAnd: (a, b) => (a && b ? 1 : 0),
  logicalOr: (a, b) => (a || b ? 1 : 0),
  logicalXor: (a, b) => (a ? 1 : 0) ^ (b ? 1 : 0),
  // (dy, x): the derivative is taken as 0 at the kink, as TF does.
  reluGrad: (dy, x) => (x > 0 ? dy : x <= 0 ? 0 : NaN),
  relu6Grad: (dy, x) => (x > 0 && x < 6 ? dy : x !== x ? NaN : 0),
  // (dy, y) with y the activation's output.
  sigmoidGrad: (dy, y) => dy * y * (1 - y),
  tanhGrad: (dy, y) => dy * (1 - y * y),
};
