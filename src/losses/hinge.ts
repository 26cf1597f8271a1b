/** Hinge loss (Keras `Hinge`), and the 0/1 → −1/+1 label mapping the hinge losses share. */
import { maximum, mean, mul, sub } from '../ops/index.js';
import { hostOp } from '../ops/host-op.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.hinge}: a reduction and a name.
 */
export type HingeArgs = LossArgs;

/**
 * Keras's `convert_binary_labels_to_hinge`: when every label is 0 or 1 they become −1/+1
 * (`2y − 1`); any other labels are used as given.
 */
export function hingeLabels(y: Tensor): Tensor {
  if (y.dtype !== 'float32' && y.dtype !== 'int32') {
    for (const v of y.dataSync()) if (v !== 0 && v !== 1) return y;
    return sub(mul(y, 2), 1);
  }
  // On the host (a declared host op), so that a compiled step maps each batch's labels: 2y − 1
  // is exact in float32 and int32 for 0/1 labels.
  const [out] = hostOp('hinge labels', [y], [{ shape: y.shape, dtype: y.dtype }], ([v]) => {
    const values = v!;
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== 0 && values[i] !== 1) return [values];
    }
    return [values.map((x) => 2 * x - 1)];
  });
  return out!;
}

/**
 * `mean(max(1 − y·ŷ, 0), −1)` with labels in {−1, +1} (0/1 labels are mapped first).
 *
 * @example
 * const hinge = nn.losses.hinge();
 * hinge([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]); // 1.3
 */
export function hinge(args: HingeArgs = {}): Loss {
  return makeLoss({
    id: 'hinge',
    className: 'Hinge',
    defaultName: 'hinge',
    args,
    fn: (y, p) => mean(maximum(sub(1, mul(hingeLabels(y), p)), 0), -1),
  });
}
