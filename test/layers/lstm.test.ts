import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';
import { compareWithReference, describeOpts, OPTION_SETS } from './rnn-harness.js';
import { describeEachBackend } from '../helpers/each-backend.js';

describeEachBackend('lstm against a float64 implementation of Keras 3', () => {
  for (const opts of OPTION_SETS) {
    test(describeOpts(opts), () => {
      compareWithReference('lstm', (o) => nn.layers.lstm({ units: 3, ...o }), 3, opts);
    });
  }
});

describe('lstm', () => {
  test('parameter count as Keras: 4·(units·(in+units)+units); forget bias starts at 1', () => {
    const l = nn.layers.lstm({ units: 5, inputShape: [7, 3] });
    const m = nn.sequential({ layers: [l] });
    expect(m.countParams()).toBe(4 * (5 * (3 + 5) + 5));
    const b = [...l.bias!.dataSync()];
    expect(b).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, ...new Array<number>(10).fill(0)]);
    expect(l.weights.map((w) => w.name)).toEqual([
      `${l.name}/kernel`,
      `${l.name}/recurrent_kernel`,
      `${l.name}/bias`,
    ]);
    const lines: string[] = [];
    m.summary((s) => lines.push(s));
    expect(lines.join('\n')).toMatch(/LSTM\)\s+│ \(None, 5\)\s+│\s+180 │/);
  });

  test('gradient check (inputs and weights), with a mask and goBackwards', () => {
    const x = nn.randomNormal([2, 3, 2], 0, 1, 'float32', 4);
    layerGradCheck(nn.layers.lstm({ units: 2, returnSequences: true }), x);
    const l = nn.layers.lstm({ units: 2, goBackwards: true });
    const mask = nn.tensor(
      [
        [true, true, false],
        [true, false, false],
      ],
      undefined,
      'bool',
    );
    const apply = l.apply.bind(l);
    l.apply = ((t: nn.Tensor, o: nn.CallOptions = {}) =>
      apply(t, { ...o, mask })) as typeof l.apply;
    layerGradCheck(l, x);
  });

  test('config round trip (Keras 3 names) and clear errors', () => {
    const l = nn.layers.lstm({
      units: 4,
      returnSequences: true,
      unitForgetBias: false,
      dropout: 0.1,
    });
    const c = nn.layers.serialize(l);
    expect(c.className).toBe('LSTM');
    expect(c.config).toMatchObject({
      units: 4,
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      returnSequences: true,
      returnState: false,
      goBackwards: false,
      stateful: false,
      unitForgetBias: false,
      dropout: 0.1,
      recurrentDropout: 0,
    });
    const back = nn.layers.deserializeLayer(c);
    expect(back.getConfig()).toEqual(l.getConfig());
    expect(() => nn.layers.lstm({ units: 0 })).toThrow(/LSTM: units must be a positive integer/);
    expect(() => nn.layers.lstm({ units: 2, dropout: 1 })).toThrow(
      /dropout must be a number in \[0, 1\)/,
    );
    const bad = nn.layers.lstm({ units: 2, name: 'lstm_bad' });
    expect(() => bad.apply(nn.ones([2, 3]))).toThrow(
      "LSTM 'lstm_bad': expected input of shape [batch, time, features] with known features, received [2,3]",
    );
  });
});
