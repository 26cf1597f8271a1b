/**
 * 2-D convolution and max pooling over NHWC images (TF.js's `conv2d` and `maxPool`).
 * Both gather each output position's input window into a row (im2col, one `gather` whose
 * gradient scatters back by `unsortedSegmentSum`): a convolution is then one matMul with
 * the filter as a [kh·kw·inC, outC] matrix, and a max pool a max over each window, whose
 * gradient goes to the window's first maximum, as TF's MaxPoolGrad sends it.
 */
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { run, convert, type TensorLike } from './core.js';
import { gather, oneHot, pad, transpose } from './gather-slice.js';
import { matMul } from './matmul.js';
import { argMax } from './reduce.js';
import { reshape } from './shape-ops.js';
import { mul } from './binary.js';
import { tensor } from './creation.js';
import { tidy } from '../engine/tidy.js';
import { ENGINE } from '../engine/engine.js';
import { assertFits } from '../backends/alloc-limits.js';

/** 'valid': no padding; 'same': zero padding so that out = ceil(in / stride), as TF. */
export type ConvPadding = 'valid' | 'same';

/** A pair for (height, width), or one number for both. */
export type Pair = number | readonly [number, number];

export function pair(v: Pair, what: string, op: string, min = 1): [number, number] {
  const p: readonly unknown[] = typeof v === 'number' ? [v, v] : Array.isArray(v) ? v : [];
  const [a, b] = p;
  const ok = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= min;
  if (p.length !== 2 || !ok(a) || !ok(b)) {
    throw new ValueError(
      `${op}: ${what} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer or a pair of them, received ${JSON.stringify(v)}`,
    );
  }
  return [a, b];
}

export function checkPadding(padding: string, op: string): ConvPadding {
  if (padding !== 'valid' && padding !== 'same') {
    throw new ValueError(`${op}: padding must be 'valid' or 'same', received '${padding}'`);
  }
  return padding;
}

/**
 * Output size and the padding before it along one axis (TF's rule: 'same' pads
 * `total = max((out - 1)·stride + window - in, 0)`, the smaller half before).
 */
export function convAxis(
  size: number,
  window: number,
  stride: number,
  padding: ConvPadding,
): { out: number; before: number; after: number } {
  if (padding === 'valid') {
    return {
      out: size >= window ? Math.floor((size - window) / stride) + 1 : 0,
      before: 0,
      after: 0,
    };
  }
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + window - size, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

/**
 * Row indices into the padded input seen as [n·hp·wp, c]: for each output position
 * (n, i, j) in order, the kh·kw window positions in row-major order.
 */
function windowRows(
  n: number,
  hp: number,
  wp: number,
  ho: number,
  wo: number,
  [kh, kw]: [number, number],
  [sh, sw]: [number, number],
  [dh, dw]: [number, number],
): Int32Array {
  const rows = new Int32Array(n * ho * wo * kh * kw);
  let k = 0;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < ho; i++) {
      for (let j = 0; j < wo; j++) {
        const base = b * hp * wp + i * sh * wp + j * sw;
        for (let a = 0; a < kh; a++) {
          for (let c = 0; c < kw; c++) rows[k++] = base + a * dh * wp + c * dw;
        }
      }
    }
  }
  return rows;
}

/** Input positions a window covers along each axis: (k - 1)·d + 1. */
export function windowSpan(
  window: readonly [number, number],
  dilations: readonly [number, number] = [1, 1],
): [number, number] {
  return [(window[0] - 1) * dilations[0] + 1, (window[1] - 1) * dilations[1] + 1];
}

/**
 * With 'valid' padding a window must fit inside each non-empty side ('same' always fits);
 * `where()` names what is being checked, for the error.
 */
