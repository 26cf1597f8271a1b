/** History: what `fit` returns, one value per epoch for each log key. */
import { Callback } from './callback.js';

/**
 * What `fit` returns: `epoch` (0-based indices) and `history`, one array per log key
 * (`loss`, each metric, and `val_` twins), one value per epoch.
 *
 * @example
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * const h = await model.fit(nn.tensor([[1], [2]]), nn.tensor([[2], [4]]), { epochs: 3, verbose: 0 });
 * h.epoch; // [0, 1, 2]
 * h.history.loss?.length; // 3
 */
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
