/**
 * Rescaling (Keras 3 `keras.layers.Rescaling`): `x·scale + offset`, in training and
 * inference alike. `scale` and `offset` are numbers, or arrays broadcast against the input
 * from its last axis (NumPy's rule), e.g. one value per channel of an image.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul, tensor } from '../ops/index.js';
import {
  type CallOptions,
  type ConfigValue,
  Layer,
  type LayerArgs,
  type LayerConfig,
} from './layer.js';

/** A number, or a nested array of numbers with a rectangular shape. */
export type RescalingValue = number | readonly RescalingValue[];

/**
 * Options of {@link layers.rescaling} (Keras `Rescaling`'s arguments, in camelCase).
 */
export interface RescalingArgs extends LayerArgs {
  /** The factor. Default 1 (Keras requires it). */
  scale?: RescalingValue;
  /** Added after scaling. Default 0. */
  offset?: RescalingValue;
}

/** Values a Rescaling layer may hold in its config (it is saved as JSON). */
const MAX_VALUES = 1 << 16;

/** The shape of a rectangular nested array of finite numbers, or null. */
function shapeOf(v: unknown, depth = 0): number[] | null {
  if (typeof v === 'number') return Number.isFinite(v) ? [] : null;
  if (!Array.isArray(v) || v.length === 0 || depth > 8) return null;
  const inner = shapeOf(v[0], depth + 1);
  if (inner === null) return null;
  for (const e of v) {
    const s = shapeOf(e, depth + 1);
    if (s === null || s.join() !== inner.join()) return null;
  }
  return [v.length, ...inner];
}

function check(v: RescalingValue, what: string, where: string): number[] {
  const shape = shapeOf(v);
  if (shape === null || shape.reduce((a, b) => a * b, 1) > MAX_VALUES) {
    throw new ValueError(
      `${where}: ${what} must be a finite number or a rectangular array of at most ${MAX_VALUES} finite numbers, received ${JSON.stringify(v)?.slice(0, 80)}`,
    );
  }
  return shape;
}

/**
 * The `Rescaling` layer (Keras `keras.layers.Rescaling`): see {@link layers.rescaling}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Rescaling({ scale: 1 / 255 });
 */
export class Rescaling extends Layer {
  readonly className = 'Rescaling';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly scale: RescalingValue;
  readonly offset: RescalingValue;
  readonly #scaleShape: number[];
  readonly #offsetShape: number[];

  constructor(args: RescalingArgs = {}) {
    super(args);
    const where = `Rescaling '${this.name}'`;
    this.scale = args.scale ?? 1;
    this.offset = args.offset ?? 0;
    this.#scaleShape = check(this.scale, 'scale', where);
    this.#offsetShape = check(this.offset, 'offset', where);
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    const constant = (v: RescalingValue, shape: number[]): number | Tensor =>
      typeof v === 'number' ? v : tensor(v.flat(8) as number[], shape);
    let y = x;
    if (this.scale !== 1) y = mul(y, constant(this.scale, this.#scaleShape));
    if (this.offset !== 0) y = add(y, constant(this.offset, this.#offsetShape));
    return y;
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      scale: this.scale as ConfigValue,
      offset: this.offset as ConfigValue,
    };
  }
}
