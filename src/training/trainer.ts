/**
 * The Keras training loop: fit, evaluate, trainOnBatch, testOnBatch (keras/src/trainers/
 * trainer.py semantics, REFERENCE.md §9). Per step: forward in training mode, loss plus
 * regularization losses, gradients, optimizer update, metric updates; the logged loss is
 * the epoch's running mean weighted by batch size.
 */
import { GradientTape } from '../autograd/gradients.js';
import { CallbackList, type Logs } from '../callbacks/callback.js';
import { ProgbarLogger } from '../callbacks/progbar-logger.js';
import { tidy } from '../engine/tidy.js';
import { NeuriteError, ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Metric } from '../metrics/index.js';
import type { Model } from '../models/model.js';
import { add, argMax, mul, reshape, tensor } from '../ops/index.js';
import { rngFor } from '../random/prng.js';
import type { Tensor } from '../tensor/tensor.js';
import type { CallbacksArg } from './callbacks-arg.js';
import { normalizeCallbacks } from './callbacks-arg.js';
import {
  checkBoolean,
  checkClassWeight,
  checkFraction,
  checkNonNegativeInteger,
  checkOptionalTensor,
  checkOptionsObject,
  checkPositiveInteger,
  checkVerbose,
} from './check-options.js';
import type { Compiled } from './compile.js';
import { requireCompiled } from './compile.js';
import {
  modelInputs,
  modelTargets,
  numSamples,
  sliceRows,
  takeRows,
  type TensorOrList,
} from './data.js';
import { describeValue } from './describe-value.js';
import { assertNotFitting, beginFit, endFit, type FitState, runningFit } from './fit-lock.js';
import { History } from '../callbacks/history.js';

/** Options of `fit` (Keras names in camelCase). */
export interface FitArgs {
  /** Default 1. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** 0 silent, 1 progress bar (plain lines when not a terminal), 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  /** Fraction of the data, taken from the end before shuffling, held out for validation. */
  validationSplit?: number;
  /** `[x, y]` or `[x, y, sampleWeight]` to validate on (overrides validationSplit). */
  validationData?:
    readonly [TensorOrList, TensorOrList] | readonly [TensorOrList, TensorOrList, Tensor];
  /** Reshuffle the training rows every epoch. Default true. */
  shuffle?: boolean;
  /** Callbacks, or TF.js-style objects of hooks (`{onEpochEnd(epoch, logs) {…}}`). */
  callbacks?: CallbacksArg;
  /** Epoch to start from (to resume a run). Default 0. */
  initialEpoch?: number;
  /** Weight of each class's samples in the loss, keyed by class index. */
  classWeight?: Readonly<Record<number, number>>;
  /** One weight per sample, shape `[n]`. */
  sampleWeight?: Tensor;
}

export interface EvaluateArgs {
  /** Default 32. */
  batchSize?: number;
  /** Default 1 (a progress bar). */
  verbose?: 0 | 1 | 2;
  sampleWeight?: Tensor;
  callbacks?: CallbacksArg;
}

/** Rows [start, start + n) of each tensor (a validation split is a range, not a copy). */
interface Prepared {
  xs: Tensor[];
  ys: Tensor[];
  sw: Tensor | null;
  start: number;
  n: number;
}

