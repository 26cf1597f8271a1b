/**
 * Callbacks: hooks fit calls around epochs and batches. Subclass `Callback` and override
 * what you need; hooks may be async. `this.model` is the model being trained.
 */
import type { Model } from '../models/model.js';

/**
 * The numbers of one batch or epoch, by name: `loss`, each metric, and `val_` twins.
 */
export type Logs = Record<string, number>;

/** What fit tells callbacks about the run. */
export interface TrainingParams {
  epochs: number;
  /** Batches per epoch, or null when unknown (a dataset of unknown size, as Keras's None). */
  steps: number | null;
  /** Training samples, or null when fit runs on a dataset. */
  samples: number | null;
  /** Rows per batch, or null when fit runs on a dataset (which batches itself). */
  batchSize: number | null;
  verbose: number;
  doValidation: boolean;
  metrics: string[];
}

/**
 * The base class of callbacks: `fit` calls `onTrainBegin`, `onEpochBegin`, `onBatchBegin`,
 * `onBatchEnd`, `onEpochEnd`, `onTrainEnd` (and `onTestBegin`/`onTestEnd` in `evaluate`),
 * each with the logs so far, awaiting async hooks. `this.model` is the model being trained.
 *
 * @example
 * class StopAtLoss extends nn.Callback {
 *   override onEpochEnd(epoch: number, logs?: nn.callbacks.Logs): void {
 *     if ((logs?.loss ?? Infinity) < 0.01 && this.model) this.model.stopTraining = true;
 *   }
 * }
 * // await model.fit(x, y, { epochs: 100, callbacks: [new StopAtLoss()] });
 */
export abstract class Callback {
  model: Model | null = null;
  params: TrainingParams | null = null;

  setModel(model: Model): void {
    this.model = model;
  }
  setParams(params: TrainingParams): void {
    this.params = params;
  }

  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTestBegin(_logs?: Logs): void | Promise<void> {}
  onTestEnd(_logs?: Logs): void | Promise<void> {}

  /** The model, or a clear error when used outside fit. */
  protected requireModel(where: string): Model {
    if (!this.model)
      throw new Error(
        `${where}: the callback is not attached to a model (use it in fit's callbacks)`,
      );
    return this.model;
  }
}

/**
 * Runs a list of callbacks in order, awaiting async hooks.
 * @example
 * const list = new nn.callbacks.CallbackList([nn.callbacks.terminateOnNaN()]);
 * await list.call('onTrainBegin', {});
 */
export class CallbackList {
  constructor(readonly callbacks: readonly Callback[]) {}

  async call(
    hook: 'onTrainBegin' | 'onTrainEnd' | 'onTestBegin' | 'onTestEnd',
    logs: Logs,
  ): Promise<void>;
  async call(
    hook: 'onEpochBegin' | 'onEpochEnd' | 'onBatchBegin' | 'onBatchEnd',
    index: number,
    logs: Logs,
  ): Promise<void>;
  async call(hook: keyof Callback, a: number | Logs, b?: Logs): Promise<void> {
    for (const c of this.callbacks) {
      const r =
        typeof a === 'number'
          ? (c[hook] as (i: number, l?: Logs) => void | Promise<void>).call(c, a, b)
          : (c[hook] as (l?: Logs) => void | Promise<void>).call(c, a);
      if (r instanceof Promise) await r;
    }
  }
}
