/** Data-movement ops: transpose, slice, concat, stack, split, pad, tile, gather, oneHot. */
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { normAxis, type Shape, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { convert, fromValues, run, runMany, type TensorLike } from './core.js';
import { reshape, expandDims, squeeze } from './shape-ops.js';
import { sum } from './reduce.js';
import { cast } from './cast.js';

/**
 * Permutes dimensions (default: reverses them).
 * @example
 * nn.transpose(nn.tensor([[1, 2, 3], [4, 5, 6]])); // shape [3, 2]
 * nn.transpose(nn.zeros([2, 3, 4]), [0, 2, 1]); // shape [2, 4, 3]
 */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  const $x = convert(x, 'x', 'transpose');
  const p = perm ?? $x.shape.map((_, i) => $x.rank - 1 - i);
  if (p.length !== $x.rank || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
    throw new ValueError(
      `transpose: perm [${p.join(',')}] is not a permutation of the ${$x.rank} axes of ${fmtShape($x.shape)}`,
    );
  }
  if (p.every((v, i) => v === i)) return reshape($x, $x.shape);
  const inv = new Array<number>(p.length);
  p.forEach((v, i) => (inv[v] = i));
  return run(
    'transpose',
    [$x],
    (b) => b.transpose($x, p),
    p.map((i) => $x.shape[i]!),
    $x.dtype,
    ([dy]) => [transpose(dy!, inv)],
  );
}

/**
 * The box starting at `begin` with `size` (-1: to the end) along each dimension.
 * @throws ShapeError when the box does not fit inside `x`.
 * @example
 * const x = nn.tensor([[1, 2, 3], [4, 5, 6]]);
 * nn.slice(x, [0, 1], [2, 2]); // [[2, 3], [5, 6]]
 * nn.slice(x, [1, 0], [1, -1]); // [[4, 5, 6]]
 */
export function slice(
  x: TensorLike,
  begin: number | readonly number[],
  size?: number | readonly number[],
): Tensor {
  const $x = convert(x, 'x', 'slice');
  const b0 = typeof begin === 'number' ? [begin] : [...begin];
  const s0 = size === undefined ? [] : typeof size === 'number' ? [size] : [...size];
  if (b0.length > $x.rank || s0.length > $x.rank) {
    throw new ShapeError(
      `slice: begin [${b0.join(',')}] and size [${s0.join(',')}] have more entries than the rank of ${fmtShape($x.shape)}`,
    );
  }
  const b: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < $x.rank; i++) {
    const dim = $x.shape[i]!;
    const bi = b0[i] ?? 0;
    const si = s0[i] ?? -1;
    const bb = bi < 0 ? dim + bi : bi;
    const ss = si === -1 ? dim - bb : si;
    if (!Number.isInteger(bb) || !Number.isInteger(ss) || bb < 0 || ss < 0 || bb + ss > dim) {
      throw new ShapeError(
        `slice: begin [${b0.join(',')}] and size [${s0.join(',')}] do not fit inside ${fmtShape($x.shape)} (axis ${i})`,
      );
    }
    b.push(bb);
    s.push(ss);
  }
  return run(
    'slice',
    [$x],
    (be) => be.slice($x, b, s),
    s,
    $x.dtype,
    ([dy]) => [
      pad(
        dy!,
        b.map((bb, i) => [bb, $x.shape[i]! - bb - s[i]!] as [number, number]),
      ),
    ],
  );
}

/**
 * Pads with `constantValue`: `paddings[i] = [before, after]` for each dimension.
 * @throws ShapeError when `paddings` does not give one pair per dimension.
 * @example
 * nn.pad(nn.tensor([[1, 2]]), [[1, 0], [0, 1]]); // [[0, 0, 0], [1, 2, 0]]
 */
