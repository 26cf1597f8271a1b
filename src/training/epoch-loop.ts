/**
 * The loops every fit and evaluation runs: epochs over a `Pass` (where one epoch's batches
 * come from: rows of tensors, or elements of a dataset), callbacks, validation and the
 * progress bar. The tensor path and the dataset path differ only in their Pass.
 */
import { CallbackList, type Logs } from '../callbacks/callback.js';

import { ProgbarLogger } from '../callbacks/progbar-logger.js';

import { tidy } from '../engine/tidy.js';

import { ValueError } from '../errors.js';
import { LabelError } from '../losses/label-error.js';

import type { Model } from '../models/model.js';

import { Tensor } from '../tensor/tensor.js';

import type { Compiled } from './compile.js';

import { sliceRows, takeRows } from './data.js';

import { type StepBatch, stepBatchOf } from './dataset-input.js';

import { type FitState } from './fit-lock.js';

import {
  type Prepared,
  classSampleWeights,
  trainingTrackers,
  evaluationTrackers,
  logsOf,
  trainStep,
  testStep,
  yieldToEventLoop,
} from './train-step.js';

// ---------------------------------------------------------------------------------------
// Passes: where the batches of an epoch or an evaluation come from. The tensor path and the
// dataset path differ only here; the loops below run both.

/** The batches of one pass (an epoch, or an evaluation). */
export interface Pass {
  /** How many batches the pass will have, when known (a progress bar's total). */
  readonly steps: number | null;
  /** The next batch, or null at the end of the pass. */
  next(): Promise<StepBatch | null>;
  /** True when the pass ended before the batches it was asked for (the data ran out). */
  ranShort(): boolean;
}

/** Batches of `batchSize` rows of tensors, in `order` (shuffled) or as they are. */
export function tensorPass(data: Prepared, batchSize: number, order: Int32Array | null): Pass {
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
      const rows = order?.subarray(start, start + size);
      const rowOf = (r: number): number => (rows ? rows[r]! : data.start + start + r);
      return Promise.resolve({ ...b, owned, rowOf });
    },
  };
}

/**
 * Batches from an iterator over a source's elements, at most `limit` of them (all when
 * null); `steps` is the expected count, for progress bars.
 */
export function sourcePass(
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

export function disposeAll(ts: readonly Tensor[]): void {
  for (const t of ts) t.dispose();
}

// ---------------------------------------------------------------------------------------
// The loops.

/** What the epoch loop needs besides the model: the data, validation and callbacks. */
export interface EpochPlan {
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
export async function runEpochs(
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
    // Keras's steps_per_execution: the batches of one execution run back to back, with
    // onBatchBegin before the first (its index) and onBatchEnd after the last (its index).
    const perExecution = compiled.args.stepsPerExecution ?? 1;
    while (true) {
      const group: StepBatch[] = [];
      try {
        while (group.length < perExecution) {
          const b = await pass.next();
          if (b === null) break;
          group.push(b);
        }
        if (group.length === 0) break;
        const size = group.reduce((n, b) => n + b.xs[0]!.shape[0]!, 0);
        await cbs.call('onBatchBegin', step, { batch: step, size });
        for (const [i, b] of group.entries()) {
          try {
            tidy(() => {
              const sw = classWeight ? classSampleWeights(b.ys[0]!, classWeight, b.sw) : b.sw;
              trainStep(model, compiled, b.xs, b.ys, sw, trackers);
            });
          } catch (err) {
            throw locateLabel(err, b, plan.where, `epoch ${epoch + 1}, batch ${step + i + 1}`);
          }
          disposeAll(b.owned);
          b.owned.length = 0;
        }
      } finally {
        for (const b of group) disposeAll(b.owned);
      }
      step += group.length;
      logs = logsOf(compiled, trackers);
      await cbs.call('onBatchEnd', step - 1, logs);
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

export function warnRanOut(where: string): void {
  const steps = where === 'fitDataset' ? 'batchesPerEpoch' : 'stepsPerEpoch';
  console.warn(
    `${where}: the input ran out of data; training stops. Make sure the dataset or generator can give at least ${steps} * epochs batches (use .repeat() when building the dataset), or omit ${steps} to run each epoch until the data ends.`,
  );
}

/**
 * A loss's LabelError names the label's row within the batch; this names the batch and the
 * caller's row (batches are taken from shuffled rows), and passes other errors on.
 */
function locateLabel(err: unknown, b: StepBatch, where: string, batch: string): unknown {
  if (!(err instanceof LabelError)) return err;
  const row = b.rowOf
    ? `row ${b.rowOf(err.row)} of the labels given to ${where}`
    : `row ${err.row} of that batch`;
  return new LabelError(`${err.message}; that is ${row} (${batch})`, err.row);
}

/** Runs the model on a pass's batches in inference mode; returns the loss and metrics. */
export async function evaluatePass(
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
    } catch (err) {
      throw locateLabel(err, b, where, `batch ${step + 1}`);
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
export async function evaluateWithBar(
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
