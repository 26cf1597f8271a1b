/**
 * Fused ops: one declaration per backend fused kernel, and the runner that picks between
 * the kernel and the composition of public ops it stands for.
 *
 * A fused op is declared once, with `defineFused`, and names:
 *  - `kernel`: the optional Backend method that runs it (backends/backend.ts);
 *  - `eligible`: when that kernel applies (dtypes, ranks, shapes; the runner adds "the
 *    active backend has the kernel");
 *  - `compose`: the same outputs from public ops, which run whenever the kernel does not;
 *  - `gradient`: the rule recorded when the kernel runs (the composition is differentiated
 *    op by op), with how close it is to the composition's gradient;
 *  - `parity` and `samples`: how close the kernel is to the composition (bit for bit, or a
 *    stated float32 tolerance), and small inputs on which test/ops/fused-parity.test.ts
 *    checks it, for every fused op in the registry and on every backend;
 *  - `updates` (in-place ops only): the variables its outputs replace.
 * The kernel runs through `runMany` (ops/core.ts), as every op's kernel runs through
 * `run`: inputs checked alive and moved to the active backend, outputs checked against the
 * backend's limits before it runs, outputs counted and recorded for autograd. Backward
 * passes that use a fused kernel call another fused op's `apply`, never the backend.
 *
 * Adding a fused kernel touches 5 files, 6 or 7 with a js kernel too:
 *  1. src/backends/backend.ts: the optional method with its contract, and its name in
 *     FUSED_KERNELS (a compile error until it is there);
 *  2–4. the wasm kernel: asm/<area>.ts, its binding in src/backends/wasm/kernels.ts and the
 *     method in src/backends/wasm/wasm-backend.ts;
 *  (js, optional: a backend without the kernel runs the composition) the method in
 *     src/backends/js/js-backend.ts, and its loop in src/backends/js/kernels/fused.ts;
 *  5. src/ops/<op>.ts: the `defineFused` declaration (kernel call, eligibility,
 *     composition, gradient, parity, samples) next to the op that calls `op.apply(args)`,
 *     or in its own file (adam-step.ts; its caller, the Adam optimizer, then changes once
 *     to call it).
 * No test file and no call-site dispatch: test/ops/fused-parity.test.ts is generated from
 * the registry, and fails for a kernel without a fused op or a fused op without samples.
 */
import type { Backend, DataHandle, FusedKernel } from '../backends/backend.js';
import { type BackwardFn, ENGINE } from '../engine/engine.js';
import { NeuriteError } from '../errors.js';
import { Random } from '../random/prng.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { fromValues, type OutputSpec, runMany } from './core.js';

export type { OutputSpec } from './core.js';

/** A backend known to have the fused kernel `K`. */
export type WithKernel<K extends FusedKernel> = Backend & Required<Pick<Backend, K>>;

/**
 * How close a fused kernel's results are to its composition's: `'exact'` (the same bits,
 * NaN matching any NaN), or within `atolOfMax · max|composition| + rtol · |composition|`
 * element by element, for the reason `why` gives (the kernel rounds fewer times, say).
 */
export type Tolerance =
  'exact' | { readonly atolOfMax: number; readonly rtol: number; readonly why: string };

/** What `defineFused` takes: see the header of this file. `A`: the op's arguments. */
export interface FusedSpec<A, K extends FusedKernel> {
  /** The registry's key; also the recorded op's name unless `label` gives one. */
  readonly name: string;
  readonly kernel: K;
  /** The name recorded on the tape and used in errors, for these arguments. */
  readonly label?: (args: A) => string;
  /** The tensors the kernel reads, in the order the gradient rule receives them. */
  readonly inputs: (args: A) => readonly Tensor[];
  /** Whether the kernel applies to these arguments; `be` already has `kernel`. */
  readonly eligible: (args: A, be: Backend) => boolean;
  /** The kernel's outputs, sized before it runs. */
  readonly outputs: (args: A) => readonly OutputSpec[];
  /**
   * Calls the kernel, one handle per output. Runs after the inputs moved to `be`, so any
   * view of an input's storage is built here.
   */
  readonly call: (be: WithKernel<K>, args: A) => readonly DataHandle[];
  /** The same outputs by public ops: what runs when the kernel does not apply. */
  readonly compose: (args: A) => readonly Tensor[];
  /**
   * The gradient when the kernel ran: `rule(args)` gives the op's BackwardFn for these
   * arguments, or null where it has none (nothing is then recorded). A rule reads tensors
   * from its `inputs`/`outputs` (the tape's copies), never from `args`, which the caller may
   * have disposed; `args` gives the settings.
   */
  readonly gradient?: {
    readonly rule: (args: A) => BackwardFn | null;
    readonly parity: Tolerance;
  };
  /**
   * An in-place op's variables: output i replaces `updates(args)[i]`, on either path, as
   * soon as it is computed. The kernel may build an output in its variable's buffer when
   * nothing else holds it (see reusableInputs in backends/backend.ts); that buffer is spent
   * until the assignment, so an in-place op has no gradient (nothing may record it).
   */
  readonly updates?: (args: A) => readonly Variable[];
  /** How close the kernel's outputs are to the composition's. */
  readonly parity: Tolerance;
  /** Small, fresh arguments the kernel applies to, for the parity test. At least one. */
  readonly samples: () => readonly [A, ...A[]];
}

