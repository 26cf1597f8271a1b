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
 * @example
 * nn.losses.LOSSES.get('mse'); // the MeanSquaredError loss with its defaults
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

/**
 * Mean squared error (Keras `MeanSquaredError`, id `'mse'`): `mean((y − ŷ)²)` over the last
 * axis, then reduced over the batch (default `'sum_over_batch_size'`). A factory: build the
 * loss, then call it as `loss(yTrue, yPred, sampleWeight?)`.
 *
 * @throws ValueError for an unknown option or reduction.
 * @throws ShapeError (when called) when yTrue and yPred shapes differ beyond one squeezable axis.
 * @example
 * const loss = nn.losses.meanSquaredError();
 * loss([[0, 1], [0, 0]], [[1, 1], [1, 0]]); // 0.5
 */
export const meanSquaredError = LOSSES.register(mseLoss, {
  className: 'MeanSquaredError',
  aliases: ['mse'],
  positional: 'reduction',
});
/**
 * Mean absolute error (Keras `MeanAbsoluteError`, id `'mae'`): `mean(|y − ŷ|)` over the last axis.
 *
 * @throws ValueError for an unknown option or reduction.
 * @example
 * nn.losses.meanAbsoluteError()([[0, 1], [0, 0]], [[1, 1], [1, 0]]); // 0.5
 */
export const meanAbsoluteError = LOSSES.register(maeLoss, {
  className: 'MeanAbsoluteError',
  aliases: ['mae'],
  positional: 'reduction',
});
/**
 * Mean absolute percentage error (Keras `MeanAbsolutePercentageError`, id `'mape'`):
 * `100 · mean(|y − ŷ| / max(|y|, ε))` over the last axis.
 *
 * @example
 * nn.losses.meanAbsolutePercentageError()([[1, 2]], [[1.5, 2]]); // 25
 */
export const meanAbsolutePercentageError = LOSSES.register(mapeLoss, {
  className: 'MeanAbsolutePercentageError',
  aliases: ['mape'],
  positional: 'reduction',
});
/**
 * Mean squared logarithmic error (Keras `MeanSquaredLogarithmicError`, id `'msle'`):
 * `mean((log(1 + y) − log(1 + ŷ))²)` over the last axis (negative values clipped to ε).
 *
 * @example
 * nn.losses.meanSquaredLogarithmicError()([[0, 1]], [[1, 1]]); // ≈ 0.2402
 */
export const meanSquaredLogarithmicError = LOSSES.register(msleLoss, {
  className: 'MeanSquaredLogarithmicError',
  aliases: ['msle'],
  positional: 'reduction',
});
/**
 * Binary cross-entropy (Keras `BinaryCrossentropy`): `−mean(y·log ŷ + (1 − y)·log(1 − ŷ))`
 * over the last axis, ŷ clipped to [ε, 1 − ε]. Defaults: `fromLogits` false,
 * `labelSmoothing` 0, `axis` −1.
 *
 * @throws ValueError for `labelSmoothing` outside [0, 1] or an unknown option.
 * @example
 * const bce = nn.losses.binaryCrossentropy();
 * bce([[0, 1]], [[0.1, 0.8]]); // ≈ 0.1643
 * nn.losses.binaryCrossentropy({ fromLogits: true }); // for a model without a sigmoid
 */
export const binaryCrossentropy = LOSSES.register(binaryCrossentropyLoss, {
  className: 'BinaryCrossentropy',
  positional: 'fromLogits',
});
/**
 * Categorical cross-entropy of one-hot labels (Keras `CategoricalCrossentropy`):
 * `−Σ y·log ŷ` over the class axis. Defaults: `fromLogits` false, `labelSmoothing` 0, `axis` −1.
 *
 * @throws ValueError for `labelSmoothing` outside [0, 1] or an unknown option.
 * @example
 * const cce = nn.losses.categoricalCrossentropy();
 * cce([[0, 1, 0]], [[0.05, 0.9, 0.05]]); // −log 0.9 ≈ 0.1054
 */
export const categoricalCrossentropy = LOSSES.register(categoricalCrossentropyLoss, {
  className: 'CategoricalCrossentropy',
  positional: 'fromLogits',
});
/**
 * Categorical cross-entropy of integer labels (Keras `SparseCategoricalCrossentropy`):
 * `−log ŷ[label]`. Defaults: `fromLogits` false, `ignoreClass` null.
 *
 * @throws ValueError (when called) for a label outside `[0, classes)`.
 * @example
 * const scce = nn.losses.sparseCategoricalCrossentropy();
 * scce([1], [[0.05, 0.9, 0.05]]); // ≈ 0.1054
 */
export const sparseCategoricalCrossentropy = LOSSES.register(sparseCategoricalCrossentropyLoss, {
  className: 'SparseCategoricalCrossentropy',
  positional: 'fromLogits',
});
/**
 * Hinge loss (Keras `Hinge`): `mean(max(1 − y·ŷ, 0))` with labels −1/1 (0/1 labels are
 * mapped to −1/1).
 *
 * @example
 * nn.losses.hinge()([[1, -1]], [[0.5, 0.5]]); // 1
 */
