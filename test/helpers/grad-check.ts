/**
 * The shared finite-difference gradient checker.
 *
 * For `f(...xs)` it forms the scalar `L = Σ r ⊙ f(xs)` with a fixed pseudo-random cotangent
 * `r` (uniform in [-1, -0.25] ∪ [0.25, 1], so every output element matters and none is
 * cancelled by a zero weight). It compares autograd's `dL/dx` (nn.grads) with central
 * differences `(L(x + h·eᵢ) − L(x − h·eᵢ)) / (x⁺ − x⁻)`, where `x⁺`, `x⁻` are the perturbed
 * values as actually rounded to float32 and `L` is summed in float64 from f's float32
 * output.
 *
 * Tolerances: f runs in float32, so each `L` carries a rounding error of about
 * 1e-7·Σ|r·y|; divided by 2h = 2e-2 that is ~1e-5·Σ|r·y|, while the truncation error of
 * the central difference is h²/6·|f'''| ≈ 2e-5·|f'''|. The defaults `eps = 1e-2`,
 * `atol = 1e-3`, `rtol = 1e-2` (|analytic − numeric| ≤ atol + rtol·max(|analytic|,|numeric|))
 * leave a wide margin for both and still catch any wrong rule (a factor, a sign, a missing
 * broadcast sum). Inputs must stay at least `eps` away from kinks (relu at 0, ties of
 * max/min, clip bounds).
 */
import * as nn from 'neurite';

export { describeEachBackend, forEachBackend } from './each-backend.js';

export interface GradCheckArgs {
  /** Half-width of the central difference. Default 1e-2. */
  eps?: number;
  /** Absolute tolerance. Default 1e-3. */
  atol?: number;
  /** Relative tolerance. Default 1e-2. */
  rtol?: number;
  /** Seed of the cotangent. Default 1. */
  seed?: number;
}

/** A small independent generator (mulberry32) of uniforms in [0, 1), so test data and the
 * cotangent do not depend on nn's own PRNG. */
export function uniformStream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cotangent values uniform in ±[0.25, 1). */
function cotangent(n: number, seed: number): Float32Array {
  const next = uniformStream(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = next();
    out[i] = u < 0.5 ? -(0.25 + 1.5 * u) : 0.25 + 1.5 * (u - 0.5);
  }
  return out;
}

/** Σ r·y in float64 from f's output. */
function weighted(y: nn.Tensor, r: Float32Array): number {
  const v = y.dataSync();
  let s = 0;
  for (let i = 0; i < v.length; i++) s += r[i]! * v[i]!;
  return s;
}

/** The worst element found by a gradient check. */
export interface GradCheckReport {
  maxAbsError: number;
  /** Numeric gradients, one flat Float64Array per input. */
  numeric: Float64Array[];
  /** Autograd gradients, one flat Float32Array per input. */
  analytic: Float32Array[];
}

/**
 * Throws when autograd's gradient of `sum(f(...inputs) * r)` differs from central finite
 * differences. Every input must be float32; close over integer arguments (indices) in `f`.
 */
export function gradCheck(
  f: (...xs: nn.Tensor[]) => nn.Tensor,
  inputs: readonly nn.Tensor[],
  args: GradCheckArgs = {},
): GradCheckReport {
  const { eps = 1e-2, atol = 1e-3, rtol = 1e-2, seed = 1 } = args;
  for (const [i, x] of inputs.entries()) {
    if (x.dtype !== 'float32') throw new Error(`gradCheck: input ${i} is ${x.dtype}, not float32`);
  }
  const outShape = nn.tidy(() => [...f(...inputs).shape]);
  const size = outShape.reduce((a, b) => a * b, 1);
  const r = cotangent(size, seed);
  const rT = nn.tensor(r, outShape);

  const analyticT = nn.grads((...xs: nn.Tensor[]) => nn.sum(nn.mul(f(...xs), rT)))(inputs);
  const analytic = analyticT.map((g, i) => {
    if (g.shape.join() !== inputs[i]!.shape.join()) {
      throw new Error(
        `gradCheck: gradient ${i} has shape [${g.shape.join(',')}], input [${inputs[i]!.shape.join(',')}]`,
      );
    }
    const v = g.dataSync();
    if (!(v instanceof Float32Array)) throw new Error(`gradCheck: gradient ${i} is ${g.dtype}`);
    return v;
  });
  nn.dispose(analyticT);

  const numeric = inputs.map((x, i) => {
    const base = x.dataSync() as Float32Array;
    const out = new Float64Array(base.length);
    for (let j = 0; j < base.length; j++) {
      const xp = Math.fround(base[j]! + eps);
      const xm = Math.fround(base[j]! - eps);
      const at = (v: number): number =>
        nn.tidy(() => {
          const p = base.slice();
          p[j] = v;
          const args = inputs.map((t, k) => (k === i ? nn.tensor(p, x.shape) : t));
          return weighted(f(...args), r);
        });
      out[j] = (at(xp) - at(xm)) / (xp - xm);
    }
    return out;
  });
  rT.dispose();

  let maxAbsError = 0;
  const bad: string[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const a = analytic[i]!;
    const n = numeric[i]!;
    for (let j = 0; j < n.length; j++) {
      const err = Math.abs(a[j]! - n[j]!);
      if (!(err <= atol + rtol * Math.max(Math.abs(a[j]!), Math.abs(n[j]!)))) {
        bad.push(`input ${i} [${j}]: autograd ${a[j]}, numeric ${n[j]}`);
      }
      if (err > maxAbsError || Number.isNaN(err)) maxAbsError = err;
    }
  }
  if (bad.length > 0) {
    throw new Error(
      `gradCheck: ${bad.length} gradient element(s) differ (eps ${eps}, atol ${atol}, rtol ${rtol}):\n  ${bad.slice(0, 10).join('\n  ')}`,
    );
  }
  return { maxAbsError, numeric, analytic };
}

/**
 * Deterministic float32 test values in [lo, hi) that keep at least `margin` away from every
 * point in `avoid` (kinks such as 0 for relu), so finite differences never straddle one.
 */
export function smoothValues(
  shape: readonly number[],
  { lo = -2, hi = 2, seed = 7, avoid = [] as readonly number[], margin = 0.05 } = {},
): nn.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const next = uniformStream(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let v: number;
    let tries = 0;
    do {
      v = Math.fround(lo + (hi - lo) * next());
      if (++tries > 1000) throw new Error('smoothValues: cannot avoid the given points');
    } while (avoid.some((a) => Math.abs(v - a) < margin));
    out[i] = v;
  }
  return nn.tensor(out, shape);
}

/**
 * Deterministic float32 values spread evenly over [lo, hi] in shuffled order, so any two
 * differ by at least (hi − lo)/(n − 1): for max, min, sorting and clipping tests, where
 * finite differences must not swap two nearly tied elements.
 */
export function distinctValues(
  shape: readonly number[],
  { lo = -2, hi = 2, seed = 3 } = {},
): nn.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const next = uniformStream(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const step = n > 1 ? (hi - lo) / (n - 1) : 0;
  return nn.tensor(
    Float32Array.from(order, (k) => lo + k * step),
    shape,
  );
}
