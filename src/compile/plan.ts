/**
 * A static plan: what one recorded run of a step did on the backend, as data. Buffers are
 * numbered slots; each step reads slots and writes new ones. A plan is built by the
 * recorder (recorder.ts), compared with a second recording (`planDifference`), and run by
 * replay.ts. This module holds the types and the pure functions over them (liveness, the
 * comparison); it runs nothing and allocates no buffers.
 */
import type { DataHandle } from '../backends/backend.js';
import type { DataArray, DType } from '../tensor/dtype.js';

/** A literal kernel argument: numbers, strings, flags and (nested) arrays of them. */
export type Literal =
  | number
  | string
  | boolean
  | null
  | undefined
  | readonly Literal[]
  | { readonly [key: string]: Literal };

/** One argument of a recorded kernel call. */
export type Arg =
  | { readonly k: 'lit'; readonly v: Literal }
  | {
      readonly k: 'buf';
      readonly slot: number;
      readonly shape: readonly number[];
      readonly dtype: DType;
      readonly size: number;
    }
  | { readonly k: 'list'; readonly items: readonly Arg[] };

/** One recorded step. */
export type Step =
  /** A backend method (`method`) with its arguments; `outs` one slot per returned handle. */
  | {
      readonly kind: 'kernel';
      readonly method: string;
      readonly args: readonly Arg[];
      /** The returned handle's slot, or one per entry of a returned tuple (null: none). */
      readonly outs: readonly (number | null)[];
      readonly tuple: boolean;
    }
  /** Values drawn again at every replay (a dropout mask), uploaded into `slot`. */
  | {
      readonly kind: 'random';
      readonly slot: number;
      readonly dtype: DType;
      readonly size: number;
      readonly produce: () => DataArray;
    }
  /** A JS function of the values of `ins`, uploaded into `outs`. */
  | {
      readonly kind: 'host';
      readonly name: string;
      readonly ins: readonly number[];
      readonly outs: readonly {
        readonly slot: number;
        readonly dtype: DType;
        readonly size: number;
      }[];
      readonly fn: (values: readonly DataArray[]) => readonly DataArray[];
    };

/** Where a slot's buffer comes from at replay. */
export type SlotSource =
  /** The step's input `index` (a batch tensor). */
  | { readonly kind: 'input'; readonly index: number }
  /** Variable `index` of the step's variables, as it holds it when the replay starts. */
  | { readonly kind: 'variable'; readonly index: number }
  /**
   * A buffer the plan holds (retained) for its life: one uploaded during the recording
   * (`values` keeps its contents, for comparing recordings), or one made before it.
   */
  | { readonly kind: 'constant'; readonly handle: DataHandle; readonly values: DataArray | null }
  /** Written by a step. */
  | { readonly kind: 'step' };

