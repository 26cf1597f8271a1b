/**
 * Model → `modelTopology`: the Keras-style JSON that TF.js writes and `tf.loadLayersModel`
 * reads. Our layer configs are camelCase; here keys become snake_case (and string values
 * too, except names, as TF.js's `convertTsToPythonic` does), `{className, config}` becomes
 * `{class_name, config}`, and named initializers become `VarianceScaling` with a full
 * config, the way TF.js writes them. Sequential models carry their input shape as the first
 * layer's `batch_input_shape`; Functional models list each layer's `inbound_nodes`.
 */
import { type Initializer, INITIALIZERS, VarianceScaling } from '../initializers/index.js';
import { InputLayer } from '../layers/input-layer.js';
import type { Layer, LayerConfig } from '../layers/layer.js';
import type { Node } from '../layers/symbolic.js';
import { Functional } from '../models/functional.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { toKerasTree, toSnakeCase, type TreeSpelling } from '../serialization/keys.js';
import { isObject } from './json.js';
import { ModelIOError } from './model-io-error.js';
import type { JsonObject, JsonValue, KerasObject, ModelTopology } from './types.js';

/** What `keras_version` and `generatedBy` say. */
export const GENERATED_BY = 'Neurite';

/**
 * The node index of a nested model's first call in the files Neurite writes, as TF.js
 * numbers a `Container`'s calls (earlier Neurite versions wrote 0, which `deserialize.ts`
 * still reads).
 */
const NESTED_MODEL_FIRST_CALL = 1;

/** Whether a model can be saved whole (its architecture is data, not code). */
export function isSerializableModel(model: Model): model is Sequential | Functional {
  return model instanceof Sequential || model instanceof Functional;
}

function subclassedError(model: Model, where: string): ModelIOError {
  return new ModelIOError(
    `${where}: '${model.name}' is a subclassed model (its call() is code), so its architecture cannot be saved; save its weights with saveWeights(model, path) (model.saveWeights) and rebuild the model in code before loadWeights, as in Keras`,
  );
}

function isSerialized(v: unknown): v is { className: string; config?: LayerConfig } {
  return (
    isObject(v) && typeof v.className === 'string' && (v.config === undefined || isObject(v.config))
  );
}

/** A VarianceScaling form (GlorotUniform, HeNormal, …) as TF.js writes it: VarianceScaling with its parameters. */
function initializerJson(
  v: { className: string; config?: LayerConfig },
  where: string,
): KerasObject {
  let init: Initializer;
  try {
    init = INITIALIZERS.get(v);
  } catch (e) {
    throw new ModelIOError(`${where}: ${(e as Error).message}`, {}, { cause: e });
  }
  if (init instanceof VarianceScaling) {
    const full = new VarianceScaling({
      scale: init.scale,
      mode: init.mode,
      distribution: init.distribution,
      seed: init.seed,
    });
    return { class_name: 'VarianceScaling', config: toPythonicObject(full.getConfig(), where) };
  }
  return { class_name: init.className, config: toPythonicObject(init.getConfig(), where) };
}

/**
 * How TF.js writes a config (its `convertTsToPythonic`): snake_case keys, and string values
 * too except names; named initializers in their VarianceScaling form.
 */
function tfjsSpelling(where: string): TreeSpelling {
  return {
    value: (v, key) => {
      if (typeof v === 'string') return key === 'name' ? v : toSnakeCase(v);
      if (/Initializer$/.test(key) && isSerialized(v)) {
        return { ...initializerJson(v, `${where} (${key})`) };
      }
      return undefined;
    },
    fail: ({ key }) => {
      throw new ModelIOError(
        `${where}: config entry '${key}' has no serializable value (a custom function?); use a built-in id, or save the weights only`,
      );
    },
  };
}

/** camelCase config → Keras JSON (snake_case keys and string values, names kept). */
function toPythonicObject(config: Readonly<Record<string, unknown>>, where: string): JsonObject {
  return toKerasTree(config, tfjsSpelling(where));
}

/** Per-class additions so TF.js reads what Keras 3 writes (TF.js's LeakyReLU reads `alpha`). */
const WRITE_FIXES: Readonly<Record<string, (c: JsonObject) => JsonObject>> = {
  LeakyReLU: (c) => ({ ...c, alpha: c.negative_slope ?? 0.3 }),
};

function layerConfigJson(layer: Layer, where: string): JsonObject {
  if (layer instanceof Model) return modelConfigJson(layer, where);
  const w = `${where}: layer '${layer.name}' (${layer.className})`;
  const config = toPythonicObject(layer.getConfig(), w);
  const fix = Object.hasOwn(WRITE_FIXES, layer.className)
    ? WRITE_FIXES[layer.className]
    : undefined;
  return fix ? fix(config) : config;
}

function sequentialConfig(model: Sequential, where: string): JsonObject {
  const layers: JsonObject[] = model.layers.map((l) => ({
    class_name: l.className,
    config: layerConfigJson(l, where),
  }));
  const shape = model.inputShape;
  const first = layers[0];
  if (shape && first) {
    const batchInputShape = [...shape];
    if (model.layers[0] instanceof Model) {
      // A nested model has no batch_input_shape of its own: state the input explicitly.
      layers.unshift({
        class_name: 'InputLayer',
        config: {
          batch_input_shape: batchInputShape,
          dtype: model.dtype,
          sparse: false,
          name: `${model.name}_input`,
        },
      });
    } else {
      first.config = { ...(first.config as JsonObject), batch_input_shape: batchInputShape };
    }
  }
  return { name: model.name, layers };
}

function functionalConfig(model: Functional, where: string): JsonObject {
  const own = new Set<Node>([...model.nodes, ...model.inputs.map((t) => t.node)]);
  // Keras numbers a layer's nodes within the model being saved (shared layers have several).
  // A nested model's node 0 is its own creation (TF.js and Keras 2 give every model one,
  // linking its inputs to its outputs), so its calls are numbered from 1: TF.js's
  // `loadLayersModel` looks calls up in `inboundNodes` by that number.
  const nodeIndex = (n: Node): number =>
    n.layer.inboundNodes.filter((m) => own.has(m)).indexOf(n) +
    (n.layer instanceof Model ? NESTED_MODEL_FIRST_CALL : 0);
  const ref = (t: { node: Node; index: number; sourceLayer: Layer }): JsonValue[] => [
    t.sourceLayer.name,
    nodeIndex(t.node),
    t.index,
  ];
  const layers: JsonObject[] = model.layers.map((l) => ({
    name: l.name,
    class_name: l.className,
    config: layerConfigJson(l, where),
    inbound_nodes:
      l instanceof InputLayer
        ? []
        : l.inboundNodes.filter((n) => own.has(n)).map((n) => n.inputs.map((t) => [...ref(t), {}])),
  }));
  return {
    name: model.name,
    layers,
    input_layers: model.inputs.map(ref),
    output_layers: model.outputs.map(ref),
  };
}

function modelConfigJson(model: Model, where: string): JsonObject {
  if (model instanceof Sequential) return sequentialConfig(model, where);
  if (model instanceof Functional) return functionalConfig(model, where);
  throw subclassedError(model, where);
}

/**
 * The `modelTopology` of a Sequential or Functional model.
 *
 * @throws ModelIOError for a subclassed model (save its weights instead) or a config that
 *   cannot be written (a custom activation function).
 */
export function serializeModel(model: Model, where = 'save'): ModelTopology {
  if (!isSerializableModel(model)) throw subclassedError(model, where);
  return {
    class_name: model.className,
    config: modelConfigJson(model, where),
    keras_version: GENERATED_BY,
    backend: 'neurite',
  };
}
