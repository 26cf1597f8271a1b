/**
 * ONNX import: an `.onnx` file (what PyTorch's `torch.onnx.export` and Keras's exporters
 * write for MLPs and CNNs) becomes a real Neurite Functional model, given as the
 * {@link ModelArtifacts} every format reads into, so that `artifactsToModel` builds it
 * (trainable weights, summary, fit, save to every format). It is not an interpreter over
 * the graph: each node becomes the Keras layer that computes it, with its weights.
 *
 * Layout: ONNX images are NCHW; Neurite's image layers are channels last. The weights are
 * permuted (Conv's [out, in, kh, kw] → [kh, kw, in, out]) and, by default (`layout:
 * 'nchw'`), the model still takes NCHW data as PyTorch does: a Permute layer moves 4-D
 * inputs to channels last where the first image layer needs them. With `layout: 'nhwc'`
 * 4-D inputs (and 4-D outputs) are channels last, with no Permute.
 *
 * Loading never runs code from the file and never reads outside it: external data is
 * refused; counts, ranks, dims and byte lengths are checked before anything is allocated;
 * cycles and undefined inputs are refused; every failure is a ModelIOError naming the file
 * (and the node, its op type and the opset).
 */
import { Activation } from '../../../layers/activation.js';
import { input as symbolicInput } from '../../../layers/input-layer.js';
import type { SymbolicTensor } from '../../../layers/symbolic.js';
import { Functional } from '../../../models/functional.js';
import { buildWithin } from '../../../layers/weight-budget.js';
import { NeuriteError } from '../../../errors.js';
import { modelToArtifacts } from '../../artifacts.js';
import { MAX_MODEL_FILE_BYTES } from '../../limits.js';
import { ModelIOError } from '../../model-io-error.js';
import type { LoadOptions, ModelArtifacts } from '../../types.js';
import { decodeModel, type OnnxModel } from '../proto.js';
import { type Graph, type GraphNode, MAX_VALUES, orderGraph } from './graph.js';
import { checkDims, type ConstTensor, decodeTensor, dtypeName } from './tensors.js';
import { fold, FOLDABLE } from './fold.js';
import { findFusions, type Fusion } from './patterns.js';
import { ImportContext, NHWC, type SymValue, type Value } from './context.js';
import { convertGemm, convertMatMul } from './ops-dense.js';
import {
  convertBatchNorm,
  convertConv,
  convertGlobalAveragePool,
  convertPad,
  convertPool,
} from './ops-conv.js';
import {
  convertActivation,
  convertArithmetic,
  convertClip,
  convertDropout,
  convertSoftmax,
  geluLayer,
} from './ops-elementwise.js';
import {
  convertConcat,
  convertFlatten,
  convertReshape,
  convertSqueezeUnsqueeze,
  convertTranspose,
} from './ops-shape.js';

/** Options of {@link io.loadOnnx} (and of loading an `.onnx` file). */
export interface OnnxImportOptions extends LoadOptions {
  /**
   * How 4-D (image) inputs and outputs are laid out. `'nchw'` (default): as in the file and
   * in PyTorch, [batch, channels, height, width]; the model permutes them to channels last
   * inside. `'nhwc'`: [batch, height, width, channels], Neurite's and Keras's own layout,
   * with no permutation.
   */
  layout?: 'nchw' | 'nhwc';
}

type Converter = (node: GraphNode, ctx: ImportContext) => Value[];

const passThrough: Converter = (node, ctx) => {
  const v = ctx.input(node, 0);
  if (!v) return ctx.fail(node, 'missing input');
  return [v];
};

/** Every op type Neurite imports, and its converter. */
const CONVERTERS: Readonly<Record<string, Converter>> = {
  Gemm: convertGemm,
  MatMul: (n, ctx) => convertMatMul(n, ctx),
  Add: convertArithmetic,
  Sub: convertArithmetic,
  Mul: convertArithmetic,
  Div: convertArithmetic,
  Relu: convertActivation,
  LeakyRelu: convertActivation,
  Elu: convertActivation,
  Selu: convertActivation,
  Sigmoid: convertActivation,
  HardSigmoid: convertActivation,
  HardSwish: convertActivation,
  Tanh: convertActivation,
  Softplus: convertActivation,
  Softsign: convertActivation,
  Gelu: convertActivation,
  Softmax: convertSoftmax,
  LogSoftmax: convertSoftmax,
  Clip: convertClip,
  Flatten: convertFlatten,
  Reshape: convertReshape,
  Squeeze: convertSqueezeUnsqueeze,
  Unsqueeze: convertSqueezeUnsqueeze,
  Transpose: convertTranspose,
  Concat: convertConcat,
  Conv: convertConv,
  MaxPool: convertPool,
  AveragePool: convertPool,
  GlobalAveragePool: convertGlobalAveragePool,
  BatchNormalization: convertBatchNorm,
  Pad: convertPad,
  Dropout: convertDropout,
  Identity: passThrough,
};

