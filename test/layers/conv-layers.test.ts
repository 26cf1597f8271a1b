import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';

describe('conv2d', () => {
  test('shapes for valid and same padding, strides and dilation; Keras defaults', () => {
    const c = nn.layers.conv2d({ filters: 4, kernelSize: 3 });
    expect(c.apply(nn.ones([2, 8, 7, 3])).shape).toEqual([2, 6, 5, 4]);
    expect(c.kernel!.shape).toEqual([3, 3, 3, 4]);
    expect(c.bias!.shape).toEqual([4]);
    expect(Array.from(c.bias!.dataSync())).toEqual([0, 0, 0, 0]);
    expect(c.getConfig()).toMatchObject({
      strides: [1, 1],
      padding: 'valid',
      dilationRate: [1, 1],
      activation: 'linear',
      useBias: true,
      kernelInitializer: { className: 'GlorotUniform' },
    });
    const same = nn.layers.conv2d({ filters: 2, kernelSize: [3, 2], strides: 2, padding: 'same' });
    expect(same.computeOutputShape([null, 7, 8, 1])).toEqual([null, 4, 4, 2]);
    expect(same.apply(nn.ones([1, 7, 8, 1])).shape).toEqual([1, 4, 4, 2]);
    const dil = nn.layers.conv2d({ filters: 1, kernelSize: 3, dilationRate: 2 });
    expect(dil.computeOutputShape([null, 9, 9, 2])).toEqual([null, 5, 5, 1]);
  });

  test('gradient check with respect to the input, the kernel and the bias', () => {
    const c = nn.layers.conv2d({ filters: 3, kernelSize: 2, padding: 'same', activation: 'tanh' });
    layerGradCheck(c, nn.randomNormal([2, 4, 3, 2], 0, 1, 'float32', 1));
    const s = nn.layers.conv2d({ filters: 2, kernelSize: [3, 2], strides: [2, 1] });
    layerGradCheck(s, nn.randomNormal([1, 6, 5, 2], 0, 1, 'float32', 2));
  });

  test('bad configuration and input say what to do', () => {
    expect(() => nn.layers.conv2d({ filters: 0, kernelSize: 3, name: 'c0' })).toThrow(
      "Conv2D 'c0': filters must be a positive integer, received 0",
    );
    expect(() => nn.layers.conv2d({ filters: 2, kernelSize: [3, 0], name: 'c1' })).toThrow(
      "Conv2D 'c1': kernelSize must be a positive integer or a pair of them, received [3,0]",
    );
    expect(() =>
      nn.layers.conv2d({
        filters: 2,
        kernelSize: 3,
        dataFormat: 'channels_first' as 'channels_last',
        name: 'c2',
      }),
    ).toThrow(/Conv2D 'c2': dataFormat must be 'channels_last'/);
    const c = nn.layers.conv2d({ filters: 2, kernelSize: 3, name: 'c3' });
    expect(() => c.apply(nn.ones([2, 28, 28]))).toThrow(
      "Conv2D 'c3': expected input of shape [batch, height, width, channels] with known channels, received [2,28,28]",
    );
    // Keras refuses a window larger than the input when the model is built.
    expect(() =>
      nn.sequential({
        layers: [
          nn.layers.conv2d({ filters: 2, kernelSize: 5, inputShape: [28, 28, 1] }),
          nn.layers.maxPooling2d({ poolSize: 2 }),
          nn.layers.conv2d({ filters: 2, kernelSize: 15, name: 'too_big' }),
        ],
      }),
    ).toThrow(
      "Conv2D 'too_big': the input [null,12,12,2] is smaller than its 15x15 window with padding 'valid'; pad the input or use padding 'same'",
    );
    c.apply(nn.ones([1, 5, 5, 3]));
    expect(() => c.apply(nn.ones([1, 5, 5, 1]))).toThrow(
      "Conv2D 'c3': expected input of shape [batch, height, width, 3], received [1,5,5,1]",
    );
  });
});

