/** Scoped memory management: tidy, keep, dispose. */
import { ENGINE } from './engine.js';
import { registerForGc, Tensor, Variable } from '../tensor/tensor.js';
import { NeuriteError } from '../errors.js';

/** Anything `tidy` can return: tensors nested in arrays and plain objects are kept. */
export type TensorContainer =
  | void
  | Tensor
  | string
  | number
  | boolean
  | null
  | undefined
  | TensorContainer[]
  | { [key: string]: TensorContainer };

function collect(x: unknown, out: Set<Tensor>, depth = 0): void {
  if (depth > 32 || x === null || typeof x !== 'object') return;
  if (x instanceof Tensor) {
    out.add(x);
    return;
  }
  if (Array.isArray(x)) for (const v of x) collect(v, out, depth + 1);
  else if (Object.getPrototypeOf(x) === Object.prototype)
    for (const v of Object.values(x)) collect(v, out, depth + 1);
}

/**
 * Runs `fn` and disposes every tensor it created except those it returns (in arrays or
 * plain objects) and those passed to `keep`. Variables are never disposed by tidy.
 * `fn` must be synchronous.
 * @throws NeuriteError when `fn` is not a function or returns a Promise.
 * @example
 * const y = nn.tidy(() => {
 *   const x = nn.tensor([1, 2, 3]);
 *   return x.square().sum(); // x and x² are disposed; the sum is returned
 * });
 */
export function tidy<T extends TensorContainer>(fn: () => T): T;
export function tidy<T extends TensorContainer>(name: string, fn: () => T): T;
export function tidy<T extends TensorContainer>(a: string | (() => T), b?: () => T): T {
  const fn = typeof a === 'function' ? a : b;
  if (!fn) throw new NeuriteError('tidy: expected a function');
  const scope = { tensors: [] as Tensor[] };
  ENGINE.scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    ENGINE.scopes.pop();
    for (const t of scope.tensors) if (!(t instanceof Variable) && !kept.has(t)) t.dispose();
    throw e;
  }
  ENGINE.scopes.pop();
  if (result instanceof Promise) {
    for (const t of scope.tensors) if (!(t instanceof Variable) && !kept.has(t)) t.dispose();
    throw new NeuriteError('tidy: the function must be synchronous (it returned a Promise)');
  }
  const keepSet = new Set<Tensor>();
  collect(result, keepSet);
  const parent = ENGINE.scopes[ENGINE.scopes.length - 1];
  for (const t of scope.tensors) {
    if (t.isDisposed || t instanceof Variable) continue;
    if (keepSet.has(t)) {
      if (parent && !kept.has(t)) parent.tensors.push(t);
      else registerForGc(t);
    } else if (!kept.has(t)) t.dispose();
  }
  return result;
}

const kept = new WeakSet<Tensor>();

/**
 * Exempts `t` from every enclosing tidy.
 * @example
 * let kept!: nn.Tensor;
 * nn.tidy(() => {
 *   kept = nn.keep(nn.ones([2])); // survives the tidy
 * });
 */
export function keep<T extends Tensor>(t: T): T {
  kept.add(t);
  registerForGc(t);
  return t;
}

/**
 * Disposes every tensor found in `x` (a tensor, an array or an object of them).
 * @example
 * const a = nn.ones([2]);
 * const b = nn.zeros([3]);
 * nn.dispose([a, b]);
 */
export function dispose(x: TensorContainer): void {
  const set = new Set<Tensor>();
  collect(x, set);
  for (const t of set) t.dispose();
}
