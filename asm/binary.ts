/**
 * Elementwise float32 functions of two arguments over a two-level broadcast: `rows` rows
 * of `cols` elements, where each operand either advances by `xRow` elements per row or
 * repeats (xRow = 0), and is either a contiguous run (vec) or one value (scalar) per row.
 * The host collapses any broadcast that fits this form (same shape, scalar, bias rows,
 * per-row columns). `binary_<name>` globals name the ops implemented here.
 */

export const binary_add: i32 = 0;
export const binary_sub: i32 = 1;
export const binary_mul: i32 = 2;
export const binary_div: i32 = 3;
export const binary_maximum: i32 = 4;
export const binary_minimum: i32 = 5;
export const binary_reluGrad: i32 = 6;
export const binary_relu6Grad: i32 = 7;
export const binary_sigmoidGrad: i32 = 8;
export const binary_tanhGrad: i32 = 9;

// @ts-ignore: decorator
@inline
function apply(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case binary_add:
      return f32x4.add(a, b);
    case binary_sub:
      return f32x4.sub(a, b);
    case binary_mul:
      return f32x4.mul(a, b);
    case binary_div:
      return f32x4.div(a, b);
    case binary_maximum:
      return f32x4.max(a, b); // NaN-propagating
    case binary_minimum:
      return f32x4.min(a, b);
    case binary_reluGrad: {
      // (dy, x): dy where x > 0, NaN where x is NaN, else 0.
      const keep = f32x4.gt(b, f32x4.splat(0));
      return v128.or(v128.and(a, keep), v128.and(b, f32x4.ne(b, b)));
    }
    case binary_relu6Grad: {
      const keep = v128.and(f32x4.gt(b, f32x4.splat(0)), f32x4.lt(b, f32x4.splat(6)));
      return v128.or(v128.and(a, keep), v128.and(b, f32x4.ne(b, b)));
    }
    case binary_sigmoidGrad:
      // (dy, y): dy * y * (1 - y)
      return f32x4.mul(f32x4.mul(a, b), f32x4.sub(f32x4.splat(1), b));
    case binary_tanhGrad:
      // (dy, y): dy * (1 - y^2)
      return f32x4.mul(a, f32x4.sub(f32x4.splat(1), f32x4.mul(b, b)));
    default:
      return a;
  }
}

// @ts-ignore: decorator
@inline
function scalarOf(op: i32, a: f32, b: f32): f32 {
  return f32x4.extract_lane(apply(op, f32x4.splat(a), f32x4.splat(b)), 0);
}

// @ts-ignore: decorator
@inline
function loop(
  op: i32,
  a: usize,
  aRow: i32,
  aVec: bool,
  b: usize,
  bRow: i32,
  bVec: bool,
  out: usize,
  rows: i32,
  cols: i32,
): void {
  const aStep = <usize>aRow << 2;
  const bStep = <usize>bRow << 2;
  const oStep = <usize>cols << 2;
  if (aVec && bVec) {
    for (let r = 0; r < rows; r++) {
      let i = 0;
      for (; i + 8 <= cols; i += 8) {
        const p = <usize>i << 2;
        const v0 = apply(op, v128.load(a + p), v128.load(b + p));
        const v1 = apply(op, v128.load(a + p, 16), v128.load(b + p, 16));
        v128.store(out + p, v0);
        v128.store(out + p, v1, 16);
      }
      for (; i < cols; i++) {
        const p = <usize>i << 2;
        store<f32>(out + p, scalarOf(op, load<f32>(a + p), load<f32>(b + p)));
      }
      a += aStep;
      b += bStep;
      out += oStep;
    }
  } else if (aVec) {
    for (let r = 0; r < rows; r++) {
      const bs = load<f32>(b);
      const bv = f32x4.splat(bs);
      let i = 0;
      for (; i + 8 <= cols; i += 8) {
        const p = <usize>i << 2;
        const v0 = apply(op, v128.load(a + p), bv);
        const v1 = apply(op, v128.load(a + p, 16), bv);
        v128.store(out + p, v0);
        v128.store(out + p, v1, 16);
      }
      for (; i < cols; i++) {
        const p = <usize>i << 2;
        store<f32>(out + p, scalarOf(op, load<f32>(a + p), bs));
      }
      a += aStep;
      b += bStep;
      out += oStep;
    }
  } else {
    for (let r = 0; r < rows; r++) {
      const as = load<f32>(a);
      const av = f32x4.splat(as);
      let i = 0;
      for (; i + 8 <= cols; i += 8) {
        const p = <usize>i << 2;
        const v0 = apply(op, av, v128.load(b + p));
        const v1 = apply(op, av, v128.load(b + p, 16));
        v128.store(out + p, v0);
        v128.store(out + p, v1, 16);
      }
      for (; i < cols; i++) {
        const p = <usize>i << 2;
        store<f32>(out + p, scalarOf(op, as, load<f32>(b + p)));
      }
      a += aStep;
      b += bStep;
      out += oStep;
    }
  }
}

/**
 * out[r, i] = op(A(r, i), B(r, i)) for r < rows, i < cols, with A(r, i) = a[r*aRow + i] when
 * aVec, else a[r*aRow] (likewise B). `out` is contiguous and may alias a same-shape input.
 */
export function binary(
  op: i32,
  a: usize,
  aRow: i32,
  aVec: bool,
  b: usize,
  bRow: i32,
  bVec: bool,
  out: usize,
  rows: i32,
  cols: i32,
): void {
  switch (op) {
    case binary_add: loop(binary_add, a, aRow, aVec, b, bRow, bVec, out, rows, cols); break;
    case binary_sub: loop(binary_sub, a, aRow, aVec, b, bRow, bVec, out, rows, cols); break;
    case binary_mul: loop(binary_mul, a, aRow, aVec, b, bRow, bVec, out, rows, cols); break;
    case binary_div: loop(binary_div, a, aRow, aVec, b, bRow, bVec, out, rows, cols); break;
    case binary_maximum: loop(binary_maximum, a, aRow, aVec, b, bRow, bVec, out, rows, cols); break;
    case binary_minimum: loop(binary_minimum, a, aRow, aVec, b, bRow, bVec, out, rows, cols); break;
    case binary_reluGrad: loop(binary_reluGrad, a, aRow, aVec, b, bRow, bVec, out, rows, cols); break;
    case binary_relu6Grad: loop(binary_relu6Grad, a, aRow, aVec, b, bRow, bVec, out, rows, cols); break;
    case binary_sigmoidGrad: loop(binary_sigmoidGrad, a, aRow, aVec, b, bRow, bVec, out, rows, cols); break;
    case binary_tanhGrad: loop(binary_tanhGrad, a, aRow, aVec, b, bRow, bVec, out, rows, cols); break;
    default: unreachable();
  }
}
