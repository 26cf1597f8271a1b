/**
 * Independent float64 reference implementations of the Keras 3 optimizers, written from the
 * formulas of shared/spec/REFERENCE.md §1 (not from our sources), plus a harness that runs
 * them on plain number arrays. Each rule is elementwise; the base-class steps (clipping,
 * decoupled weight decay, the 1-based step t) are applied around it here, in Keras's order.
 */

/** Per-element slot values of one rule, keyed by the TF.js slot names. */
export type Slots = Record<string, number>;

export interface RefRule {
  /** Slot name → initial value. */
  slots: Slots;
  /** Optimizer-wide scalar state (Nadam's mu_prod): initial values. */
  scalars?: Record<string, number>;
  /** Runs once per step before the elementwise updates (t is 1-based). */
  beforeStep?(t: number, scalars: Record<string, number>): void;
  /** One element's update: mutates `s`, returns the new x. */
  step(
    x: number,
    g: number,
    s: Slots,
    lr: number,
    t: number,
    scalars: Record<string, number>,
  ): number;
}

export interface CommonOptions {
  clipNorm?: number;
  clipValue?: number;
  globalClipNorm?: number;
  weightDecay?: number;
}

export interface RefResult {
  /** xs[k][j]: variable j after step k. */
  xs: number[][][];
  /** slots[name][j]: the final slot values of variable j. */
  slots: Record<string, number[][]>;
  scalars: Record<string, number>;
}

const norm = (a: number[]): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0));

/** Clipping as REFERENCE §1.1 step 2 describes it. */
function clip(grads: number[][], o: CommonOptions): number[][] {
  if (o.clipNorm !== undefined) {
    const c = o.clipNorm;
    return grads.map((g) => {
      const n = norm(g);
      return g.map((v) => (v * c) / Math.max(n, c));
    });
  }
  if (o.globalClipNorm !== undefined) {
    const c = o.globalClipNorm;
    const n = Math.sqrt(grads.reduce((s, g) => s + norm(g) ** 2, 0));
    const scale = n > c ? c / n : 1;
    return grads.map((g) => g.map((v) => v * scale));
  }
  if (o.clipValue !== undefined) {
    const c = o.clipValue;
    return grads.map((g) => g.map((v) => Math.min(c, Math.max(-c, v))));
  }
  return grads;
}

/**
 * Runs `rule` for `grads.length` steps from `x0` (one flat array per variable);
 * `lr(k)` is the learning rate of step k (0-based, i.e. evaluated at `iterations`).
 */
export function runReference(
  rule: RefRule,
  x0: number[][],
  grads: number[][][],
  lr: (k: number) => number,
  options: CommonOptions = {},
): RefResult {
  const x = x0.map((v) => [...v]);
  const slots: Slots[][] = x0.map((v) => v.map(() => ({ ...rule.slots })));
  const scalars = { ...(rule.scalars ?? {}) };
  const xs: number[][][] = [];
  grads.forEach((stepGrads, k) => {
    const t = k + 1;
    const rate = lr(k);
    const g = clip(stepGrads, options);
    if (options.weightDecay !== undefined) {
      for (const v of x)
        for (let i = 0; i < v.length; i++) v[i] = v[i]! - v[i]! * options.weightDecay * rate;
    }
    rule.beforeStep?.(t, scalars);
    x.forEach((v, j) => {
      for (let i = 0; i < v.length; i++) {
        v[i] = rule.step(v[i]!, g[j]![i]!, slots[j]![i]!, rate, t, scalars);
      }
    });
    xs.push(x.map((v) => [...v]));
  });
  const out: Record<string, number[][]> = {};
  for (const name of Object.keys(rule.slots))
    out[name] = slots.map((vs) => vs.map((s) => s[name]!));
  return { xs, slots: out, scalars };
}

// ---- the rules (REFERENCE §1.2) -------------------------------------------------------

export function sgdRule(momentum = 0, nesterov = false): RefRule {
  return {
    slots: momentum !== 0 ? { momentum: 0 } : {},
    step(x, g, s, lr) {
      if (momentum === 0) return x - lr * g;
      const v = momentum * s.momentum! - lr * g;
      s.momentum = v;
      return nesterov ? x + momentum * v - lr * g : x + v;
    },
  };
}

