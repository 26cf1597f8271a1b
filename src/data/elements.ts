/**
 * What every dataset op needs to know about elements: the tensors inside one (to hand them
 * over or free them), and copies for sources that yield the same stored values every pass.
 *
 * Elements are handed over: whoever takes an element from a dataset owns its tensors. An op
 * that drops an element (filter, skip, batch after stacking, the buffers of shuffle and
 * prefetch when iteration stops early) disposes its tensors, so a pipeline of any length
 * leaves nothing behind. Variables are never disposed: they are model state, not data.
 */
import { Tensor, Variable } from '../tensor/tensor.js';
import { clone } from '../ops/index.js';

/** Containers deeper than this are not searched (as `tidy` does): a cycle cannot hang us. */
const MAX_DEPTH = 32;

/** A plain object literal (`{xs, ys}`), as opposed to a class instance, a Map or a typed array. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Every tensor in `x` (a tensor, or arrays and plain objects holding tensors), once each. */
export function tensorsIn(x: unknown, out: Set<Tensor> = new Set(), depth = 0): Set<Tensor> {
  if (depth > MAX_DEPTH || x === null || typeof x !== 'object') return out;
  if (x instanceof Tensor) out.add(x);
  else if (Array.isArray(x)) for (const v of x as unknown[]) tensorsIn(v, out, depth + 1);
  else if (isPlainObject(x)) for (const v of Object.values(x)) tensorsIn(v, out, depth + 1);
  return out;
}

/** Frees the tensors of an element nobody will take (Variables excepted). */
export function disposeElement(x: unknown): void {
  for (const t of tensorsIn(x)) if (!(t instanceof Variable)) t.dispose();
}

/** Frees the tensors of `input` that `output` does not pass on (map's rule, as TF.js's). */
export function disposeDropped(input: unknown, output: unknown): void {
  const kept = tensorsIn(output);
  for (const t of tensorsIn(input)) if (!kept.has(t) && !(t instanceof Variable)) t.dispose();
}

/**
 * `x` with each tensor replaced by a new handle on the same storage (no data is copied), so
 * that a consumer disposing what it took leaves the source's own tensors intact for the next
 * pass. Containers without tensors are returned as they are.
 */
export function cloneElement<T>(x: T): T {
  if (tensorsIn(x).size === 0) return x;
  return copy(x, 0) as T;
}

function copy(x: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH || x === null || typeof x !== 'object') return x;
  if (x instanceof Tensor) return x instanceof Variable ? x : clone(x);
  if (Array.isArray(x)) return (x as unknown[]).map((v) => copy(v, depth + 1));
  if (isPlainObject(x)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = copy(v, depth + 1);
    return out;
  }
  return x;
}
