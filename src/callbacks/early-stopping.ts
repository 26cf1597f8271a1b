/** EarlyStopping: stops training when a monitored value stops improving. */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { dispose } from '../engine/tidy.js';
import { Callback, type Logs } from './callback.js';
import { improved, type MonitorMode, readMonitor, resolveMode } from './monitor.js';

/**
 * Options of {@link callbacks.earlyStopping} (Keras `EarlyStopping`'s arguments in camelCase).
 */
export interface EarlyStoppingArgs {
  /** Default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** Default 'auto'. */
  mode?: MonitorMode;
  /** Stop unless the value beats this within `patience` epochs. */
  baseline?: number | null;
  /** On stop (or at the end), restore the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching. Default 0. */
  startFromEpoch?: number;
}

/**
 * The callback behind {@link callbacks.earlyStopping} (TF.js exports the class as `tf.EarlyStopping`).
 *
 * @example
 * const stop = new nn.callbacks.EarlyStopping({ monitor: 'val_accuracy', patience: 5 });
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  readonly #mode: 'min' | 'max';
  /** Epoch (0-based) at which training was stopped, or 0 if it was not. */
  stoppedEpoch = 0;
  bestEpoch = 0;
  best = Infinity;
  wait = 0;
  #bestWeights: Tensor[] | null = null;
  readonly #warned = new Set<string>();

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0)
      throw new ValueError(
        `earlyStopping: patience must be a non-negative integer, received ${this.patience}`,
      );
    this.baseline = args.baseline ?? null;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.startFromEpoch = args.startFromEpoch ?? 0;
    this.#mode = resolveMode(args.mode ?? 'auto', this.monitor, 'earlyStopping');
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.#mode === 'min' ? Infinity : -Infinity;
    this.bestEpoch = 0;
    this.#dropBest();
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const value = readMonitor(logs, this.monitor, 'earlyStopping', this.#warned);
    if (value === null || epoch < this.startFromEpoch) return;
    const model = this.requireModel('earlyStopping');
    if (this.restoreBestWeights && this.#bestWeights === null) this.#keep(model.getWeights());
    this.wait++;
    if (improved(value, this.best, this.#mode, this.minDelta)) {
      this.best = value;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.#keep(model.getWeights());
      if (this.baseline === null || improved(value, this.baseline, this.#mode, 0)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.params && this.params.verbose > 0) {
      console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    }
    if (this.restoreBestWeights && this.#bestWeights && this.model) {
      this.model.setWeights(this.#bestWeights);
      if (this.params && this.params.verbose > 0)
        console.log(
          `Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`,
        );
    }
    this.#dropBest();
  }

  #keep(ws: Tensor[]): void {
    this.#dropBest();
    this.#bestWeights = ws;
  }
  #dropBest(): void {
    if (this.#bestWeights) dispose(this.#bestWeights);
    this.#bestWeights = null;
  }
}
