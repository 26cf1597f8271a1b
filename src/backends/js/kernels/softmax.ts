/** Reference softmax and log-softmax along the last axis, max-shifted for stability. */
export function softmaxLoop(x: Float32Array, n: number, out: Float32Array, log: boolean): void {
  const rows = n === 0 ? 0 : x.length / n;
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = x[base + i]!;
      if (v > max || v !== v) max = v;
    }
    if (max === -Infinity) max = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.exp(x[base + i]! - max);
    if (log) {
      const lse = Math.log(sum);
      for (let i = 0; i < n; i++) out[base + i] = x[base + i]! - max - lse;
    } else {
      for (let i = 0; i < n; i++) out[base + i] = Math.exp(x[base + i]! - max) / sum;
    }
  }
}
