/**
 * The window kernels behind conv2d and maxPool (conv2d, conv2dBackpropInput,
 * conv2dBackpropFilter, maxPool, maxPoolGrad) against direct float64 loops, forward and
 * both gradients, on every backend: every geometry conv.test.ts covers, plus batches, odd
 * channel counts that leave SIMD tails, LeNet-5's layers, and sizes the wasm backend splits
 * across threads (equal to one thread bit for bit, and to the js loops).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import type {
  Backend,
  DataHandle,
  TensorInfo,
  WindowGeometry,
} from '../../src/backends/backend.js';
import { createWasmBackend } from '../../src/backends/wasm/index.js';
import { blockRows, filterChunks } from '../../src/backends/wasm/window-kernels.js';
import type { WasmBackend } from '../../src/backends/wasm/wasm-backend.js';
import { JsBackend } from '../../src/backends/js/js-backend.js';
import { describeEachBackend, smoothValues, uniformStream } from '../helpers/grad-check.js';
import { expectValues } from '../helpers/expect-close.js';
import {
  CONV_CASES,
  conv2dGradRef,
  conv2dRef,
  type Geometry,
  maxPoolGradRef,
  maxPoolRef,
  outGeometry,
} from './conv-reference.js';

const MORE_CONV: [string, Geometry, number][] = [
  [
    'batch 3, 5 in and 7 out channels (SIMD tails)',
    { n: 3, h: 9, w: 8, c: 5, kh: 3, kw: 3, stride: [1, 1], same: true },
    7,
  ],
  [
    '1x1 kernel, stride 2, 9 channels',
    { n: 2, h: 5, w: 7, c: 9, kh: 1, kw: 1, stride: [2, 2], same: false },
    3,
  ],
  [
    'kernel as large as the input',
    { n: 2, h: 4, w: 6, c: 2, kh: 4, kw: 6, stride: [1, 1], same: false },
    5,
  ],
  [
    'same, stride 3, even kernel',
    { n: 2, h: 10, w: 11, c: 3, kh: 4, kw: 2, stride: [3, 3], same: true },
    4,
  ],
  [
    'valid, dilations 1 and 3, batch 2',
    { n: 2, h: 6, w: 9, c: 3, kh: 2, kw: 3, stride: [1, 1], same: false, dil: [1, 3] },
    2,
  ],
  [
    'same, strides 2 and 1, 2 in and 13 out channels',
    { n: 2, h: 9, w: 10, c: 2, kh: 3, kw: 3, stride: [2, 1], same: true },
    13,
  ],
  [
    'same, dilation 2, 1 in and 16 out channels',
    { n: 2, h: 8, w: 9, c: 1, kh: 3, kw: 2, stride: [1, 1], same: true, dil: [2, 2] },
    16,
  ],
  [
    'valid, 4 in and 17 out channels',
    { n: 2, h: 6, w: 7, c: 4, kh: 2, kw: 3, stride: [1, 1], same: false },
    17,
  ],
  [
    "LeNet-5's first layer, batch 64",
    { n: 64, h: 28, w: 28, c: 1, kh: 5, kw: 5, stride: [1, 1], same: true },
    6,
  ],
  [
    "LeNet-5's second layer, batch 16",
    { n: 16, h: 14, w: 14, c: 6, kh: 5, kw: 5, stride: [1, 1], same: false },
    16,
  ],
];

// (The wasm backend convolves directly, without a window matrix, when the input has at most
// 4 channels and the output 4 to 16; otherwise by blocks of the window matrix and a
// product. The cases cover both, every count of f32x4 lanes, and the edges of the rule.)

/** Uniform values in [-1, 1) from an independent generator. */
function uniform(size: number, seed: number): Float32Array {
  const next = uniformStream(seed);
  return Float32Array.from({ length: size }, () => 2 * next() - 1);
}

describeEachBackend('conv2d and its gradients equal float64 loops', () => {
  test.each([...CONV_CASES, ...MORE_CONV])('%s', (_name, g, oc) => {
    const [ho, , wo] = outGeometry(g);
    const x = smoothValues([g.n, g.h, g.w, g.c], { seed: 21 });
    const f = smoothValues([g.kh, g.kw, g.c, oc], { seed: 22 });
    const dy = nn.tensor(uniform(g.n * ho * wo * oc, 23), [g.n, ho, wo, oc]);
    const conv = (a: nn.Tensor, b: nn.Tensor): nn.Tensor =>
      nn.conv2d(a, b, g.stride, g.same ? 'same' : 'valid', 'NHWC', g.dil ?? 1);
    const [xv, fv, dyv] = [x.dataSync(), f.dataSync(), dy.dataSync()];
    const y = conv(x, f);
    expect(y.shape).toEqual([g.n, ho, wo, oc]);
    expectValues(y.dataSync(), conv2dRef(xv, fv, g, oc), { atol: 1e-4, rtol: 1e-4 });
    const [dx, df] = nn.grads((a: nn.Tensor, b: nn.Tensor) => nn.sum(nn.mul(conv(a, b), dy)))([
      x,
      f,
    ]);
    const want = conv2dGradRef(xv, fv, dyv, g, oc);
    expectValues(dx!.dataSync(), want.dx, { atol: 1e-4, rtol: 1e-4 });
    // The filter gradient sums over every output position (50,176 for LeNet's first layer).
    expectValues(df!.dataSync(), want.df, { atol: 1e-3, rtol: 1e-4 });
    nn.dispose([x, f, dy, y, dx!, df!]);
  });
});

