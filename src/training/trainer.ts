/**
 * The Keras training loop: fit, evaluate, trainOnBatch, testOnBatch (keras/src/trainers/
 * trainer.py semantics, REFERENCE.md §9), and their dataset forms (fit on a dataset or an
 * iterable as Keras 3, fitDataset/evaluateDataset as TF.js). Per step: forward in training
 * mode, loss plus regularization losses, gradients, optimizer update, metric updates; the
 * logged loss is the epoch's running mean weighted by batch size. Tensors and datasets
 * differ only in where an epoch's batches come from (a `Pass`); one epoch loop runs both.
 */
import { GradientTape } from '../autograd/gradients.js';
import {
  type Callback,
  CallbackList,
  type Logs,
  type TrainingParams,
} from '../callbacks/callback.js';
import { ProgbarLogger } from '../callbacks/progbar-logger.js';
import { tidy } from '../engine/tidy.js';
import { NeuriteError, ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Metric } from '../metrics/index.js';
import type { Model } from '../models/model.js';
import { add, argMax, mul, reshape, tensor } from '../ops/index.js';
import { rngFor } from '../random/prng.js';
import { Tensor } from '../tensor/tensor.js';
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
import {
  type BatchSource,
  type StepBatch,
  type TrainingBatch,
  SourcePasses,
  isBatchSource,
  passSteps,
  stepBatchOf,
} from './dataset-input.js';
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
  /**
   * `[x, y]` or `[x, y, sampleWeight]` to validate on (overrides validationSplit), or a
   * dataset of `{xs, ys}` batches.
   */
  validationData?: ValidationData;
  /** Batches of a validation dataset per evaluation (default: the whole pass). */
  validationSteps?: number;
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

/**
 * Tensors to validate on, `[x, y]` or `[x, y, sampleWeight]`, or a data source.
 *
 * @example
 * const v1: nn.ValidationData = [xVal, yVal];
 * const v2: nn.ValidationData = valDataset.batch(32);
 */
export type ValidationData =
  | readonly [TensorOrList, TensorOrList]
  | readonly [TensorOrList, TensorOrList, Tensor]
  | BatchSource<TrainingBatch>;

/**
 * Options of `fit` when x is a dataset, an iterable or a generator (Keras 3 names). The
 * batching, shuffling and weighting options of the tensor form belong to the dataset there.
 *
 * @example
 * const args: nn.FitIterableArgs = { epochs: 10, stepsPerEpoch: 100, validationData: valDs };
 * await model.fit(trainDs.repeat(), undefined, args);
 */
export interface FitIterableArgs {
  /** Default 1. */
  epochs?: number;
  /**
   * Batches per epoch. Given, one iterator runs on through the epochs (use `repeat()` for
   * data shorter than `stepsPerEpoch * epochs`); omitted, each epoch is one full pass. It
   * is required for an infinite dataset.
   */
  stepsPerEpoch?: number;
  /** 0 silent, 1 progress bar, 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  /** Validated on after each epoch: a dataset (a fresh pass each time) or tensors. */
  validationData?: ValidationData;
  /** Batches of validation data per evaluation (default: the whole pass). */
  validationSteps?: number;
  /** Batch size of validationData given as tensors. Default 32. */
  validationBatchSize?: number;
  /** Callbacks, or TF.js-style objects of hooks. */
  callbacks?: CallbacksArg;
  /** Epoch to start from (to resume a run). Default 0. */
  initialEpoch?: number;
  /** Weight of each class's samples in the loss, keyed by class index. */
  classWeight?: Readonly<Record<number, number>>;
  /** Refused (true) with a dataset: shuffle the dataset itself. */
  shuffle?: false;
}

/**
 * Options of `fitDataset` (TF.js's `ModelFitDatasetArgs`).
 *
 * @example
 * const args: nn.FitDatasetArgs = { epochs: 5, batchesPerEpoch: 200, validationData: valDs };
 */
