/** AdamW: Adam with decoupled weight decay. */
import { ValueError } from '../errors.js';
import { Adam, type AdamArgs } from './adam.js';

/**
 * Options of {@link optimizers.adamw}: Adam's, with `weightDecay` default 0.004 (Keras 3).
 */
export interface AdamWArgs extends AdamArgs {
  /** Decoupled weight decay factor; must be a number. Default 0.004. */
  weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter 2019, https://arxiv.org/abs/1711.05101): exactly Adam plus the
 * base class's decoupled decay `x ← x − x·weightDecay·lr` before each Adam step (the decay
 * is scaled by lr, not by a separate schedule). Keras 3 defaults: as Adam, weightDecay 0.004.
 *
 * @example
 * const opt = nn.optimizers.adamw({ learningRate: 0.001, weightDecay: 0.01 });
 */
export class AdamW extends Adam {
  constructor(args: AdamWArgs = {}) {
    const { weightDecay = 0.004 } = args;
    if (typeof weightDecay !== 'number') {
      throw new ValueError(
        `AdamW: weightDecay must be a number, received ${weightDecay === null ? 'null' : typeof weightDecay}`,
      );
    }
    super({ ...args, name: args.name ?? 'adamw', weightDecay });
  }

  override get className(): string {
    return 'AdamW';
  }
}
