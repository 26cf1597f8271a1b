/**
 * The ONNX exporter of every layer class, in one table. Adding a layer to the export is one
 * `exporter(Class, fn)` line below (fn in the file of its kind). A class is matched
 * exactly, so a user's subclass of Dense (with its own `call`) is refused rather than
 * exported as a plain Dense.
 */
import { Activation } from '../../../layers/activation.js';
import { BatchNormalization } from '../../../layers/batch-normalization.js';
import { Conv2D } from '../../../layers/conv2d.js';
import { Dense } from '../../../layers/dense.js';
import { Dropout } from '../../../layers/dropout.js';
import { Flatten } from '../../../layers/flatten.js';
import { InputLayer } from '../../../layers/input-layer.js';
import { LayerNormalization } from '../../../layers/layer-normalization.js';
import type { Layer } from '../../../layers/layer.js';
import { LeakyReLU } from '../../../layers/leaky-relu.js';
import { MaxPooling2D } from '../../../layers/max-pooling2d.js';
import {
  Add,
  Average,
  Concatenate,
  Divide,
  Maximum,
  Minimum,
  Multiply,
  Subtract,
} from '../../../layers/merge.js';
import { Reshape } from '../../../layers/reshape.js';
import { ZeroPadding2D } from '../../../layers/zero-padding2d.js';
import { ReLU } from '../../../layers/relu.js';
import { ELU } from '../../../layers/elu.js';
import { GELU } from '../../../layers/gelu.js';
import { Softmax } from '../../../layers/softmax.js';
import { Permute } from '../../../layers/permute.js';
import { Rescaling } from '../../../layers/rescaling.js';
import { AveragePooling2D } from '../../../layers/average-pooling2d.js';
import { GlobalAveragePooling2D } from '../../../layers/global-average-pooling2d.js';
import { exportELU, exportGELU, exportReLU, exportSoftmax } from './activation-layers.js';
import {
  exportAveragePooling2D,
  exportConv2D,
  exportGlobalAveragePooling2D,
  exportMaxPooling2D,
  exportZeroPadding2D,
} from './conv-layers.js';
import {
  exportActivationLayer,
  exportAdd,
  exportAverage,
  exportConcatenate,
  exportDense,
  exportDivide,
  exportDropout,
  exportFlatten,
  exportInputLayer,
  exportLeakyReLU,
  exportMultiply,
  exportPermute,
  exportRescaling,
  exportReshape,
  exportSubtract,
} from './core-layers.js';
// layers-misc (issue 17)
import { MultiHeadAttention } from '../../../layers/multi-head-attention.js';
import { Dot } from '../../../layers/dot.js';
import { RepeatVector } from '../../../layers/repeat-vector.js';
import { GaussianNoise, SpatialDropout1D, SpatialDropout2D } from '../../../layers/noise.js';
import { ActivityRegularization } from '../../../layers/activity-regularization.js';
import {
  exportDot,
  exportIdentity,
  exportMaximum,
  exportMinimum,
  exportMultiHeadAttention,
  exportRepeatVector,
} from './misc-layers.js';
// layers-conv (issue 17)
import { Conv2DTranspose } from '../../../layers/conv2d-transpose.js';
import { Conv1D } from '../../../layers/conv1d.js';
import { AveragePooling1D, MaxPooling1D } from '../../../layers/pooling1d.js';
import {
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
} from '../../../layers/global-pooling.js';
import { UpSampling2D } from '../../../layers/up-sampling2d.js';
import { Cropping2D } from '../../../layers/cropping2d.js';
import { DepthwiseConv2D } from '../../../layers/depthwise-conv2d.js';
import { SeparableConv2D } from '../../../layers/separable-conv2d.js';
import {
  exportConv1D,
  exportConv2DTranspose,
  exportCropping2D,
  exportDepthwiseOrSeparable,
  exportGlobalPooling,
  exportPooling1D,
  exportUpSampling2D,
} from './conv-extra-layers.js';
import type { OnnxValue } from './graph.js';
import type { LayerCall, LayerExporter } from './layer-call.js';
import { exportBatchNormalization, exportLayerNormalization } from './norm-layers.js';

