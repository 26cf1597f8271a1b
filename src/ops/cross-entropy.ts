/**
 * Cross-entropy of probabilities along the last axis as one recorded op, the way Keras's
 * losses compute it for `fromLogits: false`: ŷ is renormalised to sum to 1, clipped to
 * [lo, hi], and `−Σ t·log ŷ` taken per row. The forward value is the composition's to the
 * last bit on the same backend; the backward is one pass (the same formula as the
 * composition's chain of gradients, in fewer roundings). Backends without the kernels run
 * the composition. For the losses (src/losses); not a public op.
 */
import type { TensorInfo } from '../backends/backend.js';
import { ENGINE } from '../engine/engine.js';
import { makeTensor, type Tensor } from '../tensor/tensor.js';
import { add, div, greaterEqual, lessEqual, logicalAnd, mul } from './binary.js';
import { run } from './core.js';
import { zerosLike } from './creation.js';
import { oneHot } from './gather-slice.js';
import { sum } from './reduce.js';
import { expandDims } from './shape-ops.js';
import { log, neg } from './unary.js';
import { clipByValue, where } from './where.js';

/** log(clip(p / Σp, lo, hi)) along the last axis, by ops. */
function clippedLog(p: Tensor, lo: number, hi: number): Tensor {
  return log(clipByValue(div(p, sum(p, -1, true)), lo, hi));
}

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
  const be = ENGINE.backend;
  const n = p.shape[p.rank - 1]!;
  if (
    !be.crossEntropyProbs ||
    !be.crossEntropyProbsGrad ||
    p.rank === 0 ||
    p.dtype !== 'float32' ||
    target.dtype !== (sparse ? 'int32' : 'float32')
  ) {
    const t = sparse ? oneHot(target, n) : target;
    return neg(sum(mul(t, clippedLog(p, lo, hi)), -1));
  }
  const outShape = p.shape.slice(0, -1);
  let rows = 1;
  for (const d of outShape) rows *= d;
  // Both kernels see the probabilities as [rows, n] and the targets as [rows(, n)].
  const pShape = [rows, n];
  const tShape = sparse ? [rows] : pShape;
  const view = (t: Tensor, shape: number[]): TensorInfo => ({
    storage: t.storage,
    shape,
    dtype: t.dtype,
    size: t.size,
  });
  return run(
    'crossEntropyProbs',
    [p, target],
    (b) => b.crossEntropyProbs!(view(p, pShape), view(target, tShape), sparse, lo, hi),
    outShape,
    'float32',
    ([dy], [pi, ti], _y, needs) => {
      const g = dy!;
      const cur = ENGINE.backend;
      let dp: Tensor | null = null;
      if (needs[0]) {
        const onBackend = [g, pi!, ti!].every((t) => t.storage.backend === cur);
        dp =
          onBackend && cur.crossEntropyProbsGrad
            ? makeTensor(
                cur.crossEntropyProbsGrad(
                  view(pi!, pShape),
                  view(ti!, tShape),
                  sparse,
                  view(g, [rows]),
                  lo,
                  hi,
                ),
                pi!.shape,
                'float32',
              )
            : composedGrad(pi!, sparse ? oneHot(ti!, n) : ti!, g, lo, hi);
      }
      // d/dt of −Σ t·log ŷ is −log ŷ (soft targets only; labels have no gradient).
      const dt = !sparse && needs[1] ? mul(expandDims(neg(g), -1), clippedLog(pi!, lo, hi)) : null;
      return [dp, dt];
    },
  );
}

/** dp = g·(a + T) / s by ops (see Backend.crossEntropyProbsGrad). */
function composedGrad(p: Tensor, t: Tensor, g: Tensor, lo: number, hi: number): Tensor {
  const s = sum(p, -1, true);
  const q = div(p, s);
  const inRange = logicalAnd(greaterEqual(q, lo), lessEqual(q, hi));
  const a = where(inRange, neg(div(t, q)), zerosLike(q));
  const total = sum(where(inRange, t, zerosLike(t)), -1, true);
  return mul(div(expandDims(g, -1), s), add(a, total));
}
