/** ModelIOError: every failure to save or load a model or its weights. */
import { NeuriteError } from '../errors.js';

/** Where a save or load failed: the file (or handler) and, when known, the weight. */
export interface ModelIOErrorDetails {
  /** The file, folder or handler the error is about (`model/model.json`). */
  file?: string;
  /** The weight the error is about (`dense/kernel`). */
  weight?: string;
}

/**
 * A model or weights file that cannot be saved or loaded: bad JSON, an unknown layer,
 * missing or truncated shards, weights that do not fit the model, unsafe paths. The message
 * names the file, the weight and what was expected; `cause` holds the underlying error.
 * @example
 * try {
 *   await nn.loadModel('no-such-folder');
 * } catch (e) {
 *   if (e instanceof nn.ModelIOError) console.error(e.file, e.message);
 * }
 */
export class ModelIOError extends NeuriteError {
  override name = 'ModelIOError';
  readonly file: string | undefined;
  readonly weight: string | undefined;

  constructor(message: string, details: ModelIOErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.file = details.file;
    this.weight = details.weight;
  }
}
