/**
 * TF.js 4.22's wasm backend has no `Conv2DBackpropFilter` kernel, so a model with a Conv2D
 * layer cannot train on it (`fit` throws "Kernel 'Conv2DBackpropFilter' not registered for
 * backend 'wasm'"). To still compare LeNet-5 with TF.js wasm, the benchmark registers that
 * kernel for the wasm backend, built from TF.js's own wasm ops: the filter gradient of a
 * stride-1, dilation-1 NHWC convolution is itself a convolution, of the input with the
 * channels taken as the batch (x → [C, H, W, N]) by the output gradient as the filter
 * (dy → [OH, OW, N, F]), with the forward pass's padding; the result [C, KH, KW, F] is
 * transposed to [KH, KW, C, F]. This gives TF.js wasm its fast Conv2D for that gradient,
 * more than its users get (they cannot train a CNN on wasm at all). Checked against the
 * cpu backend's kernel by bench/tfjs-worker.ts before it trains.
 */
import * as tf from '@tensorflow/tfjs';

interface FilterGradAttrs {
  strides: number | [number, number];
  pad:
    | 'valid'
    | 'same'
    | number
    | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: string;
  filterShape: [number, number, number, number];
}

const pair = (v: number | [number, number]): [number, number] =>
  typeof v === 'number' ? [v, v] : v;

/** The [before, after] padding of one spatial axis that TF.js's forward conv used. */
function padOf(attrs: FilterGradAttrs, axis: 0 | 1, k: number): [number, number] {
  const { pad } = attrs;
  if (pad === 'valid') return [0, 0];
  if (pad === 'same') {
    const before = Math.floor((k - 1) / 2);
    return [before, k - 1 - before];
  }
  if (typeof pad === 'number') return [pad, pad];
  return pad[axis + 1]!;
}

export function registerWasmConv2DFilterGrad(): void {
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const a = attrs as unknown as FilterGradAttrs;
      const [sh, sw] = pair(a.strides);
      if (sh !== 1 || sw !== 1 || a.dataFormat !== 'NHWC') {
        throw new Error('bench Conv2DBackpropFilter shim: stride 1 NHWC only');
      }
      const [kh, kw] = a.filterShape;
      return tf.tidy(() => {
        const x = tf.transpose(inputs.x as tf.Tensor4D, [3, 1, 2, 0]);
        const dy = tf.transpose(inputs.dy as tf.Tensor4D, [1, 2, 0, 3]);
        const pads: [[number, number], [number, number], [number, number], [number, number]] = [
          [0, 0],
          padOf(a, 0, kh),
          padOf(a, 1, kw),
          [0, 0],
        ];
        return tf.transpose(tf.conv2d(x, dy, 1, pads), [1, 2, 0, 3]);
      });
    },
  });
}

/** Largest difference between the shim and the cpu backend's kernel on random data. */
export async function checkAgainstCpu(): Promise<number> {
  const backend = tf.getBackend();
  const cases: { pad: 'same' | 'valid'; x: number[]; f: number[] }[] = [
    { pad: 'same', x: [3, 12, 12, 1], f: [5, 5, 1, 6] },
    { pad: 'valid', x: [3, 9, 9, 6], f: [5, 5, 6, 16] },
  ];
  let worst = 0;
  for (const c of cases) {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 1);
    const filter = tf.randomNormal(c.f, 0, 1, 'float32', 2);
    const grad = async (): Promise<Float32Array> => {
      const g = tf.grad((w: tf.Tensor) =>
        tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, c.pad).sum(),
      );
      return (await g(filter).data()) as Float32Array;
    };
    const ours = await grad();
    await tf.setBackend('cpu');
    const xs = [x, filter].map((t) => tf.tensor(t.dataSync(), t.shape));
    const g = tf.grad((w: tf.Tensor) =>
      tf.conv2d(xs[0] as tf.Tensor4D, w as tf.Tensor4D, 1, c.pad).sum(),
    );
    const ref = (await g(xs[1]!).data()) as Float32Array;
    await tf.setBackend(backend);
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - ref[i]!));
  }
  return worst;
}
