/**
 * Fused kernels of the training step: the dense layer's epilogue (bias and activation over
 * a matMul product, in place) and its backward (activation gradient and bias gradient in
 * one pass), and cross-entropy on probabilities (forward and gradient). Each rounds exactly
 * as the unfused kernels it replaces (see rows.ts), except the cross-entropy gradient, which
 * is the same formula in fewer roundings.
 */
import {
  ACT_LINEAR,
  ACT_RELU,
  ACT_RELU6,
  ACT_SIGMOID,
  ACT_SOFTMAX,
  ACT_TANH,
  activate,
  activationGrad,
  slog,
  sumRun,
} from './rows';
import { softmax } from './softmax';
import { vlog } from './vmath';

export const act_linear: i32 = ACT_LINEAR;
export const act_relu: i32 = ACT_RELU;
export const act_relu6: i32 = ACT_RELU6;
export const act_sigmoid: i32 = ACT_SIGMOID;
export const act_tanh: i32 = ACT_TANH;
export const act_softmax: i32 = ACT_SOFTMAX;

// @ts-ignore: decorator
@inline
function epilogue(act: i32, z: usize, bias: usize, rows: i32, cols: i32): void {
  const step = <usize>cols << 2;
  const hasBias = bias != 0;
  for (let r = 0; r < rows; r++) {
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const p = <usize>j << 2;
      let v = v128.load(z + p);
      if (hasBias) v = f32x4.add(v, v128.load(bias + p));
      v128.store(z + p, activate(act, v));
    }
    for (; j < cols; j++) {
      const p = <usize>j << 2;
      let v = load<f32>(z + p);
      if (hasBias) v = v + load<f32>(bias + p);
      store<f32>(z + p, f32x4.extract_lane(activate(act, f32x4.splat(v)), 0));
    }
    z += step;
  }
}

/**
 * In place over the [rows, cols] product z: z = act(z + bias) (bias: `cols` floats, or 0
 * for none), as add then the activation's kernel would compute it.
 */
export function biasActivation(z: usize, bias: usize, rows: i32, cols: i32, act: i32): void {
  switch (act) {
    case ACT_LINEAR: epilogue(ACT_LINEAR, z, bias, rows, cols); break;
    case ACT_RELU: epilogue(ACT_RELU, z, bias, rows, cols); break;
    case ACT_RELU6: epilogue(ACT_RELU6, z, bias, rows, cols); break;
    case ACT_SIGMOID: epilogue(ACT_SIGMOID, z, bias, rows, cols); break;
    case ACT_TANH: epilogue(ACT_TANH, z, bias, rows, cols); break;
    case ACT_SOFTMAX:
      if (bias != 0) epilogue(ACT_LINEAR, z, bias, rows, cols);
      softmax(z, z, rows, cols, false);
      break;
    default: unreachable();
  }
}

/** db (+)= the row at dz, in reduceOuter's order: the first row copied, then added. */
// @ts-ignore: decorator
@inline
function accumulate(db: usize, dz: usize, cols: i32, first: bool): void {
  if (first) {
    memory.copy(db, dz, <usize>cols << 2);
    return;
  }
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const p = <usize>j << 2;
    v128.store(db + p, f32x4.add(v128.load(db + p), v128.load(dz + p)));
  }
  for (; j < cols; j++) {
    const p = <usize>j << 2;
    store<f32>(db + p, load<f32>(db + p) + load<f32>(dz + p));
  }
}

// @ts-ignore: decorator
@inline
function gradRows(act: i32, dy: usize, y: usize, dz: usize, db: usize, rows: i32, cols: i32): void {
  const step = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    if (act == ACT_SOFTMAX) {
      // y·(dy − Σ dy·y), as mul, sum (reduceInner), sub and mul compute it.
      let j = 0;
      for (; j + 4 <= cols; j += 4) {
        const p = <usize>j << 2;
        v128.store(dz + p, f32x4.mul(v128.load(dy + p), v128.load(y + p)));
      }
      for (; j < cols; j++) {
        const p = <usize>j << 2;
        store<f32>(dz + p, load<f32>(dy + p) * load<f32>(y + p));
      }
      const s = sumRun(dz, cols);
      const sv = f32x4.splat(s);
      j = 0;
      for (; j + 4 <= cols; j += 4) {
        const p = <usize>j << 2;
        v128.store(dz + p, f32x4.mul(v128.load(y + p), f32x4.sub(v128.load(dy + p), sv)));
      }
      for (; j < cols; j++) {
        const p = <usize>j << 2;
        store<f32>(dz + p, load<f32>(y + p) * (load<f32>(dy + p) - s));
      }
    } else {
      let j = 0;
      for (; j + 4 <= cols; j += 4) {
        const p = <usize>j << 2;
        v128.store(dz + p, activationGrad(act, v128.load(dy + p), v128.load(y + p)));
      }
      for (; j < cols; j++) {
        const p = <usize>j << 2;
        const g = activationGrad(act, f32x4.splat(load<f32>(dy + p)), f32x4.splat(load<f32>(y + p)));
        store<f32>(dz + p, f32x4.extract_lane(g, 0));
      }
    }
    if (db != 0) accumulate(db, dz, cols, r == 0);
    dy += step;
    y += step;
    dz += step;
  }
}

