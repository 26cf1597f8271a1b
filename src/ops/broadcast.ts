/** Explicit broadcasting. */
import { ShapeError, fmtShape } from '../errors.js';
import { type Shape, broadcastShapes, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { convert, type TensorLike } from './core.js';
import { reshape } from './shape-ops.js';
import { tile } from './gather-slice.js';

/**
 * Repeats `x` along its size-1 (or missing leading) dimensions to `shape`.
 * @throws ShapeError when `x` does not broadcast to `shape`.
 * @example
 * nn.broadcastTo(nn.tensor([1, 2]), [2, 2]); // [[1, 2], [1, 2]]
 */
export function broadcastTo(x: TensorLike, shape: Shape): Tensor {
  const $x = convert(x, 'x', 'broadcastTo');
  if (shapesEqual($x.shape, shape)) return $x;
  const out = broadcastShapes($x.shape, shape, 'broadcastTo');
  if (!shapesEqual(out, shape)) {
    throw new ShapeError(
      `broadcastTo: cannot broadcast ${fmtShape($x.shape)} to ${fmtShape(shape)}`,
    );
  }
  const padded = [...new Array<number>(shape.length - $x.rank).fill(1), ...$x.shape];
  const r = reshape($x, padded);
  return tile(
    r,
    shape.map((d, i) => (padded[i] === 1 ? d : 1)),
  );
}
