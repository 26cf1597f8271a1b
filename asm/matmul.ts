/**
 * Batched float32 matrix product C = op(A) · op(B) (op: identity or transpose), GotoBLAS
 * style: op(B) is packed in KC x NR slivers, op(A) in MR x KC slivers (zero-padded past
 * the edges), and a 4x8 register-blocked f32x4 micro-kernel accumulates each C tile over a
 * k block. Full slivers of a row-major op(B) or a transposed op(A) are read in place
 * instead (a dense layer's weights are not copied on every forward product). Edge tiles
 * are computed into a scratch tile and copied. Pack buffers are allocated once from the
 * heap and grown on demand.
 */
import { t4 } from './transpose';

// @ts-ignore: decorator
@inline const MR: i32 = 4;
// @ts-ignore: decorator
@inline const NR: i32 = 8;
// @ts-ignore: decorator
@inline const KC: i32 = 256;
// @ts-ignore: decorator
@inline const MC: i32 = 128;
// @ts-ignore: decorator
@inline const NC: i32 = 2048;

// This thread's buffers (from the heap, so that other threads sharing the memory, which
// bring their own, never touch them; static data is rewritten when a module instantiates).
let tile: usize = 0;
let packA: usize = 0;
let packACap: usize = 0;
let packB: usize = 0;
let packBCap: usize = 0;

/** Grows the pack buffers to at least the given sizes (contents are not kept). */
function reserve(aBytes: usize, bBytes: usize): void {
  if (tile == 0) tile = heap.alloc(MR * NR * 4);
  if (aBytes > packACap) {
    // Forget the old block first, so that a failed allocation leaves no dangling pointer.
    if (packA != 0) heap.free(packA);
    packA = 0;
    packACap = 0;
    packA = heap.alloc(aBytes);
    packACap = aBytes;
  }
  if (bBytes > packBCap) {
    if (packB != 0) heap.free(packB);
    packB = 0;
    packBCap = 0;
    packB = heap.alloc(bBytes);
    packBCap = bBytes;
  }
}

/**
 * The MR x NR tile C[0..4, 0..8) (row stride ldc bytes) = (acc ? C : 0) + Σ_p a[p]ᵀ b[p]
 * over `kc` steps of an A sliver (4 floats per step, `aStep` bytes apart: 16 packed, or the
 * row stride of a transposed A read in place) and a B sliver (8 floats per step, `bStep`
 * bytes apart: 32 packed, or a row-major op(B)'s row stride read in place).
 * Inlined: as a called function V8 ran it 20% slower.
 */
// @ts-ignore: decorator
@inline
function kernel(
  kc: i32, a: usize, aStep: usize, b: usize, bStep: usize, c: usize, ldc: usize, acc: bool,
): void {
  let c00 = f32x4.splat(0);
  let c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  // (Unrolling this loop by two made V8 spill accumulators: 25% slower.)
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let av = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(av, b0));
    c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0));
    c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(av, b0));
    c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(av, b0));
    c31 = f32x4.add(c31, f32x4.mul(av, b1));
    a += aStep;
    b += bStep;
  }
  const c1 = c + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c1));
    c11 = f32x4.add(c11, v128.load(c1, 16));
    c20 = f32x4.add(c20, v128.load(c2));
    c21 = f32x4.add(c21, v128.load(c2, 16));
    c30 = f32x4.add(c30, v128.load(c3));
    c31 = f32x4.add(c31, v128.load(c3, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c1, c10);
  v128.store(c1, c11, 16);
  v128.store(c2, c20);
  v128.store(c2, c21, 16);
  v128.store(c3, c30);
  v128.store(c3, c31, 16);
}

/**
 * Packs op(A)[i0 .. i0+rows, p0 .. p0+kc) as a sliver: dst[p*MR + ii], zero rows past
 * `rows`. op(A)[i, p] lives at a + 4*(i*ai + p*ap).
 */
