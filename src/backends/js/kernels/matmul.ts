/**
 * Reference batched matMul. Each output element is Σₚ a·b accumulated in float64 in order
 * of p, then rounded once to float32 (the products of float32 values are exact in
 * float64, so the result does not depend on how the loops are blocked). For speed, op(B)
 * is packed in panels of 4 columns and op(A) in blocks of 4 rows (both as float64), and
 * each 4×4 block of the output is accumulated in 16 local variables over all of k.
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
  const panels = Math.ceil(n / 4);
  // Panel q holds columns 4q..4q+3 of op(b), step p at bPack[(q*k + p)*4 ..]; zeros pad.
  const bPack = new Float64Array(panels * k * 4);
  const aPack = new Float64Array(k * 4);
  for (let t = 0; t < batch; t++) {
    const aOff = (batchA === 1 ? 0 : t) * m * k;
    const bOff = (batchB === 1 ? 0 : t) * k * n;
    const oOff = t * m * n;
    if (t === 0 || batchB !== 1) {
      bPack.fill(0);
      for (let q = 0; q < panels; q++) {
        const cols = Math.min(4, n - 4 * q);
        for (let p = 0; p < k; p++) {
          const src = bOff + bp * p + bj * 4 * q;
          const dst = (q * k + p) * 4;
          for (let c = 0; c < cols; c++) bPack[dst + c] = b[src + bj * c]!;
        }
      }
    }
    for (let i0 = 0; i0 < m; i0 += 4) {
      const rows = Math.min(4, m - i0);
      aPack.fill(0);
      for (let r = 0; r < rows; r++) {
        const src = aOff + ai * (i0 + r);
        for (let p = 0; p < k; p++) aPack[p * 4 + r] = a[src + ap * p]!;
      }
      for (let q = 0; q < panels; q++) {
        let c00 = 0,
          c01 = 0,
          c02 = 0,
          c03 = 0;
        let c10 = 0,
          c11 = 0,
          c12 = 0,
          c13 = 0;
        let c20 = 0,
          c21 = 0,
          c22 = 0,
          c23 = 0;
        let c30 = 0,
          c31 = 0,
          c32 = 0,
          c33 = 0;
        let bi = q * k * 4;
        for (let p4 = 0; p4 < k * 4; p4 += 4) {
          const b0 = bPack[bi]!;
          const b1 = bPack[bi + 1]!;
          const b2 = bPack[bi + 2]!;
          const b3 = bPack[bi + 3]!;
          bi += 4;
          const a0 = aPack[p4]!;
          const a1 = aPack[p4 + 1]!;
          const a2 = aPack[p4 + 2]!;
          const a3 = aPack[p4 + 3]!;
          c00 += a0 * b0;
          c01 += a0 * b1;
          c02 += a0 * b2;
          c03 += a0 * b3;
          c10 += a1 * b0;
          c11 += a1 * b1;
          c12 += a1 * b2;
          c13 += a1 * b3;
          c20 += a2 * b0;
          c21 += a2 * b1;
          c22 += a2 * b2;
          c23 += a2 * b3;
          c30 += a3 * b0;
          c31 += a3 * b1;
          c32 += a3 * b2;
          c33 += a3 * b3;
        }
        const j = 4 * q;
        const cols = Math.min(4, n - j);
        const o = oOff + i0 * n + j;
        store(out, o, cols, c00, c01, c02, c03);
        if (rows > 1) store(out, o + n, cols, c10, c11, c12, c13);
        if (rows > 2) store(out, o + 2 * n, cols, c20, c21, c22, c23);
        if (rows > 3) store(out, o + 3 * n, cols, c30, c31, c32, c33);
      }
    }
  }
}

function store(
  out: Float32Array,
  o: number,
  cols: number,
  v0: number,
  v1: number,
  v2: number,
  v3: number,
): void {
  out[o] = v0;
  if (cols > 1) out[o + 1] = v1;
  if (cols > 2) out[o + 2] = v2;
  if (cols > 3) out[o + 3] = v3;
}
