/**
 * The public differentiation API in both styles: TF.js functions (`grad`, `grads`,
 * `valueAndGrad`, `valueAndGrads`, `variableGrads`) and the TF2 `GradientTape`.
 */
import { withTape } from '../engine/tape-scope.js';
import { tidy } from '../engine/tidy.js';
import { NeuriteError, ValueError } from '../errors.js';
import { shareTensor, Tensor, Variable } from '../tensor/tensor.js';
import { Tape } from './tape.js';

/**
 * Options of `new nn.GradientTape(args)` (TensorFlow's `persistent` and `watch_accessed_variables`).
 */
export interface GradientTapeArgs {
  /** Allow several `gradient()` calls; call `dispose()` when done. Default false. */
  persistent?: boolean;
  /** Track trainable variables automatically. Default true. */
  watchAccessedVariables?: boolean;
}

/**
 * Records operations for automatic differentiation, as TensorFlow 2's `tf.GradientTape`.
 *
 * @example
 * const tape = new nn.GradientTape();
 * const loss = tape.record(() => nn.mean(nn.square(nn.sub(nn.matMul(x, w), y))));
 * const [dw] = tape.gradient(loss, [w]);
 */
export class GradientTape {
  readonly #tape: Tape;
  readonly #persistent: boolean;

  constructor({ persistent = false, watchAccessedVariables = true }: GradientTapeArgs = {}) {
    this.#tape = new Tape(watchAccessedVariables);
    this.#persistent = persistent;
  }

