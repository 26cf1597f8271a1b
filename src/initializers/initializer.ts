/** The Initializer base: a seeded function from a shape to initial values. */
import type { DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { Random, rngFor } from '../random/prng.js';

export type InitializerConfig = Record<string, number | string | null>;

export abstract class Initializer {
  /** Keras class name, for saving (`GlorotUniform`, `Zeros`…). */
  abstract readonly className: string;
  /** Produces a tensor of `shape`. */
  abstract call(shape: Shape, dtype?: DType): Tensor;
  abstract getConfig(): InitializerConfig;
}

/**
 * A random initializer. With a `seed` every call gives the same values (as Keras 3 does for
 * an integer seed); without one each call draws a fresh seed from the global stream, so
 * `nn.setSeed` makes model initialisation reproducible.
 */
export abstract class RandomInitializer extends Initializer {
  readonly seed: number | null;
  constructor(seed?: number | null) {
    super();
    this.seed = seed ?? null;
  }
  protected rng(): Random {
    return this.seed === null ? rngFor() : new Random(this.seed);
  }
}

/** fan_in and fan_out of a weight shape, as Keras computes them. */
export function computeFans(shape: Shape): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  let receptive = 1;
  for (const d of shape.slice(0, -2)) receptive *= d;
  return [shape[shape.length - 2]! * receptive, shape[shape.length - 1]! * receptive];
}
