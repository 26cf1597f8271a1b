/**
 * What a Keras file may ask Neurite to build, checked before anything is built: layers from
 * the layer registry only. A `Lambda` layer (Python code, pickled or as source), a custom
 * object (a `registered_name` such as `my_package>MyLayer`, or a `module` outside Keras) or
 * a serialized Python function is refused, as Keras's safe mode refuses them: loading never
 * executes anything from a file. A Keras layer Neurite lacks gets one message that names
 * it, its Keras module, the file and what Neurite loads.
 */
import { LAYERS } from '../../layers/index.js';
import { isObject, own, show } from '../json.js';
import { ModelIOError } from '../model-io-error.js';
import type { JsonObject, JsonValue } from '../types.js';

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);
/** Keras's markers of a serialized Python function (an activation or loss written as code). */
const FUNCTION_CLASSES = new Set(['__lambda__', 'function', '__function__']);

function fail(where: string, message: string): never {
  throw new ModelIOError(`${where}: ${message}`, { file: where });
}

/** Whether a `module` names Keras itself (`keras`, `keras.layers`, `keras.src.models.functional`, `tf.keras`'s `keras.engine`). */
function isKerasModule(m: string): boolean {
  return m === 'keras' || m.startsWith('keras.') || m === 'builtins';
}

/** Refuses custom objects and code anywhere in a config tree. `path` names the place for messages. */
function checkObjects(x: JsonValue, where: string, path: string, depth: number): void {
  if (depth > 300) fail(where, `${path}: nested too deep`);
  if (Array.isArray(x)) {
    x.forEach((v, i) => checkObjects(v, where, `${path}[${i}]`, depth + 1));
    return;
  }
  if (!isObject(x)) return;
  const cls = own(x, 'class_name');
  const registered = own(x, 'registered_name');
  const module = own(x, 'module');
  if (typeof cls === 'string') {
    if (cls === 'Lambda' || cls === 'TFOpLambda' || cls === 'SlicingOpLambda') {
      fail(
        where,
        `${path}: a ${cls} layer holds Python code, which Neurite never runs (loading a file executes nothing from it); rebuild the model without it, or replace it with a built-in layer`,
      );
    }
    if (FUNCTION_CLASSES.has(cls)) {
      fail(
        where,
        `${path}: a Python function (${show(own(x, 'config'))}) is stored as code, which Neurite never runs; use a built-in activation or loss name instead`,
      );
    }
    const custom =
      (typeof registered === 'string' && registered.includes('>')) ||
      (typeof module === 'string' && !isKerasModule(module));
    if (custom && cls !== 'Functional') {
      fail(
        where,
        `${path}: '${cls}' is a custom object (registered_name ${show(registered)}, module ${show(module)}), defined in Python code that Neurite does not have and never runs; only Keras's built-in layers, initializers and regularizers load`,
      );
    }
  }
  for (const [k, v] of Object.entries(x)) checkObjects(v, where, `${path}.${k}`, depth + 1);
}

function layersOf(entry: JsonObject): JsonValue[] {
  const config = own(entry, 'config');
  if (Array.isArray(config)) return config;
  const layers = isObject(config) ? own(config, 'layers') : undefined;
  return Array.isArray(layers) ? layers : [];
}

/**
 * Refuses call options a node records that would change what the layer computes. Neurite's
 * graph nodes hold a layer's input tensors only, so an option such as
 * `use_causal_mask: true`, an `attention_mask` or `mask` tensor, or `training: true` would be
 * lost; `null` and `false` (the defaults of Keras's call options) are harmless.
 */
function checkCallOptions(l: JsonObject, cls: string, where: string): void {
  const nodes = own(l, 'inbound_nodes');
  if (!Array.isArray(nodes)) return;
  const name =
    own(l, 'name') ??
    (isObject(own(l, 'config')) ? own(own(l, 'config') as JsonObject, 'name') : undefined);
  nodes.forEach((node, i) => {
    const options: JsonValue[] = [];
    if (isObject(node)) options.push(own(node, 'kwargs') ?? null);
    else if (Array.isArray(node))
      for (const ref of node) if (Array.isArray(ref) && ref.length > 3) options.push(ref[3]!);
    for (const kwargs of options) {
      if (!isObject(kwargs)) continue;
      for (const [key, value] of Object.entries(kwargs)) {
        if (value === null || value === false) continue;
        fail(
          where,
          `layer ${show(name)} (${cls}) is called with ${key}=${show(value)} in the model's graph (inbound node ${i}); Neurite's graph records a layer's inputs only, not call options, so the model would not compute what Keras computes. Rebuild the model without that option (or with it as a layer setting)`,
        );
      }
    }
  });
}

/**
 * Checks a Keras model config (the top-level `{class_name, config}` object) before anything
 * is built.
 *
 * @throws ModelIOError naming the file for a Lambda layer, a custom object, Python code, or
 *   a layer class Neurite does not have (`unsupported layer 'LSTM' (keras.layers.LSTM) in
 *   model.keras: Neurite loads …`).
 */
export function checkKerasConfig(model: JsonObject, where: string): void {
  const cls = own(model, 'class_name');
  if (typeof cls !== 'string' || !MODEL_CLASSES.has(cls)) {
    const registered = own(model, 'registered_name');
    fail(
      where,
      `the model is a ${show(cls)}${typeof registered === 'string' ? ` (${registered})` : ''}, not a Sequential or Functional model: a subclassed model's architecture is Python code, which Neurite does not run; rebuild it in Neurite and load its weights`,
    );
  }
  checkObjects(model, where, 'config', 0);
  const unsupported: { cls: string; module: string }[] = [];
  const visit = (m: JsonObject, depth: number): void => {
    if (depth > 32) fail(where, 'models are nested more than 32 deep');
    for (const l of layersOf(m)) {
      if (!isObject(l)) continue;
      const c = own(l, 'class_name');
      if (typeof c !== 'string') continue;
      checkCallOptions(l, c, where);
      if (MODEL_CLASSES.has(c)) visit(l, depth + 1);
      else if (!LAYERS.findClass(c)) {
        const mod = own(l, 'module');
        unsupported.push({ cls: c, module: typeof mod === 'string' ? mod : 'keras.layers' });
      }
    }
  };
  visit(model, 0);
  const first = unsupported[0];
  if (first) {
    const others = [...new Set(unsupported.map((u) => u.cls))].filter((c) => c !== first.cls);
    const known = LAYERS.classNames()
      .filter((c) => c !== 'InputLayer')
      .sort();
    throw new ModelIOError(
      `unsupported layer '${first.cls}' (${first.module}.${first.cls}) in ${where}` +
        (others.length ? ` (the model also uses ${others.join(', ')})` : '') +
        `: Neurite loads ${known.join(', ')} (with InputLayer, Sequential and Functional models)`,
      { file: where },
    );
  }
}
