/**
 * Error classes. Every message says where it happened (op or layer), what was expected
 * and what was received. Invariant failures start with `internal:`.
 */

/**
 * Base class of every error Neurite throws on purpose.
 * @example
 * try {
 *   nn.tensor([1, 2]).reshape([3]);
 * } catch (e) {
 *   if (e instanceof nn.NeuriteError) console.error(e.message);
 * }
 */
export class NeuriteError extends Error {
  override name = 'NeuriteError';
}

/**
 * Shapes that do not fit an op or a layer.
 * @example
 * try {
 *   nn.matMul(nn.ones([2, 3]), nn.ones([2, 3]));
 * } catch (e) {
 *   e instanceof nn.ShapeError; // true: inner dimensions 3 and 2 differ
 * }
 */
export class ShapeError extends NeuriteError {
  override name = 'ShapeError';
}

/**
 * A dtype an op cannot take.
 * @example
 * try {
 *   nn.logicalNot(nn.tensor([1, 0]));
 * } catch (e) {
 *   e instanceof nn.DTypeError; // true: logicalNot takes bool tensors
 * }
 */
export class DTypeError extends NeuriteError {
  override name = 'DTypeError';
}

/**
 * A bad argument value (not a shape or dtype problem).
 * @example
 * try {
 *   nn.layers.dense({ units: 0 });
 * } catch (e) {
 *   e instanceof nn.ValueError; // true: units must be a positive integer
 * }
 */
export class ValueError extends NeuriteError {
  override name = 'ValueError';
}

/**
 * A tensor used after `dispose()`.
 * @example
 * const t = nn.ones([2]);
 * t.dispose();
 * try {
 *   t.dataSync();
 * } catch (e) {
 *   e instanceof nn.DisposedError; // true
 * }
 */
export class DisposedError extends NeuriteError {
  override name = 'DisposedError';
}

/**
 * A buffer the backend cannot hold: larger than its limit for one buffer, or more than
 * the memory left. Nothing was allocated and the backend stays usable.
 * @example
 * try {
 *   nn.zeros([1e6, 1e6]);
 * } catch (e) {
 *   e instanceof nn.AllocationError; // true: 4 TB is over the backend's limit
 * }
 */
export class AllocationError extends NeuriteError {
  override name = 'AllocationError';
}

/** Formats a shape the way messages show it: `[32,784]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