describe('maxPooling2d and zeroPadding2d', () => {
  test('maxPooling2d: Keras defaults (2x2, strides = pool size, valid), values, gradient', () => {
    const p = nn.layers.maxPooling2d();
    const x = nn.tensor([1, 5, 2, 0, 3, 4, 8, 7, 0, 0, 1, 1, 6, 2, 1, 9], [1, 4, 4, 1]);
    expect(Array.from(p.apply(x).dataSync())).toEqual([5, 8, 6, 9]);
    expect(p.computeOutputShape([null, 28, 28, 6])).toEqual([null, 14, 14, 6]);
    const q = nn.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' });
    expect(q.computeOutputShape([null, 7, 7, 2])).toEqual([null, 4, 4, 2]);
    // Distinct values, so no window has a tie within the finite difference's reach.
    const v = Array.from({ length: 2 * 5 * 5 * 2 }, (_, i) => ((i * 37) % 100) * 0.05);
    layerGradCheck(q, nn.tensor(v, [2, 5, 5, 2]));
  });

  test('zeroPadding2d: the three ways to give padding, values, gradient', () => {
    const x = nn.ones([1, 2, 2, 1]);
    const one = nn.layers.zeroPadding2d();
    expect(one.apply(x).shape).toEqual([1, 4, 4, 1]);
    expect(nn.layers.zeroPadding2d({ padding: [1, 2] }).apply(x).shape).toEqual([1, 4, 6, 1]);
    const asym = nn.layers.zeroPadding2d({
      padding: [
        [0, 1],
        [2, 0],
      ],
    });
    expect(asym.apply(x).arraySync()).toEqual([
      [
        [[0], [0], [1], [1]],
        [[0], [0], [1], [1]],
        [[0], [0], [0], [0]],
      ],
    ]);
    expect(asym.computeOutputShape([null, 28, 28, 1])).toEqual([null, 29, 30, 1]);
    layerGradCheck(asym, nn.randomNormal([2, 3, 2, 2], 0, 1, 'float32', 3));
    expect(() => nn.layers.zeroPadding2d({ padding: -1, name: 'zp' })).toThrow(
      "ZeroPadding2D 'zp': padding must be a non-negative integer, [rows, cols] or [[top, bottom], [left, right]], received -1",
    );
  });

  test('a LeNet summary counts what Keras counts', () => {
    const lenet = nn.sequential({
      layers: [
        nn.layers.zeroPadding2d({ padding: 2, inputShape: [28, 28, 1] }),
        nn.layers.conv2d({ filters: 6, kernelSize: 5, activation: 'relu' }),
        nn.layers.maxPooling2d(),
        nn.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }),
        nn.layers.maxPooling2d(),
        nn.layers.flatten(),
        nn.layers.dense({ units: 120, activation: 'relu' }),
        nn.layers.dense({ units: 84, activation: 'relu' }),
        nn.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    // 5·5·1·6+6, 5·5·6·16+16, 400·120+120, 120·84+84, 84·10+10.
    expect(lenet.countParams()).toBe(156 + 2416 + 48120 + 10164 + 850);
    const lines: string[] = [];
    lenet.summary((l) => lines.push(l));
    const text = lines.join('\n');
    expect(text).toMatch(/zero_padding2d\S* +\(ZeroPadding2D\) +│ \(None, 32, 32, 1\)/);
    expect(text).toMatch(/conv2d\S* +\(Conv2D\) +│ \(None, 28, 28, 6\) +│ +156 │/);
    expect(text).toMatch(/max_pooling2d_?\d* +\(MaxPooling2D\) +│ \(None, 5, 5, 16\)/);
    expect(text).toMatch(/Total params: 61,706/);
  });

  test('a small CNN learns with fit', async () => {
    // Vertical vs horizontal bars in 6x6 images.
    nn.setSeed(3);
    const n = 64;
    const xs = new Float32Array(n * 36);
    const ys = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const vertical = i % 2;
      const at = (i >> 1) % 6;
      for (let k = 0; k < 6; k++) xs[i * 36 + (vertical ? k * 6 + at : at * 6 + k)] = 1;
      ys[i] = vertical;
    }
    const model = nn.sequential({
      layers: [
        nn.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 1] }),
        nn.layers.maxPooling2d(),
        nn.layers.flatten(),
        nn.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({
      optimizer: nn.optimizers.adam({ learningRate: 0.02 }),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const x = nn.tensor(xs, [n, 6, 6, 1]);
    const y = nn.tensor(ys, [n], 'int32');
    const h = await model.fit(x, y, { epochs: 40, batchSize: 16, verbose: 0 });
    expect(h.history.accuracy!.at(-1)).toBe(1);
  });
});
