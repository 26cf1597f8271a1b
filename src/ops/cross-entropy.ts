/**
 * Cross-entropy of probabilities along the last axis as one fused op, the way Keras's
 * losses compute it for `fromLogits: false`: ŷ is renormalised to sum to 1, clipped to
 * [lo, hi], and `−Σ t·log ŷ` taken per row. The forward value is the composition's to the
 * last bit on the same backend; the backward is one pass (crossEntropyProbsGrad: the same
 * formula as the composition's chain of gradients, in fewer roundings). Backends without
 * the kernels run the composition. For the losses (src/losses); not a public op.
 */
import type { TensorInfo } from '../backends/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, div, greaterEqual, lessEqual, logicalAnd, mul } from './binary.js';
import { fromValues } from './core.js';
import { zerosLike } from './creation.js';
import { defineFused, sampleTensor, type Tolerance } from './fused.js';
import { oneHot } from './gather-slice.js';
import { sum } from './reduce.js';
import { expandDims } from './shape-ops.js';
import { log, neg } from './unary.js';
import { clipByValue, where } from './where.js';

export interface CrossEntropyArgs {
  /** float32 probabilities [..., n] (rows need not sum to 1). */
  readonly p: Tensor;
  /** float32 targets of p's shape, or with `sparse` int32 labels of p's shape less its last axis, each in [0, n). */
  readonly target: Tensor;
  readonly sparse: boolean;
  /** The clip range of the renormalised probabilities. */
  readonly lo: number;
  readonly hi: number;
}

export interface CrossEntropyGradArgs extends CrossEntropyArgs {
  /** float32: the gradient of each row's value, p's shape less its last axis. */
  readonly g: Tensor;
}

