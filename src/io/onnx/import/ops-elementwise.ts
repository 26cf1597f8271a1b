/**
 * Elementwise ops: activations (as Activation layers, or the Keras layer that carries the
 * op's parameter), arithmetic with a constant (Rescaling) or between two tensors (Add,
 * Subtract, Multiply, Divide), Clip (ReLU with a cap, shifted by Rescaling), Softmax and
 * LogSoftmax along any feature axis, Dropout and Identity.
 */
import { Activation } from '../../../layers/activation.js';
import { Add, Divide, Multiply, Subtract } from '../../../layers/merge.js';
import { Dropout } from '../../../layers/dropout.js';
import { ELU } from '../../../layers/elu.js';
import { GELU } from '../../../layers/gelu.js';
import { LeakyReLU } from '../../../layers/leaky-relu.js';
import { ReLU } from '../../../layers/relu.js';
import { Rescaling, type RescalingValue } from '../../../layers/rescaling.js';
import { Softmax } from '../../../layers/softmax.js';
import { Reshape } from '../../../layers/reshape.js';
import type { Layer } from '../../../layers/layer.js';
import type { GraphNode } from './graph.js';
import type { ConstTensor } from './tensors.js';
import { transposeConst } from './fold.js';
import { type ImportContext, onnxShape, type SymValue, type Value } from './context.js';

/** Keras's SELU constants, which ONNX's defaults round to float32. */
const SELU_ALPHA = 1.6732632423543772;
const SELU_GAMMA = 1.0507009873554805;

/** Applies a single-input layer keeping the layout. */
function unary(ctx: ImportContext, x: SymValue, layer: Layer, nonNegative = false): Value {
  const sym = ctx.apply(layer, [x.sym]);
  if (nonNegative) ctx.nonNegative.add(sym);
  return { kind: 'sym', sym, perm: x.perm };
}

const ACTIVATIONS: Readonly<Record<string, { id: string; nonNegative?: boolean }>> = {
  Relu: { id: 'relu', nonNegative: true },
  Sigmoid: { id: 'sigmoid', nonNegative: true },
  Tanh: { id: 'tanh' },
  Softplus: { id: 'softplus', nonNegative: true },
  Softsign: { id: 'softsign' },
  HardSwish: { id: 'hardSilu' },
};

export function convertActivation(node: GraphNode, ctx: ImportContext): Value[] {
  const x = ctx.sym(node, 0);
  const a = node.attrs;
  const name = ctx.nameFor(node);
  const close = (p: number, q: number): boolean => Math.abs(p - q) <= 1e-6 * Math.abs(q);
  switch (node.opType) {
    case 'LeakyRelu':
      return [unary(ctx, x, new LeakyReLU({ negativeSlope: a.float('alpha', 0.01), name }))];
    case 'Elu': {
      const alpha = a.float('alpha', 1);
      return [
        unary(
          ctx,
          x,
          alpha === 1 ? new Activation({ activation: 'elu', name }) : new ELU({ alpha, name }),
        ),
      ];
    }
    case 'Selu': {
      const alpha = a.float('alpha', SELU_ALPHA);
      const gamma = a.float('gamma', SELU_GAMMA);
      if (!close(alpha, SELU_ALPHA) || !close(gamma, SELU_GAMMA))
        ctx.fail(
          node,
          `alpha ${alpha} and gamma ${gamma} differ from SELU's constants, which are the only ones Neurite's selu uses`,
        );
      return [unary(ctx, x, new Activation({ activation: 'selu', name }))];
    }
    case 'HardSigmoid': {
      const alpha = a.float('alpha', 0.2);
      const beta = a.float('beta', 0.5);
      if (close(alpha, 1 / 6) && beta === 0.5)
        return [unary(ctx, x, new Activation({ activation: 'hardSigmoid', name }))];
      // clip(alpha·x + beta, 0, 1)
      const scaled = unary(
        ctx,
        x,
        new Rescaling({ scale: alpha, offset: beta, name: ctx.layerName(`${name}_scale`) }),
      );
      return [unary(ctx, scaled as SymValue, new ReLU({ maxValue: 1, name }), true)];
    }
    case 'Gelu': {
      const approx = a.string('approximate', 'none');
      if (approx !== 'none' && approx !== 'tanh')
        ctx.fail(node, `approximate '${approx}' is not 'none' or 'tanh'`);
      return [unary(ctx, x, geluLayer(approx === 'tanh', name))];
    }
    default: {
      const entry = ACTIVATIONS[node.opType]!;
      return [unary(ctx, x, new Activation({ activation: entry.id, name }), entry.nonNegative)];
    }
  }
}

/** The exact GELU is Keras's 'gelu' activation; the tanh form needs the GELU layer. */
export function geluLayer(approximate: boolean, name: string): Layer {
  return approximate
    ? new GELU({ approximate: true, name })
    : new Activation({ activation: 'gelu', name });
}

