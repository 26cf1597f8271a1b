/**
 * float32 sum/max/min over contiguous runs (`reduceInner`, the trailing axes) and across
 * rows (`reduceOuter`, leading or middle axes). max and min propagate NaN. The host
 * collapses the reduced axes into one of these two forms.
 */

export const reduce_sum: i32 = 0;
export const reduce_max: i32 = 1;
export const reduce_min: i32 = 2;

// @ts-ignore: decorator
@inline
function vop(op: i32, a: v128, b: v128): v128 {
  if (op == reduce_sum) return f32x4.add(a, b);
  if (op == reduce_max) return f32x4.max(a, b);
  return f32x4.min(a, b);
}

// @ts-ignore: decorator
@inline
function sop(op: i32, a: f32, b: f32): f32 {
  if (op == reduce_sum) return a + b;
  if (op == reduce_max) return max<f32>(a, b);
  return min<f32>(a, b);
}

// @ts-ignore: decorator
@inline
function identity(op: i32): f32 {
  if (op == reduce_sum) return 0;
  if (op == reduce_max) return -Infinity;
  return Infinity;
}

// @ts-ignore: decorator
@inline
function inner(op: i32, x: usize, out: usize, outer: i32, n: i32): void {
  const id = f32x4.splat(identity(op));
  const step = <usize>n << 2;
  for (let o = 0; o < outer; o++) {
    let a0 = id, a1 = id, a2 = id, a3 = id;
    let i = 0;
    for (; i + 16 <= n; i += 16) {
      const p = x + (<usize>i << 2);
      a0 = vop(op, a0, v128.load(p));
      a1 = vop(op, a1, v128.load(p, 16));
      a2 = vop(op, a2, v128.load(p, 32));
      a3 = vop(op, a3, v128.load(p, 48));
    }
    for (; i + 4 <= n; i += 4) a0 = vop(op, a0, v128.load(x + (<usize>i << 2)));
    a0 = vop(op, vop(op, a0, a1), vop(op, a2, a3));
    let s = sop(
      op,
      sop(op, f32x4.extract_lane(a0, 0), f32x4.extract_lane(a0, 1)),
      sop(op, f32x4.extract_lane(a0, 2), f32x4.extract_lane(a0, 3)),
    );
    for (; i < n; i++) s = sop(op, s, load<f32>(x + (<usize>i << 2)));
    store<f32>(out, s);
    x += step;
    out += 4;
  }
}

/** out[o] = op over i < n of x[o*n + i], for o < outer. */
export function reduceInner(op: i32, x: usize, out: usize, outer: i32, n: i32): void {
  if (op == reduce_sum) inner(reduce_sum, x, out, outer, n);
  else if (op == reduce_max) inner(reduce_max, x, out, outer, n);
  else inner(reduce_min, x, out, outer, n);
}

// Columns handled per pass, so the running result stays in L1 while rows stream by.
// @ts-ignore: decorator
@inline const CHUNK: i32 = 1024;

// @ts-ignore: decorator
@inline
function across(op: i32, x: usize, out: usize, outer: i32, rows: i32, n: i32): void {
  const id = identity(op);
  const rowStep = <usize>n << 2;
  for (let o = 0; o < outer; o++) {
    const xo = x + <usize>o * <usize>rows * rowStep;
    const oo = out + <usize>o * rowStep;
    for (let j0 = 0; j0 < n; j0 += CHUNK) {
      const j1 = min(j0 + CHUNK, n);
      // Seed with the first row (or the identity when there are no rows).
      if (rows == 0) {
        for (let j = j0; j < j1; j++) store<f32>(oo + (<usize>j << 2), id);
        continue;
      }
      memory.copy(oo + (<usize>j0 << 2), xo + (<usize>j0 << 2), <usize>(j1 - j0) << 2);
      for (let r = 1; r < rows; r++) {
        const xr = xo + <usize>r * rowStep;
        let j = j0;
        for (; j + 8 <= j1; j += 8) {
          const p = <usize>j << 2;
          v128.store(oo + p, vop(op, v128.load(oo + p), v128.load(xr + p)));
          v128.store(oo + p, vop(op, v128.load(oo + p, 16), v128.load(xr + p, 16)), 16);
        }
        for (; j < j1; j++) {
          const p = <usize>j << 2;
          store<f32>(oo + p, sop(op, load<f32>(oo + p), load<f32>(xr + p)));
        }
      }
    }
  }
}

/** out[o*n + j] = op over r < rows of x[(o*rows + r)*n + j]. */
export function reduceOuter(op: i32, x: usize, out: usize, outer: i32, rows: i32, n: i32): void {
  if (op == reduce_sum) across(reduce_sum, x, out, outer, rows, n);
  else if (op == reduce_max) across(reduce_max, x, out, outer, rows, n);
  else across(reduce_min, x, out, outer, rows, n);
}
