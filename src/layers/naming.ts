/** Keras-style default layer names: `dense`, `dense_1`, `dense_2`, … per base name. */
const counters = new Map<string, number>();

/**
 * PascalCase class name to snake_case by Keras's rule (`BatchNormalization` →
 * `batch_normalization`, `LeakyReLU` → `leaky_re_lu`, `Conv2D` → `conv2d`,
 * `MaxPooling2D` → `max_pooling2d`).
 */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

export function uniqueLayerName(base: string): string {
  const n = counters.get(base);
  counters.set(base, (n ?? 0) + 1);
  return n === undefined ? base : `${base}_${n}`;
}
