/**
 * The geometry of a 2-D window op (see WindowGeometry in src/backends/backend.ts) as the
 * host writes it into memory: 14 int32 in this order (WINDOW_GEOMETRY in
 * src/backends/wasm/job-layout.ts lists the same order). Kernels read it through
 * `changetype<Geometry>(pointer)`. Also the runs of floats the window kernels move.
 */
// @ts-ignore: decorator
@unmanaged
export class Geometry {
  n: i32;
  h: i32;
  w: i32;
  c: i32;
  kh: i32;
  kw: i32;
  sh: i32;
  sw: i32;
  dh: i32;
  dw: i32;
  ho: i32;
  wo: i32;
  padTop: i32;
  padLeft: i32;
}

/**
 * dst[0..n) = src[0..n) (float32, any alignment; the two must not overlap). From 4 floats
 * on, the last vector overlaps the one before it instead of a scalar tail loop.
 */
// @ts-ignore: decorator
@inline
export function copyRun(dst: usize, src: usize, n: i32): void {
  if (n >= 4) {
    let k = 0;
    for (; k + 4 < n; k += 4) v128.store(dst + (<usize>k << 2), v128.load(src + (<usize>k << 2)));
    const t = <usize>(n - 4) << 2;
    v128.store(dst + t, v128.load(src + t));
  } else {
    for (let k = 0; k < n; k++) store<f32>(dst + (<usize>k << 2), load<f32>(src + (<usize>k << 2)));
  }
}

/** dst[0..n) = value (the last vector overlapping, as copyRun). */
// @ts-ignore: decorator
@inline
export function fillRun(dst: usize, n: i32, value: f32): void {
  if (n >= 4) {
    const v = f32x4.splat(value);
    let k = 0;
    for (; k + 4 < n; k += 4) v128.store(dst + (<usize>k << 2), v);
    v128.store(dst + (<usize>(n - 4) << 2), v);
  } else {
    for (let k = 0; k < n; k++) store<f32>(dst + (<usize>k << 2), value);
  }
}
