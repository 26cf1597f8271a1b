/**
 * Exporters of the layers that need no layout of their own: Dense, Activation, Flatten,
 * Reshape, Permute, Dropout, LeakyReLU, Rescaling, InputLayer and the merge layers (Add,
 * Subtract, Multiply, Divide, Average, Concatenate). Elementwise layers keep whatever layout
 * their input has; the others work in Neurite's layout.
 */
import type { Activation } from '../../../layers/activation.js';
import type { Dense } from '../../../layers/dense.js';
import type { Dropout } from '../../../layers/dropout.js';
import type { Flatten } from '../../../layers/flatten.js';
import type { InputLayer } from '../../../layers/input-layer.js';
import type { Layer } from '../../../layers/layer.js';
import type { LeakyReLU } from '../../../layers/leaky-relu.js';
import type {
  Add,
  Average,
  Concatenate,
  Divide,
  Multiply,
  Subtract,
} from '../../../layers/merge.js';
import type { Permute } from '../../../layers/permute.js';
import type { Rescaling, RescalingValue } from '../../../layers/rescaling.js';
import type { Reshape } from '../../../layers/reshape.js';
import { normAxis } from '../../../tensor/shape.js';
import { exportActivation } from './activations.js';
import { float, type OnnxValue, physicalAxis } from './graph.js';
import { type LayerCall, single } from './layer-call.js';

/** Dense: Gemm on rank-2 inputs, MatMul + Add on higher ranks (over the last axis). */
export function exportDense(c: LayerCall<Dense>): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const x = g.logical(input, layer.name);
  const kernel = g.weight(layer.kernel!);
  const bias = layer.bias ? g.weight(layer.bias) : null;
  let y: string;
  if (input.shape.length === 2) {
    y = g.op('Gemm', bias ? [x, kernel, bias] : [x, kernel], layer.name);
  } else {
    y = g.op('MatMul', [x, kernel], bias ? `${layer.name}/MatMul` : layer.name);
    if (bias) y = g.op('Add', [y, bias], layer.name);
  }
  const out = exportActivation(
    g,
    layer.activation,
    { name: y, shape: c.outputShapes[0]!, perm: null },
    layer,
  );
  return [out];
}

/** Activation: the activation's nodes, in the input's layout. */
export function exportActivationLayer(c: LayerCall<Activation>): OnnxValue[] {
  const input = c.inputs[0]!;
  return [exportActivation(c.g, c.layer.activation, input, c.layer, { nameAfterLayer: true })];
}

/** Flatten: ONNX Flatten at axis 1, on the channels-last tensor (Neurite's element order). */
export function exportFlatten(c: LayerCall<Flatten>): OnnxValue[] {
  const x = c.g.logical(c.inputs[0]!, c.layer.name);
  return single(c, c.g.op('Flatten', [x], c.layer.name, { axis: 1 }), null);
}

/** Reshape: the batch kept (0), the other sizes as resolved (-1 where unknown). */
export function exportReshape(c: LayerCall<Reshape>): OnnxValue[] {
  const { g, layer } = c;
  const x = g.logical(c.inputs[0]!, layer.name);
  const dims = c.outputShapes[0]!.slice(1).map((d) => d ?? -1);
  const shape = g.int64Constant(`${layer.name}/shape`, [0, ...dims]);
  return single(c, g.op('Reshape', [x, shape], layer.name), null);
}

/** Dropout: Identity (ONNX graphs are for inference, where dropout passes its input on). */
export function exportDropout(c: LayerCall<Dropout>): OnnxValue[] {
  const input = c.inputs[0]!;
  return single(c, c.g.op('Identity', [input.name], c.layer.name), input.perm);
}

/** LeakyReLU: LeakyRelu with the layer's slope. */
export function exportLeakyReLU(c: LayerCall<LeakyReLU>): OnnxValue[] {
  const input = c.inputs[0]!;
  const y = c.g.op('LeakyRelu', [input.name], c.layer.name, {
    alpha: float(c.layer.negativeSlope),
  });
  return single(c, y, input.perm);
}

/** InputLayer (only met inside nested models): its input, unchanged. */
export function exportInputLayer(c: LayerCall<InputLayer>): OnnxValue[] {
  return [...c.inputs];
}

/** The inputs' names in one common layout (the first input's), and that layout. */
function commonLayout(c: LayerCall<Layer>): { names: string[]; perm: readonly number[] | null } {
  const first = c.inputs[0]!;
  const rank = first.shape.length;
  const perm = c.inputs.every((v) => v.shape.length === rank) ? first.perm : null;
  return { names: c.inputs.map((v) => c.g.inLayout(v, perm, c.layer.name)), perm };
}

