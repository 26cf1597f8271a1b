/** Keras-style default layer names: `dense`, `dense_1`, `dense_2`, … per base name. */
const counters = new Map<string, number>();

export function uniqueLayerName(base: string): string {
  const n = counters.get(base);
  counters.set(base, (n ?? 0) + 1);
  return n === undefined ? base : `${base}_${n}`;
}
