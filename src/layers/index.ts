/**
 * The layer registry: `nn.layers.<name>(config)` factories, and Keras class names mapped to
 * classes so saved models can be rebuilt. A new layer is one file plus one line in each.
 */
import type { Layer } from './layer.js';
import { Activation, type ActivationArgs } from './activation.js';
import { BatchNormalization, type BatchNormalizationArgs } from './batch-normalization.js';
import { Conv2D, type Conv2DArgs } from './conv2d.js';
import { Dense, type DenseArgs } from './dense.js';
import { Dropout, type DropoutArgs } from './dropout.js';
import { Flatten } from './flatten.js';
import { InputLayer, type InputLayerArgs } from './input-layer.js';
import { LayerNormalization, type LayerNormalizationArgs } from './layer-normalization.js';
import { LeakyReLU, type LeakyReLUArgs } from './leaky-relu.js';
import { MaxPooling2D, type MaxPooling2DArgs } from './max-pooling2d.js';
import { Add, Average, Concatenate, type ConcatenateArgs, Multiply } from './merge.js';
import { Reshape, type ReshapeArgs } from './reshape.js';
import { type Padding2D, ZeroPadding2D, type ZeroPadding2DArgs } from './zero-padding2d.js';
import type { LayerArgs, LayerConfig } from './layer.js';
import { ValueError } from '../errors.js';

export {
  Layer,
  type LayerArgs,
  type CallOptions,
  type LayerConfig,
  type ConfigValue,
} from './layer.js';
export { SymbolicTensor, type ShapeSpec } from './symbolic.js';
export { KernelLayer, type KernelLayerArgs } from './kernel-layer.js';
export {
  Activation,
  BatchNormalization,
  Conv2D,
  Dense,
  Dropout,
  Flatten,
  InputLayer,
  LayerNormalization,
  LeakyReLU,
  MaxPooling2D,
  Add,
  Average,
  Concatenate,
  Multiply,
  Reshape,
  ZeroPadding2D,
};
export type {
  ActivationArgs,
  BatchNormalizationArgs,
  Conv2DArgs,
  DenseArgs,
  DropoutArgs,
  InputLayerArgs,
  LayerNormalizationArgs,
  LeakyReLUArgs,
  MaxPooling2DArgs,
  ConcatenateArgs,
  Padding2D,
  ReshapeArgs,
  ZeroPadding2DArgs,
};

export const dense = (args: DenseArgs): Dense => new Dense(args);
export const activation = (args: ActivationArgs): Activation => new Activation(args);
export const flatten = (args?: LayerArgs): Flatten => new Flatten(args);
export const reshape = (args: ReshapeArgs): Reshape => new Reshape(args);
export const dropout = (args: DropoutArgs): Dropout => new Dropout(args);
export const inputLayer = (args: InputLayerArgs): InputLayer => new InputLayer(args);
export const batchNormalization = (args?: BatchNormalizationArgs): BatchNormalization =>
  new BatchNormalization(args);
export const layerNormalization = (args?: LayerNormalizationArgs): LayerNormalization =>
  new LayerNormalization(args);
export const leakyReLU = (args?: LeakyReLUArgs): LeakyReLU => new LeakyReLU(args);
export const concatenate = (args?: ConcatenateArgs): Concatenate => new Concatenate(args);
export const add = (args?: LayerArgs): Add => new Add(args);
export const multiply = (args?: LayerArgs): Multiply => new Multiply(args);
export const average = (args?: LayerArgs): Average => new Average(args);
export const conv2d = (args: Conv2DArgs): Conv2D => new Conv2D(args);
export const maxPooling2d = (args?: MaxPooling2DArgs): MaxPooling2D => new MaxPooling2D(args);
export const zeroPadding2d = (args?: ZeroPadding2DArgs): ZeroPadding2D => new ZeroPadding2D(args);

/** Keras class name → constructor, for rebuilding saved models. */
export const LAYER_CLASSES: Readonly<Record<string, new (args: never) => Layer>> = {
  Dense,
  Activation,
  Flatten,
  Reshape,
  Dropout,
  InputLayer,
  BatchNormalization,
  LayerNormalization,
  LeakyReLU,
  Concatenate,
  Add,
  Multiply,
  Average,
  Conv2D,
  MaxPooling2D,
  ZeroPadding2D,
};

/** A layer's serialized form: its Keras class name and its `getConfig()`. */
export interface SerializedLayer {
  className: string;
  config: LayerConfig;
}

/** Rebuilds a layer from `{className, config}` (weights are not part of the config). */
export function deserializeLayer({ className, config }: SerializedLayer): Layer {
  const cls = Object.hasOwn(LAYER_CLASSES, className) ? LAYER_CLASSES[className] : undefined;
  if (!cls) {
    throw new ValueError(
      `unsupported layer ${className}; Neurite knows ${Object.keys(LAYER_CLASSES).join(', ')}`,
    );
  }
  return new cls(config as never);
}