/** A tensor the plan gives back: its slot (or null for a null output), shape and dtype. */
export interface PlanOutput {
  readonly slot: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** A recorded step, ready to replay. */
export interface Plan {
  readonly slots: readonly SlotSource[];
  readonly steps: readonly Step[];
  readonly outputs: readonly (PlanOutput | null)[];
  /** Variables the step assigned, with the slot each holds at the end. */
  readonly assigns: readonly { readonly variable: number; readonly slot: number }[];
}

/** Where the buffers of one replay go: per step, the slots whose last reader it is. */
export interface Liveness {
  /** `frees[i]`: step-written slots to free once step i has run. */
  readonly frees: readonly (readonly number[])[];
}

function argSlots(a: Arg, out: number[]): void {
  if (a.k === 'buf') out.push(a.slot);
  else if (a.k === 'list') for (const x of a.items) argSlots(x, out);
}

/** The slots a step reads. */
export function stepInputs(s: Step): number[] {
  if (s.kind === 'kernel') {
    const out: number[] = [];
    for (const a of s.args) argSlots(a, out);
    return out;
  }
  return s.kind === 'host' ? [...s.ins] : [];
}

/** The slots a step writes. */
export function stepOutputs(s: Step): number[] {
  if (s.kind === 'kernel') return s.outs.filter((o): o is number => o !== null);
  if (s.kind === 'host') return s.outs.map((o) => o.slot);
  return [s.slot];
}

/**
 * Liveness of the step-written slots: each is freed right after its last reader (or right
 * after it is written when nothing reads it), except those the plan gives back or assigns.
 */
export function liveness(plan: Plan): Liveness {
  const kept = new Set<number>();
  for (const o of plan.outputs) if (o) kept.add(o.slot);
  for (const a of plan.assigns) kept.add(a.slot);
  const last = new Map<number, number>();
  plan.steps.forEach((s, i) => {
    for (const slot of stepOutputs(s)) last.set(slot, i);
    for (const slot of stepInputs(s)) if (plan.slots[slot]!.kind === 'step') last.set(slot, i);
  });
  const frees: number[][] = plan.steps.map(() => []);
  for (const [slot, i] of last) if (!kept.has(slot)) frees[i]!.push(slot);
  return { frees };
}

function sameLiteral(a: Literal, b: Literal): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const x = a as readonly Literal[];
    const y = b as readonly Literal[];
    return x.length === y.length && x.every((v, i) => sameLiteral(v, y[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => sameLiteral(a[k], b[k]));
  }
  return Object.is(a, b);
}

/** A plain object literal (kernel options such as a convolution's window geometry). */
export function isRecord(v: unknown): v is { readonly [key: string]: Literal } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function sameArg(a: Arg, b: Arg): boolean {
  if (a.k === 'lit') return b.k === 'lit' && sameLiteral(a.v, b.v);
  if (a.k === 'buf') {
    return (
      b.k === 'buf' &&
      a.slot === b.slot &&
      a.dtype === b.dtype &&
      a.size === b.size &&
      sameLiteral(a.shape, b.shape)
    );
  }
  return (
    b.k === 'list' &&
    a.items.length === b.items.length &&
    a.items.every((x, i) => sameArg(x, b.items[i]!))
  );
}

function sameValues(a: DataArray | null, b: DataArray | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length || a.constructor !== b.constructor) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function sameSource(a: SlotSource, b: SlotSource): boolean {
  switch (a.kind) {
    case 'input':
    case 'variable':
      return b.kind === a.kind && b.index === a.index;
    case 'constant':
      // Buffers made before the step must be the very same; uploads the same values.
      return (
        b.kind === 'constant' &&
        (a.values === null ? a.handle === b.handle : sameValues(a.values, b.values))
      );
    case 'step':
      return b.kind === 'step';
  }
}

function describeStep(s: Step): string {
  return s.kind === 'kernel' ? s.method : s.kind === 'host' ? `host op ${s.name}` : 'random values';
}

function sameStep(a: Step, b: Step): boolean {
  if (a.kind === 'kernel') {
    return (
      b.kind === 'kernel' &&
      a.method === b.method &&
      a.tuple === b.tuple &&
      sameLiteral(a.outs, b.outs) &&
      a.args.length === b.args.length &&
      a.args.every((x, i) => sameArg(x, b.args[i]!))
    );
  }
  if (a.kind === 'random') {
    return b.kind === 'random' && a.slot === b.slot && a.dtype === b.dtype && a.size === b.size;
  }
  return (
    b.kind === 'host' &&
    a.name === b.name &&
    sameLiteral(a.ins, b.ins) &&
    a.outs.length === b.outs.length &&
    a.outs.every((o, i) =>
      sameLiteral([o.slot, o.dtype, o.size], [b.outs[i]!.slot, b.outs[i]!.dtype, b.outs[i]!.size]),
    )
  );
}

/**
 * Where two recordings of the same step, for the same input signature, differ (null when
 * they do not): a step whose work depends on more than its inputs' shapes (on JavaScript
 * state, say) cannot be replayed from either.
 */
export function planDifference(a: Plan, b: Plan): string | null {
  const n = Math.min(a.steps.length, b.steps.length);
  for (let i = 0; i < n; i++) {
    const [x, y] = [a.steps[i]!, b.steps[i]!];
    if (!sameStep(x, y)) {
      return `kernel call ${i + 1} was ${describeStep(x)} the first time and ${describeStep(y)} the second`;
    }
  }
  if (a.steps.length !== b.steps.length) {
    return `the first run made ${a.steps.length} kernel calls and the second ${b.steps.length}`;
  }
  if (a.slots.length !== b.slots.length) return 'the two runs used different buffers';
  for (let i = 0; i < a.slots.length; i++) {
    if (!sameSource(a.slots[i]!, b.slots[i]!)) {
      const s = a.slots[i]!;
      return s.kind === 'constant' && s.values !== null
        ? 'a constant uploaded during the step had other values the second time'
        : 'a buffer the step reads came from elsewhere the second time';
    }
  }
  const outs = (p: Plan): Literal => p.outputs.map((o) => (o ? [o.slot, o.dtype, o.shape] : null));
  if (!sameLiteral(outs(a), outs(b))) return 'the step returned other tensors the second time';
  const assigns = (p: Plan): Literal => p.assigns.map((x) => [x.variable, x.slot]);
  if (!sameLiteral(assigns(a), assigns(b)))
    return 'the step assigned other variables the second time';
  return null;
}
