/**
 * One Adam update of a variable and its moments as one fused op, in place: the outputs
 * replace the variables (on the kernel's path, in their own buffers when nothing else holds
 * them: see Backend.adamStep). The same numbers as the unfused update, which runs instead
 * on a backend without the kernel and for AMSGrad (the kernel has no v̂).
 */
import { type Tensor, Variable } from '../tensor/tensor.js';
import { add, div, maximum, mul, sub } from './binary.js';
import { scalar } from './creation.js';
import { defineFused, sampleTensor } from './fused.js';
import { sqrt, square } from './unary.js';

export interface AdamStepArgs {
  /** The float32 variable. */
  readonly x: Variable;
  /** Its gradient, x's shape. */
  readonly g: Tensor;
  /** The moments m and v, x's shape. */
  readonly m: Variable;
  readonly v: Variable;
  /** AMSGrad's running maximum of v (used in v's place), or null. */
  readonly vhat: Variable | null;
  /**
   * The step size with the bias corrections folded in, lr·√(1 − β2ᵗ) / (1 − β1ᵗ): a float32
   * scalar tensor (a compiled step computes it anew each step; see ops/host-op.ts).
   */
  readonly alpha: Tensor;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/**
 * m ← m + (g − m)(1 − β1), v ← v + (g² − v)(1 − β2), (amsgrad: v̂ ← max(v̂, v)),
 * x ← x − α·m / (√v + ε), each rounded to float32 in that order.
 */
export const adamStep = defineFused<AdamStepArgs, 'adamStep'>({
  name: 'adamStep',
  kernel: 'adamStep',
  inputs: ({ x, g, m, v, alpha }) => [x, g, m, v, alpha],
  eligible: ({ x, g, m, v, vhat, alpha }) =>
    vhat === null &&
    alpha.dtype === 'float32' &&
    alpha.size === 1 &&
    [x, g, m, v].every((t) => t.dtype === 'float32' && t.size === x.size),
  outputs: ({ x }) => [x, x, x].map((t) => ({ shape: t.shape, dtype: 'float32' as const })),
  call: (be, a) => be.adamStep(a.x, a.g, a.m, a.v, a.alpha, a.beta1, a.beta2, a.epsilon),
  compose: ({ x, g, m, v, vhat, alpha, beta1, beta2, epsilon }) => {
    const m1 = add(m, mul(sub(g, m), 1 - beta1));
    const v1 = add(v, mul(sub(square(g), v), 1 - beta2));
    const vhat1 = vhat && maximum(vhat, v1);
    const x1 = sub(x, div(mul(m1, alpha), add(sqrt(vhat1 ?? v1), epsilon)));
    return vhat1 ? [x1, m1, v1, vhat1] : [x1, m1, v1];
  },
  updates: ({ x, m, v, vhat }) => (vhat ? [x, m, v, vhat] : [x, m, v]),
  parity: 'exact',
  samples: () => {
    // Variables that alone hold their buffers, so that the kernel updates them in place.
    const variable = (t: Tensor, name: string): Variable => {
      const out = new Variable(t, false, `adamStep-sample/${name}`);
      t.dispose();
      return out;
    };
    const sample = (n: number, seed: number): AdamStepArgs => ({
      x: variable(sampleTensor([n], seed), 'x'),
      g: sampleTensor([n], seed + 1),
      m: variable(sampleTensor([n], seed + 2, { lo: -0.1, hi: 0.1 }), 'm'),
      v: variable(sampleTensor([n], seed + 3, { lo: 0, hi: 0.1 }), 'v'),
      vhat: null,
      alpha: scalar(0.00123),
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
    });
    return [sample(5, 1), sample(37, 11)];
  },
});
