/**
 * Image ops on channels-last Neurite layers: Conv (Conv2D, with ZeroPadding2D for padding
 * TF's 'same' rule cannot express), MaxPool, AveragePool, GlobalAveragePool,
 * BatchNormalization and Pad. ONNX's NCHW tensors enter them through a Permute (or not at
 * all, with the `nhwc` layout) and leave them channels last.
 */
import { Conv2D } from '../../../layers/conv2d.js';
import { MaxPooling2D } from '../../../layers/max-pooling2d.js';
import { AveragePooling2D } from '../../../layers/average-pooling2d.js';
import { GlobalAveragePooling2D } from '../../../layers/global-average-pooling2d.js';
import { BatchNormalization } from '../../../layers/batch-normalization.js';
import { ZeroPadding2D } from '../../../layers/zero-padding2d.js';
import type { SymbolicTensor } from '../../../layers/symbolic.js';
import type { GraphNode } from './graph.js';
import { intsOf, transposeConst } from './fold.js';
import type { ConstTensor } from './tensors.js';
import { type ImportContext, NHWC, type SymValue, type Value } from './context.js';

type Pads = [[number, number], [number, number]];

/** The image input, checked to be 4-D, channels last. */
function image(node: GraphNode, ctx: ImportContext): SymValue {
  const x = ctx.sym(node, 0);
  if (x.perm.length !== 4) {
    ctx.fail(
      node,
      `Neurite imports 2-D images ([batch, channels, height, width]); the input has rank ${x.perm.length} (1-D and 3-D ${node.opType} have no Neurite layer)`,
    );
  }
  return ctx.toLayout(x, NHWC, ctx.baseName(node));
}

/** Explicit [[top, bottom], [left, right]] pads from pads/auto_pad, for a window span. */
function padsOf(
  node: GraphNode,
  ctx: ImportContext,
  x: SymValue,
  span: [number, number],
  strides: [number, number],
): Pads {
  const auto = node.attrs.string('auto_pad', 'NOTSET');
  const size = [x.sym.shape[1]!, x.sym.shape[2]!];
  if (auto === 'SAME_UPPER' || auto === 'SAME_LOWER') {
    return [0, 1].map((i) => {
      const out = Math.ceil(size[i]! / strides[i]!);
      const total = Math.max((out - 1) * strides[i]! + span[i]! - size[i]!, 0);
      const small = Math.floor(total / 2);
      return auto === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
    }) as Pads;
  }
  if (auto === 'VALID')
    return [
      [0, 0],
      [0, 0],
    ];
  if (auto !== 'NOTSET')
    ctx.fail(node, `auto_pad '${auto}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID`);
  const p = node.attrs.ints('pads') ?? [0, 0, 0, 0];
  if (p.length !== 4 || p.some((v) => v < 0))
    ctx.fail(node, `pads [${p.join(',')}] must be 4 non-negative integers`);
  return [
    [p[0]!, p[2]!],
    [p[1]!, p[3]!],
  ];
}

/** Whether `pads` are exactly what TF's 'same' padding adds. */
function isSame(
  pads: Pads,
  x: SymValue,
  span: [number, number],
  strides: [number, number],
): boolean {
  return [0, 1].every((i) => {
    const size = x.sym.shape[i + 1]!;
    const out = Math.ceil(size / strides[i]!);
    const total = Math.max((out - 1) * strides[i]! + span[i]! - size, 0);
    const before = Math.floor(total / 2);
    return pads[i]![0] === before && pads[i]![1] === total - before;
  });
}

const isZero = (p: Pads): boolean => p.every(([a, b]) => a === 0 && b === 0);

function pair(
  node: GraphNode,
  ctx: ImportContext,
  name: string,
  fallback: number,
): [number, number] {
  const v = node.attrs.ints(name) ?? [fallback, fallback];
  if (v.length !== 2 || v.some((n) => n < 1))
    ctx.fail(node, `${name} [${v.join(',')}] must be two positive integers (2-D)`);
  return [v[0]!, v[1]!];
}

