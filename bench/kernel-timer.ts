/**
 * Times every call into the current backend (the kernels), for bench/step-profile.ts and
 * bench/kernel-times.ts: each method of the backend's class is replaced, on its prototype,
 * by a wrapper that adds its wall time, outermost calls only (a kernel that calls another
 * method of its backend is counted once). With the wasm backend's threads, a kernel's wall
 * time includes its wait for the workers. The wrapper adds about a microsecond per call.
 *
 * Install it before the model's first step: a compiled step (`jitCompile`) takes the
 * backend's methods when it prepares its plan, so only methods wrapped by then are timed
 * (the recorder shadows the instance's own methods while it records, which is why the
 * wrappers go on the prototype).
 */
import type { Backend } from '../src/backends/backend.js';
import { ENGINE } from '../src/engine/engine.js';

export interface KernelTime {
  ms: number;
  calls: number;
}

export interface KernelTimer {
  /** Time and calls by kernel (matMuls by shape). */
  readonly times: Map<string, KernelTime>;
  /** Forgets what was timed so far (after a warm-up). */
  reset(): void;
  /** Puts the backend's methods back. */
  restore(): void;
}

type Method = (...args: unknown[]) => unknown;

const shape = (t: unknown): string => (t as { shape?: number[] }).shape?.join('x') ?? '?';

/** The key of a call: the method, with the op for the generic ones and shapes for matMul. */
function keyOf(name: string, args: unknown[]): string {
  if (name === 'binary' || name === 'unary' || name === 'reduce')
    return `${name} ${String(args[0])}`;
  if (name === 'matMul')
    return `${name} ${shape(args[0])}${args[2] ? 'ᵀ' : ''} · ${shape(args[1])}${args[3] ? 'ᵀ' : ''}`;
  return name;
}

/** Wraps the methods of the current backend's class; see KernelTimer. */
export function timeKernels(): KernelTimer {
  const be: Backend = ENGINE.backend;
  const proto = Object.getPrototypeOf(be) as Record<string, unknown>;
  const times = new Map<string, KernelTime>();
  const names = new Set<string>();
  for (let p: object | null = proto; p && p !== Object.prototype;) {
    for (const n of Object.getOwnPropertyNames(p)) names.add(n);
    p = Object.getPrototypeOf(p) as object | null;
  }
  let depth = 0;
  /** The prototype's own method before wrapping (undefined: it was inherited). */
  const wrapped = new Map<string, unknown>();
  for (const name of names) {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    if (desc && (desc.get || desc.set)) continue;
    const f = proto[name];
    if (typeof f !== 'function' || name === 'constructor') continue;
    const method = f as Method;
    wrapped.set(name, desc ? f : undefined);
    proto[name] = function (this: unknown, ...args: unknown[]): unknown {
      if (depth > 0) return method.apply(this, args);
      depth++;
      const t0 = performance.now();
      try {
        return method.apply(this, args);
      } finally {
        depth--;
        const key = keyOf(name, args);
        const e = times.get(key) ?? { ms: 0, calls: 0 };
        e.ms += performance.now() - t0;
        e.calls++;
        times.set(key, e);
      }
    };
  }
  return {
    times,
    reset: () => times.clear(),
    restore: () => {
      for (const [name, own] of wrapped) {
        if (own === undefined) delete proto[name];
        else proto[name] = own;
      }
    },
  };
}

/** Milliseconds in all kernels of a table. */
export function totalMs(times: Map<string, KernelTime>): number {
  let ms = 0;
  for (const e of times.values()) ms += e.ms;
  return ms;
}
