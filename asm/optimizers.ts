/**
 * Fused optimizer updates: one pass over a variable instead of a dozen elementwise ops.
 * Each computes in float32 in the same order as the unfused ops, so results match them.
 */

/**
 * Adam: m' = m + (g - m)·c1, v' = v + (g² - v)·c2, x' = x - (m'·alpha) / (√v' + eps), with
 * c1 = 1 - beta1 and c2 = 1 - beta2 (rounded to float32 by the host, as the ops would).
 * Outputs may alias their inputs.
 */
export function adamStep(
  x: usize,
  g: usize,
  m: usize,
  v: usize,
  xOut: usize,
  mOut: usize,
  vOut: usize,
  n: i32,
  alpha: f32,
  c1: f32,
  c2: f32,
  eps: f32,
): void {
  const va = f32x4.splat(alpha);
  const v1 = f32x4.splat(c1);
  const v2 = f32x4.splat(c2);
  const ve = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = <usize>i << 2;
    const gi = v128.load(g + p);
    const mi = v128.load(m + p);
    const vi = v128.load(v + p);
    const m2 = f32x4.add(mi, f32x4.mul(f32x4.sub(gi, mi), v1));
    const v2i = f32x4.add(vi, f32x4.mul(f32x4.sub(f32x4.mul(gi, gi), vi), v2));
    const step = f32x4.div(f32x4.mul(m2, va), f32x4.add(f32x4.sqrt(v2i), ve));
    v128.store(xOut + p, f32x4.sub(v128.load(x + p), step));
    v128.store(mOut + p, m2);
    v128.store(vOut + p, v2i);
  }
  for (; i < n; i++) {
    const p = <usize>i << 2;
    const gi = load<f32>(g + p);
    const mi = load<f32>(m + p);
    const vi = load<f32>(v + p);
    const m2 = mi + (gi - mi) * c1;
    const v2i = vi + (gi * gi - vi) * c2;
    store<f32>(xOut + p, load<f32>(x + p) - (m2 * alpha) / (sqrt<f32>(v2i) + eps));
    store<f32>(mOut + p, m2);
    store<f32>(vOut + p, v2i);
  }
}
