/**
 * Exporters of the convolution layers of issue 17 (layers-conv): Conv2DTranspose as ONNX
 * ConvTranspose, channels-first like Conv2D, with explicit pads placing the output as TF's
 * conv2d_transpose does (the trailing positions Keras adds beyond the last window, by
 * `output_padding`); Conv1D and the 1-D pools over [N, C, L]; the global pools;
 * UpSampling2D as Resize; Cropping2D as Slice; DepthwiseConv2D and SeparableConv2D as Convs
 * with group = channels.
 */
import type { Conv2DTranspose } from '../../../layers/conv2d-transpose.js';
import type { Conv1D } from '../../../layers/conv1d.js';
import type { Cropping2D } from '../../../layers/cropping2d.js';
import {
  GlobalAveragePooling1D,
  type GlobalMaxPooling1D,
  type GlobalMaxPooling2D,
} from '../../../layers/global-pooling.js';
import { type AveragePooling1D, MaxPooling1D } from '../../../layers/pooling1d.js';
import type { UpSampling2D } from '../../../layers/up-sampling2d.js';
import { ValueError } from '../../../errors.js';
import { convAxis, windowSpan } from '../../../ops/conv.js';
import type { DepthwiseConv2D } from '../../../layers/depthwise-conv2d.js';
import { SeparableConv2D } from '../../../layers/separable-conv2d.js';
import { convTransposeLeadingPad, convTransposeLength } from '../../../ops/conv-transpose.js';
import { exportActivation } from './activations.js';
import { type AttrValue, NCHW, type OnnxValue, physicalAxis } from './graph.js';
import { type LayerCall, single } from './layer-call.js';

/** [kh, kw, out, in] (Keras's Conv2DTranspose) → [in, out, kh, kw] (ONNX ConvTranspose). */
function toIohw(
  data: Float32Array,
  shape: readonly number[],
): { dims: number[]; data: Float32Array } {
  const [kh, kw, cout, cin] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let o = 0; o < cout; o++)
        for (let c = 0; c < cin; c++)
          out[((c * cout + o) * kh + i) * kw + j] = data[((i * kw + j) * cout + o) * cin + c]!;
  return { dims: [cin, cout, kh, kw], data: out };
}

/**
 * Conv2DTranspose: ConvTranspose with pads [top, left, bottom, right] and output_padding
 * for the trailing rows/columns no window reaches. Both depend only on the kernel, stride,
 * padding and output padding, not on the input size (worked out for a size of 1).
 */
export function exportConv2DTranspose(c: LayerCall<Conv2DTranspose>): OnnxValue[] {
  const { layer, g } = c;
  const x = g.inLayout(c.inputs[0]!, NCHW, layer.name);
  const w = g.weight(layer.kernel!, 'iohw', toIohw);
  const inputs = layer.bias ? [x, w, g.weight(layer.bias)] : [x, w];
  const lead: number[] = [];
  const trail: number[] = [];
  const extra: number[] = [];
  for (const i of [0, 1] as const) {
    const k = layer.kernelSize[i];
    const s = layer.strides[i];
    const op = layer.outputPadding ? layer.outputPadding[i] : null;
    const out = convTransposeLength(1, k, s, layer.padding, op);
    const top = convTransposeLeadingPad(out, k, s, layer.padding);
    const end = k - top - out;
    lead.push(top);
    trail.push(Math.max(end, 0));
    extra.push(Math.max(-end, 0));
  }
  const y = g.op('ConvTranspose', inputs, layer.name, {
    kernel_shape: [...layer.kernelSize],
    strides: [...layer.strides],
    dilations: [1, 1],
    group: 1,
    pads: [...lead, ...trail],
    output_padding: extra,
  });
  return [
    exportActivation(
      g,
      layer.activation,
      { name: y, shape: c.outputShapes[0]!, perm: NCHW },
      layer,
    ),
  ];
}

/** Channels-first for sequences: [N, C, L]. */
const NCW: readonly number[] = [0, 2, 1];

/** [k, in, out] (Conv1D) → [out, in, k] (ONNX Conv). */
function toOik(
  data: Float32Array,
  shape: readonly number[],
): { dims: number[]; data: Float32Array } {
  const [k, cin, cout] = shape as [number, number, number];
  const out = new Float32Array(data.length);
  for (let a = 0; a < k; a++)
    for (let c = 0; c < cin; c++)
      for (let o = 0; o < cout; o++) out[(o * cin + c) * k + a] = data[(a * cin + c) * cout + o]!;
  return { dims: [cout, cin, k], data: out };
}

