/**
 * What layers with a kernel and a bias share (Dense, Conv2D): the activation, the
 * initializers and regularizers of Keras's `Dense`/`Conv` signature, their defaults, and
 * their serialized form, in a base class.
 */
import { type Activation, get as getActivation } from '../activations/index.js';
import type { InitializerIdentifier } from '../initializers/index.js';
import {
  type Regularizer,
  type RegularizerIdentifier,
  get as getRegularizer,
} from '../regularizers/index.js';
import type { Variable } from '../tensor/tensor.js';
import { Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { serializeInitializer, serializeRegularizer } from './serialize.js';

export interface KernelLayerArgs {
  /** Activation id or function. Default linear (none). */
  activation?: string | Activation | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform', as Keras. */
  kernelInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
}

/** The resolved settings, defaults applied. */
export interface KernelSettings {
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerIdentifier;
  readonly biasInitializer: InitializerIdentifier;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly activityRegularizer: Regularizer | null;
}

const regularizer = (r: RegularizerIdentifier | null | undefined): Regularizer | null =>
  r ? getRegularizer(r) : null;

export function kernelSettings(args: KernelLayerArgs): KernelSettings {
  return {
    activation: getActivation(args.activation),
    useBias: args.useBias ?? true,
    kernelInitializer: args.kernelInitializer ?? 'glorotUniform',
    biasInitializer: args.biasInitializer ?? 'zeros',
    kernelRegularizer: regularizer(args.kernelRegularizer),
    biasRegularizer: regularizer(args.biasRegularizer),
    activityRegularizer: regularizer(args.activityRegularizer),
  };
}

/** The settings as Keras writes them in a layer config. */
export function kernelSettingsConfig(s: KernelSettings): LayerConfig {
  return {
    activation: s.activation.id,
    useBias: s.useBias,
    kernelInitializer: serializeInitializer(s.kernelInitializer),
    biasInitializer: serializeInitializer(s.biasInitializer),
    kernelRegularizer: serializeRegularizer(s.kernelRegularizer),
    biasRegularizer: serializeRegularizer(s.biasRegularizer),
    activityRegularizer: serializeRegularizer(s.activityRegularizer),
    kernelConstraint: null,
    biasConstraint: null,
  };
}

/** A layer with a kernel, an optional bias and an activation (Dense, Conv2D). */
export abstract class KernelLayer extends Layer implements KernelSettings {
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerIdentifier;
  readonly biasInitializer: InitializerIdentifier;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly activityRegularizer: Regularizer | null;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: LayerArgs & KernelLayerArgs = {}) {
    super(args);
    const s = kernelSettings(args ?? {});
    this.activation = s.activation;
    this.useBias = s.useBias;
    this.kernelInitializer = s.kernelInitializer;
    this.biasInitializer = s.biasInitializer;
    this.kernelRegularizer = s.kernelRegularizer;
    this.biasRegularizer = s.biasRegularizer;
    this.activityRegularizer = s.activityRegularizer;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), ...kernelSettingsConfig(this) };
  }
}
