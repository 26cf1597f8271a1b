/**
 * AveragePooling2D (Keras 3): the mean of each window of each channel (channels-last
 * images). With 'same' padding the padded positions are left out of each mean, as Keras and
 * TF do. Built from gathers of the window offsets, so its gradient comes from theirs.
 */
import type { Tensor } from '../tensor/tensor.js';
import { add, div, gather, pad, tensor } from '../ops/index.js';
import { tidy } from '../engine/tidy.js';
import { convAxis } from '../ops/conv.js';
import type { CallOptions } from './layer.js';
import { Pooling2D, type Pooling2DArgs } from './pooling2d.js';

/**
 * Options of {@link layers.averagePooling2d} (Keras `AveragePooling2D`'s arguments, in camelCase).
 */
export type AveragePooling2DArgs = Pooling2DArgs;

/** Input index `start + stride·i` for each output i along one axis. */
function offsets(start: number, stride: number, count: number): Tensor {
  return tensor(
    Int32Array.from({ length: count }, (_, i) => start + stride * i),
    [count],
    'int32',
  );
}

/**
 * The `AveragePooling2D` layer (Keras `keras.layers.AveragePooling2D`): see {@link layers.averagePooling2d}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.AveragePooling2D({ poolSize: 2 });
 */
export class AveragePooling2D extends Pooling2D {
  readonly className = 'AveragePooling2D';

  constructor(args: AveragePooling2DArgs = {}) {
    super('AveragePooling2D', args);
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    this.computeOutputShape([x.shape[0]!, x.shape[1]!, x.shape[2]!, x.shape[3]!]);
    const [h, w] = [x.shape[1]!, x.shape[2]!];
    const [ph, pw] = this.poolSize;
    const [sh, sw] = this.strides;
    const rows = convAxis(h, ph, sh, this.padding);
    const cols = convAxis(w, pw, sw, this.padding);
    return tidy(() => {
      const padded =
        this.padding === 'same'
          ? pad(x, [
              [0, 0],
              [rows.before, rows.after],
              [cols.before, cols.after],
              [0, 0],
            ])
          : x;
      let total: Tensor | null = null;
      for (let a = 0; a < ph; a++) {
        const r = gather(padded, offsets(a, sh, rows.out), 1);
        for (let b = 0; b < pw; b++) {
          const win = gather(r, offsets(b, sw, cols.out), 2);
          total = total === null ? win : add(total, win);
        }
      }
      if (this.padding === 'valid') return div(total!, ph * pw);
      // The number of real (unpadded) positions in each window.
      const count = (axis: { out: number; before: number }, size: number, k: number, s: number) =>
        Array.from({ length: axis.out }, (_, i) => {
          const lo = i * s - axis.before;
          return Math.min(lo + k, size) - Math.max(lo, 0);
        });
      const cr = count(rows, h, ph, sh);
      const cc = count(cols, w, pw, sw);
      const counts = new Float32Array(rows.out * cols.out);
      cr.forEach((n, i) => cc.forEach((m, j) => (counts[i * cols.out + j] = n * m)));
      return div(total!, tensor(counts, [1, rows.out, cols.out, 1]));
    });
  }
}
