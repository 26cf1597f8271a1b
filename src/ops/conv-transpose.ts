/**
 * Transposed 2-D convolution (Keras's Conv2DTranspose, TF's `conv2d_transpose`) as a
 * composite of public ops, so its gradients come from theirs: the input is spread out by
 * the stride (zeros inserted between pixels by reshape, pad, reshape), padded or cropped so
 * that every output position sees a full window, then convolved (stride 1, 'valid') with
 * the kernel flipped in both spatial axes and its channel axes swapped.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { convert, type TensorLike } from './core.js';
import { checkPadding, type ConvPadding, type Pair, pair } from './conv.js';
import { conv2d } from './conv.js';
import { gather, pad, slice, transpose } from './gather-slice.js';
import { reshape } from './shape-ops.js';
import { tensor } from './creation.js';
import { tidy } from '../engine/tidy.js';

/**
 * Keras's `deconv_output_length` (dilation 1): the output length along one axis of a
 * transposed convolution of an input of length `size`.
 */
export function convTransposeLength(
  size: number,
  kernel: number,
  stride: number,
  padding: ConvPadding,
  outputPadding: number | null = null,
): number {
  if (outputPadding === null) {
    return padding === 'valid' ? size * stride + Math.max(kernel - stride, 0) : size * stride;
  }
  const p = padding === 'same' ? Math.floor(kernel / 2) : 0;
  return (size - 1) * stride + kernel - 2 * p + outputPadding;
}

/**
 * How many output positions lie before the first input pixel's window, as TF places them:
 * the leading padding of the forward convolution that maps the output back to the input.
 */
export function convTransposeLeadingPad(
  outLen: number,
  kernel: number,
  stride: number,
  padding: ConvPadding,
): number {
  if (padding === 'valid') return 0;
  const total = Math.max((Math.ceil(outLen / stride) - 1) * stride + kernel - outLen, 0);
  return Math.floor(total / 2);
}

/** Options of {@link conv2dTranspose}. */
export interface Conv2DTransposeOptions {
  /** Default 1. */
  strides?: Pair;
  /** Default 'valid'. */
  padding?: ConvPadding;
  /** Extra rows/columns at the bottom/right (each below its stride); default none. */
  outputPadding?: Pair | null;
}

/**
 * Transposed convolution over NHWC images: `x` [n, h, w, inC], `kernel` [kh, kw, outC, inC]
 * (Keras's Conv2DTranspose layout) → [n, ho, wo, outC] with each side as Keras's
 * `deconv_output_length`. Each input pixel adds `kernel[:, :, :, c] · x[c]` into the output
 * window at its position times the stride (less the leading padding of 'same').
 */
export function conv2dTranspose(
  x: TensorLike,
  kernel: TensorLike,
  options: Conv2DTransposeOptions = {},
): Tensor {
  const op = 'conv2dTranspose';
  return tidy(() => {
    const $x = convert(x, 'x', op);
    const $k = convert(kernel, 'kernel', op);
    if ($x.rank !== 4 || $k.rank !== 4) {
      throw new ShapeError(
        `${op}: expected x [batch, height, width, inChannels] and kernel [kh, kw, outChannels, inChannels], received ${JSON.stringify($x.shape)} and ${JSON.stringify($k.shape)}`,
      );
    }
    const [n, h, w, c] = $x.shape as [number, number, number, number];
    const [kh, kw, , inC] = $k.shape as [number, number, number, number];
    if (inC !== c) {
      throw new ShapeError(
        `${op}: the kernel's last axis (${inC} input channels) must match x's channels (${c})`,
      );
    }
    const strides = pair(options.strides ?? 1, 'strides', op);
    const padding = checkPadding(options.padding ?? 'valid', op);
    const op0 = options.outputPadding;
    const outPad = op0 === null || op0 === undefined ? null : pair(op0, 'outputPadding', op, 0);
    if (outPad && (outPad[0] >= strides[0] || outPad[1] >= strides[1])) {
      throw new ValueError(
        `${op}: outputPadding [${outPad.join(',')}] must be smaller than strides [${strides.join(',')}]`,
      );
    }
    const [sh, sw] = strides;
    const ho = convTransposeLength(h, kh, sh, padding, outPad ? outPad[0] : null);
    const wo = convTransposeLength(w, kw, sw, padding, outPad ? outPad[1] : null);
    if (ho <= 0 || wo <= 0) {
      throw new ShapeError(`${op}: the output would be empty (${ho}x${wo})`);
    }
    // Zeros between pixels: [n, h, 1, w, 1, c] padded to [n, h, sh, w, sw, c], cut to
    // (h - 1)·sh + 1 rows and (w - 1)·sw + 1 columns.
    let z: Tensor = $x;
    if (sh > 1 || sw > 1) {
      z = reshape($x, [n, h, 1, w, 1, c]);
      z = pad(z, [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ]);
      z = reshape(z, [n, h * sh, w * sw, c]);
      z = slice(z, [0, 0, 0, 0], [n, (h - 1) * sh + 1, (w - 1) * sw + 1, c]);
    }
    // Pad (or crop) so that a 'valid' stride-1 window over it gives ho x wo positions.
    const fit = (t: Tensor, axis: 1 | 2, k: number, before: number, out: number): Tensor => {
      const len = t.shape[axis]!;
      const lead = k - 1 - before;
      const trail = out + before - len;
      const pads: [number, number][] = [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ];
      pads[axis] = [Math.max(lead, 0), Math.max(trail, 0)];
      let r = pads[axis][0] + pads[axis][1] > 0 ? pad(t, pads) : t;
      if (lead < 0 || trail < 0) {
        const begin = [0, 0, 0, 0];
        const size = [...r.shape];
        begin[axis] = Math.max(-lead, 0);
        size[axis] = r.shape[axis]! - begin[axis] - Math.max(-trail, 0);
        r = slice(r, begin, size);
      }
      return r;
    };
    z = fit(z, 1, kh, convTransposeLeadingPad(ho, kh, sh, padding), ho);
    z = fit(z, 2, kw, convTransposeLeadingPad(wo, kw, sw, padding), wo);
    // Flip the kernel spatially and swap its channel axes: [kh, kw, inC, outC].
    const rev = (len: number): Tensor =>
      tensor(
        Array.from({ length: len }, (_, i) => len - 1 - i),
        [len],
        'int32',
      );
    let f = transpose($k, [0, 1, 3, 2]);
    if (kh > 1) f = gather(f, rev(kh), 0);
    if (kw > 1) f = gather(f, rev(kw), 1);
    return conv2d(z, f, 1, 'valid');
  });
}
