/**
 * Float64 reference formulas, written from their textbook definitions (REFERENCE.md §4),
 * independent of the kernels in src/backends/js/kernels/scalar-math.ts.
 */

/** erf by its Taylor series (accurate to ~1e-13 for |x| <= 4). */
export function erfRef(x: number): number {
  if (Math.abs(x) > 5) return Math.sign(x);
  let term = x;
  let s = x;
  for (let n = 1; n < 120; n++) {
    term *= (-x * x) / n;
    s += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * s;
}

export const SELU_ALPHA = 1.6732632423543772; // 1.6732632423543772848170429916717
export const SELU_LAMBDA = 1.0507009873554805; // 1.0507009873554804934193349852946

export const sigmoidRef = (x: number): number => 1 / (1 + Math.exp(-x));

/** Activation definitions of Keras 3 (and `step`, Neurite's Heaviside). */
export const ACTIVATIONS_REF = {
  relu: (x: number) => Math.max(x, 0),
  relu6: (x: number) => Math.min(Math.max(x, 0), 6),
  leakyRelu: (x: number, a = 0.2) => (x > 0 ? x : a * x),
  elu: (x: number, a = 1) => (x >= 0 ? x : a * (Math.exp(x) - 1)),
  selu: (x: number) => SELU_LAMBDA * (x >= 0 ? x : SELU_ALPHA * (Math.exp(x) - 1)),
  sigmoid: sigmoidRef,
  tanh: Math.tanh,
  softplus: (x: number) => Math.log(1 + Math.exp(x)),
  softsign: (x: number) => x / (1 + Math.abs(x)),
  silu: (x: number) => x * sigmoidRef(x),
  geluExact: (x: number) => 0.5 * x * (1 + erfRef(x / Math.SQRT2)),
  geluTanh: (x: number) =>
    0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
  step: (x: number, t = 0) => (x >= t ? 1 : 0),
  hardSigmoid: (x: number) => Math.min(Math.max(x / 6 + 0.5, 0), 1),
  hardSilu: (x: number) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
  mish: (x: number) => x * Math.tanh(Math.log(1 + Math.exp(x))),
};

/** Row-wise softmax of a row-major [rows, n] array in float64. */
export function softmaxRef(values: readonly number[], n: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < values.length / n; r++) {
    const row = values.slice(r * n, r * n + n);
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((v) => v / s));
  }
  return out;
}

/** Plain triple-loop matrix product of row-major [m,k] and [k,n] arrays in float64. */
export function matMulRef(
  a: readonly number[],
  b: readonly number[],
  m: number,
  k: number,
  n: number,
): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      out[i * n + j] = s;
    }
  return out;
}

/** Transpose of a row-major [r, c] array. */
export function transposeRef(a: readonly number[], r: number, c: number): number[] {
  const out = new Array<number>(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j]!;
  return out;
}
