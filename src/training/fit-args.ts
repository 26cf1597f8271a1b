/** The options of fit, fitDataset, evaluate, evaluateDataset and trainOnBatch (Keras names in camelCase). */
import { Tensor } from '../tensor/tensor.js';

import { allKeys } from './check-options.js';

import type { CallbacksArg } from './callbacks-arg.js';

import { type TensorOrList } from './data.js';

import { type BatchSource, type TrainingBatch } from './dataset-input.js';

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

/**
 * Options of `model.evaluate(x, y, args)`.
 */
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

/** Options of trainOnBatch. */
export interface TrainOnBatchArgs {
  sampleWeight?: Tensor;
  classWeight?: Readonly<Record<number, number>>;
}

// The keys each method takes, for its unknown-option check; TypeScript checks each list
// against its interface (a key added there and not here is a compile error).

export const FIT_KEYS = allKeys<FitArgs>()([
  'epochs',
  'batchSize',
  'verbose',
  'validationSplit',
  'validationData',
  'validationSteps',
  'shuffle',
  'callbacks',
  'initialEpoch',
  'classWeight',
  'sampleWeight',
]);

export const FIT_ITERABLE_KEYS = allKeys<FitIterableArgs>()([
  'epochs',
  'stepsPerEpoch',
  'verbose',
  'validationData',
  'validationSteps',
  'validationBatchSize',
  'callbacks',
  'initialEpoch',
  'classWeight',
  'shuffle',
]);

export const FIT_DATASET_KEYS = allKeys<FitDatasetArgs>()([
  'epochs',
  'batchesPerEpoch',
  'verbose',
  'validationData',
  'validationBatches',
  'validationBatchSize',
  'callbacks',
  'initialEpoch',
  'classWeight',
]);

export const EVALUATE_KEYS = allKeys<EvaluateArgs>()([
  'batchSize',
  'verbose',
  'sampleWeight',
  'callbacks',
]);

export const EVALUATE_ITERABLE_KEYS = allKeys<EvaluateIterableArgs>()([
  'steps',
  'verbose',
  'callbacks',
]);

export const EVALUATE_DATASET_KEYS = allKeys<EvaluateDatasetArgs>()([
  'batches',
  'verbose',
  'callbacks',
]);

export const TRAIN_ON_BATCH_KEYS = allKeys<TrainOnBatchArgs>()(['sampleWeight', 'classWeight']);
