/**
 * The metric base: a stateful object that accumulates over batches (`updateState`),
 * reports (`result`) and starts over (`resetState`), as Keras's `Metric`.
 *
 * State lives in plain JS float64 numbers: an update reads its batch values once
 * (`dataSync`) and keeps no tensors, so metrics never leak memory or join a gradient tape.
 */
import type { TensorLike } from '../ops/core.js';
import { ValueError } from '../errors.js';

/** A metric's serializable settings, keyed in camelCase. */
export type MetricConfig = Record<string, string | number | boolean | null | readonly number[]>;

/** Options every metric factory takes. */
export interface MetricArgs {
  /** The name under which fit logs it. Default: Keras's name, e.g. `'binary_accuracy'`. */
  name?: string;
}

/** What fit, evaluate and callbacks need from any metric (`Mean` included). */
export interface StatefulMetric {
  name: string;
  readonly className: string;
  /** `'up'` when larger is better (accuracy), `'down'` when smaller is (errors). */
  readonly direction: 'up' | 'down';
  result(): number;
  resetState(): void;
  getConfig(): MetricConfig;
}

/** Checks a metric name. */
export function checkName(name: string, where: string): string {
  if (typeof name !== 'string' || name === '') {
    throw new ValueError(
      `${where}: name must be a non-empty string, received ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/**
 * A metric of labels and predictions. Subclasses implement `updateState`, `result` and
 * `resetState`; `getConfig` lists what rebuilds them through their factory.
 * @example
 * const m: nn.metrics.Metric = nn.metrics.binaryAccuracy();
 * m.updateState([[1], [0]], [[0.9], [0.2]]);
 * m.updateState([[1]], [[0.1]]);
 * m.result(); // 0.6666667 (2 right of 3)
 * m.resetState();
 */
export abstract class Metric implements StatefulMetric {
  /** Log name; compile sets it to the id the user wrote (`'acc'` stays `'acc'`). */
  name: string;
  abstract readonly className: string;
  readonly direction: 'up' | 'down';

  constructor(name: string, direction: 'up' | 'down') {
    this.name = checkName(name, 'metric');
    this.direction = direction;
  }

  /** Accumulates one batch. `sampleWeight` weighs samples as Keras does (default 1 each). */
  abstract updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void;

  /** The value over everything accumulated since the last reset (0 before any update). */
  abstract result(): number;

  abstract resetState(): void;

  getConfig(): MetricConfig {
    return { name: this.name };
  }

  /** Keras's `metric(yTrue, yPred)`: update with one batch, then read the result. */
  call(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): number {
    this.updateState(yTrue, yPred, sampleWeight);
    return this.result();
  }
}
