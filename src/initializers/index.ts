/**
 * The initializer registry: ids (`'glorotUniform'`, Keras's `'glorot_uniform'` too), Keras
 * class names for loading saved configs, and the `nn.initializers.*` factories.
 */
import { ValueError } from '../errors.js';
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
import type { RandomNormalArgs, RandomUniformArgs } from './basic.js';
import { Initializer, type InitializerConfig } from './initializer.js';
import {
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
  VarianceScaling,
  type SeedArgs,
  type VarianceScalingArgs,
} from './variance-scaling.js';

export { Initializer, computeFans, type InitializerConfig } from './initializer.js';
export * from './basic.js';
export * from './variance-scaling.js';

export const glorotUniform = (a?: SeedArgs): Initializer => new GlorotUniform(a);
export const glorotNormal = (a?: SeedArgs): Initializer => new GlorotNormal(a);
export const heUniform = (a?: SeedArgs): Initializer => new HeUniform(a);
export const heNormal = (a?: SeedArgs): Initializer => new HeNormal(a);
export const lecunUniform = (a?: SeedArgs): Initializer => new LecunUniform(a);
export const lecunNormal = (a?: SeedArgs): Initializer => new LecunNormal(a);
export const randomUniform = (a?: RandomUniformArgs): Initializer => new RandomUniform(a);
export const randomNormal = (a?: RandomNormalArgs): Initializer => new RandomNormal(a);
export const truncatedNormal = (a?: RandomNormalArgs): Initializer => new TruncatedNormal(a);
export const zeros = (): Initializer => new Zeros();
export const ones = (): Initializer => new Ones();
export const constant = (a?: { value?: number }): Initializer => new Constant(a);
export const orthogonal = (a?: { gain?: number; seed?: number | null }): Initializer =>
  new Orthogonal(a);
export const identity = (a?: { gain?: number }): Initializer => new Identity(a);
export const varianceScaling = (a?: VarianceScalingArgs): Initializer => new VarianceScaling(a);

type Factory = (config: InitializerConfig) => Initializer;
const num = (c: InitializerConfig, k: string): number | undefined => {
  const v = c[k];
  return typeof v === 'number' ? v : undefined;
};
const seedOf = (c: InitializerConfig): number | null => num(c, 'seed') ?? null;

/** id → factory from a (Keras-style) config. */
const REGISTRY: Readonly<Record<string, Factory>> = {
  glorotUniform: (c) => new GlorotUniform({ seed: seedOf(c) }),
  glorotNormal: (c) => new GlorotNormal({ seed: seedOf(c) }),
  heUniform: (c) => new HeUniform({ seed: seedOf(c) }),
  heNormal: (c) => new HeNormal({ seed: seedOf(c) }),
  lecunUniform: (c) => new LecunUniform({ seed: seedOf(c) }),
  lecunNormal: (c) => new LecunNormal({ seed: seedOf(c) }),
  randomUniform: (c) =>
    new RandomUniform({ minval: num(c, 'minval'), maxval: num(c, 'maxval'), seed: seedOf(c) }),
  randomNormal: (c) =>
    new RandomNormal({ mean: num(c, 'mean'), stddev: num(c, 'stddev'), seed: seedOf(c) }),
  truncatedNormal: (c) =>
    new TruncatedNormal({ mean: num(c, 'mean'), stddev: num(c, 'stddev'), seed: seedOf(c) }),
  zeros: () => new Zeros(),
  ones: () => new Ones(),
  constant: (c) => new Constant({ value: num(c, 'value') }),
  orthogonal: (c) => new Orthogonal({ gain: num(c, 'gain'), seed: seedOf(c) }),
  identity: (c) => new Identity({ gain: num(c, 'gain') }),
  varianceScaling: (c) =>
    new VarianceScaling({
      scale: num(c, 'scale'),
      mode: (typeof c.mode === 'string' ? c.mode : undefined) as VarianceScalingArgs['mode'],
      distribution: (typeof c.distribution === 'string'
        ? c.distribution
        : undefined) as VarianceScalingArgs['distribution'],
      seed: seedOf(c),
    }),
};

export const INITIALIZER_IDS = Object.keys(REGISTRY);

/** snake_case or PascalCase (Keras class names) to our camelCase id. */
function canonical(name: string): string {
  const camel = name.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
  return camel.charAt(0).toLowerCase() + camel.slice(1);
}

/** An initializer, its id, or its serialized `{className, config}` form. */
export type InitializerIdentifier =
  string | Initializer | { className: string; config?: InitializerConfig };

/** Resolves an id, a `{className, config}` object or an instance. */
export function get(identifier: InitializerIdentifier): Initializer {
  if (identifier instanceof Initializer) return identifier;
  const [name, config] =
    typeof identifier === 'string'
      ? [identifier, {}]
      : [identifier?.className, identifier?.config ?? {}];
  if (typeof name !== 'string' || typeof config !== 'object' || config === null) {
    throw new ValueError(
      `initializer: expected an id or {className, config}, received ${JSON.stringify(identifier)}`,
    );
  }
  const factory = Object.hasOwn(REGISTRY, canonical(name)) ? REGISTRY[canonical(name)] : undefined;
  if (!factory)
    throw new ValueError(`unknown initializer '${name}'; valid ids: ${INITIALIZER_IDS.join(', ')}`);
  return factory(config);
}
