/**
 * Losses: one file per loss, one registration per loss below (which is also its
 * `nn.losses` factory). `getLoss` resolves what `compile({loss})` receives: an id, a loss
 * object, a function or a saved config.
 */
import { NeuriteError } from '../errors.js';
import { Registry } from '../serialization/registry.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { binaryCrossentropy as binaryCrossentropyLoss } from './binary-crossentropy.js';
import { categoricalCrossentropy as categoricalCrossentropyLoss } from './categorical-crossentropy.js';
import { categoricalHinge as categoricalHingeLoss } from './categorical-hinge.js';
import { cosineSimilarity as cosineSimilarityLoss } from './cosine-similarity.js';
import { hinge as hingeLoss } from './hinge.js';
import { huber as huberLoss } from './huber.js';
import { kullbackLeiblerDivergence as kldLoss } from './kullback-leibler-divergence.js';
import { logCosh as logCoshLoss } from './log-cosh.js';
import { type Loss, type LossConfig, makeLoss } from './loss.js';
import { meanAbsoluteError as maeLoss } from './mean-absolute-error.js';
import { meanAbsolutePercentageError as mapeLoss } from './mean-absolute-percentage-error.js';
import { meanSquaredError as mseLoss } from './mean-squared-error.js';
import { meanSquaredLogarithmicError as msleLoss } from './mean-squared-logarithmic-error.js';
import { poisson as poissonLoss } from './poisson.js';
import { sparseCategoricalCrossentropy as sparseCategoricalCrossentropyLoss } from './sparse-categorical-crossentropy.js';
import { squaredHinge as squaredHingeLoss } from './squared-hinge.js';

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
export type { BinaryCrossentropyArgs } from './binary-crossentropy.js';
export type { CategoricalCrossentropyArgs } from './categorical-crossentropy.js';
export type { CategoricalHingeArgs } from './categorical-hinge.js';
export type { CosineSimilarityArgs } from './cosine-similarity.js';
export type { HingeArgs } from './hinge.js';
export type { HuberArgs } from './huber.js';
export type { KullbackLeiblerDivergenceArgs } from './kullback-leibler-divergence.js';
export type { LogCoshArgs } from './log-cosh.js';
export type { MeanAbsoluteErrorArgs } from './mean-absolute-error.js';
export type { MeanAbsolutePercentageErrorArgs } from './mean-absolute-percentage-error.js';
export type { MeanSquaredErrorArgs } from './mean-squared-error.js';
export type { MeanSquaredLogarithmicErrorArgs } from './mean-squared-logarithmic-error.js';
export type { PoissonArgs } from './poisson.js';
export type { SparseCategoricalCrossentropyArgs } from './sparse-categorical-crossentropy.js';
export type { SquaredHingeArgs } from './squared-hinge.js';

function isLoss(x: unknown): x is Loss {
  return typeof x === 'function' && 'perSample' in x && 'className' in x;
}

/**
 * Every loss. Ids, Keras's snake_case and class names and the aliases all find a loss, in
 * any letter case (`'mean_squared_error'`, `'MSE'`).
 */
export const LOSSES = new Registry<Loss>({
  kind: 'loss',
  namespace: 'nn.losses',
  where: 'getLoss',
  is: isLoss,
  accepts: 'a loss id, a loss, a function or a {className, config} object',
  commonKeys: ['name', 'reduction'],
  usage: (id) => `a loss is built first, then called: nn.losses.${id}()(yTrue, yPred)`,
});

export const meanSquaredError = LOSSES.register(mseLoss, {
  className: 'MeanSquaredError',
  aliases: ['mse'],
  positional: 'reduction',
});
export const meanAbsoluteError = LOSSES.register(maeLoss, {
  className: 'MeanAbsoluteError',
  aliases: ['mae'],
  positional: 'reduction',
});
export const meanAbsolutePercentageError = LOSSES.register(mapeLoss, {
  className: 'MeanAbsolutePercentageError',
  aliases: ['mape'],
  positional: 'reduction',
});
export const meanSquaredLogarithmicError = LOSSES.register(msleLoss, {
  className: 'MeanSquaredLogarithmicError',
  aliases: ['msle'],
  positional: 'reduction',
});
export const binaryCrossentropy = LOSSES.register(binaryCrossentropyLoss, {
  className: 'BinaryCrossentropy',
  positional: 'fromLogits',
});
export const categoricalCrossentropy = LOSSES.register(categoricalCrossentropyLoss, {
  className: 'CategoricalCrossentropy',
  positional: 'fromLogits',
});
export const sparseCategoricalCrossentropy = LOSSES.register(sparseCategoricalCrossentropyLoss, {
  className: 'SparseCategoricalCrossentropy',
  positional: 'fromLogits',
});
export const hinge = LOSSES.register(hingeLoss, { className: 'Hinge', positional: 'reduction' });
export const squaredHinge = LOSSES.register(squaredHingeLoss, {
  className: 'SquaredHinge',
  positional: 'reduction',
});
export const categoricalHinge = LOSSES.register(categoricalHingeLoss, {
  className: 'CategoricalHinge',
  positional: 'reduction',
});
export const huber = LOSSES.register(huberLoss, {
  className: 'Huber',
  aliases: ['huberLoss'],
  positional: 'delta',
});
export const logCosh = LOSSES.register(logCoshLoss, {
  className: 'LogCosh',
  positional: 'reduction',
});
export const kullbackLeiblerDivergence = LOSSES.register(kldLoss, {
  className: 'KLDivergence',
  id: 'kld',
  aliases: ['kullbackLeiblerDivergence', 'klDivergence'],
  positional: 'reduction',
});
export const poisson = LOSSES.register(poissonLoss, {
  className: 'Poisson',
  positional: 'reduction',
});
export const cosineSimilarity = LOSSES.register(cosineSimilarityLoss, {
  className: 'CosineSimilarity',
  positional: 'axis',
});

/** Short names, as Keras and TF.js spell them. */
export const mse = meanSquaredError;
export const mae = meanAbsoluteError;
export const mape = meanAbsolutePercentageError;
export const msle = meanSquaredLogarithmicError;
export const kld = kullbackLeiblerDivergence;

/** Builds a loss from camelCase args (a config, or `{}` for the defaults). */
export type LossFactory = (args: LossConfig) => Loss;

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

/**
 * Whether an id names a loss picked from the label and prediction shapes (`'crossentropy'`,
 * `'ce'`, as Keras's compile): it is resolved at the first batch, and saved as written.
 */
export function resolvesFromShapes(id: string): boolean {
  const lower = id.toLowerCase();
  return lower === 'crossentropy' || lower === 'ce';
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
  if (typeof identifier === 'string' && resolvesFromShapes(identifier)) {
    return crossentropyFromShapes(identifier, options);
  }
  // Keras's `{class_name, config}` or ours; keys in either spelling.
  return LOSSES.get(identifier);
}

/** `getLoss`, under the name Keras gives it (`keras.losses.get`). */
export const get = getLoss;

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
