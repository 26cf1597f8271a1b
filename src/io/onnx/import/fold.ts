/**
 * Constant folding: the shape arithmetic exporters emit around reshapes (Shape, Gather,
 * Unsqueeze, Concat, Constant, Cast, Slice, arithmetic on shapes) and any op on constants
 * only (a transposed weight, a scaled bias) are computed at load time. Entries that come
 * from the dynamic batch dimension stay `unknown` as they flow through.
 */
import { ModelIOError } from '../../model-io-error.js';
import type { GraphNode } from './graph.js';
import { checkDims, type ConstTensor, constOf } from './tensors.js';
import { type ImportContext, onnxShape, type Value } from './context.js';

/** Op types folded when all their inputs are constants. */
export const FOLDABLE = new Set([
  'Constant',
  'Identity',
  'Shape',
  'Gather',
  'Unsqueeze',
  'Squeeze',
  'Concat',
  'Cast',
  'Slice',
  'Reshape',
  'Transpose',
  'Flatten',
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Neg',
  'Sqrt',
  'Pow',
  'ConstantOfShape',
  'Range',
  'Equal',
  'Where',
  'Min',
  'Max',
  'Abs',
  'Floor',
  'Ceil',
]);

const sizeOf = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

function make(
  dims: readonly number[],
  values: ArrayLike<number>,
  isFloat: boolean,
  unknown?: readonly boolean[],
): ConstTensor {
  const data = isFloat
    ? Float32Array.from(values)
    : Float64Array.from(values, (v) => Math.trunc(v));
  const t: ConstTensor = { dims: [...dims], data, isFloat };
  return unknown && unknown.some((u) => u) ? { ...t, unknown } : t;
}

const unknownAt = (t: ConstTensor, i: number): boolean => t.unknown?.[i] ?? false;

/** Row-major index of `idx` under `strides`. */
function stridesOf(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = s[i + 1]! * dims[i + 1]!;
  return s;
}

/** NumPy broadcasting of an elementwise function. */
function broadcast(
  ts: readonly ConstTensor[],
  fn: (xs: number[]) => number,
  isFloat: boolean,
  fail: (m: string) => never,
): ConstTensor {
  const rank = Math.max(...ts.map((t) => t.dims.length));
  const dims: number[] = [];
  for (let k = 0; k < rank; k++) {
    let d = 1;
    for (const t of ts) {
      const e = t.dims[t.dims.length - rank + k] ?? 1;
      if (e !== 1 && d !== 1 && e !== d)
        fail(
          `cannot broadcast constant shapes ${ts.map((t) => `[${t.dims.join(',')}]`).join(' and ')}`,
        );
      if (e !== 1) d = e;
    }
    dims.push(d);
  }
  const n = checkSize(dims, fail);
  const out = new Array<number>(n);
  const unknown = new Array<boolean>(n).fill(false);
  const outStrides = stridesOf(dims);
  const inStrides = ts.map((t) => {
    const s = stridesOf(t.dims);
    return dims.map((_, k) => {
      const j = t.dims.length - rank + k;
      return j < 0 || t.dims[j] === 1 ? 0 : s[j]!;
    });
  });
  for (let i = 0; i < n; i++) {
    let rest = i;
    const offs = ts.map(() => 0);
    for (let k = 0; k < rank; k++) {
      const c = Math.floor(rest / outStrides[k]!);
      rest -= c * outStrides[k]!;
      ts.forEach((_, j) => (offs[j]! += c * inStrides[j]![k]!));
    }
    out[i] = fn(ts.map((t, j) => t.data[offs[j]!]!));
    unknown[i] = ts.some((t, j) => unknownAt(t, offs[j]!));
  }
  return make(dims, out, isFloat, unknown);
}

function checkSize(dims: readonly number[], fail: (m: string) => never): number {
  const n = sizeOf(dims);
  if (!Number.isSafeInteger(n) || n > 2 ** 22)
    fail(`a folded constant of shape [${dims.join(',')}] is too large`);
  return n;
}

function normAxis(axis: number, rank: number, fail: (m: string) => never): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank)
    fail(`axis ${axis} is out of range for rank ${rank}`);
  return a;
}

