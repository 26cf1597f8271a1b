/** Callbacks (`nn.callbacks`): factories, and the classes to extend. */
import { CSVLogger, type CSVLoggerArgs } from './csv-logger.js';
import { EarlyStopping, type EarlyStoppingArgs } from './early-stopping.js';
import { LambdaCallback, type LambdaCallbackArgs } from './lambda.js';
import { type EpochSchedule, LearningRateScheduler } from './learning-rate-scheduler.js';
import { ModelCheckpoint, type ModelCheckpointArgs } from './model-checkpoint.js';
import { ReduceLROnPlateau, type ReduceLROnPlateauArgs } from './reduce-lr-on-plateau.js';
import { TerminateOnNaN } from './terminate-on-nan.js';

export { Callback, CallbackList, type Logs, type TrainingParams } from './callback.js';
export {
  CSVLogger,
  EarlyStopping,
  LambdaCallback,
  LearningRateScheduler,
  ModelCheckpoint,
  ReduceLROnPlateau,
  TerminateOnNaN,
};
export type {
  CSVLoggerArgs,
  EarlyStoppingArgs,
  LambdaCallbackArgs,
  EpochSchedule,
  ModelCheckpointArgs,
  ReduceLROnPlateauArgs,
};
export { ProgbarLogger } from './progbar-logger.js';
export { History } from './history.js';

/**
 * Stops `fit` when the monitored value (default `'val_loss'`) stops improving (Keras
 * `EarlyStopping`). Defaults (Keras's): `minDelta` 0, `patience` 0, `mode` `'auto'`,
 * `restoreBestWeights` false, `startFromEpoch` 0.
 *
 * @throws ValueError for a bad mode or a negative patience.
 * @example
 * const x = nn.randomNormal([40, 2]);
 * const y = nn.sum(x, 1, true);
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * await model.fit(x, y, {
 *   epochs: 100,
 *   validationSplit: 0.25,
 *   verbose: 0,
 *   callbacks: [nn.callbacks.earlyStopping({ patience: 3, restoreBestWeights: true })],
 * });
 */
export const earlyStopping = (args?: EarlyStoppingArgs): EarlyStopping => new EarlyStopping(args);
/**
 * Saves the model (or only its weights) after each epoch, or only when the monitored value
 * (default `'val_loss'`) improves with `saveBestOnly` (Keras `ModelCheckpoint`). `filepath`
 * may hold `{epoch}` and log keys; `null` keeps the best weights in memory.
 *
 * @throws ValueError when `filepath` is missing.
 * @example
 * const checkpoint = nn.callbacks.modelCheckpoint({ filepath: 'best-model', saveBestOnly: true });
 * // await model.fit(x, y, { epochs: 20, validationSplit: 0.2, callbacks: [checkpoint] });
 */
export const modelCheckpoint = (args: ModelCheckpointArgs): ModelCheckpoint =>
  new ModelCheckpoint(args);
/**
 * Multiplies the learning rate by `factor` (default 0.1) when the monitored value (default
 * `'val_loss'`) has not improved for `patience` (default 10) epochs (Keras `ReduceLROnPlateau`;
 * `minDelta` 1e-4, `cooldown` 0, `minLr` 0).
 *
 * @throws ValueError when `factor >= 1`.
 * @example
 * const reduce = nn.callbacks.reduceLROnPlateau({ factor: 0.5, patience: 2, minLr: 1e-5 });
 */
export const reduceLROnPlateau = (args?: ReduceLROnPlateauArgs): ReduceLROnPlateau =>
  new ReduceLROnPlateau(args);
/**
 * Sets the optimizer's learning rate at the start of each epoch to `schedule(epoch, lr)`
 * (Keras `LearningRateScheduler`); `verbose` 1 prints each change.
 *
 * @example
 * const halveEvery10 = nn.callbacks.learningRateScheduler((epoch, lr) =>
 *   epoch > 0 && epoch % 10 === 0 ? lr / 2 : lr,
 * );
 */
export const learningRateScheduler = (
  schedule: EpochSchedule,
  verbose: 0 | 1 = 0,
): LearningRateScheduler => new LearningRateScheduler(schedule, verbose);
/**
 * Writes one CSV row per epoch (epoch, then each log key) to `filename` (Keras `CSVLogger`,
 * Node only); `separator` default `','`, `append` default false.
 *
 * @throws ValueError for an empty filename.
 * @example
 * const log = nn.callbacks.csvLogger('training.csv');
 * // await model.fit(x, y, { epochs: 5, callbacks: [log] });
 */
export const csvLogger = (filename: string, args?: CSVLoggerArgs): CSVLogger =>
  new CSVLogger(filename, args);
/**
 * Stops training at the first batch whose loss is NaN or infinite (Keras `TerminateOnNaN`).
 *
 * @example
 * const stopOnNaN = nn.callbacks.terminateOnNaN();
 */
export const terminateOnNaN = (): TerminateOnNaN => new TerminateOnNaN();
/**
 * A callback from plain functions (Keras `LambdaCallback`): `onEpochEnd`, `onBatchEnd`,
 * `onTrainBegin`, … each optional and possibly async.
 *
 * @example
 * const printLoss = nn.callbacks.lambda({
 *   onEpochEnd: (epoch, logs) => console.log(epoch, logs?.loss),
 * });
 */
export const lambda = (fns: LambdaCallbackArgs): LambdaCallback => new LambdaCallback(fns);
