/** Constant, uniform, normal, orthogonal and identity initializers. */
import { ShapeError, ValueError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { type Shape, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues } from '../ops/core.js';
import { fill } from '../ops/creation.js';
import { Initializer, type InitializerConfig, RandomInitializer } from './initializer.js';

/**
 * The initializer behind {@link initializers.zeros}.
 *
 * @example
 * new nn.initializers.Zeros().call([2, 2]);
 */
export class Zeros extends Initializer {
  readonly className = 'Zeros';
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    return fill(shape, 0, dtype);
  }
  getConfig(): InitializerConfig {
    return {};
  }
}

/**
 * The initializer behind {@link initializers.ones}.
 *
 * @example
 * new nn.initializers.Ones().call([3]);
 */
export class Ones extends Initializer {
  readonly className = 'Ones';
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    return fill(shape, 1, dtype);
  }
  getConfig(): InitializerConfig {
    return {};
  }
}

/**
 * The initializer behind {@link initializers.constant}.
 *
 * @example
 * new nn.initializers.Constant({ value: 3 }).call([2]); // [3, 3]
 */
export class Constant extends Initializer {
  readonly className = 'Constant';
  readonly value: number;
  constructor({ value = 0 }: { value?: number } = {}) {
    super();
    if (!Number.isFinite(value))
      throw new ValueError(`Constant: value must be a finite number, received ${value}`);
    this.value = value;
  }
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    return fill(shape, this.value, dtype);
  }
  getConfig(): InitializerConfig {
    return { value: this.value };
  }
}

/**
 * Options of {@link initializers.randomUniform}: `minval` (default −0.05), `maxval` (0.05), `seed`.
 */
export interface RandomUniformArgs {
  /** Default -0.05. */
  minval?: number;
  /** Default 0.05. */
  maxval?: number;
  seed?: number | null;
}

/**
 * The initializer behind {@link initializers.randomUniform}.
 *
 * @example
 * new nn.initializers.RandomUniform({ minval: 0, maxval: 1 }).call([4]);
 */
export class RandomUniform extends RandomInitializer {
  readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  constructor({ minval = -0.05, maxval = 0.05, seed }: RandomUniformArgs = {}) {
    super(seed);
    if (!(minval < maxval))
      throw new ValueError(`RandomUniform: minval (${minval}) must be < maxval (${maxval})`);
    this.minval = minval;
    this.maxval = maxval;
  }
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    const rng = this.rng();
    const v = new Float32Array(sizeOf(shape));
    for (let i = 0; i < v.length; i++)
      v[i] = this.minval + (this.maxval - this.minval) * rng.next();
    return fromValues(v, shape, dtype, this.className);
  }
  getConfig(): InitializerConfig {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
}

/**
 * Options of {@link initializers.randomNormal} and {@link initializers.truncatedNormal}: `mean` (default 0), `stddev` (0.05), `seed`.
 */
export interface RandomNormalArgs {
  /** Default 0. */
  mean?: number;
  /** Default 0.05. */
  stddev?: number;
  seed?: number | null;
}

/**
 * The initializer behind {@link initializers.randomNormal}.
 *
 * @example
 * new nn.initializers.RandomNormal({ stddev: 1, seed: 5 }).call([2, 2]);
 */
export class RandomNormal extends RandomInitializer {
  readonly className: string = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  protected readonly truncate: boolean = false;
  constructor({ mean = 0, stddev = 0.05, seed }: RandomNormalArgs = {}) {
    super(seed);
    if (!(stddev >= 0))
      throw new ValueError(`${this.className}: stddev must be >= 0, received ${stddev}`);
    this.mean = mean;
    this.stddev = stddev;
  }
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    const rng = this.rng();
    const v = new Float32Array(sizeOf(shape));
    for (let i = 0; i < v.length; i++) {
      let z = rng.normal();
      while (this.truncate && Math.abs(z) > 2) z = rng.normal();
      v[i] = this.mean + this.stddev * z;
    }
    return fromValues(v, shape, dtype, this.className);
  }
  getConfig(): InitializerConfig {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

/**
 * Normal with values beyond two standard deviations redrawn (no std correction).
 * @example
 * new nn.initializers.TruncatedNormal({ stddev: 0.1 }).call([3, 3]);
 */
export class TruncatedNormal extends RandomNormal {
  override readonly className = 'TruncatedNormal';
  protected override readonly truncate = true;
}

/**
 * A random orthogonal matrix (QR of a normal matrix, signs fixed), times `gain`.
 * @example
 * new nn.initializers.Orthogonal({ gain: 1 }).call([4, 4]);
 */
export class Orthogonal extends RandomInitializer {
  readonly className = 'Orthogonal';
  readonly gain: number;
  constructor({ gain = 1, seed }: { gain?: number; seed?: number | null } = {}) {
    super(seed);
    this.gain = gain;
  }
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    if (shape.length < 2)
      throw new ShapeError(`Orthogonal: needs a shape of rank >= 2, received [${shape.join(',')}]`);
    const cols = shape[shape.length - 1]!;
    const rows = sizeOf(shape) / cols;
    // Orthonormalise the columns of the taller orientation with modified Gram-Schmidt.
    const [r, c] = rows >= cols ? [rows, cols] : [cols, rows];
    const rng = this.rng();
    const a = Array.from({ length: c }, () => Float64Array.from({ length: r }, () => rng.normal()));
    for (let j = 0; j < c; j++) {
      const v = a[j]!;
      for (let k = 0; k < j; k++) {
        const q = a[k]!;
        let d = 0;
        for (let i = 0; i < r; i++) d += q[i]! * v[i]!;
        for (let i = 0; i < r; i++) v[i]! -= d * q[i]!;
      }
      let n = 0;
      for (let i = 0; i < r; i++) n += v[i]! * v[i]!;
      n = Math.sqrt(n) || 1;
      for (let i = 0; i < r; i++) v[i]! /= n;
    }
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        out[i * cols + j] = this.gain * (rows >= cols ? a[j]![i]! : a[i]![j]!);
      }
    }
    return fromValues(out, shape, dtype, this.className);
  }
  getConfig(): InitializerConfig {
    return { gain: this.gain, seed: this.seed };
  }
}

/**
 * `gain` times the identity matrix (2-D shapes only).
 * @example
 * new nn.initializers.Identity().call([3, 3]); // the 3 × 3 identity
 */
export class Identity extends Initializer {
  readonly className = 'Identity';
  readonly gain: number;
  constructor({ gain = 1 }: { gain?: number } = {}) {
    super();
    this.gain = gain;
  }
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    if (shape.length !== 2)
      throw new ShapeError(`Identity: needs a 2-D shape, received [${shape.join(',')}]`);
    const [r, c] = shape as [number, number];
    const v = new Float32Array(r * c);
    for (let i = 0; i < Math.min(r, c); i++) v[i * c + i] = this.gain;
    return fromValues(v, shape, dtype, this.className);
  }
  getConfig(): InitializerConfig {
    return { gain: this.gain };
  }
}
