/**
 * predict / predictOnBatch: the model in inference mode over `x`, in batches, with the
 * outputs concatenated. Zero rows give empty outputs ([0, …]) rather than an error, as
 * Keras and TF.js return an empty prediction for an empty batch.
 */
import { tidy } from '../engine/tidy.js';
import type { Model } from '../models/model.js';
import { concat } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import {
  allKeys,
  checkOptionKeys,
  checkOptionsObject,
  checkPositiveInteger,
  checkVerbose,
} from './check-options.js';
import { modelInputs, numSamples, sliceRows } from './data.js';
import { Progbar } from '../callbacks/progbar.js';

/**
 * Options of `model.predict(x, args)`.
 */
export interface PredictArgs {
  /** Default 32. */
  batchSize?: number;
  /** 0 silent (default), 1 progress bar, 2 one line at the end. */
  verbose?: 0 | 1 | 2;
}

/** The keys `predict` takes (checked against PredictArgs by TypeScript). */
export const PREDICT_KEYS = allKeys<PredictArgs>()(['batchSize', 'verbose']);

/**
 * Every output of the model on the inputs `xs()` gives, in inference mode, in a tidy;
 * through the compiled predict step once the model is compiled.
 */
function run(model: Model, xs: () => readonly Tensor[]): Tensor[] {
  return tidy(() => {
    const inputs = xs();
    const step = model.compiled?.jit.predict;
    if (!step) return model.applyEager(inputs, { training: false });
    const outs = step.run(
      inputs,
      () => model.weights,
      () => model.applyEager(inputs, { training: false }),
    );
    return outs.filter((t): t is Tensor => t !== null);
  });
}

/**
 * The outputs of `model` on `x` (one tensor per input), one per output. `x` must hold
 * Tensors: plain JS arrays are refused with a hint to wrap them (see `toList`).
 */
export function predictOutputs(model: Model, x: unknown, args?: PredictArgs): Tensor[] {
  const where = 'predict';
  model.assertNotDisposed(where);
  checkOptionsObject(args, where, '{batchSize: 32, verbose: 0}');
  checkOptionKeys(args, PREDICT_KEYS, where);
  const batchSize = checkPositiveInteger(args?.batchSize ?? 32, where, 'batchSize');
  const verbose = checkVerbose(args?.verbose ?? 0, where);
  const xs = modelInputs(model, x, where);
  const n = numSamples({ x: xs }, where);
  // A built model checks the whole input's shape before it is cut into batches, so a wrong
  // rank is reported as given ([784]), not as the first batch's slice of it ([32]).
  if (model.built) model.ensureBuilt(xs.map((t) => t.shape));
  // No rows: one pass over the empty batch gives outputs of the right shape and dtype.
  if (n === 0 || (n <= batchSize && !verbose)) return run(model, () => xs);
  const steps = Math.ceil(n / batchSize);
  const bar = verbose ? new Progbar(steps, verbose) : null;
  const parts: Tensor[][] = [];
  try {
    for (let i = 0; i < n; i += batchSize) {
      parts.push(run(model, () => sliceRows(xs, i, Math.min(batchSize, n - i))));
      bar?.update(parts.length, {}, parts.length === steps);
    }
    return tidy(() =>
      parts[0]!.map((_, k) =>
        concat(
          parts.map((p) => p[k]!),
          0,
        ),
      ),
    );
  } finally {
    for (const p of parts) for (const t of p) t.dispose();
  }
}

/** The model on one batch, in inference mode. */
export function predictOnBatchOutputs(model: Model, x: unknown): Tensor[] {
  const where = 'predictOnBatch';
  model.assertNotDisposed(where);
  const xs = modelInputs(model, x, where);
  return run(model, () => xs);
}
