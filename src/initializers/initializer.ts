/** The Initializer base: a seeded function from a shape to initial values. */
import type { DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { Random, rngFor } from '../random/prng.js';

/**
 * An initializer's `getConfig()`: its hyperparameters by name.
 */
export type InitializerConfig = Record<string, number | string | null>;

/**
 * The base class of initializers: `call(shape, dtype?)` returns a new tensor of initial values;
 * `getConfig()` what rebuilds it. Layers take one (or its id) as `kernelInitializer` etc.
 *
 * @example
 * class Halves extends nn.initializers.Initializer {
 *   readonly className = 'Halves';
 *   call(shape: nn.Shape): nn.Tensor {
 *     return nn.fill(shape, 0.5);
 *   }
 *   getConfig() {
 *     return {};
 *   }
 * }
 * nn.layers.dense({ units: 2, kernelInitializer: new Halves() });
 */
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

/**
 * fan_in and fan_out of a weight shape, as Keras computes them.
 * @example
 * nn.initializers.computeFans([784, 64]); // [784, 64]
 * nn.initializers.computeFans([3, 3, 16, 32]); // [144, 288]: receptive field 9 × channels
 */
export function computeFans(shape: Shape): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  let receptive = 1;
  for (const d of shape.slice(0, -2)) receptive *= d;
  return [shape[shape.length - 2]! * receptive, shape[shape.length - 1]! * receptive];
}
