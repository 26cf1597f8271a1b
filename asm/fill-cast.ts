/** Fills, dtype casts and clip. bool is one byte per element (0 or 1). */

/** n 4-byte elements at `ptr` set to the bit pattern `bits` (a float32's or an int32's). */
export function fill32(ptr: usize, bits: i32, n: i32): void {
  const v = i32x4.splat(bits);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(ptr + (<usize>i << 2), v);
  for (; i < n; i++) store<i32>(ptr + (<usize>i << 2), bits);
}

/** n bytes at `ptr` set to `value`. */
export function fill8(ptr: usize, value: u8, n: i32): void {
  memory.fill(ptr, value, <usize>n);
}

/** float32 -> int32, truncating toward 0 (saturating; NaN -> 0). */
export function castF32I32(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = <usize>i << 2;
    v128.store(out + p, i32x4.trunc_sat_f32x4_s(v128.load(x + p)));
  }
  for (; i < n; i++) {
    const p = <usize>i << 2;
    store<i32>(out + p, i32x4.extract_lane(i32x4.trunc_sat_f32x4_s(f32x4.splat(load<f32>(x + p))), 0));
  }
}

/** int32 -> float32. */
export function castI32F32(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = <usize>i << 2;
    v128.store(out + p, f32x4.convert_i32x4_s(v128.load(x + p)));
  }
  for (; i < n; i++) {
    const p = <usize>i << 2;
    store<f32>(out + p, <f32>load<i32>(x + p));
  }
}

/** float32 -> bool: 1 where x != 0 (NaN is true, as in NumPy and TF). */
export function castF32Bool(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(out + <usize>i, load<f32>(x + (<usize>i << 2)) != 0 ? 1 : 0);
}

/** int32 -> bool: 1 where x != 0. */
export function castI32Bool(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(out + <usize>i, load<i32>(x + (<usize>i << 2)) != 0 ? 1 : 0);
}

/** bool -> float32. */
export function castBoolF32(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(out + (<usize>i << 2), <f32>load<u8>(x + <usize>i));
}

/** bool -> int32. */
export function castBoolI32(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<i32>(out + (<usize>i << 2), <i32>load<u8>(x + <usize>i));
}

/** float32 clip to [lo, hi]; NaN stays NaN. */
export function clipF32(x: usize, out: usize, n: i32, lo: f32, hi: f32): void {
  const l = f32x4.splat(lo);
  const h = f32x4.splat(hi);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = <usize>i << 2;
    v128.store(out + p, f32x4.min(f32x4.max(v128.load(x + p), l), h));
  }
  for (; i < n; i++) {
    const p = <usize>i << 2;
    store<f32>(out + p, min<f32>(max<f32>(load<f32>(x + p), lo), hi));
  }
}
