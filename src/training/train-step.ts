/**
 * One training or test step on one batch (keras/src/trainers/trainer.py): forward in
 * training mode, loss plus regularization losses, gradients, optimizer update, metric
 * updates; and the loss and metric trackers whose results the logs report.
 */
import { GradientTape } from '../autograd/gradients.js';

import { type Logs } from '../callbacks/callback.js';

import { tidy } from '../engine/tidy.js';

import { NeuriteError, ShapeError, ValueError, fmtShape } from '../errors.js';

import type { Metric } from '../metrics/index.js';

import type { Model } from '../models/model.js';

import { add, argMax, mul, reshape, tensor } from '../ops/index.js';

import { Tensor } from '../tensor/tensor.js';

import { checkOptionalTensor } from './check-options.js';

import type { Compiled } from './compile.js';

import { modelInputs, modelTargets, numSamples } from './data.js';

import { describeValue } from './describe-value.js';

import { runningFit } from './fit-lock.js';

/** Rows [start, start + n) of each tensor (a validation split is a range, not a copy). */
export interface Prepared {
  xs: Tensor[];
  ys: Tensor[];
  sw: Tensor | null;
  start: number;
  n: number;
}

export function prepare(
  model: Model,
  x: unknown,
  y: unknown,
  sw: Tensor | undefined,
  where: string,
): Prepared {
  const xs = modelInputs(model, x, where);
  const ys = modelTargets(model, y, where);
  if (sw !== undefined && sw.rank !== 1) {
    throw new ShapeError(
      `${where}: sampleWeight must have shape [n] (one weight per sample), received ${fmtShape(sw.shape)}`,
    );
  }
  const n = numSamples({ x: xs, y: ys, sampleWeight: sw ? [sw] : [] }, where);
  if (n === 0) {
    throw new ValueError(
      `${where}: 'x' and 'y' hold no samples ('x' has shape ${fmtShape(xs[0]!.shape)}); give at least one`,
    );
  }
  return { xs, ys, sw: sw ?? null, start: 0, n };
}

/** Per-sample weights from class weights (labels or one-hot rows), times `sw`. */
export function classSampleWeights(
  y: Tensor,
  classWeight: Readonly<Record<number, number>>,
  sw: Tensor | null,
): Tensor {
  const labels =
    y.rank >= 2 && y.shape[y.rank - 1]! > 1 ? argMax(y, -1) : reshape(y, [y.shape[0]!]);
  const v = labels.dataSync();
  const w = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const c = Math.round(v[i]!);
    const cw = classWeight[c];
    if (cw === undefined) {
      throw new ValueError(
        `fit: classWeight has no weight for class ${c}; give a weight for every class (${Object.keys(classWeight).join(', ')} given)`,
      );
    }
    w[i] = cw;
  }
  const t = tensor(w, [v.length]);
  return sw ? mul(t, sw) : t;
}

export class LossTracker {
  total = 0;
  count = 0;
  add(value: number, weight: number): void {
    this.total += value * weight;
    this.count += weight;
  }
  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }
}

export interface Trackers {
  loss: LossTracker;
  perOutput: LossTracker[];
  /**
   * The metric objects this run updates, per output: chosen on the first batch, when the
   * shapes that resolve ids such as 'accuracy' are known.
   */
  metrics: Metric[][] | null;
  chooseMetrics: (ys: readonly Tensor[], preds: readonly Tensor[]) => Metric[][];
}

/** Trackers of training, which accumulates into the compiled metrics (reset here). */
export function trainingTrackers(compiled: Compiled): Trackers {
  for (const m of compiled.metrics) m.resetState();
  return {
    loss: new LossTracker(),
    perOutput: compiled.outputs.map(() => new LossTracker()),
    metrics: null,
    // forwardLoss resolves the metrics before they are first chosen.
    chooseMetrics: () => compiled.outputs.map((o) => o.metrics!),
  };
}

/**
 * Trackers of an evaluation, which counts into its own metric copies so that the training
 * values stay as they are (even when it runs from a callback of a running fit).
 */
export function evaluationTrackers(model: Model, compiled: Compiled, where: string): Trackers {
  return {
    loss: new LossTracker(),
    perOutput: compiled.outputs.map(() => new LossTracker()),
    metrics: null,
    chooseMetrics: (ys, preds) =>
      compiled.evaluationMetrics(ys, preds, (trained) => {
        if (runningFit(model)?.accumulating) {
          throw new NeuriteError(
            `${where}: metric '${trained.name}' (${trained.className}) cannot be copied, so this evaluation would share it with the fit() running on ${model.className} '${model.name}' and reset the training value it is accumulating; evaluate from onEpochEnd or after fit, or give compile the metric as an id (e.g. 'accuracy')`,
          );
        }
      }),
  };
}

export function logsOf(compiled: Compiled, t: Trackers): Logs {
  const logs: Logs = { loss: t.loss.result() };
  if (compiled.outputs.length > 1)
    compiled.outputs.forEach((o, i) => (logs[`${o.name}_loss`] = t.perOutput[i]!.result()));
  for (const m of (t.metrics ?? []).flat()) logs[m.name] = m.result();
  return logs;
}

/**
 * One forward pass and loss (recorded when `tape` is given). Returns the total loss tensor
 * and the predictions; per-output losses go into `outLosses`.
 */
