/**
 * Runs a Plan (plan.ts) on its backend: binds the batch's and the variables' buffers to
 * their slots, calls the recorded kernels with their recorded shapes and attributes, redoes
 * the host work (random draws, host ops), frees each intermediate buffer after its last
 * reader, and gives back the outputs as tensors and the variables' new values. No tensor,
 * tape or op dispatch is involved until the outputs are wrapped.
 *
 * The kernel calls are prepared once per plan (`prepare`): each argument list is built with
 * mutable buffer descriptions whose `storage` a replay sets before the call.
 */
import type { Backend, DataHandle } from '../backends/backend.js';
import { NeuriteError } from '../errors.js';
import { type DataArray, type DType, allocArray } from '../tensor/dtype.js';
import { makeTensor, shareTensor, Tensor, type Variable } from '../tensor/tensor.js';
import { type Arg, liveness, type Plan } from './plan.js';

/** A buffer description handed to a kernel; `storage` is set before each call. */
interface Info {
  storage: DataHandle | null;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
}

type Exec = (h: (DataHandle | null)[]) => void;

/** A plan ready to run on one backend. */
export interface Prepared {
  readonly plan: Plan;
  readonly execs: readonly Exec[];
  readonly frees: readonly (readonly number[])[];
  /** Holders of the plan's constants, to share them into outputs. */
  readonly constants: ReadonlyMap<number, Tensor>;
  /** Per replay scratch: the buffer of every slot. */
  readonly handles: (DataHandle | null)[];
}

/** Values as a typed array of `dtype` (what `fromValues` would upload). */
function asDType(values: DataArray, dtype: DType): DataArray {
  const ok =
    (dtype === 'float32' && values instanceof Float32Array) ||
    (dtype === 'int32' && values instanceof Int32Array) ||
    (dtype === 'bool' && values instanceof Uint8Array);
  if (ok) return values;
  const out = allocArray(dtype, values.length);
  out.set(values);
  return out;
}

function uploadChecked(
  be: Backend,
  values: DataArray,
  dtype: DType,
  size: number,
  what: string,
): DataHandle {
  if (values.length !== size) {
    throw new NeuriteError(
      `${what} gave ${values.length} values at a replay of a compiled step, ${size} when it was recorded; run the step eagerly (compile with jitCompile: false)`,
    );
  }
  return be.upload(asDType(values, dtype), dtype);
}

function need(h: (DataHandle | null)[], slot: number): DataHandle {
  const v = h[slot];
  if (!v) throw new NeuriteError(`internal: compiled step reads slot ${slot} before it is written`);
  return v;
}

/** Builds the call of one kernel step: its argument list and the infos to refresh. */
function kernelExec(
  be: Backend,
  method: string,
  args: readonly Arg[],
  outs: readonly (number | null)[],
  tuple: boolean,
): Exec {
  const fn: unknown = Reflect.get(be, method);
  if (typeof fn !== 'function') {
    throw new NeuriteError(`internal: the ${be.name} backend has no method ${method} to replay`);
  }
  const infos: { info: Info; slot: number }[] = [];
  const build = (a: Arg): unknown => {
    if (a.k === 'lit') return a.v;
    if (a.k === 'list') return a.items.map(build);
    const info: Info = { storage: null, shape: a.shape, dtype: a.dtype, size: a.size };
    infos.push({ info, slot: a.slot });
    return info;
  };
  const built = args.map(build);
  const out0 = outs[0] ?? null;
  return (h) => {
    for (let i = 0; i < infos.length; i++) {
      const x = infos[i]!;
      x.info.storage = need(h, x.slot);
    }
    const r: unknown = Reflect.apply(fn, be, built);
    if (!tuple) {
      if (out0 !== null) h[out0] = r as DataHandle;
      return;
    }
    const rs = r as readonly (DataHandle | null)[];
    for (let i = 0; i < outs.length; i++) {
      const o = outs[i];
      if (o !== null && o !== undefined) h[o] = rs[i] ?? null;
      else if (rs[i]) be.free(rs[i]!);
    }
  };
}