function zeroPad(ctx: ImportContext, node: GraphNode, x: SymValue, pads: Pads): SymValue {
  const layer = new ZeroPadding2D({ padding: pads, name: ctx.nameFor(node, '_pad') });
  const sym = ctx.apply(layer, [x.sym]);
  return { kind: 'sym', sym, perm: NHWC };
}

const out = (sym: SymbolicTensor): Value => ({ kind: 'sym', sym, perm: NHWC });

export function convertConv(node: GraphNode, ctx: ImportContext): Value[] {
  const x0 = image(node, ctx);
  const W = ctx.constant(node, 1, 'the weight');
  if (!W || W.dims.length !== 4)
    ctx.fail(node, 'the weight must be a 4-D constant [out, in, kh, kw]');
  const [m, cg, kh, kw] = W.dims as [number, number, number, number];
  const group = node.attrs.int('group', 1);
  const c = cg * group;
  if (group < 1 || m % group !== 0)
    ctx.fail(node, `group=${group} does not divide the ${m} output channels`);
  if (x0.sym.shape[3] !== c)
    ctx.fail(
      node,
      `the weight expects ${c} input channels (${cg} per group × ${group} groups), the data has ${x0.sym.shape[3]}`,
    );
  const ks = node.attrs.ints('kernel_shape');
  if (ks && (ks[0] !== kh || ks[1] !== kw))
    ctx.fail(node, `kernel_shape [${ks.join(',')}] differs from the weight's [${kh},${kw}]`);
  const strides = pair(node, ctx, 'strides', 1);
  const dil = pair(node, ctx, 'dilations', 1);
  if (Math.max(...strides) > 1 && Math.max(...dil) > 1) {
    ctx.fail(
      node,
      `strides [${strides.join(',')}] with dilations [${dil.join(',')}]: Neurite's Conv2D cannot stride and dilate at once`,
    );
  }
  const span: [number, number] = [(kh - 1) * dil[0] + 1, (kw - 1) * dil[1] + 1];
  const pads = padsOf(node, ctx, x0, span, strides);
  let x = x0;
  let padding: 'valid' | 'same' = 'valid';
  if (!isZero(pads)) {
    if (isSame(pads, x0, span, strides)) padding = 'same';
    else x = zeroPad(ctx, node, x0, pads);
  }
  const B = ctx.constant(node, 2, 'the bias');
  if (B && B.data.length !== m)
    ctx.fail(node, `the bias has ${B.data.length} values, expected ${m}`);
  // [kh, kw, in, out]; a grouped (or depthwise) kernel becomes the equivalent full one,
  // zero between groups (Neurite's Conv2D has no groups).
  const kernel = transposeConst(group === 1 ? W : ungroup(W, group), [2, 3, 1, 0], ctx.where);
  const layer = new Conv2D({
    filters: m,
    kernelSize: [kh, kw],
    strides,
    padding,
    dilationRate: dil,
    useBias: B !== undefined,
    name: ctx.nameFor(node),
  });
  const weights = [{ shape: [kh, kw, c, m], data: Float32Array.from(kernel.data) }];
  if (B) weights.push({ shape: [m], data: Float32Array.from(B.data) });
  return [out(ctx.apply(layer, [x.sym], weights))];
}

/** A grouped weight [out, in/g, kh, kw] as the full [out, in, kh, kw] with zeros off-group. */
function ungroup(w: ConstTensor, group: number): ConstTensor {
  const [m, cg, kh, kw] = w.dims as [number, number, number, number];
  const c = cg * group;
  const k = kh * kw;
  const data = new Float32Array(m * c * k);
  const perGroup = m / group;
  for (let o = 0; o < m; o++) {
    const g = Math.floor(o / perGroup);
    for (let i = 0; i < cg; i++) {
      data.set(w.data.subarray((o * cg + i) * k, (o * cg + i + 1) * k), (o * c + g * cg + i) * k);
    }
  }
  return { dims: [m, c, kh, kw], data, isFloat: true };
}

