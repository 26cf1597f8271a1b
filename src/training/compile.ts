/**
 * compile(): resolves the optimizer, the loss(es) and the metrics a model trains with.
 * Metrics resolve lazily, on the first batch, because `'accuracy'` picks binary, sparse or
 * categorical accuracy from the label and prediction shapes (as Keras does).
 */
import { NeuriteError, ValueError } from '../errors.js';
import { getLoss, type Loss, type LossIdentifier, resolvesFromShapes } from '../losses/index.js';
import { getMetric, Metric } from '../metrics/index.js';
import { getOptimizer, Optimizer } from '../optimizers/index.js';
import { Tensor } from '../tensor/tensor.js';
import { CompiledStep, type JitCompile } from '../compile/index.js';
import { copyMetric } from './copy-metric.js';
import { describeValue } from './describe-value.js';

export type MetricIdentifier = string | Metric;

/** The arguments of `model.compile`. */
export interface CompileArgs {
  /** An optimizer or its id (`'adam'`, Keras 3 defaults). */
  optimizer: string | Optimizer;
  /** A loss id, a loss, or one per output (an array, or a record keyed by output layer name). */
  loss: LossIdentifier | readonly LossIdentifier[] | Readonly<Record<string, LossIdentifier>>;
  /** Metric ids or objects, applied to every output (or a record keyed by output name). */
  metrics?: readonly MetricIdentifier[] | Readonly<Record<string, readonly MetricIdentifier[]>>;
  /** Weights of each output's loss in the total. Default 1 each. */
  lossWeights?: readonly number[] | Readonly<Record<string, number>>;
  /**
   * Compile the train, test and predict steps (Keras 3's `jit_compile`): each input
   * signature's step is recorded as a plan of kernel calls and replayed for later batches
   * (src/compile/). `'auto'` (default) falls back to eager execution, with a warning
   * naming the reason, where a step cannot be compiled; `true` makes that an error;
   * `false` always runs eagerly.
   */
  jitCompile?: JitCompile;
  /**
   * Batches per execution (Keras 3's `steps_per_execution`; default 1): fit runs this many
   * training steps back to back between callbacks, calling `onBatchBegin` with the first
   * batch's index and `onBatchEnd` with the last one's index and logs, once per group (the
   * progress bar moves by the group). Each batch is still one step (one replay when
   * compiled); what a larger value saves is the callbacks and the progress bar in between.
   */
  stepsPerExecution?: number;
}

/** What compile produced, per output. */
export interface CompiledOutput {
  readonly name: string;
  /** The identifier as given (resolved on first use when it depends on shapes). */
  readonly lossId: LossIdentifier;
  loss: Loss | null;
  readonly weight: number;
  readonly metricIds: readonly MetricIdentifier[];
  metrics: Metric[] | null;
}

/** The compiled steps of one compile (src/compile/). */
export interface JitSteps {
  readonly train: CompiledStep;
  readonly test: CompiledStep;
  readonly predict: CompiledStep;
}

export class Compiled {
  readonly jit: JitSteps;
  constructor(
    readonly optimizer: Optimizer,
    readonly outputs: CompiledOutput[],
    /** The args as given, for saving the training config. */
    readonly args: CompileArgs,
  ) {
    const mode = args.jitCompile ?? 'auto';
    this.jit = {
      train: new CompiledStep('train step', mode),
      test: new CompiledStep('test step', mode),
      predict: new CompiledStep('predict step', mode),
    };
  }

  /** Resolves losses and metrics from the first batch's shapes. */
  resolve(yTrue: readonly Tensor[], yPred: readonly Tensor[]): void {
    this.outputs.forEach((o, i) => {
      const shapes = { yTrueShape: yTrue[i]!.shape, yPredShape: yPred[i]!.shape };
      o.loss ??= getLoss(o.lossId, shapes);
      o.metrics ??= o.metricIds.map((m) => {
        const metric = getMetric(m, shapes);
        if (this.outputs.length > 1) metric.name = `${o.name}_${metric.name}`;
        return metric;
      });
    });
  }

