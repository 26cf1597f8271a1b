/** Batched 2-D transpose of 4-byte elements (float32 and int32 alike), 4x4 SIMD blocks in tiles. */

/** Transposes the 4x4 block at `x` (row stride `xs` bytes) into `out` (row stride `os`). */
// @ts-ignore: decorator
@inline
export function t4(x: usize, xs: usize, out: usize, os: usize): void {
  const r0 = v128.load(x);
  const r1 = v128.load(x + xs);
  const r2 = v128.load(x + 2 * xs);
  const r3 = v128.load(x + 3 * xs);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(out + os, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(out + 2 * os, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(out + 3 * os, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

// @ts-ignore: decorator
@inline const TILE: i32 = 32;

/** out[t][j][i] = x[t][i][j] for t < batch, i < rows, j < cols. */
export function transpose2d(x: usize, out: usize, batch: i32, rows: i32, cols: i32): void {
  const xs = <usize>cols << 2;
  const os = <usize>rows << 2;
  const rows4 = rows & ~3;
  const cols4 = cols & ~3;
  const plane = <usize>rows * <usize>cols * 4;
  for (let t = 0; t < batch; t++) {
    for (let i0 = 0; i0 < rows4; i0 += TILE) {
      const i1 = min(i0 + TILE, rows4);
      for (let j0 = 0; j0 < cols4; j0 += TILE) {
        const j1 = min(j0 + TILE, cols4);
        for (let i = i0; i < i1; i += 4) {
          for (let j = j0; j < j1; j += 4) {
            t4(x + <usize>i * xs + (<usize>j << 2), xs, out + <usize>j * os + (<usize>i << 2), os);
          }
        }
      }
    }
    // Right strip (columns past cols4) for every row, then the bottom strip.
    for (let i = 0; i < rows; i++) {
      for (let j = cols4; j < cols; j++) {
        store<u32>(out + <usize>j * os + (<usize>i << 2), load<u32>(x + <usize>i * xs + (<usize>j << 2)));
      }
    }
    for (let i = rows4; i < rows; i++) {
      for (let j = 0; j < cols4; j++) {
        store<u32>(out + <usize>j * os + (<usize>i << 2), load<u32>(x + <usize>i * xs + (<usize>j << 2)));
      }
    }
    x += plane;
    out += plane;
  }
}