export interface FitDatasetArgs {
  /** Default 1. */
  epochs?: number;
  /**
   * Batches per epoch. Given, the iterator runs on through the epochs (TF.js semantics);
   * omitted, each epoch is one full pass over the dataset. Required for an infinite dataset.
   */
  batchesPerEpoch?: number;
  /** 0 silent, 1 progress bar, 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  /** Validated on after each epoch: a dataset (a fresh pass each time) or tensors. */
  validationData?: ValidationData;
  /** Batches of a validation dataset per evaluation (default: the whole pass). */
  validationBatches?: number;
  /** Batch size of validationData given as tensors. Default 32. */
  validationBatchSize?: number;
  /** Callbacks, or TF.js-style objects of hooks. */
  callbacks?: CallbacksArg;
  /** Epoch to start from (to resume a run). Default 0. */
  initialEpoch?: number;
  /** Weight of each class's samples in the loss, keyed by class index. */
  classWeight?: Readonly<Record<number, number>>;
}

/**
 * Options of `evaluate` when x is a dataset, an iterable or a generator.
 *
 * @example
 * await model.evaluate(testDs, undefined, { steps: 10, verbose: 0 } satisfies nn.EvaluateIterableArgs);
 */
export interface EvaluateIterableArgs {
  /** Batches to evaluate (default: the whole pass; required for an infinite dataset). */
  steps?: number;
  /** Default 1 (a progress bar). */
  verbose?: 0 | 1 | 2;
  callbacks?: CallbacksArg;
}

/**
 * Options of `evaluateDataset` (TF.js's `ModelEvaluateDatasetArgs`).
 *
 * @example
 * await model.evaluateDataset(testDs, { batches: 10, verbose: 0 } satisfies nn.EvaluateDatasetArgs);
 */
