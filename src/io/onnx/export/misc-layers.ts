/**
 * Exporters of the attention, merge and noise layers of issue 17: Minimum/Maximum (Min, Max),
 * Dot (Transpose, Reshape, MatMul; ReduceSum/Sqrt for `normalize`), RepeatVector (Unsqueeze,
 * Tile), SpatialDropout1D/2D, GaussianNoise and ActivityRegularization (Identity: ONNX graphs
 * are for inference, where they pass their input on) and MultiHeadAttention (MatMul, Add,
 * Reshape, Transpose, Softmax).
 */
import type { Layer } from '../../../layers/layer.js';
import type { Dot } from '../../../layers/dot.js';
import type { Maximum, Minimum } from '../../../layers/merge.js';
import type { MultiHeadAttention } from '../../../layers/multi-head-attention.js';
import type { RepeatVector } from '../../../layers/repeat-vector.js';
import type { Variable } from '../../../tensor/tensor.js';
import { type GraphBuilder, type OnnxValue, noOnnxForm } from './graph.js';
import { describeLayer, type LayerCall, single } from './layer-call.js';

/** The inputs' names in one common layout (the first input's), and that layout. */
function commonLayout(c: LayerCall<Layer>): { names: string[]; perm: readonly number[] | null } {
  const first = c.inputs[0]!;
  const rank = first.shape.length;
  const perm = c.inputs.every((v) => v.shape.length === rank) ? first.perm : null;
  return { names: c.inputs.map((v) => c.g.inLayout(v, perm, c.layer.name)), perm };
}

/** Minimum: one variadic Min node. */
export function exportMinimum(c: LayerCall<Minimum>): OnnxValue[] {
  const { names, perm } = commonLayout(c);
  return single(c, c.g.op('Min', names, c.layer.name), perm);
}

/** Maximum: one variadic Max node. */
export function exportMaximum(c: LayerCall<Maximum>): OnnxValue[] {
  const { names, perm } = commonLayout(c);
  return single(c, c.g.op('Max', names, c.layer.name), perm);
}

/** Identity, keeping the input's layout (inference form of the training-only layers). */
export function exportIdentity(c: LayerCall<Layer>): OnnxValue[] {
  const input = c.inputs[0]!;
  return single(c, c.g.op('Identity', [input.name], c.layer.name), input.perm);
}

/** RepeatVector: Unsqueeze to [batch, 1, f], then Tile [1, n, 1]. */
export function exportRepeatVector(c: LayerCall<RepeatVector>): OnnxValue[] {
  const { g, layer } = c;
  const x = g.logical(c.inputs[0]!, layer.name);
  const u = g.op(
    'Unsqueeze',
    [x, g.int64Constant(`${layer.name}/axes`, [1])],
    `${layer.name}/Unsqueeze`,
  );
  const reps = g.int64Constant(`${layer.name}/repeats`, [1, layer.n, 1]);
  return single(c, g.op('Tile', [u, reps], layer.name), null);
}

/** x · 1/√max(Σx², ε²) along `axis` (Keras's `normalize`). */
function l2Normalize(g: GraphBuilder, x: string, axis: number, by: string): string {
  const sq = g.op('Mul', [x, x], `${by}/Square`);
  const s = g.op('ReduceSum', [sq, g.int64Constant(`${by}/axis${axis}`, [axis])], `${by}/Sum`, {
    keepdims: 1,
  });
  const clamped = g.op('Max', [s, g.floatConstant(`${by}/eps2`, [], [1e-14])], `${by}/Clamp`);
  return g.op('Div', [x, g.op('Sqrt', [clamped], `${by}/Sqrt`)], `${by}/Normalize`);
}

/** Dot: both inputs transposed so one MatMul of [B, m, K] by [B, K, n] does it, reshaped. */
export function exportDot(c: LayerCall<Dot>): OnnxValue[] {
  const { g, layer } = c;
  const [v0, v1] = c.inputs as [OnnxValue, OnnxValue];
  const r0 = v0.shape.length;
  const r1 = v1.shape.length;
  const [a0, a1] = (typeof layer.axes === 'number' ? [layer.axes, layer.axes] : layer.axes).map(
    (a, i) => (a < 0 ? a + (i === 0 ? r0 : r1) : a),
  ) as [number, number];
  const out = c.outputShapes[0]!;
  if (out.slice(1).filter((d) => d === null).length > 1 || v0.shape[a0] === null)
    throw noOnnxForm(
      g,
      `${describeLayer(layer)} with unknown sizes`,
      'give the inputs known shapes',
    );
  let x = g.logical(v0, layer.name);
  let y = g.logical(v1, layer.name);
  if (layer.normalize) {
    x = l2Normalize(g, x, a0, `${layer.name}/x`);
    y = l2Normalize(g, y, a1, `${layer.name}/y`);
  }
  const K = v0.shape[a0]!;
  const p0 = [...Array(r0).keys()].filter((k) => k !== a0);
  const p1 = [...Array(r1).keys()].filter((k) => k !== a1 && k !== 0);
  const xt = g.op('Transpose', [x], `${layer.name}/TransposeX`, { perm: [...p0, a0] });
  const yt = g.op('Transpose', [y], `${layer.name}/TransposeY`, { perm: [0, a1, ...p1] });
  const x3 = g.op(
    'Reshape',
    [xt, g.int64Constant(`${layer.name}/shapeX`, [0, -1, K])],
    `${layer.name}/ReshapeX`,
  );
  const y3 = g.op(
    'Reshape',
    [yt, g.int64Constant(`${layer.name}/shapeY`, [0, K, -1])],
    `${layer.name}/ReshapeY`,
  );
  const m = g.op('MatMul', [x3, y3], `${layer.name}/MatMul`);
  const shape = g.int64Constant(`${layer.name}/shape`, [0, ...out.slice(1).map((d) => d ?? -1)]);
  return single(c, g.op('Reshape', [m, shape], layer.name), null);
}

