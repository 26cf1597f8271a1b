/**
 * The error and helpers behind unavailable.ts: a TF.js name Neurite does not offer throws
 * a NotAvailableError naming it (`tf.cumsum is not available in neurite/tfjs`) instead of
 * failing as `tf.cumsum is not a function`.
 */
import { NeuriteError } from '../errors.js';

/**
 * Thrown by a TF.js function or namespace member that `neurite/tfjs` does not offer.
 * @example
 * try {
 *   tf.cumsum(tf.tensor1d([1, 2]));
 * } catch (e) {
 *   e instanceof tf.NotAvailableError; // true: "tf.cumsum is not available in neurite/tfjs"
 * }
 */
export class NotAvailableError extends NeuriteError {
  override name = 'NotAvailableError';
}

/**
 * A TF.js function that Neurite lacks: calling it throws a NotAvailableError.
 * Each such name is exported as a stub of this type, so a ported program fails at the call
 * with a message naming it.
 * @example
 * tf.cumsum; // an Unavailable stub
 * tf.image.resizeBilinear; // namespaces too: each member throws NotAvailableError
 */
export type Unavailable = (...args: readonly unknown[]) => never;

/**
 * A function named `tf.<name>` that throws `tf.<name> is not available in neurite/tfjs`,
 * with `hint` (what to use instead) when there is one.
 */
export function unavailable(name: string, hint?: string): Unavailable {
  const f = (): never => {
    throw new NotAvailableError(
      `tf.${name} is not available in neurite/tfjs${hint ? `; ${hint}` : ''}`,
    );
  };
  Object.defineProperty(f, 'name', { value: name.slice(name.lastIndexOf('.') + 1) });
  return f;
}

/** A namespace whose members (TF.js's) all throw, naming `tf.<ns>.<member>`. */
export function namespace<const K extends string>(
  ns: string,
  members: readonly K[],
  hint?: string,
): Readonly<Record<K, Unavailable>> {
  const out = {} as Record<K, Unavailable>;
  for (const m of members) out[m] = unavailable(`${ns}.${m}`, hint);
  return Object.freeze(out);
}

/** TF.js layer factories the core does not have (yet); `tf.layers` lets the core's win. */
export const missingLayers = namespace('layers', [
  'RNN',
  'RNNCell',
  'alphaDropout',
  'averagePooling1d',
  'averagePooling2d',
  'averagePooling3d',
  'avgPool1d',
  'avgPool2d',
  'avgPool3d',
  'avgPooling1d',
  'avgPooling2d',
  'avgPooling3d',
  'bidirectional',
  'categoryEncoding',
  'centerCrop',
  'conv1d',
  'conv2dTranspose',
  'conv3d',
  'conv3dTranspose',
  'convLstm2d',
  'convLstm2dCell',
  'cropping2D',
  'depthwiseConv2d',
  'dot',
  'elu',
  'embedding',
  'gaussianDropout',
  'gaussianNoise',
  'globalAveragePooling1d',
  'globalAveragePooling2d',
  'globalMaxPool1d',
  'globalMaxPool2d',
  'globalMaxPooling1d',
  'globalMaxPooling2d',
  'gru',
  'gruCell',
  'lstm',
  'lstmCell',
  'masking',
  'maxPool1d',
  'maxPooling1d',
  'maxPooling3d',
  'maximum',
  'minimum',
  'permute',
  'prelu',
  'randomWidth',
  'reLU',
  'repeatVector',
  'rescaling',
  'resizing',
  'rnn',
  'separableConv2d',
  'simpleRNN',
  'simpleRNNCell',
  'softmax',
  'spatialDropout1d',
  'stackedRNNCells',
  'thresholdedReLU',
  'timeDistributed',
  'upSampling2d',
]);

/** Tensor methods of TF.js whose ops are listed above: each throws, naming `tensor.<name>`. */
export const UNAVAILABLE_METHODS = [
  'acos',
  'acosh',
  'asin',
  'asinh',
  'atan',
  'atanh',
  'avgPool',
  'batchNorm',
  'batchToSpaceND',
  'conv1d',
  'conv2dTranspose',
  'cosh',
  'cumprod',
  'cumsum',
  'dataToGPU',
  'depthToSpace',
  'depthwiseConv2d',
  'dilation2d',
  'fft',
  'ifft',
  'irfft',
  'localResponseNormalization',
  'mirrorPad',
  'pool',
  'prelu',
  'resizeBilinear',
  'resizeNearestNeighbor',
  'reverse',
  'rfft',
  'separableConv2d',
  'sinh',
  'spaceToBatchND',
  'stridedSlice',
  'tan',
  'topk',
  'unique',
  'unsortedSegmentSum',
] as const;
