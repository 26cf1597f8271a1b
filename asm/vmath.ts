/**
 * f32x4 approximations of exp, log, tanh and sigmoid (Cephes' single-precision polynomials,
 * within a few ulp), shared by the unary, binary and softmax kernels. NaN propagates;
 * infinities give the limits.
 */

// @ts-ignore: decorator
@inline const LOG2E: f32 = 1.44269504088896341;
// 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits.
// @ts-ignore: decorator
@inline const MAGIC: f32 = 12582912.0;
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 0.693359375;
// @ts-ignore: decorator
@inline const LN2_LO: f32 = -2.12194440e-4;

// @ts-ignore: decorator
@inline
function splat(x: f32): v128 {
  return f32x4.splat(x);
}

/** 2^n for integer lanes n in [-126, 127]. */
// @ts-ignore: decorator
@inline
function pow2i(n: v128): v128 {
  return i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
}

/** e^x per lane; exact limits (0 below about -104, +inf above about 88.7). */
// @ts-ignore: decorator
@inline
export function vexp(x: v128): v128 {
  // Clamp (NaN stays NaN: min/max propagate it) so that 2^n stays representable as two factors.
  const xc = f32x4.min(f32x4.max(x, splat(-104.0)), splat(89.0));
  const t = f32x4.add(f32x4.mul(xc, splat(LOG2E)), splat(MAGIC));
  const fx = f32x4.sub(t, splat(MAGIC));
  const n = i32x4.sub(t, f32x4.splat(MAGIC)); // integer n in the low bits
  let r = f32x4.sub(xc, f32x4.mul(fx, splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(fx, splat(LN2_LO)));
  let y = splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, r), splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, r), splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, r), splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, r), splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, r), splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, f32x4.mul(r, r)), r), splat(1.0));
  // Scale by 2^n as 2^(n>>1) * 2^(n - (n>>1)) so that n in [-150, 128] stays in range.
  const n1 = i32x4.shr_s(n, 1);
  const n2 = i32x4.sub(n, n1);
  return f32x4.mul(f32x4.mul(y, pow2i(n1)), pow2i(n2));
}

/** Natural log per lane: -inf at 0, NaN below 0, +inf at +inf. */
// @ts-ignore: decorator
@inline
export function vlog(x: v128): v128 {
  // Scale subnormals up by 2^23 so that the exponent field is meaningful.
  const sub = f32x4.lt(f32x4.abs(x), splat(1.17549435e-38));
  const bits = v128.bitselect(f32x4.mul(x, splat(8388608.0)), x, sub);
  // Exponent and mantissa in [0.5, 1).
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(126)));
  e = f32x4.sub(e, v128.and(sub, splat(23.0)));
  let m = v128.or(v128.and(bits, i32x4.splat(0x807fffff)), i32x4.splat(0x3f000000));
  // If m < sqrt(1/2): e -= 1, m = 2m - 1; else m = m - 1.
  const small = f32x4.lt(m, splat(0.707106781186547524));
  e = f32x4.sub(e, v128.and(small, splat(1.0)));
  m = f32x4.sub(f32x4.add(m, v128.and(small, m)), splat(1.0));
  const z = f32x4.mul(m, m);
  let y = splat(7.0376836292e-2);
  y = f32x4.add(f32x4.mul(y, m), splat(-1.1514610310e-1));
  y = f32x4.add(f32x4.mul(y, m), splat(1.1676998740e-1));
  y = f32x4.add(f32x4.mul(y, m), splat(-1.2420140846e-1));
  y = f32x4.add(f32x4.mul(y, m), splat(1.4249322787e-1));
  y = f32x4.add(f32x4.mul(y, m), splat(-1.6668057665e-1));
  y = f32x4.add(f32x4.mul(y, m), splat(2.0000714765e-1));
  y = f32x4.add(f32x4.mul(y, m), splat(-2.4999993993e-1));
  y = f32x4.add(f32x4.mul(y, m), splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = f32x4.add(y, f32x4.mul(e, splat(LN2_LO)));
  y = f32x4.sub(y, f32x4.mul(z, splat(0.5)));
  let r = f32x4.add(f32x4.add(m, y), f32x4.mul(e, splat(LN2_HI)));
  // Special cases: x == 0 -> -inf, x < 0 or NaN -> NaN, +inf -> +inf, subnormals -> approx.
  r = v128.bitselect(splat(-Infinity), r, f32x4.eq(x, splat(0)));
  r = v128.bitselect(splat(Infinity), r, f32x4.eq(x, splat(Infinity)));
  r = v128.bitselect(splat(NaN), r, v128.not(f32x4.ge(x, splat(0))));
  return r;
}

/** tanh per lane: an odd polynomial below 0.625, 1 - 2/(e^2|x| + 1) above. */
// @ts-ignore: decorator
@inline
export function vtanh(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const e = vexp(f32x4.add(ax, ax));
  const big = f32x4.sub(splat(1.0), f32x4.div(splat(2.0), f32x4.add(e, splat(1.0))));
  // Copy x's sign onto the large branch.
  const signed = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, splat(0.625)));
}

/** 1 / (1 + e^-x) per lane. */
// @ts-ignore: decorator
@inline
export function vsigmoid(x: v128): v128 {
  return f32x4.div(splat(1.0), f32x4.add(splat(1.0), vexp(f32x4.neg(x))));
}

/** Scalar forms through lane 0, so tails round exactly like the vector body. */
// @ts-ignore: decorator
@inline
export function sexp(x: f32): f32 {
  return f32x4.extract_lane(vexp(f32x4.splat(x)), 0);
}
