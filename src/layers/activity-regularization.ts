/**
 * ActivityRegularization (Keras 3 `keras.layers.ActivityRegularization`): passes its input
 * through and adds `(l1·Σ|x| + l2·Σx²) / batch` to the model's losses, as Keras's activity
 * regularizers do.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { L1L2 } from '../regularizers/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';

/**
 * Options of {@link layers.activityRegularization} (Keras `ActivityRegularization`'s arguments, in camelCase).
 */
export interface ActivityRegularizationArgs extends LayerArgs {
  /** L1 factor (≥ 0). Default 0. */
  l1?: number;
  /** L2 factor (≥ 0). Default 0. */
  l2?: number;
}

/**
 * The `ActivityRegularization` layer (Keras `keras.layers.ActivityRegularization`): see {@link layers.activityRegularization}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.ActivityRegularization({ l1: 0.01 });
 */
export class ActivityRegularization extends Layer {
  readonly className = 'ActivityRegularization';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly l1: number;
  readonly l2: number;
  readonly #reg: L1L2;
  constructor(args: ActivityRegularizationArgs = {}) {
    super(args);
    const a = args ?? {};
    for (const k of ['l1', 'l2'] as const) {
      const v = a[k];
      if (v !== undefined && (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)))
        throw new ValueError(
          `ActivityRegularization '${this.name}': ${k} must be a finite number >= 0, received ${JSON.stringify(v)}`,
        );
    }
    this.l1 = a.l1 ?? 0;
    this.l2 = a.l2 ?? 0;
    this.#reg = new L1L2({ l1: this.l1, l2: this.l2 });
  }
  call(x: Tensor, _opts: CallOptions): Tensor {
    this.recordActivityLoss(this.#reg, x);
    return x;
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), l1: this.l1, l2: this.l2 };
  }
}