interface Entry {
  readonly cls: abstract new (...args: never) => Layer;
  readonly run: (call: LayerCall<Layer>) => OnnxValue[];
}

/** A table entry: the class and its exporter (typed for that class). */
function exporter<L extends Layer>(
  cls: abstract new (...args: never) => L,
  fn: LayerExporter<L>,
): Entry {
  return {
    cls,
    run: (call) => {
      const { layer } = call;
      if (!(layer instanceof cls))
        throw new Error(`internal: ${layer.className} is not a ${cls.name}`);
      return fn({ ...call, layer });
    },
  };
}

const TABLE: readonly Entry[] = [
  exporter(InputLayer, exportInputLayer),
  exporter(Dense, exportDense),
  exporter(Activation, exportActivationLayer),
  exporter(Flatten, exportFlatten),
  exporter(Reshape, exportReshape),
  exporter(Dropout, exportDropout),
  exporter(LeakyReLU, exportLeakyReLU),
  exporter(BatchNormalization, exportBatchNormalization),
  exporter(LayerNormalization, exportLayerNormalization),
  exporter(Add, exportAdd),
  exporter(Multiply, exportMultiply),
  exporter(Average, exportAverage),
  exporter(Concatenate, exportConcatenate),
  exporter(Conv2D, exportConv2D),
  exporter(MaxPooling2D, exportMaxPooling2D),
  exporter(ZeroPadding2D, exportZeroPadding2D),
  exporter(ReLU, exportReLU),
  exporter(ELU, exportELU),
  exporter(GELU, exportGELU),
  exporter(Softmax, exportSoftmax),
  exporter(Permute, exportPermute),
  exporter(Subtract, exportSubtract),
  exporter(Divide, exportDivide),
  exporter(Rescaling, exportRescaling),
  exporter(AveragePooling2D, exportAveragePooling2D),
  exporter(GlobalAveragePooling2D, exportGlobalAveragePooling2D),
  // layers-misc (issue 17)
  exporter(MultiHeadAttention, exportMultiHeadAttention),
  exporter(Dot, exportDot),
  exporter(Minimum, exportMinimum),
  exporter(Maximum, exportMaximum),
  exporter(RepeatVector, exportRepeatVector),
  exporter(SpatialDropout1D, exportIdentity),
  exporter(SpatialDropout2D, exportIdentity),
  exporter(GaussianNoise, exportIdentity),
  exporter(ActivityRegularization, exportIdentity),
  // layers-conv (issue 17)
  exporter(Conv2DTranspose, exportConv2DTranspose),
  exporter(Conv1D, exportConv1D),
  exporter(MaxPooling1D, exportPooling1D),
  exporter(AveragePooling1D, exportPooling1D),
  exporter(GlobalAveragePooling1D, exportGlobalPooling),
  exporter(GlobalMaxPooling1D, exportGlobalPooling),
  exporter(GlobalMaxPooling2D, exportGlobalPooling),
  exporter(UpSampling2D, exportUpSampling2D),
  exporter(Cropping2D, exportCropping2D),
  exporter(DepthwiseConv2D, exportDepthwiseOrSeparable),
  exporter(SeparableConv2D, exportDepthwiseOrSeparable),
];

const BY_CLASS = new Map<unknown, Entry>(TABLE.map((e) => [e.cls, e]));

/** The exporter of exactly this layer's class, or undefined. */
export function findLayerExporter(layer: Layer): Entry['run'] | undefined {
  return BY_CLASS.get(layer.constructor)?.run;
}

/** The class names the exporter writes, for messages and docs. */
export const EXPORTED_LAYERS: readonly string[] = TABLE.map((e) => e.cls.name);
