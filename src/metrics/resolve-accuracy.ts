/**
 * The `'accuracy'` / `'acc'` id: binary, sparse categorical or categorical accuracy picked
 * from the label and prediction shapes, as Keras's compile does
 * (`keras/src/trainers/compile_utils.py`, `get_metric`).
 */
import type { TensorLike } from '../ops/core.js';
import type { Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { BinaryAccuracy } from './binary-accuracy.js';
import { CategoricalAccuracy } from './categorical-accuracy.js';
import { toHost } from './host-array.js';
import { Metric, type MetricConfig } from './metric.js';
import { SparseCategoricalAccuracy } from './sparse-categorical-accuracy.js';

/**
 * Keras's rule: ŷ's last axis is 1 → binary; y has lower rank than ŷ, or y's last axis is 1
 * while ŷ's is larger → sparse categorical; otherwise categorical. The metric is named
 * `name` (the id the user wrote).
 * @example
 * nn.metrics.resolveAccuracy('accuracy', [32, 1], [32, 1]).className; // 'BinaryAccuracy'
 * nn.metrics.resolveAccuracy('accuracy', [32], [32, 10]).className; // 'SparseCategoricalAccuracy'
 * nn.metrics.resolveAccuracy('accuracy', [32, 10], [32, 10]).className; // 'CategoricalAccuracy'
 */
export function resolveAccuracy(name: string, yTrueShape: Shape, yPredShape: Shape): Metric {
  const pLast = yPredShape[yPredShape.length - 1];
  const tLast = yTrueShape[yTrueShape.length - 1];
  if (pLast === 1) return new BinaryAccuracy({ name });
  const sparse =
    yTrueShape.length < yPredShape.length || (tLast === 1 && pLast !== undefined && pLast > 1);
  return sparse ? new SparseCategoricalAccuracy({ name }) : new CategoricalAccuracy({ name });
}

function shapeOf(x: TensorLike): Shape {
  return x instanceof Tensor ? x.shape : toHost(x, 'y', 'accuracy').shape;
}

/**
 * `'accuracy'` before the shapes are known: it becomes the accuracy Keras would pick on its
 * first update and keeps that choice (a reset clears the counts, not the choice).
 * @example
 * const acc = new nn.metrics.AutoAccuracy();
 * acc.updateState([1, 0], [[0.2, 0.8], [0.9, 0.1]]);
 * acc.resolved?.className; // 'SparseCategoricalAccuracy'
 * acc.result(); // 1: both arg-maxes match their labels
 */
export class AutoAccuracy extends Metric {
  readonly className = 'AutoAccuracy';
  #resolved: Metric | undefined;

  constructor(name = 'accuracy') {
    super(name, 'up');
  }

  /** The metric chosen on the first update (undefined before it). */
  get resolved(): Metric | undefined {
    return this.#resolved;
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    this.#resolved ??= resolveAccuracy(this.name, shapeOf(yTrue), shapeOf(yPred));
    this.#resolved.name = this.name;
    this.#resolved.updateState(yTrue, yPred, sampleWeight);
  }

  override result(): number {
    return this.#resolved ? this.#resolved.result() : 0;
  }

  override resetState(): void {
    this.#resolved?.resetState();
  }

  override getConfig(): MetricConfig {
    return { name: this.name };
  }
}