/** The op types Neurite imports (plus Erf in a GELU, and shape arithmetic on constants). */
export const ONNX_IMPORT_OPS: readonly string[] = Object.keys(CONVERTERS).sort();

function fail(where: string, message: string, cause?: unknown): never {
  throw new ModelIOError(
    `${where}: ${message}`,
    { file: where },
    cause === undefined ? undefined : { cause },
  );
}

/** The ai.onnx opset the model imports. */
function opsetOf(model: OnnxModel, where: string): number {
  const entry = (model.opsetImport ?? []).find(
    (o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx',
  );
  const v = entry?.version;
  if (v === undefined || !Number.isSafeInteger(v) || v < 1)
    fail(
      where,
      'the model declares no ai.onnx opset (opset_import); it is not an ONNX model Neurite can read',
    );
  if (v > 22) fail(where, `opset ${v} is newer than the opsets Neurite knows (up to 22)`);
  return v;
}

/**
 * Reads an ONNX file into model artifacts (see the module comment).
 *
 * @param bytes the whole `.onnx` file.
 * @param where names the file in errors.
 * @throws ModelIOError naming the file, and for an op or attribute Neurite cannot import,
 *   the node, its op type and the opset, with the op types Neurite imports.
 */
export async function importOnnx(
  bytes: Uint8Array,
  where: string,
  options: OnnxImportOptions = {},
): Promise<ModelArtifacts> {
  await Promise.resolve();
  const layout = options.layout ?? 'nchw';
  if (layout !== 'nchw' && layout !== 'nhwc')
    fail(where, `layout must be 'nchw' or 'nhwc', received ${JSON.stringify(layout)}`);
  if (!(bytes instanceof Uint8Array)) fail(where, 'expected the file as a Uint8Array');
  if (bytes.length === 0) fail(where, 'the file is empty; expected an ONNX model');
  if (bytes.length > MAX_MODEL_FILE_BYTES)
    fail(
      where,
      `the file has ${bytes.length} bytes, more than the ${MAX_MODEL_FILE_BYTES} Neurite loads`,
    );
  let model: OnnxModel;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    fail(
      where,
      `not a valid ONNX file (the protobuf does not decode: ${e instanceof Error ? e.message : String(e)})`,
      e,
    );
  }
  const graph = model.graph;
  if (!graph || !(graph.node?.length ?? 0) || !(graph.output?.length ?? 0)) {
    fail(where, 'the file holds no graph with nodes and outputs; expected an ONNX model');
  }
  const opset = opsetOf(model, where);
  const inits = graph.initializer ?? [];
  const ins = graph.input ?? [];
  for (const [n, what] of [
    [inits.length, 'initializers'],
    [ins.length, 'inputs'],
    [graph.output?.length ?? 0, 'outputs'],
  ] as const) {
    if (n > MAX_VALUES)
      fail(where, `the graph has ${n} ${what}, more than the ${MAX_VALUES} Neurite imports`);
  }
  const consts = new Map<string, ConstTensor>();
  for (const [i, t] of inits.entries()) {
    const name = t.name ?? '';
    if (name === '' || consts.has(name))
      fail(
        where,
        `initializer #${i} has ${name === '' ? 'no name' : `the name '${name}' of another`}`,
      );
    consts.set(name, decodeTensor(t, where, `initializer '${name}'`));
  }
  const dataInputs = ins.filter((v) => !consts.has(v.name ?? ''));
  if (dataInputs.length === 0) fail(where, 'the graph has no data inputs');
  const defined = new Set<string>([...consts.keys(), ...dataInputs.map((v) => v.name ?? '')]);
  const g = orderGraph(graph, defined, where);
  const ctx = new ImportContext(where, opset, g);
  for (const [name, t] of consts) ctx.set(name, { kind: 'const', t });
  // Constants first, so that the subgraph matchers see them.
  for (const n of g.nodes) {
    if (n.opType !== 'Constant') continue;
    const out = guard(ctx, n, () => fold(n, ctx));
    ctx.set(n.outputs[0] ?? '', { kind: 'const', t: out![0]! });
  }
  const fusions = findFusions(g, (name) => {
    const v = ctx.values.get(name);
    return v?.kind === 'const' ? v.t : undefined;
  });
  const fused = new Set<GraphNode>([...fusions.values()].flatMap((f) => f.nodes));
  checkOpTypes(g, fused, where, opset);

  const budget = weightBudget(g, ctx);
  const built = buildWithin(budget, () => {
    const inputs = dataInputs.map((v) => makeInput(v, ctx, layout));
    for (const n of g.nodes) {
      if (n.opType === 'Constant') continue;
      const fusion = fusions.get(n);
      if (fused.has(n) && !fusion) continue;
      const outs = guard(ctx, n, () =>
        fusion ? convertFusion(n, fusion, ctx) : convertNode(n, ctx),
      );
      n.outputs.forEach((o, i) => {
        const v = outs[i];
        if (v) ctx.set(o, v);
        else if (o !== '' && (g.consumers.has(o) || g.outputNames.has(o)))
          ctx.fail(n, `output ${i} ('${o}') has no Neurite counterpart`);
      });
    }
    const outputs = (graph.output ?? []).map((o) => makeOutput(o.name ?? '', ctx, layout));
    return guardModel(
      where,
      () => new Functional({ inputs, outputs, name: modelName(graph.name) }),
    );
  });
  try {
    return modelToArtifacts(built, { includeOptimizer: false }, where);
  } finally {
    built.dispose();
  }
}

