/**
 * The public save/load functions. A destination or source is a path (a folder, or a
 * `*.json` file for loading; Node only) or an IOHandler (memory, IndexedDB, a download, …).
 *
 * - `saveModel(model, dirOrHandler, {includeOptimizer})`: architecture, weights, compile
 *   settings and optimizer state, in the TF.js layers format. Sequential and Functional
 *   models only; a subclassed model's architecture is code, so use `saveWeights`.
 * - `loadModel(dirOrJsonOrHandler, {strict, compile})`: the model back, compiled, with its
 *   optimizer state, ready to predict or to go on training.
 * - `saveWeights(model, dirOrHandler)` / `loadWeights(model, dirOrJsonOrHandler)`: weights
 *   only, for any model (subclassed included); a failed `loadWeights` changes nothing.
 */
import { Model } from '../models/model.js';
import { installModelPersistence } from '../models/persistence.js';
import {
  artifactsInfo,
  artifactsToModel,
  loadWeightsFromArtifacts,
  modelToArtifacts,
  weightsToArtifacts,
} from './artifacts.js';
import {
  bytesName,
  bytesOf,
  isModelBytes,
  pathKind,
  type ModelBytes,
  readModelFile,
} from './file-read.js';
import { readFolder } from './file-system.js';
import { writeFileAtomic } from './file-write.js';
import { formatByName, formatForBytes, formatForPath, formatList } from './formats.js';
import { folderFiles, writeFolderAtomic } from './folder-write.js';
import { isIOHandler, loadFromHandler, saveToHandler } from './handlers.js';
import { show } from './json.js';
import { ModelIOError } from './model-io-error.js';
import type { IOHandler, LoadOptions, ModelArtifacts, SaveOptions, SaveResult } from './types.js';

const HANDLER = 'IOHandler';

function checkModel(model: unknown, where: string): asserts model is Model {
  if (!(model instanceof Model)) {
    throw new ModelIOError(
      `${where}: expected a model (nn.sequential, nn.model or a subclass of nn.Model), received ${show(typeof model)}`,
    );
  }
}

function checkTarget(x: unknown, where: string): asserts x is string | IOHandler {
  if (!(typeof x === 'string' && x !== '') && !isIOHandler(x)) {
    throw new ModelIOError(
      `${where}: expected a path or an IOHandler ({save} / {load}), received ${show(x)}`,
    );
  }
}

function checkSource(x: unknown, where: string): asserts x is string | IOHandler | ModelBytes {
  if (!(typeof x === 'string' && x !== '') && !isIOHandler(x) && !isModelBytes(x)) {
    throw new ModelIOError(
      `${where}: expected a path, a File, Blob, ArrayBuffer or Uint8Array with a model file's bytes, or an IOHandler ({load}), received ${show(x)}`,
    );
  }
}

async function save(
  artifacts: ModelArtifacts,
  destination: string | IOHandler,
  jsonName: string,
): Promise<SaveResult> {
  if (typeof destination !== 'string') return saveToHandler(destination, artifacts, HANDLER);
  await writeFolderAtomic(destination, folderFiles(artifacts, jsonName));
  return { modelArtifactsInfo: artifactsInfo(artifacts) };
}

/**
 * Saves a Sequential or Functional model: to a folder (`model.json` + `group1-shard*.bin`,
 * replaced atomically) or through an IOHandler.
 *
 * Saves to one folder from this process run one after the other (the last one called
 * stays). If a save from another process replaces the folder meanwhile, the one that loses
 * fails saying so; the folder always holds one complete model.
 *
 * @example
 * await nn.saveModel(model, 'my-model');            // or: await model.save('my-model')
 * const again = await nn.loadModel('my-model');
 *
 * @throws ModelIOError for a subclassed model (use saveWeights) or a failed write (the
 *   message says what the folder holds then: the previous model, or another save's).
 */
export async function saveModel(
  model: Model,
  destination: string | IOHandler,
  options: SaveOptions = {},
): Promise<SaveResult> {
  checkModel(model, 'saveModel');
  checkTarget(destination, 'saveModel');
  const format = typeof destination === 'string' ? formatForPath(destination) : undefined;
  if (
    format?.name !== 'onnx' &&
    (options.opset !== undefined || options.inputLayout !== undefined)
  ) {
    throw new ModelIOError(
      `saveModel: opset and inputLayout apply to .onnx files only; ${typeof destination === 'string' ? `'${destination}'` : 'an IOHandler'} is ${format ? format.description : 'the TF.js layers format'}`,
    );
  }
  if (format && typeof destination === 'string') {
    const bytes = await format.write(model, destination, options);
    await writeFileAtomic(destination, bytes);
    return {
      modelArtifactsInfo: {
        dateSaved: new Date(),
        modelTopologyType: 'JSON',
        weightDataBytes: bytes.length,
      },
    };
  }
  const where = typeof destination === 'string' ? destination : HANDLER;
  return save(modelToArtifacts(model, options, where), destination, 'model.json');
}