describeEachBackend('conv2d with no channels', () => {
  test('no input channels: zeros; no output channels: an empty result', () => {
    const x = nn.zeros([2, 3, 3, 0]);
    const y = nn.conv2d(x, nn.zeros([2, 2, 0, 3]), 1, 'same');
    expect(y.shape).toEqual([2, 3, 3, 3]);
    expect(Array.from(y.dataSync())).toEqual(new Array(54).fill(0));
    const [dx, df] = nn.grads((a: nn.Tensor, b: nn.Tensor) => nn.sum(nn.conv2d(a, b, 1, 'same')))([
      x,
      nn.zeros([2, 2, 0, 3]),
    ]);
    expect([dx!.shape, df!.shape]).toEqual([
      [2, 3, 3, 0],
      [2, 2, 0, 3],
    ]);
    const none = nn.conv2d(nn.ones([1, 4, 4, 2]), nn.zeros([3, 3, 2, 0]));
    expect(none.shape).toEqual([1, 2, 2, 0]);
    const [gx] = nn.grads((a: nn.Tensor) => nn.sum(nn.conv2d(a, nn.zeros([3, 3, 2, 0]))))([
      nn.ones([1, 4, 4, 2]),
    ]);
    expect(Array.from(gx!.dataSync())).toEqual(new Array(32).fill(0));
  });
});

const POOLS: [string, Geometry][] = [
  ['2x2, stride 2, valid', { n: 2, h: 4, w: 6, c: 3, kh: 2, kw: 2, stride: [2, 2], same: false }],
  ['3x3, stride 2, same', { n: 1, h: 5, w: 6, c: 2, kh: 3, kw: 3, stride: [2, 2], same: true }],
  ['2x3, stride 1, valid', { n: 1, h: 4, w: 5, c: 1, kh: 2, kw: 3, stride: [1, 1], same: false }],
  [
    '3x2, strides 2 and 1, same, 5 channels',
    { n: 3, h: 7, w: 9, c: 5, kh: 3, kw: 2, stride: [2, 1], same: true },
  ],
  [
    'overlapping 3x3, stride 1, same, 9 channels',
    { n: 2, h: 6, w: 5, c: 9, kh: 3, kw: 3, stride: [1, 1], same: true },
  ],
  [
    "LeNet-5's first pool, batch 8",
    { n: 8, h: 28, w: 28, c: 6, kh: 2, kw: 2, stride: [2, 2], same: false },
  ],
];

describeEachBackend('maxPool and its gradient equal float64 loops', () => {
  test.each(POOLS)('%s, distinct values, ties and NaN', (_name, g) => {
    const [ho, , wo] = outGeometry(g);
    const size = g.n * g.h * g.w * g.c;
    const next = uniformStream(31);
    const inputs: [string, Float32Array][] = [
      ['distinct', uniform(size, 32).map((v) => v - 3)],
      // Values from {0, 1, 2}: most windows tie, and the first maximum must win.
      ['ties', Float32Array.from({ length: size }, () => Math.floor(3 * next()))],
      ['NaN', uniform(size, 33).map((v, i) => (i % 7 === 3 ? NaN : v))],
    ];
    const dy = nn.tensor(uniform(g.n * ho * wo * g.c, 34), [g.n, ho, wo, g.c]);
    for (const [what, values] of inputs) {
      const x = nn.tensor(values, [g.n, g.h, g.w, g.c]);
      const pool = (a: nn.Tensor): nn.Tensor =>
        nn.maxPool(a, [g.kh, g.kw], g.stride, g.same ? 'same' : 'valid');
      const y = pool(x);
      expect(y.shape, what).toEqual([g.n, ho, wo, g.c]);
      expectValues(y.dataSync(), maxPoolRef(values, g), { atol: 0, rtol: 0 });
      const [dx] = nn.grads((a: nn.Tensor) => nn.sum(nn.mul(pool(a), dy)))([x]);
      expectValues(dx!.dataSync(), maxPoolGradRef(values, dy.dataSync(), g), {
        atol: 1e-6,
        rtol: 1e-6,
      });
      nn.dispose([x, y, dx!]);
    }
    dy.dispose();
  });
});

