/** LayerNormalization: normalizes each sample over `axis` (default the last), then scales and shifts. */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { add, mean, mul, reshape, rsqrt, square, sub } from '../ops/index.js';
import { normAxes } from '../tensor/shape.js';
import type { InitializerIdentifier } from '../initializers/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { serializeInitializer } from './serialize.js';

/**
 * Options of {@link layers.layerNormalization} (Keras `LayerNormalization`'s arguments, in camelCase).
 */
export interface LayerNormalizationArgs extends LayerArgs {
  /** Axis or axes to normalize over. Default -1. */
  axis?: number | readonly number[];
  /** Default 1e-3. */
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
}

/**
 * The `LayerNormalization` layer (Keras `keras.layers.LayerNormalization`): see {@link layers.layerNormalization}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.LayerNormalization();
 */
export class LayerNormalization extends Layer {
  readonly className = 'LayerNormalization';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly axis: number | readonly number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: InitializerIdentifier;
  readonly gammaInitializer: InitializerIdentifier;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  #axes: number[] = [];

  constructor(args: LayerNormalizationArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    const axes: readonly unknown[] = typeof this.axis === 'number' ? [this.axis] : this.axis;
    if (!Array.isArray(axes) || axes.length === 0 || axes.some((a) => !Number.isInteger(a))) {
      throw new ValueError(
        `LayerNormalization: axis must be an integer or a non-empty array of integers, received ${JSON.stringify(args.axis)}`,
      );
    }
    this.epsilon = args.epsilon ?? 1e-3;
    if (!(this.epsilon > 0))
      throw new ValueError(`LayerNormalization: epsilon must be > 0, received ${this.epsilon}`);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = args.betaInitializer ?? 'zeros';
    this.gammaInitializer = args.gammaInitializer ?? 'ones';
  }

  override build(inputShape: ShapeSpec): void {
    this.#axes = normAxes(this.axis, inputShape.length, `LayerNormalization '${this.name}'`);
    const shape = this.#axes.map((a) => inputShape[a]);
    if (shape.some((d) => d === null || d === undefined)) {
      throw new ShapeError(
        `LayerNormalization '${this.name}': normalized axes of ${fmtSpecJson(inputShape)} must be known`,
      );
    }
    const dims = shape as number[];
    if (this.scale) this.gamma = this.addWeight('gamma', dims, this.gammaInitializer);
    if (this.center) this.beta = this.addWeight('beta', dims, this.betaInitializer);
    this.built = true;
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    const axes = this.#axes;
    const m = mean(x, axes, true);
    const v = mean(square(sub(x, m)), axes, true);
    let y = mul(sub(x, m), rsqrt(add(v, this.epsilon)));
    const bshape = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
    if (this.gamma) y = mul(y, reshape(this.gamma, bshape));
    if (this.beta) y = add(y, reshape(this.beta, bshape));
    return y;
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      axis: typeof this.axis === 'number' ? this.axis : [...this.axis],
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(this.betaInitializer),
      gammaInitializer: serializeInitializer(this.gammaInitializer),
    };
  }
}
