/** CSVLogger: appends one row per epoch (epoch, then each log key) to a CSV file (Node only). */
import { ValueError } from '../errors.js';
import { Callback, type Logs } from './callback.js';

/**
 * Options of {@link callbacks.csvLogger} (Keras `CSVLogger`'s `separator` and `append`).
 */
export interface CSVLoggerArgs {
  /** Default ','. */
  separator?: string;
  /** Append to an existing file (keeping its header). Default false. */
  append?: boolean;
}

/**
 * The callback behind {@link callbacks.csvLogger}.
 *
 * @example
 * const log = new nn.callbacks.CSVLogger('log.csv', { separator: ';' });
 */
export class CSVLogger extends Callback {
  readonly separator: string;
  readonly append: boolean;
  #keys: string[] | null = null;
  #lines: string[] = [];

  constructor(
    readonly filename: string,
    args: CSVLoggerArgs = {},
  ) {
    super();
    if (typeof filename !== 'string' || filename === '')
      throw new ValueError('csvLogger: filename must be a non-empty path');
    this.separator = args.separator ?? ',';
    this.append = args.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    const fs = await import('node:fs/promises');
    this.#keys = null;
    if (this.append) {
      try {
        const text = await fs.readFile(this.filename, 'utf8');
        const header = text.split('\n')[0];
        if (header) this.#keys = header.split(this.separator).slice(1);
        return;
      } catch {
        // No file yet: start a new one.
      }
    }
    await fs.writeFile(this.filename, '');
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const fs = await import('node:fs/promises');
    if (!this.#keys) {
      this.#keys = Object.keys(logs).sort();
      this.#lines.push(['epoch', ...this.#keys].join(this.separator));
    }
    const row = [
      String(epoch),
      ...this.#keys.map((k) => (logs[k] === undefined ? '' : String(logs[k]))),
    ];
    this.#lines.push(row.join(this.separator));
    await fs.appendFile(this.filename, this.#lines.map((l) => `${l}\n`).join(''));
    this.#lines = [];
  }
}