  /** The training metrics (what fit and trainOnBatch accumulate into), once resolved. */
  get metrics(): Metric[] {
    return this.outputs.flatMap((o) => o.metrics ?? []);
  }

  /**
   * Metric objects for one evaluation, per output: fresh copies of the training metrics, so
   * an evaluation never resets or feeds what training accumulates. A metric that cannot be
   * copied (see copyMetric) is shared, reset here; `beforeSharing` may refuse that first.
   */
  evaluationMetrics(
    yTrue: readonly Tensor[],
    yPred: readonly Tensor[],
    beforeSharing: (trained: Metric) => void,
  ): Metric[][] {
    this.resolve(yTrue, yPred);
    return this.outputs.map((o, i) => {
      const shapes = { yTrueShape: yTrue[i]!.shape, yPredShape: yPred[i]!.shape };
      return o.metrics!.map((trained, k) => {
        const copy = copyMetric(o.metricIds[k]!, trained, shapes);
        if (copy) return copy;
        beforeSharing(trained);
        trained.resetState();
        return trained;
      });
    });
  }

  /**
   * Whether compile created the optimizer (from an id or a config), so that disposing the
   * model may dispose it; an Optimizer object passed in may be shared, as TF.js assumes.
   */
  get ownsOptimizer(): boolean {
    return !(this.args.optimizer instanceof Optimizer);
  }
}

/** What one entry of a per-output option must be, for messages and checks. */
interface EntryKind<T> {
  is: (v: unknown) => v is T;
  /** `a loss id (e.g. 'meanSquaredError') or a loss function`. */
  expected: string;
}

function isPlainObject(v: unknown): v is Readonly<Record<string, unknown>> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Tensor) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function perOutput<T>(
  value: unknown,
  names: readonly string[],
  what: string,
  kind: EntryKind<T>,
): T[] {
  const check = (v: unknown, at: string): T => {
    if (!kind.is(v)) {
      throw new ValueError(
        `compile: ${what}${at} must be ${kind.expected}, received ${describeValue(v)}`,
      );
    }
    return v;
  };
  if (kind.is(value)) return names.map(() => value);
  if (Array.isArray(value)) {
    const list = value as readonly unknown[];
    if (list.length !== names.length) {
      throw new ValueError(
        `compile: ${what} has ${list.length} entries but the model has ${names.length} output${names.length === 1 ? '' : 's'} (${names.join(', ')})`,
      );
    }
    return list.map((v, i) => check(v, `[${i}]`));
  }
  if (!isPlainObject(value)) {
    throw new ValueError(
      `compile: ${what} must be ${kind.expected}, or one per output (an array, or an object keyed by output name: ${names.join(', ')}), received ${describeValue(value)}`,
    );
  }
  for (const k of Object.keys(value)) {
    if (!names.includes(k))
      throw new ValueError(
        `compile: ${what} names output '${k}', but the outputs are ${names.join(', ')}`,
      );
  }
  return names.map((n) => {
    const v = value[n];
    if (v === undefined) throw new ValueError(`compile: ${what} has no entry for output '${n}'`);
    return check(v, `.${n}`);
  });
}

const isLossId = (v: unknown): v is LossIdentifier =>
  typeof v === 'string' ||
  typeof v === 'function' ||
  (typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    ('className' in v || 'class_name' in v));

const LOSS_KIND: EntryKind<LossIdentifier> = {
  is: isLossId,
  expected: "a loss id (e.g. 'meanSquaredError'), a loss function or a {className, config} object",
};

/**
 * One metric entry: an id or a Metric, or what getMetric also takes at run time from
 * JavaScript callers (a per-sample function, a saved {className, config}).
 */
const isMetricId = (v: unknown): boolean =>
  typeof v === 'string' || v instanceof Metric || typeof v === 'function' || isPlainObject(v);

const METRIC_LIST_KIND: EntryKind<readonly MetricIdentifier[]> = {
  is: (v): v is readonly MetricIdentifier[] => Array.isArray(v),
  expected: "an array of metric ids or Metrics (e.g. ['accuracy'])",
};

