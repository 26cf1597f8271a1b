/**
 * BatchNormalization (Keras 3): in training, normalizes with the batch's mean and (biased)
 * variance and updates the moving statistics as `moving = moving·momentum + batch·(1 −
 * momentum)`; at inference it uses the moving statistics.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { add, mean, mul, reshape, rsqrt, square, sub } from '../ops/index.js';
import { tidy } from '../engine/tidy.js';
import { normAxis } from '../tensor/shape.js';
import type { InitializerIdentifier } from '../initializers/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { serializeInitializer } from './serialize.js';

/**
 * Options of {@link layers.batchNormalization} (Keras `BatchNormalization`'s arguments, in camelCase).
 */
export interface BatchNormalizationArgs extends LayerArgs {
  /** The features axis. Default -1. */
  axis?: number;
  /** Moving-average momentum. Default 0.99. */
  momentum?: number;
  /** Added to the variance. Default 1e-3. */
  epsilon?: number;
  /** Learn an offset beta. Default true. */
  center?: boolean;
  /** Learn a scale gamma. Default true. */
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
}

/**
 * The `BatchNormalization` layer (Keras `keras.layers.BatchNormalization`): see {@link layers.batchNormalization}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.BatchNormalization({ momentum: 0.9 });
 */
export class BatchNormalization extends Layer {
  readonly className = 'BatchNormalization';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly inits: Record<'beta' | 'gamma' | 'movingMean' | 'movingVariance', InitializerIdentifier>;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  movingMean: Variable | null = null;
  movingVariance: Variable | null = null;
  #axis = -1;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    this.momentum = args.momentum ?? 0.99;
    this.epsilon = args.epsilon ?? 1e-3;
    if (!(this.momentum >= 0 && this.momentum <= 1))
      throw new ValueError(
        `BatchNormalization: momentum must be in [0, 1], received ${this.momentum}`,
      );
    if (!(this.epsilon > 0))
      throw new ValueError(`BatchNormalization: epsilon must be > 0, received ${this.epsilon}`);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.inits = {
      beta: args.betaInitializer ?? 'zeros',
      gamma: args.gammaInitializer ?? 'ones',
      movingMean: args.movingMeanInitializer ?? 'zeros',
      movingVariance: args.movingVarianceInitializer ?? 'ones',
    };
  }

  override build(inputShape: ShapeSpec): void {
    this.#axis = normAxis(this.axis, inputShape.length, `BatchNormalization '${this.name}'`);
    const dim = inputShape[this.#axis];
    if (dim === null || dim === undefined) {
      throw new ShapeError(
        `BatchNormalization '${this.name}': axis ${this.axis} of input ${fmtSpecJson(inputShape)} must be known`,
      );
    }
    if (this.scale) this.gamma = this.addWeight('gamma', [dim], this.inits.gamma);
    if (this.center) this.beta = this.addWeight('beta', [dim], this.inits.beta);
    this.movingMean = this.addWeight('moving_mean', [dim], this.inits.movingMean, {
      trainable: false,
    });
    this.movingVariance = this.addWeight('moving_variance', [dim], this.inits.movingVariance, {
      trainable: false,
    });
    this.built = true;
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    const dim = this.movingMean!.shape[0]!;
    const ax = this.#axis;
    if (shape.length <= ax || (shape[ax] !== null && shape[ax] !== dim)) {
      throw new ShapeError(
        `BatchNormalization '${this.name}': expected axis ${ax} of size ${dim}, received shape ${fmtSpecJson(shape)}`,
      );
    }
  }

  call(x: Tensor, opts: CallOptions): Tensor {
    const ax = this.#axis;
    const bshape = x.shape.map((d, i) => (i === ax ? d : 1));
    const reduceAxes = x.shape.map((_, i) => i).filter((i) => i !== ax);
    const param = (v: Variable): Tensor => reshape(v, bshape);
    let m: Tensor;
    let v: Tensor;
    if (opts.training) {
      m = mean(x, reduceAxes, true);
      v = mean(square(sub(x, m)), reduceAxes, true);
      const mm = this.movingMean!;
      const mv = this.movingVariance!;
      const mom = this.momentum;
      const [bm, bv] = [m, v];
      tidy(() => {
        mm.assign(add(mul(mm, mom), mul(reshape(bm, mm.shape), 1 - mom)));
        mv.assign(add(mul(mv, mom), mul(reshape(bv, mv.shape), 1 - mom)));
      });
    } else {
      m = param(this.movingMean!);
      v = param(this.movingVariance!);
    }
    let y = mul(sub(x, m), rsqrt(add(v, this.epsilon)));
    if (this.gamma) y = mul(y, param(this.gamma));
    if (this.beta) y = add(y, param(this.beta));
    return y;
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(this.inits.beta),
      gammaInitializer: serializeInitializer(this.inits.gamma),
      movingMeanInitializer: serializeInitializer(this.inits.movingMean),
      movingVarianceInitializer: serializeInitializer(this.inits.movingVariance),
    };
  }
}
