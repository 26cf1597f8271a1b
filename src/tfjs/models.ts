/**
 * TF.js's model construction functions: `tf.sequential`, `tf.model` and
 * `tf.loadLayersModel` (through `tf.io`'s URL schemes and routers), each returning the
 * wrapper of layers-model.ts around a Neurite model.
 */
import { NeuriteError } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import { loadModel as coreLoadModel } from '../io/api.js';
import type { IOHandler } from '../io/types.js';
import { Functional, type FunctionalArgs } from '../models/functional.js';
import type { Model } from '../models/model.js';
import { Sequential as CoreSequential } from '../models/sequential.js';
import { getLoadHandlers, type LoadOptions } from './io.js';
import { coreLayer, LayersModel, Sequential, wrapModel } from './layers-model.js';
import { mapMetric } from './model-args.js';
import { filePath, hasScheme, isNode, noHandlerError } from './url.js';

/** TF.js's `SequentialArgs`. */
export interface SequentialArgs {
  /** Layers (or models) to stack, in order. */
  layers?: readonly (Layer | LayersModel)[];
  name?: string;
}

/**
 * A Sequential model (TF.js `tf.sequential`).
 *
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
 */
export function sequential(config: SequentialArgs = {}): Sequential {
  const core = new CoreSequential({
    ...(config.name !== undefined ? { name: config.name } : {}),
    layers: (config.layers ?? []).map(coreLayer),
  });
  return new Sequential(core);
}

/**
 * A model from symbolic inputs to outputs (TF.js `tf.model`).
 *
 * @example
 * const input = tf.input({ shape: [4] });
 * const output = tf.layers.dense({ units: 1 }).apply(input);
 * const model = tf.model({ inputs: input, outputs: output });
 */
export function model(args: FunctionalArgs): LayersModel {
  return new LayersModel(new Functional(args));
}

/**
 * Loads a layers model (TF.js `tf.loadLayersModel`) from a URL — `file://` (Node; a
 * folder or its `model.json`, relative or absolute), `http(s)://`, `indexeddb://`,
 * `localstorage://`, or a scheme registered with `tf.io.registerLoadRouter` — or from an
 * IOHandler. Files saved by TF.js, Keras's converter and Neurite load; the model comes
 * back compiled when the file holds a training config.
 * @throws ModelIOError naming the file and what was wrong with it.
 * @example
 * const model = await tf.loadLayersModel('file://./my-model/model.json');
 * model.predict(tf.zeros([1, 4]));
 */
export async function loadLayersModel(
  pathOrIOHandler: string | IOHandler,
  options: LoadOptions = {},
): Promise<LayersModel> {
  const strict = options.strict ?? true;
  let core: Model;
  if (typeof pathOrIOHandler !== 'string') {
    core = await coreLoadModel(pathOrIOHandler, { strict });
  } else if (pathOrIOHandler.startsWith('file://') && isNode) {
    core = await coreLoadModel(filePath(pathOrIOHandler), { strict });
  } else {
    const handlers = getLoadHandlers(pathOrIOHandler, options);
    if (handlers.length > 1) {
      throw new NeuriteError(
        `loadLayersModel: ${handlers.length} load handlers match '${pathOrIOHandler}'; only one may`,
      );
    }
    if (handlers.length === 1) core = await coreLoadModel(handlers[0]!, { strict });
    else if (isNode && !hasScheme(pathOrIOHandler)) {
      core = await coreLoadModel(pathOrIOHandler, { strict });
    } else throw noHandlerError(pathOrIOHandler, 'loadLayersModel');
  }
  const m = wrapModel(core);
  // Logged metric names as TF.js gives them ('accuracy' logs as 'acc'): recompile with the
  // loaded optimizer (its state kept) when a saved metric is spelled otherwise.
  const compiled = core.compiled;
  if (compiled && compiled.outputs.some((o) => o.metricIds.some((id) => mapMetric(id) !== id))) {
    const owns = compiled.ownsOptimizer;
    m.compile({ ...compiled.args, optimizer: compiled.optimizer });
    if (owns) m.markOwnsOptimizer();
  }
  return m;
}
