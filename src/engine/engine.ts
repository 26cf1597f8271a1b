/**
 * Global engine state: the backends, the current backend, tidy scopes, active gradient
 * tapes and memory counters. Holds no math. Types from tensor/ and autograd/ are imported
 * as types only, so this module sits at the bottom of the import graph.
 */
import type { Backend, DataHandle } from '../backends/backend.js';
import { JsBackend } from '../backends/js/js-backend.js';
import { bytesPerElement } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { NeuriteError } from '../errors.js';

/** What a tape must offer the engine while it records. */
export interface ActiveTape {
  /** Called for every op run while the tape is active. */
  onOp(
    name: string,
    inputs: readonly Tensor[],
    outputs: readonly Tensor[],
    backward: BackwardFn,
  ): void;
}

/** Gradients of an op's inputs from its outputs' gradients; `null` where not differentiable. */
export type BackwardFn = (
  dys: readonly Tensor[],
  inputs: readonly Tensor[],
  outputs: readonly Tensor[],
  /** Which inputs need a gradient: a rule may skip (return null for) the others. */
  needs: readonly boolean[],
) => readonly (Tensor | null)[];

interface Scope {
  readonly tensors: Tensor[];
}

type BackendFactory = () => Backend | Promise<Backend>;

class Engine {
  readonly factories = new Map<string, { factory: BackendFactory; priority: number }>();
  readonly instances = new Map<string, Backend>();
  backend: Backend;
  readonly scopes: Scope[] = [];
  readonly tapes: ActiveTape[] = [];
  numTensors = 0;
  numBytes = 0;
  numDataBuffers = 0;
  /**
   * The copy each moved buffer got on another backend (see moveToBackend in tensor.ts), so
   * that tensors sharing a buffer (reshapes, a variable and its initial value) share its
   * copy too rather than each making one. Weak: an entry goes with its source buffer.
   */
  readonly movedCopies = new WeakMap<DataHandle, DataHandle>();
  #nextId = 0;
  readonly finalizer = new FinalizationRegistry<DataHandle>((h) => {
    this.numTensors--;
    release(h);
  });

  constructor() {
    const js = new JsBackend();
    this.instances.set('js', js);
    this.factories.set('js', { factory: () => js, priority: 1 });
    this.backend = js;
  }

  nextId(): number {
    return this.#nextId++;
  }
}

export const ENGINE = new Engine();

/** Offers an op to every active tape (no-op when nothing records). */
export function recordOp(
  name: string,
  inputs: readonly Tensor[],
  outputs: readonly Tensor[],
  backward: BackwardFn,
): void {
  for (const tape of ENGINE.tapes) tape.onOp(name, inputs, outputs, backward);
}

/** Counts a handle a kernel just returned (refCount 1). */
export function countNew(h: DataHandle): void {
  ENGINE.numBytes += h.size * bytesPerElement(h.dtype);
  ENGINE.numDataBuffers++;
}

export function retain(h: DataHandle): void {
  h.refCount++;
}

export function release(h: DataHandle): void {
  if (h.refCount <= 0) return;
  if (--h.refCount === 0) {
    ENGINE.numBytes -= h.size * bytesPerElement(h.dtype);
    ENGINE.numDataBuffers--;
    h.backend.free(h);
  }
}

/**
 * Registers a backend under `name`; the highest priority ready backend is the default.
 * @example
 * // createMyBackend(): an object implementing nn.Backend (or a Promise of one).
 * nn.registerBackend('mine', createMyBackend, 0);
 * await nn.setBackend('mine');
 */
export function registerBackend(name: string, factory: BackendFactory, priority = 1): void {
  ENGINE.factories.set(name, { factory, priority });
}

/**
 * Makes `name` the backend that new tensors and ops use.
 * @throws NeuriteError for a name that is not registered.
 * @example
 * await nn.setBackend('js');
 * nn.getBackend(); // 'js'
 */
export async function setBackend(name: string): Promise<boolean> {
  const entry = ENGINE.factories.get(name);
  if (!entry) {
    throw new NeuriteError(
      `setBackend: unknown backend '${name}'; registered backends: ${[...ENGINE.factories.keys()].join(', ')}`,
    );
  }
  let b = ENGINE.instances.get(name);
  if (!b) {
    b = await entry.factory();
    ENGINE.instances.set(name, b);
  }
  ENGINE.backend = b;
  return true;
}

/**
 * The name of the current backend.
 * @example
 * await nn.ready();
 * nn.getBackend(); // 'wasm' where WebAssembly SIMD runs, else 'js'
 */
export function getBackend(): string {
  return ENGINE.backend.name;
}

/**
 * Names of the registered backends.
 * @example
 * nn.listBackends(); // ['js', 'wasm']
 */
export function listBackends(): string[] {
  return [...ENGINE.factories.keys()];
}

/** A backend instance by name (initialising it if needed). */
export async function findBackend(name: string): Promise<Backend> {
  const prev = ENGINE.backend;
  await setBackend(name);
  const b = ENGINE.backend;
  ENGINE.backend = prev;
  return b;
}

let readyPromise: Promise<void> | null = null;

/**
 * Resolves once the best registered backend is initialised and current. Call it once at
 * start-up; until then the `js` backend serves every op.
 * @example
 * await nn.ready();
 */
export function ready(): Promise<void> {
  readyPromise ??= (async () => {
    const ordered = [...ENGINE.factories.entries()].sort((a, b) => b[1].priority - a[1].priority);
    for (const [name] of ordered) {
      try {
        await setBackend(name);
        return;
      } catch {
        // Fall through to the next backend (for example no WebAssembly SIMD here).
      }
    }
  })();
  return readyPromise;
}

/** Memory in use by live tensors. */
export interface MemoryInfo {
  /** Tensors created and not yet disposed (or reclaimed by the garbage collector). */
  numTensors: number;
  /** Bytes of the distinct data buffers behind them. */
  numBytes: number;
  numDataBuffers: number;
}

/**
 * The live tensors and the bytes their data takes: a tensor leak shows as `numTensors`
 * growing from one step to the next.
 *
 * @example
 * const before = nn.memory().numTensors;
 * const y = nn.tidy(() => nn.ones([100]).add(1)); // tidy frees the ones, keeps y
 * nn.memory().numTensors - before; // 1
 */
export function memory(): MemoryInfo {
  return {
    numTensors: ENGINE.numTensors,
    numBytes: ENGINE.numBytes,
    numDataBuffers: ENGINE.numDataBuffers,
  };
}
