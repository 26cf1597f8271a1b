/**
 * Gemm and MatMul (with a constant weight, and a constant bias Add fused into it) as Dense
 * layers: ONNX's [out, in] weights (transB) become Keras's [in, out] kernel, alpha and beta
 * are folded into the weights, and a flattened channels-last image has the kernel's rows
 * reordered instead of its data.
 */
import { Dense } from '../../../layers/dense.js';
import type { GraphNode } from './graph.js';
import type { ConstTensor } from './tensors.js';
import { transposeConst } from './fold.js';
import { type ImportContext, type SymValue, type Value } from './context.js';

/** A Dense layer on the last axis of `x`: kernel [in, units] (ONNX feature order), bias [units]. */
export function denseLayer(
  ctx: ImportContext,
  node: GraphNode,
  input: SymValue,
  kernel: Float32Array,
  inDim: number,
  units: number,
  bias: Float32Array | null,
): Value {
  let x = input;
  if (x.perm.length < 2)
    ctx.fail(
      node,
      `expected data of rank >= 2 (a batch of vectors), received rank ${x.perm.length}`,
    );
  if (x.flatOrder === undefined && x.perm.length > 2) x = ctx.toOnnxOrder(x, ctx.baseName(node));
  const last = x.sym.shape[x.sym.shape.length - 1];
  if (last !== inDim)
    ctx.fail(
      node,
      `the weight expects ${inDim} input features, the data has ${last ?? 'an unknown number'}`,
    );
  let k = kernel;
  const order = x.flatOrder;
  if (order) {
    k = new Float32Array(kernel.length);
    for (let j = 0; j < inDim; j++)
      k.set(kernel.subarray(order[j]! * units, (order[j]! + 1) * units), j * units);
  }
  const layer = new Dense({ units, useBias: bias !== null, name: ctx.nameFor(node) });
  const weights = [{ shape: [inDim, units], data: k }];
  if (bias) weights.push({ shape: [units], data: bias });
  const sym = ctx.apply(layer, [x.sym], weights);
  return { kind: 'sym', sym, perm: x.perm.map((_, i) => i) };
}

/** A bias of `units` values from a constant broadcast along the last axis (scalar, [u], [1,u]). */
function biasOf(
  ctx: ImportContext,
  node: GraphNode,
  c: ConstTensor,
  units: number,
  scale: number,
): Float32Array {
  const flat = c.dims.filter((d) => d !== 1);
  if (c.dims.length > 2 || flat.length > 1 || (c.data.length !== units && c.data.length !== 1)) {
    ctx.fail(
      node,
      `the bias has shape [${c.dims.join(',')}]; Neurite imports a bias of [${units}], [1,${units}] or one value (a bias that varies with the batch row is not a Dense bias)`,
    );
  }
  const out = new Float32Array(units);
  for (let i = 0; i < units; i++) out[i] = scale * c.data[c.data.length === 1 ? 0 : i]!;
  return out;
}

/** Gemm: Y = alpha·A'·B' + beta·C. */
export function convertGemm(node: GraphNode, ctx: ImportContext): Value[] {
  const a = node.attrs;
  const x = ctx.sym(node, 0);
  if (a.int('transA', 0) !== 0)
    ctx.fail(
      node,
      'transA=1 puts the batch on the second axis; Neurite imports Gemm with transA=0',
    );
  const B = ctx.constant(node, 1, 'the weight B');
  if (!B || B.dims.length !== 2) ctx.fail(node, 'the weight B must be a 2-D constant');
  const W = a.int('transB', 0) !== 0 ? transposeConst(B, [1, 0], ctx.where) : B;
  const [inDim, units] = W.dims as [number, number];
  const alpha = a.float('alpha', 1);
  const beta = a.float('beta', 1);
  const kernel = Float32Array.from(W.data, (v) => v * alpha);
  const C = ctx.constant(node, 2, 'the bias C');
  const bias = C && beta !== 0 ? biasOf(ctx, node, C, units, beta) : null;
  if (x.perm.length !== 2) ctx.fail(node, `Gemm takes 2-D data, received rank ${x.perm.length}`);
  return [denseLayer(ctx, node, x, kernel, inDim, units, bias)];
}

/** MatMul with a constant 2-D right operand, and the bias of a fused Add when given. */
export function convertMatMul(node: GraphNode, ctx: ImportContext, biasName?: string): Value[] {
  const aIn = ctx.input(node, 0);
  const bIn = ctx.input(node, 1);
  if (aIn?.kind !== 'sym' || bIn?.kind !== 'const') {
    ctx.fail(
      node,
      'Neurite imports MatMul of the data by a constant matrix (a Dense layer); a product of two computed tensors, or of a constant by the data, has no layer',
    );
  }
  const x = ctx.sym(node, 0);
  const W = ctx.constant(node, 1, 'the weight')!;
  if (W.dims.length !== 2)
    ctx.fail(node, `the weight must be 2-D, received shape [${W.dims.join(',')}]`);
  const [inDim, units] = W.dims as [number, number];
  let bias: Float32Array | null = null;
  if (biasName !== undefined) {
    const v = ctx.values.get(biasName);
    if (v?.kind === 'const') bias = biasOf(ctx, node, v.t, units, 1);
  }
  return [denseLayer(ctx, node, x, Float32Array.from(W.data), inDim, units, bias)];
}
