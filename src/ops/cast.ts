/** Dtype conversion. */
import { ValueError } from '../errors.js';
import { type DType, isDType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkIntegral, convert, run, type TensorLike } from './core.js';
import { clone } from './shape-ops.js';
import { hostOp } from './host-op.js';

/**
 * Converts to `dtype`. float32 → int32 truncates toward zero; NaN or ±Infinity cannot be
 * stored in an integer tensor and throw rather than become numbers.
 * @throws ValueError for an unknown dtype.
 * @example
 * nn.cast(nn.tensor([1.7, -1.7]), 'int32'); // [1, -1]
 * nn.cast(nn.tensor([0, 2]), 'bool'); // [false, true]
 */
export function cast(x: TensorLike, dtype: DType): Tensor {
  const $x = convert(x, 'x', 'cast');
  if (!isDType(dtype)) throw new ValueError(`cast: unknown dtype '${String(dtype)}'`);
  if ($x.dtype === dtype) return clone($x);
  if ($x.dtype === 'float32' && dtype === 'int32') {
    // A declared host check, so that a compiled step checks every batch's values too.
    hostOp('cast check', [$x], [], ([v]) => {
      checkIntegral(v!, dtype, 'cast');
      return [];
    });
  }
  return run(
    'cast',
    [$x],
    (b) => b.cast($x, dtype),
    $x.shape,
    dtype,
    ([dy]) => [dtype === 'float32' && $x.dtype === 'float32' ? dy! : null],
  );
}