/** MaxPool and AveragePool. */
export function convertPool(node: GraphNode, ctx: ImportContext): Value[] {
  const isMax = node.opType === 'MaxPool';
  if (
    isMax &&
    node.outputs.length > 1 &&
    node.outputs[1] !== '' &&
    ctx.graph.consumers.has(node.outputs[1]!)
  )
    ctx.fail(node, 'the Indices output has no Neurite counterpart');
  const x0 = image(node, ctx);
  const ks = node.attrs.ints('kernel_shape');
  if (!ks || ks.length !== 2 || ks.some((k) => k < 1))
    ctx.fail(node, 'kernel_shape must be two positive integers (2-D pooling)');
  const k: [number, number] = [ks[0]!, ks[1]!];
  const strides = pair(node, ctx, 'strides', 1);
  const dil = pair(node, ctx, 'dilations', 1);
  if (dil[0] !== 1 || dil[1] !== 1)
    ctx.fail(node, `dilations [${dil.join(',')}]: Neurite's pooling layers do not dilate`);
  const pads = padsOf(node, ctx, x0, k, strides);
  if (node.attrs.int('ceil_mode', 0) !== 0) {
    const differs = [0, 1].some((i) => {
      const span = x0.sym.shape[i + 1]! + pads[i]![0] + pads[i]![1] - k[i]!;
      return Math.floor(span / strides[i]!) !== Math.ceil(span / strides[i]!);
    });
    if (differs)
      ctx.fail(
        node,
        'ceil_mode=1 adds a partial window here; Neurite pools whole windows only (export with ceil_mode=False)',
      );
  }
  const includePad = node.attrs.int('count_include_pad', 0) !== 0;
  const name = ctx.nameFor(node);
  const make = (
    poolSize: [number, number],
    st: [number, number],
    padding: 'valid' | 'same',
    n: string,
  ) =>
    isMax
      ? new MaxPooling2D({ poolSize, strides: st, padding, name: n })
      : new AveragePooling2D({ poolSize, strides: st, padding, name: n });
  let x = x0;
  let layer = make(k, strides, 'valid', name);
  if (!isZero(pads)) {
    // Padding left out of the result (-∞ for max, not counted for mean): TF's 'same', or,
    // for centred windows (PyTorch's padding=(k−1)/2), the stride-1 'same' pool sampled
    // every `stride` positions, which takes exactly the same windows.
    const leftOut = isMax || !includePad;
    const centred = [0, 1].every((i) => {
      const size = x0.sym.shape[i + 1]!;
      const onnxOut = Math.floor((size + pads[i]![0] + pads[i]![1] - k[i]!) / strides[i]!) + 1;
      return (
        pads[i]![0] === Math.floor((k[i]! - 1) / 2) &&
        onnxOut === Math.floor((size - 1) / strides[i]!) + 1
      );
    });
    if (leftOut && isSame(pads, x0, k, strides)) layer = make(k, strides, 'same', name);
    else if (leftOut && centred) {
      if (strides[0] === 1 && strides[1] === 1) layer = make(k, strides, 'same', name);
      else {
        const full = ctx.apply(make(k, [1, 1], 'same', ctx.layerName(`${name}_window`)), [x0.sym]);
        if (isMax && ctx.nonNegative.has(x0.sym)) ctx.nonNegative.add(full);
        x = { kind: 'sym', sym: full, perm: NHWC };
        layer = make([1, 1], strides, 'valid', name);
      }
    } else if ((isMax && ctx.nonNegative.has(x0.sym)) || (!isMax && includePad))
      x = zeroPad(ctx, node, x0, pads);
    else {
      ctx.fail(
        node,
        isMax
          ? `pads [${pads.flat().join(',')}] are neither TF's 'same' padding nor centred windows, and the input may be negative (so zero padding would change the maximum)`
          : `pads [${pads.flat().join(',')}] with count_include_pad=0 are neither TF's 'same' padding nor centred windows, the paddings AveragePooling2D leaves out of its means`,
      );
    }
  }
  const sym = ctx.apply(layer, [x.sym]);
  if (isMax && ctx.nonNegative.has(x.sym)) ctx.nonNegative.add(sym);
  return [out(sym)];
}

