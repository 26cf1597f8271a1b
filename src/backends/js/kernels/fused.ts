/**
 * Reference fused kernels, as pure functions: the dense layer's epilogue and its backward,
 * cross-entropy on probabilities and its gradient, and Adam's update. Each repeats the
 * arithmetic of the js kernels it replaces, rounding to float32 where they store, so the
 * fused and unfused paths give the same numbers on this backend (the cross-entropy
 * gradient excepted: the same formula in fewer roundings).
 */
import type { FusedActivation } from '../../backend.js';
import { BINARY_FNS, UNARY_FNS } from './scalar-math.js';
import { softmaxLoop } from './softmax.js';

const fround = Math.fround;

/** In place over the [rows, cols] product z: z = act(z + bias), as add then the activation. */
export function biasActivationLoop(
  z: Float32Array,
  bias: Float32Array | null,
  rows: number,
  cols: number,
  act: FusedActivation,
): void {
  if (bias) {
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let j = 0; j < cols; j++) z[base + j] = z[base + j]! + bias[j]!;
    }
  }
  switch (act) {
    case 'linear':
      return;
    case 'softmax':
      if (cols > 0) softmaxLoop(z, cols, z, false);
      return;
    case 'relu':
      for (let i = 0; i < rows * cols; i++) {
        const v = z[i]!;
        z[i] = v < 0 ? 0 : v;
      }
      return;
    default: {
      const fn = UNARY_FNS[act];
      for (let i = 0; i < rows * cols; i++) z[i] = fn(z[i]!, 0);
    }
  }
}

/**
 * dz = act'(y)·dy over [rows, cols] from the activation's output y, and (db given)
 * db = Σ over rows of dz, accumulated in float64 from 0 as the reference sum does.
 */
export function activationBackwardLoop(
  dy: Float32Array,
  y: Float32Array,
  dz: Float32Array,
  db: Float32Array | null,
  rows: number,
  cols: number,
  act: FusedActivation,
): void {
  const n = rows * cols;
  switch (act) {
    case 'linear':
      dz.set(dy.subarray(0, n));
      break;
    case 'softmax':
      // y·(dy − Σ dy·y), as mul, sum, sub and mul round it.
      for (let r = 0; r < rows; r++) {
        const base = r * cols;
        let s = 0;
        for (let j = 0; j < cols; j++) {
          const t = fround(dy[base + j]! * y[base + j]!);
          s += t;
        }
        const sf = fround(s);
        for (let j = 0; j < cols; j++) {
          const u = fround(dy[base + j]! - sf);
          dz[base + j] = y[base + j]! * u;
        }
      }
      break;
    default: {
      const fn = BINARY_FNS[`${act}Grad`];
      for (let i = 0; i < n; i++) dz[i] = fn(dy[i]!, y[i]!);
    }
  }
  if (db) {
    const acc = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let j = 0; j < cols; j++) acc[j]! += dz[base + j]!;
    }
    db.set(acc);
  }
}

/**
 * Per-row cross-entropy of probabilities p [rows, n] with targets t [rows, n] or one-hot
 * targets from int32 labels: out[r] = −Σⱼ tⱼ·log(clip(pⱼ / Σₖ pₖ, lo, hi)), rounded as
 * sum, div, clipByValue, log, mul, sum and neg round it.
 */
export function crossEntropyProbsLoop(
  p: Float32Array,
  t: Float32Array | null,
  labels: Int32Array | null,
  out: Float32Array,
  rows: number,
  n: number,
  lo: number,
  hi: number,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += p[base + j]!;
    const sf = fround(s);
    const label = labels ? labels[r]! : -1;
    let acc = 0;
    for (let j = 0; j < n; j++) {
      const q = fround(p[base + j]! / sf);
      const c = fround(q < lo ? lo : q > hi ? hi : q);
      const l = fround(Math.log(c));
      const tj = t ? t[base + j]! : j === label ? 1 : 0;
      acc += fround(tj * l);
    }
    out[r] = -fround(acc);
  }
}

/**
 * The gradient of crossEntropyProbsLoop with respect to p for g [rows]: with s = Σp,
 * q = p / s, mⱼ = [lo ≤ qⱼ ≤ hi], aⱼ = −tⱼ·mⱼ / qⱼ and T = Σⱼ tⱼ·mⱼ, dpⱼ = g·(aⱼ + T) / s.
 */
export function crossEntropyProbsGradLoop(
  p: Float32Array,
  t: Float32Array | null,
  labels: Int32Array | null,
  g: Float32Array,
  dp: Float32Array,
  rows: number,
  n: number,
  lo: number,
  hi: number,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += p[base + j]!;
    const sf = fround(s);
    const label = labels ? labels[r]! : -1;
    let total = 0;
    for (let j = 0; j < n; j++) {
      const q = fround(p[base + j]! / sf);
      if (q >= lo && q <= hi) total += t ? t[base + j]! : j === label ? 1 : 0;
    }
    const gs = g[r]! / sf;
    for (let j = 0; j < n; j++) {
      const q = fround(p[base + j]! / sf);
      const tj = t ? t[base + j]! : j === label ? 1 : 0;
      const a = q >= lo && q <= hi ? -tj / q : 0;
      dp[base + j] = gs * (a + total);
    }
  }
}

/**
 * One Adam step, rounded to float32 after every operation in the order of the unfused ops
 * (`m + (g − m)·c1`, `v + (g² − v)·c2`, `x − (m'·alpha) / (√v' + eps)`); the constants are
 * float32 as scalar tensors would hold them. Outputs may alias inputs.
 */
export function adamStepLoop(
  x: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  xOut: Float32Array,
  mOut: Float32Array,
  vOut: Float32Array,
  alpha: number,
  beta1: number,
  beta2: number,
  epsilon: number,
): void {
  const c1 = fround(1 - beta1);
  const c2 = fround(1 - beta2);
  const a = fround(alpha);
  const eps = fround(epsilon);
  for (let i = 0; i < x.length; i++) {
    const gi = g[i]!;
    const mi = m[i]!;
    const vi = v[i]!;
    const m2 = fround(mi + fround(fround(gi - mi) * c1));
    const v2 = fround(vi + fround(fround(fround(gi * gi) - vi) * c2));
    const step = fround(fround(m2 * a) / fround(fround(Math.sqrt(v2)) + eps));
    xOut[i] = x[i]! - step;
    mOut[i] = m2;
    vOut[i] = v2;
  }
}
