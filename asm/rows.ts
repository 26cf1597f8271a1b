/**
 * Row helpers shared by the fused kernels (not exported by the module). Each repeats, for
 * one contiguous run, the exact arithmetic of the unfused kernel it stands in for, so a
 * fused kernel rounds exactly as the ops it replaces.
 */
import { vlog, vsigmoid, vtanh } from './vmath';

/** Activation codes of the fused dense kernels (the host's FUSED_ACTIVATIONS order). */
// @ts-ignore: decorator
@inline export const ACT_LINEAR: i32 = 0;
// @ts-ignore: decorator
@inline export const ACT_RELU: i32 = 1;
// @ts-ignore: decorator
@inline export const ACT_RELU6: i32 = 2;
// @ts-ignore: decorator
@inline export const ACT_SIGMOID: i32 = 3;
// @ts-ignore: decorator
@inline export const ACT_TANH: i32 = 4;
// @ts-ignore: decorator
@inline export const ACT_SOFTMAX: i32 = 5;

/**
 * Σ x[0..n) in reduceInner's order (reduce.ts, op sum): four f32x4 accumulators over
 * 16-element chunks, then 4-element chunks into the first, combined as (a0+a1)+(a2+a3),
 * lanes as (l0+l1)+(l2+l3), then the tail one by one.
 */
// @ts-ignore: decorator
@inline
export function sumRun(x: usize, n: i32): f32 {
  let a0 = f32x4.splat(0);
  let a1 = a0, a2 = a0, a3 = a0;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const p = x + (<usize>i << 2);
    a0 = f32x4.add(a0, v128.load(p));
    a1 = f32x4.add(a1, v128.load(p, 16));
    a2 = f32x4.add(a2, v128.load(p, 32));
    a3 = f32x4.add(a3, v128.load(p, 48));
  }
  for (; i + 4 <= n; i += 4) a0 = f32x4.add(a0, v128.load(x + (<usize>i << 2)));
  a0 = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
  let s: f32 =
    (f32x4.extract_lane(a0, 0) + f32x4.extract_lane(a0, 1)) +
    (f32x4.extract_lane(a0, 2) + f32x4.extract_lane(a0, 3));
  for (; i < n; i++) s = s + load<f32>(x + (<usize>i << 2));
  return s;
}

/** An activation per lane, as the unary kernel computes it (unary.ts). */
// @ts-ignore: decorator
@inline
export function activate(act: i32, x: v128): v128 {
  const zero = f32x4.splat(0);
  if (act == ACT_RELU) return v128.andnot(x, f32x4.lt(x, zero));
  if (act == ACT_RELU6) {
    const r = v128.andnot(x, f32x4.lt(x, zero));
    return v128.bitselect(f32x4.splat(6), r, f32x4.gt(x, f32x4.splat(6)));
  }
  if (act == ACT_SIGMOID) return vsigmoid(x);
  if (act == ACT_TANH) return vtanh(x);
  return x;
}

/**
 * dy times the activation's derivative from its output y, as the binary kernel's
 * reluGrad / relu6Grad / sigmoidGrad / tanhGrad compute it (binary.ts). For relu and relu6
 * the output decides as the input would: y > 0 exactly where x > 0, y < 6 where x < 6, and
 * y is NaN where x is.
 */
// @ts-ignore: decorator
@inline
export function activationGrad(act: i32, dy: v128, y: v128): v128 {
  if (act == ACT_RELU) {
    const keep = f32x4.gt(y, f32x4.splat(0));
    return v128.or(v128.and(dy, keep), v128.and(y, f32x4.ne(y, y)));
  }
  if (act == ACT_RELU6) {
    const keep = v128.and(f32x4.gt(y, f32x4.splat(0)), f32x4.lt(y, f32x4.splat(6)));
    return v128.or(v128.and(dy, keep), v128.and(y, f32x4.ne(y, y)));
  }
  if (act == ACT_SIGMOID) return f32x4.mul(f32x4.mul(dy, y), f32x4.sub(f32x4.splat(1), y));
  if (act == ACT_TANH) return f32x4.mul(dy, f32x4.sub(f32x4.splat(1), f32x4.mul(y, y)));
  return dy;
}

/** log of one value through lane 0 (rounds as the vector body does). */
// @ts-ignore: decorator
@inline
export function slog(x: f32): f32 {
  return f32x4.extract_lane(vlog(f32x4.splat(x)), 0);
}
