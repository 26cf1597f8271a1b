/**
 * The arguments of TF.js's model methods (`ModelCompileArgs`, `ModelFitArgs`,
 * `ModelEvaluateArgs`, …) and their translation into the core's: `compile`'s optimizer
 * objects and ids, loss and metric names as TF.js spells them (`'accuracy'` logs as `acc`).
 * layers-model.ts and models.ts use them.
 */
import { ValueError } from '../errors.js';
import { Optimizer as CoreOptimizer } from '../optimizers/optimizer.js';
import { Tensor } from '../tensor/tensor.js';
import type { LossIdentifier } from '../losses/index.js';
import type { CompileArgs, MetricIdentifier } from '../training/compile.js';
import type { FitArgs, FitDatasetArgs } from '../training/trainer.js';
import type { TfCallbacksArg } from './callbacks.js';
import { Optimizer, tfjsOptimizerFromId } from './train.js';

/** One tensor, one per input (or output), or tensors keyed by input (or output) name. */
export type TensorInputs = Tensor | readonly Tensor[] | Readonly<Record<string, Tensor>>;

/** TF.js's `ModelCompileArgs`. */
export interface ModelCompileArgs {
  /** A TF.js optimizer (`tf.train.adam(0.01)`), an id (TF.js's defaults) or a Neurite one. */
  optimizer: string | Optimizer | CoreOptimizer;
  /** A loss id or function, or one per output (array or record by output name). */
  loss: LossIdentifier | readonly LossIdentifier[] | Readonly<Record<string, LossIdentifier>>;
  /** Metric ids (`'accuracy'`, `'acc'`, `'mse'`…), functions or metric objects. */
  metrics?:
    | readonly MetricIdentifier[]
    | Readonly<Record<string, MetricIdentifier | readonly MetricIdentifier[]>>;
  /** Weights of each output's loss. */
  lossWeights?: readonly number[] | Readonly<Record<string, number>>;
}

/** TF.js's `ModelFitArgs`. */
export interface ModelFitArgs extends Omit<FitArgs, 'callbacks' | 'validationData'> {
  /** `[x, y]` or `[x, y, sampleWeight]`. */
  validationData?:
    readonly [TensorInputs, TensorInputs] | readonly [TensorInputs, TensorInputs, Tensor];
  /** Callbacks or TF.js hook objects (`{onEpochEnd(epoch, logs) {…}}`, `onYield` too). */
  callbacks?: TfCallbacksArg;
  /** TF.js's event-loop yielding; Neurite yields every 100 ms on its own, so it is ignored. */
  yieldEvery?: 'auto' | 'batch' | 'epoch' | 'never' | number;
}

/** TF.js's `ModelFitDatasetArgs`. */
export interface ModelFitDatasetArgs extends Omit<FitDatasetArgs, 'callbacks'> {
  callbacks?: TfCallbacksArg;
  /** Ignored (see {@link ModelFitArgs.yieldEvery}). */
  yieldEvery?: 'auto' | 'batch' | 'epoch' | 'never' | number;
}

/** TF.js's `ModelEvaluateArgs`. */
export interface ModelEvaluateArgs {
  /** Rows per batch. Default 32. */
  batchSize?: number;
  /** Accepted for TF.js programs; evaluate prints nothing, as in TF.js. */
  verbose?: number;
  /** One weight per sample. */
  sampleWeight?: Tensor;
  /** Not available (TF.js does not implement it either). */
  steps?: number;
}

/** TF.js's `ModelEvaluateDatasetArgs`. */
export interface ModelEvaluateDatasetArgs {
  /** Batches to evaluate (default: the whole dataset). */
  batches?: number;
  /** 0 (default) silent, 1 a progress bar. */
  verbose?: 0 | 1 | 2;
}

/** TF.js's `ModelSaveConfig`. */
export interface ModelSaveConfig {
  /** Save only the trainable weights: not available (all weights are saved). */
  trainableOnly?: boolean;
  /** Also save the optimizer's state. Default false, as in TF.js. */
  includeOptimizer?: boolean;
}

/** A TF.js loss id Neurite spells differently → Neurite's id. */
const LOSS_IDS: Readonly<Record<string, string>> = {
  cosineProximity: 'cosineSimilarity',
  cosine: 'cosineSimilarity',
  logcosh: 'logCosh',
};
/** A TF.js metric id whose log name differs → the id that logs under TF.js's name. */
const METRIC_IDS: Readonly<Record<string, string>> = { accuracy: 'acc' };

function mapLoss(l: LossIdentifier): LossIdentifier {
  return typeof l === 'string' && Object.hasOwn(LOSS_IDS, l) ? LOSS_IDS[l]! : l;
}

export function mapMetric(m: MetricIdentifier): MetricIdentifier {
  return typeof m === 'string' && Object.hasOwn(METRIC_IDS, m) ? METRIC_IDS[m]! : m;
}

export function isRecord(x: unknown): x is Readonly<Record<string, unknown>> {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Tensor);
}

/** compile's arguments in the core's terms (TF.js names and optimizer objects mapped). */
export function coreCompileArgs(args: ModelCompileArgs): {
  args: CompileArgs;
  ownsOptimizer: boolean;
} {
  if (!isRecord(args)) {
    throw new ValueError('compile: expected an object {optimizer, loss, metrics?}');
  }
  let optimizer: string | CoreOptimizer;
  let ownsOptimizer = false;
  if (args.optimizer instanceof Optimizer) optimizer = args.optimizer.core;
  else if (typeof args.optimizer === 'string') {
    const tf = tfjsOptimizerFromId(args.optimizer);
    optimizer = tf ? tf.core : args.optimizer;
    ownsOptimizer = tf !== null;
  } else optimizer = args.optimizer;
  const loss = Array.isArray(args.loss)
    ? (args.loss as readonly LossIdentifier[]).map(mapLoss)
    : isRecord(args.loss) && !('className' in args.loss) && !('class_name' in args.loss)
      ? Object.fromEntries(Object.entries(args.loss).map(([k, v]) => [k, mapLoss(v)]))
      : mapLoss(args.loss as LossIdentifier);
  let metrics: CompileArgs['metrics'];
  if (Array.isArray(args.metrics)) {
    metrics = (args.metrics as readonly MetricIdentifier[]).map(mapMetric);
  } else if (isRecord(args.metrics)) {
    // TF.js takes one metric or a list per output name.
    metrics = Object.fromEntries(
      Object.entries(args.metrics).map(([k, v]) => [
        k,
        (Array.isArray(v) ? (v as readonly MetricIdentifier[]) : [v as MetricIdentifier]).map(
          mapMetric,
        ),
      ]),
    );
  }
  const out: CompileArgs = { optimizer, loss };
  if (metrics !== undefined) out.metrics = metrics;
  if (args.lossWeights !== undefined) out.lossWeights = args.lossWeights;
  return { args: out, ownsOptimizer };
}

export function metricName(m: MetricIdentifier): string {
  if (typeof m === 'string') return m;
  // A Metric object, or (from JavaScript) a metric function: both carry a name.
  const name: unknown = (m as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : 'metric';
}
