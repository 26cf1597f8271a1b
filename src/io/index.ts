/**
 * Saving and loading (`nn.io`): models and weights in the TensorFlow.js layers format, to
 * folders (Node) or through IOHandlers (memory, browser storage).
 */
export { saveModel, loadModel, saveWeights, loadWeights, modelToBytes } from './api.js';
export type { ModelBytes } from './file-read.js';
export type { ModelFileFormat } from './file-format.js';
export { saveOnnx, loadOnnx } from './onnx/api.js';
export type { OnnxExportOptions } from './onnx/export/index.js';
export type { OnnxImportOptions } from './onnx/import/index.js';
export { fromMemory, withSaveHandler } from './handlers.js';
export { modelToArtifacts, artifactsToModel } from './artifacts.js';
export { ModelIOError, type ModelIOErrorDetails } from './model-io-error.js';
export type {
  IOHandler,
  ModelArtifacts,
  ModelArtifactsInfo,
  SaveResult,
  SaveOptions,
  LoadOptions,
  ModelJSON,
  ModelTopology,
  TrainingConfig,
  WeightSpec,
  WeightGroup,
  WeightQuantization,
  JsonObject,
  JsonValue,
} from './types.js';
