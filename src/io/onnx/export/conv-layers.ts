/**
 * Exporters of the image layers: Conv2D and the pooling layers run channels-first in ONNX (their
 * input is transposed to [N, C, H, W] unless it already is, and their output stays so for
 * the next layer), ZeroPadding2D pads whatever layout its input has.
 */
import type { AveragePooling2D } from '../../../layers/average-pooling2d.js';
import type { Conv2D } from '../../../layers/conv2d.js';
import type { GlobalAveragePooling2D } from '../../../layers/global-average-pooling2d.js';
import type { MaxPooling2D } from '../../../layers/max-pooling2d.js';
import type { ShapeSpec } from '../../../layers/symbolic.js';
import type { ZeroPadding2D } from '../../../layers/zero-padding2d.js';
import { convAxis, type ConvPadding, windowSpan } from '../../../ops/conv.js';
import { exportActivation } from './activations.js';
import { type AttrValue, NCHW, type OnnxValue } from './graph.js';
import { type LayerCall, single } from './layer-call.js';

/**
 * ONNX's padding attributes for a window over the spatial axes of `shape` (NHWC): explicit
 * `pads` [top, left, bottom, right] as Neurite pads (TF's rule: the odd pixel at the end);
 * SAME_UPPER (the same rule, sized at run time) when a spatial size is unknown.
 */
function paddingAttrs(
  shape: ShapeSpec,
  span: readonly [number, number],
  strides: readonly [number, number],
  padding: ConvPadding,
): Record<string, AttrValue> {
  if (padding === 'valid') return { pads: [0, 0, 0, 0] };
  const h = shape[1];
  const w = shape[2];
  if (h === null || h === undefined || w === null || w === undefined) {
    return { auto_pad: 'SAME_UPPER' };
  }
  const rows = convAxis(h, span[0], strides[0], padding);
  const cols = convAxis(w, span[1], strides[1], padding);
  return { pads: [rows.before, cols.before, rows.after, cols.after] };
}

/** [kh, kw, in, out] (Neurite) → [out, in, kh, kw] (ONNX's OIHW). */
function toOihw(
  data: Float32Array,
  shape: readonly number[],
): { dims: number[]; data: Float32Array } {
  const [kh, kw, cin, cout] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let c = 0; c < cin; c++)
        for (let o = 0; o < cout; o++)
          out[((o * cin + c) * kh + i) * kw + j] = data[((i * kw + j) * cin + c) * cout + o]!;
  return { dims: [cout, cin, kh, kw], data: out };
}

/** Conv2D: Conv (channels-first) with the kernel in OIHW, then the activation. */
export function exportConv2D(c: LayerCall<Conv2D>): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const x = g.inLayout(input, NCHW, layer.name);
  const w = g.weight(layer.kernel!, 'oihw', toOihw);
  const inputs = layer.bias ? [x, w, g.weight(layer.bias)] : [x, w];
  const span = windowSpan(layer.kernelSize, layer.dilationRate);
  const y = g.op('Conv', inputs, layer.name, {
    kernel_shape: [...layer.kernelSize],
    strides: [...layer.strides],
    dilations: [...layer.dilationRate],
    group: layer.groups,
    ...paddingAttrs(input.shape, span, layer.strides, layer.padding),
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

/** MaxPooling2D: MaxPool (channels-first); padded cells never win, as in Neurite. */
export function exportMaxPooling2D(c: LayerCall<MaxPooling2D>): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const x = g.inLayout(input, NCHW, layer.name);
  const y = g.op('MaxPool', [x], layer.name, {
    kernel_shape: [...layer.poolSize],
    strides: [...layer.strides],
    ...paddingAttrs(input.shape, layer.poolSize, layer.strides, layer.padding),
  });
  return single(c, y, NCHW);
}

/** ZeroPadding2D: Pad with zeros on the height and width axes, in the input's layout. */
export function exportZeroPadding2D(c: LayerCall<ZeroPadding2D>): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const [rows, cols] = layer.padding;
  const logical: readonly (readonly [number, number])[] = [[0, 0], rows, cols, [0, 0]];
  const perm = input.perm ?? [0, 1, 2, 3];
  const sides = perm.map((axis) => logical[axis]!);
  const pads = g.int64Constant(`${layer.name}/pads`, [
    ...sides.map((s) => s[0]),
    ...sides.map((s) => s[1]),
  ]);
  return single(c, g.op('Pad', [input.name, pads], layer.name, { mode: 'constant' }), input.perm);
}

/**
 * AveragePooling2D: AveragePool (channels-first). With 'same' padding a window averages its
 * real cells only (count_include_pad 0), as in Neurite.
 */
export function exportAveragePooling2D(c: LayerCall<AveragePooling2D>): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const x = g.inLayout(input, NCHW, layer.name);
  const y = g.op('AveragePool', [x], layer.name, {
    kernel_shape: [...layer.poolSize],
    strides: [...layer.strides],
    count_include_pad: 0,
    ...paddingAttrs(input.shape, layer.poolSize, layer.strides, layer.padding),
  });
  return single(c, y, NCHW);
}

/** GlobalAveragePooling2D: GlobalAveragePool (channels-first), then Flatten unless keepdims. */
export function exportGlobalAveragePooling2D(c: LayerCall<GlobalAveragePooling2D>): OnnxValue[] {
  const { layer, g } = c;
  const x = g.inLayout(c.inputs[0]!, NCHW, layer.name);
  if (layer.keepdims) return single(c, g.op('GlobalAveragePool', [x], layer.name), NCHW);
  const pooled = g.op('GlobalAveragePool', [x], `${layer.name}/GlobalAveragePool`);
  return single(c, g.op('Flatten', [pooled], layer.name, { axis: 1 }), null);
}