export function checkFits(
  sides: readonly [number, number],
  span: readonly [number, number],
  padding: ConvPadding,
  where: () => string,
): void {
  if (padding !== 'valid') return;
  if ((sides[0] > 0 && sides[0] < span[0]) || (sides[1] > 0 && sides[1] < span[1])) {
    throw new ShapeError(
      `${where()} is smaller than its ${span[0]}x${span[1]} window with padding 'valid'; pad the input or use padding 'same'`,
    );
  }
}

interface Windows {
  /** [n·ho·wo, kh·kw, c] */
  cols: Tensor;
  outShape: [number, number, number];
}

/**
 * The windows of `x` ([n, h, w, c]) as rows, padded with `padValue` where 'same' needs it.
 * The op's output ([n, ho, wo, outChannels]) and every intermediate (the padded copy, the
 * window indices, the window matrix) are checked against the backend's limits first, so a
 * result too large fails at once with an AllocationError naming `op`, having used no memory.
 */
function im2col(
  x: Tensor,
  window: [number, number],
  strides: [number, number],
  dilations: [number, number],
  padding: ConvPadding,
  padValue: number,
  op: string,
  what: string,
  outChannels: number,
): Windows {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const span = windowSpan(window, dilations);
  checkFits([h, w], span, padding, () => `${op}: the input ${fmtShape(x.shape)} (${what})`);
  const ah = convAxis(h, span[0], strides[0], padding);
  const aw = convAxis(w, span[1], strides[1], padding);
  const be = ENGINE.backend;
  assertFits(op, 'output', [n, ah.out, aw.out, outChannels], x.dtype, be);
  const m = n * ah.out * aw.out;
  const hw = window[0] * window[1];
  assertFits(
    op,
    'padded input',
    [n, h + ah.before + ah.after, w + aw.before + aw.after, c],
    x.dtype,
    be,
  );
  assertFits(op, 'window indices (im2col)', [m * hw], 'int32', be);
  assertFits(op, 'window matrix (im2col)', [m, hw, c], x.dtype, be);
  const padded =
    ah.before + ah.after + aw.before + aw.after > 0
      ? pad(
          x,
          [
            [0, 0],
            [ah.before, ah.after],
            [aw.before, aw.after],
            [0, 0],
          ],
          padValue,
        )
      : x;
  const hp = h + ah.before + ah.after;
  const wp = w + aw.before + aw.after;
  const rows = windowRows(n, hp, wp, ah.out, aw.out, window, strides, dilations);
  const flat = reshape(padded, [n * hp * wp, c]);
  const cols = reshape(gather(flat, tensor(rows, [rows.length], 'int32')), [
    n * ah.out * aw.out,
    window[0] * window[1],
    c,
  ]);
  return { cols, outShape: [n, ah.out, aw.out] };
}

/** x as rank 4 ([1, ...] for one image), checked. */
function images(
  x: Tensor,
  op: string,
  dtypes: readonly string[],
): { x4: Tensor; batched: boolean } {
  if (x.rank !== 3 && x.rank !== 4) {
    throw new ShapeError(
      `${op}: expected images of shape [batch, height, width, channels] (or one image without batch), received ${fmtShape(x.shape)}`,
    );
  }
  if (!dtypes.includes(x.dtype))
    throw new DTypeError(`${op}: expected ${dtypes.join(' or ')} images, received ${x.dtype}`);
  return x.rank === 4
    ? { x4: x, batched: true }
    : { x4: reshape(x, [1, ...x.shape]), batched: false };
}

/**
 * 2-D convolution (cross-correlation, as every DL library): `x` [n, h, w, inC] (or one
 * image [h, w, inC]), `filter` [kh, kw, inC, outC] → [n, ho, wo, outC].
 */
export function conv2d(
  x: TensorLike,
  filter: TensorLike,
  strides: Pair = 1,
  padding: ConvPadding = 'valid',
  dataFormat: 'NHWC' = 'NHWC',
  dilations: Pair = 1,
): Tensor {
  // The padded copy and the window matrix (kh·kw times the input) are freed on return.
  return tidy(() => conv2dImpl(x, filter, strides, padding, dataFormat, dilations));
}