/**
 * The backward of biasActivation from its output y: dz = act'(y)·dy over [rows, cols], and
 * (db non-zero, rows > 1 and cols > 1) db = Σ over rows of dz, summed as reduceOuter does.
 */
export function activationBackward(
  dy: usize,
  y: usize,
  dz: usize,
  db: usize,
  rows: i32,
  cols: i32,
  act: i32,
): void {
  switch (act) {
    case ACT_LINEAR: gradRows(ACT_LINEAR, dy, y, dz, db, rows, cols); break;
    case ACT_RELU: gradRows(ACT_RELU, dy, y, dz, db, rows, cols); break;
    case ACT_RELU6: gradRows(ACT_RELU6, dy, y, dz, db, rows, cols); break;
    case ACT_SIGMOID: gradRows(ACT_SIGMOID, dy, y, dz, db, rows, cols); break;
    case ACT_TANH: gradRows(ACT_TANH, dy, y, dz, db, rows, cols); break;
    case ACT_SOFTMAX: gradRows(ACT_SOFTMAX, dy, y, dz, db, rows, cols); break;
    default: unreachable();
  }
}

let scratch: usize = 0;
let scratchCap: usize = 0;

/** A scratch row of at least `bytes` bytes (contents not kept). */
function scratchRow(bytes: usize): usize {
  if (bytes > scratchCap) {
    if (scratch != 0) heap.free(scratch);
    scratch = 0;
    scratchCap = 0;
    scratch = heap.alloc(bytes);
    scratchCap = bytes;
  }
  return scratch;
}

/** Target weight of class j in a row: the soft label, or 1 at the sparse label. */
// @ts-ignore: decorator
@inline
function target(t: usize, label: i32, j: i32): f32 {
  return t != 0 ? load<f32>(t + (<usize>j << 2)) : j == label ? <f32>1 : <f32>0;
}

/**
 * Per-row cross-entropy of probabilities p [rows, n] with targets t [rows, n] (or, t = 0,
 * int32 labels [rows]): out[r] = −Σⱼ tⱼ·log(clip(pⱼ / Σₖ pₖ, lo, hi)), rounded step by step
 * as sum, div, clip, log, mul, sum and neg compute it.
 */
export function crossEntropyProbs(
  p: usize,
  t: usize,
  labels: usize,
  out: usize,
  rows: i32,
  n: i32,
  lo: f32,
  hi: f32,
): void {
  const row = scratchRow(<usize>n << 2);
  const step = <usize>n << 2;
  const vlo = f32x4.splat(lo);
  const vhi = f32x4.splat(hi);
  for (let r = 0; r < rows; r++) {
    const label = t == 0 ? load<i32>(labels + (<usize>r << 2)) : -1;
    const s = sumRun(p, n);
    const sv = f32x4.splat(s);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      const c = f32x4.min(f32x4.max(f32x4.div(v128.load(p + o), sv), vlo), vhi);
      // Sparse: the one-hot row, 1 where the lane's class is the label, else +0.
      const tv = t != 0
        ? v128.load(t + o)
        : v128.and(
            i32x4.eq(i32x4.add(i32x4.splat(j), i32x4(0, 1, 2, 3)), i32x4.splat(label)),
            f32x4.splat(1),
          );
      v128.store(row + o, f32x4.mul(tv, vlog(c)));
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      const c = min<f32>(max<f32>(load<f32>(p + o) / s, lo), hi);
      store<f32>(row + o, target(t, label, j) * slog(c));
    }
    store<f32>(out + (<usize>r << 2), -sumRun(row, n));
    p += step;
    if (t != 0) t += step;
  }
}

/**
 * The gradient of crossEntropyProbs with respect to p, given g [rows] (the gradient of
 * each row's value): with q = p / Σp, mⱼ = [lo ≤ qⱼ ≤ hi] (where the clip passes the
 * gradient), aⱼ = −tⱼ·mⱼ / qⱼ and T = Σⱼ tⱼ·mⱼ, dpⱼ = g·(aⱼ + T) / Σp.
 */
export function crossEntropyProbsGrad(
  p: usize,
  t: usize,
  labels: usize,
  g: usize,
  dp: usize,
  rows: i32,
  n: i32,
  lo: f32,
  hi: f32,
): void {
  const step = <usize>n << 2;
  for (let r = 0; r < rows; r++) {
    const label = t == 0 ? load<i32>(labels + (<usize>r << 2)) : -1;
    const s = sumRun(p, n);
    let total: f32 = 0;
    for (let j = 0; j < n; j++) {
      const q = load<f32>(p + (<usize>j << 2)) / s;
      if (q >= lo && q <= hi) total += target(t, label, j);
    }
    const gs = load<f32>(g + (<usize>r << 2)) / s;
    for (let j = 0; j < n; j++) {
      const o = <usize>j << 2;
      const q = load<f32>(p + o) / s;
      const a: f32 = q >= lo && q <= hi ? -target(t, label, j) / q : 0;
      store<f32>(dp + o, gs * (a + total));
    }
    p += step;
    dp += step;
    if (t != 0) t += step;
  }
}