export function pad(
  x: TensorLike,
  paddings: readonly (readonly [number, number])[],
  constantValue = 0,
): Tensor {
  const $x = convert(x, 'x', 'pad');
  if (
    paddings.length !== $x.rank ||
    paddings.some((p) => p.length !== 2 || p.some((v) => !Number.isInteger(v) || v < 0))
  ) {
    throw new ShapeError(
      `pad: expected ${$x.rank} pairs of non-negative integers for shape ${fmtShape($x.shape)}, received ${JSON.stringify(paddings)}`,
    );
  }
  const outShape = $x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  return run(
    'pad',
    [$x],
    (b) => b.pad($x, paddings, constantValue),
    outShape,
    $x.dtype,
    ([dy]) => [
      slice(
        dy!,
        paddings.map((p) => p[0]),
        [...$x.shape],
      ),
    ],
  );
}

/**
 * Joins tensors along an existing axis.
 * @throws ShapeError when the other dimensions differ; DTypeError when dtypes differ.
 * @example
 * nn.concat([nn.tensor([[1, 2]]), nn.tensor([[3, 4]])]); // [[1, 2], [3, 4]]
 * nn.concat([nn.tensor([[1, 2]]), nn.tensor([[3]])], 1); // [[1, 2, 3]]
 */
export function concat(xs: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0)
    throw new ValueError('concat: expected a non-empty array of tensors');
  const ts = xs.map((x: TensorLike, i) => convert(x, `xs[${i}]`, 'concat'));
  const first = ts[0]!;
  const ax = normAxis(axis, first.rank, 'concat');
  for (const [i, t] of ts.entries()) {
    if (t.rank !== first.rank || t.shape.some((d, k) => k !== ax && d !== first.shape[k])) {
      throw new ShapeError(
        `concat: tensor ${i} has shape ${fmtShape(t.shape)}, incompatible with ${fmtShape(first.shape)} along axis ${ax}`,
      );
    }
    if (t.dtype !== first.dtype)
      throw new DTypeError(`concat: tensor ${i} is ${t.dtype}, tensor 0 is ${first.dtype}`);
  }
  if (ts.length === 1) return reshape(first, first.shape);
  const outShape = [...first.shape];
  outShape[ax] = ts.reduce((s, t) => s + t.shape[ax]!, 0);
  return run(
    'concat',
    ts,
    (b) => b.concat(ts, ax),
    outShape,
    first.dtype,
    ([dy]) => {
      let off = 0;
      return ts.map((t) => {
        const begin = t.shape.map((_, k) => (k === ax ? off : 0));
        off += t.shape[ax]!;
        return slice(dy!, begin, [...t.shape]);
      });
    },
  );
}

/**
 * Stacks same-shape tensors along a new axis.
 * @throws ShapeError when the shapes differ.
 * @example
 * nn.stack([nn.tensor([1, 2]), nn.tensor([3, 4])]); // [[1, 2], [3, 4]]
 * nn.stack([nn.tensor([1, 2]), nn.tensor([3, 4])], 1); // [[1, 3], [2, 4]]
 */
export function stack(xs: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0)
    throw new ValueError('stack: expected a non-empty array of tensors');
  const ts = xs.map((x: TensorLike, i) => convert(x, `xs[${i}]`, 'stack'));
  for (const [i, t] of ts.entries()) {
    if (t.shape.join() !== ts[0]!.shape.join()) {
      throw new ShapeError(
        `stack: tensor ${i} has shape ${fmtShape(t.shape)}, tensor 0 has ${fmtShape(ts[0]!.shape)}`,
      );
    }
  }
  const ax = normAxis(axis, ts[0]!.rank + 1, 'stack');
  return concat(
    ts.map((t) => expandDims(t, ax)),
    ax,
  );
}

/**
 * Splits along `axis` into the tensors stack() would have taken.
 * @example
 * const [row0, row1] = nn.unstack(nn.tensor([[1, 2], [3, 4]])); // [1, 2] and [3, 4]
 */
