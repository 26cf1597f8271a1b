/** A metric that averages a per-sample function over batches (Keras `MeanMetricWrapper`). */
import { tidy } from '../engine/tidy.js';
import { convert, type TensorLike } from '../ops/core.js';
import type { Tensor } from '../tensor/tensor.js';
import { type HostArray, tensorToHost, toHost } from './host-array.js';
import { MeanState } from './mean.js';
import { Metric, type MetricArgs } from './metric.js';

/** Per-sample metric values of a batch, e.g. 1/0 for right/wrong predictions. */
export type MetricFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * Options of `new MeanMetricWrapper(fn, args)`: a name and which direction is better.
 */
export interface MeanMetricWrapperArgs extends MetricArgs {
  /** `'up'` if larger values are better. Default `'down'` (an error or a loss). */
  direction?: 'up' | 'down';
}

/**
 * Averages `fn(yTrue, yPred)` over every sample seen since the last reset, weighted by
 * `sampleWeight` as Keras does. `fn` gets the inputs as given (labels keep their dtype).
 * @example
 * const absError = new nn.metrics.MeanMetricWrapper((y, yHat) => nn.mean(nn.abs(nn.sub(y, yHat)), -1), {
 *   name: 'abs_error',
 * });
 * absError.call([[1, 2]], [[2, 2]]); // 0.5
 */
export class MeanMetricWrapper extends Metric {
  readonly className: string = 'MeanMetricWrapper';
  readonly #fn: MetricFunction;
  readonly #state = new MeanState();

  constructor(fn: MetricFunction, { name, direction = 'down' }: MeanMetricWrapperArgs = {}) {
    super(name ?? (fn.name || 'mean_metric_wrapper'), direction);
    this.#fn = fn;
  }

  /**
   * The per-sample values computed from the inputs' data on the host, or null to run the
   * metric function on tensors. Subclasses whose function is cheap to mirror (accuracies)
   * override it to read each input once instead of running several ops; the values must be
   * exactly those of the function.
   */
  protected hostValues(_yTrue: Tensor, _yPred: Tensor): HostArray | null {
    return null;
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    let values: HostArray | undefined;
    tidy(() => {
      const t = convert(yTrue, 'yTrue', this.name);
      const p = convert(yPred, 'yPred', this.name);
      values = this.hostValues(t, p) ?? tensorToHost(this.#fn(t, p));
    });
    const w =
      sampleWeight === undefined ? undefined : toHost(sampleWeight, 'sampleWeight', this.name);
    this.#state.add(values!, w, this.name);
  }

  override result(): number {
    return this.#state.mean();
  }

  override resetState(): void {
    this.#state.reset();
  }
}

/**
 * A metric from a per-sample function, averaged over batches.
 *
 * @example
 * const within = nn.metrics.meanMetricWrapper(
 *   (y, p) => nn.cast(nn.less(nn.abs(nn.sub(y, p)), 0.1), 'float32'),
 *   { name: 'within_0_1', direction: 'up' },
 * );
 */
export const meanMetricWrapper = (
  fn: MetricFunction,
  args: MeanMetricWrapperArgs = {},
): MeanMetricWrapper => new MeanMetricWrapper(fn, args);