export function forwardLoss(
  model: Model,
  compiled: Compiled,
  xs: readonly Tensor[],
  ys: readonly Tensor[],
  sw: Tensor | null,
  training: boolean,
): { total: Tensor; preds: Tensor[]; perOutput: Tensor[] } {
  const preds = model.applyEager(xs, { training });
  compiled.resolve(ys, preds);
  const perOutput = compiled.outputs.map((o, i) => o.loss!(ys[i]!, preds[i]!, sw ?? undefined));
  let total = perOutput.reduce<Tensor | null>((acc, l, i) => {
    const w = compiled.outputs[i]!.weight;
    const term = w === 1 ? l : mul(l, w);
    return acc ? add(acc, term) : term;
  }, null)!;
  for (const r of model.losses) total = add(total, r);
  return { total, preds, perOutput };
}

export function updateMetrics(t: Trackers, ys: readonly Tensor[], preds: readonly Tensor[]): void {
  t.metrics ??= t.chooseMetrics(ys, preds);
  t.metrics.forEach((metrics, i) => {
    // As Keras 3: plain `metrics` are not sample-weighted (only weighted metrics would be).
    for (const m of metrics) m.updateState(ys[i]!, preds[i]!);
  });
}

/** A batch's metrics, loss and per-output losses into the trackers (both steps do this). */
function track(
  t: Trackers,
  xs: readonly Tensor[],
  ys: readonly Tensor[],
  preds: readonly Tensor[],
  total: Tensor,
  perOutput: readonly Tensor[],
): void {
  updateMetrics(t, ys, preds);
  const batch = xs[0]!.shape[0]!;
  t.loss.add(total.dataSync()[0]!, batch);
  if (perOutput.length > 1)
    perOutput.forEach((l, i) => t.perOutput[i]!.add(l.dataSync()[0]!, batch));
}

/** The tensors a step's body gives back, in the flat order a compiled step keeps. */
interface StepTensors {
  total: Tensor;
  perOutput: Tensor[];
  preds: Tensor[];
  grads: (Tensor | null)[];
}

/** Splits `[total, ...perOutput, ...preds, ...grads]` (the body's outputs). */
function unpack(outs: readonly (Tensor | null)[], outputs: number, grads: number): StepTensors {
  const present = (t: Tensor | null): Tensor => {
    if (!t) throw new NeuriteError('internal: a step gave back a null loss or prediction');
    return t;
  };
  const end = outs.length - grads;
  return {
    total: present(outs[0] ?? null),
    perOutput: outs.slice(1, 1 + outputs).map(present),
    preds: outs.slice(1 + outputs, end).map(present),
    grads: outs.slice(end),
  };
}

/**
 * One optimisation step on a batch; updates the trackers. Forward, loss, gradients and the
 * optimizer update run through the compiled train step (replayed per input signature
 * unless jitCompile is false; the optimizer's per-step numbers are host computations the
 * replay redoes); the metrics follow on the results.
 */
export function trainStep(
  model: Model,
  compiled: Compiled,
  xs: readonly Tensor[],
  ys: readonly Tensor[],
  sw: Tensor | null,
  t: Trackers,
): void {
  tidy(() => {
    const vars = model.trainableWeights;
    const optimizer = compiled.optimizer;
    // The state up front (as Keras builds it for every trainable variable), so that the
    // step's variables stay the same from the first call on.
    optimizer.build(vars);
    const outs = compiled.jit.train.run(
      [...xs, ...ys, ...(sw ? [sw] : [])],
      () => [...model.weights, ...optimizer.stateVariables],
      () => {
        const tape = new GradientTape();
        let result: ReturnType<typeof forwardLoss>;
        let grads: (Tensor | null)[];
        try {
          result = tape.record(() => forwardLoss(model, compiled, xs, ys, sw, true));
          grads = tape.gradient(result.total, vars);
        } finally {
          tape.dispose();
        }
        optimizer.applyGradients(grads.map((g, i) => [g, vars[i]!] as const));
        return [result.total, ...result.perOutput, ...result.preds];
      },
    );
    const { total, preds, perOutput } = unpack(outs, compiled.outputs.length, 0);
    track(t, xs, ys, preds, total, perOutput);
  });
}

export function testStep(
  model: Model,
  compiled: Compiled,
  xs: readonly Tensor[],
  ys: readonly Tensor[],
  sw: Tensor | null,
  t: Trackers,
): void {
  tidy(() => {
    const outs = compiled.jit.test.run(
      [...xs, ...ys, ...(sw ? [sw] : [])],
      () => model.weights,
      () => {
        const { total, preds, perOutput } = forwardLoss(model, compiled, xs, ys, sw, false);
        return [total, ...perOutput, ...preds];
      },
    );
    const { total, preds, perOutput } = unpack(outs, compiled.outputs.length, 0);
    track(t, xs, ys, preds, total, perOutput);
  });
}

/** Lets timers and signal handlers (Ctrl-C) run during long synchronous stretches. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export const FIT_EXAMPLE = '{epochs: 10, batchSize: 32}';

/** `validationData` checked: `[x, y]` or `[x, y, sampleWeight]`. */
export function checkValidationData(
  value: unknown,
  where = 'fit',
): readonly [unknown, unknown, Tensor | undefined] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 3)) {
    throw new ValueError(
      `${where}: validationData must be [x, y] or [x, y, sampleWeight], received ${describeValue(value)}`,
    );
  }
  const [vx, vy, vsw] = value as readonly unknown[];
  return [vx, vy, checkOptionalTensor(vsw, where, 'validationData[2] (sampleWeight)')];
}