describe('the wasm window kernels split across threads', () => {
  let one: WasmBackend;
  let three: WasmBackend;
  const js = new JsBackend();
  beforeAll(async () => {
    one = await createWasmBackend({ threads: 1 });
    three = await createWasmBackend({ threads: 3 });
    expect(await three.whenThreadsReady()).toBe(true);
  });

  function upload(b: Backend, values: Float32Array, shape: number[]): TensorInfo {
    return { storage: b.upload(values, 'float32'), shape, dtype: 'float32', size: values.length };
  }
  function read(b: Backend, h: DataHandle): Float32Array {
    return Float32Array.from(b.readSync(h));
  }
  /** The first index where two arrays differ bit for bit ('none' when they agree). */
  function firstDiff(a: Float32Array, b: Float32Array): number | 'none' {
    const [x, y] = [new Uint32Array(a.buffer), new Uint32Array(b.buffer)];
    if (x.length !== y.length) return -1;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
    return 'none';
  }
  function geometry(g: Geometry): WindowGeometry {
    const [ho, ph, wo, pw] = outGeometry(g);
    const [dh, dw] = g.dil ?? [1, 1];
    const { n, h, w, c, kh, kw } = g;
    const [sh, sw] = g.stride;
    return { n, h, w, c, kh, kw, sh, sw, dh, dw, ho, wo, padTop: ph, padLeft: pw };
  }

  // Large enough to be split (and, for the filter gradient, cut into several chunks).
  const LARGE: [string, Geometry, number][] = [
    [
      '5x5 same, 1 channel in, 6 out',
      { n: 37, h: 28, w: 27, c: 1, kh: 5, kw: 5, stride: [1, 1], same: true },
      6,
    ],
    [
      '3x3 stride 2 same, 7 in, 9 out',
      { n: 9, h: 21, w: 19, c: 7, kh: 3, kw: 3, stride: [2, 2], same: true },
      9,
    ],
    [
      '2x2 stride 2, 6 in, 16 out',
      { n: 33, h: 28, w: 28, c: 6, kh: 2, kw: 2, stride: [2, 2], same: false },
      16,
    ],
    [
      '3x2 dilated, 3 in, 9 out',
      { n: 11, h: 17, w: 23, c: 3, kh: 3, kw: 2, stride: [1, 1], same: true, dil: [2, 3] },
      9,
    ],
  ];

  test.each(LARGE)(
    '%s: one thread and three agree bit for bit, and with the js loops',
    (_n, geo, oc) => {
      const g = geometry(geo);
      const m = g.n * g.ho * g.wo;
      const k = g.kh * g.kw * g.c;
      expect(m * k * oc).toBeGreaterThan(1 << 19); // past the split threshold
      const xs = uniform(g.n * g.h * g.w * g.c, 41).map((v, i) => (i % 5 === 0 ? 0.5 : v));
      const fs = uniform(k * oc, 42);
      const dys = uniform(m * oc, 43);
      const pooled = uniform(m * g.c, 44);
      const xShape = [g.n, g.h, g.w, g.c];
      const fShape = [g.kh, g.kw, g.c, oc];
      const yShape = [g.n, g.ho, g.wo, oc];
      const kernels: [string, (b: Backend) => DataHandle, boolean][] = [
        ['conv2d', (b) => b.conv2d(upload(b, xs, xShape), upload(b, fs, fShape), g), false],
        [
          'conv2dBackpropInput',
          (b) => b.conv2dBackpropInput(upload(b, dys, yShape), upload(b, fs, fShape), g),
          false,
        ],
        [
          'conv2dBackpropFilter',
          (b) => b.conv2dBackpropFilter(upload(b, xs, xShape), upload(b, dys, yShape), g),
          false,
        ],
      ];
      if (g.dh === 1 && g.dw === 1) {
        kernels.push(['maxPool', (b) => b.maxPool(upload(b, xs, xShape), g), true]);
        kernels.push([
          'maxPoolGrad',
          (b) => b.maxPoolGrad(upload(b, xs, xShape), upload(b, pooled, [g.n, g.ho, g.wo, g.c]), g),
          true,
        ]);
      }
      for (const [what, run, exact] of kernels) {
        const [ref, single, split] = [js, one, three].map((b) => read(b, run(b)));
        expect(firstDiff(split!, single!), what).toBe('none');
        // The pooling kernels copy and add in the loops' order; the products round in float32.
        if (exact) expect(firstDiff(single!, ref!), what).toBe('none');
        else expectValues(single!, ref!, { atol: 1e-4, rtol: 1e-4 });
      }
    },
  );

  test('the filter gradient cuts its positions by the shape alone', () => {
    const g = geometry(LARGE[0]![1]);
    const cut = filterChunks(g, 6);
    expect(cut.chunks).toBeGreaterThan(1);
    expect(cut.chunks).toBeLessThanOrEqual(8);
    expect((cut.chunks - 1) * cut.rows).toBeLessThan(g.n * g.ho * g.wo);
    expect(cut.chunks * cut.rows).toBeGreaterThanOrEqual(g.n * g.ho * g.wo);
    expect(blockRows(g) % 4).toBe(0);
    // A small convolution is one chunk; no positions, one empty chunk.
    expect(filterChunks({ ...g, n: 1 }, 6).chunks).toBe(1);
    expect(filterChunks({ ...g, n: 0 }, 6)).toEqual({ chunks: 1, rows: 0 });
    // A filter of 3x3x512x1024 (4.7 M floats): no room for partial sums, one chunk.
    const wide = { ...g, kh: 3, kw: 3, c: 512 };
    expect(filterChunks(wide, 1024).chunks).toBe(1);
  });
});
