/**
 * Records one eager run of a step as a Plan (plan.ts): every call the step makes on the
 * backend — kernels with their shapes and attributes, uploads, fills — in order, with each
 * buffer numbered by where it comes from (an input, a variable, a constant, an earlier
 * call). The eager run is the real one: its results are what the caller gets.
 *
 * While it records, the backend instance's methods are shadowed by recording wrappers (own
 * properties, removed afterwards), and the step's host work is checked: a read of a
 * tensor's values or a random draw not declared through ops/host-op.ts, a write into a
 * buffer, a backend method that is not a kernel, each makes the run unreplayable, and the
 * recorder says why. Calls a kernel makes on its own backend (nested) are not recorded.
 */
import type { Backend, DataHandle } from '../backends/backend.js';
import { release, retain } from '../engine/engine.js';
import { TRACE, type TraceListener } from '../engine/trace-hooks.js';
import { Random } from '../random/prng.js';
import type { DataArray } from '../tensor/dtype.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import type { Arg, Literal, Plan, PlanOutput, SlotSource, Step } from './plan.js';
import { isRecord } from './plan.js';

/** What a recording gives: a plan, or why the run cannot be replayed. */
export type Recording =
  { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly reason: string };

function isHandle(v: unknown): v is DataHandle {
  return (
    typeof v === 'object' &&
    v !== null &&
    'refCount' in v &&
    'backend' in v &&
    'size' in v &&
    'dtype' in v
  );
}

interface InfoLike {
  readonly storage: DataHandle;
  readonly shape: readonly number[];
  readonly dtype: DataHandle['dtype'];
  readonly size: number;
}

function isInfo(v: unknown): v is InfoLike {
  return (
    typeof v === 'object' &&
    v !== null &&
    'storage' in v &&
    isHandle(v.storage) &&
    'shape' in v &&
    Array.isArray(v.shape)
  );
}

function isLiteral(v: unknown): v is Literal {
  if (v === null || v === undefined) return true;
  const t = typeof v;
  if (t === 'number' || t === 'string' || t === 'boolean') return true;
  if (Array.isArray(v)) return (v as readonly unknown[]).every(isLiteral);
  return isRecord(v) && Object.values(v).every(isLiteral);
}

function copyLiteral(v: Literal): Literal {
  if (Array.isArray(v)) return (v as readonly Literal[]).map(copyLiteral);
  if (isRecord(v))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyLiteral(x)]));
  return v;
}

/** The methods of `be` a recording shadows: every function on its prototype chain. */
function methodNames(be: Backend): string[] {
  const names = new Set<string>();
  for (
    let p: object | null = Object.getPrototypeOf(be) as object | null;
    p && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name);
      if (name !== 'constructor' && d && typeof d.value === 'function') names.add(name);
    }
  }
  return [...names];
}

/** The first stack frame outside the engine, for messages ("at Dense.call (…)"). */
function where(): string {
  const lines = (new Error().stack ?? '').split('\n').slice(1);
  const skip = /src[\\/](compile|engine|tensor|backends)[\\/]|host-op|node:internal/;
  const frame = lines.find((l) => !skip.test(l));
  return frame ? ` (${frame.trim()})` : '';
}

/** One recording in progress; `run` drives it. */
class Recorder implements TraceListener {
  readonly slots: SlotSource[] = [];
  readonly steps: Step[] = [];
  readonly #slotOf = new Map<DataHandle, number>();
  readonly #inputs = new Map<DataHandle, number>();
  readonly #variables = new Map<DataHandle, number>();
  /** Buffers retained by this recording (constants), released if it is discarded. */
  readonly retained: DataHandle[] = [];
  /** Upload steps not yet settled as constants: slot → its values. */
  readonly #uploads = new Map<number, { handle: DataHandle; values: DataArray }>();
  reason: string | null = null;
  depth = 0;

