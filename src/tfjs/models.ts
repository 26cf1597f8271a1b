/**
 * TF.js's models (`tf.LayersModel`, `tf.Sequential`) as thin wrappers around a Neurite
 * model, `model.core` (an `nn.Sequential` or `nn.Functional`).
 *
 * Why a wrapper and not a subclass: TF.js types some methods differently from the core —
 * `evaluate` returns `Scalar | Scalar[]` synchronously where the core resolves to a record
 * of numbers, `predict` returns `Tensor | Tensor[]`, `model.optimizer` is a TF.js
 * optimizer, `trainOnBatch` resolves to numbers — and a TypeScript subclass cannot change
 * a method's return type. The wrapper forwards everything else to the core model, so the
 * layers, weights, training loop and files are the core's; a wrapped model passed where a
 * layer is expected (`tf.sequential({layers: [model]})`, `add(model)`) contributes its core.
 *
 * What the wrapper adapts, and nothing more:
 * - `compile`: TF.js optimizer objects (`tf.train.adam(0.1)`) and ids with TF.js's
 *   defaults (`'adagrad'` is `tf.train.adagrad(0.01)`), TF.js loss and metric names
 *   (`'accuracy'` is logged as `acc`, as TF.js does; `'cosineProximity'`), `metricsNames`;
 * - `evaluate` (sync, scalars in `metricsNames` order: loss, per-output losses, metrics;
 *   averaged over batches by size as TF.js does — with several outputs TF.js 4.22 returns
 *   one extra value, a running total, which is not reproduced),
 *   `evaluateDataset` (scalars), `predict`/`predictOnBatch` (one tensor per output),
 *   `trainOnBatch` (numbers), `fit`/`fitDataset` (TF.js callbacks, `yieldEvery` ignored),
 *   inputs given as `{[inputName]: tensor}`;
 * - `save(url | handler, {includeOptimizer = false})` through `tf.io`'s URL schemes;
 * - `inputs` / `outputs` / `inputNames` / `outputNames` on Sequential models too;
 * - `getLayer(name?, index?)`, `summary(lineLength?, positions?, printFn?)`,
 *   `getWeights(trainableOnly?)`.
 */
import type { History } from '../callbacks/history.js';
import type { Logs } from '../callbacks/callback.js';
import type { Dataset } from '../data/dataset.js';
import { dispose } from '../engine/tidy.js';
import { NeuriteError, ValueError } from '../errors.js';
import { InputLayer } from '../layers/input-layer.js';
import type { CallOptions, Layer } from '../layers/layer.js';
import { type ShapeSpec, SymbolicTensor } from '../layers/symbolic.js';
import { loadModel as coreLoadModel } from '../io/api.js';
import type { IOHandler, SaveResult } from '../io/types.js';
import { Functional, type FunctionalArgs } from '../models/functional.js';
import type { DisposeResult, Model } from '../models/model.js';
import { Sequential as CoreSequential } from '../models/sequential.js';
import { scalar } from '../ops/creation.js';
import { slice } from '../ops/gather-slice.js';
import { Optimizer as CoreOptimizer } from '../optimizers/optimizer.js';
import { Tensor, type Variable } from '../tensor/tensor.js';
import type { LossIdentifier } from '../losses/index.js';
import type { CompileArgs, MetricIdentifier } from '../training/compile.js';
import type { TrainingBatch } from '../training/dataset-input.js';
import type { PredictArgs } from '../training/predict.js';
import { predictOnBatchOutputs, predictOutputs } from '../training/predict.js';
import type { FitArgs, FitDatasetArgs } from '../training/trainer.js';
import { adaptCallbacks, type TfCallbacksArg } from './callbacks.js';
import { getLoadHandlers, getSaveHandlers, type LoadOptions } from './io.js';
import { filePath, hasScheme, isNode, noHandlerError } from './url.js';
import { Optimizer, tfjsOptimizerFromId, wrapOptimizer } from './train.js';

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

const wrappers = new WeakMap<Model, LayersModel>();

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

