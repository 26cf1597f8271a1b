/**
 * `neurite/tfjs`: TensorFlow.js's API over Neurite. A TF.js program ports by changing its
 * import — `import * as tf from '@tensorflow/tfjs-node'` (or `'@tensorflow/tfjs'`) becomes
 * `import * as tf from 'neurite/tfjs'`, `require('neurite/tfjs')` in CommonJS.
 *
 * Thin by design: the tensors, ops, layers, training loop, files and data pipelines are
 * Neurite's (`import * as nn from 'neurite'` shares them: one engine, one set of
 * tensors); this entry adapts only names, signatures, return types and defaults where
 * TF.js differs, each in the module that says so:
 *
 * - layers-model.ts — `tf.LayersModel` / `tf.Sequential` are wrappers around a Neurite
 *   model (`model.core`), because TF.js types `evaluate` (sync `Scalar | Scalar[]`),
 *   `predict`, `trainOnBatch` and `model.optimizer` differently and a subclass cannot
 *   change a return type; everything else forwards. `tf.sequential`, `tf.model` and
 *   `tf.loadLayersModel` (models.ts) return them; model-args.ts holds the TF.js argument
 *   types and maps compile's names.
 * - train.ts — `tf.train.*` with TF.js's positional arguments and defaults, returning a
 *   TF.js-shaped handle (`minimize(f, returnCost, varList)`, named `applyGradients`).
 * - io.ts — URL schemes (`file://`, `http(s)://`, `indexeddb://`, `localstorage://`,
 *   `downloads://`) and routers; it assembles `tf.io` from io-routers.ts, io-artifacts.ts,
 *   io-file-http.ts and io-browser.ts.
 * - tensor-methods.ts, layer-methods.ts — TF.js tensor methods the core lacks (`toFloat`,
 *   `as2D`, `buffer`, …) and layer members (`getClassName`, `output`), added to the core
 *   prototypes when this entry is imported; `print()` and `toString()` switch to TF.js's
 *   format.
 * - ops.ts, losses.ts, metrics.ts, util.ts, test-util.ts, engine.ts, data.ts, callbacks.ts —
 *   TF.js's op variants, `tf.losses` (tfjs-core's), `tf.metrics` (functions), `tf.util`,
 *   `tf.test_util`, backends and `tf.version`, `tf.data`, `onYield` and `CustomCallback`.
 * - unavailable.ts (with not-available.ts) — TF.js names Neurite lacks, each throwing
 *   `tf.<name> is not available in neurite/tfjs`.
 *
 * Numbers follow Neurite (Keras 3 update rules and formulas); TF.js's training behaviour
 * is kept where it shows: `validationSplit` takes the last rows, metric logs are named as
 * TF.js names them (`acc`), `fit` prints a progress bar unless `verbose: 0` (as tfjs-node).
 * Importing this entry starts the wasm backend (see engine.ts).
 *
 * @example
 * import * as tf from 'neurite/tfjs';
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
 * await model.fit(tf.tensor2d([[1], [2]]), tf.tensor2d([[2], [4]]), { epochs: 50, verbose: 0 });
 * (model.predict(tf.tensor2d([[3]])) as tf.Tensor).print();
 */
import './tensor-methods.js';
import './layer-methods.js';
import * as coreInitializers from '../initializers/index.js';
import * as coreLayers from '../layers/index.js';
import { input } from '../layers/input-layer.js';
import { ready as coreReady } from '../engine/engine.js';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { missingLayers } from './not-available.js';
import { rememberVariable } from './train.js';
import { variable as tfVariable } from './ops.js';

// The whole core, loaded once (ops as methods, the wasm backend, model.save from io/).
export {
  Tensor,
  Variable,
  type NestedArray,
  type DType,
  type DataArray,
  type Shape,
  type TensorContainer,
  type MemoryInfo as CoreMemoryInfo,
  tidy,
  keep,
  dispose,
  grad,
  grads,
  valueAndGrad,
  valueAndGrads,
  SymbolicTensor,
  input,
  Callback,
  History,
  type IOHandler,
  type ModelArtifacts,
  type SaveResult,
} from '../index.js';
export * from '../ops/index.js';

