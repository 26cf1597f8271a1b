/**
 * Losses: one file per loss, one line per loss in the registry below. `getLoss` resolves
 * what `compile({loss})` receives: an id, a loss object, a function or a saved config.
 */
import { NeuriteError, ValueError } from '../errors.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { categoricalHinge } from './categorical-hinge.js';
import { cosineSimilarity } from './cosine-similarity.js';
import { hinge } from './hinge.js';
import { huber } from './huber.js';
import { kullbackLeiblerDivergence } from './kullback-leibler-divergence.js';
import { logCosh } from './log-cosh.js';
import { type Loss, type LossArgs, type LossConfig, makeLoss } from './loss.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanAbsolutePercentageError } from './mean-absolute-percentage-error.js';
import { meanSquaredError } from './mean-squared-error.js';
import { meanSquaredLogarithmicError } from './mean-squared-logarithmic-error.js';
import { poisson } from './poisson.js';
import { camelizeKeys, IdTable } from './registry.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { squaredHinge } from './squared-hinge.js';

export {
  EPSILON,
  makeLoss,
  type Loss,
  type LossArgs,
  type LossConfig,
  type LossSpec,
  type MaskedValues,
  type PerSampleFn,
  type Reduction,
  type ReductionArg,
} from './loss.js';
export { binaryCrossentropy, type BinaryCrossentropyArgs } from './binary-crossentropy.js';
export {
  categoricalCrossentropy,
  type CategoricalCrossentropyArgs,
} from './categorical-crossentropy.js';
export { categoricalHinge, type CategoricalHingeArgs } from './categorical-hinge.js';
export { cosineSimilarity, type CosineSimilarityArgs } from './cosine-similarity.js';
export { hinge, type HingeArgs } from './hinge.js';
export { huber, type HuberArgs } from './huber.js';
export {
  kullbackLeiblerDivergence,
  kld,
  type KullbackLeiblerDivergenceArgs,
} from './kullback-leibler-divergence.js';
export { logCosh, type LogCoshArgs } from './log-cosh.js';
export { meanAbsoluteError, type MeanAbsoluteErrorArgs } from './mean-absolute-error.js';
export {
  meanAbsolutePercentageError,
  type MeanAbsolutePercentageErrorArgs,
} from './mean-absolute-percentage-error.js';
export { meanSquaredError, type MeanSquaredErrorArgs } from './mean-squared-error.js';
export {
  meanSquaredLogarithmicError,
  type MeanSquaredLogarithmicErrorArgs,
} from './mean-squared-logarithmic-error.js';
export { poisson, type PoissonArgs } from './poisson.js';
export {
  sparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyArgs,
} from './sparse-categorical-crossentropy.js';
export { squaredHinge, type SquaredHingeArgs } from './squared-hinge.js';

/** Short names, as Keras and TF.js spell them. */
export const mse = meanSquaredError;
export const mae = meanAbsoluteError;
export const mape = meanAbsolutePercentageError;
export const msle = meanSquaredLogarithmicError;

/** Builds a loss from camelCase args (a config, or `{}` for the defaults). */
export type LossFactory = (args: LossConfig) => Loss;

/**
 * Configs come from JSON, so their values are only known at run time: this guard checks the
 * container, and each factory validates the values it reads.
 */
