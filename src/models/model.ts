/**
 * Model: a layer made of layers. Three ways to build one, as in Keras:
 * - Sequential (`nn.sequential`): a stack;
 * - Functional (`nn.model({inputs, outputs})`): a graph of symbolic tensors;
 * - subclassing: `class Net extends nn.Model { d1 = nn.layers.dense({units: 8}); call(x) {…} }`
 *   where layers held in properties (or arrays of them) are tracked automatically.
 * Training methods (compile, fit, …) are attached in training/.
 */
import { nameClass } from '../serialization/class-names.js';
import { DisposedError, ValueError } from '../errors.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { tidy } from '../engine/tidy.js';
import { memory } from '../engine/engine.js';
import { zeros } from '../ops/index.js';
import { type CallOptions, Layer, withNullBatch } from '../layers/layer.js';
import type { ShapeSpec } from '../layers/symbolic.js';
import { summaryTable } from './summary.js';
import { type Compiled, type CompileArgs, compileArgs } from '../training/compile.js';
import type { History } from '../callbacks/history.js';
import type { Logs } from '../callbacks/callback.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { TensorOrList } from '../training/data.js';
import {
  type EvaluateArgs,
  type EvaluateDatasetArgs,
  type EvaluateIterableArgs,
  type FitArgs,
  type FitDatasetArgs,
  type FitIterableArgs,
  type TrainOnBatchArgs,
  evaluate as evaluateImpl,
  evaluateDataset as evaluateDatasetImpl,
  fit as fitImpl,
  fitDataset as fitDatasetImpl,
  testOnBatch as testOnBatchImpl,
  trainOnBatch as trainOnBatchImpl,
} from '../training/trainer.js';
import type { BatchSource, TrainingBatch } from '../training/dataset-input.js';
import type { Dataset } from '../data/dataset.js';
import { assertNotFitting, runningFit } from '../training/fit-lock.js';
import { type PredictArgs, predictOnBatchOutputs, predictOutputs } from '../training/predict.js';
import { modelPersistence } from './persistence.js';
import type { IOHandler, SaveOptions, SaveResult } from '../io/types.js';

/** What `dispose()` returns (TF.js's `DisposeResult`). */
export interface DisposeResult {
  /**
   * Always 0: Neurite does not reference-count models, so dispose frees the model at once
   * (TF.js counts uses as a layer of other models and frees at 0).
   */
  refCountAfterDispose: number;
  /** Weights disposed, plus the optimizer's state tensors when the model owned it. */
  numDisposedVariables: number;
}

/**
 * Options every model takes: its name (default `model`, `model_1`, …) and whether it trains.
 */
export interface ModelArgs {
  name?: string;
  trainable?: boolean;
}

/**
 * A layer made of layers, with Keras's training API: `compile`, `fit`, `evaluate`,
 * `predict`, `trainOnBatch`, `summary`, `save`. Build one with {@link sequential},
 * {@link model}, or by subclassing (layers held in properties are tracked).
 *
 * @example
 * class Net extends nn.Model {
 *   d1 = nn.layers.dense({ units: 8, activation: 'relu' });
 *   d2 = nn.layers.dense({ units: 1 });
 *   override call(x: nn.Tensor): nn.Tensor {
 *     return this.d2.apply(this.d1.apply(x));
 *   }
 * }
 * const net = new Net();
 * net.compile({ optimizer: 'adam', loss: 'mse' });
 * await net.fit(nn.ones([8, 3]), nn.zeros([8, 1]), { epochs: 2, verbose: 0 });
 */
export class Model extends Layer {
  readonly className: string = 'Model';
  /** Set by a callback to stop `fit` after the current batch. */
  stopTraining = false;
  /** What `compile` resolved (optimizer, losses, metrics), or null before compile. */
  compiled: Compiled | null = null;
  #disposed = false;

  constructor(args: ModelArgs = {}) {
    super(args);
  }

  /** The layers of the model, in order. Subclassed models find them in their properties. */
  get layers(): Layer[] {
    const found: Layer[] = [];
    const visit = (v: unknown, depth: number): void => {
      if (v instanceof Layer) {
        if (v !== this && !found.includes(v)) found.push(v);
      } else if (depth < 2 && Array.isArray(v)) {
        for (const e of v) visit(e, depth + 1);
      } else if (
        depth < 2 &&
        v !== null &&
        typeof v === 'object' &&
        Object.getPrototypeOf(v) === Object.prototype
      ) {
        for (const e of Object.values(v)) visit(e, depth + 1);
      }
    };
    for (const v of Object.values(this)) visit(v, 0);
    return found;
  }

