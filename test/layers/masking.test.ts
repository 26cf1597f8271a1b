import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';

describe('masking', () => {
  test('zeroes the steps equal to maskValue everywhere and attaches any(x != maskValue)', () => {
    const m = nn.layers.masking({ maskValue: -1 });
    const x = nn.tensor([
      [
        [1, -1],
        [-1, -1],
        [0, 2],
      ],
    ]);
    const y = m.apply(x);
    // (JSON turns the -0 of -1·0 into 0.)
    expect(JSON.parse(JSON.stringify(y.arraySync()))).toEqual([
      [
        [1, -1],
        [0, 0],
        [0, 2],
      ],
    ]);
    expect(nn.layers.getMask(y)!.arraySync()).toEqual([[true, false, true]]);
  });

  test('the mask reaches a following lstm: masked steps are skipped', () => {
    const x = nn.randomNormal([1, 4, 2], 0, 1, 'float32', 3);
    const padded = nn.concat([x, nn.zeros([1, 2, 2])], 1);
    const lstm = nn.layers.lstm({ units: 3 });
    const model = nn.sequential({ layers: [nn.layers.masking({ inputShape: [6, 2] }), lstm] });
    const y = model.predict(padded);
    const direct = lstm.apply(x);
    [...direct.dataSync()].forEach((v, i) => expect(y.dataSync()[i]).toBeCloseTo(v, 6));
  });

  test('gradient check, round trip, errors', () => {
    layerGradCheck(nn.layers.masking(), nn.randomNormal([2, 3, 2], 0, 1, 'float32', 4));
    const m = nn.layers.masking({ maskValue: 2 });
    expect(nn.layers.deserializeLayer(nn.layers.serialize(m)).getConfig()).toEqual(m.getConfig());
    expect(() => nn.layers.masking({ maskValue: 'a' as never })).toThrow(
      /Masking: maskValue must be a number/,
    );
    expect(() => nn.layers.masking({ name: 'mk' }).apply(nn.ones([2, 3]))).toThrow(
      "Masking 'mk': expected input of shape [batch, time, features], received [2,3]",
    );
  });
});
