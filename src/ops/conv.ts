/**
 * 2-D convolution and max pooling over NHWC images (TF.js's `conv2d` and `maxPool`), each
 * one kernel of the backend (conv2d, maxPool) with its gradients as kernels too (TF's
 * Conv2DBackpropInput and Conv2DBackpropFilter; MaxPoolGrad, which sends each window's
 * gradient to its first maximum). This module works out and checks the geometry.
 */
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { run, convert, type TensorLike } from './core.js';
import { reshape } from './shape-ops.js';
import { tidy } from '../engine/tidy.js';
import { ENGINE } from '../engine/engine.js';
import { assertFits } from '../backends/alloc-limits.js';
import type { WindowGeometry } from '../backends/backend.js';

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

/**
 * The geometry of the `window` windows of `x` ([n, h, w, c]), checked: a window must fit
 * with 'valid' padding, and the op's output ([n, ho, wo, outChannels]) must fit the
 * backend, so that a result too large fails at once with an AllocationError naming `op`,
 * having used no memory.
 */
function windows(
  x: Tensor,
  window: [number, number],
  strides: [number, number],
  dilations: [number, number],
  padding: ConvPadding,
  op: string,
  what: string,
  outChannels: number,
): WindowGeometry {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const span = windowSpan(window, dilations);
  checkFits([h, w], span, padding, () => `${op}: the input ${fmtShape(x.shape)} (${what})`);
  const ah = convAxis(h, span[0], strides[0], padding);
  const aw = convAxis(w, span[1], strides[1], padding);
  assertFits(op, 'output', [n, ah.out, aw.out, outChannels], x.dtype, ENGINE.backend);
  return {
    n,
    h,
    w,
    c,
    kh: window[0],
    kw: window[1],
    sh: strides[0],
    sw: strides[1],
    dh: dilations[0],
    dw: dilations[1],
    ho: ah.out,
    wo: aw.out,
    padTop: ah.before,
    padLeft: aw.before,
  };
}

/**
 * The max pool's input gradient (Backend.maxPoolGrad): each window's `dy` to its first
 * maximum. Not recorded on tapes (gradients of gradients are not taken).
 */
function maxPoolGrad(x: Tensor, dy: Tensor, g: WindowGeometry): Tensor {
  return run('maxPoolGrad', [x, dy], (b) => b.maxPoolGrad(x, dy, g), x.shape, 'float32');
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
 * `strides` default 1, `padding` default `'valid'`, `dilations` default 1.
 * @throws ShapeError when the ranks or channel counts do not match, or the window does not fit.
 * @example
 * const image = nn.ones([1, 4, 4, 1]);
 * const filter = nn.ones([3, 3, 1, 2]);
 * nn.conv2d(image, filter, 1, 'same'); // shape [1, 4, 4, 2]
 */
export function conv2d(
  x: TensorLike,
  filter: TensorLike,
  strides: Pair = 1,
  padding: ConvPadding = 'valid',
  dataFormat: 'NHWC' = 'NHWC',
  dilations: Pair = 1,
): Tensor {
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
  const g = windows(x4, [kh, kw], s, d, pd, op, what, outC);
  const shape = [g.n, g.ho, g.wo, outC];
  const y = run(
    op,
    [x4, $f],
    (b) => b.conv2d(x4, $f, g),
    shape,
    'float32',
    ([dy], [xs, f], _outputs, needs) => [
      needs[0]
        ? run(
            'conv2dBackpropInput',
            [dy!, f!],
            (b) => b.conv2dBackpropInput(dy!, f!, g),
            xs!.shape,
            'float32',
          )
        : null,
      needs[1]
        ? run(
            'conv2dBackpropFilter',
            [xs!, dy!],
            (b) => b.conv2dBackpropFilter(xs!, dy!, g),
            f!.shape,
            'float32',
          )
        : null,
    ],
  );
  return batched ? y : reshape(y, [g.ho, g.wo, outC]);
}

/**
 * Max pooling: the largest value of each `filterSize` window of each channel of `x`
 * [n, h, w, c] (or one image), stepping by `strides` → [n, ho, wo, c]. 'same' padding
 * never wins a window (only taps inside the image count); a NaN does. The gradient goes
 * to each window's first maximum.
 * @example
 * const x = nn.tensor([1, 2, 3, 4], [1, 2, 2, 1]);
 * nn.maxPool(x, 2, 2); // [[[[4]]]], shape [1, 1, 1, 1]
 */
export function maxPool(
  x: TensorLike,
  filterSize: Pair,
  strides: Pair,
  padding: ConvPadding = 'valid',
): Tensor {
  return tidy(() => maxPoolImpl(x, filterSize, strides, padding));
}

function maxPoolImpl(x: TensorLike, filterSize: Pair, strides: Pair, padding: ConvPadding): Tensor {
  const op = 'maxPool';
  const { x4, batched } = images(convert(x, 'x', op), op, ['float32', 'int32']);
  const win = pair(filterSize, 'filterSize', op);
  const s = pair(strides, 'strides', op);
  const pd = checkPadding(padding, op);
  const what = `with a ${win[0]}x${win[1]} pool`;
  const g = windows(x4, win, s, [1, 1], pd, op, what, x4.shape[3]!);
  const shape = [g.n, g.ho, g.wo, g.c];
  const float = x4.dtype === 'float32';
  const y = run(
    op,
    [x4],
    (b) => b.maxPool(x4, g),
    shape,
    x4.dtype,
    float ? ([dy], [w]) => [maxPoolGrad(w!, dy!, g)] : undefined,
  );
  return batched ? y : reshape(y, [g.ho, g.wo, g.c]);
}
