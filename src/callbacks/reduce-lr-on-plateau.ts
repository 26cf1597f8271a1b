/** ReduceLROnPlateau: multiplies the learning rate by `factor` when a value stops improving. */
import { ValueError } from '../errors.js';
import { Callback, type Logs } from './callback.js';
import { improved, type MonitorMode, readMonitor, resolveMode } from './monitor.js';

/**
 * Options of {@link callbacks.reduceLROnPlateau} (Keras `ReduceLROnPlateau`'s arguments in camelCase).
 */
export interface ReduceLROnPlateauArgs {
  /** Default 'val_loss'. */
  monitor?: string;
  /** New lr = lr · factor. Default 0.1 (must be < 1). */
  factor?: number;
  /** Epochs without improvement before reducing. Default 10. */
  patience?: number;
  /** Default 'auto'. */
  mode?: MonitorMode;
  /** Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction. Default 0. */
  cooldown?: number;
  /** Lower bound of the learning rate. Default 0. */
  minLr?: number;
  verbose?: 0 | 1;
}

/**
 * The callback behind {@link callbacks.reduceLROnPlateau}.
 *
 * @example
 * const cb = new nn.callbacks.ReduceLROnPlateau({ monitor: 'loss', factor: 0.5 });
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: 0 | 1;
  readonly #mode: 'min' | 'max';
  best = Infinity;
  wait = 0;
  cooldownCounter = 0;
  readonly #warned = new Set<string>();

  constructor(args: ReduceLROnPlateauArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.factor = args.factor ?? 0.1;
    if (!(this.factor < 1 && this.factor >= 0))
      throw new ValueError(`reduceLROnPlateau: factor must be in [0, 1), received ${this.factor}`);
    this.patience = args.patience ?? 10;
    this.minDelta = args.minDelta ?? 1e-4;
    this.cooldown = args.cooldown ?? 0;
    this.minLr = args.minLr ?? 0;
    this.verbose = args.verbose ?? 0;
    this.#mode = resolveMode(args.mode ?? 'auto', this.monitor, 'reduceLROnPlateau');
  }

  override onTrainBegin(): void {
    this.best = this.#mode === 'min' ? Infinity : -Infinity;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const opt = this.requireModel('reduceLROnPlateau').optimizer;
    if (!opt) return;
    if (logs) logs.learning_rate = opt.learningRate;
    const value = readMonitor(logs, this.monitor, 'reduceLROnPlateau', this.#warned);
    if (value === null) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    if (improved(value, this.best, this.#mode, this.minDelta)) {
      this.best = value;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait++;
      if (this.wait >= this.patience) {
        const old = opt.learningRate;
        if (old > this.minLr) {
          const lr = Math.max(old * this.factor, this.minLr);
          opt.learningRate = lr;
          if (this.verbose)
            console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${lr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}
