/** History: what `fit` returns, one value per epoch for each log key. */
import { Callback } from './callback.js';

export class History extends Callback {
  /** Epoch indices (0-based) in the order they ran. */
  epoch: number[] = [];
  /** `loss`, each metric, and their `val_` twins, one value per epoch. */
  history: Record<string, number[]> = {};

  override onTrainBegin(): void {
    // Keras keeps appending when fit is called again on the same History.
  }

  override onEpochEnd(epoch: number, logs: Readonly<Record<string, number>> = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}