/** Ops that pass a constant through unchanged in size (an initializer's Identity, a Transpose). */
const SAME_SIZE = new Set([
  'Identity',
  'Cast',
  'Transpose',
  'Reshape',
  'Squeeze',
  'Unsqueeze',
  'Flatten',
]);

/**
 * The weights the build may create: each layer's weights come from the constants its node
 * reads (a grouped Conv's kernel grows by its group count), so no file makes Neurite
 * allocate much more than it holds, however its shapes are written.
 */
function weightBudget(g: Graph, ctx: ImportContext): { largest: number; total: number } {
  const size = new Map<string, number>();
  const sizeOf = (name: string): number => {
    const v = ctx.values.get(name);
    return v?.kind === 'const' ? v.t.data.length : (size.get(name) ?? 0);
  };
  let largest = 0;
  let total = 0;
  for (const n of g.nodes) {
    if (SAME_SIZE.has(n.opType) && n.outputs[0]) size.set(n.outputs[0], sizeOf(n.inputs[0] ?? ''));
    n.inputs.forEach((name, i) => {
      const k =
        sizeOf(name) *
        (n.opType === 'Conv' && i === 1
          ? Math.max(1, Math.min(n.attrs.int('group', 1), 2 ** 16))
          : 1);
      largest = Math.max(largest, k);
      total += k;
    });
  }
  return { largest, total: 2 * total + 1024 };
}

function modelName(name: string | undefined): string {
  const s = (name ?? '').replace(/[^A-Za-z0-9_]+/g, '_').slice(0, 80);
  return /^[A-Za-z]/.test(s) ? s : `onnx_model${s ? `_${s}` : ''}`;
}

/** Runs a converter, turning any other error into a ModelIOError naming the node. */
function guard<T>(ctx: ImportContext, node: GraphNode, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ModelIOError) throw e;
    const msg = e instanceof NeuriteError || e instanceof Error ? e.message : String(e);
    throw new ModelIOError(
      `${ctx.where}: node ${node.label} (opset ${ctx.opset}): ${msg}`,
      { file: ctx.where },
      { cause: e },
    );
  }
}

function guardModel<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ModelIOError) throw e;
    return fail(
      where,
      `the imported graph does not form a model: ${e instanceof Error ? e.message : String(e)}`,
      e,
    );
  }
}

/**
 * Refuses, before building anything, every node whose op type Neurite cannot import (in
 * one error naming each: a file with an LSTM gets the LSTM named, not whatever comes first).
 */
function checkOpTypes(g: Graph, fused: ReadonlySet<GraphNode>, where: string, opset: number): void {
  const bad = g.nodes.filter(
    (n) =>
      !fused.has(n) &&
      ((n.domain !== '' && n.domain !== 'ai.onnx') ||
        (!CONVERTERS[n.opType] && !FOLDABLE.has(n.opType))),
  );
  if (bad.length === 0) return;
  const listed = bad
    .slice(0, 8)
    .map((n) => `${n.label}${n.domain ? ` (domain '${n.domain}')` : ''}`);
  if (bad.length > 8) listed.push(`and ${bad.length - 8} more`);
  const erf = bad.some((n) => n.opType === 'Erf')
    ? ' Erf is imported only inside the GELU subgraph x·½·(1 + erf(x/√2)).'
    : '';
  fail(
    where,
    `opset ${opset}: ${bad.length === 1 ? 'node' : 'nodes'} ${listed.join(', ')} ${bad.length === 1 ? 'has an op type' : 'have op types'} Neurite does not import.${erf} Neurite imports: ${ONNX_IMPORT_OPS.join(', ')}, and shape arithmetic on constants (${[...FOLDABLE].filter((o) => !CONVERTERS[o]).join(', ')})`,
  );
}

