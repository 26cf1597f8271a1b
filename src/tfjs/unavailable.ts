/**
 * TF.js names Neurite does not offer, each mapped to an error that names it, so a ported
 * program fails at the call with `tf.cumsum is not available in neurite/tfjs` instead of
 * `tf.cumsum is not a function` (or a silent `undefined`). An explicit list, no Proxy: the
 * common ones of TF.js 4.22's top level, its namespaces (`tf.image`, `tf.browser`, …) and
 * tfjs-node's `tf.node`. Every export here is such a stub (the entry re-exports them all);
 * test/tfjs/names.test.ts fails when the core gains one of these names, so the stub can
 * go and the real op be re-exported.
 */
import { namespace, unavailable } from './not-available.js';

const GRAPH = 'Neurite runs layers models: load one with tf.loadLayersModel';
const IMAGE = 'decode images yourself (e.g. with fast-png) and build tensors with tf.tensor';

// Top-level ops and functions (alphabetical).
export const acos = unavailable('acos');
export const acosh = unavailable('acosh');
export const asin = unavailable('asin');
export const asinh = unavailable('asinh');
export const atan = unavailable('atan');
export const atanh = unavailable('atanh');
export const avgPool = unavailable('avgPool');
export const backend = unavailable(
  'backend',
  'Neurite backends are not TF.js backends; use tf.getBackend()',
);
export const avgPool3d = unavailable('avgPool3d');
export const basicLSTMCell = unavailable('basicLSTMCell');
export const batchNorm = unavailable('batchNorm', 'use tf.layers.batchNormalization');
export const batchNorm2d = unavailable('batchNorm2d', 'use tf.layers.batchNormalization');
export const batchNorm3d = unavailable('batchNorm3d', 'use tf.layers.batchNormalization');
export const batchNorm4d = unavailable('batchNorm4d', 'use tf.layers.batchNormalization');
export const batchToSpaceND = unavailable('batchToSpaceND');
export const bincount = unavailable('bincount');
export const bitwiseAnd = unavailable('bitwiseAnd');
export const booleanMaskAsync = unavailable('booleanMaskAsync');
export const complex = unavailable('complex', 'Neurite has float32, int32 and bool tensors');
export const conv1d = unavailable('conv1d');
export const conv2dTranspose = unavailable('conv2dTranspose');
export const conv3d = unavailable('conv3d');
export const conv3dTranspose = unavailable('conv3dTranspose');
export const cosh = unavailable('cosh');
export const cumprod = unavailable('cumprod');
export const cumsum = unavailable('cumsum');
export const customGrad = unavailable(
  'customGrad',
  'compute gradients with tf.grad / tf.variableGrads or a GradientTape',
);
export const denseBincount = unavailable('denseBincount');
export const depthToSpace = unavailable('depthToSpace');
export const depthwiseConv2d = unavailable('depthwiseConv2d');
export const diag = unavailable('diag');
export const dilation2d = unavailable('dilation2d');
export const disposeVariables = unavailable(
  'disposeVariables',
  'dispose each variable (v.dispose()) or model (model.dispose()); Neurite keeps no global variable registry',
);
export const einsum = unavailable('einsum');
export const ensureShape = unavailable('ensureShape');
export const enableDebugMode = unavailable('enableDebugMode');
export const engine = unavailable('engine', 'use tf.memory(), tf.tidy() and tf.getBackend()');
export const env = unavailable('env', 'Neurite has no TF.js environment flags');
export const fft = unavailable('fft');
export const findBackend = unavailable('findBackend', 'use tf.getBackend() and tf.setBackend()');
export const gatherND = unavailable('gatherND');
export const ifft = unavailable('ifft');
export const imag = unavailable('imag');
export const inTopKAsync = unavailable('inTopKAsync');
export const irfft = unavailable('irfft');
export const loadGraphModel = unavailable('loadGraphModel', GRAPH);
export const loadGraphModelSync = unavailable('loadGraphModelSync', GRAPH);
export const localResponseNormalization = unavailable('localResponseNormalization');
export const lowerBound = unavailable('lowerBound');
export const maxPool3d = unavailable('maxPool3d');
export const maxPoolWithArgmax = unavailable('maxPoolWithArgmax');
export const meshgrid = unavailable('meshgrid');
export const mirrorPad = unavailable('mirrorPad');
export const movingAverage = unavailable('movingAverage');
export const multiRNNCell = unavailable('multiRNNCell');
export const multinomial = unavailable('multinomial');
export const pool = unavailable('pool');
export const prelu = unavailable('prelu');
export const profile = unavailable('profile');
export const rand = unavailable('rand', 'use tf.randomUniform or tf.randomNormal');
export const randomGamma = unavailable('randomGamma');
export const real = unavailable('real');
export const registerCallbackConstructor = unavailable('registerCallbackConstructor');
export const registerGradient = unavailable('registerGradient');
export const registerKernel = unavailable('registerKernel');
export const registerOp = unavailable('registerOp');
export const removeBackend = unavailable('removeBackend');
export const reverse = unavailable('reverse');
export const reverse1d = unavailable('reverse1d');
export const reverse2d = unavailable('reverse2d');
export const reverse3d = unavailable('reverse3d');
export const reverse4d = unavailable('reverse4d');
export const rfft = unavailable('rfft');
export const scatterND = unavailable('scatterND');
export const searchSorted = unavailable('searchSorted');
export const separableConv2d = unavailable('separableConv2d');
export const setdiff1dAsync = unavailable('setdiff1dAsync');
export const setPlatform = unavailable('setPlatform');
export const sinh = unavailable('sinh');
export const spaceToBatchND = unavailable('spaceToBatchND');
export const sparseToDense = unavailable('sparseToDense');
export const stridedSlice = unavailable('stridedSlice', 'use tf.slice');
export const tan = unavailable('tan');
export const tensorScatterUpdate = unavailable('tensorScatterUpdate');
export const time = unavailable('time', 'measure with performance.now()');
export const topk = unavailable('topk');
export const unique = unavailable('unique');
export const unsortedSegmentSum = unavailable('unsortedSegmentSum');
export const upperBound = unavailable('upperBound');
export const whereAsync = unavailable('whereAsync');