/** 1-D padding attributes: explicit pads when the length is known, else SAME_UPPER. */
function pads1d(
  length: number | null | undefined,
  span: number,
  stride: number,
  padding: 'valid' | 'same' | 'causal',
): Record<string, AttrValue> {
  if (padding === 'valid') return { pads: [0, 0] };
  if (padding === 'causal') return { pads: [span - 1, 0] };
  if (length === null || length === undefined) return { auto_pad: 'SAME_UPPER' };
  const a = convAxis(length, span, stride, 'same');
  return { pads: [a.before, a.after] };
}

/** Conv1D: Conv over [N, C, L] with the kernel as [out, in, k]; 'causal' pads the start. */
export function exportConv1D(c: LayerCall<Conv1D>): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const x = g.inLayout(input, NCW, layer.name);
  const w = g.weight(layer.kernel!, 'oik', toOik);
  const inputs = layer.bias ? [x, w, g.weight(layer.bias)] : [x, w];
  const span = (layer.kernelSize - 1) * layer.dilationRate + 1;
  const y = g.op('Conv', inputs, layer.name, {
    kernel_shape: [layer.kernelSize],
    strides: [layer.strides],
    dilations: [layer.dilationRate],
    group: 1,
    ...pads1d(input.shape[1], span, layer.strides, layer.padding),
  });
  return [
    exportActivation(g, layer.activation, { name: y, shape: c.outputShapes[0]!, perm: NCW }, layer),
  ];
}

/** MaxPooling1D / AveragePooling1D: MaxPool / AveragePool over [N, C, L]. */
export function exportPooling1D(c: LayerCall<MaxPooling1D | AveragePooling1D>): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const x = g.inLayout(input, NCW, layer.name);
  const isMax = layer instanceof MaxPooling1D;
  const y = g.op(isMax ? 'MaxPool' : 'AveragePool', [x], layer.name, {
    kernel_shape: [layer.poolSize],
    strides: [layer.strides],
    ...(isMax ? {} : { count_include_pad: 0 }),
    ...pads1d(input.shape[1], layer.poolSize, layer.strides, layer.padding),
  });
  return single(c, y, NCW);
}

/**
 * GlobalAveragePooling1D, GlobalMaxPooling1D/2D: GlobalAveragePool / GlobalMaxPool over the
 * channels-first value, then Flatten unless keepdims. (ONNX graphs carry no masks, so a
 * masked mean cannot reach here: the layers that make masks do not export.)
 */
export function exportGlobalPooling(
  c: LayerCall<GlobalAveragePooling1D | GlobalMaxPooling1D | GlobalMaxPooling2D>,
): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const perm = input.shape.length === 3 ? NCW : NCHW;
  const x = g.inLayout(input, perm, layer.name);
  const op = layer instanceof GlobalAveragePooling1D ? 'GlobalAveragePool' : 'GlobalMaxPool';
  if (layer.keepdims) return single(c, g.op(op, [x], layer.name), perm);
  const pooled = g.op(op, [x], `${layer.name}/${op}`);
  return single(c, g.op('Flatten', [pooled], layer.name, { axis: 1 }), null);
}

/**
 * UpSampling2D: Resize of the channels-first image by [1, 1, rows, cols]; 'nearest' with
 * asymmetric coordinates and floor (each pixel repeated), 'bilinear' as 'linear' with
 * half-pixel coordinates (TF's resize).
 */
export function exportUpSampling2D(c: LayerCall<UpSampling2D>): OnnxValue[] {
  const { layer, g } = c;
  const x = g.inLayout(c.inputs[0]!, NCHW, layer.name);
  const scales = g.floatConstant(`${layer.name}/scales`, [4], [1, 1, ...layer.size]);
  const attrs: Record<string, AttrValue> =
    layer.interpolation === 'nearest'
      ? { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }
      : { mode: 'linear', coordinate_transformation_mode: 'half_pixel' };
  return single(c, g.op('Resize', [x, '', scales], layer.name, attrs), NCHW);
}

