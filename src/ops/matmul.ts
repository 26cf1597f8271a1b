/** Matrix products: batched matMul with transposes, and dot. */
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { broadcastShapes, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { convert, run, type TensorLike } from './core.js';
import { reshape } from './shape-ops.js';
import { sumTo } from './reduce.js';
import { cast } from './cast.js';
import { broadcastTo } from './broadcast.js';

/**
 * The matrix product of the last two dimensions, broadcasting the leading (batch) ones.
 * `transposeA`/`transposeB` use the transpose of that operand's last two dimensions.
 * @throws ShapeError when the inner dimensions differ; DTypeError for bool operands.
 * @example
 * const a = nn.tensor([[1, 2], [3, 4]]);
 * nn.matMul(a, nn.eye(2)); // a
 * nn.matMul(a, a, false, true); // a · aᵀ = [[5, 11], [11, 25]]
 */
export function matMul(
  a: TensorLike,
  b: TensorLike,
  transposeA = false,
  transposeB = false,
): Tensor {
  let $a = convert(a, 'a', 'matMul');
  let $b = convert(b, 'b', 'matMul');
  if ($a.dtype === 'bool' || $b.dtype === 'bool')
    throw new DTypeError(`matMul: bool operands are not supported`);
  if ($a.dtype !== 'float32') $a = cast($a, 'float32');
  if ($b.dtype !== 'float32') $b = cast($b, 'float32');
  if ($a.rank < 2 || $b.rank < 2) {
    throw new ShapeError(
      `matMul: both operands need rank >= 2, received ${fmtShape($a.shape)} and ${fmtShape($b.shape)} (use nn.dot for vectors)`,
    );
  }
  const [a1, a2] = $a.shape.slice(-2) as [number, number];
  const [b1, b2] = $b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [a2, a1] : [a1, a2];
  const [k2, n] = transposeB ? [b2, b1] : [b1, b2];
  if (k !== k2) {
    const tA = transposeA ? 'ᵀ' : '';
    const tB = transposeB ? 'ᵀ' : '';
    throw new ShapeError(
      `matMul: inner dimensions differ: ${fmtShape($a.shape)}${tA} x ${fmtShape($b.shape)}${tB}`,
    );
  }
  const batch = broadcastShapes($a.shape.slice(0, -2), $b.shape.slice(0, -2), 'matMul (batch)');
  const bn = sizeOf(batch);
  // The kernel takes one batch of matrices per operand, or a single matrix it reuses. An
  // operand broadcast along some batch axes only ([2,1] against [1,5]) is tiled first;
  // tile's gradient sums it back.
  if (sizeOf($a.shape.slice(0, -2)) !== bn && sizeOf($a.shape.slice(0, -2)) !== 1)
    $a = broadcastTo($a, [...batch, a1, a2]);
  if (sizeOf($b.shape.slice(0, -2)) !== bn && sizeOf($b.shape.slice(0, -2)) !== 1)
    $b = broadcastTo($b, [...batch, b1, b2]);
  const ba = sizeOf($a.shape.slice(0, -2));
  const bb = sizeOf($b.shape.slice(0, -2));
  const A = $a;
  const B = $b;
  const a3 = { storage: A.storage, shape: [ba, a1, a2], dtype: A.dtype, size: A.size };
  const b3 = { storage: B.storage, shape: [bb, b1, b2], dtype: B.dtype, size: B.size };
  return run(
    'matMul',
    [A, B],
    (be) => be.matMul(a3, b3, transposeA, transposeB),
    [...batch, m, n],
    'float32',
    ([dy], [ai, bi], _y, needs) => {
      const d = dy!;
      const ga = !needs[0]
        ? null
        : transposeA
          ? matMul(bi!, d, transposeB, true)
          : matMul(d, bi!, false, !transposeB);
      const gb = !needs[1]
        ? null
        : transposeB
          ? matMul(d, ai!, true, transposeA)
          : matMul(ai!, d, !transposeA, false);
      return [ga && sumTo(ga, ai!.shape), gb && sumTo(gb, bi!.shape)];
    },
  );
}

/**
 * Dot product: vector·vector → scalar, matrix·vector → vector, vector·matrix, matrix·matrix.
 * @throws ShapeError when the inner dimensions differ or a rank is above 2.
 * @example
 * nn.dot(nn.tensor([1, 2, 3]), nn.tensor([4, 5, 6])); // 32
 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  const $a = convert(a, 'a', 'dot');
  const $b = convert(b, 'b', 'dot');
  if ($a.rank > 2 || $b.rank > 2 || $a.rank === 0 || $b.rank === 0) {
    throw new ShapeError(
      `dot: operands must have rank 1 or 2, received ${fmtShape($a.shape)} and ${fmtShape($b.shape)}`,
    );
  }
  const a2 = $a.rank === 1 ? reshape($a, [1, $a.size]) : $a;
  const b2 = $b.rank === 1 ? reshape($b, [$b.size, 1]) : $b;
  if (a2.shape[1] !== b2.shape[0]) {
    throw new ShapeError(
      `dot: inner dimensions differ: ${fmtShape($a.shape)} . ${fmtShape($b.shape)}`,
    );
  }
  const out = matMul(a2, b2);
  const shape = [
    ...($a.rank === 2 ? [a2.shape[0]!] : []),
    ...($b.rank === 2 ? [b2.shape[1]!] : []),
  ];
  return reshape(out, shape);
}
