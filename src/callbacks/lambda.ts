/** LambdaCallback: a callback from plain functions. */
import { Callback, type Logs } from './callback.js';

/**
 * Options of {@link callbacks.lambda}: the hooks to call, each optional.
 */
export interface LambdaCallbackArgs {
  onTrainBegin?: (logs?: Logs) => void | Promise<void>;
  onTrainEnd?: (logs?: Logs) => void | Promise<void>;
  onEpochBegin?: (epoch: number, logs?: Logs) => void | Promise<void>;
  onEpochEnd?: (epoch: number, logs?: Logs) => void | Promise<void>;
  onBatchBegin?: (batch: number, logs?: Logs) => void | Promise<void>;
  onBatchEnd?: (batch: number, logs?: Logs) => void | Promise<void>;
}

/**
 * The callback behind {@link callbacks.lambda}.
 *
 * @example
 * const cb = new nn.callbacks.LambdaCallback({ onTrainEnd: () => console.log('done') });
 */
export class LambdaCallback extends Callback {
  constructor(readonly fns: LambdaCallbackArgs) {
    super();
  }
  override onTrainBegin(logs?: Logs): void | Promise<void> {
    return this.fns.onTrainBegin?.(logs);
  }
  override onTrainEnd(logs?: Logs): void | Promise<void> {
    return this.fns.onTrainEnd?.(logs);
  }
  override onEpochBegin(epoch: number, logs?: Logs): void | Promise<void> {
    return this.fns.onEpochBegin?.(epoch, logs);
  }
  override onEpochEnd(epoch: number, logs?: Logs): void | Promise<void> {
    return this.fns.onEpochEnd?.(epoch, logs);
  }
  override onBatchBegin(batch: number, logs?: Logs): void | Promise<void> {
    return this.fns.onBatchBegin?.(batch, logs);
  }
  override onBatchEnd(batch: number, logs?: Logs): void | Promise<void> {
    return this.fns.onBatchEnd?.(batch, logs);
  }
}
