/**
 * Independent float64 references for the loss tests: per-sample values are computed row by
 * row from the formulas in REFERENCE.md §2, never with the library.
 */

/** Float32 rounding, for the bounds Keras applies in float32 (ε and 1 − ε). */
export const f32 = Math.fround;
export const EPS = 1e-7;

/** Per-row mean over the last axis of `f(y, p)` applied elementwise to matching rows. */
export function rowMeans(
  yTrue: number[][],
  yPred: number[][],
  f: (y: number, p: number) => number,
): number[] {
  return yTrue.map((row, i) => row.reduce((s, y, j) => s + f(y, yPred[i]![j]!), 0) / row.length);
}

/** Per-row sums of `f(y, p)`. */
export function rowSums(
  yTrue: number[][],
  yPred: number[][],
  f: (y: number, p: number) => number,
): number[] {
  return yTrue.map((row, i) => row.reduce((s, y, j) => s + f(y, yPred[i]![j]!), 0));
}

/** 'sum_over_batch_size' of per-sample values with optional per-sample weights. */
export function meanWeighted(values: number[], weights?: number[]): number {
  return values.reduce((s, v, i) => s + v * (weights ? weights[i]! : 1), 0) / values.length;
}

/** The scalar value of a tensor-like result. */
export function value(t: { dataSync(): ArrayLike<number> }): number {
  return t.dataSync()[0]!;
}

/** Flat values as a plain array. */
export function values(t: { dataSync(): ArrayLike<number> }): number[] {
  return Array.from(t.dataSync());
}

/** Keras's test inputs used across the regression losses (keras/src/losses/losses_test.py). */
export const KERAS_Y_TRUE = [
  [1, 9, 2],
  [-5, -2, 6],
];
export const KERAS_Y_PRED = [
  [4, 8, 12],
  [8, 1, 3],
];