const WEIGHT_KIND: EntryKind<number> = {
  is: (v): v is number => typeof v === 'number',
  expected: 'a number',
};

const isOptimizerId = (v: unknown): boolean =>
  typeof v === 'string' || v instanceof Optimizer || isPlainObject(v);

/** Validates and resolves compile's arguments for a model with `outputNames`. */
export function compileArgs(args: CompileArgs, outputNames: readonly string[]): Compiled {
  if (args === null || typeof args !== 'object' || Array.isArray(args))
    throw new ValueError(
      `compile: expected an object {optimizer, loss, metrics?}, received ${describeValue(args)}`,
    );
  if (args.optimizer === undefined || args.optimizer === null)
    throw new ValueError(
      `compile: 'optimizer' is required (e.g. 'adam'), received ${describeValue(args.optimizer)}`,
    );
  if (!isOptimizerId(args.optimizer))
    throw new ValueError(
      `compile: optimizer must be an optimizer id (e.g. 'adam'), an Optimizer or a {className, config} object, received ${describeValue(args.optimizer)}`,
    );
  if (args.loss === undefined || args.loss === null)
    throw new ValueError(
      `compile: 'loss' is required (e.g. 'sparseCategoricalCrossentropy'), received ${describeValue(args.loss)}`,
    );
  const losses = perOutput(args.loss, outputNames, 'loss', LOSS_KIND);
  // Unknown string ids fail here, not at the first batch.
  for (const l of losses) {
    if (typeof l === 'string' && !resolvesFromShapes(l)) getLoss(l);
  }
  // Keras takes metrics=None for "no metrics"; so do we.
  const metricLists =
    args.metrics === undefined || args.metrics === null
      ? outputNames.map(() => [])
      : perOutput(args.metrics, outputNames, 'metrics', METRIC_LIST_KIND);
  metricLists.forEach((list, i) =>
    list.forEach((m, k) => {
      const at = `metrics${outputNames.length > 1 ? ` of output '${outputNames[i]}'` : ''}[${k}]`;
      if (!isMetricId(m)) {
        throw new ValueError(
          `compile: ${at} must be a metric id (e.g. 'accuracy') or a Metric, received ${describeValue(m)}`,
        );
      }
      // Unknown ids fail here, not at the first batch (getMetric's error lists the valid ones).
      if (typeof m === 'string') getMetric(m);
    }),
  );
  const weights =
    args.lossWeights === undefined
      ? outputNames.map(() => 1)
      : perOutput(args.lossWeights, outputNames, 'lossWeights', WEIGHT_KIND);
  for (const w of weights)
    if (!Number.isFinite(w))
      throw new ValueError(`compile: lossWeights must be finite numbers, received ${w}`);
  const jit: unknown = args.jitCompile;
  if (jit !== undefined && jit !== 'auto' && jit !== true && jit !== false) {
    throw new ValueError(
      `compile: jitCompile must be 'auto', true or false, received ${describeValue(jit)}`,
    );
  }
  const spe: unknown = args.stepsPerExecution;
  if (spe !== undefined && !(typeof spe === 'number' && Number.isInteger(spe) && spe >= 1)) {
    throw new ValueError(
      `compile: stepsPerExecution must be a positive integer, received ${describeValue(spe)}`,
    );
  }
  // Last, so that a bad loss or metric does not leave an optimizer behind.
  const optimizer = getOptimizer(args.optimizer);
  return new Compiled(
    optimizer,
    outputNames.map((name, i) => ({
      name,
      lossId: losses[i]!,
      loss: null,
      weight: weights[i]!,
      metricIds: metricLists[i]!,
      metrics: null,
    })),
    // Saved as given, but with metrics: null as "none" (the saver expects undefined then).
    args.metrics === null ? { ...args, metrics: undefined } : args,
  );
}

export function requireCompiled(compiled: Compiled | null, where: string): Compiled {
  if (!compiled) {
    throw new NeuriteError(
      `${where}: the model must be compiled first: call model.compile({optimizer: 'adam', loss: '…', metrics: ['accuracy']})`,
    );
  }
  return compiled;
}