  /** Runs `fn` with this tape recording, and returns what it returns. */
  record<T>(fn: () => T): T {
    if (this.#tape.released)
      throw new NeuriteError('GradientTape.record: this tape was already used or disposed');
    return withTape(this.#tape, fn);
  }

  /** Tracks a tensor that is not a trainable variable (an input, say). */
  watch(...tensors: Tensor[]): void {
    for (const t of tensors) this.#tape.watch(t);
  }

  /** Trainable variables that recorded ops read, in order of first use. */
  watchedVariables(): Variable[] {
    return [...this.#tape.accessedVariables];
  }

  /**
   * Gradients of `target` with respect to each source: one tensor, an array or a record of
   * them, returned in the same form. Sources `target` does not depend on get zeros.
   * `outputGradients` seeds the backward pass (default: ones).
   */
  gradient(target: Tensor, sources: Tensor, outputGradients?: Tensor): Tensor;
  gradient(target: Tensor, sources: readonly Tensor[], outputGradients?: Tensor): Tensor[];
  gradient(
    target: Tensor,
    sources: Readonly<Record<string, Tensor>>,
    outputGradients?: Tensor,
  ): Record<string, Tensor>;
  gradient(
    target: Tensor,
    sources: Tensor | readonly Tensor[] | Readonly<Record<string, Tensor>>,
    outputGradients?: Tensor,
  ): Tensor | Tensor[] | Record<string, Tensor> {
    const list: Tensor[] =
      sources instanceof Tensor
        ? [sources]
        : Array.isArray(sources)
          ? [...(sources as Tensor[])]
          : Object.values(sources);
    for (const s of list) {
      if (!(s instanceof Tensor))
        throw new ValueError('GradientTape.gradient: every source must be a Tensor');
    }
    const grads = this.#tape.gradient(target, list, outputGradients);
    if (!this.#persistent) this.#tape.release();
    if (sources instanceof Tensor) return grads[0]!;
    if (Array.isArray(sources)) return grads;
    const keys = Object.keys(sources);
    return Object.fromEntries(keys.map((k, i) => [k, grads[i]!]));
  }

  /** Frees what the tape saved (a persistent tape keeps it until then). */
  dispose(): void {
    this.#tape.release();
  }
}

function checkScalarOrDy(op: string, y: Tensor, dy: Tensor | undefined): void {
  if (!(y instanceof Tensor)) throw new ValueError(`${op}: the function must return a Tensor`);
  if (!dy && y.size !== 1) {
    throw new ValueError(
      `${op}: the function returned shape [${y.shape.join(',')}]; pass dy for a non-scalar output, or reduce it (e.g. nn.sum)`,
    );
  }
}

function differentiate(
  op: string,
  f: (...xs: Tensor[]) => Tensor,
  xs: readonly Tensor[],
  dy: Tensor | undefined,
) {
  for (const [i, x] of xs.entries()) {
    if (!(x instanceof Tensor)) throw new ValueError(`${op}: argument ${i} must be a Tensor`);
    x.assertAlive(op);
  }
  const tape = new Tape(false);
  for (const x of xs) tape.watch(x);
  try {
    return tidy(() => {
      const y = withTape(tape, () => f(...xs));
      checkScalarOrDy(op, y, dy);
      // A fresh handle on the value: f may return one of its inputs or a tensor it closed
      // over, which `grad` must not dispose.
      return { value: shareTensor(y, y.shape), grads: tape.gradient(y, xs, dy) };
    });
  } finally {
    tape.release();
  }
}

/**
 * `f`'s gradient function: `grad(f)(x)` is df/dx, with x's shape.
 * @example
 * const f = (x: nn.Tensor) => nn.sum(nn.square(x)); // f(x) = Σ x²
 * nn.grad(f)(nn.tensor([1, 3])); // [2, 6]
 */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  return (x, dy) => {
    const { value, grads } = differentiate('grad', f, [x], dy);
    value.dispose();
    return grads[0]!;
  };
}

/**
 * Gradients with respect to every argument of `f`.
 * @example
 * const f = (a: nn.Tensor, b: nn.Tensor) => nn.mul(a, b);
 * const [da, db] = nn.grads(f)([nn.scalar(2), nn.scalar(5)]); // 5 and 2
 */
export function grads(
  f: (...xs: Tensor[]) => Tensor,
): (xs: readonly Tensor[], dy?: Tensor) => Tensor[] {
  return (xs, dy) => {
    const { value, grads: g } = differentiate('grads', f, xs, dy);
    value.dispose();
    return g;
  };
}

/**
 * Like `grad`, also returning f's value.
 * @example
 * const { value, grad } = nn.valueAndGrad((x) => nn.sum(nn.square(x)))(nn.tensor([1, 2]));
 * // value 5, grad [2, 4]
 */
export function valueAndGrad(
  f: (x: Tensor) => Tensor,
): (x: Tensor, dy?: Tensor) => { value: Tensor; grad: Tensor } {
  return (x, dy) => {
    const { value, grads: g } = differentiate('valueAndGrad', f, [x], dy);
    return { value, grad: g[0]! };
  };
}

/**
 * Like `grads`, also returning f's value.
 * @example
 * const { value, grads } = nn.valueAndGrads((a, b) => nn.sum(nn.mul(a, b)))([
 *   nn.tensor([1, 2]),
 *   nn.tensor([3, 4]),
 * ]); // value 11, grads [3, 4] and [1, 2]
 */
export function valueAndGrads(
  f: (...xs: Tensor[]) => Tensor,
): (xs: readonly Tensor[], dy?: Tensor) => { value: Tensor; grads: Tensor[] } {
  return (xs, dy) => differentiate('valueAndGrads', f, xs, dy);
}

/**
 * Gradients of the scalar `f()` with respect to trainable variables, keyed by variable
 * name. `varList` defaults to every trainable variable `f` reads.
 * @throws ValueError when `f` does not return a scalar or `varList` holds a non-variable.
 * @example
 * const w = nn.variable(nn.tensor([1, 2]), true, 'w');
 * const { value, grads } = nn.variableGrads(() => nn.sum(nn.square(w)));
 * grads[w.name]; // [2, 4] (the name is 'w' unless already taken)
 */
export function variableGrads(
  f: () => Tensor,
  varList?: readonly Variable[],
): { value: Tensor; grads: Record<string, Tensor> } {
  const tape = new Tape(varList === undefined);
  if (varList) {
    for (const v of varList) {
      if (!(v instanceof Variable))
        throw new ValueError('variableGrads: varList must hold Variables');
      tape.watch(v);
    }
  }
  try {
    return tidy(() => {
      const y = withTape(tape, () => f());
      checkScalarOrDy('variableGrads', y, undefined);
      const vars = varList ?? tape.accessedVariables;
      if (vars.length === 0) {
        throw new ValueError(
          'variableGrads: f does not read any trainable variable; pass varList or use nn.variable',
        );
      }
      const g = tape.gradient(y, vars);
      return {
        value: shareTensor(y, y.shape),
        grads: Object.fromEntries(vars.map((v, i) => [v.name, g[i]!])),
      };
    });
  } finally {
    tape.release();
  }
}