function convertNode(node: GraphNode, ctx: ImportContext): Value[] {
  const domain = node.domain;
  if (domain !== '' && domain !== 'ai.onnx') {
    ctx.fail(
      node,
      `op '${node.opType}' of domain '${domain}' is not one Neurite imports; Neurite imports these ai.onnx ops: ${ONNX_IMPORT_OPS.join(', ')}`,
    );
  }
  const folded = fold(node, ctx);
  if (folded) return folded.map((t) => ({ kind: 'const', t }));
  const convert = CONVERTERS[node.opType];
  if (!convert) {
    const hint =
      node.opType === 'Erf'
        ? ' (Erf is imported only inside the GELU subgraph x·½·(1 + erf(x/√2)))'
        : '';
    ctx.fail(
      node,
      `op type '${node.opType}' is not one Neurite imports${hint}; Neurite imports: ${ONNX_IMPORT_OPS.join(', ')} (and shape arithmetic on constants)`,
    );
  }
  return convert(node, ctx);
}

function convertFusion(root: GraphNode, f: Fusion, ctx: ImportContext): Value[] {
  if (f.kind === 'denseBias') return convertMatMul(f.matMul!, ctx, f.bias);
  const x = ctx.values.get(f.input);
  if (x?.kind !== 'sym' || x.flatOrder) ctx.fail(root, `a ${f.kind} of a constant`);
  const name = ctx.nameFor(root, `_${f.kind}`);
  const layer =
    f.kind === 'geluErf' || f.kind === 'geluTanh'
      ? geluLayer(f.kind === 'geluTanh', name)
      : new Activation({ activation: f.kind, name });
  const sym = ctx.apply(layer, [x.sym]);
  return [{ kind: 'sym', sym, perm: x.perm }];
}

/** A graph input: float, batch first, the other dims static. */
function makeInput(
  v: NonNullable<OnnxModel['graph']>['input'] extends (infer I)[] | undefined ? I : never,
  ctx: ImportContext,
  layout: 'nchw' | 'nhwc',
): SymbolicTensor {
  const name = v.name ?? '';
  const tt = v.type?.tensorType;
  if (!tt) fail(ctx.where, `graph input '${name}' is not a tensor`);
  if ((tt.elemType ?? 0) !== 1)
    fail(
      ctx.where,
      `graph input '${name}' has element type ${dtypeName(tt.elemType)}; Neurite imports float32 inputs`,
    );
  const dims = tt.shape?.dim ?? [];
  if (dims.length < 1)
    fail(ctx.where, `graph input '${name}' has no shape (rank 0); Neurite needs [batch, ...]`);
  const rest = dims.slice(1).map((d, i) => {
    const n = d.dimValue;
    if (n === undefined || !Number.isSafeInteger(n) || n <= 0) {
      fail(
        ctx.where,
        `graph input '${name}': dimension ${i + 1} is ${d.dimParam ? `'${d.dimParam}' (dynamic)` : 'unknown'}; Neurite imports models whose only dynamic dimension is the batch (export with fixed sizes)`,
      );
    }
    return n;
  });
  checkDims(rest, ctx.where, `graph input '${name}'`);
  const nhwc = layout === 'nhwc' && dims.length === 4;
  const shape = nhwc ? [rest[1]!, rest[2]!, rest[0]!] : rest;
  const sym = symbolicInput({ shape, name: ctx.layerName(name || 'input') });
  const perm = nhwc ? NHWC : dims.map((_, i) => i);
  ctx.set(name, { kind: 'sym', sym, perm });
  return sym;
}

function makeOutput(name: string, ctx: ImportContext, layout: 'nchw' | 'nhwc'): SymbolicTensor {
  const v = ctx.values.get(name);
  if (!v || v.kind !== 'sym')
    fail(
      ctx.where,
      `graph output '${name}' is a constant; Neurite imports outputs computed from the inputs`,
    );
  const x: SymValue = v;
  if (x.flatOrder) fail(ctx.where, `internal: output '${name}' is a reordered flatten`);
  const keep = layout === 'nhwc' && x.perm.length === 4 && x.perm.every((p, i) => p === NHWC[i]);
  return keep ? x.sym : ctx.toOnnxOrder(x, ctx.layerName(`${name}_out`)).sym;
}

export type { Graph };