function packASliver(a: usize, ai: i32, ap: i32, i0: i32, rows: i32, p0: i32, kc: i32, dst: usize): void {
  if (rows == MR && ai == 1) {
    // op(A) = Aᵀ: the 4 rows at step p are contiguous.
    let src = a + ((<usize>p0 * <usize>ap + <usize>i0) << 2);
    const step = <usize>ap << 2;
    for (let p = 0; p < kc; p++) {
      v128.store(dst + (<usize>p << 4), v128.load(src));
      src += step;
    }
    return;
  }
  if (rows == MR && ap == 1) {
    // op(A) = A: transpose 4x4 blocks of the 4 rows.
    const rs = <usize>ai << 2;
    const src = a + ((<usize>i0 * <usize>ai + <usize>p0) << 2);
    let p = 0;
    for (; p + 4 <= kc; p += 4) t4(src + (<usize>p << 2), rs, dst + (<usize>p << 4), 16);
    for (; p < kc; p++) {
      for (let ii = 0; ii < MR; ii++) {
        store<f32>(dst + (<usize>(p * MR + ii) << 2), load<f32>(src + <usize>ii * rs + (<usize>p << 2)));
      }
    }
    return;
  }
  if (ai == 1) {
    // op(A) = Aᵀ, fewer than MR rows (the last sliver): `rows` contiguous floats a step.
    let src = a + ((<usize>p0 * <usize>ap + <usize>i0) << 2);
    const step = <usize>ap << 2;
    for (let p = 0; p < kc; p++) {
      const d = dst + (<usize>p << 4);
      v128.store(d, f32x4.splat(0));
      for (let ii = 0; ii < rows; ii++) store<f32>(d + (<usize>ii << 2), load<f32>(src + (<usize>ii << 2)));
      src += step;
    }
    return;
  }
  for (let p = 0; p < kc; p++) {
    for (let ii = 0; ii < MR; ii++) {
      const v: f32 =
        ii < rows ? load<f32>(a + ((<usize>(i0 + ii) * <usize>ai + <usize>(p0 + p) * <usize>ap) << 2)) : 0;
      store<f32>(dst + (<usize>(p * MR + ii) << 2), v);
    }
  }
}

/**
 * Packs op(B)[p0 .. p0+kc, j0 .. j0+cols) as a sliver: dst[p*NR + jj], zero columns past
 * `cols`. op(B)[p, j] lives at b + 4*(p*bp + j*bj).
 */
function packBSliver(b: usize, bp: i32, bj: i32, p0: i32, kc: i32, j0: i32, cols: i32, dst: usize): void {
  if (cols == NR && bj == 1) {
    let src = b + ((<usize>p0 * <usize>bp + <usize>j0) << 2);
    const step = <usize>bp << 2;
    for (let p = 0; p < kc; p++) {
      const d = dst + (<usize>p << 5);
      v128.store(d, v128.load(src));
      v128.store(d, v128.load(src, 16), 16);
      src += step;
    }
    return;
  }
  if (cols == NR && bp == 1) {
    // op(B) = Bᵀ: the 8 columns are rows of B; transpose two 4x4 blocks per 4 steps.
    const rs = <usize>bj << 2;
    const src = b + ((<usize>j0 * <usize>bj + <usize>p0) << 2);
    let p = 0;
    for (; p + 4 <= kc; p += 4) {
      t4(src + (<usize>p << 2), rs, dst + (<usize>p << 5), 32);
      t4(src + 4 * rs + (<usize>p << 2), rs, dst + (<usize>p << 5) + 16, 32);
    }
    for (; p < kc; p++) {
      for (let jj = 0; jj < NR; jj++) {
        store<f32>(dst + (<usize>(p * NR + jj) << 2), load<f32>(src + <usize>jj * rs + (<usize>p << 2)));
      }
    }
    return;
  }
  if (bj == 1) {
    // Fewer than NR columns (the last sliver) of a row-major op(B): `cols` floats a step.
    let src = b + ((<usize>p0 * <usize>bp + <usize>j0) << 2);
    const step = <usize>bp << 2;
    const zero = f32x4.splat(0);
    for (let p = 0; p < kc; p++) {
      const d = dst + (<usize>p << 5);
      let jj = 0;
      if (cols >= 4) {
        v128.store(d, v128.load(src));
        v128.store(d, zero, 16);
        jj = 4;
      } else {
        v128.store(d, zero);
        v128.store(d, zero, 16);
      }
      for (; jj < cols; jj++) store<f32>(d + (<usize>jj << 2), load<f32>(src + (<usize>jj << 2)));
      src += step;
    }
    return;
  }
  for (let p = 0; p < kc; p++) {
    for (let jj = 0; jj < NR; jj++) {
      const v: f32 =
        jj < cols ? load<f32>(b + ((<usize>(p0 + p) * <usize>bp + <usize>(j0 + jj) * <usize>bj) << 2)) : 0;
      store<f32>(dst + (<usize>(p * NR + jj) << 2), v);
    }
  }
}

/**
 * One product: C[m x n] (row-major, rows `ldc` bytes apart) = op(A) · op(B), or with
 * `accumulate` C += op(A) · op(B), packing into `pA` and `pB` (see packABytes,
 * packBBytes) with `tile` (MR·NR floats) for edge tiles. op(A)[i, p] lives at
 * a + 4*(i*ai + p*ap), op(B)[p, j] at b + 4*(p*bp + j*bj). With k = 0 it writes nothing.
 */
