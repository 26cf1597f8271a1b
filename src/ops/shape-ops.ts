/** Shape-only ops (no data movement): reshape, expandDims, squeeze, identity, clone. */
import { ShapeError, fmtShape } from '../errors.js';
import { type Shape, inferReshape, normAxis } from '../tensor/shape.js';
import { shareTensor, type Tensor } from '../tensor/tensor.js';
import { convert, record, type TensorLike } from './core.js';

/**
 * The same values with another shape (one dimension may be -1). Shares storage.
 * @throws ShapeError when the sizes differ.
 * @example
 * nn.reshape(nn.range(6), [2, 3]);
 * nn.reshape(nn.range(6), [-1, 2]); // shape [3, 2]
 */
export function reshape(x: TensorLike, shape: Shape): Tensor {
  const $x = convert(x, 'x', 'reshape');
  const target = inferReshape($x.size, shape, 'reshape', $x.shape);
  const out = shareTensor($x, target);
  return record('reshape', [$x], out, ([dy]) => [reshape(dy!, $x.shape)]);
}

/**
 * Inserts a dimension of size 1 at `axis`.
 * @example
 * nn.expandDims(nn.tensor([1, 2]), 1); // shape [2, 1]
 */
export function expandDims(x: TensorLike, axis = 0): Tensor {
  const $x = convert(x, 'x', 'expandDims');
  const ax = normAxis(axis, $x.rank + 1, 'expandDims');
  const shape = [...$x.shape];
  shape.splice(ax, 0, 1);
  return reshape($x, shape);
}

/**
 * Removes dimensions of size 1 (all of them, or those in `axis`).
 * @throws ShapeError when an axis given has a size other than 1.
 * @example
 * nn.squeeze(nn.zeros([1, 3, 1])); // shape [3]
 */
export function squeeze(x: TensorLike, axis?: number | number[]): Tensor {
  const $x = convert(x, 'x', 'squeeze');
  const axes =
    axis === undefined
      ? null
      : (typeof axis === 'number' ? [axis] : axis).map((a) => normAxis(a, $x.rank, 'squeeze'));
  if (axes) {
    for (const a of axes) {
      if ($x.shape[a] !== 1) {
        throw new ShapeError(
          `squeeze: axis ${a} of shape ${fmtShape($x.shape)} has size ${$x.shape[a]}, not 1`,
        );
      }
    }
  }
  const shape = $x.shape.filter((d, i) => (axes ? !axes.includes(i) : d !== 1));
  return reshape($x, shape);
}

/**
 * A new tensor handle with the same values (shares storage).
 * @example
 * const copy = nn.clone(nn.tensor([1, 2]));
 */
export function clone(x: TensorLike): Tensor {
  const $x = convert(x, 'x', 'clone');
  return record('clone', [$x], shareTensor($x, $x.shape), ([dy]) => [dy!]);
}
