/** RepeatVector: values, shapes, gradient, config, errors. */
import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend } from '../helpers/each-backend.js';
import { layerGradCheck } from './layer-grad-check.js';

describeEachBackend('repeatVector', () => {
  test('[batch, f] → [batch, n, f], each row repeated', () => {
    const r = nn.layers.repeatVector({ n: 3 });
    const y = r.apply(
      nn.tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(y.arraySync()).toEqual([
      [
        [1, 2],
        [1, 2],
        [1, 2],
      ],
      [
        [3, 4],
        [3, 4],
        [3, 4],
      ],
    ]);
    expect(r.apply(nn.input({ shape: [5] })).shape).toEqual([null, 3, 5]);
    expect(nn.layers.repeatVector({ n: 4 }).getConfig()).toMatchObject({ n: 4 });
    layerGradCheck(nn.layers.repeatVector({ n: 2 }), nn.randomNormal([2, 3], 0, 1, 'float32', 1));
  });
  test('errors and round trip', () => {
    expect(() => nn.layers.repeatVector({ n: 0 })).toThrow(
      /n must be a positive integer, received 0/,
    );
    expect(() => nn.layers.repeatVector({ n: 2, name: 'rv' }).apply(nn.ones([2, 3, 4]))).toThrow(
      "RepeatVector 'rv': expected inputs [batch, features], received [2,3,4]",
    );
    const r = nn.layers.repeatVector({ n: 2 });
    expect(nn.layers.deserializeLayer(nn.layers.serialize(r)).getConfig()).toEqual(r.getConfig());
  });
});
