/**
 * `neurite summary PATH`: the layers and parameter counts of a model in any format Neurite
 * reads (`.keras`, `.h5`, `.onnx`, a TF.js layers folder or its model.json, a run folder of
 * `neurite train`), after one line naming the format and the training state it holds.
 */
import { loadModel, type Model, ready } from '../../index.js';
import { modelSource } from '../model-files.js';
import type { Io } from './train.js';

function trainingLine(model: Model): string {
  const opt = model.optimizer;
  if (!opt) return 'not compiled';
  return `compiled with ${opt.className}, iteration ${opt.iterations}`;
}

/**
 * Prints the model's format and training state, then its summary table.
 *
 * @throws CliError for a missing path or a folder without a model; the file's ModelIOError
 *   when it cannot be read.
 */
export async function summaryCommand(path: string, io: Io): Promise<void> {
  const source = await modelSource(path);
  await ready();
  const model = await loadModel(source.load);
  try {
    io.log(`${path}: ${source.description}, ${trainingLine(model)}`);
    model.summary(io.log);
  } finally {
    model.dispose();
  }
}