// TF.js's versions of core names (these shadow the core ops of the same name).
export {
  oneHot,
  step,
  eye,
  print,
  addN,
  moments,
  outerProduct,
  norm,
  euclideanNorm,
  logSigmoid,
  divNoNan,
  isInf,
  dropout,
  randomStandardNormal,
  randomUniformInt,
  tensor5d,
  tensor6d,
  concat1d,
  concat2d,
  concat3d,
  concat4d,
  slice1d,
  slice2d,
  slice3d,
  slice4d,
  pad1d,
  pad2d,
  pad3d,
  pad4d,
  nextFrame,
  type NormOrder,
} from './ops.js';
export { TensorBuffer, buffer } from './buffer.js';
export {
  ready,
  setBackend,
  getBackend,
  memory,
  enableProdMode,
  version,
  version_core,
  version_layers,
  type MemoryInfo,
} from './engine.js';
export { train, Optimizer, variableGrads, type NamedTensor, type NamedTensorMap } from './train.js';
export { LayersModel, Sequential } from './layers-model.js';
export { sequential, model, loadLayersModel, type SequentialArgs } from './models.js';
export type {
  ModelCompileArgs,
  ModelFitArgs,
  ModelFitDatasetArgs,
  ModelEvaluateArgs,
  ModelEvaluateDatasetArgs,
  ModelSaveConfig,
  TensorInputs,
} from './model-args.js';
export { CustomCallback, type CustomCallbackArgs } from './callbacks.js';
export type { Logs } from '../callbacks/callback.js';
export { Reduction } from './losses.js';
export { NotAvailableError, type Unavailable } from './not-available.js';
export * from './unavailable.js';
export * as io from './io.js';
export * as losses from './losses.js';
export * as metrics from './metrics.js';
export * as data from './data.js';
export * as callbacks from '../callbacks/index.js';
export { EarlyStopping } from '../callbacks/index.js';
export * as regularizers from '../regularizers/index.js';
export * as util from './util.js';
export * as test_util from './test-util.js';

/**
 * A variable (TF.js signature `variable(initialValue, trainable?, name?, dtype?)`), known
 * by name to `optimizer.applyGradients({[name]: gradient})`.
 * @example
 * const w = tf.variable(tf.zeros([2]), true, 'w');
 * w.assign(tf.tensor1d([1, 2]));
 */
export function variable(...args: Parameters<typeof tfVariable>): ReturnType<typeof tfVariable> {
  const v = tfVariable(...args);
  rememberVariable(v);
  return v;
}

/**
 * `tf.layers`: Neurite's layer factories (TF.js's names, Keras 3 semantics), plus
 * `tf.layers.input`; TF.js layers Neurite lacks throw a NotAvailableError naming them.
 * @example
 * const dense = tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] });
 * const pool = tf.layers.maxPool2d({ poolSize: 2 }); // TF.js's alias of maxPooling2d
 */
export const layers: Omit<typeof missingLayers, keyof typeof coreLayers> &
  typeof coreLayers & {
    readonly input: typeof input;
    readonly maxPool2d: typeof coreLayers.maxPooling2d;
  } = Object.freeze({
  ...missingLayers,
  ...coreLayers,
  input,
  maxPool2d: coreLayers.maxPooling2d,
});

/**
 * `tf.initializers`: Neurite's, plus TF.js's spellings `leCunNormal` / `leCunUniform`.
 * @example
 * tf.initializers.leCunNormal({ seed: 1 }); // TF.js's spelling of lecunNormal
 */
export const initializers: typeof coreInitializers & {
  readonly leCunNormal: typeof coreInitializers.lecunNormal;
  readonly leCunUniform: typeof coreInitializers.lecunUniform;
} = Object.freeze({
  ...coreInitializers,
  leCunNormal: coreInitializers.lecunNormal,
  leCunUniform: coreInitializers.lecunUniform,
});

/** TF.js's tensor type names, for TypeScript ports (all are Neurite's `Tensor`). */
export type Scalar = Tensor;
/**
 * TF.js's rank-1 tensor type name (Neurite's `Tensor`).
 */
export type Tensor1D = Tensor;
/**
 * TF.js's rank-2 tensor type name (Neurite's `Tensor`).
 */
export type Tensor2D = Tensor;
/**
 * TF.js's rank-3 tensor type name (Neurite's `Tensor`).
 */
export type Tensor3D = Tensor;
/**
 * TF.js's rank-4 tensor type name (Neurite's `Tensor`).
 */
export type Tensor4D = Tensor;
/**
 * TF.js's rank-5 tensor type name (Neurite's `Tensor`).
 */
export type Tensor5D = Tensor;
/**
 * TF.js's rank-6 tensor type name (Neurite's `Tensor`).
 */
export type Tensor6D = Tensor;
/** TF.js's dtype names (Neurite has float32, int32 and bool). */
export type DataType = DType;

// Like tfjs-node, which is ready at import: start the wasm backend now (see engine.ts).
void coreReady();