// Namespaces.
export const browser = namespace(
  'browser',
  ['fromPixels', 'fromPixelsAsync', 'toPixels', 'draw'],
  IMAGE,
);
export const image = namespace('image', [
  'cropAndResize',
  'flipLeftRight',
  'grayscaleToRGB',
  'nonMaxSuppression',
  'nonMaxSuppressionAsync',
  'nonMaxSuppressionPadded',
  'nonMaxSuppressionPaddedAsync',
  'nonMaxSuppressionWithScore',
  'nonMaxSuppressionWithScoreAsync',
  'resizeBilinear',
  'resizeNearestNeighbor',
  'rgbToGrayscale',
  'rotateWithOffset',
  'threshold',
  'transform',
]);
export const linalg = namespace('linalg', ['bandPart', 'gramSchmidt', 'qr']);
export const math = namespace('math', ['confusionMatrix']);
/** TF.js's graph models (converted SavedModels) are not available. */
export const GraphModel = unavailable('GraphModel', GRAPH);
export const signal = namespace('signal', ['frame', 'hammingWindow', 'hannWindow', 'stft']);
export const spectral = namespace('spectral', ['fft', 'ifft', 'irfft', 'rfft']);
export const sparse = namespace('sparse', [
  'sparseFillEmptyRows',
  'sparseReshape',
  'sparseSegmentMean',
  'sparseSegmentSum',
]);
export const string = namespace('string', [
  'staticRegexReplace',
  'stringNGrams',
  'stringSplit',
  'stringToHashBucketFast',
]);
export const constraints = namespace('constraints', [
  'maxNorm',
  'minMaxNorm',
  'nonNeg',
  'unitNorm',
]);
export const models = namespace(
  'models',
  ['modelFromJSON'],
  'use tf.loadLayersModel(tf.io.fromMemory(json))',
);
export const serialization = namespace(
  'serialization',
  ['registerClass'],
  'custom layer classes cannot be registered',
);
export const webgl = namespace('webgl', ['forceHalfFloat']);
/** tfjs-node's `tf.node` (image codecs, TensorBoard, SavedModel). */
export const node = namespace(
  'node',
  [
    'decodeImage',
    'decodeJpeg',
    'decodePng',
    'decodeBmp',
    'decodeGif',
    'encodeJpeg',
    'encodePng',
    'summaryFileWriter',
    'tensorBoard',
    'loadSavedModel',
    'getMetaGraphsFromSavedModel',
  ],
  IMAGE,
);
