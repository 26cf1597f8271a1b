/**
 * Shape ops on the model's data: Flatten and Reshape (a Flatten layer, or a Reshape of the
 * per-sample shape; the batch axis must stay), Squeeze/Unsqueeze (Reshape), Transpose (only
 * the layout bookkeeping changes: no layer), Concat (Concatenate). Their constant forms
 * are folded (fold.ts).
 */
import { Concatenate } from '../../../layers/merge.js';
import { Flatten } from '../../../layers/flatten.js';
import { Reshape } from '../../../layers/reshape.js';
import type { GraphNode } from './graph.js';
import { intsOf } from './fold.js';
import { identity, type ImportContext, onnxShape, type SymValue, type Value } from './context.js';

/** Whether every reader of `name` is a Gemm/MatMul taking it as data against a constant weight. */
function onlyDenseReads(ctx: ImportContext, name: string): boolean {
  if (ctx.graph.outputNames.has(name)) return false;
  const readers = ctx.graph.consumers.get(name) ?? [];
  return (
    readers.length > 0 &&
    readers.every((n) =>
      (n.opType === 'Gemm' && n.attrs.int('transA', 0) === 0) || n.opType === 'MatMul'
        ? n.inputs[0] === name &&
          n.inputs[1] !== name &&
          ctx.values.get(n.inputs[1] ?? '')?.kind === 'const'
        : false,
    )
  );
}

/**
 * [batch, ...] → [batch, n]. A channels-last image about to meet only Dense layers is
 * flattened as it is, the Dense kernels' rows taking the ONNX order (`flatOrder`), as a
 * Keras CNN would be; otherwise it goes back to the ONNX order first.
 */
function flatten(ctx: ImportContext, node: GraphNode, x0: SymValue): Value {
  let x = x0;
  const name = ctx.nameFor(node);
  const trivial = x.perm.every((p, i) => p === i);
  const shape = onnxShape(x);
  // Axes of size 1 do not change the order.
  const moved = x.perm.filter((p) => (shape[p] ?? 2) !== 1);
  const ordered = moved.every((p, i) => i === 0 || p > moved[i - 1]!);
  let flatOrder: Int32Array | undefined;
  if (!trivial && !ordered) {
    if (onlyDenseReads(ctx, node.outputs[0] ?? '')) flatOrder = orderOf(x);
    else x = ctx.toOnnxOrder(x, name);
  }
  if (x.perm.length === 2 && !flatOrder) return { kind: 'sym', sym: x.sym, perm: [0, 1] };
  const sym = ctx.apply(new Flatten({ name }), [x.sym]);
  return flatOrder
    ? { kind: 'sym', sym, perm: [0, 1], flatOrder }
    : { kind: 'sym', sym, perm: [0, 1] };
}

/** For each Neurite flat feature, the ONNX flat feature it holds. */
function orderOf(x: SymValue): Int32Array {
  const nd = x.sym.shape.slice(1) as number[];
  const od = onnxShape(x).slice(1) as number[];
  const n = nd.reduce((p, q) => p * q, 1);
  const oStrides = od.map((_, i) => od.slice(i + 1).reduce((p, q) => p * q, 1));
  const out = new Int32Array(n);
  const idx = new Array<number>(nd.length).fill(0);
  for (let j = 0; j < n; j++) {
    let o = 0;
    idx.forEach((v, i) => (o += v * oStrides[x.perm[i + 1]! - 1]!));
    out[j] = o;
    for (let k = nd.length - 1; k >= 0; k--) {
      if (++idx[k]! < nd[k]!) break;
      idx[k] = 0;
    }
  }
  return out;
}

/** A reshape to the per-sample ONNX shape `target` (static, batch excluded). */
function reshapeTo(ctx: ImportContext, node: GraphNode, x0: SymValue, target: number[]): Value {
  if (target.length === 1) return flatten(ctx, node, x0);
  const x = ctx.toOnnxOrder(x0, ctx.baseName(node));
  const sym = ctx.apply(new Reshape({ targetShape: target, name: ctx.nameFor(node) }), [x.sym]);
  return { kind: 'sym', sym, perm: identity(target.length + 1) };
}

export function convertFlatten(node: GraphNode, ctx: ImportContext): Value[] {
  const x = ctx.sym(node, 0);
  const r = x.perm.length;
  let axis = node.attrs.int('axis', 1);
  if (axis < 0) axis += r;
  if (axis !== 1) {
    ctx.fail(
      node,
      `axis ${node.attrs.int('axis', 1)} merges the batch with other axes (or keeps the batch apart from none); Neurite imports Flatten with axis 1`,
    );
  }
  return [flatten(ctx, node, x)];
}