function mapMetric(m: MetricIdentifier): MetricIdentifier {
  return typeof m === 'string' && Object.hasOwn(METRIC_IDS, m) ? METRIC_IDS[m]! : m;
}

function isRecord(x: unknown): x is Readonly<Record<string, unknown>> {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Tensor);
}

/** compile's arguments in the core's terms (TF.js names and optimizer objects mapped). */
function coreCompileArgs(args: ModelCompileArgs): { args: CompileArgs; ownsOptimizer: boolean } {
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

function metricName(m: MetricIdentifier): string {
  if (typeof m === 'string') return m;
  // A Metric object, or (from JavaScript) a metric function: both carry a name.
  const name: unknown = (m as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : 'metric';
}

/**
 * The symbolic input and output of a core Sequential: the chain of its layers' nodes
 * that starts at an InputLayer (null before the input shape is known).
 */
function sequentialEnds(core: CoreSequential): [SymbolicTensor, SymbolicTensor] | null {
  const layers = core.layers;
  const last = layers[layers.length - 1];
  if (!last) return null;
  for (let k = last.inboundNodes.length - 1; k >= 0; k--) {
    let node = last.inboundNodes[k]!;
    const output = node.outputs[0]!;
    for (let i = layers.length - 1; i >= 0; i--) {
      if (node.layer !== layers[i] || node.inputs.length !== 1) break;
      const input = node.inputs[0]!;
      if (i === 0) {
        if (input.node.layer instanceof InputLayer) return [input, output];
        break;
      }
      node = input.node;
    }
  }
  return null;
}

/** The core layer behind a layer or a wrapped model. */
function coreLayer(l: Layer | LayersModel): Layer {
  return l instanceof LayersModel ? l.core : l;
}

/**
 * A TF.js `LayersModel` (what `tf.model` and `tf.loadLayersModel` return): TF.js's methods
 * over the Neurite model `core`.
 */
export class LayersModel {
  /** The Neurite model that holds the layers and weights and runs the training. */
  readonly core: Model;
  /** Whether compile created the optimizer (then dispose frees it). */
  #ownsOptimizer = false;

  constructor(core: Model) {
    this.core = core;
    wrappers.set(core, this);
  }

  /** The model's name. */
  get name(): string {
    return this.core.name;
  }
  /** The layers, in order (a nested model appears as its Neurite model). */
  get layers(): Layer[] {
    return this.core.layers;
  }
  /** The symbolic inputs (empty before a Sequential knows its input shape). */
  get inputs(): SymbolicTensor[] {
    const c = this.core;
    if (c instanceof Functional) return [...c.inputs];
    if (c instanceof CoreSequential) {
      const ends = sequentialEnds(c);
      return ends ? [ends[0]] : [];
    }
    return [];
  }
  /** The symbolic outputs (empty before a Sequential knows its input shape). */
  get outputs(): SymbolicTensor[] {
    const c = this.core;
    if (c instanceof Functional) return [...c.outputs];
    if (c instanceof CoreSequential) {
      const ends = sequentialEnds(c);
      return ends ? [ends[1]] : [];
    }
    return [];
  }
  /** Names of the input layers. */
  get inputNames(): string[] {
    return this.inputs.map((t) => t.sourceLayer.name);
  }
  /** Names of the outputs (their layers' names). */
  get outputNames(): string[] {
    const c = this.core;
    if (c instanceof CoreSequential) return this.outputs.map((t) => t.sourceLayer.name);
    return c.outputNames;
  }
  /** Whether the weights are updated by training. */
  get trainable(): boolean {
    return this.core.trainable;
  }
  set trainable(value: boolean) {
    this.core.trainable = value;
  }
  /** Every weight. */
  get weights(): Variable[] {
    return this.core.weights;
  }
  /** The weights training updates. */
  get trainableWeights(): Variable[] {
    return this.core.trainableWeights;
  }
  /** The weights training does not update. */
  get nonTrainableWeights(): Variable[] {
    return this.core.nonTrainableWeights;
  }
  /** Whether the weights exist. */
  get built(): boolean {
    return this.core.built;
  }
  /** Output shape(s), batch dimension null. */
  get outputShape(): ShapeSpec | ShapeSpec[] {
    return this.core.outputShape;
  }
  /** Set to true (from a callback) to stop `fit` after the current batch. */
  get stopTraining(): boolean {
    return this.core.stopTraining;
  }
  set stopTraining(value: boolean) {
    this.core.stopTraining = value;
  }
  /** Whether a `fit` is running. */
  get isTraining(): boolean {
    return this.core.isTraining;
  }
  /** The optimizer compile set, as a TF.js optimizer (null before compile). */
  get optimizer(): Optimizer | null {
    const o = this.core.optimizer;
    return o ? wrapOptimizer(o) : null;
  }
  /**
   * What `evaluate` returns, by name: `loss`, each output's loss (several outputs), then
   * the metrics (prefixed by the output's name when there are several outputs).
   */
  get metricsNames(): string[] {
    const compiled = this.core.compiled;
    if (!compiled) return [];
    const many = compiled.outputs.length > 1;
    return [
      'loss',
      ...(many ? compiled.outputs.map((o) => `${o.name}_loss`) : []),
      ...compiled.outputs.flatMap((o) =>
        o.metricIds.map((m) => (many ? `${o.name}_${metricName(m)}` : metricName(m))),
      ),
    ];
  }

  /** A layer by name, or by index (TF.js `getLayer(name?, index?)`). */
  getLayer(name?: string | number, index?: number): Layer {
    if (typeof name === 'number') return this.core.getLayer(name);
    if (name !== undefined && name !== null) return this.core.getLayer(name);
    if (index !== undefined) return this.core.getLayer(index);
    throw new ValueError('getLayer: give a layer name or an index');
  }

  /** Prints the Keras-style table (TF.js signature `summary(lineLength?, positions?, printFn?)`). */
  summary(
    lineLength?: number,
    _positions?: readonly number[],
    printFn: (message?: unknown, ...rest: unknown[]) => void = console.log,
  ): void {
    this.core.summary((line) => printFn(line), lineLength);
  }

  /**
   * Configures training. Takes TF.js optimizers and ids (`'adam'`, `'sgd'`, … with TF.js's
   * defaults), TF.js loss names and metric names (`'accuracy'` and `'acc'` log as `acc`).
   *
   * @example
   * model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
   */
  compile(args: ModelCompileArgs): void {
    const { args: coreArgs, ownsOptimizer } = coreCompileArgs(args);
    const previous = this.#ownsOptimizer ? this.core.optimizer : null;
    this.core.compile(coreArgs);
    if (previous && previous !== this.core.optimizer) previous.dispose();
    this.#ownsOptimizer = ownsOptimizer;
  }

  /** Inputs as a list, one per model input (a record is read by input name). */
  #inputList(
    x: TensorInputs,
    where: string,
    names: () => string[],
    what: string,
  ): Tensor | Tensor[] {
    if (x instanceof Tensor) return x;
    if (Array.isArray(x)) return [...(x as readonly Tensor[])];
    if (isRecord(x)) {
      const record = x;
      return names().map((n) => {
        const t = record[n];
        if (!(t instanceof Tensor)) {
          throw new ValueError(
            `${where}: no tensor for ${what} '${n}' in the object given (keys: ${Object.keys(record).join(', ')})`,
          );
        }
        return t;
      });
    }
    throw new ValueError(`${where}: expected a Tensor, an array of Tensors or an object of them`);
  }

  #xs(x: TensorInputs, where: string): Tensor | Tensor[] {
    return this.#inputList(x, where, () => this.inputNames, 'input');
  }

  #ys(y: TensorInputs, where: string): Tensor | Tensor[] {
    return this.#inputList(y, where, () => this.outputNames, 'output');
  }

  /** Trains for `epochs` passes over (x, y); resolves to the History. */
  fit(x: TensorInputs, y: TensorInputs, args: ModelFitArgs = {}): Promise<History> {
    const { callbacks, yieldEvery: _yieldEvery, validationData, ...rest } = args;
    const fitArgs: FitArgs = { ...rest };
    if (callbacks !== undefined) fitArgs.callbacks = adaptCallbacks(callbacks);
    if (validationData !== undefined && validationData !== null) {
      const [vx, vy, vsw] = validationData;
      const vxs = this.#xs(vx, 'fit (validationData)');
      const vys = this.#ys(vy, 'fit (validationData)');
      fitArgs.validationData = vsw === undefined ? [vxs, vys] : [vxs, vys, vsw];
    }
    return this.core.fit(this.#xs(x, 'fit'), this.#ys(y, 'fit'), fitArgs);
  }

  /** Trains on a dataset of `{xs, ys}` batches; resolves to the History. */
  fitDataset<E extends TrainingBatch>(
    dataset: Dataset<E>,
    args: ModelFitDatasetArgs = {},
  ): Promise<History> {
    const { callbacks, yieldEvery: _yieldEvery, ...rest } = args;
    const fitArgs: FitDatasetArgs = { ...rest };
    if (callbacks !== undefined) fitArgs.callbacks = adaptCallbacks(callbacks);
    return this.core.fitDataset(dataset, fitArgs);
  }

  /**
   * Loss and metrics on (x, y), computed now in batches of `batchSize` and averaged over
   * the samples (as TF.js does): one Scalar when there are no metrics, else the loss, each
   * output's loss (several outputs) and the metrics, in `metricsNames` order.
   */
  evaluate(x: TensorInputs, y: TensorInputs, args: ModelEvaluateArgs = {}): Tensor | Tensor[] {
    if (args.steps !== undefined && args.steps !== null) {
      throw new ValueError('evaluate: steps is not available (TF.js does not implement it either)');
    }
    const batchSize = args.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new ValueError(`evaluate: batchSize must be a positive integer, received ${batchSize}`);
    }
    const xs = this.#xs(x, 'evaluate');
    const ys = this.#ys(y, 'evaluate');
    const xl = xs instanceof Tensor ? [xs] : xs;
    const yl = ys instanceof Tensor ? [ys] : ys;
    const sw = args.sampleWeight;
    const n = xl[0]?.shape[0] ?? 0;
    let logs: Logs;
    if (n <= batchSize) {
      logs = this.core.testOnBatch(xs, ys, sw ? { sampleWeight: sw } : undefined);
    } else {
      const sums = new Map<string, number>();
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        const part = (t: Tensor): Tensor => slice(t, [start], [size]);
        const bx = xl.map(part);
        const by = yl.map(part);
        const bsw = sw ? part(sw) : undefined;
        try {
          const l = this.core.testOnBatch(bx, by, bsw ? { sampleWeight: bsw } : undefined);
          for (const [k, v] of Object.entries(l)) sums.set(k, (sums.get(k) ?? 0) + v * size);
        } finally {
          dispose([...bx, ...by, ...(bsw ? [bsw] : [])]);
        }
      }
      logs = Object.fromEntries([...sums].map(([k, v]) => [k, v / n]));
    }
    return scalars(logs);
  }

  /** Loss and metrics over a dataset of `{xs, ys}` batches, as Scalars. */
  async evaluateDataset<E extends TrainingBatch>(
    dataset: Dataset<E>,
    args: ModelEvaluateDatasetArgs = {},
  ): Promise<Tensor | Tensor[]> {
    const logs = await this.core.evaluateDataset(dataset, { verbose: 0, ...args });
    return scalars(logs);
  }

  /** The outputs on `x` in inference mode, in batches: a Tensor, or one per output. */
  predict(x: TensorInputs, args?: PredictArgs): Tensor | Tensor[] {
    return single(predictOutputs(this.core, this.#xs(x, 'predict'), args));
  }

  /** The outputs on one batch. */
  predictOnBatch(x: TensorInputs): Tensor | Tensor[] {
    return single(predictOnBatchOutputs(this.core, this.#xs(x, 'predictOnBatch')));
  }

  /** One training step; resolves to the loss, or the loss and metrics. */
  trainOnBatch(x: TensorInputs, y: TensorInputs): Promise<number | number[]> {
    const logs = this.core.trainOnBatch(this.#xs(x, 'trainOnBatch'), this.#ys(y, 'trainOnBatch'));
    const values = Object.values(logs);
    return Promise.resolve(values.length === 1 ? values[0]! : values);
  }

  /**
   * Saves to a URL (`file://dir`, `http(s)://…`, `indexeddb://key`, `localstorage://key`,
   * `downloads://name`, or a scheme registered with `tf.io.registerSaveRouter`) or through
   * an IOHandler. As in TF.js the optimizer's state is saved only with `includeOptimizer`.
   */
  async save(handlerOrURL: string | IOHandler, config: ModelSaveConfig = {}): Promise<SaveResult> {
    const options = { includeOptimizer: config.includeOptimizer ?? false };
    if (config.trainableOnly) {
      throw new ValueError('save: trainableOnly is not available; every weight is saved');
    }
    if (typeof handlerOrURL !== 'string') return this.core.save(handlerOrURL, options);
    if (handlerOrURL.startsWith('file://') && isNode) {
      return this.core.save(filePath(handlerOrURL), options);
    }
    const handlers = getSaveHandlers(handlerOrURL);
    if (handlers.length > 1) {
      throw new NeuriteError(
        `save: ${handlers.length} save handlers match '${handlerOrURL}'; only one may`,
      );
    }
    if (handlers.length === 1) return this.core.save(handlers[0]!, options);
    // A plain path in Node: a folder, as nn.saveModel takes it.
    if (isNode && !hasScheme(handlerOrURL)) {
      return this.core.save(handlerOrURL, options);
    }
    throw noHandlerError(handlerOrURL, 'save');
  }

  /** The weights' values (all, or the trainable ones only). */
  getWeights(trainableOnly = false): Tensor[] {
    return trainableOnly
      ? this.core.trainableWeights.map((v) => v.clone())
      : this.core.getWeights();
  }

  /** Sets every weight, in `weights` order. */
  setWeights(weights: readonly Tensor[]): void {
    this.core.setWeights(weights);
  }

  /** Number of weight values. */
  countParams(): number {
    return this.core.countParams();
  }

  /** @internal The optimizer now set was created for this model (dispose frees it). */
  markOwnsOptimizer(): void {
    this.#ownsOptimizer = true;
  }

  /** Frees the weights (and the optimizer's state when compile created it). */
  dispose(): DisposeResult {
    const owned =
      this.#ownsOptimizer && !this.core.compiled?.ownsOptimizer ? this.core.optimizer : null;
    const result = this.core.dispose();
    owned?.dispose();
    return result;
  }

  /** Calls the model on tensors (now) or symbolic tensors (a node of a graph). */
  apply(inputs: Tensor, kwargs?: CallOptions): Tensor;
  apply(inputs: SymbolicTensor, kwargs?: CallOptions): SymbolicTensor;
  apply(inputs: readonly Tensor[], kwargs?: CallOptions): Tensor | Tensor[];
  apply(inputs: readonly SymbolicTensor[], kwargs?: CallOptions): SymbolicTensor | SymbolicTensor[];
  apply(
    inputs: Tensor | SymbolicTensor | readonly Tensor[] | readonly SymbolicTensor[],
    kwargs?: CallOptions,
  ): Tensor | SymbolicTensor | Tensor[] | SymbolicTensor[] {
    if (inputs instanceof Tensor) return this.core.apply(inputs, kwargs);
    if (inputs instanceof SymbolicTensor) return this.core.apply(inputs, kwargs);
    const list = inputs as readonly (Tensor | SymbolicTensor)[];
    if (list.every((t) => t instanceof SymbolicTensor)) {
      return this.core.apply(list, kwargs);
    }
    return this.core.apply(list as readonly Tensor[], kwargs);
  }
}

/** TF.js's `tf.Sequential`: a LayersModel whose core is an `nn.Sequential`. */
export class Sequential extends LayersModel {
  declare readonly core: CoreSequential;

  constructor(core: CoreSequential) {
    super(core);
  }

  /** Appends a layer (a wrapped model contributes its Neurite model). */
  add(layer: Layer | LayersModel): void {
    this.core.add(coreLayer(layer));
  }

  /** Removes the last layer. */
  pop(): void {
    this.core.pop();
  }
}

function single(outs: Tensor[]): Tensor | Tensor[] {
  return outs.length === 1 ? outs[0]! : outs;
}

function scalars(logs: Logs): Tensor | Tensor[] {
  const values = Object.values(logs).map((v) => scalar(v));
  return values.length === 1 ? values[0]! : values;
}

/** The TF.js wrapper of a Neurite model (the same object every time for one model). */
export function wrapModel(core: Model): LayersModel {
  const known = wrappers.get(core);
  if (known) return known;
  return core instanceof CoreSequential ? new Sequential(core) : new LayersModel(core);
}

/** TF.js's `SequentialArgs`. */
export interface SequentialArgs {
  /** Layers (or models) to stack, in order. */
  layers?: readonly (Layer | LayersModel)[];
  name?: string;
}

/**
 * A Sequential model (TF.js `tf.sequential`).
 *
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
 */
export function sequential(config: SequentialArgs = {}): Sequential {
  const core = new CoreSequential({
    ...(config.name !== undefined ? { name: config.name } : {}),
    layers: (config.layers ?? []).map(coreLayer),
  });
  return new Sequential(core);
}

/**
 * A model from symbolic inputs to outputs (TF.js `tf.model`).
 *
 * @example
 * const input = tf.input({ shape: [4] });
 * const output = tf.layers.dense({ units: 1 }).apply(input);
 * const model = tf.model({ inputs: input, outputs: output });
 */
export function model(args: FunctionalArgs): LayersModel {
  return new LayersModel(new Functional(args));
}

/**
 * Loads a layers model (TF.js `tf.loadLayersModel`) from a URL — `file://` (Node; a
 * folder or its `model.json`, relative or absolute), `http(s)://`, `indexeddb://`,
 * `localstorage://`, or a scheme registered with `tf.io.registerLoadRouter` — or from an
 * IOHandler. Files saved by TF.js, Keras's converter and Neurite load; the model comes
 * back compiled when the file holds a training config.
 */
export async function loadLayersModel(
  pathOrIOHandler: string | IOHandler,
  options: LoadOptions = {},
): Promise<LayersModel> {
  const strict = options.strict ?? true;
  let core: Model;
  if (typeof pathOrIOHandler !== 'string') {
    core = await coreLoadModel(pathOrIOHandler, { strict });
  } else if (pathOrIOHandler.startsWith('file://') && isNode) {
    core = await coreLoadModel(filePath(pathOrIOHandler), { strict });
  } else {
    const handlers = getLoadHandlers(pathOrIOHandler, options);
    if (handlers.length > 1) {
      throw new NeuriteError(
        `loadLayersModel: ${handlers.length} load handlers match '${pathOrIOHandler}'; only one may`,
      );
    }
    if (handlers.length === 1) core = await coreLoadModel(handlers[0]!, { strict });
    else if (isNode && !hasScheme(pathOrIOHandler)) {
      core = await coreLoadModel(pathOrIOHandler, { strict });
    } else throw noHandlerError(pathOrIOHandler, 'loadLayersModel');
  }
  const m = wrapModel(core);
  // Logged metric names as TF.js gives them ('accuracy' logs as 'acc'): recompile with the
  // loaded optimizer (its state kept) when a saved metric is spelled otherwise.
  const compiled = core.compiled;
  if (compiled && compiled.outputs.some((o) => o.metricIds.some((id) => mapMetric(id) !== id))) {
    const owns = compiled.ownsOptimizer;
    m.compile({ ...compiled.args, optimizer: compiled.optimizer });
    if (owns) m.markOwnsOptimizer();
  }
  return m;
}