/** A kernel as a matrix of its first `rowAxes` axes by the rest (same row-major data). */
function flatKernel(g: GraphBuilder, v: Variable, rowAxes = 1): string {
  const prod = (d: readonly number[]): number => d.reduce((a, b) => a * b, 1);
  return g.weight(v, 'matrix', (data, shape) => ({
    dims: [prod(shape.slice(0, rowAxes)), prod(shape.slice(rowAxes))],
    data,
  }));
}
/** A bias as a vector. */
function flatBias(g: GraphBuilder, v: Variable): string {
  return g.weight(v, 'vector', (data) => ({ dims: [data.length], data }));
}

/**
 * MultiHeadAttention (inference, no call options): the projections as MatMul + Add on the
 * flattened EinsumDense kernels, heads by Reshape/Transpose, Softmax(Q·Kᵀ/√d)·V, the output
 * projection. `slidingWindow` becomes a constant additive mask and a multiplicative one.
 */
export function exportMultiHeadAttention(c: LayerCall<MultiHeadAttention>): OnnxValue[] {
  const { g, layer } = c;
  const n = layer.name;
  const w = new Map(layer.weights.map((v) => [v.name.slice(n.length + 1), v]));
  const H = layer.numHeads;
  const [qv, vv, kv = vv] = c.inputs as [OnnxValue, OnnxValue, OnnxValue?];
  const heads = (v: OnnxValue, name: string, E: number, perm: number[]): string => {
    let y = g.op(
      'MatMul',
      [g.logical(v, n), flatKernel(g, w.get(`${name}/kernel`)!)],
      `${n}/${name}/MatMul`,
    );
    const b = w.get(`${name}/bias`);
    if (b) y = g.op('Add', [y, flatBias(g, b)], `${n}/${name}/Add`);
    const r = g.op(
      'Reshape',
      [y, g.int64Constant(`${n}/heads${E}`, [0, 0, H, E])],
      `${n}/${name}/Reshape`,
    );
    return g.op('Transpose', [r], `${n}/${name}/Transpose`, { perm });
  };
  const K = layer.keyDim;
  const V = layer.valueDim;
  const q = heads(qv, 'query', K, [0, 2, 1, 3]); // [B, H, T, K]
  const k = heads(kv, 'key', K, [0, 2, 3, 1]); // [B, H, K, S]
  const v = heads(vv, 'value', V, [0, 2, 1, 3]); // [B, H, S, V]
  const qs = g.op('Mul', [q, g.floatConstant(`${n}/scale`, [], [1 / Math.sqrt(K)])], `${n}/Scale`);
  let scores = g.op('MatMul', [qs, k], `${n}/Scores`);
  const T = qv.shape[1];
  const S = vv.shape[1];
  const win = layer.slidingWindow;
  let keep: string | null = null;
  if (win !== null) {
    if (T == null || S == null)
      throw noOnnxForm(g, `${describeLayer(layer)} (slidingWindow) with unknown sequence lengths`);
    const add: number[] = [];
    const mul: number[] = [];
    for (let t = 0; t < T; t++)
      for (let s = 0; s < S; s++) {
        const ok = Math.abs(t - s) < win;
        add.push(ok ? 0 : -1e9);
        mul.push(ok ? 1 : 0);
      }
    scores = g.op('Add', [scores, g.floatConstant(`${n}/window`, [T, S], add)], `${n}/Mask`);
    keep = g.floatConstant(`${n}/keep`, [T, S], mul);
  }
  let probs = g.op('Softmax', [scores], `${n}/Softmax`, { axis: -1 });
  if (keep) probs = g.op('Mul', [probs, keep], `${n}/Keep`);
  const ctx = g.op('MatMul', [probs, v], `${n}/Context`); // [B, H, T, V]
  const ct = g.op('Transpose', [ctx], `${n}/Merge`, { perm: [0, 2, 1, 3] });
  const flat = g.op(
    'Reshape',
    [ct, g.int64Constant(`${n}/merged`, [0, 0, H * V])],
    `${n}/MergeHeads`,
  );
  const ob = w.get('attention_output/bias');
  let y = g.op(
    'MatMul',
    [flat, flatKernel(g, w.get('attention_output/kernel')!, 2)],
    ob ? `${n}/attention_output/MatMul` : n,
  );
  if (ob) y = g.op('Add', [y, g.weight(ob)], n);
  return single(c, y, null);
}