/** One sample of a fused op, with its arguments bound (what the parity test runs). */
export interface FusedCase {
  /** The op's tensor inputs (gradients are taken with respect to the float32 ones). */
  readonly inputs: readonly Tensor[];
  /** The variables an in-place op updates (empty otherwise). */
  readonly updates: readonly Variable[];
  /** Whether running the kernel records a gradient rule for this sample. */
  readonly differentiable: boolean;
  /** Whether the active backend runs the kernel for this sample. */
  eligible(): boolean;
  /** What the op's callers get: the kernel when eligible, else the composition. */
  apply(): readonly Tensor[];
  fused(): readonly Tensor[];
  composed(): readonly Tensor[];
}

/** What the registry keeps of a fused op: enough to test it against its composition. */
export interface FusedEntry {
  readonly name: string;
  readonly kernel: FusedKernel;
  readonly parity: Tolerance;
  /** The gradient's parity, or null for an op without a gradient rule. */
  readonly gradientParity: Tolerance | null;
  /** Fresh samples (new tensors on each call). */
  cases(): readonly FusedCase[];
}

/** A declared fused op. */
export interface FusedOp<A> extends FusedEntry {
  /** Whether the active backend runs the kernel for `args`. */
  eligible(args: A): boolean;
  /** The kernel when eligible, else the composition: the op's entry point. */
  apply(args: A): readonly Tensor[];
  /** The kernel; refuses arguments or a backend it does not apply to. */
  fused(args: A): readonly Tensor[];
  /** The composition, whatever the backend. */
  composed(args: A): readonly Tensor[];
}

const registry = new Map<string, FusedEntry>();

/** Every fused op declared so far (each module declares its own when it loads). */
export function fusedOps(): readonly FusedEntry[] {
  return [...registry.values()];
}

function hasKernel<K extends FusedKernel>(be: Backend, kernel: K): be is WithKernel<K> {
  return typeof be[kernel] === 'function';
}

/** Declares a fused op and adds it to the registry. */
export function defineFused<A, K extends FusedKernel>(spec: FusedSpec<A, K>): FusedOp<A> {
  // Read once: the runner below is shared by every fused op, and a property read on specs
  // of different shapes costs on every call (binaryScalar runs on most `op(x, number)`).
  const { name, kernel, label, inputs, eligible, outputs, call, compose, gradient, updates } = spec;
  if (registry.has(name)) throw new NeuriteError(`internal: fused op '${name}' declared twice`);
  if (updates && gradient) {
    throw new NeuriteError(`internal: fused op '${name}' updates in place, so it has no gradient`);
  }

  const ready = (args: A): WithKernel<K> | null => {
    const be = ENGINE.backend;
    return hasKernel(be, kernel) && eligible(args, be) ? be : null;
  };

  // In-place ops: each output replaces its variable at once (the kernel may have spent
  // the variable's old buffer).
  const settle = (args: A, outs: readonly Tensor[]): readonly Tensor[] => {
    if (!updates) return outs;
    const vars = updates(args);
    if (vars.length !== outs.length) {
      throw new NeuriteError(
        `internal: fused op '${name}' gave ${outs.length} outputs for ${vars.length} variables`,
      );
    }
    vars.forEach((v, i) => v.assign(outs[i]!));
    return outs;
  };

  const viaKernel = (args: A): readonly Tensor[] => {
    const outs = runMany(
      label ? label(args) : name,
      inputs(args),
      outputs(args),
      (be) => {
        // runMany hands over the backend `ready` chose (the active one).
        if (!hasKernel(be, kernel)) throw new NeuriteError(`internal: ${be.name} lacks ${kernel}`);
        return call(be, args);
      },
      // The rule only matters to a recording tape (and building it costs a closure).
      gradient && ENGINE.tapes.length > 0 ? (gradient.rule(args) ?? undefined) : undefined,
    );
    return settle(args, outs);
  };

  const composed = (args: A): readonly Tensor[] => settle(args, compose(args));

  const op: FusedOp<A> = {
    name,
    kernel,
    parity: spec.parity,
    gradientParity: gradient?.parity ?? null,
    eligible: (args) => ready(args) !== null,
    apply: (args) => (ready(args) ? viaKernel(args) : composed(args)),
    fused: (args) => {
      if (!ready(args)) {
        throw new NeuriteError(
          `${name}: the ${ENGINE.backend.name} backend does not run ${kernel} for these arguments`,
        );
      }
      return viaKernel(args);
    },
    composed,
    cases: () =>
      spec.samples().map((args): FusedCase => ({
        inputs: inputs(args),
        updates: updates?.(args) ?? [],
        differentiable: (gradient?.rule(args) ?? null) !== null,
        eligible: () => ready(args) !== null,
        apply: () => op.apply(args),
        fused: () => op.fused(args),
        composed: () => composed(args),
      })),
  };
  registry.set(name, op);
  return op;
}

/**
 * A float32 tensor of deterministic values uniform between lo and hi (rounded to float32,
 * so hi itself may occur), for samples. Values listed in `specials` (NaN, ±Infinity,
 * −0…) replace the first elements.
 */
export function sampleTensor(
  shape: Shape,
  seed: number,
  { lo = -1, hi = 1, specials = [] }: { lo?: number; hi?: number; specials?: number[] } = {},
): Tensor {
  const r = new Random(seed);
  let n = 1;
  for (const d of shape) n *= d;
  const v = Float32Array.from({ length: n }, () => lo + (hi - lo) * r.next());
  v.set(specials.slice(0, n));
  return fromValues(v, shape, 'float32', 'sampleTensor');
}
