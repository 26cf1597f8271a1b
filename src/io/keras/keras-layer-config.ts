/**
 * One layer's config as Keras 3 writes it (`config.json` of a `.keras` file, and the
 * `model_config` of a legacy `.h5` file Keras 3 writes): snake_case keys, activation names
 * in snake_case, nested objects (initializers, regularizers, the dtype policy) in Keras 3's
 * `{module, class_name, config, registered_name}` form. Neurite's layer configs already use
 * Keras's argument names; this file holds the few exceptions, by class.
 */
import { Bidirectional } from '../../layers/bidirectional.js';
import { InputLayer } from '../../layers/input-layer.js';
import { TimeDistributed } from '../../layers/time-distributed.js';
import type { Layer } from '../../layers/layer.js';
import { toKerasTree, toSnakeCase, type TreeSpelling } from '../../serialization/keys.js';
import { isObject } from '../json.js';
import { ModelIOError } from '../model-io-error.js';
import type { JsonObject, JsonValue } from '../types.js';

/** The Keras 3 module of objects met under a config key (`kernel_initializer` → `keras.initializers`). */
function moduleFor(key: string): string {
  if (/initializer$/i.test(key)) return 'keras.initializers';
  if (/regularizer$/i.test(key)) return 'keras.regularizers';
  if (/constraint$/i.test(key)) return 'keras.constraints';
  if (/learningRate$|learning_rate$/.test(key)) return 'keras.optimizers.schedules';
  return 'keras';
}

/** A `{class_name, config}` tree with Keras 3's `module` and `registered_name` added to every object. */
export function withModules(v: JsonValue, key: string): JsonValue {
  if (Array.isArray(v)) return v.map((x) => withModules(x, key));
  if (!isObject(v)) return v;
  const cls = v.class_name;
  if (typeof cls === 'string' && isObject(v.config ?? {})) {
    const config = v.config ?? {};
    const inner = isObject(config)
      ? Object.fromEntries(Object.entries(config).map(([k, x]) => [k, withModules(x, k)]))
      : {};
    return { module: moduleFor(key), class_name: cls, config: inner, registered_name: null };
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withModules(x, k)]));
}

/** Keras 3's dtype policy object. */
export function dtypePolicy(name: string): JsonObject {
  return {
    module: 'keras',
    class_name: 'DTypePolicy',
    config: { name },
    registered_name: null,
  };
}

/** String values Keras spells in snake_case (activation names); the others are kept. */
const SNAKE_VALUES = new Set(['activation']);

function spelling(where: string): TreeSpelling {
  return {
    value: (v, key) =>
      typeof v === 'string' && SNAKE_VALUES.has(key) ? toSnakeCase(v) : undefined,
    fail: ({ key }) => {
      throw new ModelIOError(
        `${where}: config entry '${key}' has no serializable value (a custom function?); Keras files hold built-in ids only`,
      );
    },
  };
}

/** Keys Neurite's configs carry that Keras 3 layers do not take (the input shape goes in an InputLayer). */
const DROPPED = ['batch_input_shape', 'input_shape', 'batch_size', 'input_dim'];

/** Per-class changes from Neurite's config to Keras 3's. */
const FIXES: Readonly<Record<string, (c: JsonObject) => JsonObject>> = {
  // Keras 3 writes `groups` and reads its absence as 1.
  Conv2D: (c) => ({ groups: 1, ...c }),
};

/** The layer classes Keras 3 has under `keras.layers`, with the name it gives them. */
export const KERAS_LAYER_CLASSES = new Set([
  'Activation',
  'ActivityRegularization',
  'Add',
  'Average',
  'AveragePooling2D',
  'BatchNormalization',
  'Bidirectional',
  'CategoryEncoding',
  'Concatenate',
  'Conv2D',
  'Conv2DTranspose',
  'Conv1D',
  'MaxPooling1D',
  'AveragePooling1D',
  'GlobalAveragePooling1D',
  'GlobalMaxPooling1D',
  'GlobalMaxPooling2D',
  'UpSampling2D',
  'Cropping2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'Dense',
  'Dot',
  'Dropout',
  'ELU',
  'Embedding',
  'Flatten',
  'GRU',
  'GaussianNoise',
  'GlobalAveragePooling2D',
  'InputLayer',
  'IntegerLookup',
  'LSTM',
  'LayerNormalization',
  'LeakyReLU',
  'Masking',
  'MaxPooling2D',
  'Maximum',
  'Minimum',
  'MultiHeadAttention',
  'Multiply',
  'Normalization',
  'Permute',
  'ReLU',
  'RepeatVector',
  'Rescaling',
  'Reshape',
  'SimpleRNN',
  'Softmax',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'StringLookup',
  'Subtract',
  'TextVectorization',
  'TimeDistributed',
  'ZeroPadding2D',
]);

/**
 * A (non-model) layer's Keras 3 config. `legacy` writes `dtype` as a string, as the legacy
 * `.h5` format does.
 *
 * @throws ModelIOError for a layer Keras has no counterpart of.
 */
export function kerasLayerConfig(layer: Layer, where: string, legacy = false): JsonObject {
  const w = `${where}: layer '${layer.name}' (${layer.className})`;
  if (!KERAS_LAYER_CLASSES.has(layer.className)) {
    throw new ModelIOError(
      `${w}: Keras has no ${layer.className} layer, so the model cannot be saved as a Keras file; save it as a TF.js folder instead`,
    );
  }
  if (layer instanceof InputLayer) {
    return {
      batch_shape: [...(layer.batchInputShape ?? [])],
      dtype: layer.dtype,
      sparse: false,
      ragged: false,
      name: layer.name,
    };
  }
  const raw = toKerasTree(layer.getConfig(), spelling(w));
  // An Embedding's `input_dim` is its vocabulary size, not an input shape.
  for (const k of DROPPED)
    if (!(k === 'input_dim' && layer.className === 'Embedding')) delete raw[k];
  const fixed = Object.hasOwn(FIXES, layer.className) ? FIXES[layer.className]!(raw) : raw;
  const out = withModules(fixed, '') as JsonObject;
  // A wrapper's sublayers, each as a Keras layer entry of its own.
  const sub = (l: Layer): JsonObject => {
    // With a `module` in `.h5` files too: Keras 3's wrappers look their sublayer up by it.
    const config = kerasLayerConfig(l, where, legacy);
    return { module: 'keras.layers', class_name: l.className, config, registered_name: null };
  };
  if (layer instanceof Bidirectional) {
    out.layer = sub(layer.forwardLayer);
    out.backward_layer = sub(layer.backwardLayer);
  } else if (layer instanceof TimeDistributed) out.layer = sub(layer.layer);
  const dtype = typeof out.dtype === 'string' ? out.dtype : 'float32';
  out.dtype = legacy ? dtype : dtypePolicy(dtype);
  return out;
}
