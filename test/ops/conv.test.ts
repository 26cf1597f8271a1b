import { expect, test } from 'vitest';
import * as nn from 'neurite';
import {
  describeEachBackend,
  gradCheck,
  smoothValues,
  uniformStream,
} from '../helpers/grad-check.js';
import { expectValues } from '../helpers/expect-close.js';
import { axis, CONV_CASES, conv2dRef, type Geometry, maxPoolRef } from './conv-reference.js';

/** Values spaced 0.05 apart in a seeded order: no two within a finite difference's reach. */
function distinct(shape: number[], seed: number): nn.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: size }, (_, i) => (i - size / 2) * 0.05);
  const next = uniformStream(seed);
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [v[i], v[j]] = [v[j]!, v[i]!];
  }
  return nn.tensor(v, shape);
}

describeEachBackend('conv2d: values', () => {
  test('a hand-computed 3x3 image, 2x2 filter of ones', () => {
    const x = nn.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const y = nn.conv2d(x, nn.ones([2, 2, 1, 1]), 1, 'valid');
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(y.dataSync())).toEqual([12, 16, 24, 28]);
    // 'same' pads one row and column after (the larger half goes after).
    expect(Array.from(nn.conv2d(x, nn.ones([2, 2, 1, 1]), 1, 'same').dataSync())).toEqual([
      12, 16, 9, 24, 28, 15, 15, 17, 9,
    ]);
  });

  test.each(CONV_CASES)('%s equals a direct float64 convolution', (_name, g, oc) => {
    const x = smoothValues([g.n, g.h, g.w, g.c], { seed: 3 });
    const f = smoothValues([g.kh, g.kw, g.c, oc], { seed: 4 });
    const y = nn.conv2d(x, f, g.stride, g.same ? 'same' : 'valid', 'NHWC', g.dil ?? 1);
    const want = conv2dRef(x.dataSync(), f.dataSync(), g, oc);
    const [ho] = axis(g.h, (g.kh - 1) * (g.dil?.[0] ?? 1) + 1, g.stride[0], g.same);
    const [wo] = axis(g.w, (g.kw - 1) * (g.dil?.[1] ?? 1) + 1, g.stride[1], g.same);
    expect(y.shape).toEqual([g.n, ho, wo, oc]);
    expectValues(y.dataSync(), want, { atol: 1e-5, rtol: 1e-5 });
  });

  test('one image without a batch dimension', () => {
    const x = smoothValues([5, 4, 2], { seed: 5 });
    const f = smoothValues([3, 3, 2, 2], { seed: 6 });
    const y = nn.conv2d(x, f, 1, 'same');
    expect(y.shape).toEqual([5, 4, 2]);
    expectValues(y.dataSync(), nn.conv2d(x.reshape([1, 5, 4, 2]), f, 1, 'same').dataSync());
  });
});

describeEachBackend('maxPool: values', () => {
  test.each([
    ['2x2, stride 2, valid', { n: 2, h: 4, w: 6, c: 3, kh: 2, kw: 2, stride: [2, 2], same: false }],
    ['3x3, stride 2, same', { n: 1, h: 5, w: 6, c: 2, kh: 3, kw: 3, stride: [2, 2], same: true }],
    ['2x3, stride 1, valid', { n: 1, h: 4, w: 5, c: 1, kh: 2, kw: 3, stride: [1, 1], same: false }],
  ] as [string, Geometry][])('%s equals a direct max', (_name, g) => {
    // Negative values, so a zero-padded border would win and be caught.
    const x = smoothValues([g.n, g.h, g.w, g.c], { lo: -3, hi: -1, seed: 8 });
    const y = nn.maxPool(x, [g.kh, g.kw], g.stride, g.same ? 'same' : 'valid');
    expectValues(y.dataSync(), maxPoolRef(x.dataSync(), g));
  });
});

describeEachBackend('conv2d and maxPool: gradients', () => {
  test.each(CONV_CASES.slice(0, 6))('conv2d, %s: d/dx and d/dfilter', (_name, g, oc) => {
    const small = { ...g, n: 1 };
    const x = smoothValues([small.n, g.h, g.w, g.c], { seed: 11 });
    const f = smoothValues([g.kh, g.kw, g.c, oc], { seed: 12 });
    gradCheck(
      (a, b) => nn.conv2d(a, b, g.stride, g.same ? 'same' : 'valid', 'NHWC', g.dil ?? 1),
      [x, f],
    );
  });

  test.each([
    ['2x2 stride 2 valid', [2, 2], [2, 2], 'valid'],
    ['3x3 stride 2 same', [3, 3], [2, 2], 'same'],
    ['overlapping 3x3 stride 1', [3, 3], [1, 1], 'valid'],
  ] as [string, [number, number], [number, number], nn.ConvPadding][])(
    'maxPool %s: d/dx',
    (_name, win, strides, padding) => {
      gradCheck((a) => nn.maxPool(a, win, strides, padding), [distinct([2, 5, 5, 2], 13)]);
    },
  );

  test('on ties the whole gradient goes to the first maximum of the window (as TF)', () => {
    // Two 2x2 windows, each four equal values: the first of each (row-major) gets it all.
    const x = nn.tensor([1, 1, 3, 3, 1, 1, 3, 3], [1, 2, 4, 1]);
    const g = nn.grad((a: nn.Tensor) => nn.sum(nn.maxPool(a, 2, 2)))(x);
    expect(Array.from(g.dataSync())).toEqual([1, 0, 1, 0, 0, 0, 0, 0]);
    // Without ties, the maximum's position: window 1's 2 at (1,1), window 2's 2 at (1,2).
    const y = nn.tensor([1, 1, 1, 1, 0, 2, 2, 0], [1, 2, 4, 1]);
    const gy = nn.grad((a: nn.Tensor) => nn.sum(nn.maxPool(a, 2, 2)))(y);
    expect(Array.from(gy.dataSync())).toEqual([0, 0, 0, 0, 0, 1, 1, 0]);
  });
});

