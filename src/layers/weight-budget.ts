/**
 * Building a model from a file, safely: the weights layers create meanwhile are tracked, so
 * a build that fails half-way frees them (no partial model is left behind), and may be
 * bounded. Every weight of a strictly loaded model must match one in the file, so a
 * topology that asks for a weight larger than any the file holds (a Dense with
 * `units: 1e8`, say), or for far more values than the file holds, is refused before the
 * memory is allocated and initialised.
 */
import { ValueError } from '../errors.js';
import type { Variable } from '../tensor/tensor.js';

/** Bounds on the weights a build may create. */
export interface WeightBudget {
  /** Elements of the largest weight allowed. */
  largest: number;
  /** Elements allowed in all. */
  total: number;
}

interface Scope {
  readonly budget: WeightBudget | null;
  spent: number;
  readonly created: Variable[];
}

let current: Scope | null = null;

/**
 * Runs `fn` (which builds layers) within `budget` (null: unbounded). If `fn` throws, every
 * weight created meanwhile is disposed before the error propagates.
 */
export function buildWithin<T>(budget: WeightBudget | null, fn: () => T): T {
  const outer = current;
  const scope: Scope = { budget, spent: 0, created: [] };
  current = scope;
  try {
    return fn();
  } catch (e) {
    for (const v of scope.created) if (!v.isDisposed) v.dispose();
    throw e;
  } finally {
    current = outer;
    outer?.created.push(...scope.created);
  }
}

/** Throws when the build in progress may not create a weight of `shape`. */
export function checkNewWeight(layer: string, weight: string, shape: readonly number[]): void {
  const budget = current?.budget;
  if (!current || !budget) return;
  const size = shape.reduce((a, b) => a * b, 1);
  const why =
    size > budget.largest
      ? `larger than any weight in the file (the largest holds ${budget.largest})`
      : current.spent + size > budget.total
        ? `past what the file's weights hold in all (${budget.total} values)`
        : null;
  if (why) {
    throw new ValueError(
      `layer '${layer}': weight '${weight}' of shape [${shape.join(',')}] has ${size} values, ${why}`,
    );
  }
  current.spent += size;
}

/** Records a weight the build in progress created. */
export function recordNewWeight(v: Variable): void {
  current?.created.push(v);
}
