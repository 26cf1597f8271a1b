/**
 * `neurite convert IN OUT [--no-optimizer] [--opset N]`: a model from any format Neurite
 * reads to any it writes (`.keras`, `.h5`, `.onnx`, a TF.js layers folder). The input is
 * loaded as `nn.loadModel` loads it (architecture, weights, compile settings, optimizer
 * state) and saved as `model.save` saves it, so the output holds everything its format can
 * hold; one line says what was written.
 */
import { io as nnIo, loadModel, type Model, ready, saveModel } from '../../index.js';
import { CliError } from '../errors.js';
import {
  canonicalPath,
  type ModelDestination,
  modelDestination,
  modelSource,
  type ModelSource,
  plainName,
} from '../model-files.js';
import type { Io } from './train.js';

/** Options of {@link convertCommand}, as the command line gives them. */
export interface ConvertOptions {
  /** False with `--no-optimizer`: leave the optimizer state out. */
  optimizer?: boolean;
  /** `--opset N`: the ONNX opset (ONNX output only). */
  opset?: number;
}

/** What {@link convertCommand} wrote. */
export interface ConvertResult {
  source: ModelSource;
  destination: ModelDestination;
  layers: number;
  params: number;
  /** Whether the written file holds optimizer state. */
  optimizerState: boolean;
}

/** Whether the written model holds optimizer state. */
function optimizerStateWritten(model: Model, opts: ConvertOptions, dst: ModelDestination): boolean {
  if (opts.optimizer === false || !model.optimizer) return false;
  return dst.format === null || dst.format.keepsOptimizerState;
}

function optimizerNote(
  model: Model,
  written: boolean,
  opts: ConvertOptions,
  dst: ModelDestination,
): string {
  const opt = model.optimizer;
  if (written) return `yes (${opt?.className ?? 'optimizer'}, iteration ${opt?.iterations ?? 0})`;
  if (opts.optimizer === false) return 'no (--no-optimizer)';
  if (!opt) return 'no (the model is not compiled)';
  return `no (${dst.format ? `${plainName(dst.format)} files hold` : 'the folder holds'} none)`;
}

/**
 * Converts the model at `input` to `output`.
 *
 * @throws CliError for a missing input, an output extension no format has, an output that
 *   is the input, `--opset` with an output other than ONNX; the ModelIOError of a file
 *   Neurite cannot read or a model the output format cannot hold, as it is.
 */
export async function convertCommand(
  input: string,
  output: string,
  opts: ConvertOptions,
  io: Io,
): Promise<ConvertResult> {
  const source = await modelSource(input);
  const destination = await modelDestination(output);
  const [from, to] = await Promise.all([
    canonicalPath(source.location),
    canonicalPath(destination.save),
  ]);
  if (from === to) {
    throw new CliError(
      `refusing to overwrite the input: '${output}' is where '${input}' is read from; choose another output path`,
    );
  }
  if (opts.opset !== undefined && destination.format?.name !== 'onnx') {
    throw new CliError(
      `--opset applies to ONNX output only; '${output}' is a ${destination.description}`,
    );
  }
  await ready();
  const model = await loadModel(source.load);
  try {
    const options: nnIo.SaveOptions & nnIo.OnnxExportOptions = {
      includeOptimizer: opts.optimizer !== false,
    };
    if (opts.opset !== undefined) options.opset = opts.opset;
    await saveModel(model, destination.save, options);
    const optimizerState = optimizerStateWritten(model, opts, destination);
    const result: ConvertResult = {
      source,
      destination,
      layers: model.layers.length,
      params: model.countParams(),
      optimizerState,
    };
    io.log(
      `wrote ${destination.given} as ${destination.description}: ${result.layers} layers, ` +
        `${result.params.toLocaleString('en-US')} parameters, ` +
        `optimizer state: ${optimizerNote(model, optimizerState, opts, destination)}`,
    );
    return result;
  } finally {
    model.dispose();
  }
}
