/** The weighted running mean (Keras `Mean`), and the accumulator other mean metrics share. */
import type { TensorLike } from '../ops/core.js';
import {
  broadcastHost,
  type HostArray,
  meanTrailing,
  squeezeOrExpandShapes,
  sumHost,
  toHost,
} from './host-array.js';
import { checkName, type MetricArgs, type MetricConfig, type StatefulMetric } from './metric.js';

/**
 * `total` (Σ weight·value) and `count` (Σ weight) in float64, updated as Keras's
 * `Mean.update_state` with `reduce_to_samplewise_values`: values are first averaged down to
 * one per sample (or to the weights' rank), then weighted.
 * @example
 * const s = new nn.metrics.MeanState();
 * s.add({ data: new Float64Array([1, 2, 3]), shape: [3] }, undefined, 'example');
 * s.mean(); // 2
 */
export class MeanState {
  total = 0;
  count = 0;

  add(values: HostArray, weights: HostArray | undefined, where: string): void {
    let v = values;
    let w = weights;
    if (w) {
      const [vs, ws] = squeezeOrExpandShapes(v.shape, w.shape);
      v = { data: v.data, shape: vs };
      w = { data: w.data, shape: ws };
      if (v.shape.length > w.shape.length) v = meanTrailing(v, w.shape.length);
      w = broadcastHost(w, v.shape, where);
      const prod = new Float64Array(v.data.length);
      for (let i = 0; i < prod.length; i++) prod[i] = v.data[i]! * w.data[i]!;
      v = { data: prod, shape: v.shape };
      if (w.shape.length > 1) w = meanTrailing(w, 1);
    }
    if (v.shape.length > 1) v = meanTrailing(v, 1);
    this.total += sumHost(v);
    this.count += w ? sumHost(w) : v.shape.length >= 1 ? v.shape[0]! : 1;
  }

  /** total / count, 0 when nothing was counted. */
  mean(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}

/**
 * Options of {@link metrics.mean}: a name (default `'mean'`).
 */
export type MeanArgs = MetricArgs;

/**
 * The weighted mean of the values passed to `updateState`, over every update since the
 * last reset. fit tracks the loss with it, weighted by batch size:
 * `lossTracker.updateState(loss, batchSize)`.
 *
 * @example
 * const m = nn.metrics.mean();
 * m.updateState([1, 3, 5, 7]);
 * m.result(); // 4
 * m.updateState(10, 4); // a batch mean of 10 over 4 samples
 * m.result(); // (16 + 40) / 8 = 7
 */
export class Mean implements StatefulMetric {
  readonly className = 'Mean';
  readonly direction = 'down';
  name: string;
  readonly #state = new MeanState();

  constructor({ name = 'mean' }: MeanArgs = {}) {
    this.name = checkName(name, 'mean');
  }

  /** Adds values (any shape) with optional weights (a number, or per sample). */
  updateState(values: TensorLike, sampleWeight?: TensorLike): void {
    const v = toHost(values, 'values', this.name);
    const w =
      sampleWeight === undefined ? undefined : toHost(sampleWeight, 'sampleWeight', this.name);
    this.#state.add(v, w, this.name);
  }

  result(): number {
    return this.#state.mean();
  }

  resetState(): void {
    this.#state.reset();
  }

  getConfig(): MetricConfig {
    return { name: this.name };
  }
}

/** A new `Mean` metric. */
export const mean = (args: MeanArgs = {}): Mean => new Mean(args);