/** Gathers along `axis` (ONNX Gather). */
function gather(
  data: ConstTensor,
  idx: ConstTensor,
  axis: number,
  fail: (m: string) => never,
): ConstTensor {
  const ax = normAxis(axis, data.dims.length, fail);
  const d = data.dims[ax]!;
  const outer = sizeOf(data.dims.slice(0, ax));
  const inner = sizeOf(data.dims.slice(ax + 1));
  const dims = [...data.dims.slice(0, ax), ...idx.dims, ...data.dims.slice(ax + 1)];
  const n = checkSize(dims, fail);
  const out = new Array<number>(n);
  const unknown = new Array<boolean>(n).fill(false);
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < idx.data.length; j++) {
      let k = idx.data[j]!;
      if (k < 0) k += d;
      if (!Number.isInteger(k) || k < 0 || k >= d)
        fail(`Gather index ${idx.data[j]} is out of range for a dimension of ${d}`);
      for (let b = 0; b < inner; b++, o++) {
        const src = (a * d + k) * inner + b;
        out[o] = data.data[src]!;
        unknown[o] = unknownAt(data, src);
      }
    }
  }
  return make(dims, out, data.isFloat, unknown);
}

/** ONNX Slice on a constant (any rank, negative steps, clamped bounds). */
function slice(
  t: ConstTensor,
  starts: readonly number[],
  ends: readonly number[],
  axes: readonly number[] | undefined,
  steps: readonly number[] | undefined,
  fail: (m: string) => never,
): ConstTensor {
  const r = t.dims.length;
  const ax = axes ?? starts.map((_, i) => i);
  if (
    starts.length !== ax.length ||
    ends.length !== ax.length ||
    (steps && steps.length !== ax.length)
  )
    fail('Slice starts, ends, axes and steps differ in length');
  const lo = t.dims.map(() => 0);
  const step = t.dims.map(() => 1);
  const count = [...t.dims];
  ax.forEach((axis, k) => {
    const i = normAxis(axis, r, fail);
    const d = t.dims[i]!;
    const s = steps?.[k] ?? 1;
    if (s === 0) fail('Slice step 0');
    const clampTo = (v: number, a: number, b: number): number =>
      Math.min(Math.max(v < 0 ? v + d : v, a), b);
    const b = s > 0 ? clampTo(starts[k]!, 0, d) : clampTo(starts[k]!, -1, d - 1);
    const e = s > 0 ? clampTo(ends[k]!, 0, d) : clampTo(ends[k]!, -1, d - 1);
    lo[i] = b;
    step[i] = s;
    count[i] = Math.max(0, Math.ceil((e - b) / s));
  });
  const n = checkSize(count, fail);
  const inStrides = stridesOf(t.dims);
  const outStrides = stridesOf(count);
  const vals = new Array<number>(n);
  const unknown = new Array<boolean>(n).fill(false);
  for (let o = 0; o < n; o++) {
    let rest = o;
    let src = 0;
    for (let k = 0; k < r; k++) {
      const c = Math.floor(rest / outStrides[k]!);
      rest -= c * outStrides[k]!;
      src += (lo[k]! + c * step[k]!) * inStrides[k]!;
    }
    vals[o] = t.data[src]!;
    unknown[o] = unknownAt(t, src);
  }
  return make(count, vals, t.isFloat, unknown);
}

function transpose(
  t: ConstTensor,
  perm: readonly number[],
  fail: (m: string) => never,
): ConstTensor {
  const r = t.dims.length;
  if (perm.length !== r || [...perm].sort((a, b) => a - b).some((p, i) => p !== i))
    fail(`perm [${perm.join(',')}] is not a permutation of rank ${r}`);
  const dims = perm.map((p) => t.dims[p]!);
  const inStrides = stridesOf(t.dims);
  const outStrides = stridesOf(dims);
  const n = t.data.length;
  const out = t.isFloat ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let rest = i;
    let src = 0;
    for (let k = 0; k < r; k++) {
      const c = Math.floor(rest / outStrides[k]!);
      rest -= c * outStrides[k]!;
      src += c * inStrides[perm[k]!]!;
    }
    out[i] = t.data[src]!;
  }
  return { dims, data: out, isFloat: t.isFloat };
}

/** Exported for the converters: a constant's axes reordered. */
export function transposeConst(
  t: ConstTensor,
  perm: readonly number[],
  where: string,
): ConstTensor {
  return transpose(t, perm, (m) => {
    throw new ModelIOError(`${where}: ${m}`, { file: where });
  });
}

/** The values of a small integer vector (axes, shapes, pads). */
export function intsOf(t: ConstTensor): number[] {
  return Array.from(t.data, (v) => Math.trunc(v));
}

/**
 * Folds `node` when every input is a constant (or, for Shape, has a static shape). Returns
 * the outputs, or null when the node is not foldable here.
 */
