/**
 * `tf.io`'s artifact helpers: TF.js's public ones (`fromMemory`, `getWeightSpecs`,
 * `getModelArtifactsForJSON`, `concatenateArrayBuffers`, …) and the `model.json` reading
 * and writing the URL handlers share (io-file-http.ts, io-browser.ts).
 */
import { artifactsInfo } from '../io/artifacts.js';
import { fromMemory as coreFromMemory } from '../io/handlers.js';
import { checkJsonBytes, checkJsonText } from '../io/limits.js';
import { ModelIOError } from '../io/model-io-error.js';
import type {
  IOHandler,
  ModelArtifacts,
  ModelArtifactsInfo,
  WeightGroup,
  WeightSpec,
} from '../io/types.js';
import { parseManifest } from '../io/weights.js';

/**
 * A handler whose `load` returns the given artifacts (TF.js `tf.io.fromMemory`).
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
 * let saved!: tf.ModelArtifacts;
 * await model.save(
 *   tf.io.withSaveHandler(async (artifacts) => {
 *     saved = artifacts;
 *     return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
 *   }),
 * );
 * const copy = await tf.loadLayersModel(tf.io.fromMemory(saved));
 */
export function fromMemory(
  modelArtifacts: ModelArtifacts | object,
  weightSpecs?: WeightSpec[],
  weightData?: ArrayBuffer,
  trainingConfig?: object,
): IOHandler {
  if (weightSpecs === undefined && weightData === undefined && trainingConfig === undefined) {
    const a = modelArtifacts as ModelArtifacts;
    // TF.js accepts a bare topology too.
    const looksLikeArtifacts = 'modelTopology' in a || 'weightSpecs' in a || 'weightData' in a;
    return coreFromMemory(looksLikeArtifacts ? a : { modelTopology: modelArtifacts });
  }
  const artifacts: ModelArtifacts = { modelTopology: modelArtifacts };
  if (weightSpecs !== undefined) artifacts.weightSpecs = weightSpecs;
  if (weightData !== undefined) artifacts.weightData = weightData;
  if (trainingConfig !== undefined) artifacts.trainingConfig = trainingConfig;
  return coreFromMemory(artifacts);
}

/**
 * The weight specs of a manifest's groups, in order (TF.js `tf.io.getWeightSpecs`).
 * @example
 * const specs = tf.io.getWeightSpecs([
 *   { paths: ['group1-shard1of1.bin'], weights: [{ name: 'dense/kernel', shape: [2, 1], dtype: 'float32' }] },
 * ]); // [{ name: 'dense/kernel', shape: [2, 1], dtype: 'float32' }]
 */
export function getWeightSpecs(weightsManifest: readonly WeightGroup[]): WeightSpec[] {
  return weightsManifest.flatMap((g) => g.weights);
}

/**
 * Artifacts from a parsed model.json, reading the weights with `loadWeights` (TF.js
 * `tf.io.getModelArtifactsForJSON`, for custom handlers).
 * @example
 * const modelJson = JSON.parse(await (await fetch('model/model.json')).text());
 * const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
 *   const specs = tf.io.getWeightSpecs(manifest);
 *   const data = await (await fetch('model/group1-shard1of1.bin')).arrayBuffer();
 *   return [specs, data];
 * });
 */
export async function getModelArtifactsForJSON(
  modelJSON: {
    modelTopology?: object;
    weightsManifest?: WeightGroup[];
    trainingConfig?: object;
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
    userDefinedMetadata?: Record<string, unknown>;
  },
  loadWeights: (manifest: WeightGroup[]) => Promise<[WeightSpec[], ArrayBuffer]>,
): Promise<ModelArtifacts> {
  const a: ModelArtifacts = {};
  if (modelJSON.modelTopology !== undefined) a.modelTopology = modelJSON.modelTopology;
  if (modelJSON.trainingConfig !== undefined) a.trainingConfig = modelJSON.trainingConfig;
  if (modelJSON.format !== undefined) a.format = modelJSON.format;
  if (modelJSON.generatedBy !== undefined) a.generatedBy = modelJSON.generatedBy;
  if (modelJSON.convertedBy !== undefined) a.convertedBy = modelJSON.convertedBy;
  if (modelJSON.userDefinedMetadata !== undefined)
    a.userDefinedMetadata = modelJSON.userDefinedMetadata;
  if (modelJSON.weightsManifest !== undefined) {
    const [weightSpecs, weightData] = await loadWeights(modelJSON.weightsManifest);
    a.weightSpecs = weightSpecs;
    a.weightData = weightData;
  }
  return a;
}

