/**
 * compile(): resolves the optimizer, the loss(es) and the metrics a model trains with.
 * Metrics resolve lazily, on the first batch, because `'accuracy'` picks binary, sparse or
 * categorical accuracy from the label and prediction shapes (as Keras does).
 */
import { NeuriteError, ValueError } from '../errors.js';
import { getLoss, type Loss, type LossIdentifier } from '../losses/index.js';
import { getMetric, type Metric } from '../metrics/index.js';
import { getOptimizer, type Optimizer } from '../optimizers/index.js';
import type { Tensor } from '../tensor/tensor.js';

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

export class Compiled {
  constructor(
    readonly optimizer: Optimizer,
    readonly outputs: CompiledOutput[],
    /** The args as given, for saving the training config. */
    readonly args: CompileArgs,
  ) {}

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

  get metrics(): Metric[] {
    return this.outputs.flatMap((o) => o.metrics ?? []);
  }
}

function perOutput<T>(
  value: T | readonly T[] | Readonly<Record<string, T>>,
  names: readonly string[],
  what: string,
  isSingle: (v: unknown) => v is T,
): T[] {
  if (isSingle(value)) return names.map(() => value);
  if (Array.isArray(value)) {
    const list = value as readonly T[];
    if (list.length !== names.length) {
      throw new ValueError(
        `compile: ${what} has ${list.length} entries but the model has ${names.length} outputs (${names.join(', ')})`,
      );
    }
    return [...list];
  }
  const rec = value as Readonly<Record<string, T>>;
  for (const k of Object.keys(rec)) {
    if (!names.includes(k))
      throw new ValueError(
        `compile: ${what} names output '${k}', but the outputs are ${names.join(', ')}`,
      );
  }
  return names.map((n) => {
    const v = rec[n];
    if (v === undefined) throw new ValueError(`compile: ${what} has no entry for output '${n}'`);
    return v;
  });
}

const isLossId = (v: unknown): v is LossIdentifier =>
  typeof v === 'string' ||
  typeof v === 'function' ||
  (typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    ('className' in v || 'class_name' in v));

/** Validates and resolves compile's arguments for a model with `outputNames`. */
export function compileArgs(args: CompileArgs, outputNames: readonly string[]): Compiled {
  if (!args || typeof args !== 'object')
    throw new ValueError('compile: expected {optimizer, loss, metrics?}');
  if (args.optimizer === undefined)
    throw new ValueError("compile: 'optimizer' is required (e.g. 'adam')");
  if (args.loss === undefined)
    throw new ValueError("compile: 'loss' is required (e.g. 'sparseCategoricalCrossentropy')");
  const optimizer = getOptimizer(args.optimizer);
  const losses = perOutput(args.loss, outputNames, 'loss', isLossId);
  // Unknown string ids fail here, not at the first batch.
  for (const l of losses) {
    if (typeof l === 'string' && !['crossentropy', 'ce'].includes(l.toLowerCase())) getLoss(l);
  }
  const isMetricList = (v: unknown): v is readonly MetricIdentifier[] => Array.isArray(v);
  const metricLists =
    args.metrics === undefined
      ? outputNames.map(() => [])
      : perOutput(args.metrics, outputNames, 'metrics', isMetricList);
  const isNum = (v: unknown): v is number => typeof v === 'number';
  const weights =
    args.lossWeights === undefined
      ? outputNames.map(() => 1)
      : perOutput(args.lossWeights, outputNames, 'lossWeights', isNum);
  for (const w of weights)
    if (!Number.isFinite(w))
      throw new ValueError(`compile: lossWeights must be finite numbers, received ${w}`);
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
    args,
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
