/**
 * The initializer registry: ids (`'glorotUniform'`, Keras's `'glorot_uniform'` too), Keras
 * class names for loading saved configs, and the `nn.initializers.*` factories. A new
 * initializer is its class plus one registration below.
 */
import { type Config, Registry } from '../serialization/registry.js';
import {
  Constant,
  Identity,
  Ones,
  Orthogonal,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  Zeros,
} from './basic.js';
import { Initializer, type InitializerConfig } from './initializer.js';
import {
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
  VarianceScaling,
  type Distribution,
  type FanMode,
  type SeedArgs,
} from './variance-scaling.js';

export { Initializer, computeFans, type InitializerConfig } from './initializer.js';
export * from './basic.js';
export * from './variance-scaling.js';

/**
 * Every initializer: one registration each, which is also its `nn.initializers` factory.
 * @example
 * nn.initializers.INITIALIZERS.get('he_normal'); // a HeNormal initializer
 */
export const INITIALIZERS = new Registry<Initializer>({
  kind: 'initializer',
  namespace: 'nn.initializers',
  is: (x): x is Initializer => x instanceof Initializer,
  accepts: 'an initializer id, an Initializer or a {className, config} object',
});

// Saved configs are read leniently, as Keras's and TF.js's files differ: each class reads
// only the keys it takes, and only values of the type it takes.
const num = (c: Config, k: string): number | undefined => {
  const v = c[k];
  return typeof v === 'number' ? v : undefined;
};
const str = <S extends string>(c: Config, k: string): S | undefined => {
  const v = c[k];
  return typeof v === 'string' ? (v as S) : undefined;
};
const seedOf = (c: Config): number | null => num(c, 'seed') ?? null;
const seeded =
  (Cls: new (a: SeedArgs) => Initializer) =>
  (c: Config): Initializer =>
    new Cls({ seed: seedOf(c) });

/**
 * Glorot (Xavier) uniform initializer (Keras `GlorotUniform`, the default kernel initializer):
 * U(−limit, limit) with `limit = √(6 / (fanIn + fanOut))`. `seed` makes it reproducible.
 *
 * @example
 * const layer = nn.layers.dense({ units: 4, kernelInitializer: nn.initializers.glorotUniform({ seed: 1 }) });
 * nn.initializers.glorotUniform().call([3, 4]); // a [3, 4] tensor
 */
export const glorotUniform = INITIALIZERS.registerClass(GlorotUniform, {
  className: 'GlorotUniform',
  positional: 'seed',
  fromConfig: seeded(GlorotUniform),
});
/**
 * Glorot (Xavier) normal initializer (Keras `GlorotNormal`): truncated normal with
 * std `√(2 / (fanIn + fanOut))`.
 *
 * @example
 * nn.layers.dense({ units: 4, kernelInitializer: nn.initializers.glorotNormal({ seed: 7 }) });
 */
export const glorotNormal = INITIALIZERS.registerClass(GlorotNormal, {
  className: 'GlorotNormal',
  positional: 'seed',
  fromConfig: seeded(GlorotNormal),
});
/**
 * He uniform initializer (Keras `HeUniform`): U(−limit, limit), `limit = √(6 / fanIn)`; suits ReLU layers.
 *
 * @example
 * nn.layers.conv2d({ filters: 8, kernelSize: 3, kernelInitializer: nn.initializers.heUniform() });
 */
export const heUniform = INITIALIZERS.registerClass(HeUniform, {
  className: 'HeUniform',
  positional: 'seed',
  fromConfig: seeded(HeUniform),
});
/**
 * He normal initializer (Keras `HeNormal`): truncated normal with std `√(2 / fanIn)`.
 *
 * @example
 * nn.layers.dense({ units: 64, activation: 'relu', kernelInitializer: nn.initializers.heNormal({ seed: 0 }) });
 */
export const heNormal = INITIALIZERS.registerClass(HeNormal, {
  className: 'HeNormal',
  positional: 'seed',
  fromConfig: seeded(HeNormal),
});
/**
 * LeCun uniform initializer (Keras `LecunUniform`): U(−limit, limit), `limit = √(3 / fanIn)`.
 *
 * @example
 * nn.initializers.lecunUniform({ seed: 3 }).call([2, 2]);
 */
export const lecunUniform = INITIALIZERS.registerClass(LecunUniform, {
  className: 'LecunUniform',
  positional: 'seed',
  fromConfig: seeded(LecunUniform),
});
/**
 * LeCun normal initializer (Keras `LecunNormal`): truncated normal with std `√(1 / fanIn)`; the SELU companion.
 *
 * @example
 * nn.layers.dense({ units: 8, activation: 'selu', kernelInitializer: nn.initializers.lecunNormal() });
 */
export const lecunNormal = INITIALIZERS.registerClass(LecunNormal, {
  className: 'LecunNormal',
  positional: 'seed',
  fromConfig: seeded(LecunNormal),
});
/**
 * Uniform initializer (Keras `RandomUniform`): U(minval, maxval), defaults −0.05 and 0.05.
 *
 * @example
 * nn.initializers.randomUniform({ minval: -1, maxval: 1, seed: 2 }).call([3]);
 */
