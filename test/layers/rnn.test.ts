import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';
import { compareWithReference, describeOpts, OPTION_SETS } from './rnn-harness.js';
import { describeEachBackend } from '../helpers/each-backend.js';

describeEachBackend('simpleRNN against a float64 implementation of Keras 3', () => {
  for (const opts of OPTION_SETS) {
    test(describeOpts(opts), () => {
      compareWithReference('simple', (o) => nn.layers.simpleRNN({ units: 3, ...o }), 3, opts);
    });
  }
});

describe('recurrent layers: states, dropout, masks in models', () => {
  test('simpleRNN: parameter count, gradient check, round trip', () => {
    const l = nn.layers.simpleRNN({ units: 4, inputShape: [6, 3] });
    nn.sequential({ layers: [l] });
    expect(l.countParams()).toBe(4 * (3 + 4) + 4);
    layerGradCheck(
      nn.layers.simpleRNN({ units: 2 }),
      nn.randomNormal([2, 3, 2], 0, 1, 'float32', 6),
    );
    const c = nn.layers.serialize(l);
    expect(c.className).toBe('SimpleRNN');
    expect(nn.layers.deserializeLayer(c).getConfig()).toEqual(l.getConfig());
  });

  test('returnState gives [output, h] (LSTM [output, h, c]) with shapes known symbolically', () => {
    const inp = nn.input({ shape: [4, 3] });
    const outs = nn.layers
      .lstm({ units: 2, returnState: true, returnSequences: true })
      .apply([inp]);
    expect((outs as nn.SymbolicTensor[]).map((t) => t.shape)).toEqual([
      [null, 4, 2],
      [null, 2],
      [null, 2],
    ]);
    const ys = nn.layers
      .gru({ units: 2, returnState: true })
      .apply([nn.ones([1, 4, 3])]) as nn.Tensor[];
    expect(ys.length).toBe(2);
    expect(ys[0]!.arraySync()).toEqual(ys[1]!.arraySync());
  });

  test('stateful: the next batch starts from the last state; resetStates clears it', () => {
    const x = nn.randomNormal([2, 3, 2], 0, 1, 'float32', 8);
    const full = nn.concat([x, x], 1);
    const l = nn.layers.gru({ units: 3, stateful: true, seed: 1 });
    l.apply(x);
    l.resetStates();
    l.apply(x);
    const second = l.apply(x);
    const plain = nn.layers.gru({ units: 3 });
    plain.apply(x);
    plain.setWeights(l.getWeights());
    const whole = plain.apply(full);
    expect(Math.max(...[...nn.sub(second, whole).abs().dataSync()])).toBeLessThan(1e-6);
    l.resetStates();
    expect(l.states).toBeNull();
    expect(() => l.apply(nn.ones([2, 3, 2])) && l.apply(nn.ones([3, 3, 2]))).toThrow(
      /stateful layer got a batch of 3, its state holds 2; call resetStates\(\) first/,
    );
  });

  test('dropout and recurrentDropout act only in training and are seeded', () => {
    const x = nn.randomNormal([4, 5, 3], 0, 1, 'float32', 9);
    const a = nn.layers.lstm({ units: 3, dropout: 0.5, recurrentDropout: 0.5, seed: 3 });
    const y0 = a.apply(x);
    const y1 = a.apply(x, { training: true });
    expect(a.apply(x).arraySync()).toEqual(y0.arraySync());
    expect(y1.arraySync()).not.toEqual(y0.arraySync());
    // Each training call draws new masks (the stream advances, as Keras's seed generator).
    const y2 = a.apply(x, { training: true });
    expect(y2.arraySync()).not.toEqual(y1.arraySync());
    const b = nn.layers.lstm({ units: 3, dropout: 0.5, recurrentDropout: 0.5, seed: 3 });
    b.apply(x);
    b.setWeights(a.getWeights());
    expect(b.apply(x, { training: true }).arraySync()).toEqual(y1.arraySync());
  });

  test('masks flow in Sequential and Functional models: padded steps change nothing', () => {
    const ids = nn.tensor([
      [4, 2, 7, 0, 0],
      [3, 0, 0, 0, 0],
    ]);
    const trimmed = [nn.tensor([[4, 2, 7]]), nn.tensor([[3]])];
    const emb = nn.layers.embedding({ inputDim: 10, outputDim: 3, maskZero: true });
    const rnn = nn.layers.lstm({ units: 2 });
    const seq = nn.sequential({ layers: [emb, rnn] });
    const y = seq.predict(ids);
    const inp = nn.input({ shape: [null], dtype: 'int32' });
    const fn = nn.model({ inputs: inp, outputs: rnn.apply(emb.apply(inp)) });
    const yf = fn.predict(ids);
    trimmed.forEach((t, b) => {
      const want = [...rnn.apply(emb.apply(t)).dataSync()];
      const got = [...y.dataSync()].slice(b * 2, b * 2 + 2);
      const gotF = [...yf.dataSync()].slice(b * 2, b * 2 + 2);
      want.forEach((v, i) => {
        expect(got[i]).toBeCloseTo(v, 6);
        expect(gotF[i]).toBeCloseTo(v, 6);
      });
    });
    // Without maskZero the padding changes the result.
    const noMask = nn.sequential({
      layers: [nn.layers.embedding({ inputDim: 10, outputDim: 3 }), nn.layers.lstm({ units: 2 })],
    });
    noMask.build([null, 5]);
    noMask.setWeights(seq.getWeights());
    expect(noMask.predict(ids).arraySync()).not.toEqual(y.arraySync());
    // An explicit mask in apply overrides the attached one.
    const e = emb.apply(ids);
    const all = nn.ones([2, 5], 'bool');
    const viaOption = rnn.apply(e, { mask: all });
    expect(viaOption.arraySync()).toEqual(noMask.predict(ids).arraySync());
  });

  test('a stacked recurrent layer gets no mask, as in Keras 3 (RNNs do not pass masks on)', () => {
    const emb = nn.layers.embedding({ inputDim: 5, outputDim: 2, maskZero: true });
    const first = nn.layers.lstm({ units: 2, returnSequences: true });
    const y = first.apply(emb.apply(nn.tensor([[1, 2, 0]])));
    expect(nn.layers.getMask(y)).toBeNull();
  });

  test('bad masks and inputs are named', () => {
    const l = nn.layers.gru({ units: 2, name: 'g' });
    expect(() => l.apply(nn.ones([2, 3, 1]), { mask: nn.ones([2, 4], 'bool') })).toThrow(
      "GRU 'g': the mask must have shape [2,3], received [2,4]",
    );
    expect(() => l.apply(nn.ones([2, 3, 5]))).toThrow(
      "GRU 'g': expected input of shape [batch, time, 1], received [2,3,5]",
    );
  });
});
