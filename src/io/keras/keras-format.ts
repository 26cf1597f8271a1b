/**
 * The Keras 3 `.keras` format: a zip holding `metadata.json` (the Keras version),
 * `config.json` (the architecture and `compile_config`) and `model.weights.h5` (weights and
 * optimizer state, see keras3-weights.ts). Reads what Keras 3.0 to 3.16 write; writes what
 * `keras.saving.load_model` of Keras 3.16 loads. A file is refused before anything is built
 * when its config holds code or custom objects, or a layer Neurite lacks (keras-safety.ts).
 */
import { deserializeModel } from '../deserialize.js';
import type { ModelFileFormat } from '../file-format.js';
import { isObject, own } from '../json.js';
import { checkJsonText } from '../limits.js';
import { ModelIOError } from '../model-io-error.js';
import { isSerializableModel } from '../serialize.js';
import type { JsonObject, LoadOptions, ModelArtifacts, SaveOptions } from '../types.js';
import type { Model } from '../../models/model.js';
import { readH5 } from './hdf5.js';
import { writeH5 } from './hdf5-write.js';
import { compileConfigOf, compileConfigToTraining, optimizerStateOf } from './keras-compile.js';
import { slotPlan } from './keras-optimizer.js';
import { checkKerasConfig } from './keras-safety.js';
import { withAssetVocabularies } from './keras-assets.js';
import { withoutImplicitMasks } from './keras-masks.js';
import { isZip, readZip, writeZip } from './keras-zip.js';
import { modelEntry, renumberNestedModels } from './keras3-config.js';
import { keras3WeightsTree, readKeras3Optimizer, readKeras3Weights } from './keras3-weights.js';
import { type FileWeight, toArtifactWeights } from './keras-weights-common.js';

/** The Keras version whose format Neurite writes (`metadata.json`). */
export const KERAS_FORMAT_VERSION = '3.16.0';

function fail(where: string, message: string, cause?: unknown): never {
  throw new ModelIOError(
    `${where}: ${message}`,
    { file: where },
    cause === undefined ? undefined : { cause },
  );
}

/** Parses a JSON entry of the zip, bounded first. */
export function parseJsonEntry(bytes: Uint8Array, where: string, entry: string): JsonObject {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    fail(where, `${entry} is not UTF-8 text`, e);
  }
  checkJsonText(text, `${where} (${entry})`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    fail(where, `${entry} is not valid JSON: ${(e as Error).message}`, e);
  }
  if (!isObject(value)) fail(where, `${entry} must hold a JSON object`);
  return value;
}

/** Frees a model built only to read a file's weight layout. */
function disposeModel(model: Model): void {
  for (const v of model.weights) if (!v.isDisposed) v.dispose();
}

/**
 * Weights (and optimizer state) of a Keras model file, matched to the model its config
 * describes; shared by the `.keras` and `.h5` readers through `read`.
 */
export function withBuiltModel<T>(topology: JsonObject, where: string, read: (m: Model) => T): T {
  const model = deserializeModel(topology, where);
  try {
    return read(model);
  } finally {
    disposeModel(model);
  }
}

async function readKeras(
  bytes: Uint8Array,
  where: string,
  options: LoadOptions,
): Promise<ModelArtifacts> {
  const entries = readZip(bytes, where);
  const configBytes = entries.get('config.json');
  if (!configBytes)
    fail(
      where,
      'the zip has no config.json entry (a .keras file holds metadata.json, config.json and model.weights.h5)',
    );
  const weightsBytes = entries.get('model.weights.h5');
  if (!weightsBytes)
    fail(
      where,
      'the zip has no model.weights.h5 entry (a .keras file holds metadata.json, config.json and model.weights.h5)',
    );
  const metaBytes = entries.get('metadata.json');
  const meta = metaBytes ? parseJsonEntry(metaBytes, where, 'metadata.json') : {};
  const config = withAssetVocabularies(
    withoutImplicitMasks(parseJsonEntry(configBytes, where, 'config.json')),
    (names, limit) => readZip(bytes, where, Object.fromEntries(names.map((n) => [n, limit]))),
    where,
  );
  checkKerasConfig(config, where);
  const topology = renumberNestedModels(config);
  const trainingConfig = compileConfigToTraining(own(config, 'compile_config'));
  const tree = await readH5(weightsBytes, `${where} (model.weights.h5)`);
  const weights: FileWeight[] = withBuiltModel(topology, where, (model) => {
    const { weights: modelWeights, trainable } = readKeras3Weights(tree, topology, model, where);
    const out = [...modelWeights];
    const optimizer = trainingConfig ? own(trainingConfig, 'optimizer_config') : undefined;
    if (options.compile !== false && isObject(optimizer)) {
      const cls = own(optimizer, 'class_name');
      const cfg = own(optimizer, 'config');
      const plan = typeof cls === 'string' ? slotPlan(cls, isObject(cfg) ? cfg : {}) : null;
      if (plan) {
        const shapes = new Map(modelWeights.map((w) => [w.name, w.shape]));
        out.push(...readKeras3Optimizer(tree, plan, trainable, shapes, where));
      }
    }
    return out;
  });
  const version = own(meta, 'keras_version');
  const artifacts: ModelArtifacts = {
    modelTopology: topology,
    ...toArtifactWeights(weights),
    format: 'layers-model',
    generatedBy: `keras v${typeof version === 'string' ? version : '3'}`,
    convertedBy: null,
  };
  if (trainingConfig) artifacts.trainingConfig = trainingConfig;
  return artifacts;
}

async function writeKeras(model: Model, where: string, options: SaveOptions): Promise<Uint8Array> {
  if (!isSerializableModel(model)) {
    fail(
      where,
      `'${model.name}' is a subclassed model (its call() is code), so its architecture cannot be saved in a Keras file; save its weights with saveWeights and rebuild the model in code, as in Keras`,
    );
  }
  const config = modelEntry(model, where);
  const compile = compileConfigOf(model);
  if (compile) config.compile_config = compile;
  const includeOptimizer = options.includeOptimizer !== false && compile !== undefined;
  const tree = keras3WeightsTree(model, includeOptimizer ? optimizerStateOf(model) : null);
  const h5 = await writeH5(tree, where);
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}@${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  const enc = new TextEncoder();
  return writeZip(
    new Map([
      [
        'metadata.json',
        enc.encode(
          JSON.stringify({
            keras_version: KERAS_FORMAT_VERSION,
            date_saved: date,
            generated_by: 'Neurite',
          }),
        ),
      ],
      ['config.json', enc.encode(JSON.stringify(config))],
      ['model.weights.h5', h5],
    ]),
  );
}

/** The `.keras` format (Keras 3). */
export const KERAS_FORMAT: ModelFileFormat = {
  name: 'keras',
  description: 'Keras 3 (.keras)',
  extensions: ['.keras'],
  keepsOptimizerState: true,
  sniff: isZip,
  read: readKeras,
  write: writeKeras,
};