export function gemm(
  a: usize, ai: i32, ap: i32, b: usize, bp: i32, bj: i32, c: usize, ldc: usize,
  m: i32, k: i32, n: i32, pA: usize, pB: usize, tile: usize, accumulate: bool,
): void {
  // Split k into equal blocks of at most KC, so that no block is a sliver.
  const kBlocks = (k + KC - 1) / KC;
  const kcMax = (k + kBlocks - 1) / kBlocks;
  const directB = bj == 1;
  const directA = ai == 1;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kcMax) {
      const kc = min(kcMax, k - pc);
      const acc = pc > 0 || accumulate;
      // A row-major op(B)'s full slivers are read in place (each element is used as it is
      // stored, so the sums are those of a packed sliver); the rest are packed.
      for (let jp = directB ? nc & ~(NR - 1) : 0; jp < nc; jp += NR) {
        packBSliver(b, bp, bj, pc, kc, jc + jp, min(NR, nc - jp), pB + (<usize>(jp * kc) << 2));
      }
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        // Likewise a transposed A's full slivers (MR contiguous floats a step).
        for (let ip = directA ? mc & ~(MR - 1) : 0; ip < mc; ip += MR) {
          packASliver(a, ai, ap, ic + ip, min(MR, mc - ip), pc, kc, pA + (<usize>(ip * kc) << 2));
        }
        for (let jp = 0; jp < nc; jp += NR) {
          const cols = min(NR, nc - jp);
          const inPlace = directB && cols == NR;
          const bs = inPlace
            ? b + ((<usize>pc * <usize>bp + <usize>(jc + jp)) << 2)
            : pB + (<usize>(jp * kc) << 2);
          const bStep: usize = inPlace ? <usize>bp << 2 : NR * 4;
          for (let ip = 0; ip < mc; ip += MR) {
            const rows = min(MR, mc - ip);
            const aInPlace = directA && rows == MR;
            const as = aInPlace
              ? a + ((<usize>pc * <usize>ap + <usize>(ic + ip)) << 2)
              : pA + (<usize>(ip * kc) << 2);
            const aStep: usize = aInPlace ? <usize>ap << 2 : MR * 4;
            const ct = c + <usize>(ic + ip) * ldc + (<usize>(jc + jp) << 2);
            if (rows == MR && cols == NR) {
              kernel(kc, as, aStep, bs, bStep, ct, ldc, acc);
            } else {
              kernel(kc, as, aStep, bs, bStep, tile, NR * 4, false);
              for (let ii = 0; ii < rows; ii++) {
                for (let jj = 0; jj < cols; jj++) {
                  const dst = ct + <usize>ii * ldc + (<usize>jj << 2);
                  const v = load<f32>(tile + (<usize>(ii * NR + jj) << 2));
                  store<f32>(dst, acc ? load<f32>(dst) + v : v);
                }
              }
            }
          }
        }
      }
    }
  }
}

/** Bytes of the A pack buffer for products of `rows` rows over `k`. */
export function packABytes(rows: i32, k: i32): usize {
  return <usize>((min(rows, MC) + MR - 1) & ~(MR - 1)) * <usize>min(k, KC) * 4;
}

/** Bytes of the B pack buffer for products of `cols` columns over `k`. */
export function packBBytes(cols: i32, k: i32): usize {
  return <usize>((min(cols, NC) + NR - 1) & ~(NR - 1)) * <usize>min(k, KC) * 4;
}

/**
 * Rows [r0, r1) and columns [c0, c1) of every product of matMul (below; rows count the
 * merged rows when matMul merges a batch of A into one product), packing into `pA` and
 * `pB` (at least packABytes(r1 − r0, k) and packBBytes(c1 − c0, k) bytes) with `tileBuf`
 * (MR·NR floats). Touches nothing else, so threads sharing the memory may each compute a
 * part of one product; each element is summed exactly as the whole product sums it.
 */
