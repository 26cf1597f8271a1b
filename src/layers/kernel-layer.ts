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

/**
 * The options every layer with a kernel and a bias takes (`dense`, `conv1d`, `conv2d`, `conv2dTranspose`), with Keras's defaults.
 */
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

const regularizer = (r: RegularizerIdentifier | null | undefined): Regularizer | null =>
  r ? getRegularizer(r) : null;

/**
 * A layer with a kernel, an optional bias and an activation (Dense, Conv2D).
 * @example
 * const layer: nn.layers.KernelLayer = nn.layers.dense({ units: 2, useBias: false });
 * layer.apply(nn.ones([1, 3]));
 * layer.kernel!.shape; // [3, 2]
 */
export abstract class KernelLayer extends Layer {
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
    const a = args ?? {};
    this.activation = getActivation(a.activation);
    this.useBias = a.useBias ?? true;
    this.kernelInitializer = a.kernelInitializer ?? 'glorotUniform';
    this.biasInitializer = a.biasInitializer ?? 'zeros';
    this.kernelRegularizer = regularizer(a.kernelRegularizer);
    this.biasRegularizer = regularizer(a.biasRegularizer);
    this.activityRegularizer = regularizer(a.activityRegularizer);
  }

  /** The shared settings as Keras writes them, after the base layer's. */
  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      activation: this.activation.id,
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
      activityRegularizer: serializeRegularizer(this.activityRegularizer),
      kernelConstraint: null,
      biasConstraint: null,
    };
  }
}