function prepare(
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
function classSampleWeights(
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

class LossTracker {
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

interface Trackers {
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
function trainingTrackers(compiled: Compiled): Trackers {
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
function evaluationTrackers(model: Model, compiled: Compiled, where: string): Trackers {
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

function logsOf(compiled: Compiled, t: Trackers): Logs {
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
function forwardLoss(
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

function updateMetrics(t: Trackers, ys: readonly Tensor[], preds: readonly Tensor[]): void {
  t.metrics ??= t.chooseMetrics(ys, preds);
  t.metrics.forEach((metrics, i) => {
    // As Keras 3: plain `metrics` are not sample-weighted (only weighted metrics would be).
    for (const m of metrics) m.updateState(ys[i]!, preds[i]!);
  });
}

/** One optimisation step on a batch; updates the trackers. */
function trainStep(
  model: Model,
  compiled: Compiled,
  xs: readonly Tensor[],
  ys: readonly Tensor[],
  sw: Tensor | null,
  t: Trackers,
): void {
  tidy(() => {
    const vars = model.trainableWeights;
    const tape = new GradientTape();
    try {
      const { total, preds, perOutput } = tape.record(() =>
        forwardLoss(model, compiled, xs, ys, sw, true),
      );
      const grads = tape.gradient(total, vars);
      compiled.optimizer.applyGradients(grads.map((g, i) => [g, vars[i]!] as const));
      updateMetrics(t, ys, preds);
      const batch = xs[0]!.shape[0]!;
      t.loss.add(total.dataSync()[0]!, batch);
      if (perOutput.length > 1)
        perOutput.forEach((l, i) => t.perOutput[i]!.add(l.dataSync()[0]!, batch));
    } finally {
      tape.dispose();
    }
  });
}

function testStep(
  model: Model,
  compiled: Compiled,
  xs: readonly Tensor[],
  ys: readonly Tensor[],
  sw: Tensor | null,
  t: Trackers,
): void {
  tidy(() => {
    const { total, preds, perOutput } = forwardLoss(model, compiled, xs, ys, sw, false);
    updateMetrics(t, ys, preds);
    const batch = xs[0]!.shape[0]!;
    t.loss.add(total.dataSync()[0]!, batch);
    if (perOutput.length > 1)
      perOutput.forEach((l, i) => t.perOutput[i]!.add(l.dataSync()[0]!, batch));
  });
}

/** Lets timers and signal handlers (Ctrl-C) run during long synchronous stretches. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const FIT_EXAMPLE = '{epochs: 10, batchSize: 32}';

/** `validationData` checked: `[x, y]` or `[x, y, sampleWeight]`. */
function checkValidationData(
  value: unknown,
): readonly [unknown, unknown, Tensor | undefined] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 3)) {
    throw new ValueError(
      `fit: validationData must be [x, y] or [x, y, sampleWeight], received ${describeValue(value)}`,
    );
  }
  const [vx, vy, vsw] = value as readonly unknown[];
  return [vx, vy, checkOptionalTensor(vsw, 'fit', 'validationData[2] (sampleWeight)')];
}

export async function fit(
  model: Model,
  x: TensorOrList,
  y: TensorOrList,
  args?: FitArgs,
): Promise<History> {
  model.assertNotDisposed('fit');
  // Outside the try: a refused second fit must not release the first one's lock.
  const state = beginFit(model);
  try {
    return await fitLocked(model, x, y, args, state);
  } finally {
    endFit(model);
  }
}

async function fitLocked(
  model: Model,
  x: TensorOrList,
  y: TensorOrList,
  args: FitArgs | undefined,
  state: FitState,
): Promise<History> {
  checkOptionsObject(args, 'fit', FIT_EXAMPLE);
  const opts: FitArgs = args ?? {};
  const compiled = requireCompiled(model.compiled, 'fit');
  // null means "the default", as in TF.js (`args.epochs == null ? 1 : …`).
  const epochs = checkNonNegativeInteger(opts.epochs ?? 1, 'fit', 'epochs');
  const batchSize = checkPositiveInteger(opts.batchSize ?? 32, 'fit', 'batchSize');
  const verbose = checkVerbose(opts.verbose ?? 1, 'fit');
  const shuffle = checkBoolean(opts.shuffle ?? true, 'fit', 'shuffle');
  const initialEpoch = checkNonNegativeInteger(opts.initialEpoch ?? 0, 'fit', 'initialEpoch');
  const validationSplit = checkFraction(opts.validationSplit ?? 0, 'fit', 'validationSplit');
  const classWeight = checkClassWeight(opts.classWeight, 'fit');
  const sampleWeight = checkOptionalTensor(opts.sampleWeight, 'fit', 'sampleWeight');
  const validationData = checkValidationData(opts.validationData);
  const userCallbacks = normalizeCallbacks(opts.callbacks, 'fit');
  let data = prepare(model, x, y, sampleWeight, 'fit');
  let val: Prepared | null = null;
  if (validationData) {
    const [vx, vy, vsw] = validationData;
    val = prepare(model, vx, vy, vsw, 'fit (validationData)');
  } else if (validationSplit > 0) {
    const splitAt = Math.floor(data.n * (1 - validationSplit));
    if (splitAt === 0 || splitAt === data.n) {
      throw new ValueError(
        `fit: validationSplit ${validationSplit} of ${data.n} samples leaves an empty ${splitAt === 0 ? 'training' : 'validation'} set`,
      );
    }
    // The last rows validate; both parts read the caller's tensors in place.
    val = { ...data, start: splitAt, n: data.n - splitAt };
    data = { ...data, n: splitAt };
  }
  const steps = Math.ceil(data.n / batchSize);
  const history = new History();
  const cbs = new CallbackList([
    ...userCallbacks,
    history,
    ...(verbose ? [new ProgbarLogger(verbose)] : []),
  ]);
  for (const c of cbs.callbacks) {
    c.setModel(model);
    c.setParams({
      epochs,
      steps,
      samples: data.n,
      batchSize,
      verbose,
      doValidation: val !== null,
      metrics: [],
    });
  }
  model.stopTraining = false;
  const order = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) order[i] = data.start + i;
  const rng = rngFor();
  let lastYield = performance.now();
  await cbs.call('onTrainBegin', {});
  for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
    const trackers = trainingTrackers(compiled);
    state.accumulating = true;
    await cbs.call('onEpochBegin', epoch, {});
    if (shuffle) rng.shuffle(order);
    let logs: Logs = {};
    for (let step = 0; step < steps; step++) {
      const start = step * batchSize;
      const size = Math.min(batchSize, data.n - start);
      await cbs.call('onBatchBegin', step, { batch: step, size });
      tidy(() => {
        const rows = shuffle ? order.subarray(start, start + size) : null;
        const pick = (ts: Tensor[]): Tensor[] =>
          rows ? takeRows(ts, rows) : sliceRows(ts, data.start + start, size);
        const xb = pick(data.xs);
        const yb = pick(data.ys);
        let swb = data.sw ? pick([data.sw])[0]! : null;
        if (classWeight) swb = classSampleWeights(yb[0]!, classWeight, swb);
        trainStep(model, compiled, xb, yb, swb, trackers);
      });
      logs = logsOf(compiled, trackers);
      await cbs.call('onBatchEnd', step, logs);
      if (model.stopTraining) break;
      if (performance.now() - lastYield > 100) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    const epochLogs: Logs = { ...logs };
    // The epoch's training values are taken: evaluations may now share uncopyable metrics.
    state.accumulating = false;
    if (val) {
      const v = runEvaluation(model, compiled, val, batchSize, 'fit (validation)');
      for (const [k, value] of Object.entries(v)) epochLogs[`val_${k}`] = value;
    }
    await cbs.call('onEpochEnd', epoch, epochLogs);
  }
  await cbs.call('onTrainEnd', {});
  return history;
}

function runEvaluation(
  model: Model,
  compiled: Compiled,
  data: Prepared,
  batchSize: number,
  where: string,
  onBatch?: (step: number, logs: Logs) => void,
): Logs {
  const t = evaluationTrackers(model, compiled, where);
  const steps = Math.ceil(data.n / batchSize);
  for (let step = 0; step < steps; step++) {
    const size = Math.min(batchSize, data.n - step * batchSize);
    const start = data.start + step * batchSize;
    tidy(() => {
      const [xb, yb] = [sliceRows(data.xs, start, size), sliceRows(data.ys, start, size)];
      testStep(model, compiled, xb, yb, data.sw ? sliceRows([data.sw], start, size)[0]! : null, t);
    });
    onBatch?.(step, logsOf(compiled, t));
  }
  return logsOf(compiled, t);
}

export async function evaluate(
  model: Model,
  x: TensorOrList,
  y: TensorOrList,
  args?: EvaluateArgs,
): Promise<Logs> {
  model.assertNotDisposed('evaluate');
  checkOptionsObject(args, 'evaluate', '{batchSize: 32, verbose: 0}');
  const opts: EvaluateArgs = args ?? {};
  const compiled = requireCompiled(model.compiled, 'evaluate');
  const batchSize = checkPositiveInteger(opts.batchSize ?? 32, 'evaluate', 'batchSize');
  const verbose = checkVerbose(opts.verbose ?? 1, 'evaluate');
  const sampleWeight = checkOptionalTensor(opts.sampleWeight, 'evaluate', 'sampleWeight');
  const cbs = new CallbackList(normalizeCallbacks(opts.callbacks, 'evaluate'));
  const data = prepare(model, x, y, sampleWeight, 'evaluate');
  for (const c of cbs.callbacks) c.setModel(model);
  await cbs.call('onTestBegin', {});
  const steps = Math.ceil(data.n / batchSize);
  const bar = verbose ? new ProgbarLogger(verbose).evaluationBar(steps) : null;
  const logs = runEvaluation(model, compiled, data, batchSize, 'evaluate', (step, l) =>
    bar?.update(step + 1, l, step + 1 === steps),
  );
  await cbs.call('onTestEnd', logs);
  return logs;
}

/** Options of trainOnBatch. */
export interface TrainOnBatchArgs {
  sampleWeight?: Tensor;
  classWeight?: Readonly<Record<number, number>>;
}

/** One optimisation step; returns that batch's loss and metrics (computed before the update). */
export function trainOnBatch(
  model: Model,
  x: TensorOrList,
  y: TensorOrList,
  args?: TrainOnBatchArgs,
): Logs {
  const where = 'trainOnBatch';
  model.assertNotDisposed(where);
  // A step outside fit's loop would interleave with its steps and reset its metrics.
  assertNotFitting(model, where, 'call trainOnBatch after fit resolves');
  checkOptionsObject(args, where, '{sampleWeight}');
  const opts: TrainOnBatchArgs = args ?? {};
  const compiled = requireCompiled(model.compiled, where);
  const classWeight = checkClassWeight(opts.classWeight, where);
  const sampleWeight = checkOptionalTensor(opts.sampleWeight, where, 'sampleWeight');
  const data = prepare(model, x, y, sampleWeight, where);
  const t = trainingTrackers(compiled);
  tidy(() => {
    const sw = classWeight ? classSampleWeights(data.ys[0]!, classWeight, data.sw) : data.sw;
    trainStep(model, compiled, data.xs, data.ys, sw, t);
  });
  return logsOf(compiled, t);
}

/** Loss and metrics of one batch in inference mode. */
export function testOnBatch(
  model: Model,
  x: TensorOrList,
  y: TensorOrList,
  args?: { sampleWeight?: Tensor },
): Logs {
  const where = 'testOnBatch';
  model.assertNotDisposed(where);
  checkOptionsObject(args, where, '{sampleWeight}');
  const compiled = requireCompiled(model.compiled, where);
  const sampleWeight = checkOptionalTensor(args?.sampleWeight, where, 'sampleWeight');
  const data = prepare(model, x, y, sampleWeight, where);
  const t = evaluationTrackers(model, compiled, where);
  testStep(model, compiled, data.xs, data.ys, data.sw, t);
  return logsOf(compiled, t);
}
