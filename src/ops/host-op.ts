/**
 * Host work inside a step that a compiled step (src/compile/) redoes at every replay:
 * random values drawn in JS (`hostRandom`) and JS functions of tensor values (`hostOp`).
 * Eagerly each is what the code did before: draw or read, compute, upload. While a step
 * records, each also tells the recorder how to redo it (engine/trace-hooks.ts); host work
 * not declared here (a bare `dataSync`, a draw from a Random) makes the step uncompilable.
 */
import { TRACE } from '../engine/trace-hooks.js';
import type { DataArray, DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues } from './core.js';

/**
 * A tensor of `shape` holding `produce()`, values drawn in JS from a random stream, which
 * a compiled step draws again (from the same stream, in the same order) at every replay.
 * `produce` must return `sizeOf(shape)` values.
 */
export function hostRandom(
  op: string,
  produce: () => DataArray,
  shape: Shape,
  dtype: DType,
): Tensor {
  let values: DataArray;
  TRACE.randomDraws++;
  try {
    values = produce();
  } finally {
    TRACE.randomDraws--;
  }
  const t = fromValues(values, shape, dtype, op);
  TRACE.listener?.regenerable(t.storage, () => {
    TRACE.randomDraws++;
    try {
      return produce();
    } finally {
      TRACE.randomDraws--;
    }
  });
  return t;
}

/** The shape and dtype of one output of a host op. */
export interface HostOutput {
  readonly shape: Shape;
  readonly dtype: DType;
}

/**
 * Tensors computed in JS from the values of `inputs`: `fn` gets each input's data (as
 * `dataSync` returns it) and returns one array per entry of `outputs`, of that size. A
 * compiled step calls `fn` again on every replay's inputs, so checks in it (a label out
 * of range) throw there as they do eagerly. `fn` must depend on nothing but its arguments.
 */
export function hostOp(
  name: string,
  inputs: readonly Tensor[],
  outputs: readonly HostOutput[],
  fn: (values: readonly DataArray[]) => readonly DataArray[],
): Tensor[] {
  let values: DataArray[];
  TRACE.hostReads++;
  try {
    values = inputs.map((t) => t.dataSync());
  } finally {
    TRACE.hostReads--;
  }
  const results = fn(values);
  const ts = outputs.map((o, i) => fromValues(results[i]!, o.shape, o.dtype, name));
  TRACE.listener?.hostOp(
    name,
    inputs.map((t) => t.storage),
    ts.map((t) => t.storage),
    fn,
  );
  return ts;
}

/**
 * Float32 scalars computed in JS from state outside the step's tensors (an optimizer's
 * learning rate from its schedule and iteration count): one tensor per value `produce`
 * returns. A compiled step calls `produce` again at every replay, where the step ran it,
 * so the values follow that state (a callback changing the learning rate, the iteration
 * count moving on). `produce` may update state of its own (Nadam's μ product) and must
 * return as many values every time.
 */
export function hostScalars(name: string, produce: () => readonly number[]): Tensor[] {
  const fn = (): Float32Array[] => produce().map((v) => Float32Array.of(v));
  const first = fn();
  const ts = first.map((values) => fromValues(values, [], 'float32', name));
  TRACE.listener?.hostOp(
    name,
    [],
    ts.map((t) => t.storage),
    fn,
  );
  return ts;
}

/**
 * Runs `effect` (JS state that moves on with each step: an optimizer's iteration count),
 * and, in a compiled step, again at every replay, at the same point of the step.
 */
export function hostEffect(name: string, effect: () => void): void {
  effect();
  TRACE.listener?.hostOp(name, [], [], () => {
    effect();
    return [];
  });
}