/**
 * Loads a model saved by Neurite, TF.js, ml5 or the Keras→TF.js converter: from a folder
 * (its `model.json`), a JSON file path (for topology files with other names), or an
 * IOHandler. Compiles it from the saved training config and restores the optimizer state.
 *
 * The saved training config (loss, metrics, optimizer) is checked here, not at the first
 * `fit` or `evaluate`. Damaged or hostile files are refused before the work they would cost
 * (src/io/limits.ts): a model JSON file over 32 MiB, JSON nested deeper than 256 levels or
 * holding over 2^20 arrays and objects or 2^22 values, over 10,000 layers, 100,000 layer
 * calls, 100,000 weights, 10,000 shard files, or a chain of over 2,000 layer calls.
 *
 * @throws ModelIOError naming the file, the part (`trainingConfig.metrics[0]`, the weight)
 *   and what was expected; no model is returned half-built, no tensor is left allocated.
 * @example
 * const model = await nn.loadModel('my-model'); // a folder with model.json
 * const fromKeras = await nn.loadModel('classifier.keras'); // or .h5, .onnx: sniffed
 * model.predict(nn.zeros([1, 4]));
 */
export async function loadModel(
  source: string | IOHandler | ModelBytes,
  options: LoadOptions = {},
): Promise<Model> {
  checkSource(source, 'loadModel');
  if (isModelBytes(source)) {
    const where = bytesName(source);
    return loadBytes(await bytesOf(source, where), where, options);
  }
  if (typeof source !== 'string')
    return artifactsToModel(await loadFromHandler(source, HANDLER), HANDLER, options);
  if (await isSingleFile(source)) return loadBytes(await readModelFile(source), source, options);
  const { artifacts, where } = await readFolder(source, ['model.json']);
  return artifactsToModel(artifacts, where, options);
}

/**
 * Whether a path names one model file (read by sniffing its bytes) rather than a TF.js
 * layers folder or its JSON file: an existing file not ending in `.json`, or a missing
 * path with a single-file format's extension (reading it then says it is missing).
 */
async function isSingleFile(path: string): Promise<boolean> {
  if (/\.json$/i.test(path)) return false;
  const kind = await pathKind(path);
  return kind === 'file' || (kind === 'missing' && formatForPath(path) !== undefined);
}

async function loadBytes(bytes: Uint8Array, where: string, options: LoadOptions): Promise<Model> {
  const format = formatForBytes(bytes, where);
  return artifactsToModel(await format.read(bytes, where, options), where, options);
}

/**
 * A model as the bytes of one file in a single-file format (`'keras'`, `'h5'`, `'onnx'`):
 * for browsers (offer them as a download) and anywhere a path will not do.
 *
 * @example
 * const bytes = await nn.io.modelToBytes(model, 'keras');
 * const again = await nn.loadModel(bytes);
 */
export async function modelToBytes(
  model: Model,
  format: string,
  options: SaveOptions = {},
): Promise<Uint8Array> {
  checkModel(model, 'modelToBytes');
  const f = formatByName(format);
  if (!f) {
    throw new ModelIOError(
      `modelToBytes: unknown format ${show(format)}: expected one of ${formatList()}`,
    );
  }
  return f.write(model, `model${f.extensions[0] ?? ''}`, options);
}

/**
 * Saves a model's weights only (`weights.json` + shards, atomically, or through an
 * IOHandler). Works for every model, subclassed ones included.
 * @example
 * await nn.saveWeights(model, 'weights'); // weights/weights.json + shards
 */
export async function saveWeights(
  model: Model,
  destination: string | IOHandler,
): Promise<SaveResult> {
  checkModel(model, 'saveWeights');
  checkTarget(destination, 'saveWeights');
  return save(weightsToArtifacts(model), destination, 'weights.json');
}

/**
 * Sets a model's weights from `saveWeights` output, a saved model folder or a handler. The
 * model must be built (its weights exist). Names are matched, then positions; every weight
 * is checked before any is changed.
 *
 * @throws ModelIOError naming the file, the weight and what was expected.
 * @example
 * await nn.saveWeights(model, 'weights');
 * await nn.loadWeights(model, 'weights');
 */
export async function loadWeights(
  model: Model,
  source: string | IOHandler,
  options: { strict?: boolean } = {},
): Promise<void> {
  checkModel(model, 'loadWeights');
  checkTarget(source, 'loadWeights');
  if (typeof source !== 'string') {
    loadWeightsFromArtifacts(model, await loadFromHandler(source, HANDLER), HANDLER, options);
    return;
  }
  const { artifacts, where } = await readFolder(source, ['weights.json', 'model.json']);
  loadWeightsFromArtifacts(model, artifacts, where, options);
}

// model.save / saveWeights / loadWeights call these (models/ never imports io/).
installModelPersistence({ saveModel, saveWeights, loadWeights });