function conv2dImpl(
  x: TensorLike,
  filter: TensorLike,
  strides: Pair,
  padding: ConvPadding,
  dataFormat: 'NHWC',
  dilations: Pair,
): Tensor {
  const op = 'conv2d';
  if (dataFormat !== 'NHWC')
    throw new ValueError(
      `${op}: only dataFormat 'NHWC' (channels last) is supported, received '${String(dataFormat)}'`,
    );
  const $x = convert(x, 'x', op);
  const $f = convert(filter, 'filter', op);
  const { x4, batched } = images($x, op, ['float32']);
  if ($f.rank !== 4) {
    throw new ShapeError(
      `${op}: expected a filter of shape [height, width, inChannels, outChannels], received ${fmtShape($f.shape)}`,
    );
  }
  if ($f.dtype !== 'float32')
    throw new DTypeError(`${op}: expected a float32 filter, received ${$f.dtype}`);
  const [kh, kw, fc, outC] = $f.shape as [number, number, number, number];
  const inC = x4.shape[3]!;
  if (fc !== inC) {
    throw new ShapeError(
      `${op}: the input has ${inC} channels but the filter expects ${fc}: ${fmtShape(x4.shape)} with filter ${fmtShape($f.shape)}`,
    );
  }
  const s = pair(strides, 'strides', op);
  const d = pair(dilations, 'dilations', op);
  if ((s[0] > 1 || s[1] > 1) && (d[0] > 1 || d[1] > 1))
    throw new ValueError(`${op}: strides and dilations cannot both be above 1 (as TF)`);
  const pd = checkPadding(padding, op);
  const what = `with filter ${fmtShape($f.shape)}`;
  const { cols, outShape } = im2col(x4, [kh, kw], s, d, pd, 0, op, what, outC);
  const y = matMul(
    reshape(cols, [cols.shape[0]!, kh * kw * inC]),
    reshape($f, [kh * kw * inC, outC]),
  );
  return reshape(y, batched ? [...outShape, outC] : [outShape[1], outShape[2], outC]);
}

/**
 * Max pooling: the largest value of each `filterSize` window of each channel of `x`
 * [n, h, w, c] (or one image), stepping by `strides` → [n, ho, wo, c]. 'same' padding
 * never wins a window (it pads with -Infinity).
 */
export function maxPool(
  x: TensorLike,
  filterSize: Pair,
  strides: Pair,
  padding: ConvPadding = 'valid',
): Tensor {
  // The padded copy and the window matrix are freed on return.
  return tidy(() => maxPoolImpl(x, filterSize, strides, padding));
}

function maxPoolImpl(x: TensorLike, filterSize: Pair, strides: Pair, padding: ConvPadding): Tensor {
  const op = 'maxPool';
  const { x4, batched } = images(convert(x, 'x', op), op, ['float32', 'int32']);
  const win = pair(filterSize, 'filterSize', op);
  const s = pair(strides, 'strides', op);
  const pd = checkPadding(padding, op);
  const dtype = x4.dtype;
  // Padding never wins: -Infinity, or int32's smallest value.
  const low = dtype === 'int32' ? -(2 ** 31) : -Infinity;
  const what = `with a ${win[0]}x${win[1]} pool`;
  const { cols, outShape } = im2col(x4, win, s, [1, 1], pd, low, op, what, x4.shape[3]!);
  const [m, p, c] = cols.shape as [number, number, number];
  const y = run(
    op,
    [cols],
    (b) => b.reduce('max', cols, [1], dtype),
    [m, c],
    dtype,
    ([dy], [w]) => {
      // The gradient goes to each window's first maximum: one-hot rows of argMax, laid out
      // as the windows ([m, p, c]).
      const first = transpose(oneHot(argMax(w!, 1), p), [0, 2, 1]);
      return [mul(first, reshape(dy!, [m, 1, c]))];
    },
  );
  return reshape(y, batched ? [...outShape, c] : [outShape[1], outShape[2], c]);
}
