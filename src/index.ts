/**
 * Neurite: deep learning for TypeScript.
 *
 * @example
 * import * as nn from 'neurite';
 * const y = nn.tensor([[1, 2], [3, 4]]).matMul(nn.eye(2)).relu();
 */
import './ops/chain.js';
import './backends/wasm/index.js';

export { Tensor, Variable, type NestedArray } from './tensor/tensor.js';
export type { DType, DataArray } from './tensor/dtype.js';
export type { Shape } from './tensor/shape.js';
export * from './ops/index.js';
export { tidy, keep, dispose, type TensorContainer } from './engine/tidy.js';
export {
  memory,
  setBackend,
  getBackend,
  ready,
  listBackends,
  registerBackend,
  type MemoryInfo,
} from './engine/engine.js';
export { setSeed } from './random/prng.js';
export {
  GradientTape,
  grad,
  grads,
  valueAndGrad,
  valueAndGrads,
  variableGrads,
  type GradientTapeArgs,
} from './autograd/gradients.js';
export {
  NeuriteError,
  ShapeError,
  DTypeError,
  ValueError,
  DisposedError,
  AllocationError,
} from './errors.js';
export type { Backend, DataHandle, TensorInfo } from './backends/backend.js';

// Layers and models.
export * as layers from './layers/index.js';
export {
  Layer,
  SymbolicTensor,
  type LayerArgs,
  type CallOptions,
  type ShapeSpec,
} from './layers/index.js';
export { input, type InputArgs } from './layers/input-layer.js';
export * as activations from './activations/index.js';
export * as initializers from './initializers/index.js';
export * as regularizers from './regularizers/index.js';
export { Model, type ModelArgs, type DisposeResult } from './models/model.js';
export { Sequential, sequential, type SequentialArgs } from './models/sequential.js';
export { Functional, model, type FunctionalArgs } from './models/functional.js';
export { Perceptron, type PerceptronArgs, type PerceptronHistory } from './models/perceptron.js';
export * as datasets from './datasets/index.js';
export * as data from './data/index.js';

// Training.
export * as callbacks from './callbacks/index.js';
export { Callback } from './callbacks/callback.js';
export { History } from './callbacks/history.js';
export type {
  FitArgs,
  EvaluateArgs,
  TrainOnBatchArgs,
  FitIterableArgs,
  FitDatasetArgs,
  EvaluateIterableArgs,
  EvaluateDatasetArgs,
  ValidationData,
} from './training/trainer.js';
export type { BatchSource, BatchTensors, TrainingBatch } from './training/dataset-input.js';
export type { PredictArgs } from './training/predict.js';
export type { CallbacksArg } from './training/callbacks-arg.js';
export type { CompileArgs } from './training/compile.js';
export * as optimizers from './optimizers/index.js';
export * as losses from './losses/index.js';
export * as metrics from './metrics/index.js';

// Saving and loading.
export * as io from './io/index.js';
export { loadModel, saveModel, saveWeights, loadWeights, ModelIOError } from './io/index.js';
export type { IOHandler, ModelArtifacts, SaveOptions, SaveResult } from './io/index.js';

// The figures are their own entry point, `neurite/plots`, so that the core never pulls a
// chart engine or a native module into an install or a bundle.