/** Clip(min, max) from ReLU (a cap) and Rescaling (shifts). */
export function convertClip(node: GraphNode, ctx: ImportContext): Value[] {
  const x = ctx.sym(node, 0);
  let lo = -Infinity;
  let hi = Infinity;
  if (ctx.opset < 11) {
    lo = node.attrs.float('min', -Infinity);
    hi = node.attrs.float('max', Infinity);
  } else {
    const mn = ctx.constant(node, 1, 'min');
    const mx = ctx.constant(node, 2, 'max');
    if ((mn && mn.data.length !== 1) || (mx && mx.data.length !== 1))
      ctx.fail(node, 'min and max must be scalars');
    if (mn) lo = mn.data[0]!;
    if (mx) hi = mx.data[0]!;
  }
  // float32's lowest and highest, which some exporters write for "no bound".
  if (lo <= -3.4e38) lo = -Infinity;
  if (hi >= 3.4e38) hi = Infinity;
  if (lo > hi) ctx.fail(node, `min ${lo} is above max ${hi}`);
  const name = ctx.nameFor(node);
  if (lo === -Infinity && hi === Infinity) return [x];
  if (lo === 0 && hi === 6)
    return [unary(ctx, x, new Activation({ activation: 'relu6', name }), true)];
  if (lo === 0)
    return [unary(ctx, x, new ReLU({ maxValue: hi === Infinity ? null : hi, name }), true)];
  const step = (v: SymValue, layer: Layer): SymValue => unary(ctx, v, layer) as SymValue;
  const sub = (suffix: string): string => ctx.layerName(`${name}_${suffix}`);
  if (hi === Infinity) {
    // max(x, lo) = relu(x − lo) + lo
    const shifted = step(x, new Rescaling({ offset: -lo, name: sub('shift') }));
    const r = step(shifted, new ReLU({ name: sub('relu') }));
    return [step(r, new Rescaling({ offset: lo, name }))];
  }
  if (lo === -Infinity) {
    // min(x, hi) = hi − relu(hi − x)
    const flipped = step(x, new Rescaling({ scale: -1, offset: hi, name: sub('flip') }));
    const r = step(flipped, new ReLU({ name: sub('relu') }));
    return [step(r, new Rescaling({ scale: -1, offset: hi, name }))];
  }
  // clip(x, lo, hi) = relu_{cap hi−lo}(x − lo) + lo
  const shifted = step(x, new Rescaling({ offset: -lo, name: sub('shift') }));
  const r = step(shifted, new ReLU({ maxValue: hi - lo, name: sub('relu') }));
  const y = step(r, new Rescaling({ offset: lo, name }));
  if (lo >= 0) ctx.nonNegative.add(y.sym);
  return [y];
}

/** A constant broadcast against `x`, in `x`'s Neurite layout without the batch axis. */
function perSample(
  ctx: ImportContext,
  node: GraphNode,
  c: ConstTensor,
  x: SymValue,
): RescalingValue {
  const r = x.perm.length;
  if (c.dims.length > r)
    ctx.fail(node, `the constant has rank ${c.dims.length}, more than the data's ${r}`);
  const full = [...new Array<number>(r - c.dims.length).fill(1), ...c.dims];
  if (full[0] !== 1)
    ctx.fail(
      node,
      `the constant of shape [${c.dims.join(',')}] varies along the batch axis; Neurite imports constants shared by every sample`,
    );
  const shape = onnxShape(x);
  full.forEach((d, i) => {
    if (d !== 1 && d !== shape[i])
      ctx.fail(
        node,
        `the constant of shape [${c.dims.join(',')}] does not broadcast against the data's [${shape.map((s) => s ?? 'batch').join(',')}]`,
      );
  });
  if (c.data.length === 1) return c.data[0]!;
  if (c.data.length > 1 << 16)
    ctx.fail(
      node,
      `the constant has ${c.data.length} values; Neurite imports constants of up to 65536 values in arithmetic`,
    );
  const t = transposeConst({ ...c, dims: full }, x.perm, ctx.where);
  const dims = t.dims.slice(1);
  const nest = (offset: number, k: number): RescalingValue => {
    if (k === dims.length) return t.data[offset]!;
    const stride = dims.slice(k + 1).reduce((p, q) => p * q, 1);
    return Array.from({ length: dims[k]! }, (_, i) => nest(offset + i * stride, k + 1));
  };
  return nest(0, 0);
}

const negate = (v: RescalingValue): RescalingValue => (typeof v === 'number' ? -v : v.map(negate));
const invert = (v: RescalingValue): RescalingValue =>
  typeof v === 'number' ? 1 / v : v.map(invert);