export function matMulPart(
  a: usize,
  b: usize,
  c: usize,
  batchA: i32,
  batchB: i32,
  m: i32,
  k: i32,
  n: i32,
  transA: bool,
  transB: bool,
  r0: i32,
  r1: i32,
  c0: i32,
  c1: i32,
  pA: usize,
  pB: usize,
  tileBuf: usize,
): void {
  let batch = max(batchA, batchB);
  let rows = m;
  if (batchB == 1 && batchA > 1 && !transA) {
    // Every A shares B and is row-major: one product of [batchA*m, k] x [k, n].
    rows = m * batchA;
    batch = 1;
  }
  const ldc = <usize>n << 2;
  const cStep: usize = <usize>rows * ldc;
  if (r1 <= r0 || c1 <= c0) return;
  if (k == 0) {
    for (let t = 0; t < batch; t++) {
      for (let i = r0; i < r1; i++) {
        memory.fill(c + <usize>t * cStep + <usize>i * ldc + (<usize>c0 << 2), 0, <usize>(c1 - c0) << 2);
      }
    }
    return;
  }
  const ai = transA ? 1 : k;
  const ap = transA ? m : 1;
  const bp = transB ? 1 : n;
  const bj = transB ? k : 1;
  const aStep: usize = batchA == 1 || batch == 1 ? 0 : <usize>m * <usize>k * 4;
  const bStep: usize = batchB == 1 ? 0 : <usize>k * <usize>n * 4;
  const aPart = a + (<usize>r0 * <usize>ai << 2);
  const bPart = b + (<usize>c0 * <usize>bj << 2);
  const cPart = c + <usize>r0 * ldc + (<usize>c0 << 2);
  for (let t = 0; t < batch; t++) {
    gemm(
      aPart + <usize>t * aStep, ai, ap, bPart + <usize>t * bStep, bp, bj, cPart + <usize>t * cStep, ldc,
      r1 - r0, k, c1 - c0, pA, pB, tileBuf, false,
    );
  }
}

/**
 * C[t] = op(A[t or 0]) · op(B[t or 0]) for t < max(batchA, batchB): A is [batchA, m, k]
 * ([batchA, k, m] when transA), B is [batchB, k, n] ([batchB, n, k] when transB), C is
 * [batch, m, n]; all contiguous. A batch of 1 is shared by every product.
 */
export function matMul(
  a: usize,
  b: usize,
  c: usize,
  batchA: i32,
  batchB: i32,
  m: i32,
  k: i32,
  n: i32,
  transA: bool,
  transB: bool,
): void {
  const rows = batchB == 1 && batchA > 1 && !transA ? m * batchA : m;
  reserve(packABytes(rows, k), packBBytes(n, k));
  matMulPart(a, b, c, batchA, batchB, m, k, n, transA, transB, 0, rows, 0, n, packA, packB, tile);
}

/** The length of the k blocks gemm cuts a product over `k` into (all but the last). */
export function kBlockLength(k: i32): i32 {
  const kBlocks = (k + KC - 1) / KC;
  return (k + kBlocks - 1) / kBlocks;
}

/**
 * Blocks [lo, hi) of the k blocks gemm cuts C = A · B into (A row-major [m, k], B row-major
 * [k, n], C [m, n]): block 0 into `c`, block i > 0 into `parts` + (i − 1)·m·n floats, each
 * summed from zero as gemm sums it, so that matMulKSum then gives gemm's C bit for bit.
 * Threads that split a product this way each read only their rows of B (a layer's weights
 * stay in the cache of the core that updates them). The trailing arguments are a range
 * job's buffers (`scratch` unused).
 */
export function matMulKBlocks(
  a: usize, b: usize, c: usize, parts: usize, m: i32, k: i32, n: i32,
  lo: i32, hi: i32, scratch: usize, pA: usize, pB: usize, tileBuf: usize,
): void {
  const kc = kBlockLength(k);
  const ldc = <usize>n << 2;
  for (let i = lo; i < hi; i++) {
    const p0 = i * kc;
    const dst = i == 0 ? c : parts + <usize>(i - 1) * <usize>m * ldc;
    gemm(a + (<usize>p0 << 2), k, 1, b + <usize>p0 * ldc, n, 1, dst, ldc, m, min(kc, k - p0), n, pA, pB, tileBuf, false);
  }
}

/** c[j] = (…(c[j] + parts[0][j]) + …) + parts[count − 1][j] over `size` floats: gemm's order. */
export function matMulKSum(c: usize, parts: usize, size: i32, count: i32): void {
  const step = <usize>size << 2;
  let j = 0;
  for (; j + 4 <= size; j += 4) {
    const o = <usize>j << 2;
    let v = v128.load(c + o);
    for (let t = 0; t < count; t++) v = f32x4.add(v, v128.load(parts + <usize>t * step + o));
    v128.store(c + o, v);
  }
  for (; j < size; j++) {
    const o = <usize>j << 2;
    let v = load<f32>(c + o);
    for (let t = 0; t < count; t++) v += load<f32>(parts + <usize>t * step + o);
    store<f32>(c + o, v);
  }
}
