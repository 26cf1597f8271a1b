/**
 * TimeDistributed (Keras 3): applies a layer to every time step of `[batch, time, ...]`
 * inputs, with the same weights, by folding time into the batch: `[batch·time, ...]` →
 * layer → `[batch, time, ...]`. As in Keras 3, the
 * input mask does not pass through.
 */
import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { reshape } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig, withoutMask } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { requireLayer, serializeSublayer, Wrapper } from './wrapper.js';

/**
 * Options of {@link layers.timeDistributed} (Keras `TimeDistributed`'s arguments, in camelCase).
 */
export interface TimeDistributedArgs extends LayerArgs {
  /** The layer applied at each time step (one input, one output). */
  layer: Layer;
}

/**
 * The `TimeDistributed` layer (Keras `keras.layers.TimeDistributed`): see {@link layers.timeDistributed}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.TimeDistributed({ layer: nn.layers.dense({ units: 2 }) });
 */
export class TimeDistributed extends Wrapper {
  readonly className = 'TimeDistributed';
  readonly layer: Layer;

  constructor(args: TimeDistributedArgs) {
    super(args);
    this.layer = requireLayer('TimeDistributed', 'layer', args?.layer);
    if (this.layer.inputArity !== 1) {
      throw new ShapeError(
        `TimeDistributed: the wrapped ${this.layer.className} '${this.layer.name}' must take one input`,
      );
    }
  }

  protected get sublayers(): Layer[] {
    return [this.layer];
  }

  #check(shape: ShapeSpec): void {
    if (shape.length < 3) {
      throw new ShapeError(
        `TimeDistributed '${this.name}': expected input of shape [batch, time, ...], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  override build(inputShape: ShapeSpec): void {
    this.#check(inputShape);
    const inner: ShapeSpec = [null, ...inputShape.slice(2)];
    this.layer.ensureBuilt([inner]);
    this.built = true;
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    this.#check(shape);
  }

  call(x: Tensor, opts: CallOptions): Tensor {
    const [b, t] = x.shape as [number, number];
    const folded = reshape(x, [b * t, ...x.shape.slice(2)]);
    const y = this.layer.applyEager([folded], withoutMask(opts))[0]!;
    return reshape(y, [b, t, ...y.shape.slice(1)]);
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    const inner = this.layer.computeOutputShape([null, ...inputShape.slice(2)]);
    return [inputShape[0]!, inputShape[1]!, ...inner.slice(1)];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), layer: serializeSublayer(this.layer) };
  }
}
