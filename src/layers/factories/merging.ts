/**
 * The merging layers' `nn.layers` factories: layers that combine several inputs of a
 * functional graph into one (elementwise, by concatenation or by a dot product). Each
 * layer's class is re-exported here and registered once in `LAYERS`; that registration is
 * also its factory, its saved-model class name and its config round trip.
 */
import { LAYERS } from '../registry.js';
import { Dot } from '../dot.js';
import {
  Add,
  Average,
  Concatenate,
  Divide,
  Maximum,
  Minimum,
  Multiply,
  Subtract,
} from '../merge.js';

export { Dot, type DotArgs } from '../dot.js';
export {
  Add,
  Average,
  Concatenate,
  type ConcatenateArgs,
  Divide,
  Maximum,
  Minimum,
  Multiply,
  Subtract,
} from '../merge.js';

/**
 * Joins its inputs along `axis` (default -1) (Keras `Concatenate`).
 *
 * @throws ShapeError when the other dimensions differ.
 * @example
 * const y = nn.layers.concatenate().apply([nn.ones([2, 3]), nn.zeros([2, 1])]); // shape [2, 4]
 */
export const concatenate = LAYERS.registerClass(Concatenate, {
  className: 'Concatenate',
  positional: 'axis',
});
/**
 * Elementwise sum of its inputs, all of one shape (Keras `Add`).
 *
 * @example
 * nn.layers.add().apply([nn.ones([2, 2]), nn.ones([2, 2])]); // all 2
 */
export const add = LAYERS.registerClass(Add, { className: 'Add' });
/**
 * The difference of exactly two inputs, `a − b` (Keras `Subtract`).
 *
 * @throws ValueError when not given exactly two inputs.
 * @example
 * nn.layers.subtract().apply([nn.fill([2], 5), nn.fill([2], 2)]); // [3, 3]
 */
export const subtract = LAYERS.registerClass(Subtract, { className: 'Subtract' });
/**
 * Elementwise product of its inputs (Keras `Multiply`).
 *
 * @example
 * nn.layers.multiply().apply([nn.fill([2], 3), nn.fill([2], 2)]); // [6, 6]
 */
export const multiply = LAYERS.registerClass(Multiply, { className: 'Multiply' });
/**
 * Elementwise quotient of its inputs, `a / b / …` (Keras `Divide`).
 *
 * @example
 * nn.layers.divide().apply([nn.fill([2], 6), nn.fill([2], 2)]); // [3, 3]
 */
export const divide = LAYERS.registerClass(Divide, { className: 'Divide' });
/**
 * Elementwise mean of its inputs (Keras `Average`).
 *
 * @example
 * nn.layers.average().apply([nn.tensor([[1, 3]]), nn.tensor([[3, 5]])]); // [[2, 4]]
 */
export const average = LAYERS.registerClass(Average, { className: 'Average' });
/**
 * Elementwise minimum of its inputs (Keras `Minimum`).
 *
 * @example
 * nn.layers.minimum().apply([nn.tensor([1, 5]), nn.tensor([3, 2])]); // [1, 2]
 */
export const minimum = LAYERS.registerClass(Minimum, { className: 'Minimum' });
/**
 * Elementwise maximum of its inputs (Keras `Maximum`).
 *
 * @example
 * nn.layers.maximum().apply([nn.tensor([1, 5]), nn.tensor([3, 2])]); // [3, 5]
 */
export const maximum = LAYERS.registerClass(Maximum, { className: 'Maximum' });
/**
 * Dot product of two inputs along `axes` (Keras `Dot`); with `normalize` it is their cosine similarity.
 *
 * @example
 * const a = nn.tensor([[1, 2]]);
 * nn.layers.dot({ axes: 1 }).apply([a, a]); // [[5]]
 */
export const dot = LAYERS.registerClass(Dot, { className: 'Dot', positional: 'axes' });