/** Cropping2D: Slice of the height and width axes, in the input's layout. */
export function exportCropping2D(c: LayerCall<Cropping2D>): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const [[top], [left]] = layer.cropping;
  const [ho, wo] = c.outputShapes[0]!.slice(1, 3);
  if (ho === null || ho === undefined || wo === null || wo === undefined) {
    throw new ValueError(
      `Cropping2D '${layer.name}': ONNX export needs the input's height and width known, received ${JSON.stringify(input.shape)}`,
    );
  }
  const axes = [physicalAxis(input.perm, 1), physicalAxis(input.perm, 2)];
  const starts = g.int64Constant(`${layer.name}/starts`, [top, left]);
  const ends = g.int64Constant(`${layer.name}/ends`, [top + ho, left + wo]);
  const ax = g.int64Constant(`${layer.name}/axes`, axes);
  return single(c, g.op('Slice', [input.name, starts, ends, ax], layer.name), input.perm);
}

/** 2-D padding attributes [top, left, bottom, right], or SAME_UPPER for unknown sizes. */
function pads2d(
  shape: readonly (number | null | undefined)[],
  span: readonly [number, number],
  strides: readonly [number, number],
  padding: 'valid' | 'same',
): Record<string, AttrValue> {
  if (padding === 'valid') return { pads: [0, 0, 0, 0] };
  const [h, w] = [shape[1], shape[2]];
  if (h === null || h === undefined || w === null || w === undefined)
    return { auto_pad: 'SAME_UPPER' };
  const r = convAxis(h, span[0], strides[0], 'same');
  const c = convAxis(w, span[1], strides[1], 'same');
  return { pads: [r.before, c.before, r.after, c.after] };
}

/** [kh, kw, c, m] (depthwise) → [c·m, 1, kh, kw] (ONNX Conv with group c). */
function depthwiseToOihw(
  data: Float32Array,
  shape: readonly number[],
): { dims: number[]; data: Float32Array } {
  const [kh, kw, c, m] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++)
      for (let ci = 0; ci < c; ci++)
        for (let j = 0; j < m; j++)
          out[((ci * m + j) * kh + a) * kw + b] = data[((a * kw + b) * c + ci) * m + j]!;
  return { dims: [c * m, 1, kh, kw], data: out };
}

/** [1, 1, in, out] (pointwise) → [out, in, 1, 1]. */
function pointwiseToOihw(
  data: Float32Array,
  shape: readonly number[],
): { dims: number[]; data: Float32Array } {
  const [, , cin, cout] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let c = 0; c < cin; c++)
    for (let o = 0; o < cout; o++) out[o * cin + c] = data[c * cout + o]!;
  return { dims: [cout, cin, 1, 1], data: out };
}

/**
 * DepthwiseConv2D: Conv with group = channels; SeparableConv2D: that Conv without bias,
 * then a 1x1 Conv with the pointwise kernel and the bias. Then the activation.
 */
export function exportDepthwiseOrSeparable(
  c: LayerCall<DepthwiseConv2D | SeparableConv2D>,
): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const x = g.inLayout(input, NCHW, layer.name);
  const separable = layer instanceof SeparableConv2D;
  const dk = separable ? layer.depthwiseKernel! : layer.kernel!;
  const channels = dk.shape[2]!;
  const dw = g.weight(dk, 'depthwise-oihw', depthwiseToOihw);
  const span = windowSpan(layer.kernelSize, layer.dilationRate);
  const dInputs = !separable && layer.bias ? [x, dw, g.weight(layer.bias)] : [x, dw];
  let y = g.op('Conv', dInputs, separable ? `${layer.name}/depthwise` : layer.name, {
    kernel_shape: [...layer.kernelSize],
    strides: [...layer.strides],
    dilations: [...layer.dilationRate],
    group: channels,
    ...pads2d(input.shape, span, layer.strides, layer.padding),
  });
  if (separable) {
    const pw = g.weight(layer.pointwiseKernel!, 'oihw', pointwiseToOihw);
    const pInputs = layer.bias ? [y, pw, g.weight(layer.bias)] : [y, pw];
    y = g.op('Conv', pInputs, layer.name, { kernel_shape: [1, 1], group: 1 });
  }
  return [
    exportActivation(
      g,
      layer.activation,
      { name: y, shape: c.outputShapes[0]!, perm: NCHW },
      layer,
    ),
  ];
}