export function fold(node: GraphNode, ctx: ImportContext): ConstTensor[] | null {
  const op = node.opType;
  if (!FOLDABLE.has(op)) return null;
  const fail = (m: string): never => ctx.fail(node, m);
  const ins: (Value | undefined)[] = node.inputs.map((_, i) => ctx.input(node, i));
  if (op === 'Shape') {
    const v = ins[0];
    if (!v) fail('missing input');
    const dims = v!.kind === 'const' ? v!.t.dims.map((d) => d as number | null) : onnxShape(v!);
    const r = dims.length;
    let start = node.attrs.int('start', 0);
    let end = node.attrs.int('end', r);
    start = Math.min(Math.max(start < 0 ? start + r : start, 0), r);
    end = Math.min(Math.max(end < 0 ? end + r : end, 0), r);
    const part = dims.slice(start, Math.max(start, end));
    return [
      make(
        [part.length],
        part.map((d) => d ?? 0),
        false,
        part.map((d) => d === null),
      ),
    ];
  }
  if (op === 'Constant') return [constantNode(node, ctx)];
  if (ins.some((v) => v !== undefined && v.kind !== 'const')) return null;
  const c = (i: number): ConstTensor => {
    const v = ins[i];
    if (!v || v.kind !== 'const') return fail(`input ${i} is missing`);
    return v.t;
  };
  const opt = (i: number): ConstTensor | undefined => (ins[i] ? c(i) : undefined);
  // Only shape bookkeeping may carry the dynamic batch size; computing with it is refused.
  const carries = new Set([
    'Identity',
    'Cast',
    'Gather',
    'Unsqueeze',
    'Squeeze',
    'Concat',
    'Slice',
    'Add',
    'Sub',
    'Mul',
    'Div',
  ]);
  if (!carries.has(op) && ins.some((v) => v?.kind === 'const' && v.t.unknown?.some((u) => u))) {
    fail(
      'computes with the batch size, which Neurite leaves dynamic (export with a fixed shape arithmetic, or a static reshape)',
    );
  }
  const a = node.attrs;
  const float = (i: number): boolean => c(i).isFloat;
  switch (op) {
    case 'Identity':
      return [c(0)];
    case 'Cast': {
      const to = a.int('to', 1);
      const isFloat = to === 1 || to === 10 || to === 11;
      const t = c(0);
      return [
        make(
          t.dims,
          Array.from(t.data, (v) => (to === 9 ? (v !== 0 ? 1 : 0) : v)),
          isFloat,
          t.unknown,
        ),
      ];
    }
    case 'Gather':
      return [gather(c(0), c(1), a.int('axis', 0), fail)];
    case 'Unsqueeze':
    case 'Squeeze': {
      const t = c(0);
      const axes = ctx.opset >= 13 ? (opt(1) ? intsOf(c(1)) : undefined) : a.ints('axes');
      let dims: number[];
      if (op === 'Unsqueeze') {
        if (!axes) return fail('Unsqueeze needs axes');
        const r = t.dims.length + axes.length;
        const at = new Set(axes.map((x) => normAxis(x, r, fail)));
        dims = [];
        let k = 0;
        for (let i = 0; i < r; i++) dims.push(at.has(i) ? 1 : t.dims[k++]!);
      } else {
        const at = axes ? new Set(axes.map((x) => normAxis(x, t.dims.length, fail))) : null;
        dims = t.dims.filter((d, i) => (at ? !at.has(i) : d !== 1));
        if (at && [...at].some((i) => t.dims[i] !== 1))
          fail('Squeeze of an axis whose size is not 1');
      }
      return [{ ...t, dims }];
    }
    case 'Concat': {
      const ts = ins.map((_, i) => c(i));
      const r = ts[0]!.dims.length;
      const ax = normAxis(a.int('axis', 0), r, fail);
      for (const t of ts)
        if (t.dims.length !== r || t.dims.some((d, k) => k !== ax && d !== ts[0]!.dims[k]))
          fail('Concat of constants with different shapes');
      const outer = sizeOf(ts[0]!.dims.slice(0, ax));
      const dims = [...ts[0]!.dims];
      dims[ax] = ts.reduce((s, t) => s + t.dims[ax]!, 0);
      const vals: number[] = [];
      const unknown: boolean[] = [];
      for (let o = 0; o < outer; o++) {
        for (const t of ts) {
          const chunk = sizeOf(t.dims.slice(ax));
          for (let j = 0; j < chunk; j++) {
            vals.push(t.data[o * chunk + j]!);
            unknown.push(unknownAt(t, o * chunk + j));
          }
        }
      }
      return [
        make(
          dims,
          vals,
          ts.some((t) => t.isFloat),
          unknown,
        ),
      ];
    }
    case 'Slice':
      return [
        slice(
          c(0),
          ctx.opset >= 10 ? intsOf(c(1)) : (a.ints('starts') ?? []),
          ctx.opset >= 10 ? intsOf(c(2)) : (a.ints('ends') ?? []),
          ctx.opset >= 10 ? (opt(3) ? intsOf(c(3)) : undefined) : a.ints('axes'),
          ctx.opset >= 10 && opt(4) ? intsOf(c(4)) : undefined,
          fail,
        ),
      ];
    case 'Reshape': {
      const t = c(0);
      const shape = intsOf(c(1));
      const dims = shape.map((v, i) =>
        v === 0 && a.int('allowzero', 0) === 0 ? (t.dims[i] ?? 0) : v,
      );
      const known = dims.filter((v) => v !== -1).reduce((p, q) => p * q, 1);
      const out = dims.map((v) => (v === -1 ? t.data.length / Math.max(known, 1) : v));
      if (out.some((v) => !Number.isInteger(v) || v < 0) || sizeOf(out) !== t.data.length)
        fail(`cannot reshape a constant of shape [${t.dims.join(',')}] to [${shape.join(',')}]`);
      return [{ ...t, dims: out }];
    }
    case 'Flatten': {
      const t = c(0);
      const ax = normAxis(a.int('axis', 1), t.dims.length + 1, fail);
      return [{ ...t, dims: [sizeOf(t.dims.slice(0, ax)), sizeOf(t.dims.slice(ax))] }];
    }
    case 'Transpose': {
      const t = c(0);
      const perm = a.ints('perm') ?? t.dims.map((_, i) => t.dims.length - 1 - i);
      return [transpose(t, perm, fail)];
    }
    case 'ConstantOfShape': {
      const dims = intsOf(c(0));
      checkDims(dims, ctx.where, `node ${node.label}'s shape`);
      checkSize(dims, fail);
      const v = a.tensor('value', `node ${node.label}'s value`) ?? constOf([0], [1], true);
      return [make(dims, new Array<number>(sizeOf(dims)).fill(v.data[0] ?? 0), v.isFloat)];
    }
    case 'Range': {
      const [s, l, d] = [c(0).data[0]!, c(1).data[0]!, c(2).data[0]!];
      const n = Math.max(Math.ceil((l - s) / d), 0);
      if (!Number.isFinite(n) || n > 2 ** 20) fail('Range too long');
      return [
        make(
          [n],
          Array.from({ length: n }, (_, i) => s + i * d),
          float(0),
        ),
      ];
    }
    case 'Where':
      return [broadcast([c(0), c(1), c(2)], ([q, x, y]) => (q ? x! : y!), float(1), fail)];
    case 'Neg':
    case 'Sqrt':
    case 'Abs':
    case 'Floor':
    case 'Ceil': {
      const f = {
        Neg: (x: number) => -x,
        Sqrt: Math.sqrt,
        Abs: Math.abs,
        Floor: Math.floor,
        Ceil: Math.ceil,
      }[op];
      return [broadcast([c(0)], ([x]) => f(x!), float(0), fail)];
    }
    default: {
      const ts = ins.map((_, i) => c(i));
      const isFloat = ts.some((t) => t.isFloat);
      const f: Record<string, (xs: number[]) => number> = {
        Add: ([x, y]) => x! + y!,
        Sub: ([x, y]) => x! - y!,
        Mul: ([x, y]) => x! * y!,
        Div: ([x, y]) => (isFloat ? x! / y! : y === 0 ? 0 : Math.trunc(x! / y!)),
        Pow: ([x, y]) => x! ** y!,
        Equal: ([x, y]) => (x === y ? 1 : 0),
        Min: (xs) => Math.min(...xs),
        Max: (xs) => Math.max(...xs),
      };
      return [broadcast(ts, f[op]!, op === 'Equal' ? false : isFloat, fail)];
    }
  }
}

/** A Constant node's value (value, value_float(s), value_int(s)). */
function constantNode(node: GraphNode, ctx: ImportContext): ConstTensor {
  const a = node.attrs;
  const t = a.tensor('value', `node ${node.label}'s value`);
  if (t) return t;
  if (a.has('value_float')) return constOf([a.float('value_float', 0)], [], true);
  if (a.has('value_int')) return constOf([a.int('value_int', 0)], [], false);
  const fs = a.floats('value_floats');
  if (fs) return constOf(fs, [fs.length], true);
  const is = a.ints('value_ints');
  if (is) return constOf(is, [is.length], false);
  return ctx.fail(
    node,
    'a Constant with no value Neurite reads (value, value_float(s), value_int(s))',
  );
}
