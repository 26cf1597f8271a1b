/**
 * Prints `Epoch 3/10` and the Keras progress bar during fit (verbose 1 or 2). When the
 * number of batches is unknown (a dataset of unknown size) the first epoch's bar counts
 * without a total, and later epochs use the count the first one reached, as Keras does.
 */
import { Progbar, type ProgressSink, defaultSink } from './progbar.js';
import { Callback, type Logs } from './callback.js';

/**
 * Prints Keras's progress bar (`verbose` 1) or one line per epoch (`verbose` 2); `fit` adds
 * it itself for `verbose` 1 or 2.
 *
 * @example
 * const bar = new nn.callbacks.ProgbarLogger(2);
 */
export class ProgbarLogger extends Callback {
  #bar: Progbar | null = null;
  readonly #verbose: 1 | 2;
  readonly #sink: ProgressSink;
  /** Batches seen in the current epoch. */
  #seen = 0;
  /** The batches of an epoch, learnt from the first one when the params do not say. */
  #learnt: number | null = null;

  constructor(verbose: 1 | 2, sink: ProgressSink = defaultSink()) {
    super();
    this.#verbose = verbose;
    this.#sink = sink;
  }

  /** A bar for evaluate()'s batches (`steps` null when unknown). */
  evaluationBar(steps: number | null): Progbar {
    return new Progbar(steps, this.#verbose, this.#sink);
  }

  override onEpochBegin(epoch: number): void {
    const epochs = this.params?.epochs ?? epoch + 1;
    this.#sink.write(`Epoch ${epoch + 1}/${epochs}\n`);
    this.#seen = 0;
    this.#bar = new Progbar(this.params?.steps ?? this.#learnt, this.#verbose, this.#sink);
  }

  override onBatchEnd(batch: number, logs: Logs = {}): void {
    this.#seen = batch + 1;
    this.#bar?.update(this.#seen, logs);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    if (!this.#bar) return;
    if (this.#bar.target === null) {
      this.#learnt = this.#seen;
      this.#bar.finish(this.#seen, logs);
    } else {
      // The total as planned, even when a callback stopped the epoch early (as before).
      this.#bar.update(this.#bar.target, logs, true);
    }
  }
}
