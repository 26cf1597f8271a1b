/**
 * Elementwise float32 functions of one argument. Each `unary_<name>` global names an op
 * this module implements (the host falls back to its JS loops for the rest); the loop is
 * instantiated once per op so the op test is folded away at compile time.
 */
import { vexp, vlog, vsigmoid, vtanh } from './vmath';

export const unary_neg: i32 = 0;
export const unary_abs: i32 = 1;
export const unary_exp: i32 = 2;
export const unary_log: i32 = 3;
export const unary_sqrt: i32 = 4;
export const unary_rsqrt: i32 = 5;
export const unary_square: i32 = 6;
export const unary_reciprocal: i32 = 7;
export const unary_floor: i32 = 8;
export const unary_ceil: i32 = 9;
export const unary_round: i32 = 10;
export const unary_relu: i32 = 11;
export const unary_relu6: i32 = 12;
export const unary_leakyRelu: i32 = 13;
export const unary_sigmoid: i32 = 14;
export const unary_tanh: i32 = 15;
export const unary_softsign: i32 = 16;
export const unary_silu: i32 = 17;
export const unary_step: i32 = 18;
export const unary_hardSigmoid: i32 = 19;

// @ts-ignore: decorator
@inline
function apply(op: i32, x: v128, attr: v128): v128 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  switch (op) {
    case unary_neg:
      return f32x4.neg(x);
    case unary_abs:
      return f32x4.abs(x);
    case unary_exp:
      return vexp(x);
    case unary_log:
      return vlog(x);
    case unary_sqrt:
      return f32x4.sqrt(x);
    case unary_rsqrt:
      return f32x4.div(one, f32x4.sqrt(x));
    case unary_square:
      return f32x4.mul(x, x);
    case unary_reciprocal:
      return f32x4.div(one, x);
    case unary_floor:
      return f32x4.floor(x);
    case unary_ceil:
      return f32x4.ceil(x);
    case unary_round:
      return f32x4.nearest(x); // halves to even
    case unary_relu:
      // x & ~(x < 0): keeps NaN and -0 as the reference does.
      return v128.andnot(x, f32x4.lt(x, zero));
    case unary_relu6: {
      const r = v128.andnot(x, f32x4.lt(x, zero));
      return v128.bitselect(f32x4.splat(6), r, f32x4.gt(x, f32x4.splat(6)));
    }
    case unary_leakyRelu:
      return v128.bitselect(f32x4.mul(x, attr), x, f32x4.lt(x, zero));
    case unary_sigmoid:
      return vsigmoid(x);
    case unary_tanh:
      return vtanh(x);
    case unary_softsign:
      return f32x4.div(x, f32x4.add(one, f32x4.abs(x)));
    case unary_silu:
      return f32x4.mul(x, vsigmoid(x));
    case unary_step: {
      const ge = f32x4.ge(x, attr);
      const nan = v128.not(v128.or(ge, f32x4.lt(x, attr)));
      return v128.or(v128.and(ge, one), v128.and(nan, f32x4.splat(NaN)));
    }
    case unary_hardSigmoid: {
      const y = f32x4.add(f32x4.div(x, f32x4.splat(6)), f32x4.splat(0.5));
      return f32x4.min(f32x4.max(y, zero), one);
    }
    default:
      return x;
  }
}

// @ts-ignore: decorator
@inline
function loop(op: i32, x: usize, out: usize, n: i32, attr: f32): void {
  const a = f32x4.splat(attr);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const p = <usize>i << 2;
    const v0 = apply(op, v128.load(x + p), a);
    const v1 = apply(op, v128.load(x + p, 16), a);
    v128.store(out + p, v0);
    v128.store(out + p, v1, 16);
  }
  for (; i < n; i++) {
    const p = <usize>i << 2;
    const v = apply(op, f32x4.splat(load<f32>(x + p)), a);
    store<f32>(out + p, f32x4.extract_lane(v, 0));
  }
}

/** out[i] = op(x[i]) for i < n (out may alias x). `attr`: leakyRelu alpha, step threshold. */
export function unary(op: i32, x: usize, out: usize, n: i32, attr: f32): void {
  switch (op) {
    case unary_neg: loop(unary_neg, x, out, n, attr); break;
    case unary_abs: loop(unary_abs, x, out, n, attr); break;
    case unary_exp: loop(unary_exp, x, out, n, attr); break;
    case unary_log: loop(unary_log, x, out, n, attr); break;
    case unary_sqrt: loop(unary_sqrt, x, out, n, attr); break;
    case unary_rsqrt: loop(unary_rsqrt, x, out, n, attr); break;
    case unary_square: loop(unary_square, x, out, n, attr); break;
    case unary_reciprocal: loop(unary_reciprocal, x, out, n, attr); break;
    case unary_floor: loop(unary_floor, x, out, n, attr); break;
    case unary_ceil: loop(unary_ceil, x, out, n, attr); break;
    case unary_round: loop(unary_round, x, out, n, attr); break;
    case unary_relu: loop(unary_relu, x, out, n, attr); break;
    case unary_relu6: loop(unary_relu6, x, out, n, attr); break;
    case unary_leakyRelu: loop(unary_leakyRelu, x, out, n, attr); break;
    case unary_sigmoid: loop(unary_sigmoid, x, out, n, attr); break;
    case unary_tanh: loop(unary_tanh, x, out, n, attr); break;
    case unary_softsign: loop(unary_softsign, x, out, n, attr); break;
    case unary_silu: loop(unary_silu, x, out, n, attr); break;
    case unary_step: loop(unary_step, x, out, n, attr); break;
    case unary_hardSigmoid: loop(unary_hardSigmoid, x, out, n, attr); break;
    default: unreachable();
  }
}
