/** Selection and clipping. */
import { DTypeError, ValueError } from '../errors.js';
import { upcast } from '../tensor/dtype.js';
import { broadcastShapes } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { convert, run, type TensorLike } from './core.js';
import { cast } from './cast.js';
import { sumTo } from './reduce.js';
import { zerosLike } from './creation.js';
import { greaterEqual, lessEqual, logicalAnd } from './binary.js';

/**
 * Elements of `a` where `condition` is true, else of `b` (all three broadcast).
 * @throws DTypeError when `condition` is not bool.
 * @example
 * const x = nn.tensor([-1, 2, -3]);
 * nn.where(nn.greater(x, 0), x, 0); // [0, 2, 0]
 */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c = convert(condition, 'condition', 'where');
  if (c.dtype !== 'bool')
    throw new DTypeError(`where: condition must be bool, received ${c.dtype}`);
  let $a = convert(a, 'a', 'where', b instanceof Tensor ? b.dtype : undefined);
  let $b = convert(b, 'b', 'where', $a.dtype);
  const dt = upcast($a.dtype, $b.dtype);
  if ($a.dtype !== dt) $a = cast($a, dt);
  if ($b.dtype !== dt) $b = cast($b, dt);
  const shape = broadcastShapes(broadcastShapes(c.shape, $a.shape, 'where'), $b.shape, 'where');
  const A = $a;
  const B = $b;
  return run(
    'where',
    [c, A, B],
    (be) => be.where(c, A, B, shape),
    shape,
    dt,
    ([dy], [ci, ai, bi], _y, n) => {
      const z = zerosLike(dy!);
      return [
        null,
        n[1] ? sumTo(where(ci!, dy!, z), ai!.shape) : null,
        n[2] ? sumTo(where(ci!, z, dy!), bi!.shape) : null,
      ];
    },
  );
}

/**
 * Clips every element to [min, max]; the gradient passes where min <= x <= max.
 * @throws ValueError when `min > max`.
 * @example
 * nn.clipByValue(nn.tensor([-2, 0.5, 3]), 0, 1); // [0, 0.5, 1]
 */
export function clipByValue(x: TensorLike, min: number, max: number): Tensor {
  const $x = convert(x, 'x', 'clipByValue');
  if (!(min <= max)) throw new ValueError(`clipByValue: min (${min}) must be <= max (${max})`);
  return run(
    'clipByValue',
    [$x],
    (be) => be.clip($x, min, max),
    $x.shape,
    $x.dtype,
    ([dy], [xi]) => [
      where(logicalAnd(greaterEqual(xi!, min), lessEqual(xi!, max)), dy!, zerosLike(dy!)),
    ],
  );
}
