/** Weight regularizers: penalties added to the training loss. */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { abs, add, mul, square, sum } from '../ops/index.js';

export abstract class Regularizer {
  abstract readonly className: string;
  /** The penalty for weights `x`, a scalar. */
  abstract call(x: Tensor): Tensor;
  abstract getConfig(): Record<string, number>;
}

/** l1·Σ|x| + l2·Σx² (Keras `L1L2`). */
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

/** l1 (default 0.01, as Keras 3). */
export const l1 = ({ l1 = 0.01 }: { l1?: number } = {}): Regularizer => new L1L2({ l1 });
/** l2 (default 0.01, as Keras 3). */
export const l2 = ({ l2 = 0.01 }: { l2?: number } = {}): Regularizer => new L1L2({ l2 });
export const l1l2 = (a: { l1?: number; l2?: number } = {}): Regularizer => new L1L2(a);

/** Resolves 'l1', 'l2', 'l1l2', a `{className, config}` object or an instance. */
/** A regularizer, its id, or its serialized `{className, config}` form. */
export type RegularizerIdentifier =
  string | Regularizer | { className: string; config?: Record<string, number> };

export function get(identifier: RegularizerIdentifier): Regularizer {
  if (identifier instanceof Regularizer) return identifier;
  const [name, c] =
    typeof identifier === 'string'
      ? [identifier, {}]
      : [identifier?.className, identifier?.config ?? {}];
  if (typeof name !== 'string' || typeof c !== 'object' || c === null) {
    throw new ValueError(
      `regularizer: expected an id or {className, config}, received ${JSON.stringify(identifier)}`,
    );
  }
  switch (name.toLowerCase().replace('_', '')) {
    case 'l1':
      return l1(c);
    case 'l2':
      return l2(c);
    case 'l1l2':
      return l1l2(c);
    default:
      throw new ValueError(`unknown regularizer '${name}'; valid ids: l1, l2, l1l2`);
  }
}
