/**
 * The layer registry, `LAYERS`: layer ids and Keras class names mapped to classes, so a
 * saved model can be rebuilt and `nn.layers.get('flatten')` works. Its entries are made by
 * the registrations in factories/ (one per layer, which is also the layer's factory);
 * src/layers/index.ts loads every group, so import the registry from there to see it full.
 */
import {
  type Identifier,
  Registry,
  serialize as serializeObject,
} from '../serialization/registry.js';
import { ValueError } from '../errors.js';
import { Layer, type LayerConfig } from './layer.js';
import { setSublayerResolver } from './wrapper.js';

/**
 * Every layer class: one registration each, which is also its `nn.layers` factory.
 * @example
 * nn.layers.LAYERS.get('flatten'); // a Flatten layer with its defaults
 */
export const LAYERS = new Registry<Layer>({
  kind: 'layer',
  namespace: 'nn.layers',
  is: (x): x is Layer => x instanceof Layer,
  accepts: 'a layer id, a Layer or a {className, config} object',
  // LayerArgs that getConfig does not always echo.
  commonKeys: [
    'name',
    'trainable',
    'inputShape',
    'batchInputShape',
    'batchSize',
    'inputDim',
    'dtype',
  ],
});

/** A layer's serialized form: its Keras class name and its `getConfig()`. */
export interface SerializedLayer {
  className: string;
  config: LayerConfig;
}

/**
 * Rebuilds a layer from `{className, config}` (weights are not part of the config). The
 * class name must be Keras's, exactly, as in a saved model.
 * @throws ValueError for a class name Neurite does not know.
 * @example
 * const layer = nn.layers.deserializeLayer({ className: 'Dense', config: { units: 2 } });
 */
export function deserializeLayer({ className, config }: SerializedLayer): Layer {
  const entry = LAYERS.findClass(className);
  if (!entry) {
    throw new ValueError(
      `unsupported layer ${className}; Neurite knows ${LAYERS.classNames().join(', ')}`,
    );
  }
  return entry.fromConfig(config);
}

/**
 * Resolves a layer id (`'flatten'`, built with its defaults), a `{className, config}` object
 * (Keras's `{class_name, config}` too) or a Layer (returned as is), as `keras.layers.get`.
 * @throws ValueError for an unknown id.
 * @example
 * const layer = nn.layers.get('flatten');
 */
export function get(identifier: Identifier<Layer>): Layer {
  return LAYERS.get(identifier);
}

/**
 * A layer's `{className, config}`: what `deserializeLayer` rebuilds it from.
 * @example
 * nn.layers.serialize(nn.layers.dense({ units: 2 })); // { className: 'Dense', config: { units: 2, … } }
 */
export function serialize(layer: Layer): SerializedLayer {
  return serializeObject(layer);
}

// Wrapped layers given as {className, config} (saved configs) are rebuilt by the registry.
setSublayerResolver((x) => get(x as never));