export const hinge = LOSSES.register(hingeLoss, { className: 'Hinge', positional: 'reduction' });
/**
 * Squared hinge loss (Keras `SquaredHinge`): `mean(max(1 − y·ŷ, 0)²)`, labels −1/1 (or 0/1).
 *
 * @example
 * nn.losses.squaredHinge()([[1, -1]], [[0.5, 0.5]]); // 1.25
 */
export const squaredHinge = LOSSES.register(squaredHingeLoss, {
  className: 'SquaredHinge',
  positional: 'reduction',
});
/**
 * Categorical hinge loss (Keras `CategoricalHinge`): `max(0, max((1 − y)·ŷ) − Σ y·ŷ + 1)`
 * with one-hot labels.
 *
 * @example
 * nn.losses.categoricalHinge()([[0, 1]], [[0.3, 0.7]]); // 0.6
 */
export const categoricalHinge = LOSSES.register(categoricalHingeLoss, {
  className: 'CategoricalHinge',
  positional: 'reduction',
});
/**
 * Huber loss (Keras `Huber`): `½e²` where |e| ≤ δ, else `δ·|e| − ½δ²`, averaged over the
 * last axis; `delta` default 1.
 *
 * @example
 * const huber = nn.losses.huber({ delta: 1 });
 * huber([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]); // 0.155
 */
export const huber = LOSSES.register(huberLoss, {
  className: 'Huber',
  aliases: ['huberLoss'],
  positional: 'delta',
});
/**
 * Log-cosh loss (Keras `LogCosh`): `mean(log(cosh(ŷ − y)))` over the last axis.
 *
 * @example
 * nn.losses.logCosh()([[0, 0]], [[1, 1]]); // log(cosh 1) ≈ 0.4338
 */
export const logCosh = LOSSES.register(logCoshLoss, {
  className: 'LogCosh',
  positional: 'reduction',
});
/**
 * Kullback-Leibler divergence (Keras `KLDivergence`, id `'kld'`): `Σ y·log(y / ŷ)` over the
 * last axis, both clipped to [ε, 1].
 *
 * @example
 * nn.losses.kullbackLeiblerDivergence()([[0.5, 0.5]], [[0.9, 0.1]]); // ≈ 0.5108
 */
export const kullbackLeiblerDivergence = LOSSES.register(kldLoss, {
  className: 'KLDivergence',
  id: 'kld',
  aliases: ['kullbackLeiblerDivergence', 'klDivergence'],
  positional: 'reduction',
});
/**
 * Poisson loss (Keras `Poisson`): `mean(ŷ − y·log(ŷ + ε))` over the last axis.
 *
 * @example
 * nn.losses.poisson()([[1]], [[2]]); // 2 − log 2 ≈ 1.3069
 */
export const poisson = LOSSES.register(poissonLoss, {
  className: 'Poisson',
  positional: 'reduction',
});
/**
 * Cosine similarity loss (Keras `CosineSimilarity`): `−Σ l2norm(y)·l2norm(ŷ)` over `axis`
 * (default −1): −1 for vectors pointing the same way, 0 for orthogonal ones.
 *
 * @example
 * nn.losses.cosineSimilarity()([[1, 0]], [[2, 0]]); // -1
 */
export const cosineSimilarity = LOSSES.register(cosineSimilarityLoss, {
  className: 'CosineSimilarity',
  positional: 'axis',
});

/**
 * Short names, as Keras and TF.js spell them.
 * @example
 * nn.losses.mse()([[1, 2]], [[1, 4]]); // 2
 */
export const mse = meanSquaredError;
/**
 * Short for {@link meanAbsoluteError}.
 *
 * @example
 * nn.losses.mae()([[1, 2]], [[1, 4]]); // 1
 */
export const mae = meanAbsoluteError;
/**
 * Short for {@link meanAbsolutePercentageError}.
 *
 * @example
 * nn.losses.mape()([[2]], [[1]]); // 50
 */
export const mape = meanAbsolutePercentageError;
/**
 * Short for {@link meanSquaredLogarithmicError}.
 *
 * @example
 * nn.losses.msle()([[0]], [[0]]); // 0
 */
export const msle = meanSquaredLogarithmicError;
/**
 * Short for {@link kullbackLeiblerDivergence}.
 *
 * @example
 * nn.losses.kld()([[1, 0]], [[1, 0]]); // 0
 */
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
 * @example
 * nn.losses.resolvesFromShapes('crossentropy'); // true
 * nn.losses.resolvesFromShapes('mse'); // false
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

/**
 * `getLoss`, under the name Keras gives it (`keras.losses.get`).
 * @example
 * const loss = nn.losses.get('categorical_crossentropy'); // Keras's snake_case works too
 */
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
