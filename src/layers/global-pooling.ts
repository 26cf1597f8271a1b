/**
 * Global pooling layers of Keras 3 beyond GlobalAveragePooling2D: GlobalAveragePooling1D
 * (mask-aware: masked steps are left out of the mean), GlobalMaxPooling1D and
 * GlobalMaxPooling2D, over channels-last inputs; `keepdims` keeps the reduced axes as size 1.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast, div, expandDims, max, mean, mul, sum } from '../ops/index.js';
import { tidy } from '../engine/tidy.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { checkChannelsLast } from './conv2d.js';

/**
 * Options of {@link layers.globalAveragePooling1d}, {@link layers.globalMaxPooling1d} and {@link layers.globalMaxPooling2d}.
 */
export interface GlobalPoolingArgs extends LayerArgs {
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
  /** Keep the reduced axes (as size 1). Default false. */
  keepdims?: boolean;
}

const isMaskList = (
  m: Tensor | null | readonly (Tensor | null)[] | undefined,
): m is readonly (Tensor | null)[] => Array.isArray(m);

/** The shared part: the rank it takes, the axes it reduces, shapes and config. */
abstract class GlobalPooling extends Layer {
  readonly keepdims: boolean;
  protected abstract readonly rank: 3 | 4;

  constructor(args: GlobalPoolingArgs, kind: string) {
    super(args);
    const where = `${kind} '${this.name}'`;
    checkChannelsLast(args.dataFormat, where);
    this.keepdims = args.keepdims ?? false;
    if (typeof this.keepdims !== 'boolean')
      throw new ValueError(
        `${where}: keepdims must be true or false, received ${JSON.stringify(this.keepdims)}`,
      );
  }

  protected get axes(): number[] {
    return this.rank === 3 ? [1] : [1, 2];
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length !== this.rank) {
      const want =
        this.rank === 3 ? '[batch, steps, channels]' : '[batch, height, width, channels]';
      throw new ShapeError(
        `${this.className} '${this.name}': expected input of shape ${want}, received ${fmtSpecJson(shape)}`,
      );
    }
  }

  override computeOutputShape(s: ShapeSpec): ShapeSpec {
    const n = s[0] ?? null;
    const c = s[this.rank - 1] ?? null;
    if (!this.keepdims) return [n, c];
    return this.rank === 3 ? [n, 1, c] : [n, 1, 1, c];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), dataFormat: 'channels_last', keepdims: this.keepdims };
  }
}

/**
 * Keras 3's GlobalAveragePooling1D: the mean over the steps; with a mask ([batch, steps]),
 * the mean over the unmasked steps only (`sum(x·mask) / sum(mask)`), as Keras.
 * @example
 * const layer = new nn.layers.GlobalAveragePooling1D();
 */
export class GlobalAveragePooling1D extends GlobalPooling {
  readonly className = 'GlobalAveragePooling1D';

  constructor(args: GlobalPoolingArgs = {}) {
    super(args ?? {}, 'GlobalAveragePooling1D');
  }
  protected readonly rank = 3;

  call(x: Tensor, opts: CallOptions): Tensor {
    const given: Tensor | null | readonly (Tensor | null)[] | undefined = opts.mask;
    const m: Tensor | null | undefined = isMaskList(given) ? given[0] : given;
    if (!m) return mean(x, 1, this.keepdims);
    return tidy(() => {
      const w = expandDims(cast(m, x.dtype), -1);
      return div(sum(mul(x, w), 1, this.keepdims), sum(w, 1, this.keepdims));
    });
  }
}

/**
 * Keras 3's GlobalMaxPooling1D: the largest value of each channel over the steps.
 * @example
 * const layer = new nn.layers.GlobalMaxPooling1D();
 */
export class GlobalMaxPooling1D extends GlobalPooling {
  readonly className = 'GlobalMaxPooling1D';

  constructor(args: GlobalPoolingArgs = {}) {
    super(args ?? {}, 'GlobalMaxPooling1D');
  }
  protected readonly rank = 3;

  call(x: Tensor, _opts: CallOptions): Tensor {
    return max(x, this.axes, this.keepdims);
  }
}

/**
 * Keras 3's GlobalMaxPooling2D: the largest value of each channel over the image.
 * @example
 * const layer = new nn.layers.GlobalMaxPooling2D();
 */
export class GlobalMaxPooling2D extends GlobalPooling {
  readonly className = 'GlobalMaxPooling2D';

  constructor(args: GlobalPoolingArgs = {}) {
    super(args ?? {}, 'GlobalMaxPooling2D');
  }
  protected readonly rank = 4;

  call(x: Tensor, _opts: CallOptions): Tensor {
    return max(x, this.axes, this.keepdims);
  }
}