  /** A layer by name or position. */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    const l =
      typeof nameOrIndex === 'number'
        ? layers[nameOrIndex]
        : layers.find((x) => x.name === nameOrIndex);
    if (!l) {
      throw new ValueError(
        `${this.className} '${this.name}': no layer ${typeof nameOrIndex === 'number' ? `at index ${nameOrIndex} (it has ${layers.length})` : `named '${nameOrIndex}' (layers: ${layers.map((x) => x.name).join(', ')})`}`,
      );
    }
    return l;
  }

  // Weights are the union of the layers' (shared layers counted once) and the model's own.
  override get trainableWeights(): Variable[] {
    if (!this.trainable) return [];
    return unique([...super.trainableWeights, ...this.layers.flatMap((l) => l.trainableWeights)]);
  }
  override get nonTrainableWeights(): Variable[] {
    const all = unique([...this.ownWeights, ...this.layers.flatMap((l) => l.weights)]);
    const trainable = new Set(this.trainableWeights);
    return all.filter((v) => !trainable.has(v));
  }
  override get trainable(): boolean {
    return super.trainable;
  }
  override set trainable(value: boolean) {
    super.trainable = value;
    for (const l of this.layers) l.trainable = value;
  }
  override get losses(): Tensor[] {
    return [...super.losses, ...this.layers.flatMap((l) => l.losses)];
  }

  /** Subclasses define the forward pass. */
  call(_x: Tensor, _opts: CallOptions): Tensor {
    throw new ValueError(
      `${this.className} '${this.name}': a subclassed model must implement call(x, opts); or build it with nn.sequential or nn.model`,
    );
  }

  /**
   * Builds the weights for inputs of `inputShape` (batch may be null) by running the
   * model once on zeros, as Keras's `build` does for subclassed models.
   */
  override build(inputShape: ShapeSpec): void {
    if (this.built) return;
    const concrete = inputShape.map((d) => d ?? 1);
    tidy(() => {
      this.built = true;
      this.invoke([zeros(concrete)], {});
    });
  }

  /** @internal Sublayers of a subclassed model build themselves on the first call. */
  override buildFrom(_shapes: readonly ShapeSpec[]): void {
    this.built = true;
  }

  override computeOutputShapes(shapes: readonly ShapeSpec[]): ShapeSpec[] {
    // Subclassed models: run once on a batch of 1 to learn the output shape.
    let result: ShapeSpec[] = [];
    tidy(() => {
      const outs = this.invoke(
        shapes.map((s) => zeros(s.map((d) => d ?? 1))),
        {},
      );
      result = outs.map((o) => withNullBatch(o.shape));
    });
    return result;
  }

  /** Names of the model's outputs (output layer names), one per output. */
  get outputNames(): string[] {
    return [this.name];
  }

  /** Whether a `fit` of this model is running (a second one is refused meanwhile). */
  get isTraining(): boolean {
    return runningFit(this) !== undefined;
  }

  /** Whether `dispose()` was called (directly, or on a model holding this one). */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  /** @internal Throws a DisposedError naming `where` once the model is disposed. */
  assertNotDisposed(where: string): void {
    if (this.#disposed) {
      throw new DisposedError(
        `${where}: model '${this.name}' was disposed (model.dispose() freed its weights), so it cannot be used any more; build or load the model again`,
      );
    }
  }

  /**
   * Frees the model's weights (every layer's, nested models' included) and, when compile
   * created the optimizer from an id or a config, the optimizer's state; an Optimizer object
   * passed to compile is left alone because it may be shared, as TF.js does. Afterwards
   * every use of the model (predict, fit, evaluate, …) throws a DisposedError. Layers
   * shared with other models lose their weights too: there is no reference counting.
   */
  dispose(): DisposeResult {
    this.assertNotDisposed('dispose');
    assertNotFitting(
      this,
      'dispose',
      'stop it (model.stopTraining = true) and await it before disposing the model',
    );
    let numDisposedVariables = 0;
    for (const v of unique(this.weights)) {
      if (v.isDisposed) continue; // already freed through a model sharing the layer
      v.dispose();
      numDisposedVariables++;
    }
    if (this.compiled?.ownsOptimizer) {
      // Counted as TF.js counts it: the tensors the optimizer held (its slots).
      const before = memory().numTensors;
      this.compiled.optimizer.dispose();
      numDisposedVariables += before - memory().numTensors;
    }
    this.#markDisposed();
    return { refCountAfterDispose: 0, numDisposedVariables };
  }

  #markDisposed(): void {
    this.#disposed = true;
    for (const l of this.layers) if (l instanceof Model && !l.#disposed) l.#markDisposed();
  }

  /** @internal Refuses a disposed model before any op meets its freed weights. */
  override applyEager(ts: readonly Tensor[], opts: CallOptions): Tensor[] {
    this.assertNotDisposed(`${this.className} '${this.name}'`);
    return super.applyEager(ts, opts);
  }

  override getWeights(): Tensor[] {
    this.assertNotDisposed('getWeights');
    return super.getWeights();
  }

  override setWeights(weights: readonly Tensor[]): void {
    this.assertNotDisposed('setWeights');
    super.setWeights(weights);
  }

  /** The optimizer set by compile. */
  get optimizer(): Optimizer | null {
    return this.compiled?.optimizer ?? null;
  }

  /**
   * Configures training: the optimizer, the loss (one per output, or one for all) and the
   * metrics, each a string id or an object.
   *
   * @example
   * model.compile({optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']});
   */
  compile(args: CompileArgs): void {
    this.assertNotDisposed('compile');
    assertNotFitting(
      this,
      'compile',
      'recompiling would swap the optimizer and metrics under it; compile before fit or after it resolves',
    );
    this.compiled = compileArgs(args, this.outputNames);
  }

  /**
   * Trains for `epochs` passes over (x, y); resolves to the History of every epoch's logs.
   * As in Keras 3, `x` may instead be a dataset of batches (`nn.data`), an async or sync
   * iterable, or a generator function, whose elements are `{xs, ys}` or `[x, y]`; `y` is
   * then omitted, and `stepsPerEpoch` bounds an epoch (one full pass without it).
   *
   * @example
   * await model.fit(xTrain, yTrain, { epochs: 5, batchSize: 32, validationSplit: 0.1 });
   * await model.fit(nn.data.zip({ xs, ys }).shuffle(1000).batch(32), undefined, { epochs: 5 });
   */
  fit(x: TensorOrList, y: TensorOrList, args?: FitArgs): Promise<History>;
  fit<E extends TrainingBatch>(
    x: BatchSource<E>,
    y?: undefined,
    args?: FitIterableArgs,
  ): Promise<History>;
  fit(
    x: TensorOrList | BatchSource<TrainingBatch>,
    y?: TensorOrList,
    args?: FitArgs | FitIterableArgs,
  ): Promise<History> {
    return fitImpl(this, x, y, args);
  }

  /**
   * Trains on a dataset whose elements are batches, `{xs, ys}` or `[x, y]` (TF.js's
   * `fitDataset`, with Keras 3 semantics). Each epoch is one pass over the dataset, or
   * `batchesPerEpoch` batches from an iterator that runs on through the epochs. Each batch
   * is disposed after its step, so the dataset's elements are handed over to training.
   *
   * @example
   * const ds = nn.data.zip({ xs: nn.data.array(xRows), ys: nn.data.array(labels) }).batch(32);
   * const history = await model.fitDataset(ds, { epochs: 10, validationData: valDs });
   */
  fitDataset<E extends TrainingBatch>(
    dataset: Dataset<E>,
    args?: FitDatasetArgs,
  ): Promise<History> {
    return fitDatasetImpl(this, dataset, args);
  }

  /**
   * Loss and metrics on (x, y) in inference mode, keyed by name. As in Keras 3, `x` may be
   * a dataset of `{xs, ys}` batches or an iterable instead, with `y` omitted.
   *
   * @example
   * const { loss, accuracy } = await model.evaluate(xTest, yTest, { verbose: 0 });
   */
  evaluate(x: TensorOrList, y: TensorOrList, args?: EvaluateArgs): Promise<Logs>;
  evaluate<E extends TrainingBatch>(
    x: BatchSource<E>,
    y?: undefined,
    args?: EvaluateIterableArgs,
  ): Promise<Logs>;
  evaluate(
    x: TensorOrList | BatchSource<TrainingBatch>,
    y?: TensorOrList,
    args?: EvaluateArgs | EvaluateIterableArgs,
  ): Promise<Logs> {
    return evaluateImpl(this, x, y, args);
  }

  /**
   * Loss and metrics over a dataset of `{xs, ys}` batches (TF.js's `evaluateDataset`; the
   * result is keyed by name, as `evaluate`'s): all of one pass, or the first `batches`.
   *
   * @example
   * const { loss } = await model.evaluateDataset(testDs, { verbose: 0 });
   */
  evaluateDataset<E extends TrainingBatch>(
    dataset: Dataset<E>,
    args?: EvaluateDatasetArgs,
  ): Promise<Logs> {
    return evaluateDatasetImpl(this, dataset, args);
  }

  /**
   * Saves the model in the TensorFlow.js layers format: to a folder (`model.json` + weight
   * shards, replaced atomically) or through an IOHandler. With `includeOptimizer` (default
   * true) the training config and optimizer state are saved too. Subclassed models cannot
   * be saved whole: use `saveWeights`.
   */
  async save(destination: string | IOHandler, options: SaveOptions = {}): Promise<SaveResult> {
    this.assertNotDisposed('save');
    return modelPersistence('save').saveModel(this, destination, options);
  }

  /** Saves only the weights (any model, subclassed ones included). */
  async saveWeights(destination: string | IOHandler): Promise<SaveResult> {
    this.assertNotDisposed('saveWeights');
    return modelPersistence('saveWeights').saveWeights(this, destination);
  }

  /** Loads weights saved by `saveWeights` or `save`; a failed load changes nothing. */
  async loadWeights(source: string | IOHandler, options: { strict?: boolean } = {}): Promise<void> {
    this.assertNotDisposed('loadWeights');
    return modelPersistence('loadWeights').loadWeights(this, source, options);
  }

  /** One optimisation step on one batch; returns the batch's loss and metrics. */
  trainOnBatch(x: TensorOrList, y: TensorOrList, args?: TrainOnBatchArgs): Logs {
    return trainOnBatchImpl(this, x, y, args);
  }

  /** Loss and metrics of one batch, without training. */
  testOnBatch(x: TensorOrList, y: TensorOrList, args?: { sampleWeight?: Tensor }): Logs {
    return testOnBatchImpl(this, x, y, args);
  }

  /**
   * Runs the model on `x` (a Tensor, or one per input) in batches, in inference mode, and
   * concatenates the outputs; zero rows give an empty [0, …] output. `verbose: 1` shows a
   * progress bar. Plain JS arrays are refused (as in TF.js): wrap them in `nn.tensor`.
   * A model with several outputs returns an array of tensors, one per output.
   */
  predict(x: TensorOrList, args?: PredictArgs): Tensor {
    return single(predictOutputs(this, x, args));
  }

  /** Runs one batch in inference mode. */
  predictOnBatch(x: TensorOrList): Tensor {
    return single(predictOnBatchOutputs(this, x));
  }

  /**
   * Prints a Keras-style table: each layer's name and type, output shape and parameter
   * count, then total / trainable / non-trainable parameters.
   */
  summary(printFn: (line: string) => void = (l) => console.log(l), lineLength?: number): void {
    for (const line of summaryTable(this, lineLength)) printFn(line);
  }

  /** @internal Rows for summary(): subclasses with a graph override it. */
  summaryRows(): { layer: Layer; outputShape: string; connectedTo?: string[] }[] {
    return this.layers.map((l) => ({ layer: l, outputShape: describeOutputShape(l) }));
  }
}

export function describeOutputShape(l: Layer): string {
  try {
    const s = l.outputShape;
    const fmt = (x: ShapeSpec): string => {
      const parts = x.map((d) => (d === null ? 'None' : String(d)));
      return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
    };
    return Array.isArray(s[0]) ? (s as ShapeSpec[]).map(fmt).join(', ') : fmt(s as ShapeSpec);
  } catch {
    return '?';
  }
}

/**
 * One output as a Tensor; several stay an array, as `Layer.apply` returns them. The declared
 * type stays `Tensor` because most models have one output and callers chain on it (TF.js
 * declares `Tensor | Tensor[]` and makes every caller cast).
 */
function single(outs: Tensor[]): Tensor {
  return outs.length === 1 ? outs[0]! : (outs as unknown as Tensor);
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

// The default name ('model', 'model_1') survives minification.
nameClass(Model, 'Model');
