/** Batching for fit/evaluate/predict: argument checks, splits, shuffles and batch slices. */
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Model } from '../models/model.js';
import { gather, slice, tensor } from '../ops/index.js';
import { Tensor } from '../tensor/tensor.js';
import { describeValue } from './describe-value.js';

/** One tensor or one per model input/output. */
export type TensorOrList = Tensor | readonly Tensor[];

/** Numbers, or arrays of them at any depth: what `nn.tensor` would take. */
function isNumberArray(v: unknown): boolean {
  return Array.isArray(v) && v.every((e) => typeof e === 'number' || isNumberArray(e));
}

/**
 * `x` as a list of live tensors. Plain JS arrays of numbers are refused rather than
 * converted: TF.js refuses them too, the dtype (labels are often int32) would be a guess,
 * and for a model with several inputs `[[1, 2], [3, 4]]` could mean one batch or two inputs.
 */
export function toList(x: unknown, arg: string, where: string): Tensor[] {
  if (x instanceof Tensor) {
    x.assertAlive(`${where} ('${arg}')`);
    return [x];
  }
  const expected = `a Tensor or an array of Tensors (one per model ${arg === 'y' ? 'output' : 'input'})`;
  if (!Array.isArray(x)) {
    throw new ValueError(`${where}: '${arg}' must be ${expected}, received ${describeValue(x)}`);
  }
  if (x.length === 0) {
    throw new ValueError(`${where}: '${arg}' must be ${expected}, received an empty array`);
  }
  if (isNumberArray(x)) {
    throw new ValueError(
      `${where}: '${arg}' must be ${expected}, received a plain JS array of numbers; wrap it in a tensor: nn.tensor(${arg})${arg === 'y' ? " (with dtype 'int32' for class labels)" : ''}`,
    );
  }
  const list = x as readonly unknown[];
  return list.map((t, i) => {
    if (!(t instanceof Tensor)) {
      throw new ValueError(
        `${where}: '${arg}[${i}]' must be a Tensor, received ${describeValue(t)}`,
      );
    }
    t.assertAlive(`${where} ('${arg}[${i}]')`);
    return t;
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function listing(ts: readonly Tensor[]): string {
  return ts.map((t) => fmtShape(t.shape)).join(', ');
}

/** `x` checked against the model: one tensor per model input. */
export function modelInputs(model: Model, x: unknown, where: string): Tensor[] {
  const xs = toList(x, 'x', where);
  const expected = model.inputArity;
  if (expected !== null && xs.length !== expected) {
    throw new ValueError(
      `${where}: ${model.className} '${model.name}' has ${plural(expected, 'input')} but 'x' holds ${plural(xs.length, 'tensor')} (${listing(xs)})`,
    );
  }
  return xs;
}

/** `y` checked against the model: one tensor per model output. */
export function modelTargets(model: Model, y: unknown, where: string): Tensor[] {
  const ys = toList(y, 'y', where);
  const names = model.outputNames;
  if (ys.length !== names.length) {
    throw new ValueError(
      `${where}: ${model.className} '${model.name}' has ${plural(names.length, 'output')} (${names.join(', ')}) but 'y' holds ${plural(ys.length, 'tensor')} (${listing(ys)})`,
    );
  }
  return ys;
}

/** The common number of samples (first dimension) of every tensor, checked. */
export function numSamples(
  groups: Readonly<Record<string, readonly Tensor[]>>,
  where: string,
): number {
  let n: number | null = null;
  let first = '';
  for (const [arg, ts] of Object.entries(groups)) {
    for (const [i, t] of ts.entries()) {
      if (t.rank === 0)
        throw new ShapeError(`${where}: '${arg}' must have a batch dimension, received a scalar`);
      const name = ts.length > 1 ? `${arg}[${i}]` : arg;
      if (n === null) {
        n = t.shape[0]!;
        first = name;
      } else if (t.shape[0] !== n) {
        throw new ShapeError(
          `${where}: '${first}' has ${n} samples but '${name}' has ${t.shape[0]} (shape ${fmtShape(t.shape)}); they must match`,
        );
      }
    }
  }
  return n ?? 0;
}

/** Rows [start, start+size) of each tensor. */
export function sliceRows(ts: readonly Tensor[], start: number, size: number): Tensor[] {
  return ts.map((t) => slice(t, [start], [size]));
}

/** The given rows of each tensor. */
export function takeRows(ts: readonly Tensor[], rows: Int32Array): Tensor[] {
  const idx = tensor(rows, [rows.length], 'int32');
  return ts.map((t) => gather(t, idx, 0));
}
