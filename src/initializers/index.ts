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

/** Every initializer: one registration each, which is also its `nn.initializers` factory. */
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

export const glorotUniform = INITIALIZERS.registerClass(GlorotUniform, {
  className: 'GlorotUniform',
  positional: 'seed',
  fromConfig: seeded(GlorotUniform),
});
export const glorotNormal = INITIALIZERS.registerClass(GlorotNormal, {
  className: 'GlorotNormal',
  positional: 'seed',
  fromConfig: seeded(GlorotNormal),
});
export const heUniform = INITIALIZERS.registerClass(HeUniform, {
  className: 'HeUniform',
  positional: 'seed',
  fromConfig: seeded(HeUniform),
});
export const heNormal = INITIALIZERS.registerClass(HeNormal, {
  className: 'HeNormal',
  positional: 'seed',
  fromConfig: seeded(HeNormal),
});
export const lecunUniform = INITIALIZERS.registerClass(LecunUniform, {
  className: 'LecunUniform',
  positional: 'seed',
  fromConfig: seeded(LecunUniform),
});
export const lecunNormal = INITIALIZERS.registerClass(LecunNormal, {
  className: 'LecunNormal',
  positional: 'seed',
  fromConfig: seeded(LecunNormal),
});
export const randomUniform = INITIALIZERS.registerClass(RandomUniform, {
  className: 'RandomUniform',
  positional: 'minval',
  fromConfig: (c) =>
    new RandomUniform({ minval: num(c, 'minval'), maxval: num(c, 'maxval'), seed: seedOf(c) }),
});
export const randomNormal = INITIALIZERS.registerClass(RandomNormal, {
  className: 'RandomNormal',
  positional: 'mean',
  fromConfig: (c) =>
    new RandomNormal({ mean: num(c, 'mean'), stddev: num(c, 'stddev'), seed: seedOf(c) }),
});
export const truncatedNormal = INITIALIZERS.registerClass(TruncatedNormal, {
  className: 'TruncatedNormal',
  positional: 'mean',
  fromConfig: (c) =>
    new TruncatedNormal({ mean: num(c, 'mean'), stddev: num(c, 'stddev'), seed: seedOf(c) }),
});
export const zeros = INITIALIZERS.registerClass(Zeros, { className: 'Zeros' });
export const ones = INITIALIZERS.registerClass(Ones, { className: 'Ones' });
export const constant = INITIALIZERS.registerClass(Constant, {
  className: 'Constant',
  positional: 'value',
  fromConfig: (c) => new Constant({ value: num(c, 'value') }),
});
export const orthogonal = INITIALIZERS.registerClass(Orthogonal, {
  className: 'Orthogonal',
  positional: 'gain',
  fromConfig: (c) => new Orthogonal({ gain: num(c, 'gain'), seed: seedOf(c) }),
});
export const identity = INITIALIZERS.registerClass(Identity, {
  className: 'Identity',
  positional: 'gain',
  fromConfig: (c) => new Identity({ gain: num(c, 'gain') }),
});
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

/** The initializer ids, in registration order. */
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
 */
export function get(identifier: InitializerIdentifier): Initializer {
  return INITIALIZERS.get(identifier);
}
