/**
 * Checking what `Optimizer.applyGradients` is given: an array of `[gradient, variable]`
 * pairs, each variable once, float32, the gradient of the variable's shape. A null or
 * undefined gradient is skipped; every check names the variable and what was received.
 */
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { shapesEqual } from '../tensor/shape.js';
import { Tensor, Variable } from '../tensor/tensor.js';
import { showValue } from './check-args.js';

function isList(x: unknown): x is readonly unknown[] {
  return Array.isArray(x);
}

/**
 * The gradients and their variables from `pairs` (the pairs with a gradient, in order),
 * or null for an empty list. `where` starts the messages (`'Adam.applyGradients'`).
 * @throws ValueError when every gradient is null, or for a malformed pair.
 */
export function checkGradientPairs(
  where: string,
  pairs: unknown,
): { grads: Tensor[]; vars: Variable[] } | null {
  const list = pairs;
  if (!isList(list)) {
    throw new ValueError(
      `${where}: expected an array of [gradient, variable] pairs, received ${showValue(list)}`,
    );
  }
  if (list.length === 0) return null;
  const grads: Tensor[] = [];
  const vars: Variable[] = [];
  const names: string[] = [];
  list.forEach((pair: unknown, i) => {
    if (!isList(pair) || pair.length !== 2) {
      throw new ValueError(`${where}: pair ${i} must be [gradient, variable]`);
    }
    const g: unknown = pair[0];
    const v: unknown = pair[1];
    if (!(v instanceof Variable)) {
      throw new ValueError(
        `${where}: pair ${i}: expected a Variable as second element, received ${showValue(v)}`,
      );
    }
    names.push(`'${v.name}'`);
    if (g === null || g === undefined) return;
    if (!(g instanceof Tensor)) {
      throw new ValueError(
        `${where}: the gradient of variable '${v.name}' must be a Tensor, received ${showValue(g)}`,
      );
    }
    v.assertAlive(`${where} (variable '${v.name}')`);
    g.assertAlive(`${where} (gradient of '${v.name}')`);
    if (vars.includes(v)) {
      throw new ValueError(`${where}: variable '${v.name}' appears more than once`);
    }
    if (v.dtype !== 'float32' || g.dtype !== 'float32') {
      throw new DTypeError(
        `${where}: variable '${v.name}' and its gradient must be float32, received ${v.dtype} and ${g.dtype}`,
      );
    }
    if (!shapesEqual(g.shape, v.shape)) {
      throw new ShapeError(
        `${where}: the gradient of variable '${v.name}' has shape ${fmtShape(g.shape)}, expected ${fmtShape(v.shape)} (the variable's shape)`,
      );
    }
    grads.push(g);
    vars.push(v);
  });
  if (vars.length === 0) {
    throw new ValueError(
      `${where}: no gradients provided for any variable (${names.join(', ')}); every gradient is null`,
    );
  }
  return { grads, vars };
}
