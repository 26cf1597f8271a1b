/**
 * Reference batched matMul. Transposes are handled by strides; the inner loop runs along
 * contiguous memory of b (i-k-j order) so even the reference backend is usable.
 */
export function matMulLoop(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  batchA: number,
  batchB: number,
  m: number,
  k: number,
  n: number,
  transposeA: boolean,
  transposeB: boolean,
): void {
  const batch = Math.max(batchA, batchB);
  // Element (i, p) of op(a) is at ai*i + ap*p; element (p, j) of op(b) at bp*p + bj*j.
  const [ai, ap] = transposeA ? [1, m] : [k, 1];
  const [bp, bj] = transposeB ? [1, k] : [n, 1];
  const row = new Float64Array(n);
  for (let t = 0; t < batch; t++) {
    const aOff = (batchA === 1 ? 0 : t) * m * k;
    const bOff = (batchB === 1 ? 0 : t) * k * n;
    const oOff = t * m * n;
    for (let i = 0; i < m; i++) {
      row.fill(0);
      for (let p = 0; p < k; p++) {
        const av = a[aOff + ai * i + ap * p]!;
        const bBase = bOff + bp * p;
        for (let j = 0; j < n; j++) row[j]! += av * b[bBase + bj * j]!;
      }
      for (let j = 0; j < n; j++) out[oOff + i * n + j] = row[j]!;
    }
  }
}