export function convertReshape(node: GraphNode, ctx: ImportContext): Value[] {
  const x = ctx.sym(node, 0);
  const v = ctx.input(node, 1);
  if (!v || v.kind !== 'const')
    ctx.fail(
      node,
      'the target shape must be known when the model loads (a constant, or computed from static shapes)',
    );
  const t = v.t;
  const shape = onnxShape(x);
  const allowZero = node.attrs.int('allowzero', 0) !== 0;
  const target = intsOf(t).map((d, i) =>
    d === 0 && !allowZero && !t.unknown?.[i] ? (shape[i] ?? null) : t.unknown?.[i] ? null : d,
  );
  // The batch entry: the batch size itself (Shape → Gather), 0 (copy), or -1 inferred.
  const first = target[0];
  const rest = target.slice(1);
  const firstIsBatch = first === null || (first === -1 && rest.every((d) => d !== null && d >= 0));
  if (target.length === 0 || !firstIsBatch) {
    ctx.fail(
      node,
      `the target shape [${intsOf(t).join(',')}] does not keep the batch axis first; Neurite reshapes each sample, not the batch`,
    );
  }
  if (rest.some((d) => d === null))
    ctx.fail(node, 'the target shape depends on the batch size beyond its first entry');
  const perSample = shape.slice(1) as number[];
  const n = perSample.reduce((p, q) => p * q, 1);
  const fixed = (rest as number[]).filter((d) => d !== -1).reduce((p, q) => p * q, 1);
  const resolved = (rest as number[]).map((d) => (d === -1 ? n / fixed : d));
  if (
    (rest as number[]).filter((d) => d === -1).length > 1 ||
    resolved.some((d) => !Number.isInteger(d) || d < 0) ||
    resolved.reduce((p, q) => p * q, 1) !== n
  ) {
    ctx.fail(
      node,
      `cannot reshape samples of shape [${perSample.join(',')}] to [${rest.join(',')}]`,
    );
  }
  return [reshapeTo(ctx, node, x, resolved)];
}

export function convertSqueezeUnsqueeze(node: GraphNode, ctx: ImportContext): Value[] {
  const x = ctx.sym(node, 0);
  const shape = onnxShape(x);
  const axesV = ctx.opset >= 13 ? ctx.constant(node, 1, 'axes') : undefined;
  const axes = ctx.opset >= 13 ? (axesV ? intsOf(axesV) : undefined) : node.attrs.ints('axes');
  let out: (number | null)[];
  if (node.opType === 'Unsqueeze') {
    if (!axes) ctx.fail(node, 'Unsqueeze needs axes');
    const r = shape.length + axes.length;
    const at = new Set(axes.map((a) => (a < 0 ? a + r : a)));
    out = [];
    let k = 0;
    for (let i = 0; i < r; i++) out.push(at.has(i) ? 1 : shape[k++]!);
    if (at.has(0)) ctx.fail(node, 'a new axis 0 moves the batch; Neurite keeps the batch first');
  } else {
    const at = axes ? new Set(axes.map((a) => (a < 0 ? a + shape.length : a))) : null;
    if (at?.has(0) || (!at && shape[0] === 1)) ctx.fail(node, 'squeezing axis 0 removes the batch');
    out = shape.filter((d, i) => (at ? !at.has(i) : i === 0 || d !== 1));
  }
  return [reshapeTo(ctx, node, x, out.slice(1) as number[])];
}

export function convertTranspose(node: GraphNode, ctx: ImportContext): Value[] {
  const x = ctx.sym(node, 0);
  const r = x.perm.length;
  const p = node.attrs.ints('perm') ?? Array.from({ length: r }, (_, i) => r - 1 - i);
  if (p.length !== r || [...p].sort((a, b) => a - b).some((v, i) => v !== i))
    ctx.fail(node, `perm [${p.join(',')}] is not a permutation of rank ${r}`);
  if (p[0] !== 0)
    ctx.fail(node, `perm [${p.join(',')}] moves the batch axis; Neurite keeps the batch first`);
  // Output ONNX axis i is input axis p[i]; Neurite axis j is input axis x.perm[j].
  const inv = new Array<number>(r);
  p.forEach((v, i) => (inv[v] = i));
  return [{ kind: 'sym', sym: x.sym, perm: x.perm.map((q) => inv[q]!) }];
}

export function convertConcat(node: GraphNode, ctx: ImportContext): Value[] {
  const first = ctx.sym(node, 0);
  const r = first.perm.length;
  let axis = node.attrs.int('axis', 0);
  if (axis < 0) axis += r;
  if (axis <= 0 || axis >= r)
    ctx.fail(
      node,
      `axis ${node.attrs.int('axis', 0)}: Neurite concatenates along a feature axis (not the batch)`,
    );
  const name = ctx.nameFor(node);
  const xs = node.inputs.map((_, i) => ctx.toLayout(ctx.sym(node, i), first.perm, name));
  if (xs.length === 1) return [xs[0]!];
  const layer = new Concatenate({ axis: first.perm.indexOf(axis), name });
  return [
    {
      kind: 'sym',
      sym: ctx.apply(
        layer,
        xs.map((x) => x.sym),
      ),
      perm: first.perm,
    },
  ];
}
