/**
 * The Keras training loop: fit, evaluate, trainOnBatch, testOnBatch (keras/src/trainers/
 * trainer.py semantics, REFERENCE.md §9). Per step: forward in training mode, loss plus
 * regularization losses, gradients, optimizer update, metric updates; the logged loss is
 * the epoch's running mean weighted by batch size.
 */
import { GradientTape } from '../autograd/gradients.js';
import { Callback, CallbackList, type Logs } from '../callbacks/callback.js';
import { tidy } from '../engine/tidy.js';
import { ShapeError, ValueError } from '../errors.js';
import type { Model } from '../models/model.js';
import { add, argMax, mul, reshape, tensor } from '../ops/index.js';
import { rngFor } from '../random/prng.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Compiled } from './compile.js';
import { requireCompiled } from './compile.js';
import {
  checkBatchSize,
  numSamples,
  sliceRows,
  takeRows,
  type TensorOrList,
  toList,
} from './data.js';
import { History } from './history.js';
import { ProgbarLogger } from '../callbacks/progbar-logger.js';

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
  callbacks?: readonly Callback[];
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
  callbacks?: readonly Callback[];
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
  x: TensorOrList,
  y: TensorOrList,
  sw: Tensor | undefined,
  where: string,
): Prepared {
  const xs = toList(x, 'x', where);
  const ys = toList(y, 'y', where);
  const nOut = model.outputNames.length;
  if (ys.length !== nOut) {
    throw new ValueError(
      `${where}: the model has ${nOut} output${nOut > 1 ? 's' : ''} but y holds ${ys.length} tensors`,
    );
  }
  if (sw !== undefined && sw.rank !== 1) {
    throw new ShapeError(
      `${where}: sampleWeight must have shape [n] (one weight per sample), received [${sw.shape.join(',')}]`,
    );
  }
  const n = numSamples({ x: xs, y: ys, sampleWeight: sw ? [sw] : [] }, where);
  if (n === 0) throw new ValueError(`${where}: x and y hold no samples`);
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
}

function newTrackers(compiled: Compiled): Trackers {
  for (const m of compiled.metrics) m.resetState();
  return { loss: new LossTracker(), perOutput: compiled.outputs.map(() => new LossTracker()) };
}

function logsOf(compiled: Compiled, t: Trackers): Logs {
  const logs: Logs = { loss: t.loss.result() };
  if (compiled.outputs.length > 1)
    compiled.outputs.forEach((o, i) => (logs[`${o.name}_loss`] = t.perOutput[i]!.result()));
  for (const m of compiled.metrics) logs[m.name] = m.result();
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

function updateMetrics(compiled: Compiled, ys: readonly Tensor[], preds: readonly Tensor[]): void {
  compiled.outputs.forEach((o, i) => {
    // As Keras 3: plain `metrics` are not sample-weighted (only weighted metrics would be).
    for (const m of o.metrics!) m.updateState(ys[i]!, preds[i]!);
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
      updateMetrics(compiled, ys, preds);
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
    updateMetrics(compiled, ys, preds);
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

function checkVerbose(v: number, where: string): 0 | 1 | 2 {
  if (v !== 0 && v !== 1 && v !== 2)
    throw new ValueError(`${where}: verbose must be 0, 1 or 2, received ${v}`);
  return v;
}

export async function fit(
  model: Model,
  x: TensorOrList,
  y: TensorOrList,
  args: FitArgs = {},
): Promise<History> {
  const compiled = requireCompiled(model.compiled, 'fit');
  const {
    epochs = 1,
    batchSize = 32,
    shuffle = true,
    initialEpoch = 0,
    validationSplit = 0,
  } = args;
  const verbose = checkVerbose(args.verbose ?? 1, 'fit');
  checkBatchSize(batchSize, 'fit');
  if (!Number.isInteger(epochs) || epochs < 0)
    throw new ValueError(`fit: epochs must be a non-negative integer, received ${epochs}`);
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0)
    throw new ValueError(
      `fit: initialEpoch must be a non-negative integer, received ${initialEpoch}`,
    );
  if (!(validationSplit >= 0 && validationSplit < 1))
    throw new ValueError(`fit: validationSplit must be in [0, 1), received ${validationSplit}`);
  let data = prepare(model, x, y, args.sampleWeight, 'fit');
  let val: Prepared | null = null;
  if (args.validationData) {
    const [vx, vy, vsw] = args.validationData;
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
    ...(args.callbacks ?? []),
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
    const trackers = newTrackers(compiled);
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
        if (args.classWeight) swb = classSampleWeights(yb[0]!, args.classWeight, swb);
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
    if (val) {
      const v = runEvaluation(model, compiled, val, batchSize);
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
  onBatch?: (step: number, logs: Logs) => void,
): Logs {
  const t = newTrackers(compiled);
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
  args: EvaluateArgs = {},
): Promise<Logs> {
  const compiled = requireCompiled(model.compiled, 'evaluate');
  const { batchSize = 32 } = args;
  const verbose = checkVerbose(args.verbose ?? 1, 'evaluate');
  checkBatchSize(batchSize, 'evaluate');
  const data = prepare(model, x, y, args.sampleWeight, 'evaluate');
  const cbs = new CallbackList(args.callbacks ?? []);
  for (const c of cbs.callbacks) c.setModel(model);
  await cbs.call('onTestBegin', {});
  const steps = Math.ceil(data.n / batchSize);
  const bar = verbose ? new ProgbarLogger(verbose).evaluationBar(steps) : null;
  const logs = runEvaluation(model, compiled, data, batchSize, (step, l) =>
    bar?.update(step + 1, l, step + 1 === steps),
  );
  await cbs.call('onTestEnd', logs);
  return logs;
}

/** One optimisation step; returns that batch's loss and metrics (computed before the update). */
export function trainOnBatch(
  model: Model,
  x: TensorOrList,
  y: TensorOrList,
  args: { sampleWeight?: Tensor; classWeight?: Readonly<Record<number, number>> } = {},
): Logs {
  const compiled = requireCompiled(model.compiled, 'trainOnBatch');
  const data = prepare(model, x, y, args.sampleWeight, 'trainOnBatch');
  const t = newTrackers(compiled);
  tidy(() => {
    const sw = args.classWeight
      ? classSampleWeights(data.ys[0]!, args.classWeight, data.sw)
      : data.sw;
    trainStep(model, compiled, data.xs, data.ys, sw, t);
  });
  return logsOf(compiled, t);
}

/** Loss and metrics of one batch in inference mode. */
export function testOnBatch(
  model: Model,
  x: TensorOrList,
  y: TensorOrList,
  args: { sampleWeight?: Tensor } = {},
): Logs {
  const compiled = requireCompiled(model.compiled, 'testOnBatch');
  const data = prepare(model, x, y, args.sampleWeight, 'testOnBatch');
  const t = newTrackers(compiled);
  testStep(model, compiled, data.xs, data.ys, data.sw, t);
  return logsOf(compiled, t);
}