export function rmspropRule(rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false): RefRule {
  const slots: Slots = { rms: 0 };
  if (momentum > 0) slots.momentum = 0;
  if (centered) slots.mg = 0;
  return {
    slots,
    step(x, g, s, lr) {
      s.rms = rho * s.rms! + (1 - rho) * g * g;
      let den: number;
      if (centered) {
        s.mg = rho * s.mg! + (1 - rho) * g;
        den = s.rms - s.mg * s.mg + epsilon;
      } else {
        den = s.rms + epsilon;
      }
      const inc = (lr * g) / Math.sqrt(den);
      if (momentum > 0) {
        s.momentum = momentum * s.momentum! + inc;
        return x - s.momentum;
      }
      return x - inc;
    },
  };
}

export function adagradRule(initial = 0.1, epsilon = 1e-7): RefRule {
  return {
    slots: { accumulator: initial },
    step(x, g, s, lr) {
      s.accumulator = s.accumulator! + g * g;
      return x - (lr * g) / Math.sqrt(s.accumulator + epsilon);
    },
  };
}

export function adadeltaRule(rho = 0.95, epsilon = 1e-7): RefRule {
  return {
    slots: { accum_grad: 0, accum_var: 0 },
    step(x, g, s, lr) {
      s.accum_grad = rho * s.accum_grad! + (1 - rho) * g * g;
      const delta = (-g * Math.sqrt(s.accum_var! + epsilon)) / Math.sqrt(s.accum_grad + epsilon);
      s.accum_var = rho * s.accum_var! + (1 - rho) * delta * delta;
      return x + lr * delta;
    },
  };
}

export function adamRule(beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, amsgrad = false): RefRule {
  return {
    slots: amsgrad ? { m: 0, v: 0, vhat: 0 } : { m: 0, v: 0 },
    step(x, g, s, lr, t) {
      s.m = s.m! + (g - s.m!) * (1 - beta1);
      s.v = s.v! + (g * g - s.v!) * (1 - beta2);
      let v = s.v;
      if (amsgrad) {
        s.vhat = Math.max(s.vhat!, s.v);
        v = s.vhat;
      }
      const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      return x - (alpha * s.m) / (Math.sqrt(v) + epsilon);
    },
  };
}

export function adamaxRule(beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7): RefRule {
  return {
    slots: { m: 0, v: 0 },
    step(x, g, s, lr, t) {
      s.m = s.m! + (g - s.m!) * (1 - beta1);
      s.v = Math.max(beta2 * s.v!, Math.abs(g));
      return x - (lr * s.m) / ((1 - beta1 ** t) * (s.v + epsilon));
    },
  };
}

export function nadamRule(beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7): RefRule {
  const mu = (t: number): number => beta1 * (1 - 0.5 * 0.96 ** t);
  return {
    slots: { m: 0, v: 0 },
    scalars: { mu_prod: 1 },
    beforeStep(t, sc) {
      sc.mu_prod = sc.mu_prod! * mu(t);
    },
    step(x, g, s, lr, t, sc) {
      const muProd = sc.mu_prod!;
      s.m = s.m! + (g - s.m!) * (1 - beta1);
      s.v = s.v! + (g * g - s.v!) * (1 - beta2);
      const mHat = (mu(t + 1) * s.m) / (1 - muProd * mu(t + 1)) + ((1 - mu(t)) * g) / (1 - muProd);
      const vHat = s.v / (1 - beta2 ** t);
      return x - (lr * mHat) / (Math.sqrt(vHat) + epsilon);
    },
  };
}

export function lionRule(beta1 = 0.9, beta2 = 0.99): RefRule {
  return {
    slots: { m: 0 },
    step(x, g, s, lr) {
      const next = x - lr * Math.sign(beta1 * s.m! + (1 - beta1) * g);
      s.m = beta2 * s.m! + (1 - beta2) * g;
      return next;
    },
  };
}

export function ftrlRule(
  o: {
    p?: number;
    initial?: number;
    l1?: number;
    l2?: number;
    shrinkage?: number;
    beta?: number;
  } = {},
): RefRule {
  const { p = -0.5, initial = 0.1, l1 = 0, l2 = 0, shrinkage = 0, beta = 0 } = o;
  return {
    slots: { accumulator: initial, linear: 0 },
    step(x, g, s, lr) {
      const l2p = l2 + beta / (2 * lr);
      const gHat = g + 2 * shrinkage * x;
      const n = s.accumulator!;
      const nNew = n + g * g;
      s.linear = s.linear! + gHat - ((nNew ** -p - n ** -p) / lr) * x;
      const q = nNew ** -p / lr + 2 * l2p;
      s.accumulator = nNew;
      return (Math.min(l1, Math.max(-l1, s.linear)) - s.linear) / q;
    },
  };
}
