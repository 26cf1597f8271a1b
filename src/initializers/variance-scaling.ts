/**
 * VarianceScaling and its named forms (Glorot, He, LeCun), with Keras 3's formulas:
 * uniform limit √(3·scale/n); truncated normal std √(scale/n) / 0.87962566103423978.
 */
import { ValueError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { type Shape, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues } from '../ops/core.js';
import { computeFans, type InitializerConfig, RandomInitializer } from './initializer.js';

/**
 * Which fan scales the variance: inputs (`fanIn`), outputs (`fanOut`) or their mean (`fanAvg`).
 */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
/**
 * How variance-scaling samples: uniform, truncated normal (`'normal'` means it too, as Keras) or untruncated normal.
 */
export type Distribution = 'uniform' | 'truncatedNormal' | 'untruncatedNormal' | 'normal';

/**
 * Options of {@link initializers.varianceScaling} (Keras `VarianceScaling`'s arguments in camelCase).
 */
export interface VarianceScalingArgs {
  /** Default 1. */
  scale?: number;
  /** Default 'fanIn'. */
  mode?: FanMode;
  /** Default 'truncatedNormal'. */
  distribution?: Distribution;
  seed?: number | null;
}

const MODE_IDS: Record<string, FanMode> = {
  fan_in: 'fanIn',
  fan_out: 'fanOut',
  fan_avg: 'fanAvg',
  fanIn: 'fanIn',
  fanOut: 'fanOut',
  fanAvg: 'fanAvg',
};
const DIST_IDS: Record<string, Distribution> = {
  uniform: 'uniform',
  truncated_normal: 'truncatedNormal',
  truncatedNormal: 'truncatedNormal',
  untruncated_normal: 'untruncatedNormal',
  untruncatedNormal: 'untruncatedNormal',
  normal: 'truncatedNormal',
};

const TRUNC_STD_CORRECTION = 0.87962566103423978;

/**
 * The initializer behind {@link initializers.varianceScaling}.
 *
 * @example
 * new nn.initializers.VarianceScaling({ scale: 2, mode: 'fanOut' }).call([8, 8]);
 */
export class VarianceScaling extends RandomInitializer {
  readonly className: string = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;

  constructor({
    scale = 1,
    mode = 'fanIn',
    distribution = 'truncatedNormal',
    seed,
  }: VarianceScalingArgs = {}) {
    super(seed);
    if (!(scale > 0)) throw new ValueError(`VarianceScaling: scale must be > 0, received ${scale}`);
    const m = MODE_IDS[mode];
    if (!m)
      throw new ValueError(
        `VarianceScaling: mode must be 'fanIn', 'fanOut' or 'fanAvg', received '${mode}'`,
      );
    const d = DIST_IDS[distribution];
    if (!d)
      throw new ValueError(
        `VarianceScaling: distribution must be 'uniform', 'truncatedNormal' or 'untruncatedNormal', received '${distribution}'`,
      );
    this.scale = scale;
    this.mode = m;
    this.distribution = d;
  }

  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    const [fanIn, fanOut] = computeFans(shape);
    const n =
      this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const s = this.scale / Math.max(1, n);
    const rng = this.rng();
    const values = new Float32Array(sizeOf(shape));
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * s);
      for (let i = 0; i < values.length; i++) values[i] = (2 * rng.next() - 1) * limit;
    } else if (this.distribution === 'untruncatedNormal') {
      const std = Math.sqrt(s);
      for (let i = 0; i < values.length; i++) values[i] = std * rng.normal();
    } else {
      const std = Math.sqrt(s) / TRUNC_STD_CORRECTION;
      for (let i = 0; i < values.length; i++) {
        let z: number;
        do z = rng.normal();
        while (Math.abs(z) > 2);
        values[i] = std * z;
      }
    }
    return fromValues(values, shape, dtype, this.className);
  }

  getConfig(): InitializerConfig {
    const mode = { fanIn: 'fan_in', fanOut: 'fan_out', fanAvg: 'fan_avg' }[this.mode];
    const dist = {
      uniform: 'uniform',
      truncatedNormal: 'truncated_normal',
      untruncatedNormal: 'untruncated_normal',
      normal: 'truncated_normal',
    }[this.distribution];
    return { scale: this.scale, mode, distribution: dist, seed: this.seed };
  }
}

/** A VarianceScaling with fixed scale, mode and distribution; only the seed is configurable. */
abstract class NamedVarianceScaling extends VarianceScaling {
  constructor(scale: number, mode: FanMode, distribution: Distribution, seed?: number | null) {
    super({ scale, mode, distribution, seed });
  }
  override getConfig(): InitializerConfig {
    return { seed: this.seed };
  }
}

/**
 * Options of the named variance-scaling initializers (Glorot, He, LeCun): an optional seed.
 */
export interface SeedArgs {
  seed?: number | null;
}

/**
 * U(−limit, limit), limit = √(6 / (fanIn + fanOut)). The Dense kernel default.
 * @example
 * new nn.initializers.GlorotUniform({ seed: 42 }).call([3, 2]);
 */
export class GlorotUniform extends NamedVarianceScaling {
  override readonly className = 'GlorotUniform';
  constructor({ seed }: SeedArgs = {}) {
    super(1, 'fanAvg', 'uniform', seed);
  }
}
/**
 * Truncated normal, std √(2 / (fanIn + fanOut)).
 * @example
 * new nn.initializers.GlorotNormal({ seed: 42 }).call([3, 2]);
 */
export class GlorotNormal extends NamedVarianceScaling {
  override readonly className = 'GlorotNormal';
  constructor({ seed }: SeedArgs = {}) {
    super(1, 'fanAvg', 'truncatedNormal', seed);
  }
}
/**
 * U(−limit, limit), limit = √(6 / fanIn).
 * @example
 * new nn.initializers.HeUniform({ seed: 42 }).call([3, 2]);
 */
export class HeUniform extends NamedVarianceScaling {
  override readonly className = 'HeUniform';
  constructor({ seed }: SeedArgs = {}) {
    super(2, 'fanIn', 'uniform', seed);
  }
}
/**
 * Truncated normal, std √(2 / fanIn).
 * @example
 * new nn.initializers.HeNormal({ seed: 42 }).call([3, 2]);
 */
export class HeNormal extends NamedVarianceScaling {
  override readonly className = 'HeNormal';
  constructor({ seed }: SeedArgs = {}) {
    super(2, 'fanIn', 'truncatedNormal', seed);
  }
}
/**
 * U(−limit, limit), limit = √(3 / fanIn).
 * @example
 * new nn.initializers.LecunUniform({ seed: 42 }).call([3, 2]);
 */
export class LecunUniform extends NamedVarianceScaling {
  override readonly className = 'LecunUniform';
  constructor({ seed }: SeedArgs = {}) {
    super(1, 'fanIn', 'uniform', seed);
  }
}
/**
 * Truncated normal, std √(1 / fanIn).
 * @example
 * new nn.initializers.LecunNormal({ seed: 42 }).call([3, 2]);
 */
export class LecunNormal extends NamedVarianceScaling {
  override readonly className = 'LecunNormal';
  constructor({ seed }: SeedArgs = {}) {
    super(1, 'fanIn', 'truncatedNormal', seed);
  }
}