/** Binary ops folded left to right, as the layer computes ((a ∘ b) ∘ c …). */
function fold(c: LayerCall<Layer>, opType: string, names: readonly string[], last: string): string {
  let acc = names[0]!;
  names.slice(1).forEach((n, i) => {
    const isLast = i === names.length - 2;
    acc = c.g.op(opType, [acc, n], isLast ? last : `${c.layer.name}/${opType}`);
  });
  return acc;
}

/** Add: a chain of Add nodes. */
export function exportAdd(c: LayerCall<Add>): OnnxValue[] {
  const { names, perm } = commonLayout(c);
  return single(c, fold(c, 'Add', names, c.layer.name), perm);
}

/** Multiply: a chain of Mul nodes. */
export function exportMultiply(c: LayerCall<Multiply>): OnnxValue[] {
  const { names, perm } = commonLayout(c);
  return single(c, fold(c, 'Mul', names, c.layer.name), perm);
}

/** Average: the sum (a chain of Add) divided by the number of inputs. */
export function exportAverage(c: LayerCall<Average>): OnnxValue[] {
  const { names, perm } = commonLayout(c);
  const sum = fold(c, 'Add', names, `${c.layer.name}/Sum`);
  const n = c.g.floatConstant(`${c.layer.name}/count`, [], [names.length]);
  return single(c, c.g.op('Div', [sum, n], c.layer.name), perm);
}

/** Concatenate: Concat on the layer's axis, mapped into the inputs' common layout. */
export function exportConcatenate(c: LayerCall<Concatenate>): OnnxValue[] {
  const { names, perm } = commonLayout(c);
  const rank = c.inputs[0]!.shape.length;
  const axis = physicalAxis(perm, normAxis(c.layer.axis, rank, `Concatenate '${c.layer.name}'`));
  return single(c, c.g.op('Concat', names, c.layer.name, { axis }), perm);
}

/** Subtract: Sub (input 0 − input 1). */
export function exportSubtract(c: LayerCall<Subtract>): OnnxValue[] {
  const { names, perm } = commonLayout(c);
  return single(c, c.g.op('Sub', names, c.layer.name), perm);
}

/**
 * Permute: no node. The output is the same tensor seen through the permuted axes, so a
 * Permute that moves NCHW data to channels last (what the ONNX importer puts before a
 * PyTorch CNN) leaves it channels-first, as the Conv after it wants it.
 */
export function exportPermute(c: LayerCall<Permute>): OnnxValue[] {
  const input = c.inputs[0]!;
  const p = [0, ...c.layer.dims];
  const rank = p.length;
  const from = input.perm ?? Array.from({ length: rank }, (_, i) => i);
  // Physical axis i holds input axis from[i], which is output axis p.indexOf(from[i]).
  return single(
    c,
    input.name,
    from.map((a) => p.indexOf(a)),
  );
}

/** The shape of a rectangular nested array and its values in row-major order. */
function nested(v: RescalingValue): { dims: number[]; values: number[] } {
  if (typeof v === 'number') return { dims: [], values: [v] };
  const parts = v.map(nested);
  return { dims: [v.length, ...parts[0]!.dims], values: parts.flatMap((x) => x.values) };
}

/** Rescaling: Mul by the scale (unless 1), then Add the offset (unless 0), as the layer. */
export function exportRescaling(c: LayerCall<Rescaling>): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const scalars = typeof layer.scale === 'number' && typeof layer.offset === 'number';
  // Array scales broadcast against Neurite's axes: work in its layout.
  const perm = scalars ? input.perm : null;
  let y = g.inLayout(input, perm, layer.name);
  const hasScale = layer.scale !== 1;
  const hasOffset = layer.offset !== 0;
  if (!hasScale && !hasOffset) return single(c, g.op('Identity', [y], layer.name), perm);
  if (hasScale) {
    const s = nested(layer.scale);
    const k = g.floatConstant(`${layer.name}/scale`, s.dims, s.values);
    y = g.op('Mul', [y, k], hasOffset ? `${layer.name}/Mul` : layer.name);
  }
  if (hasOffset) {
    const o = nested(layer.offset);
    y = g.op('Add', [y, g.floatConstant(`${layer.name}/offset`, o.dims, o.values)], layer.name);
  }
  return single(c, y, perm);
}

/** Divide: Div (input 0 / input 1). */
export function exportDivide(c: LayerCall<Divide>): OnnxValue[] {
  const { names, perm } = commonLayout(c);
  return single(c, c.g.op('Div', names, c.layer.name), perm);
}
