/**
 * Keras's gradient clipping (keras/src/optimizers/base_optimizer.py, `_clip_gradients`):
 * per tensor by norm, jointly by global norm, or by value.
 */
import { add, div, maximum, minimum, mul, sub } from '../ops/binary.js';
import { sum } from '../ops/reduce.js';
import { reciprocal, sqrt, square } from '../ops/unary.js';
import { clipByValue } from '../ops/where.js';
import type { Tensor } from '../tensor/tensor.js';

export interface ClipSettings {
  readonly clipNorm: number | null;
  readonly globalClipNorm: number | null;
  readonly clipValue: number | null;
}

/** The gradients clipped as the settings say (at most one of them is set). */
export function clipGradients(
  { clipNorm, globalClipNorm, clipValue }: ClipSettings,
  grads: Tensor[],
): Tensor[] {
  if (clipNorm !== null) {
    return grads.map((g) => div(mul(g, clipNorm), maximum(sqrt(sum(square(g))), clipNorm)));
  }
  if (globalClipNorm !== null) {
    const norm = sqrt(grads.map((g) => sum(square(g))).reduce((a, b) => add(a, b)));
    // c·min(1/norm, 1/c) is 1 for a zero norm; `norm − norm` turns an inf/NaN norm into NaN.
    const scale = add(
      mul(minimum(reciprocal(norm), 1 / globalClipNorm), globalClipNorm),
      sub(norm, norm),
    );
    return grads.map((g) => mul(g, scale));
  }
  if (clipValue !== null) return grads.map((g) => clipByValue(g, -clipValue, clipValue));
  return grads;
}
