/** Weight regularizers: penalties added to the training loss. */
import { ValueError } from '../errors.js';
import { Registry } from '../serialization/registry.js';
import type { Tensor } from '../tensor/tensor.js';
import { abs, add, mul, square, sum } from '../ops/index.js';

/**
 * The base class of weight regularizers: `call(x)` returns the scalar penalty that training
 * adds to the loss. Layers take one (or its id) as `kernelRegularizer` etc.
 *
 * @example
 * class SumOfSquaresTimes2 extends nn.regularizers.Regularizer {
 *   readonly className = 'Twice';
 *   call(x: nn.Tensor): nn.Tensor {
 *     return nn.mul(nn.sum(nn.square(x)), 2);
 *   }
 *   getConfig() {
 *     return {};
 *   }
 * }
 */
export abstract class Regularizer {
  abstract readonly className: string;
  /** The penalty for weights `x`, a scalar. */
  abstract call(x: Tensor): Tensor;
  abstract getConfig(): Record<string, number>;
}

/**
 * l1·Σ|x| + l2·Σx² (Keras `L1L2`).
 * @throws ValueError for a negative or non-finite factor.
 * @example
 * new nn.regularizers.L1L2({ l1: 0.01, l2: 0.01 }).call(nn.tensor([1, -2])); // 0.03 + 0.05 = 0.08
 */
export class L1L2 extends Regularizer {
  readonly className: string = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor({ l1 = 0, l2 = 0 }: { l1?: number; l2?: number } = {}) {
    super();
    for (const [k, v] of [
      ['l1', l1],
      ['l2', l2],
    ] as const) {
      if (!(v >= 0) || !Number.isFinite(v))
        throw new ValueError(`${this.className}: ${k} must be a finite number >= 0, received ${v}`);
    }
    this.l1 = l1;
    this.l2 = l2;
  }
  call(x: Tensor): Tensor {
    let out: Tensor | null = null;
    if (this.l1) out = mul(sum(abs(x)), this.l1);
    if (this.l2) {
      const p = mul(sum(square(x)), this.l2);
      out = out ? add(out, p) : p;
    }
    return out ?? mul(sum(x), 0);
  }
  getConfig(): Record<string, number> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/**
 * Every regularizer: one registration each, which is also its `nn.regularizers` factory.
 * @example
 * nn.regularizers.REGULARIZERS.get('l2'); // L2 with factor 0.01
 */
export const REGULARIZERS = new Registry<Regularizer>({
  kind: 'regularizer',
  namespace: 'nn.regularizers',
  is: (x): x is Regularizer => x instanceof Regularizer,
  accepts: 'a regularizer id, a Regularizer or a {className, config} object',
});

/**
 * l1 (default 0.01, as Keras 3).
 * @example
 * nn.layers.dense({ units: 4, kernelRegularizer: nn.regularizers.l1({ l1: 0.001 }) });
 */
export const l1 = REGULARIZERS.register(
  ({ l1 = 0.01 }: { l1?: number } = {}): Regularizer => new L1L2({ l1 }),
  { className: 'L1', positional: 'l1' },
);
/**
 * l2 (default 0.01, as Keras 3).
 * @example
 * nn.layers.dense({ units: 4, kernelRegularizer: nn.regularizers.l2() }); // 0.01·Σw²
 */
export const l2 = REGULARIZERS.register(
  ({ l2 = 0.01 }: { l2?: number } = {}): Regularizer => new L1L2({ l2 }),
  { className: 'L2', positional: 'l2' },
);
/**
 * `l1·Σ|x| + l2·Σx²` (Keras `L1L2`; both factors default 0 here, as in Keras's class).
 *
 * @throws ValueError for a negative or non-finite factor.
 * @example
 * nn.layers.dense({ units: 4, kernelRegularizer: nn.regularizers.l1l2({ l1: 1e-5, l2: 1e-4 }) });
 */
export const l1l2 = REGULARIZERS.register(
  (a: { l1?: number; l2?: number } = {}): Regularizer => new L1L2(a),
  { className: 'L1L2', positional: 'l1' },
);

/** A regularizer, its id, or its serialized `{className, config}` (Keras: `{class_name, config}`). */
export type RegularizerIdentifier =
  | string
  | Regularizer
  | { className: string; config?: Record<string, number> }
  | { class_name: string; config?: Record<string, number> };

/**
 * Resolves 'l1', 'l2', 'l1l2', a `{className, config}` object or an instance.
 * @throws ValueError for an unknown id.
 * @example
 * nn.regularizers.get('l1l2');
 */
export function get(identifier: RegularizerIdentifier): Regularizer {
  return REGULARIZERS.get(identifier);
}