/**
 * Sizes of artifacts (TF.js `tf.io.getModelArtifactsInfoForJSON`).
 * @example
 * const info = tf.io.getModelArtifactsInfoForJSON(artifacts); // { dateSaved, weightDataBytes, … }
 */
export function getModelArtifactsInfoForJSON(artifacts: ModelArtifacts): ModelArtifactsInfo {
  return artifactsInfo(artifacts);
}

/**
 * Joins buffers into one (TF.js `tf.io.concatenateArrayBuffers`).
 * @example
 * tf.io.concatenateArrayBuffers([new Uint8Array([1]).buffer, new Uint8Array([2, 3]).buffer]); // 3 bytes
 */
export function concatenateArrayBuffers(
  buffers: readonly ArrayBuffer[] | ArrayBuffer,
): ArrayBuffer {
  if (buffers instanceof ArrayBuffer) return buffers;
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}

/** The contents of a `model.json`, as TF.js's handlers read and write it. */
export interface ModelJson {
  modelTopology?: object;
  weightsManifest: WeightGroup[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: object;
  userDefinedMetadata?: Record<string, unknown>;
}

/** `model.json` for artifacts whose weights lie in one file, `weightsFile`. */
export function modelJsonOf(a: ModelArtifacts, weightsFile: string): ModelJson {
  const json: ModelJson = {
    modelTopology: a.modelTopology instanceof ArrayBuffer ? undefined : a.modelTopology,
    weightsManifest: [{ paths: [weightsFile], weights: a.weightSpecs ?? [] }],
    format: a.format,
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy ?? null,
  };
  if (a.trainingConfig !== undefined) json.trainingConfig = a.trainingConfig;
  if (a.userDefinedMetadata !== undefined) json.userDefinedMetadata = a.userDefinedMetadata;
  return json;
}

export function weightBytes(a: ModelArtifacts): ArrayBuffer {
  const d = a.weightData;
  return d === undefined ? new ArrayBuffer(0) : concatenateArrayBuffers(d);
}

/** Parses model JSON text after the size and nesting checks the core applies to files. */
export function parseModelJson(
  text: string,
  where: string,
): { json: Record<string, unknown>; manifest: WeightGroup[] } {
  checkJsonBytes(text.length, where);
  checkJsonText(text, where);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ModelIOError(`${where}: is not valid JSON (${(e as Error).message})`, {
      file: where,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ModelIOError(`${where}: expected a model JSON object`, { file: where });
  }
  const json = parsed as Record<string, unknown>;
  if (json.modelTopology === undefined && json.weightsManifest === undefined) {
    throw new ModelIOError(
      `${where}: holds neither modelTopology nor weightsManifest; is it a model.json?`,
      { file: where },
    );
  }
  const manifest = parseManifest(json.weightsManifest ?? [], where);
  return { json, manifest };
}

/**
 * Artifacts from a parsed `model.json` and the bytes of its shards, in manifest order
 * (TF.js `tf.io.getModelArtifactsForJSON`, with the shards already read).
 */
export function artifactsOf(
  json: Record<string, unknown>,
  manifest: WeightGroup[],
  weightData: ArrayBuffer,
): ModelArtifacts {
  const a: ModelArtifacts = {
    weightSpecs: manifest.flatMap((g) => g.weights),
    weightData,
  };
  const topology = json.modelTopology;
  if (topology !== null && typeof topology === 'object') a.modelTopology = topology;
  const tc = json.trainingConfig;
  if (tc !== null && typeof tc === 'object') a.trainingConfig = tc;
  if (typeof json.format === 'string') a.format = json.format;
  if (typeof json.generatedBy === 'string') a.generatedBy = json.generatedBy;
  if (typeof json.convertedBy === 'string') a.convertedBy = json.convertedBy;
  const meta = json.userDefinedMetadata;
  if (meta !== null && typeof meta === 'object' && !Array.isArray(meta)) {
    a.userDefinedMetadata = meta as Record<string, unknown>;
  }
  return a;
}