/** log(clip(p / Σp, lo, hi)) along the last axis, by ops. */
function clippedLog(p: Tensor, lo: number, hi: number): Tensor {
  return log(clipByValue(div(p, sum(p, -1, true)), lo, hi));
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** p and target as the kernels take them. */
function fits({ p, target, sparse }: CrossEntropyArgs): boolean {
  return (
    p.rank >= 1 &&
    p.dtype === 'float32' &&
    target.dtype === (sparse ? 'int32' : 'float32') &&
    sameShape(target.shape, sparse ? p.shape.slice(0, -1) : p.shape)
  );
}

/** `t` seen with another shape (the kernels take [rows, n] and [rows]). */
function view(t: Tensor, shape: number[]): TensorInfo {
  return { storage: t.storage, shape, dtype: t.dtype, size: t.size };
}

/** [rows, n] for p's shape [..., n]. */
function rowsOf(p: Tensor): [number, number] {
  let rows = 1;
  for (let i = 0; i < p.rank - 1; i++) rows *= p.shape[i]!;
  return [rows, p.shape[p.rank - 1]!];
}

const oneHotTarget = ({ target, sparse, p }: CrossEntropyArgs): Tensor =>
  sparse ? oneHot(target, p.shape[p.rank - 1]!) : target;

/** Samples for both kernels: not normalised, entries near 0 and holding most of the mass. */
function samples(): [CrossEntropyGradArgs, ...CrossEntropyGradArgs[]] {
  const LO = 1e-7;
  const HI = 1 - 1e-7;
  const probs = (shape: number[], seed: number): Tensor => {
    const u = sampleTensor(shape, seed, { lo: 0, hi: 1 }).dataSync();
    const v = Float32Array.from(u, (x) => (x < 0.1 ? 1e-9 : x < 0.2 ? 40 : x));
    return fromValues(v, shape, 'float32', 'sample');
  };
  const labels = (shape: number[], n: number, seed: number): Tensor => {
    const u = sampleTensor(shape, seed, { lo: 0, hi: n }).dataSync();
    // (float32 may round a value just under n up to n.)
    const v = Int32Array.from(u, (x) => Math.min(n - 1, Math.floor(x)));
    return fromValues(v, shape, 'int32', 'sample');
  };
  const shapes = [
    [1, 1],
    [3, 1],
    [6, 10],
    [2, 3, 5],
  ];
  return [
    {
      // NaN, a zero row and a one-hot row, as the losses may see them.
      p: fromValues(
        [
          [0.2, 0.3, 0.5],
          [NaN, 0.5, 0.5],
          [0, 0, 0],
          [1, 0, 0],
        ],
        undefined,
        'float32',
        'sample',
      ),
      target: fromValues([2, 1, 0, 1], undefined, 'int32', 'sample'),
      g: sampleTensor([4], 1),
      sparse: true,
      lo: LO,
      hi: HI,
    },
    ...shapes.flatMap((shape, i) => {
      const rows = shape.slice(0, -1);
      const n = shape[shape.length - 1]!;
      return [
        { p: probs(shape, 10 + i), target: labels(rows, n, 20 + i), sparse: true },
        {
          p: probs(shape, 30 + i),
          target: sampleTensor(shape, 40 + i, { lo: 0, hi: 1 }),
          sparse: false,
        },
      ].map((c) => ({ ...c, g: sampleTensor(rows, 50 + i, { lo: 0.5, hi: 2 }), lo: LO, hi: HI }));
    }),
  ];
}

/** The gradient's tolerance: the same formula as the composition's chain, fewer roundings. */
const GRAD_PARITY: Tolerance = {
  atolOfMax: 2e-6,
  rtol: 1e-5,
  why: 'crossEntropyProbsGrad rounds g·(a + T) / s once where the chain of ops rounds each step',
};

/**
 * The gradient of crossEntropyProbs with respect to p, `g·(a + T) / s` (see
 * Backend.crossEntropyProbsGrad): the fused path's backward.
 */
export const crossEntropyProbsGrad = defineFused<CrossEntropyGradArgs, 'crossEntropyProbsGrad'>({
  name: 'crossEntropyProbsGrad',
  kernel: 'crossEntropyProbsGrad',
  inputs: ({ p, target, g }) => [p, target, g],
  eligible: (args) =>
    fits(args) && args.g.dtype === 'float32' && sameShape(args.g.shape, args.p.shape.slice(0, -1)),
  outputs: ({ p }) => [{ shape: p.shape, dtype: 'float32' }],
  call: (be, { p, target, g, sparse, lo, hi }) => {
    const [rows, n] = rowsOf(p);
    const t = view(target, sparse ? [rows] : [rows, n]);
    return [be.crossEntropyProbsGrad(view(p, [rows, n]), t, sparse, view(g, [rows]), lo, hi)];
  },
  // dp = g·(a + T) / s by ops.
  compose: (args) => {
    const { p, g, lo, hi } = args;
    const t = oneHotTarget(args);
    const s = sum(p, -1, true);
    const q = div(p, s);
    const inRange = logicalAnd(greaterEqual(q, lo), lessEqual(q, hi));
    const a = where(inRange, neg(div(t, q)), zerosLike(q));
    const total = sum(where(inRange, t, zerosLike(t)), -1, true);
    return [mul(div(expandDims(g, -1), s), add(a, total))];
  },
  parity: GRAD_PARITY,
  samples,
});

/**
 * Per-row `−Σⱼ tⱼ·log(clip(pⱼ / Σₖ pₖ, lo, hi))` over the last axis; its backward is
 * crossEntropyProbsGrad for p and ops for soft targets.
 */
export const crossEntropyProbs = defineFused<CrossEntropyArgs, 'crossEntropyProbs'>({
  name: 'crossEntropyProbs',
  kernel: 'crossEntropyProbs',
  inputs: ({ p, target }) => [p, target],
  // With both kernels or neither: the backward of the fused forward is the fused gradient.
  eligible: (args, be) => be.crossEntropyProbsGrad !== undefined && fits(args),
  outputs: ({ p }) => [{ shape: p.shape.slice(0, -1), dtype: 'float32' }],
  call: (be, { p, target, sparse, lo, hi }) => {
    const [rows, n] = rowsOf(p);
    const t = view(target, sparse ? [rows] : [rows, n]);
    return [be.crossEntropyProbs(view(p, [rows, n]), t, sparse, lo, hi)];
  },
  compose: (args) => [neg(sum(mul(oneHotTarget(args), clippedLog(args.p, args.lo, args.hi)), -1))],
  gradient: {
    rule:
      ({ sparse, lo, hi }) =>
      ([g], [pi, ti], _y, needs) => {
        const p = pi!;
        const target = ti!;
        const dp = needs[0]
          ? crossEntropyProbsGrad.apply({ p, target, g: g!, sparse, lo, hi })[0]!
          : null;
        // d/dt of −Σ t·log ŷ is −log ŷ (soft targets only; labels have no gradient).
        const dt = !sparse && needs[1] ? mul(expandDims(neg(g!), -1), clippedLog(p, lo, hi)) : null;
        return [dp, dt];
      },
    parity: GRAD_PARITY,
  },
  parity: 'exact',
  samples,
});

/**
 * @internal Per-row `−Σⱼ tⱼ·log(clip(pⱼ / Σₖ pₖ, lo, hi))` over the last axis of float32
 * probabilities `p` [..., n]. `target` is float32 with p's shape, or with `sparse` int32
 * labels of shape `p.shape.slice(0, -1)`, each already checked to lie in [0, n). Returns
 * p's shape without the last axis.
 */
export function crossEntropyFromProbs(
  p: Tensor,
  target: Tensor,
  sparse: boolean,
  lo: number,
  hi: number,
): Tensor {
  return crossEntropyProbs.apply({ p, target, sparse, lo, hi })[0]!;
}
