/** Keras-style default layer names: `dense`, `dense_1`, `dense_2`, … per base name. */
const counters = new Map<string, number>();

/** PascalCase class name to snake_case (`BatchNormalization` → `batch_normalization`). */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

export function uniqueLayerName(base: string): string {
  const n = counters.get(base);
  counters.set(base, (n ?? 0) + 1);
  return n === undefined ? base : `${base}_${n}`;
}