test('outside tidy, only the output stays', () => {
  const x = nn.randomNormal([2, 9, 9, 2], 0, 1, 'float32', 1);
  const f = nn.randomNormal([3, 3, 2, 4], 0, 1, 'float32', 2);
  const before = nn.memory();
  const y = nn.conv2d(x, f, 2, 'same');
  const p = nn.maxPool(x, 3, 2, 'same');
  const after = nn.memory();
  expect(after.numTensors - before.numTensors).toBe(2);
  expect(after.numBytes - before.numBytes).toBe(4 * (y.size + p.size));
  nn.dispose([x, f, y, p]);
});

test('maxPool keeps int32 (padding never wins); empty sides give empty outputs', () => {
  const x = nn.tensor([-5, -7, -1, -9, -2, -3], [1, 2, 3, 1], 'int32');
  const y = nn.maxPool(x, 2, 2, 'same');
  expect(y.dtype).toBe('int32');
  expect(Array.from(y.dataSync())).toEqual([-2, -1]);
  expect(nn.conv2d(nn.zeros([1, 0, 4, 1]), nn.ones([2, 2, 1, 1]), 1, 'same').shape).toEqual([
    1, 0, 4, 1,
  ]);
  expect(nn.maxPool(nn.zeros([0, 4, 4, 3]), 2, 2).shape).toEqual([0, 2, 2, 3]);
});

test('bad input names the op and what was expected', () => {
  expect(() => nn.conv2d(nn.zeros([1, 5, 5, 3]), nn.zeros([3, 3, 2, 4]))).toThrow(
    'conv2d: the input has 3 channels but the filter expects 2: [1,5,5,3] with filter [3,3,2,4]',
  );
  expect(() => nn.conv2d(nn.zeros([5, 5]), nn.zeros([3, 3, 1, 1]))).toThrow(
    /conv2d: expected images of shape \[batch, height, width, channels\].*received \[5,5\]/,
  );
  expect(() => nn.conv2d(nn.zeros([1, 2, 2, 1]), nn.zeros([3, 3, 1, 1]))).toThrow(
    "conv2d: the input [1,2,2,1] (with filter [3,3,1,1]) is smaller than its 3x3 window with padding 'valid'; pad the input or use padding 'same'",
  );
  expect(() => nn.maxPool(nn.zeros([1, 5, 1, 2]), 2, 2)).toThrow(
    "maxPool: the input [1,5,1,2] (with a 2x2 pool) is smaller than its 2x2 window with padding 'valid'",
  );
  expect(() => nn.conv2d(nn.zeros([1, 5, 5, 1]), nn.zeros([3, 3, 1, 1], 'int32'))).toThrow(
    'conv2d: expected a float32 filter, received int32',
  );
  expect(() => nn.conv2d(nn.zeros([1, 5, 5, 1], 'int32'), nn.zeros([3, 3, 1, 1]))).toThrow(
    'conv2d: expected float32 images, received int32',
  );
  expect(() =>
    nn.conv2d(nn.zeros([1, 5, 5, 1]), nn.zeros([3, 3, 1, 1]), 1, 'full' as nn.ConvPadding),
  ).toThrow("conv2d: padding must be 'valid' or 'same', received 'full'");
  expect(() => nn.maxPool(nn.zeros([1, 4, 4, 1]), 0, 1)).toThrow(
    'maxPool: filterSize must be a positive integer or a pair of them, received 0',
  );
});

describeEachBackend('too large a result fails before any work, using no memory', () => {
  // (Neither op makes a whole window matrix: the kernels go through it a block at a time.
  // maxPool's output is never larger than its input.)
  test('conv2d: AllocationError naming the op, at once', () => {
    const x = nn.zeros([1, 1000, 1000, 1]); // 4 MB
    const wide = nn.zeros([1, 1, 1, 2000]); // output [1,1000,1000,2000]: 8 GB
    const before = nn.memory();
    const t0 = performance.now();
    expect(() => nn.conv2d(x, wide, 1, 'same')).toThrow(nn.AllocationError);
    expect(() => nn.conv2d(x, wide, 1, 'same')).toThrow(
      /^conv2d: output of shape \[1,1000,1000,2000\]/,
    );
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(nn.memory()).toEqual(before);
    nn.dispose([x, wide]);
  });
});
