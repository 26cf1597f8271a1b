/**
 * A single-file model format (`.keras`, `.h5`, `.onnx`): how to recognise its bytes, read
 * them into artifacts and write a model as bytes. The TF.js layers folder is not one of
 * these (it is several files); `api.ts` handles it directly.
 *
 * A format reads into {@link ModelArtifacts} (a TF.js-style topology in Neurite's layer
 * names, weight specs and their bytes, the training config), so that building the model,
 * compiling it and restoring the optimizer happen in one place (`artifactsToModel`), with
 * the same checks and limits for every format. A format writes from the model itself
 * (`modelToArtifacts` gives it the same view when that is all it needs).
 */
import type { Model } from '../models/model.js';
import type { LoadOptions, ModelArtifacts, SaveOptions } from './types.js';

/** One model file format. Registered in `formats.ts`. */
export interface ModelFileFormat {
  /** Its short name, as `modelToBytes` and the CLI take it: `'keras'`, `'h5'`, `'onnx'`. */
  readonly name: string;
  /** What a user calls it, for messages: `'Keras 3 (.keras)'`. */
  readonly description: string;
  /** File extensions, lower case with the dot (`['.keras']`); the first one is the default. */
  readonly extensions: readonly string[];
  /** Whether the format holds optimizer state (and so `includeOptimizer` means something). */
  readonly keepsOptimizerState: boolean;
  /** Whether `bytes` (the whole file, or at least its first 16 bytes) look like this format. */
  sniff(bytes: Uint8Array): boolean;
  /**
   * Reads a whole file. `where` names it in errors (a path, `model.keras (Blob)`, …).
   * @throws ModelIOError naming `where`, the part of the file and what was expected.
   */
  read(bytes: Uint8Array, where: string, options: LoadOptions): Promise<ModelArtifacts>;
  /**
   * Writes `model` as the bytes of one file (saving them atomically is the caller's job).
   * @throws ModelIOError naming `where` and what cannot be written (a layer with no
   *   counterpart in the format, a subclassed model, …).
   */
  write(model: Model, where: string, options: SaveOptions): Promise<Uint8Array>;
}
