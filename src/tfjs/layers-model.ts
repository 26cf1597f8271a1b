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
 *
 * The argument types and the compile translation are in model-args.ts; `tf.sequential`,
 * `tf.model` and `tf.loadLayersModel`, which return these wrappers, in models.ts.
 */
import type { History } from '../callbacks/history.js';
import type { Logs } from '../callbacks/callback.js';
import type { Dataset } from '../data/dataset.js';
import { dispose } from '../engine/tidy.js';
import { NeuriteError, ValueError } from '../errors.js';
import { InputLayer } from '../layers/input-layer.js';
import type { CallOptions, Layer } from '../layers/layer.js';
import { type ShapeSpec, SymbolicTensor } from '../layers/symbolic.js';
import type { IOHandler, SaveResult } from '../io/types.js';
import { Functional } from '../models/functional.js';
import type { DisposeResult, Model } from '../models/model.js';
import { Sequential as CoreSequential } from '../models/sequential.js';
import { scalar } from '../ops/creation.js';
import { slice } from '../ops/gather-slice.js';
import { Tensor, type Variable } from '../tensor/tensor.js';
import type { TrainingBatch } from '../training/dataset-input.js';
import type { PredictArgs } from '../training/predict.js';
import { predictOnBatchOutputs, predictOutputs } from '../training/predict.js';
import type { FitArgs, FitDatasetArgs } from '../training/trainer.js';
import { adaptCallbacks } from './callbacks.js';
import { getSaveHandlers } from './io.js';
import {
  coreCompileArgs,
  isRecord,
  metricName,
  type ModelCompileArgs,
  type ModelEvaluateArgs,
  type ModelEvaluateDatasetArgs,
  type ModelFitArgs,
  type ModelFitDatasetArgs,
  type ModelSaveConfig,
  type TensorInputs,
} from './model-args.js';
import { filePath, hasScheme, isNode, noHandlerError } from './url.js';
import { type Optimizer, wrapOptimizer } from './train.js';

const wrappers = new WeakMap<Model, LayersModel>();

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
export function coreLayer(l: Layer | LayersModel): Layer {
  return l instanceof LayersModel ? l.core : l;
}

/**
 * A TF.js `LayersModel` (what `tf.model` and `tf.loadLayersModel` return): TF.js's methods
 * over the Neurite model `core`.
 * @example
 * const input = tf.input({ shape: [4] });
 * const output = tf.layers.dense({ units: 1 }).apply(input) as tf.SymbolicTensor;
 * const model: tf.LayersModel = tf.model({ inputs: input, outputs: output });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
 * model.evaluate(tf.ones([2, 4]), tf.zeros([2, 1])); // a Scalar, as TF.js
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

/**
 * TF.js's `tf.Sequential`: a LayersModel whose core is an `nn.Sequential`.
 * @example
 * const model = tf.sequential();
 * model.add(tf.layers.dense({ units: 1, inputShape: [2] }));
 * model.summary();
 */
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
