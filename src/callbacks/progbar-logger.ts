/** Prints `Epoch 3/10` and the Keras progress bar during fit (verbose 1 or 2). */
import { Progbar, type ProgressSink, defaultSink } from './progbar.js';
import { Callback, type Logs } from './callback.js';

export class ProgbarLogger extends Callback {
  #bar: Progbar | null = null;
  readonly #verbose: 1 | 2;
  readonly #sink: ProgressSink;

  constructor(verbose: 1 | 2, sink: ProgressSink = defaultSink()) {
    super();
    this.#verbose = verbose;
    this.#sink = sink;
  }

  /** A bar for evaluate()'s batches. */
  evaluationBar(steps: number): Progbar {
    return new Progbar(steps, this.#verbose, this.#sink);
  }

  override onEpochBegin(epoch: number): void {
    const epochs = this.params?.epochs ?? epoch + 1;
    this.#sink.write(`Epoch ${epoch + 1}/${epochs}\n`);
    this.#bar = new Progbar(this.params?.steps ?? 1, this.#verbose, this.#sink);
  }

  override onBatchEnd(batch: number, logs: Logs = {}): void {
    this.#bar?.update(batch + 1, logs);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    this.#bar?.update(this.params?.steps ?? 1, logs, true);
  }
}
