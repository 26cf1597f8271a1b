/**
 * The TensorFlow.js layers-model format (`model.json` + binary weight shards), as types.
 * The names and shapes follow `tfjs-core/src/io/types.ts`, so TF.js IOHandlers and
 * artifacts fit Neurite's and the other way round. Types only: no code, no Node imports.
 */

/** A value as `JSON.parse` returns it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Dtypes a weights manifest may name (Neurite reads float32, int32 and bool). */
export type WeightDType = 'float32' | 'int32' | 'bool' | 'string' | 'complex64';

/** How a quantized weight is stored: `value = q·scale + min` (uint8/uint16) or half floats. */
export interface WeightQuantization {
  dtype: 'uint8' | 'uint16' | 'float16';
  scale?: number;
  min?: number;
}

/** One weight of a manifest group: its values lie in the group's shards in manifest order. */
export interface WeightSpec {
  /** `<layer>/<weight>` for model weights, `iter` / `<variable>/<slot>` for optimizer state. */
  name: string;
  shape: number[];
  dtype: WeightDType;
  /** `'optimizer'` for optimizer state (TF.js), absent (or `'model'`) for model weights. */
  group?: 'model' | 'optimizer';
  quantization?: WeightQuantization;
}

/** A manifest group: shard files whose concatenated bytes hold `weights` in order. */
export interface WeightGroup {
  /** Shard paths, relative to the folder of the JSON file. */
  paths: string[];
  weights: WeightSpec[];
}

/** Keras's serialized object: `{class_name, config}`. */
export interface KerasObject {
  class_name: string;
  config: JsonObject;
}

/** What `compile` was given, Keras style (`trainingConfig` in model.json). */
export interface TrainingConfig {
  optimizer_config: KerasObject;
  loss: JsonValue;
  metrics?: JsonValue;
  loss_weights?: JsonValue;
  weighted_metrics?: JsonValue;
  sample_weight_mode?: JsonValue;
}

/** The `modelTopology` of a layers model: a Keras model config plus version tags. */
export interface ModelTopology extends KerasObject {
  keras_version?: string;
  backend?: string;
}

/** The contents of `model.json`. */
export interface ModelJSON {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  /** A {@link ModelTopology} (checked when read). */
  modelTopology?: object;
  /** A {@link TrainingConfig} (checked when read). */
  trainingConfig?: object;
  weightsManifest: WeightGroup[];
  userDefinedMetadata?: Record<string, unknown>;
}

/**
 * A model in memory, as an IOHandler saves or loads it (TF.js `ModelArtifacts`): the
 * topology JSON, the weight specs and their bytes (one buffer, or several to concatenate).
 */
export interface ModelArtifacts {
  /** A {@link ModelTopology}: loosely typed, as it comes from files and other tools. */
  modelTopology?: object | ArrayBuffer;
  /** A {@link TrainingConfig}, checked when read. */
  trainingConfig?: object;
  weightSpecs?: WeightSpec[];
  weightData?: ArrayBuffer | ArrayBuffer[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  userDefinedMetadata?: Record<string, unknown>;
}

/** Sizes of what was saved (TF.js `ModelArtifactsInfo`). */
export interface ModelArtifactsInfo {
  dateSaved: Date;
  modelTopologyType: 'JSON';
  modelTopologyBytes?: number;
  weightSpecsBytes?: number;
  weightDataBytes?: number;
}

/** What a save handler reports (TF.js `SaveResult`). */
export interface SaveResult {
  modelArtifactsInfo: ModelArtifactsInfo;
  responses?: unknown[];
  errors?: unknown[];
}

/**
 * Where a model goes or comes from, TF.js's `IOHandler` shape: `save` writes the artifacts
 * anywhere (a file, IndexedDB, a download, a Blob), `load` returns them.
 */
export interface IOHandler {
  save?(artifacts: ModelArtifacts): Promise<SaveResult>;
  load?(): Promise<ModelArtifacts>;
}

/** Options of `saveModel` / `model.save`. */
export interface SaveOptions {
  /** Also save the optimizer's state (slots and iteration count). Default true. */
  includeOptimizer?: boolean;
  /** `.onnx` only: the ONNX opset to write (13 to 21, default 13). */
  opset?: number;
  /**
   * `.onnx` only: how rank-4 (image) inputs are laid out in the exported graph,
   * `'channels_last'` (default, as the Neurite model takes them) or `'channels_first'`.
   */
  inputLayout?: 'channels_last' | 'channels_first';
}

/** Options of `loadModel` and `loadWeights`. */
export interface LoadOptions {
  /**
   * Every model weight must be in the file and the file must hold no other model weight.
   * Default true. With false, missing weights keep their initial values and extras are
   * ignored.
   */
  strict?: boolean;
  /** Compile the model from the saved training config (and restore the optimizer). Default true. */
  compile?: boolean;
}