export interface EvaluateDatasetArgs {
  /** Batches to evaluate (default: the whole pass; required for an infinite dataset). */
  batches?: number;
  /** Default 1 (a progress bar). */
  verbose?: 0 | 1 | 2;
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

// ---------------------------------------------------------------------------------------
// Passes: where the batches of an epoch or an evaluation come from. The tensor path and the
// dataset path differ only here; the loops below run both.

/** The batches of one pass (an epoch, or an evaluation). */
interface Pass {
  /** How many batches the pass will have, when known (a progress bar's total). */
  readonly steps: number | null;
  /** The next batch, or null at the end of the pass. */
  next(): Promise<StepBatch | null>;
  /** True when the pass ended before the batches it was asked for (the data ran out). */
  ranShort(): boolean;
}

/** Batches of `batchSize` rows of tensors, in `order` (shuffled) or as they are. */
function tensorPass(data: Prepared, batchSize: number, order: Int32Array | null): Pass {
  const steps = Math.ceil(data.n / batchSize);
  let step = 0;
  return {
    steps,
    ranShort: () => false,
    next: () => {
      if (step >= steps) return Promise.resolve(null);
      const start = step++ * batchSize;
      const size = Math.min(batchSize, data.n - start);
      const b = tidy(() => {
        const rows = order ? order.subarray(start, start + size) : null;
        const pick = (ts: Tensor[]): Tensor[] =>
          rows ? takeRows(ts, rows) : sliceRows(ts, data.start + start, size);
        return { xs: pick(data.xs), ys: pick(data.ys), sw: data.sw ? pick([data.sw])[0]! : null };
      });
      const owned = [...b.xs, ...b.ys, ...(b.sw ? [b.sw] : [])];
      return Promise.resolve({ ...b, owned });
    },
  };
}

/**
 * Batches from an iterator over a source's elements, at most `limit` of them (all when
 * null); `steps` is the expected count, for progress bars.
 */
function sourcePass(
  model: Model,
  it: AsyncIterator<unknown>,
  steps: number | null,
  limit: number | null,
  where: string,
  onEnd: () => void,
): Pass {
  let taken = 0;
  let ended = false;
  return {
    steps,
    ranShort: () => ended && limit !== null && taken < limit,
    next: async () => {
      if (ended || (limit !== null && taken >= limit)) return null;
      const r = await it.next();
      if (r.done) {
        ended = true;
        onEnd();
        return null;
      }
      return stepBatchOf(model, r.value, taken++, where);
    },
  };
}

function disposeAll(ts: readonly Tensor[]): void {
  for (const t of ts) t.dispose();
}

// ---------------------------------------------------------------------------------------
// The loops.

/** What the epoch loop needs besides the model: the data, validation and callbacks. */
interface EpochPlan {
  epochs: number;
  initialEpoch: number;
  classWeight: Readonly<Record<number, number>> | undefined;
  cbs: CallbackList;
  /** The batches of epoch `epoch`. */
  openEpoch(epoch: number): Promise<Pass>;
  /** The validation logs at the end of an epoch (unprefixed), or null without validation. */
  validate: (() => Promise<Logs>) | null;
  /** The name of the call, for messages (`fit`, `fitDataset`). */
  where: string;
}

/**
 * The Keras epoch loop, for tensors and datasets alike: per epoch, callbacks around each
 * batch's training step, then validation and `onEpochEnd`. The loop owns each batch and
 * frees it after its step, so memory stays flat over any number of batches.
 */
async function runEpochs(
  model: Model,
  compiled: Compiled,
  state: FitState,
  plan: EpochPlan,
): Promise<void> {
  const { cbs, classWeight } = plan;
  model.stopTraining = false;
  let lastYield = performance.now();
  await cbs.call('onTrainBegin', {});
  for (let epoch = plan.initialEpoch; epoch < plan.epochs && !model.stopTraining; epoch++) {
    const trackers = trainingTrackers(compiled);
    state.accumulating = true;
    await cbs.call('onEpochBegin', epoch, {});
    const pass = await plan.openEpoch(epoch);
    let logs: Logs = {};
    let step = 0;
    while (true) {
      const b = await pass.next();
      if (b === null) break;
      try {
        await cbs.call('onBatchBegin', step, { batch: step, size: b.xs[0]!.shape[0]! });
        tidy(() => {
          const sw = classWeight ? classSampleWeights(b.ys[0]!, classWeight, b.sw) : b.sw;
          trainStep(model, compiled, b.xs, b.ys, sw, trackers);
        });
      } finally {
        disposeAll(b.owned);
      }
      logs = logsOf(compiled, trackers);
      await cbs.call('onBatchEnd', step, logs);
      step++;
      if (model.stopTraining) break;
      if (performance.now() - lastYield > 100) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    // The epoch's training values are taken: evaluations may now share uncopyable metrics.
    state.accumulating = false;
    if (step === 0) {
      if (epoch === plan.initialEpoch) {
        throw new ValueError(
          `${plan.where}: the data yielded no batches in the first epoch; check that the dataset is not empty (a filter that drops everything, take(0), a generator already consumed)`,
        );
      }
      // A one-shot source (a generator object) is spent: there is no epoch to report.
      warnRanOut(plan.where);
      break;
    }
    if (pass.ranShort()) {
      // As Keras: the data could not fill the steps asked for; this epoch ends, training stops.
      warnRanOut(plan.where);
      model.stopTraining = true;
    }
    const epochLogs: Logs = { ...logs };
    if (plan.validate) {
      const v = await plan.validate();
      for (const [k, value] of Object.entries(v)) epochLogs[`val_${k}`] = value;
    }
    await cbs.call('onEpochEnd', epoch, epochLogs);
  }
  await cbs.call('onTrainEnd', {});
}

function warnRanOut(where: string): void {
  const steps = where === 'fitDataset' ? 'batchesPerEpoch' : 'stepsPerEpoch';
  console.warn(
    `${where}: the input ran out of data; training stops. Make sure the dataset or generator can give at least ${steps} * epochs batches (use .repeat() when building the dataset), or omit ${steps} to run each epoch until the data ends.`,
  );
}

/** Runs the model on a pass's batches in inference mode; returns the loss and metrics. */
async function evaluatePass(
  model: Model,
  compiled: Compiled,
  pass: Pass,
  where: string,
  onBatch?: (step: number, logs: Logs) => void,
): Promise<Logs> {
  const t = evaluationTrackers(model, compiled, where);
  let step = 0;
  while (true) {
    const b = await pass.next();
    if (b === null) break;
    try {
      tidy(() => testStep(model, compiled, b.xs, b.ys, b.sw, t));
    } finally {
      disposeAll(b.owned);
    }
    onBatch?.(step, logsOf(compiled, t));
    step++;
  }
  if (step === 0) {
    throw new ValueError(`${where}: the data yielded no batches; check that it is not empty`);
  }
  return logsOf(compiled, t);
}

/** An evaluation with its progress bar (steps known or not) and test callbacks. */
async function evaluateWithBar(
  model: Model,
  compiled: Compiled,
  pass: Pass,
  verbose: 0 | 1 | 2,
  cbs: CallbackList,
  where: string,
): Promise<Logs> {
  for (const c of cbs.callbacks) c.setModel(model);
  await cbs.call('onTestBegin', {});
  const bar = verbose ? new ProgbarLogger(verbose).evaluationBar(pass.steps) : null;
  let seen = 0;
  const logs = await evaluatePass(model, compiled, pass, where, (step, l) => {
    seen = step + 1;
    bar?.update(seen, l);
  });
  bar?.finish(seen, logs);
  await cbs.call('onTestEnd', logs);
  return logs;
}

// ---------------------------------------------------------------------------------------
// fit on tensors.

export async function fit(
  model: Model,
  x: TensorOrList | BatchSource<TrainingBatch>,
  y: TensorOrList | undefined,
  args?: FitArgs | FitIterableArgs,
): Promise<History> {
  model.assertNotDisposed('fit');
  const fromSource = isBatchSource(x);
  if (fromSource && y !== undefined && y !== null) throw yGivenWithSource(y, 'fit');
  // Outside the try: a refused second fit must not release the first one's lock.
  const state = beginFit(model);
  try {
    return fromSource
      ? await fitSourceLocked(model, x, args, state, 'fit')
      : await fitLocked(model, x, y, args, state);
  } finally {
    endFit(model);
  }
}

function yGivenWithSource(y: unknown, where: string): ValueError {
  const looksLikeOptions =
    y !== null && typeof y === 'object' && !Array.isArray(y) && !(y instanceof Tensor);
  return new ValueError(
    `${where}: when x is a dataset, an iterable or a generator, its elements hold the targets ({xs, ys} or [x, y]), so y must be omitted; received ${describeValue(y)}${looksLikeOptions ? '. Pass the options third' : ''}: model.fit(ds, undefined, {epochs: 10})`,
  );
}

async function fitLocked(
  model: Model,
  x: unknown,
  y: unknown,
  args: unknown,
  state: FitState,
): Promise<History> {
  checkOptionsObject(args, 'fit', FIT_EXAMPLE);
  const opts = (args ?? {}) as FitArgs & Partial<Record<'stepsPerEpoch', unknown>>;
  if (opts.stepsPerEpoch !== undefined) {
    throw new ValueError(
      'fit: stepsPerEpoch applies when x is a dataset or an iterable; with tensors an epoch is one pass over the rows in batches of batchSize',
    );
  }
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
  // As Keras: tensors may be validated on a dataset, `validationSteps` batches of it.
  const sourceValidation = isBatchSource(opts.validationData)
    ? validateOnSource(
        model,
        compiled,
        opts.validationData,
        optionalSteps(opts, 'validationSteps', 'fit'),
        'fit',
        'validationSteps',
      )
    : null;
  if (!sourceValidation && opts.validationSteps !== undefined) {
    throw new ValueError(
      'fit: validationSteps applies when validationData is a dataset or an iterable; tensors are validated on every row',
    );
  }
  const validationData = sourceValidation ? undefined : checkValidationData(opts.validationData);
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
  const history = new History();
  const cbs = trainingCallbacks(model, userCallbacks, history, verbose, {
    epochs,
    steps: Math.ceil(data.n / batchSize),
    samples: data.n,
    batchSize,
    verbose,
    doValidation: val !== null || sourceValidation !== null,
    metrics: [],
  });
  const order = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) order[i] = data.start + i;
  const rng = rngFor();
  const validation = val;
  await runEpochs(model, compiled, state, {
    epochs,
    initialEpoch,
    classWeight,
    cbs,
    where: 'fit',
    openEpoch: () => {
      if (shuffle) rng.shuffle(order);
      return Promise.resolve(tensorPass(data, batchSize, shuffle ? order : null));
    },
    validate: validation
      ? () =>
          evaluatePass(model, compiled, tensorPass(validation, batchSize, null), 'fit (validation)')
      : sourceValidation,
  });
  return history;
}

/** An optional positive integer option (null when absent). */
function optionalSteps(opts: object, key: string, where: string): number | null {
  const v = (opts as Record<string, unknown>)[key];
  return v === undefined || v === null ? null : checkPositiveInteger(v, where, key);
}

/** The user's callbacks, the History and the progress bar, told about the run. */
function trainingCallbacks(
  model: Model,
  user: readonly Callback[],
  history: History,
  verbose: 0 | 1 | 2,
  params: TrainingParams,
): CallbackList {
  const cbs = new CallbackList([
    ...user,
    history,
    ...(verbose ? [new ProgbarLogger(verbose)] : []),
  ]);
  for (const c of cbs.callbacks) {
    c.setModel(model);
    c.setParams(params);
  }
  return cbs;
}

// ---------------------------------------------------------------------------------------
// fit on datasets and iterables (fit(ds) as Keras 3, fitDataset as TF.js).

/** The options of the dataset path, under either name set, once checked. */
interface SourceFitOptions {
  epochs: number;
  verbose: 0 | 1 | 2;
  initialEpoch: number;
  classWeight: Readonly<Record<number, number>> | undefined;
  callbacks: Callback[];
  stepsPerEpoch: number | null;
  validationData: unknown;
  validationSteps: number | null;
  validationBatchSize: number;
}

/** Options that belong to the tensor path, refused with the reason. */
const TENSOR_ONLY: Readonly<Record<string, string>> = {
  batchSize: 'the dataset yields batches already: batch it with ds.batch(batchSize)',
  validationSplit:
    'a dataset cannot be split by fraction; give validationData (a dataset, e.g. ds.take(n) and ds.skip(n))',
  sampleWeight: 'give per-batch weights in the elements instead: [x, y, sampleWeight]',
};

function sourceFitOptions(args: unknown, where: 'fit' | 'fitDataset'): SourceFitOptions {
  const example = where === 'fit' ? '{epochs: 10, stepsPerEpoch: 100}' : '{epochs: 10}';
  checkOptionsObject(args, where, example);
  const opts = (args ?? {}) as Record<string, unknown>;
  for (const [key, why] of Object.entries(TENSOR_ONLY)) {
    if (opts[key] !== undefined)
      throw new ValueError(`${where}: ${key} does not apply to a dataset; ${why}`);
  }
  if (opts.shuffle === true) {
    throw new ValueError(
      `${where}: shuffle does not apply to a dataset, which yields batches in its own order; shuffle the dataset before batching: ds.shuffle(bufferSize).batch(32)`,
    );
  }
  // Each call takes its own names (TF.js's for fitDataset, Keras's for fit).
  const [stepsKey, valStepsKey, otherSteps, otherValSteps] =
    where === 'fit'
      ? (['stepsPerEpoch', 'validationSteps', 'batchesPerEpoch', 'validationBatches'] as const)
      : (['batchesPerEpoch', 'validationBatches', 'stepsPerEpoch', 'validationSteps'] as const);
  for (const [wrong, right] of [
    [otherSteps, stepsKey],
    [otherValSteps, valStepsKey],
  ] as const) {
    if (opts[wrong] !== undefined)
      throw new ValueError(`${where}: unknown option '${wrong}'; ${where} calls it '${right}'`);
  }
  const optional = (key: string): number | null =>
    opts[key] === undefined || opts[key] === null
      ? null
      : checkPositiveInteger(opts[key], where, key);
  return {
    epochs: checkNonNegativeInteger(opts.epochs ?? 1, where, 'epochs'),
    verbose: checkVerbose(opts.verbose ?? 1, where),
    initialEpoch: checkNonNegativeInteger(opts.initialEpoch ?? 0, where, 'initialEpoch'),
    classWeight: checkClassWeight(opts.classWeight, where),
    callbacks: normalizeCallbacks(opts.callbacks, where),
    stepsPerEpoch: optional(stepsKey),
    validationData: opts.validationData,
    validationSteps: optional(valStepsKey),
    validationBatchSize: checkPositiveInteger(
      opts.validationBatchSize ?? 32,
      where,
      'validationBatchSize',
    ),
  };
}

/** The fit loop over a data source; the caller holds the fit lock. */
async function fitSourceLocked(
  model: Model,
  source: unknown,
  args: unknown,
  state: FitState,
  where: 'fit' | 'fitDataset',
): Promise<History> {
  const o = sourceFitOptions(args, where);
  const compiled = requireCompiled(model.compiled, where);
  const stepsName = where === 'fit' ? 'stepsPerEpoch' : 'batchesPerEpoch';
  const valStepsName = where === 'fit' ? 'validationSteps' : 'validationBatches';
  const passes = new SourcePasses(source, where);
  const steps = passSteps(passes.size, o.stepsPerEpoch, where, stepsName);
  const validate = validationOf(model, compiled, o, where, valStepsName);
  const history = new History();
  const cbs = trainingCallbacks(model, o.callbacks, history, o.verbose, {
    epochs: o.epochs,
    steps,
    samples: null,
    batchSize: null,
    verbose: o.verbose,
    doValidation: validate !== null,
    metrics: [],
  });
  // With stepsPerEpoch one iterator runs through the epochs (as Keras and TF.js do: an
  // epoch is a number of steps, not a pass); without, each epoch is a fresh pass.
  let it: AsyncIterator<unknown> | null = null;
  let open = false;
  const close = async (): Promise<void> => {
    if (it && open) await it.return?.();
    it = null;
    open = false;
  };
  try {
    await runEpochs(model, compiled, state, {
      epochs: o.epochs,
      initialEpoch: o.initialEpoch,
      classWeight: o.classWeight,
      cbs,
      where,
      openEpoch: async () => {
        if (o.stepsPerEpoch === null) await close();
        if (it === null) {
          it = await passes.open();
          open = true;
        }
        return sourcePass(model, it, steps, o.stepsPerEpoch, where, () => (open = false));
      },
      validate,
    });
  } finally {
    // Stopped early (or failed): close the source, freeing the elements it buffered.
    await close();
  }
  return history;
}

/** The validation run of a dataset fit: tensors in batches, or a fresh pass of a source. */
function validationOf(
  model: Model,
  compiled: Compiled,
  o: SourceFitOptions,
  where: string,
  stepsName: string,
): (() => Promise<Logs>) | null {
  const v = o.validationData;
  if (v === undefined || v === null) return null;
  if (isBatchSource(v))
    return validateOnSource(model, compiled, v, o.validationSteps, where, stepsName);
  const checked = checkValidationData(v, where);
  if (!checked) return null;
  const [vx, vy, vsw] = checked;
  const data = prepare(model, vx, vy, vsw, `${where} (validationData)`);
  const at = `${where} (validation)`;
  return () => evaluatePass(model, compiled, tensorPass(data, o.validationBatchSize, null), at);
}

/** Validation on a data source: a fresh pass each epoch, of at most `limit` batches. */
function validateOnSource(
  model: Model,
  compiled: Compiled,
  source: unknown,
  limit: number | null,
  where: string,
  stepsName: string,
): () => Promise<Logs> {
  const at = `${where} (validation)`;
  const passes = new SourcePasses(source, at);
  const steps = passSteps(passes.size, limit, at, stepsName);
  return async () => {
    const it = await passes.open();
    try {
      return await evaluatePass(
        model,
        compiled,
        sourcePass(model, it, steps, limit, at, () => undefined),
        at,
      );
    } finally {
      await it.return?.();
    }
  };
}

/**
 * `model.fitDataset` (TF.js): trains on a dataset of batches.
 */
export async function fitDataset(
  model: Model,
  dataset: unknown,
  args?: FitDatasetArgs,
): Promise<History> {
  model.assertNotDisposed('fitDataset');
  if (!isBatchSource(dataset)) {
    throw new ValueError(
      `fitDataset: expected a Dataset of {xs, ys} batches (nn.data.…), received ${describeValue(dataset)}${dataset instanceof Tensor || Array.isArray(dataset) ? '; for tensors use fit(x, y)' : ''}`,
    );
  }
  const state = beginFit(model);
  try {
    return await fitSourceLocked(model, dataset, args, state, 'fitDataset');
  } finally {
    endFit(model);
  }
}

// ---------------------------------------------------------------------------------------
// evaluate.

export async function evaluate(
  model: Model,
  x: TensorOrList | BatchSource<TrainingBatch>,
  y: TensorOrList | undefined,
  args?: EvaluateArgs | EvaluateIterableArgs,
): Promise<Logs> {
  model.assertNotDisposed('evaluate');
  if (isBatchSource(x)) {
    if (y !== undefined && y !== null) throw yGivenWithSource(y, 'evaluate');
    return evaluateSource(model, x, args, 'evaluate', 'steps');
  }
  checkOptionsObject(args, 'evaluate', '{batchSize: 32, verbose: 0}');
  const opts: EvaluateArgs & EvaluateIterableArgs = args ?? {};
  if (opts.steps !== undefined) {
    throw new ValueError(
      'evaluate: steps applies when x is a dataset or an iterable; with tensors the evaluation covers every row',
    );
  }
  const compiled = requireCompiled(model.compiled, 'evaluate');
  const batchSize = checkPositiveInteger(opts.batchSize ?? 32, 'evaluate', 'batchSize');
  const verbose = checkVerbose(opts.verbose ?? 1, 'evaluate');
  const sampleWeight = checkOptionalTensor(opts.sampleWeight, 'evaluate', 'sampleWeight');
  const cbs = new CallbackList(normalizeCallbacks(opts.callbacks, 'evaluate'));
  const data = prepare(model, x, y, sampleWeight, 'evaluate');
  const pass = tensorPass(data, batchSize, null);
  return evaluateWithBar(model, compiled, pass, verbose, cbs, 'evaluate');
}

/** `model.evaluateDataset` (TF.js): loss and metrics over a dataset of batches. */
export async function evaluateDataset(
  model: Model,
  dataset: unknown,
  args?: EvaluateDatasetArgs,
): Promise<Logs> {
  model.assertNotDisposed('evaluateDataset');
  if (!isBatchSource(dataset)) {
    throw new ValueError(
      `evaluateDataset: expected a Dataset of {xs, ys} batches (nn.data.…), received ${describeValue(dataset)}${dataset instanceof Tensor || Array.isArray(dataset) ? '; for tensors use evaluate(x, y)' : ''}`,
    );
  }
  return evaluateSource(model, dataset, args, 'evaluateDataset', 'batches');
}

async function evaluateSource(
  model: Model,
  source: unknown,
  args: unknown,
  where: string,
  stepsName: 'steps' | 'batches',
): Promise<Logs> {
  checkOptionsObject(args, where, `{${stepsName}: 100, verbose: 0}`);
  const opts = (args ?? {}) as Record<string, unknown>;
  for (const key of ['batchSize', 'sampleWeight'] as const) {
    if (opts[key] !== undefined) {
      throw new ValueError(`${where}: ${key} does not apply to a dataset; ${TENSOR_ONLY[key]}`);
    }
  }
  const other = stepsName === 'steps' ? 'batches' : 'steps';
  if (opts[other] !== undefined)
    throw new ValueError(`${where}: unknown option '${other}'; ${where} calls it '${stepsName}'`);
  const compiled = requireCompiled(model.compiled, where);
  const limit =
    opts[stepsName] === undefined || opts[stepsName] === null
      ? null
      : checkPositiveInteger(opts[stepsName], where, stepsName);
  const verbose = checkVerbose(opts.verbose ?? 1, where);
  const cbs = new CallbackList(normalizeCallbacks(opts.callbacks, where));
  const passes = new SourcePasses(source, where);
  const steps = passSteps(passes.size, limit, where, stepsName);
  const it = await passes.open();
  try {
    const pass = sourcePass(model, it, steps, limit, where, () => undefined);
    return await evaluateWithBar(model, compiled, pass, verbose, cbs, where);
  } finally {
    await it.return?.();
  }
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