/** Prepares `plan` to run on `be` (once per plan). */
export function prepare(be: Backend, plan: Plan): Prepared {
  const execs: Exec[] = plan.steps.map((s): Exec => {
    switch (s.kind) {
      case 'kernel':
        return kernelExec(be, s.method, s.args, s.outs, s.tuple);
      case 'random':
        return (h) => {
          h[s.slot] = uploadChecked(be, s.produce(), s.dtype, s.size, 'a random op');
        };
      case 'host':
        return (h) => {
          const values = s.ins.map((slot) => be.readSync(need(h, slot)));
          const results = s.fn(values);
          s.outs.forEach((o, i) => {
            h[o.slot] = uploadChecked(
              be,
              results[i] ?? new Float32Array(0),
              o.dtype,
              o.size,
              s.name,
            );
          });
        };
    }
  });
  const constants = new Map<number, Tensor>();
  plan.slots.forEach((src, slot) => {
    // Holders that count nothing: the plan's own reference keeps each buffer alive.
    if (src.kind === 'constant')
      constants.set(slot, new Tensor(src.handle, [src.handle.size], src.handle.dtype, true));
  });
  return {
    plan,
    execs,
    frees: liveness(plan).frees,
    constants,
    handles: new Array<DataHandle | null>(plan.slots.length).fill(null),
  };
}

/**
 * Runs a prepared plan on the buffers of `inputs` and `variables` (the step's, in the
 * order they were recorded in; already on the plan's backend). Returns the outputs, owned
 * by the current tidy scope, and assigns the variables the step assigned. On an error
 * (a host op's check, a kernel's refusal) every buffer made so far is freed.
 */
export function replay(
  be: Backend,
  p: Prepared,
  inputs: readonly Tensor[],
  variables: readonly Variable[],
): (Tensor | null)[] {
  const { plan, execs, frees, handles: h } = p;
  const sources = plan.slots;
  for (let slot = 0; slot < sources.length; slot++) {
    const s = sources[slot]!;
    h[slot] =
      s.kind === 'input'
        ? inputs[s.index]!.storage
        : s.kind === 'variable'
          ? variables[s.index]!.storage
          : s.kind === 'constant'
            ? s.handle
            : null;
  }
  try {
    for (let i = 0; i < execs.length; i++) {
      execs[i]!(h);
      const f = frees[i]!;
      for (let j = 0; j < f.length; j++) {
        const slot = f[j]!;
        be.free(h[slot]!);
        h[slot] = null;
      }
    }
  } catch (e) {
    for (let slot = 0; slot < sources.length; slot++) {
      if (sources[slot]!.kind === 'step' && h[slot]) be.free(h[slot]!);
      h[slot] = null;
    }
    throw e;
  }
  // Wrap what the plan gives back: a written buffer becomes one tensor's (then shared).
  const wrapped = new Map<number, Tensor>();
  const wrap = (slot: number, shape: readonly number[], dtype: DType): Tensor => {
    const first = wrapped.get(slot);
    if (first) return shareTensor(first, shape);
    const s = sources[slot]!;
    let t: Tensor;
    if (s.kind === 'step') t = makeTensor(h[slot]!, shape, dtype);
    else if (s.kind === 'input') t = shareTensor(inputs[s.index]!, shape);
    else if (s.kind === 'variable') t = shareTensor(variables[s.index]!, shape);
    else t = shareTensor(p.constants.get(slot)!, shape);
    wrapped.set(slot, t);
    return t;
  };
  const outputs = plan.outputs.map((o) => (o ? wrap(o.slot, o.shape, o.dtype) : null));
  for (const a of plan.assigns) {
    const v = variables[a.variable]!;
    v.assign(wrap(a.slot, v.shape, v.dtype));
  }
  h.fill(null);
  return outputs;
}
