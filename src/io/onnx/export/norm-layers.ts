/**
 * Exporters of the normalization layers. BatchNormalization is ONNX's BatchNormalization
 * (inference form, moving statistics) with the layer's axis moved to position 1.
 * LayerNormalization is ONNX's LayerNormalization from opset 17 when its axes are the last
 * ones, and otherwise the ops it is made of (ReduceMean, Sub, Mul, Add, Sqrt, Div).
 */
import type { BatchNormalization } from '../../../layers/batch-normalization.js';
import type { LayerNormalization } from '../../../layers/layer-normalization.js';
import type { Variable } from '../../../tensor/tensor.js';
import { normAxes, normAxis } from '../../../tensor/shape.js';
import {
  channelFirstPerm,
  float,
  type GraphBuilder,
  type OnnxValue,
  physicalAxis,
} from './graph.js';
import { type LayerCall, single } from './layer-call.js';

/** A weight, or a constant of `fill` in its place when the layer has none (scale: false). */
function weightOr(
  g: GraphBuilder,
  v: Variable | null,
  hint: string,
  dims: readonly number[],
  fill: number,
): string {
  if (v) return g.weight(v, `dims:${dims.join(',')}`, (data) => ({ dims: [...dims], data }));
  return g.floatConstant(hint, dims, new Array<number>(dims.reduce((a, b) => a * b, 1)).fill(fill));
}

/** BatchNormalization (inference): y = (x − mean)/√(var + ε)·γ + β along the layer's axis. */
export function exportBatchNormalization(c: LayerCall<BatchNormalization>): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const rank = input.shape.length;
  const axis = normAxis(layer.axis, rank, `BatchNormalization '${layer.name}'`);
  // Already channel-first for this axis (after a Conv): no Transpose.
  const perm = physicalAxis(input.perm, axis) === 1 ? input.perm : channelFirstPerm(axis, rank);
  const x = g.inLayout(input, perm, layer.name);
  const dim = layer.movingMean!.shape[0]!;
  const y = g.op(
    'BatchNormalization',
    [
      x,
      weightOr(g, layer.gamma, `${layer.name}/gamma`, [dim], 1),
      weightOr(g, layer.beta, `${layer.name}/beta`, [dim], 0),
      g.weight(layer.movingMean!),
      g.weight(layer.movingVariance!),
    ],
    layer.name,
    { epsilon: float(layer.epsilon) },
  );
  return single(c, y, perm);
}

/** ReduceMean over `axes`, kept: axes an attribute before opset 18, an input from 18. */
function reduceMean(g: GraphBuilder, x: string, axes: readonly number[], name: string): string {
  if (g.opset >= 18) {
    return g.op('ReduceMean', [x, g.int64Constant(`${name}/axes`, axes)], name, { keepdims: 1 });
  }
  return g.op('ReduceMean', [x], name, { axes: [...axes], keepdims: 1 });
}

/** LayerNormalization: per sample, over the layer's axes, then γ and β. */
export function exportLayerNormalization(c: LayerCall<LayerNormalization>): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const rank = input.shape.length;
  const axes = normAxes(layer.axis, rank, `LayerNormalization '${layer.name}'`);
  const x = g.logical(input, layer.name);
  const normDims = axes.map((a) => input.shape[a]!);
  const trailing = axes.every((a, i) => a === rank - axes.length + i);
  if (g.opset >= 17 && trailing) {
    const inputs = [x, weightOr(g, layer.gamma, `${layer.name}/gamma`, normDims, 1)];
    if (layer.beta) inputs.push(weightOr(g, layer.beta, `${layer.name}/beta`, normDims, 0));
    const y = g.op('LayerNormalization', inputs, layer.name, {
      axis: axes[0]!,
      epsilon: float(layer.epsilon),
    });
    return single(c, y, null);
  }
  const p = `${layer.name}/`;
  const mean = reduceMean(g, x, axes, `${p}ReduceMean`);
  const centred = g.op('Sub', [x, mean], `${p}Sub`);
  const variance = reduceMean(
    g,
    g.op('Mul', [centred, centred], `${p}Square`),
    axes,
    `${p}Variance`,
  );
  const eps = g.floatConstant(`${p}epsilon`, [], [layer.epsilon]);
  const std = g.op('Sqrt', [g.op('Add', [variance, eps], `${p}AddEpsilon`)], `${p}Sqrt`);
  let y = g.op('Div', [centred, std], layer.gamma || layer.beta ? `${p}Div` : layer.name);
  // γ and β broadcast as [d1, 1, d3 …]: the sample's shape with 1 on the axes not normalized.
  const bdims = input.shape.slice(1).map((d, i) => (axes.includes(i + 1) ? d! : 1));
  if (layer.gamma) {
    const gamma = weightOr(g, layer.gamma, `${layer.name}/gamma`, bdims, 1);
    y = g.op('Mul', [y, gamma], layer.beta ? `${p}Scale` : layer.name);
  }
  if (layer.beta)
    y = g.op('Add', [y, weightOr(g, layer.beta, `${layer.name}/beta`, bdims, 0)], layer.name);
  return single(c, y, null);
}