export function unstack(x: TensorLike, axis = 0): Tensor[] {
  const $x = convert(x, 'x', 'unstack');
  const ax = normAxis(axis, $x.rank, 'unstack');
  return split($x, $x.shape[ax]!, ax).map((t) => squeeze(t, [ax]));
}

/**
 * Splits into `n` equal parts, or parts of the given sizes (one may be -1).
 * @throws ShapeError when the sizes do not add up to the dimension.
 * @example
 * const [a, b] = nn.split(nn.range(6), 2); // [0, 1, 2] and [3, 4, 5]
 * const [c, d] = nn.split(nn.range(6), [1, -1]); // [0] and [1, 2, 3, 4, 5]
 */
export function split(x: TensorLike, numOrSizes: number | readonly number[], axis = 0): Tensor[] {
  const $x = convert(x, 'x', 'split');
  const ax = normAxis(axis, $x.rank, 'split');
  const dim = $x.shape[ax]!;
  let sizes: number[];
  if (typeof numOrSizes === 'number') {
    if (!Number.isInteger(numOrSizes) || numOrSizes <= 0 || dim % numOrSizes !== 0) {
      throw new ShapeError(
        `split: axis ${ax} of ${fmtShape($x.shape)} (size ${dim}) cannot be split into ${numOrSizes} equal parts`,
      );
    }
    sizes = new Array<number>(numOrSizes).fill(dim / numOrSizes);
  } else {
    sizes = [...numOrSizes];
    const neg = sizes.indexOf(-1);
    if (neg >= 0) sizes[neg] = dim - sizes.reduce((s, v, i) => (i === neg ? s : s + v), 0);
    if (sizes.reduce((a, b) => a + b, 0) !== dim || sizes.some((v) => v < 0)) {
      throw new ShapeError(
        `split: sizes [${numOrSizes.join(',')}] do not add up to ${dim} (axis ${ax} of ${fmtShape($x.shape)})`,
      );
    }
  }
  let off = 0;
  const parts = sizes.map((s) => {
    const begin = $x.shape.map((_, k) => (k === ax ? off : 0));
    const size = $x.shape.map((d, k) => (k === ax ? s : d));
    off += s;
    return { begin, size };
  });
  // One op with n outputs, not n slices: the gradient is one concat of the parts' gradients
  // (zeros where a part has none), where n slices would pad each part's gradient to the
  // whole input and add them up — quadratic in n (a recurrent layer unstacks its steps).
  return runMany(
    'split',
    [$x],
    parts.map((p) => ({ shape: p.size, dtype: $x.dtype })),
    (be) => parts.map((p) => be.slice($x, p.begin, p.size)),
    (dys) => [concat(dys, ax)],
  );
}

/**
 * Repeats the tensor `reps[i]` times along dimension i.
 * @example
 * nn.tile(nn.tensor([[1, 2]]), [2, 2]); // [[1, 2, 1, 2], [1, 2, 1, 2]]
 */
export function tile(x: TensorLike, reps: readonly number[]): Tensor {
  const $x = convert(x, 'x', 'tile');
  if (reps.length !== $x.rank || reps.some((r) => !Number.isInteger(r) || r < 0)) {
    throw new ShapeError(
      `tile: reps [${reps.join(',')}] must hold ${$x.rank} non-negative integers for ${fmtShape($x.shape)}`,
    );
  }
  const outShape = $x.shape.map((d, i) => d * reps[i]!);
  return run(
    'tile',
    [$x],
    (b) => b.tile($x, reps),
    outShape,
    $x.dtype,
    ([dy]) => {
      // Fold each tiled axis into (rep, dim) and sum over the rep axes.
      const split: number[] = [];
      const repAxes: number[] = [];
      $x.shape.forEach((d, i) => {
        repAxes.push(split.length);
        split.push(reps[i]!, d);
      });
      return [reshape(sum(reshape(dy!, split), repAxes), $x.shape)];
    },
  );
}