function isArgsObject<A extends LossArgs>(x: LossConfig): x is LossConfig & A {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function entry<A extends LossArgs>(
  factory: (args?: A) => Loss,
  aliases: readonly string[] = [],
): { value: LossFactory; aliases: readonly string[] } {
  const create = (args: LossConfig): Loss => {
    if (!isArgsObject<A>(args))
      throw new ValueError(`expected a config object, received ${JSON.stringify(args)}`);
    return factory(args);
  };
  return { value: create, aliases };
}

/** Every loss id. Keras's snake_case and class names are found too (`'mean_squared_error'`). */
export const LOSSES = new IdTable<LossFactory>('loss', {
  meanSquaredError: entry(meanSquaredError, ['mse']),
  meanAbsoluteError: entry(meanAbsoluteError, ['mae']),
  meanAbsolutePercentageError: entry(meanAbsolutePercentageError, ['mape']),
  meanSquaredLogarithmicError: entry(meanSquaredLogarithmicError, ['msle']),
  binaryCrossentropy: entry(binaryCrossentropy),
  categoricalCrossentropy: entry(categoricalCrossentropy),
  sparseCategoricalCrossentropy: entry(sparseCategoricalCrossentropy),
  hinge: entry(hinge),
  squaredHinge: entry(squaredHinge),
  categoricalHinge: entry(categoricalHinge),
  huber: entry(huber, ['huberLoss']),
  logCosh: entry(logCosh),
  kld: entry(kullbackLeiblerDivergence, ['kullbackLeiblerDivergence', 'klDivergence']),
  poisson: entry(poisson),
  cosineSimilarity: entry(cosineSimilarity),
});

// Keras class names ('CategoricalCrossentropy') are registered on first use: that needs one
// instance of each loss, which creates no tensors.
let classNamesAdded = false;
function addClassNames(): void {
  if (classNamesAdded) return;
  classNamesAdded = true;
  for (const id of LOSSES.ids()) {
    const factory = LOSSES.find(id)!;
    LOSSES.add(factory({}).className, factory);
  }
}

/** A user function returning per-sample loss values; it is reduced like any loss. */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** A saved loss: Keras's `{class_name, config}` or our `{className, config}`. */
export interface SerializedLoss {
  className?: string;
  class_name?: string;
  config?: Readonly<Record<string, string | number | boolean | null>>;
}

/** Everything `getLoss` accepts. */
export type LossIdentifier = string | Loss | LossFunction | SerializedLoss;

/** Shapes that let `'crossentropy'` pick binary, sparse or categorical as Keras does. */
export interface GetLossOptions {
  yTrueShape?: Shape;
  yPredShape?: Shape;
}

function isLoss(x: LossIdentifier): x is Loss {
  return typeof x === 'function' && 'perSample' in x && 'className' in x;
}

/**
 * Resolves a loss identifier: an id (`'categoricalCrossentropy'`, `'categorical_crossentropy'`,
 * `'mse'`…), a `Loss` (returned as is), a function of `(yTrue, yPred)` returning per-sample
 * values (wrapped with the default reduction), or a saved `{className, config}`. The id
 * `'crossentropy'` (or `'ce'`) picks binary, sparse or categorical cross-entropy from the
 * shapes, as Keras's compile does. Unknown ids throw an error listing the valid ones.
 *
 * @example
 * const loss = nn.losses.getLoss('sparse_categorical_crossentropy');
 */
export function getLoss(identifier: LossIdentifier, options: GetLossOptions = {}): Loss {
  if (isLoss(identifier)) return identifier;
  if (typeof identifier === 'function') {
    const fn = identifier;
    const name = fn.name || 'custom_loss';
    return makeLoss({
      id: name,
      className: 'LossFunctionWrapper',
      defaultName: name,
      args: {},
      shapes: 'free',
      fn: (y, p) => fn(y, p),
    });
  }
  if (typeof identifier === 'string') {
    const lower = identifier.toLowerCase();
    if (lower === 'crossentropy' || lower === 'ce') {
      return crossentropyFromShapes(identifier, options);
    }
    const factory = LOSSES.find(identifier) ?? (addClassNames(), LOSSES.find(identifier));
    if (!factory) return LOSSES.unknown('getLoss', identifier);
    return factory({});
  }
  if (identifier !== null && typeof identifier === 'object') {
    const className = identifier.className ?? identifier.class_name;
    if (typeof className !== 'string') {
      throw new ValueError(
        `getLoss: a serialized loss needs a className, received ${JSON.stringify(identifier)}`,
      );
    }
    addClassNames();
    const factory = LOSSES.find(className);
    if (!factory) return LOSSES.unknown('getLoss', className);
    return factory(camelizeKeys(identifier.config ?? {}));
  }
  throw new ValueError(
    `getLoss: expected a loss id, a loss, a function or a {className, config} object, received ${String(identifier)}`,
  );
}

function crossentropyFromShapes(id: string, { yTrueShape, yPredShape }: GetLossOptions): Loss {
  if (!yTrueShape || !yPredShape) {
    throw new NeuriteError(
      `getLoss: '${id}' is resolved from the label and prediction shapes; pass {yTrueShape, yPredShape}`,
    );
  }
  const name = { name: id };
  const pLast = yPredShape[yPredShape.length - 1];
  if (pLast === 1) return binaryCrossentropy(name);
  const sparse =
    yTrueShape.length < yPredShape.length ||
    (yTrueShape[yTrueShape.length - 1] === 1 && pLast !== undefined && pLast > 1);
  return sparse ? sparseCategoricalCrossentropy(name) : categoricalCrossentropy(name);
}
