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

export const earlyStopping = (args?: EarlyStoppingArgs): EarlyStopping => new EarlyStopping(args);
export const modelCheckpoint = (args: ModelCheckpointArgs): ModelCheckpoint =>
  new ModelCheckpoint(args);
export const reduceLROnPlateau = (args?: ReduceLROnPlateauArgs): ReduceLROnPlateau =>
  new ReduceLROnPlateau(args);
export const learningRateScheduler = (
  schedule: EpochSchedule,
  verbose: 0 | 1 = 0,
): LearningRateScheduler => new LearningRateScheduler(schedule, verbose);
export const csvLogger = (filename: string, args?: CSVLoggerArgs): CSVLogger =>
  new CSVLogger(filename, args);
export const terminateOnNaN = (): TerminateOnNaN => new TerminateOnNaN();
export const lambda = (fns: LambdaCallbackArgs): LambdaCallback => new LambdaCallback(fns);
