/** TerminateOnNaN: stops training at the first batch whose loss is NaN or infinite. */
import { Callback, type Logs } from './callback.js';

/**
 * The callback behind {@link callbacks.terminateOnNaN}; `stoppedAt` records where it stopped.
 *
 * @example
 * const cb = new nn.callbacks.TerminateOnNaN();
 */
export class TerminateOnNaN extends Callback {
  /** Where training stopped: `{epoch, batch}` (0-based), or null. */
  stoppedAt: { epoch: number; batch: number } | null = null;
  #epoch = 0;

  override onEpochBegin(epoch: number): void {
    this.#epoch = epoch;
  }

  override onBatchEnd(batch: number, logs?: Logs): void {
    const loss = logs?.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      this.stoppedAt = { epoch: this.#epoch, batch };
      console.log(
        `Batch ${batch}: Invalid loss (${loss}) in epoch ${this.#epoch + 1}, terminating training`,
      );
      this.requireModel('terminateOnNaN').stopTraining = true;
    }
  }
}