  constructor(inputs: readonly Tensor[], variables: readonly Variable[]) {
    inputs.forEach((t, i) => {
      if (!this.#inputs.has(t.storage)) this.#inputs.set(t.storage, i);
    });
    variables.forEach((v, i) => {
      if (!this.#variables.has(v.storage) && !this.#inputs.has(v.storage))
        this.#variables.set(v.storage, i);
    });
  }

  fail(reason: string): void {
    this.reason ??= reason;
  }

  #newSlot(h: DataHandle, source: SlotSource): number {
    const slot = this.slots.length;
    this.slots.push(source);
    this.#slotOf.set(h, slot);
    return slot;
  }

  /** The slot of a buffer the step reads: seen before, an input, a variable, or a constant. */
  slotOf(h: DataHandle): number {
    const known = this.#slotOf.get(h);
    if (known !== undefined) return known;
    const input = this.#inputs.get(h);
    if (input !== undefined) return this.#newSlot(h, { kind: 'input', index: input });
    const variable = this.#variables.get(h);
    if (variable !== undefined) return this.#newSlot(h, { kind: 'variable', index: variable });
    // Made before the step and not a variable: held as it is (a layer's cached constant).
    retain(h);
    this.retained.push(h);
    return this.#newSlot(h, { kind: 'constant', handle: h, values: null });
  }

  /** Whether `h` holds the same values at every replay (an upload, or a buffer held). */
  isConstant(h: DataHandle): boolean {
    if (this.#inputs.has(h) || this.#variables.has(h)) return false;
    return this.slots[this.slotOf(h)]!.kind === 'constant';
  }

  knows(h: DataHandle): boolean {
    return this.#slotOf.has(h);
  }

  #arg(v: unknown, method: string): Arg {
    if (isInfo(v)) {
      return {
        k: 'buf',
        slot: this.slotOf(v.storage),
        shape: [...v.shape],
        dtype: v.dtype,
        size: v.size,
      };
    }
    if (isLiteral(v)) return { k: 'lit', v: copyLiteral(v) };
    if (Array.isArray(v))
      return { k: 'list', items: (v as readonly unknown[]).map((x) => this.#arg(x, method)) };
    this.fail(`the backend's ${method} was given an argument the recorder cannot keep`);
    return { k: 'lit', v: null };
  }

  kernel(method: string, args: readonly unknown[], result: unknown): void {
    const encoded = args.map((a) => this.#arg(a, method));
    const outs: (number | null)[] = [];
    const out = (h: unknown): void => {
      if (h === null) outs.push(null);
      else if (isHandle(h) && !this.#slotOf.has(h)) outs.push(this.#newSlot(h, { kind: 'step' }));
      else this.fail(`the backend's ${method} returned something other than new buffers`);
    };
    const tuple = Array.isArray(result);
    if (tuple) for (const h of result as readonly unknown[]) out(h);
    else out(result);
    this.steps.push({ kind: 'kernel', method, args: encoded, outs, tuple });
  }

  upload(h: DataHandle, values: DataArray): void {
    // A constant unless a hook says otherwise right after; held so that it outlives the step.
    retain(h);
    this.retained.push(h);
    const slot = this.#newSlot(h, { kind: 'constant', handle: h, values: values.slice() });
    this.#uploads.set(slot, { handle: h, values });
  }

  /** An upload that a hook claims as host work: no longer a constant. */
  #claim(h: DataHandle): number | null {
    const slot = this.#slotOf.get(h);
    if (slot === undefined || !this.#uploads.has(slot)) return null;
    this.#uploads.delete(slot);
    this.slots[slot] = { kind: 'step' };
    const i = this.retained.indexOf(h);
    if (i >= 0) this.retained.splice(i, 1);
    release(h);
    return slot;
  }

  regenerable(h: DataHandle, produce: () => DataArray): void {
    const slot = this.#claim(h);
    if (slot === null) {
      this.fail('internal: a random tensor was not uploaded where the recorder saw it');
      return;
    }
    this.steps.push({ kind: 'random', slot, dtype: h.dtype, size: h.size, produce });
  }

  hostOp(
    name: string,
    inputs: readonly DataHandle[],
    outputs: readonly DataHandle[],
    fn: (values: readonly DataArray[]) => readonly DataArray[],
  ): void {
    const ins = inputs.map((h) => this.slotOf(h));
    const outs = [];
    for (const h of outputs) {
      const slot = this.#claim(h);
      if (slot === null) {
        this.fail(
          `internal: an output of host op ${name} was not uploaded where the recorder saw it`,
        );
        return;
      }
      outs.push({ slot, dtype: h.dtype, size: h.size });
    }
    this.steps.push({ kind: 'host', name, ins, outs, fn });
  }
}

/**
 * Shadows `be`'s methods with recording wrappers and Random's draws with a check; returns
 * the function that removes them.
 */
function instrument(be: Backend, rec: Recorder): () => void {
  const target = be as object;
  const saved: [string, PropertyDescriptor | undefined][] = [];
  for (const name of methodNames(be)) {
    const original: unknown = Reflect.get(be, name);
    if (typeof original !== 'function') continue;
    saved.push([name, Object.getOwnPropertyDescriptor(target, name)]);
    const wrapper = (...args: unknown[]): unknown => {
      if (rec.depth > 0) return Reflect.apply(original, be, args) as unknown;
      rec.depth++;
      let result: unknown;
      try {
        result = Reflect.apply(original, be, args) as unknown;
      } finally {
        rec.depth--;
      }
      observe(rec, name, args, result);
      return result;
    };
    Object.defineProperty(target, name, { value: wrapper, configurable: true, writable: true });
  }
  const draw = Object.getOwnPropertyDescriptor(Random.prototype, 'nextUint32')!;
  const originalDraw = Random.prototype.nextUint32;
  Object.defineProperty(Random.prototype, 'nextUint32', {
    ...draw,
    value: function (this: Random): number {
      if (TRACE.randomDraws === 0) {
        rec.fail(`the step draws random numbers outside a random op the recorder knows${where()}`);
      }
      return originalDraw.call(this);
    },
  });
  return () => {
    Object.defineProperty(Random.prototype, 'nextUint32', draw);
    for (const [name, d] of saved) {
      if (d) Object.defineProperty(target, name, d);
      else Reflect.deleteProperty(target, name);
    }
  };
}

/** A top-level backend call seen while recording. */
function observe(rec: Recorder, method: string, args: readonly unknown[], result: unknown): void {
  switch (method) {
    case 'free':
      return;
    case 'readSync':
    case 'read':
      // Reading a constant (indices an op uploaded, say) reads the same values every time.
      if (TRACE.hostReads === 0 && !(isHandle(args[0]) && rec.isConstant(args[0]))) {
        rec.fail(`the step reads tensor values on the host (dataSync or similar)${where()}`);
      }
      return;
    case 'upload':
      if (isHandle(result) && ArrayBuffer.isView(args[0])) rec.upload(result, args[0] as DataArray);
      else rec.fail('internal: an upload the recorder could not follow');
      return;
    case 'write':
      rec.fail(`the step writes into a buffer in place${where()}`);
      return;
    default:
      if (isHandle(result) || (Array.isArray(result) && result.some(isHandle))) {
        rec.kernel(method, args, result);
      } else {
        rec.fail(`the step calls the backend's ${method}, which a plan cannot replay${where()}`);
      }
  }
}

/**
 * Runs `body` (the eager step) once on `be`, recording it. `inputs` are the tensors bound
 * afresh at every replay, `variables` the state it may read and assign (in this order at
 * replay). Returns the body's outputs and the recording. Both must already live on `be`.
 */
export function record(
  be: Backend,
  inputs: readonly Tensor[],
  variables: readonly Variable[],
  body: () => readonly (Tensor | null)[],
): { outputs: readonly (Tensor | null)[]; recording: Recording } {
  const rec = new Recorder(inputs, variables);
  const before = variables.map((v) => v.storage);
  const restore = instrument(be, rec);
  const previous = TRACE.listener;
  TRACE.listener = rec;
  let outputs: readonly (Tensor | null)[];
  try {
    outputs = body();
  } catch (e) {
    discard(rec);
    throw e;
  } finally {
    TRACE.listener = previous;
    restore();
  }
  const planOutputs: (PlanOutput | null)[] = outputs.map((t) =>
    t === null ? null : { slot: rec.slotOf(t.storage), shape: [...t.shape], dtype: t.dtype },
  );
  const assigns: { variable: number; slot: number }[] = [];
  variables.forEach((v, i) => {
    if (v.storage === before[i]) return;
    if (!rec.knows(v.storage))
      rec.fail(`variable '${v.name}' was assigned a tensor made outside the step`);
    else assigns.push({ variable: i, slot: rec.slotOf(v.storage) });
  });
  if (rec.reason !== null) {
    discard(rec);
    return { outputs, recording: { ok: false, reason: rec.reason } };
  }
  const plan: Plan = { slots: rec.slots, steps: rec.steps, outputs: planOutputs, assigns };
  return { outputs, recording: { ok: true, plan } };
}

function discard(rec: Recorder): void {
  for (const h of rec.retained) release(h);
  rec.retained.length = 0;
}

/** Releases the buffers a plan holds (its constants). */
export function releasePlan(plan: Plan): void {
  for (const s of plan.slots) if (s.kind === 'constant') release(s.handle);
}
