/**
 * The js backend's blocked loops against plain reference loops: matMul (every transpose
 * and batch case, edge sizes around the 4×4 blocks; bit for bit, since both sum float64
 * products in order of k) and tile (any rank and repetition count).
 */
import { expect, test } from 'vitest';
import { matMulLoop } from '../../../src/backends/js/kernels/matmul.js';
import { tileLoop } from '../../../src/backends/js/kernels/transform.js';
import { Random } from '../../../src/random/prng.js';

function randn(n: number, seed: number): Float32Array {
  const r = new Random(seed);
  return Float32Array.from({ length: n }, () => r.normal());
}

function naiveMatMul(
  a: Float32Array,
  b: Float32Array,
  batchA: number,
  batchB: number,
  m: number,
  k: number,
  n: number,
  tA: boolean,
  tB: boolean,
): Float32Array {
  const batch = Math.max(batchA, batchB);
  const out = new Float32Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    const ao = (batchA === 1 ? 0 : t) * m * k;
    const bo = (batchB === 1 ? 0 : t) * k * n;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = a[ao + (tA ? p * m + i : i * k + p)]!;
          const bv = b[bo + (tB ? j * k + p : p * n + j)]!;
          s += av * bv;
        }
        out[t * m * n + i * n + j] = s;
      }
  }
  return out;
}

test('matMulLoop equals the plain triple loop bit for bit', () => {
  const shapes = [
    [1, 1, 1],
    [1, 5, 3],
    [3, 1, 5],
    [4, 4, 4],
    [5, 7, 9],
    [9, 13, 6],
    [2, 0, 3],
  ];
  for (const [m, k, n] of shapes as [number, number, number][]) {
    for (const [ba, bb] of [
      [1, 1],
      [3, 1],
      [1, 2],
      [2, 2],
    ]) {
      for (const tA of [false, true]) {
        for (const tB of [false, true]) {
          const a = randn(ba! * m * k, m * 100 + k + ba!);
          const b = randn(bb! * k * n, k * 100 + n + bb!);
          const out = new Float32Array(Math.max(ba!, bb!) * m * n).fill(NaN);
          matMulLoop(a, b, out, ba!, bb!, m, k, n, tA, tB);
          const want = naiveMatMul(a, b, ba!, bb!, m, k, n, tA, tB);
          expect(Array.from(out), `${ba}x${m}x${k} · ${bb}x${k}x${n} ${tA} ${tB}`).toEqual(
            Array.from(want),
          );
        }
      }
    }
  }
});

test('tileLoop repeats blocks as the index formula says', () => {
  const cases: [number[], number[]][] = [
    [[], []],
    [[1], [40]],
    [[3], [1]],
    [
      [2, 3],
      [2, 3],
    ],
    [
      [4, 1],
      [1, 300],
    ],
    [
      [1, 5],
      [70, 1],
    ],
    [
      [2, 1, 3],
      [3, 4, 2],
    ],
    [
      [2, 0],
      [2, 2],
    ],
  ];
  for (const [shape, reps] of cases) {
    const size = shape.reduce((a, b) => a * b, 1);
    const x = Float32Array.from({ length: size }, (_, i) => i + 1);
    const outShape = shape.map((d, i) => d * reps[i]!);
    const total = outShape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(total);
    tileLoop(x, shape, reps, out);
    const want = new Float32Array(total);
    for (let o = 0; o < total; o++) {
      let rem = o;
      let src = 0;
      let stride = 1;
      for (let d = shape.length - 1; d >= 0; d--) {
        const idx = rem % outShape[d]!;
        rem = Math.floor(rem / outShape[d]!);
        src += (idx % shape[d]!) * stride;
        stride *= shape[d]!;
      }
      want[o] = x[src]!;
    }
    expect(Array.from(out), `${shape} x ${reps}`).toEqual(Array.from(want));
  }
});
