/**
 * Error classes. Every message says where it happened (op or layer), what was expected
 * and what was received. Invariant failures start with `internal:`.
 */

/** Base class of every error Neurite throws on purpose. */
export class NeuriteError extends Error {
  override name = 'NeuriteError';
}

/** Shapes that do not fit an op or a layer. */
export class ShapeError extends NeuriteError {
  override name = 'ShapeError';
}

/** A dtype an op cannot take. */
export class DTypeError extends NeuriteError {
  override name = 'DTypeError';
}

/** A bad argument value (not a shape or dtype problem). */
export class ValueError extends NeuriteError {
  override name = 'ValueError';
}

/** A tensor used after `dispose()`. */
export class DisposedError extends NeuriteError {
  override name = 'DisposedError';
}

/**
 * A buffer the backend cannot hold: larger than its limit for one buffer, or more than
 * the memory left. Nothing was allocated and the backend stays usable.
 */
export class AllocationError extends NeuriteError {
  override name = 'AllocationError';
}

/** Formats a shape the way messages show it: `[32,784]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