/**
 * Indices as an int32 tensor: plain numbers and nested arrays become int32 (they must be
 * integers), bool tensors are cast, float32 tensors are refused.
 */
function indexTensor(indices: TensorLike, op: string): Tensor {
  if (indices instanceof Tensor || ArrayBuffer.isView(indices)) {
    const t = convert(indices, 'indices', op, 'int32');
    if (t.dtype === 'float32')
      throw new DTypeError(`${op}: indices must be int32, received float32 (cast them first)`);
    return t.dtype === 'int32' ? t : cast(t, 'int32');
  }
  const t = fromValues(indices, undefined, undefined, op);
  if (t.dtype === 'bool') return cast(t, 'int32');
  const v = t.dataSync();
  for (let i = 0; i < v.length; i++) {
    if (!Number.isInteger(v[i])) {
      t.dispose();
      throw new ValueError(`${op}: indices must be integers, received ${v[i]} at position ${i}`);
    }
  }
  return cast(t, 'int32');
}

function checkIndices(op: string, indices: Tensor, limit: number, what: string): void {
  const v = indices.dataSync();
  for (let i = 0; i < v.length; i++) {
    const k = v[i]!;
    if (k < 0 || k >= limit) {
      throw new ValueError(
        `${op}: index ${k} at position ${i} is out of range for ${what} (valid: 0..${limit - 1})`,
      );
    }
  }
}

/**
 * Slices of `x` along `axis` picked by int32 `indices` (any shape).
 * @throws DTypeError when `indices` are float32; ValueError for an index out of range.
 * @example
 * const x = nn.tensor([[1, 2], [3, 4], [5, 6]]);
 * nn.gather(x, nn.tensor([2, 0], undefined, 'int32')); // [[5, 6], [1, 2]]
 */
export function gather(x: TensorLike, indices: TensorLike, axis = 0): Tensor {
  const $x = convert(x, 'x', 'gather');
  const idx = indexTensor(indices, 'gather');
  const ax = normAxis(axis, $x.rank, 'gather');
  checkIndices('gather', idx, $x.shape[ax]!, `axis ${ax} of ${fmtShape($x.shape)}`);
  const flatIdx = idx.rank === 1 ? idx : reshape(idx, [idx.size]);
  const outShape = [...$x.shape.slice(0, ax), ...idx.shape, ...$x.shape.slice(ax + 1)];
  const flatShape = [...$x.shape.slice(0, ax), idx.size, ...$x.shape.slice(ax + 1)];
  const out = run(
    'gather',
    [$x, flatIdx],
    (b) => b.gather($x, flatIdx, ax),
    flatShape,
    $x.dtype,
    ([dy], [xi, ii]) => [
      run(
        'unsortedSegmentSum',
        [dy!, ii!],
        (b) => b.unsortedSegmentSum(dy!, ii!, xi!.shape[ax]!, ax),
        xi!.shape,
        dy!.dtype,
      ),
      null,
    ],
  );
  return outShape.length === flatShape.length && idx.rank === 1 ? out : reshape(out, outShape);
}

/**
 * One-hot rows of length `depth` for int32 `indices` (float32 result, like Keras).
 * @throws ValueError when `depth` is not a positive integer.
 * @example
 * nn.oneHot(nn.tensor([0, 2], undefined, 'int32'), 3); // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(indices: TensorLike, depth: number, onValue = 1, offValue = 0): Tensor {
  if (!Number.isInteger(depth) || depth < 1)
    throw new ValueError(`oneHot: depth must be a positive integer, received ${depth}`);
  const src = indexTensor(indices, 'oneHot');
  return run(
    'oneHot',
    [src],
    (b) => b.oneHot(src, depth, onValue, offValue),
    [...src.shape, depth],
    'float32',
  );
}

/** Number of elements of a shape (re-exported for users of slice/reshape). */
export const shapeSize = (shape: Shape): number => sizeOf(shape);
