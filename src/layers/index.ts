/**
 * `nn.layers`: every layer class, its `nn.layers.<id>(config)` factory, and the registry
 * (`LAYERS`) that maps Keras class names to classes so saved models can be rebuilt. The
 * factories are registered by group in factories/ (core, merging, conv, sequence,
 * preprocessing); a new layer is its own file plus, in its group, its re-export and one
 * registration (which is also its factory). This module loads every group, so the
 * registry seen through it is complete.
 */
import { LAYERS } from './registry.js';
import type { Layer } from './layer.js';

export {
  Layer,
  type LayerArgs,
  type CallOptions,
  type LayerConfig,
  type ConfigValue,
  getMask,
} from './layer.js';
export { SymbolicTensor, type ShapeSpec } from './symbolic.js';
export { KernelLayer, type KernelLayerArgs } from './kernel-layer.js';
export { LAYERS, type SerializedLayer, deserializeLayer, get, serialize } from './registry.js';

// Each group registers its layers when loaded; LAYER_CLASSES below is built after all of them.
export * from './factories/core.js';
export * from './factories/merging.js';
export * from './factories/conv.js';
export * from './factories/sequence.js';
export * from './factories/preprocessing.js';

/**
 * Keras class name → class, for rebuilding saved models (a view of the registry).
 * @example
 * const Dense = nn.layers.LAYER_CLASSES['Dense'];
 */
export const LAYER_CLASSES: Readonly<Record<string, new (...args: never) => Layer>> = Object.freeze(
  Object.fromEntries(LAYERS.entries().flatMap((e) => (e.cls ? [[e.className, e.cls]] : []))),
);
