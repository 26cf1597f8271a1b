/**
 * A model's architecture as Keras writes it ⇄ Neurite's topology. Writing: Keras 3's
 * `config.json` (`{module, class_name, config, registered_name, build_config}`, functional
 * nodes as `__keras_tensor__` objects) or, with `legacy`, the `model_config` of a Keras 2
 * style `.h5` file (`{class_name, config}`, nodes as `[layer, node, tensor, kwargs]` lists),
 * both in the layer order Keras gives the model (keras-graph.ts). Reading: the file's config
 * is checked (see keras-safety.ts) and normalized where Keras and Neurite number things
 * differently; `deserialize.ts` reads the rest of Keras's spellings.
 */
import { InputLayer } from '../../layers/input-layer.js';
import type { Layer } from '../../layers/layer.js';
import type { SymbolicTensor } from '../../layers/symbolic.js';
import { Functional } from '../../models/functional.js';
import { Model } from '../../models/model.js';
import { Sequential } from '../../models/sequential.js';
import { isObject, own } from '../json.js';
import { ModelIOError } from '../model-io-error.js';
import type { JsonObject, JsonValue } from '../types.js';
import { kerasLayers, kerasNodeIndex } from './keras-graph.js';
import { dtypePolicy, kerasLayerConfig } from './keras-layer-config.js';

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** Layers whose call takes its inputs as separate arguments. */
const SEPARATE_INPUTS = new Set(['MultiHeadAttention']);

function shapeOf(t: SymbolicTensor): JsonValue[] {
  return [...t.shape];
}

/** `build_config.input_shape` of a layer: the shapes of its first call's inputs. */
function buildConfig(layer: Layer): JsonObject | undefined {
  const node = layer.inboundNodes[0];
  if (!node || node.inputs.length === 0) return undefined;
  const shapes = node.inputs.map(shapeOf);
  if (SEPARATE_INPUTS.has(layer.className)) {
    // `build(query_shape, value_shape, key_shape=None)`: Keras saves the arguments by name.
    const names = ['query_shape', 'value_shape', 'key_shape'];
    return { shapes_dict: Object.fromEntries(shapes.map((s, i) => [names[i]!, s])) };
  }
  return { input_shape: shapes.length === 1 ? shapes[0]! : shapes };
}

function subclassed(model: Model, where: string): ModelIOError {
  return new ModelIOError(
    `${where}: '${model.name}' is a subclassed model (its call() is code), so its architecture cannot be saved in a Keras file; save its weights with saveWeights and rebuild the model in code, as in Keras`,
  );
}

function layerEntry(layer: Layer, where: string, legacy: boolean): JsonObject {
  if (layer instanceof Model) return modelEntry(layer, where, legacy);
  const config = kerasLayerConfig(layer, where, legacy);
  if (legacy) return { class_name: layer.className, config };
  const entry: JsonObject = {
    module: 'keras.layers',
    class_name: layer.className,
    config,
    registered_name: null,
  };
  const build = layer instanceof InputLayer ? undefined : buildConfig(layer);
  if (build) entry.build_config = build;
  return entry;
}

function sequentialConfig(model: Sequential, where: string, legacy: boolean): JsonObject {
  const layers = model.layers.map((l) => layerEntry(l, where, legacy));
  const shape = model.inputShape;
  if (shape) {
    const input = new InputLayer({ batchInputShape: shape, name: `${model.name}_input` });
    const config: JsonObject = legacy
      ? {
          batch_input_shape: [...shape],
          dtype: 'float32',
          sparse: false,
          ragged: false,
          name: input.name,
        }
      : kerasLayerConfig(input, where);
    layers.unshift(
      legacy
        ? { class_name: 'InputLayer', config }
        : { module: 'keras.layers', class_name: 'InputLayer', config, registered_name: null },
    );
  }
  const config: JsonObject = { name: model.name, trainable: model.trainable, layers };
  if (!legacy) config.dtype = dtypePolicy('float32');
  if (shape) config.build_input_shape = [...shape];
  return config;
}

function functionalConfig(model: Functional, where: string, legacy: boolean): JsonObject {
  const ref = (t: SymbolicTensor): JsonValue[] => [
    t.sourceLayer.name,
    kerasNodeIndex(model, t.node),
    t.index,
  ];
  const kerasTensor = (t: SymbolicTensor): JsonObject => ({
    class_name: '__keras_tensor__',
    config: { shape: shapeOf(t), dtype: t.dtype, keras_history: ref(t) },
  });
  const own = new Set([...model.nodes]);
  const layers = kerasLayers(model).map((l) => {
    const entry = layerEntry(l, where, legacy);
    const nodes = l instanceof InputLayer ? [] : l.inboundNodes.filter((n) => own.has(n));
    entry.name = l.name;
    // Layers Keras calls with several positional inputs (`mha(query, value, key)`); the
    // others take one input or one list. Keras 3's legacy loader cannot pass those as
    // separate arguments, so their nodes are written in Keras 3's form in `.h5` files too.
    const separate = SEPARATE_INPUTS.has(l.className);
    entry.inbound_nodes = nodes.map((n) => {
      if (legacy && !separate) return n.inputs.map((t) => [...ref(t), {}]);
      const args = n.inputs.map(kerasTensor);
      return { args: args.length === 1 || separate ? args : [args], kwargs: {} };
    });
    return entry;
  });
  const refs = (ts: readonly SymbolicTensor[]): JsonValue =>
    ts.length === 1 && !legacy ? ref(ts[0]!) : ts.map(ref);
  return {
    name: model.name,
    trainable: model.trainable,
    layers,
    input_layers: refs(model.inputs),
    output_layers: refs(model.outputs),
  };
}

