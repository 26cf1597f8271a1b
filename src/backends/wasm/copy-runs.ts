/**
 * Contiguous runs of a box inside a row-major array, so that slice, pad, gather and concat
 * can move whole runs with one memmove instead of element by element. Pure shape work.
 */
import type { Shape } from '../../tensor/shape.js';

/**
 * Calls `visit(boxOffset, offset, n)` for each run of `n` contiguous elements of the box
 * `begin .. begin+size` of an array of `shape`: `offset` is the run's element offset in that
 * array, `boxOffset` its offset in the box stored contiguously. Trailing axes the box spans
 * fully are merged into one run.
 */
export function forEachBoxRun(
  shape: Shape,
  begin: readonly number[],
  size: readonly number[],
  visit: (boxOffset: number, offset: number, n: number) => void,
): void {
  const rank = shape.length;
  if (size.some((d) => d === 0)) return;
  // The run: the last axis, plus every axis before it whose inner axes are all full.
  let d = rank - 1;
  let run = rank === 0 ? 1 : size[d]!;
  let stride = 1;
  while (d > 0 && size[d] === shape[d]) {
    stride *= shape[d]!;
    d--;
    run = size[d]! * stride;
  }
  if (rank === 0) {
    visit(0, 0, 1);
    return;
  }
  // Element strides of the array, and an odometer over the axes before d.
  const strides = new Array<number>(rank);
  let acc = 1;
  for (let i = rank - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i]!;
  }
  const base = begin.reduce((s, b, i) => s + b * strides[i]!, 0);
  const idx = new Array<number>(d).fill(0);
  let outer = 1;
  for (let i = 0; i < d; i++) outer *= size[i]!;
  let off = base;
  for (let r = 0; r < outer; r++) {
    visit(r * run, off, run);
    for (let i = d - 1; i >= 0; i--) {
      idx[i]!++;
      off += strides[i]!;
      if (idx[i]! < size[i]!) break;
      off -= strides[i]! * size[i]!;
      idx[i] = 0;
    }
  }
}