/** Add, Sub, Mul, Div with a constant (Rescaling) or between two tensors (merge layers). */
export function convertArithmetic(node: GraphNode, ctx: ImportContext): Value[] {
  const op = node.opType;
  const a = ctx.input(node, 0);
  const b = ctx.input(node, 1);
  if (!a || !b) ctx.fail(node, 'expected two inputs');
  const name = ctx.nameFor(node);
  if (a.kind === 'sym' && b.kind === 'sym') {
    const x = ctx.sym(node, 0);
    const y = ctx.toLayout(ctx.sym(node, 1), x.perm, name);
    const sx = onnxShape(x);
    const sy = onnxShape(y);
    if (sx.length !== sy.length || sx.some((d, i) => i > 0 && d !== sy[i])) {
      ctx.fail(
        node,
        `the inputs have shapes [${sx.map((d) => d ?? 'batch').join(',')}] and [${sy.map((d) => d ?? 'batch').join(',')}]; Neurite's merge layers need equal shapes (no broadcasting)`,
      );
    }
    const layer =
      op === 'Add'
        ? new Add({ name })
        : op === 'Sub'
          ? new Subtract({ name })
          : op === 'Mul'
            ? new Multiply({ name })
            : new Divide({ name });
    return [{ kind: 'sym', sym: ctx.apply(layer, [x.sym, y.sym]), perm: x.perm }];
  }
  const constFirst = a.kind === 'const';
  const x = ctx.sym(node, constFirst ? 1 : 0);
  const c = ctx.constant(node, constFirst ? 0 : 1, 'the constant operand')!;
  const k = perSample(ctx, node, c, x);
  let args: { scale?: RescalingValue; offset?: RescalingValue };
  if (op === 'Add') args = { offset: k };
  else if (op === 'Mul') args = { scale: k };
  else if (op === 'Sub') args = constFirst ? { scale: -1, offset: k } : { offset: negate(k) };
  else if (constFirst) ctx.fail(node, 'a constant divided by the data (1/x) has no Neurite layer');
  else args = { scale: invert(k) };
  return [unary(ctx, x, new Rescaling({ ...args, name }))];
}

/** Softmax and LogSoftmax; before opset 13 the input is seen as 2-D from `axis` on. */
export function convertSoftmax(node: GraphNode, ctx: ImportContext): Value[] {
  let x = ctx.sym(node, 0);
  const r = x.perm.length;
  const legacy = ctx.opset < 13;
  let axis = node.attrs.int('axis', legacy ? 1 : -1);
  if (axis < 0) axis += r;
  if (axis < 0 || axis >= r)
    ctx.fail(node, `axis ${node.attrs.int('axis', 0)} is out of range for rank ${r}`);
  if (axis === 0) ctx.fail(node, 'axis 0 normalizes across the batch, which no Neurite layer does');
  const name = ctx.nameFor(node);
  const log = node.opType === 'LogSoftmax';
  if (legacy && axis < r - 1) {
    // Softmax over all axes from `axis` on: reshape them into one, normalize, reshape back.
    x = ctx.toOnnxOrder(x, name);
    const shape = onnxShape(x).slice(1) as number[];
    const merged = [...shape.slice(0, axis - 1), shape.slice(axis - 1).reduce((p, q) => p * q, 1)];
    const flat = ctx.apply(
      new Reshape({ targetShape: merged, name: ctx.layerName(`${name}_flat`) }),
      [x.sym],
    );
    const act = new Activation({ activation: log ? 'logSoftmax' : 'softmax', name });
    const y = ctx.apply(act, [flat]);
    const back = ctx.apply(
      new Reshape({ targetShape: shape, name: ctx.layerName(`${name}_unflat`) }),
      [y],
    );
    return [{ kind: 'sym', sym: back, perm: x.perm }];
  }
  let ax = x.perm.indexOf(axis);
  if (log && ax !== r - 1) {
    // Move the axis last (Keras has no LogSoftmax layer with an axis).
    const perm = [...x.perm.filter((p) => p !== axis), axis];
    x = ctx.toLayout(x, perm, name);
    ax = r - 1;
  }
  const layer =
    ax === r - 1
      ? new Activation({ activation: log ? 'logSoftmax' : 'softmax', name })
      : new Softmax({ axis: ax, name });
  return [unary(ctx, x, layer, !log)];
}

/** Dropout: a Dropout layer with the file's rate (identity at inference, as ONNX's). */
export function convertDropout(node: GraphNode, ctx: ImportContext): Value[] {
  const mask = node.outputs[1];
  if (mask && ctx.graph.consumers.has(mask))
    ctx.fail(node, 'the mask output has no Neurite counterpart');
  const x = ctx.sym(node, 0);
  let rate = 0.5;
  if (ctx.opset < 12) rate = node.attrs.float('ratio', 0.5);
  else {
    const r = ctx.constant(node, 1, 'ratio');
    if (r) rate = r.data[0] ?? 0.5;
  }
  if (!(rate >= 0 && rate < 1)) ctx.fail(node, `ratio ${rate} is not in [0, 1)`);
  if (rate === 0) return [x];
  return [unary(ctx, x, new Dropout({ rate, name: ctx.nameFor(node) }))];
}