/** A Sequential or Functional model's entry: `{module, class_name, config, …}` (legacy: `{class_name, config}`). */
export function modelEntry(model: Model, where: string, legacy = false): JsonObject {
  let config: JsonObject;
  if (model instanceof Sequential) config = sequentialConfig(model, where, legacy);
  else if (model instanceof Functional) config = functionalConfig(model, where, legacy);
  else throw subclassed(model, where);
  if (legacy) return { class_name: model.className, config };
  const functional = model instanceof Functional;
  const shape = model instanceof Sequential ? model.inputShape : null;
  return {
    module: functional ? 'keras.src.models.functional' : 'keras',
    class_name: model.className,
    config,
    registered_name: functional ? 'Functional' : null,
    build_config: { input_shape: shape ? [...shape] : null },
  };
}

// ---- reading ------------------------------------------------------------------------------

type Ref = [string, number, number];

function isModelEntry(l: JsonValue): l is JsonObject {
  if (!isObject(l)) return false;
  const c = own(l, 'class_name');
  return typeof c === 'string' && MODEL_CLASSES.has(c);
}

function refsIn(x: JsonValue | undefined, out: Ref[]): void {
  if (Array.isArray(x)) {
    if (x.length >= 3 && typeof x[0] === 'string' && typeof x[1] === 'number') {
      out.push([x[0], x[1], typeof x[2] === 'number' ? x[2] : 0]);
      return;
    }
    for (const v of x) refsIn(v, out);
  } else if (isObject(x)) {
    if (own(x, 'class_name') === '__keras_tensor__') {
      const c = own(x, 'config');
      refsIn(isObject(c) ? own(c, 'keras_history') : undefined, out);
      return;
    }
    for (const v of Object.values(x)) refsIn(v, out);
  }
}

function shiftRefs(x: JsonValue, shifted: ReadonlySet<string>): JsonValue {
  if (Array.isArray(x)) {
    if (
      x.length >= 3 &&
      typeof x[0] === 'string' &&
      typeof x[1] === 'number' &&
      shifted.has(x[0])
    ) {
      return [x[0], x[1] - 1, ...x.slice(2)];
    }
    return x.map((v) => shiftRefs(v, shifted));
  }
  if (isObject(x)) {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, shiftRefs(v, shifted)]));
  }
  return x;
}

/**
 * Keras (and TF.js) number a nested Functional model's calls from 1 (its node 0 links its
 * own inputs to its outputs); Neurite's reader numbers calls from 0. A nested model whose
 * references reach one past its listed calls is renumbered, at every level of nesting.
 */
export function renumberNestedModels(entry: JsonObject): JsonObject {
  const cls = own(entry, 'class_name');
  const config = own(entry, 'config');
  if (typeof cls !== 'string' || !isObject(config)) return entry;
  const layers = own(config, 'layers');
  if (!Array.isArray(layers)) return entry;
  const inner = layers.map((l) => (isObject(l) && isModelEntry(l) ? renumberNestedModels(l) : l));
  let out: JsonObject = { ...entry, config: { ...config, layers: inner } };
  if (cls === 'Sequential' || Array.isArray(config)) return out;
  const refs: Ref[] = [];
  for (const l of inner) if (isObject(l)) refsIn(own(l, 'inbound_nodes'), refs);
  refsIn(own(config, 'output_layers'), refs);
  const shifted = new Set<string>();
  for (const l of inner) {
    if (!isObject(l) || !isModelEntry(l)) continue;
    const name =
      own(l, 'name') ??
      (isObject(own(l, 'config')) ? own(own(l, 'config') as JsonObject, 'name') : undefined);
    const calls = own(l, 'inbound_nodes');
    if (typeof name !== 'string' || !Array.isArray(calls)) continue;
    if (refs.some(([n, i]) => n === name && i === calls.length && i > 0)) shifted.add(name);
  }
  if (shifted.size > 0) {
    const c = out.config as JsonObject;
    out = {
      ...out,
      config: {
        ...c,
        layers: (c.layers as JsonValue[]).map((l) =>
          isObject(l)
            ? { ...l, inbound_nodes: shiftRefs(own(l, 'inbound_nodes') ?? [], shifted) }
            : l,
        ),
        output_layers: shiftRefs(own(c, 'output_layers') ?? [], shifted),
      },
    };
  }
  return out;
}
