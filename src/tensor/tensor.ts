/**
 * Tensor and Variable: immutable n-dimensional arrays whose data a backend owns.
 *
 * A tensor is a handle: an id, a shape, a dtype and a reference to backend storage. Several
 * tensors may share storage (reshape); the engine counts references and frees the storage
 * when the last user lets go, through `dispose()`, `tidy()` or the garbage collector.
 * Chainable op methods (`a.add(b)`) are attached in ops/chain.ts.
 */
import { assertFits } from '../backends/alloc-limits.js';
import type { Backend, DataHandle, TensorInfo } from '../backends/backend.js';
import { ENGINE, countNew, release, retain } from '../engine/engine.js';
import { DisposedError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import type { DataArray, DType } from './dtype.js';
import { type Shape, shapesEqual, sizeOf } from './shape.js';

/** Nested arrays of numbers or booleans, as `arraySync()` returns them. */
export type NestedArray = number | boolean | NestedArray[];

/**
 * An immutable n-dimensional array whose data a backend owns: `shape`, `dtype`, `size`,
 * `rank`; read with `dataSync()`/`data()`/`arraySync()`/`array()`; most ops are also methods
 * (`a.add(b).relu()`). Free it with `dispose()` or inside `nn.tidy`. Build one with
 * {@link tensor} and the other creation ops, never with `new`.
 *
 * @example
 * const t = nn.tensor([[1, 2], [3, 4]]);
 * t.shape; // [2, 2]
 * t.matMul(t).arraySync(); // [[7, 10], [15, 22]]
 * await t.data(); // Float32Array [1, 2, 3, 4]
 * t.dispose();
 */
export class Tensor implements TensorInfo {
  readonly id: number;
  readonly shape: Shape;
  readonly dtype: DType;
  readonly size: number;
  /** @internal backend storage; use dataSync() to read it. */
  storage: DataHandle;
  #disposed = false;
  /** @internal tape-owned copies are not counted or tracked. */
  readonly internal: boolean;
  /**
   * @internal whether the garbage collector may reclaim the storage (the engine's
   * FinalizationRegistry holds it). Tensors made inside a `tidy` are registered only when
   * they outlive every scope, since the scope disposes the rest.
   */
  registered = false;

  /** @internal use the creation functions (`nn.tensor`, `nn.zeros`, …). */
  constructor(storage: DataHandle, shape: Shape, dtype: DType, internal = false) {
    this.id = ENGINE.nextId();
    this.storage = storage;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = sizeOf(shape);
    this.internal = internal;
  }

  get rank(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }

  /** Throws a clear error if the tensor was disposed. `where` names the op using it. */
  assertAlive(where: string): void {
    if (this.#disposed) {
      throw new DisposedError(
        `${where}: tensor ${this.id} (shape ${fmtShape(this.shape)}, ${this.dtype}) was disposed and cannot be used`,
      );
    }
  }

  /** A copy of the values, flat and row-major (Float32Array, Int32Array or Uint8Array for bool). */
  dataSync(): DataArray {
    this.assertAlive('dataSync');
    return this.storage.backend.readSync(this.storage);
  }

  async data(): Promise<DataArray> {
    this.assertAlive('data');
    return this.storage.backend.read(this.storage);
  }

  /** The values as nested arrays (booleans for bool tensors). */
  arraySync(): NestedArray {
    return toNested(this.dataSync(), this.shape, this.dtype);
  }

  async array(): Promise<NestedArray> {
    return toNested(await this.data(), this.shape, this.dtype);
  }

  /** Releases the storage (when no other tensor shares it). Safe to call twice. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (!this.internal) {
      ENGINE.numTensors--;
      if (this.registered) {
        this.registered = false;
        ENGINE.finalizer.unregister(this);
      }
    }
    release(this.storage);
  }

  toString(verbose = false): string {
    this.assertAlive('toString');
    const head = `Tensor ${this.dtype} ${fmtShape(this.shape)}`;
    const body = formatValues(this.dataSync(), this.shape, this.dtype);
    return verbose || this.size <= 1000 ? `${head}\n${body}` : head;
  }

  print(): void {
    console.log(this.toString());
  }
}

/**
 * A mutable tensor holding model state; trainable variables are watched by gradient tapes.
 * @example
 * const v = nn.variable(nn.zeros([2]), true, 'bias');
 * v.assign(nn.tensor([0.5, -0.5]));
 * v.name; // 'bias'
 */
export class Variable extends Tensor {
  readonly name: string;
  trainable: boolean;

  /** @internal use `nn.variable()`. */
  constructor(initial: Tensor, trainable: boolean, name: string) {
    initial.assertAlive('variable');
    retain(initial.storage);
    super(initial.storage, initial.shape, initial.dtype);
    this.trainable = trainable;
    this.name = name;
    // Variables are never tidied away; they live until disposed or collected.
    ENGINE.numTensors++;
    registerForGc(this);
  }

  /** Replaces the value; shape and dtype must match. */
  assign(value: Tensor): void {
    this.assertAlive(`Variable '${this.name}'.assign`);
    value.assertAlive(`Variable '${this.name}'.assign`);
    if (!shapesEqual(value.shape, this.shape)) {
      throw new ShapeError(
        `Variable '${this.name}'.assign: expected shape ${fmtShape(this.shape)}, received ${fmtShape(value.shape)}`,
      );
    }
    if (value.dtype !== this.dtype) {
      throw new DTypeError(
        `Variable '${this.name}'.assign: expected dtype ${this.dtype}, received ${value.dtype}`,
      );
    }
    if (value.storage === this.storage) return;
    retain(value.storage);
    const old = this.storage;
    this.storage = value.storage;
    reRegisterForGc(this);
    release(old);
  }
}

/** Wraps a fresh kernel output (refCount 1) in a tracked tensor. */
export function makeTensor(storage: DataHandle, shape: Shape, dtype: DType): Tensor {
  countNew(storage);
  return track(new Tensor(storage, shape, dtype));
}

/** A new tensor sharing `t`'s storage with another shape (reshape, identity). */
export function shareTensor(t: Tensor, shape: Shape): Tensor {
  retain(t.storage);
  return track(new Tensor(t.storage, shape, t.dtype));
}

/** A tape-owned copy of a handle: not counted, not tidied, released by its owner. */
export function internalClone(t: Tensor): Tensor {
  retain(t.storage);
  return new Tensor(t.storage, t.shape, t.dtype, true);
}

function track(t: Tensor): Tensor {
  ENGINE.numTensors++;
  const scope = ENGINE.scopes[ENGINE.scopes.length - 1];
  // Inside a tidy the scope owns the tensor; it is handed to the garbage collector only if
  // it outlives the outermost scope (see tidy and keep).
  if (scope) scope.tensors.push(t);
  else registerForGc(t);
  return t;
}

/** @internal lets the garbage collector release `t`'s storage once `t` is unreachable. */
export function registerForGc(t: Tensor): void {
  if (t.registered || t.internal || t.isDisposed) return;
  t.registered = true;
  ENGINE.finalizer.register(t, t.storage, t);
}

/** @internal re-registers `t` after its storage changed (assign, a move between backends). */
export function reRegisterForGc(t: Tensor): void {
  if (!t.registered) return;
  ENGINE.finalizer.unregister(t);
  ENGINE.finalizer.register(t, t.storage, t);
}

/**
 * @internal Moves `t`'s data to `backend` when another backend holds it: what TF.js does
 * when an op runs on a backend that does not own an input's data (copy on first use).
 * Every tensor remembers which backend owns its buffer (`storage.backend`); the op
 * runner calls this for each input, so tensors and variables made before `setBackend`
 * keep working. The old buffer is released (freed once no other tensor holds it), and a
 * buffer shared by several tensors is copied once: they all get the same copy.
 * `where` names the op for errors (the copy may not fit the new backend).
 */
export function moveToBackend(t: Tensor, backend: Backend, where: string): void {
  const old = t.storage;
  if (old.backend === backend) return;
  const copy = ENGINE.movedCopies.get(old);
  let moved: DataHandle;
  // A copy nothing holds any more was freed (refCount 0): make another.
  if (copy !== undefined && copy.backend === backend && copy.refCount > 0) {
    retain(copy);
    moved = copy;
  } else {
    assertFits(
      where,
      `the data of tensor ${t.id} (moving from the ${old.backend.name} backend)`,
      t.shape,
      t.dtype,
      backend,
    );
    moved = backend.upload(old.backend.readSync(old), old.dtype);
    countNew(moved);
    ENGINE.movedCopies.set(old, moved);
  }
  t.storage = moved;
  reRegisterForGc(t);
  release(old);
}

function toNested(values: DataArray, shape: Shape, dtype: DType): NestedArray {
  const conv = dtype === 'bool' ? (v: number) => v !== 0 : (v: number) => v;
  if (shape.length === 0) return conv(values[0]!);
  const build = (dim: number, offset: number): NestedArray[] => {
    const n = shape[dim]!;
    const stride = sizeOf(shape.slice(dim + 1));
    const out: NestedArray[] = [];
    for (let i = 0; i < n; i++) {
      out.push(
        dim === shape.length - 1 ? conv(values[offset + i]!) : build(dim + 1, offset + i * stride),
      );
    }
    return out;
  };
  return build(0, 0);
}

function formatValues(values: DataArray, shape: Shape, dtype: DType): string {
  const fmt = (v: number): string =>
    dtype === 'bool'
      ? String(v !== 0)
      : dtype === 'int32'
        ? String(v)
        : Number.isInteger(v)
          ? `${v}.`
          : v.toPrecision(5).replace(/\.?0+$/, '');
  if (shape.length === 0) return fmt(values[0]!);
  const rec = (dim: number, offset: number, indent: string): string => {
    const n = shape[dim]!;
    const stride = sizeOf(shape.slice(dim + 1));
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      parts.push(
        dim === shape.length - 1
          ? fmt(values[offset + i]!)
          : rec(dim + 1, offset + i * stride, indent + ' '),
      );
    }
    const sep = dim === shape.length - 1 ? ', ' : `,\n${indent} `;
    return `[${parts.join(sep)}]`;
  };
  return rec(0, 0, '');
}