export function convertGlobalAveragePool(node: GraphNode, ctx: ImportContext): Value[] {
  const x = image(node, ctx);
  const layer = new GlobalAveragePooling2D({ keepdims: true, name: ctx.nameFor(node) });
  return [out(ctx.apply(layer, [x.sym]))];
}

export function convertBatchNorm(node: GraphNode, ctx: ImportContext): Value[] {
  for (const o of node.outputs.slice(1))
    if (o !== '' && ctx.graph.consumers.has(o))
      ctx.fail(
        node,
        'the training-mode outputs (running mean and variance) have no Neurite counterpart; export the model in eval mode',
      );
  let x = ctx.sym(node, 0);
  const r = x.perm.length;
  if (r < 2) ctx.fail(node, `expected data of rank >= 2, received rank ${r}`);
  if (r === 4) x = ctx.toLayout(x, NHWC, ctx.baseName(node));
  const c = ctx.onnxDim(x, 1);
  const names = ['scale', 'bias (B)', 'mean', 'variance'];
  const ws = names.map((what, i) => {
    const t = ctx.constant(node, i + 1, `the ${what}`);
    if (!t || t.data.length !== c) ctx.fail(node, `the ${what} must be a constant of ${c} values`);
    return Float32Array.from(t.data);
  });
  const axisN = x.perm.indexOf(1);
  const layer = new BatchNormalization({
    axis: axisN === r - 1 ? -1 : axisN,
    epsilon: node.attrs.float('epsilon', 1e-5),
    momentum: node.attrs.float('momentum', 0.9),
    name: ctx.nameFor(node),
  });
  const sym = ctx.apply(
    layer,
    [x.sym],
    ws.map((data) => ({ shape: [c], data })),
  );
  return [{ kind: 'sym', sym, perm: x.perm }];
}

export function convertPad(node: GraphNode, ctx: ImportContext): Value[] {
  const mode = node.attrs.string('mode', 'constant');
  if (mode !== 'constant')
    ctx.fail(node, `mode '${mode}': Neurite imports constant (zero) padding only`);
  const x = ctx.sym(node, 0);
  const r = x.perm.length;
  let pads: number[];
  let value: number;
  if (ctx.opset < 11) {
    pads = node.attrs.ints('pads') ?? [];
    value = node.attrs.float('value', 0);
  } else {
    const p = ctx.constant(node, 1, 'pads');
    pads = p ? intsOf(p) : [];
    const v = ctx.constant(node, 2, 'the constant value');
    value = v?.data[0] ?? 0;
    if (ctx.input(node, 3))
      ctx.fail(node, 'the axes input is not supported; give pads for every axis');
  }
  if (pads.length !== 2 * r || pads.some((p) => p < 0))
    ctx.fail(node, `pads [${pads.join(',')}] must be ${2 * r} non-negative integers`);
  if (pads.every((p) => p === 0)) return [x];
  if (value !== 0) ctx.fail(node, `padding with ${value}: Neurite imports zero padding only`);
  const spatialOnly = r === 4 && [0, 1].every((i) => pads[i] === 0 && pads[i + r] === 0);
  if (!spatialOnly)
    ctx.fail(
      node,
      `pads [${pads.join(',')}]: Neurite imports zero padding of the height and width of [batch, channels, height, width] images only`,
    );
  const img = ctx.toLayout(x, NHWC, ctx.baseName(node));
  const y = zeroPad(ctx, node, img, [
    [pads[2]!, pads[2 + r]!],
    [pads[3]!, pads[3 + r]!],
  ]);
  if (ctx.nonNegative.has(img.sym)) ctx.nonNegative.add(y.sym);
  return [y];
}
