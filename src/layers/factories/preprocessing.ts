/**
 * The preprocessing layers' `nn.layers` factories: rescaling and normalizing numbers,
 * encoding categories, looking up strings and integers, and vectorizing text (some take
 * plain JavaScript arrays and run in front of a model). Each layer's class is re-exported
 * here and registered once in `LAYERS`; that registration is also its factory, its
 * saved-model class name and its config round trip.
 */
import { LAYERS } from '../registry.js';
import { CategoryEncoding } from '../category-encoding.js';
import { IntegerLookup } from '../integer-lookup.js';
import { Normalization } from '../normalization.js';
import { Rescaling } from '../rescaling.js';
import { StringLookup } from '../string-lookup.js';
import { TextVectorization } from '../text-vectorization.js';

export { CategoryEncoding, type CategoryEncodingArgs } from '../category-encoding.js';
export { IntegerLookup, type IntegerLookupArgs } from '../integer-lookup.js';
export { Normalization, type NormalizationArgs } from '../normalization.js';
export { Rescaling, type RescalingArgs, type RescalingValue } from '../rescaling.js';
export { StringLookup, type StringLookupArgs } from '../string-lookup.js';
export { TextVectorization, type TextVectorizationArgs } from '../text-vectorization.js';

/**
 * Multiplies by `scale` and adds `offset` (Keras `Rescaling`; defaults 1 and 0), e.g. pixel
 * values to [0, 1].
 *
 * @example
 * nn.layers.rescaling({ scale: 1 / 255 }).apply(nn.fill([1, 2], 255)); // [[1, 1]]
 */
export const rescaling = LAYERS.registerClass(Rescaling, {
  className: 'Rescaling',
  positional: 'scale',
});
/**
 * Standardizes features to `(x − mean) / sqrt(variance)` (Keras `Normalization`): the mean and
 * variance are given or learned with `adapt(data)`; `axis` default -1 (one pair per feature).
 *
 * @example
 * const norm = nn.layers.normalization();
 * norm.adapt(nn.tensor([[0, 10], [2, 30]]));
 * norm.apply(nn.tensor([[1, 20]])); // [[0, 0]]
 */
export const normalization = LAYERS.registerClass(Normalization, {
  className: 'Normalization',
  positional: 'axis',
});
/**
 * Encodes integer category ids `[0, numTokens)` as one-hot, multi-hot (default) or count
 * vectors (Keras `CategoryEncoding`).
 *
 * @throws ValueError when `numTokens` is missing, or an id is out of range.
 * @example
 * const enc = nn.layers.categoryEncoding({ numTokens: 4, outputMode: 'one_hot' });
 * enc.apply(nn.tensor([3, 1], undefined, 'int32')); // [[0, 0, 0, 1], [0, 1, 0, 0]]
 */
export const categoryEncoding = LAYERS.registerClass(CategoryEncoding, {
  className: 'CategoryEncoding',
  positional: 'numTokens',
});
/**
 * Maps strings (plain JavaScript arrays; tensors hold no strings) to vocabulary indices, or
 * vectors by `outputMode` (Keras `StringLookup`; OOV token `'[UNK]'` at index 0 by default).
 *
 * @example
 * const lookup = nn.layers.stringLookup({ vocabulary: ['a', 'b', 'c'] });
 * lookup.apply(['c', 'z', 'a']); // int32 [3, 0, 1]
 */
export const stringLookup = LAYERS.registerClass(StringLookup, { className: 'StringLookup' });
/**
 * Maps integer tokens to vocabulary indices, or vectors by `outputMode` (Keras `IntegerLookup`;
 * OOV token -1 at index 0 by default).
 *
 * @example
 * const lookup = nn.layers.integerLookup({ vocabulary: [12, 36, 7] });
 * lookup.apply(nn.tensor([7, 12, 99], undefined, 'int32')); // int32 [3, 1, 0]
 */
export const integerLookup = LAYERS.registerClass(IntegerLookup, { className: 'IntegerLookup' });
/**
 * Turns texts into token indices or vectors (Keras `TextVectorization`): standardize, split,
 * look up; the vocabulary is given or learned with `adapt`. Takes plain string arrays, so it
 * runs in front of a model.
 *
 * @example
 * const vectorize = nn.layers.textVectorization({ outputSequenceLength: 4 });
 * vectorize.adapt(['the cat sat', 'the dog']);
 * vectorize.apply(['the cat ran']); // int32 [[2, 5, 1, 0]]: 'the', 'cat', OOV '[UNK]', padding
 */
export const textVectorization = LAYERS.registerClass(TextVectorization, {
  className: 'TextVectorization',
});
