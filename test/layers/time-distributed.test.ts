import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';

describe('timeDistributed', () => {
  test('applies the same dense layer to every step', () => {
    const dense = nn.layers.dense({ units: 2 });
    const td = nn.layers.timeDistributed({ layer: dense });
    const x = nn.randomNormal([3, 4, 5], 0, 1, 'float32', 2);
    const y = td.apply(x);
    expect(y.shape).toEqual([3, 4, 2]);
    const per = nn.unstack(x, 1).map((s) => dense.apply(s));
    const want = [...nn.stack(per, 1).dataSync()];
    [...y.dataSync()].forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    expect(td.countParams()).toBe(12);
    expect(td.trainableWeights).toEqual(dense.trainableWeights);
    expect(td.computeOutputShape([null, 7, 5])).toEqual([null, 7, 2]);
  });

  test('gradient check, round trip, errors', () => {
    layerGradCheck(
      nn.layers.timeDistributed({ layer: nn.layers.dense({ units: 2, activation: 'tanh' }) }),
      nn.randomNormal([2, 3, 2], 0, 1, 'float32', 3),
    );
    const td = nn.layers.timeDistributed({ layer: nn.layers.dense({ units: 3 }) });
    const back = nn.layers.deserializeLayer(
      JSON.parse(JSON.stringify(nn.layers.serialize(td))) as nn.layers.SerializedLayer,
    );
    expect(back.getConfig()).toEqual(td.getConfig());
    expect(() => nn.layers.timeDistributed({ layer: 3 as never })).toThrow(
      /TimeDistributed: layer must be a layer/,
    );
    expect(() =>
      nn.layers
        .timeDistributed({ layer: nn.layers.dense({ units: 1 }), name: 'tdx' })
        .apply(nn.ones([2, 3])),
    ).toThrow("TimeDistributed 'tdx': expected input of shape [batch, time, ...], received [2,3]");
  });
});
