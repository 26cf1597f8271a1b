/**
 * ModelCheckpoint: saves the model (or its weights) at the end of each epoch, or only when
 * the monitored value improves. `filepath` may contain `{epoch}` and log keys, e.g.
 * `ckpt-{epoch}-{val_loss}`. With `filepath: null` the best weights are kept in memory
 * (`checkpoint.bestWeights`).
 */
import { ValueError } from '../errors.js';
import { dispose } from '../engine/tidy.js';
import type { Tensor } from '../tensor/tensor.js';
import { Callback, type Logs } from './callback.js';
import { improved, type MonitorMode, readMonitor, resolveMode } from './monitor.js';

/**
 * Options of {@link callbacks.modelCheckpoint} (Keras `ModelCheckpoint`'s arguments in camelCase).
 */
export interface ModelCheckpointArgs {
  /** Where to save; null keeps the weights in memory. */
  filepath: string | null;
  /** Default 'val_loss'. */
  monitor?: string;
  /** Save only when the monitored value improves. Default false. */
  saveBestOnly?: boolean;
  /** Save only the weights (saveWeights) instead of the whole model. Default false. */
  saveWeightsOnly?: boolean;
  mode?: MonitorMode;
  verbose?: 0 | 1;
}

/** What a model needs for file checkpoints (provided by the saving module). */
interface Savable {
  save(path: string): Promise<unknown>;
  saveWeights(path: string): Promise<unknown>;
}

function isSavable(m: object): m is Savable {
  return (
    typeof (m as Partial<Savable>).save === 'function' &&
    typeof (m as Partial<Savable>).saveWeights === 'function'
  );
}

/**
 * The callback behind {@link callbacks.modelCheckpoint}.
 *
 * @example
 * const keepBest = new nn.callbacks.ModelCheckpoint({ filepath: null, saveBestOnly: true });
 * // after fit: keepBest.bestWeights holds the best epoch's weights
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: string | null;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly verbose: 0 | 1;
  readonly #mode: 'min' | 'max';
  best: number;
  /** With `filepath: null`: the weights of the last saved epoch. */
  bestWeights: Tensor[] | null = null;
  /** Paths written, in order. */
  readonly saved: string[] = [];
  readonly #warned = new Set<string>();

  constructor(args: ModelCheckpointArgs) {
    super();
    if (
      !args ||
      (args.filepath !== null && (typeof args.filepath !== 'string' || args.filepath === ''))
    ) {
      throw new ValueError(
        'modelCheckpoint: filepath must be a path (or null to keep weights in memory)',
      );
    }
    this.filepath = args.filepath;
    this.monitor = args.monitor ?? 'val_loss';
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.saveWeightsOnly = args.saveWeightsOnly ?? false;
    this.verbose = args.verbose ?? 0;
    this.#mode = resolveMode(args.mode ?? 'auto', this.monitor, 'modelCheckpoint');
    this.best = this.#mode === 'min' ? Infinity : -Infinity;
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (this.saveBestOnly) {
      const value = readMonitor(logs, this.monitor, 'modelCheckpoint', this.#warned);
      if (value === null || !improved(value, this.best, this.#mode, 0)) return;
      if (this.verbose)
        console.log(
          `Epoch ${epoch + 1}: ${this.monitor} improved from ${this.best} to ${value}, saving model`,
        );
      this.best = value;
    }
    const model = this.requireModel('modelCheckpoint');
    if (this.filepath === null) {
      if (this.bestWeights) dispose(this.bestWeights);
      this.bestWeights = model.getWeights();
      return;
    }
    const path = this.filepath.replace(/\{(\w+)(?::[^}]*)?\}/g, (_m, key: string) =>
      key === 'epoch'
        ? String(epoch + 1).padStart(2, '0')
        : logs[key] === undefined
          ? `{${key}}`
          : logs[key].toFixed(4),
    );
    if (!isSavable(model))
      throw new ValueError('modelCheckpoint: this model cannot be saved to files yet');
    if (this.saveWeightsOnly) await model.saveWeights(path);
    else await model.save(path);
    this.saved.push(path);
  }
}