export const randomUniform = INITIALIZERS.registerClass(RandomUniform, {
  className: 'RandomUniform',
  positional: 'minval',
  fromConfig: (c) =>
    new RandomUniform({ minval: num(c, 'minval'), maxval: num(c, 'maxval'), seed: seedOf(c) }),
});
/**
 * Normal initializer (Keras `RandomNormal`): N(mean, stddev²), defaults 0 and 0.05.
 *
 * @example
 * nn.initializers.randomNormal({ stddev: 0.01 }).call([2, 3]);
 */
export const randomNormal = INITIALIZERS.registerClass(RandomNormal, {
  className: 'RandomNormal',
  positional: 'mean',
  fromConfig: (c) =>
    new RandomNormal({ mean: num(c, 'mean'), stddev: num(c, 'stddev'), seed: seedOf(c) }),
});
/**
 * Truncated normal initializer (Keras `TruncatedNormal`): normal values beyond two standard
 * deviations redrawn; defaults mean 0, stddev 0.05.
 *
 * @example
 * nn.initializers.truncatedNormal({ stddev: 0.02 }).call([4, 4]);
 */
export const truncatedNormal = INITIALIZERS.registerClass(TruncatedNormal, {
  className: 'TruncatedNormal',
  positional: 'mean',
  fromConfig: (c) =>
    new TruncatedNormal({ mean: num(c, 'mean'), stddev: num(c, 'stddev'), seed: seedOf(c) }),
});
/**
 * All zeros (Keras `Zeros`, the default bias initializer).
 *
 * @example
 * nn.initializers.zeros().call([2]); // [0, 0]
 */
export const zeros = INITIALIZERS.registerClass(Zeros, { className: 'Zeros' });
/**
 * All ones (Keras `Ones`).
 *
 * @example
 * nn.initializers.ones().call([2]); // [1, 1]
 */
export const ones = INITIALIZERS.registerClass(Ones, { className: 'Ones' });
/**
 * Every value `value` (Keras `Constant`; default 0).
 *
 * @example
 * nn.layers.dense({ units: 2, biasInitializer: nn.initializers.constant({ value: 0.1 }) });
 */
export const constant = INITIALIZERS.registerClass(Constant, {
  className: 'Constant',
  positional: 'value',
  fromConfig: (c) => new Constant({ value: num(c, 'value') }),
});
/**
 * A random orthogonal matrix times `gain` (Keras `Orthogonal`, default gain 1; the recurrent
 * kernels' default).
 *
 * @example
 * const q = nn.initializers.orthogonal({ seed: 1 }).call([3, 3]); // q·qᵀ ≈ I
 */
export const orthogonal = INITIALIZERS.registerClass(Orthogonal, {
  className: 'Orthogonal',
  positional: 'gain',
  fromConfig: (c) => new Orthogonal({ gain: num(c, 'gain'), seed: seedOf(c) }),
});
/**
 * `gain` times the identity matrix (Keras `Identity`; 2-D shapes only).
 *
 * @throws ShapeError (when called) for a shape that is not 2-D.
 * @example
 * nn.initializers.identity({ gain: 2 }).call([2, 2]); // [[2, 0], [0, 2]]
 */
export const identity = INITIALIZERS.registerClass(Identity, {
  className: 'Identity',
  positional: 'gain',
  fromConfig: (c) => new Identity({ gain: num(c, 'gain') }),
});
/**
 * Variance scaling (Keras `VarianceScaling`): samples with variance `scale / n`, n the fan
 * chosen by `mode`; defaults `scale` 1, `mode` `'fanIn'`, `distribution` `'truncatedNormal'`.
 *
 * @throws ValueError for a non-positive scale, or an unknown mode or distribution.
 * @example
 * nn.initializers.varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform' }).call([4, 4]);
 */
export const varianceScaling = INITIALIZERS.registerClass(VarianceScaling, {
  className: 'VarianceScaling',
  positional: 'scale',
  fromConfig: (c) =>
    new VarianceScaling({
      scale: num(c, 'scale'),
      mode: str<FanMode>(c, 'mode'),
      distribution: str<Distribution>(c, 'distribution'),
      seed: seedOf(c),
    }),
});

/**
 * The initializer ids, in registration order.
 * @example
 * nn.initializers.INITIALIZER_IDS.includes('heNormal'); // true
 */
export const INITIALIZER_IDS: string[] = INITIALIZERS.ids();

/** An initializer, its id, or its serialized `{className, config}` (Keras: `{class_name, config}`). */
export type InitializerIdentifier =
  | string
  | Initializer
  | { className: string; config?: InitializerConfig }
  | { class_name: string; config?: InitializerConfig };

/**
 * Resolves an id (`'glorotUniform'`, `'glorot_uniform'`, `'GlorotUniform'`), a
 * `{className, config}` object (Keras's `{class_name, config}` too) or an instance.
 * @throws ValueError for an unknown id.
 * @example
 * nn.initializers.get('glorot_uniform').className; // 'GlorotUniform'
 */
export function get(identifier: InitializerIdentifier): Initializer {
  return INITIALIZERS.get(identifier);
}
