/**
 * The recurrent layers against real Keras 3 (test/fixtures/keras-made/rnn, made by
 * scripts/keras_make_rnn.py): the same architecture built in Neurite with Keras's weights
 * gives Keras's outputs (masks from Embedding(mask_zero) and Masking, go_backwards,
 * Bidirectional merge modes, TimeDistributed, GRU with and without reset_after).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

const DIR = 'test/fixtures/keras-made/rnn';
interface Fixture {
  inputs: number[][][] | number[][][][];
  outputs: number[][][];
  weights: Record<string, number[][] | number[][][]>;
}
const load = (name: string): Fixture =>
  JSON.parse(readFileSync(`${DIR}/${name}.json`, 'utf8')) as Fixture;

function setWeights(model: nn.Model, fx: Fixture): void {
  for (const [name, ws] of Object.entries(fx.weights)) {
    const layer = model.getLayer(name);
    const shapes = layer.weights.map((v) => v.shape);
    layer.setWeights(ws.map((w, i) => nn.tensor(w.flat<unknown[], 3>(3) as number[], shapes[i])));
  }
}

function maxDiff(a: nn.Tensor, b: unknown[]): number {
  const x = a.dataSync();
  const y = b.flat(3) as number[];
  expect(x.length).toBe(y.length);
  return Math.max(...y.map((v, i) => Math.abs(v - x[i]!)));
}

describe('recurrent layers against Keras 3', () => {
  test('embedding(maskZero) → lstm / gru(goBackwards) / bidirectional(simpleRNN, gru resetAfter=false) / lstm(goBackwards)', () => {
    const fx = load('rnn_masked');
    const L = nn.layers;
    const ids = nn.input({ shape: [6], dtype: 'int32', name: 'ids' });
    const e = L.embedding({ inputDim: 20, outputDim: 4, maskZero: true, name: 'emb' }).apply(ids);
    let a = L.lstm({ units: 5, returnSequences: true, name: 'lstm' }).apply(e);
    a = L.gru({ units: 3, goBackwards: true, name: 'gru_back' }).apply(a);
    let b = L.bidirectional({
      layer: L.simpleRNN({ units: 3, returnSequences: true }),
      name: 'bi_rnn',
    }).apply(e);
    b = L.bidirectional({
      layer: L.gru({ units: 2, resetAfter: false }),
      mergeMode: 'sum',
      name: 'bi_gru',
    }).apply(b);
    const c = L.lstm({ units: 2, goBackwards: true, name: 'lstm_back' }).apply(e);
    const cat = L.concatenate({ name: 'cat' }).apply([a, b, c]) as nn.SymbolicTensor;
    const out = L.dense({ units: 2, name: 'head' }).apply(cat);
    const model = nn.model({ inputs: ids, outputs: out });
    setWeights(model, fx);
    const x = nn.tensor(fx.inputs[0] as number[][], undefined, 'int32');
    const y = model.predict(x);
    expect(maxDiff(y, fx.outputs[0]!)).toBeLessThan(1e-5);
  });

  test('masking → lstm(goBackwards) → timeDistributed(dense) → gru → bidirectional(lstm, ave) → simpleRNN(relu)', () => {
    const fx = load('rnn_sequence');
    const L = nn.layers;
    const model = nn.sequential({
      layers: [
        L.masking({ maskValue: 0, inputShape: [5, 3], name: 'mask' }),
        L.lstm({ units: 4, returnSequences: true, goBackwards: true, name: 'lstm' }),
        L.timeDistributed({ layer: L.dense({ units: 3, activation: 'tanh' }), name: 'td' }),
        L.gru({ units: 3, returnSequences: true, name: 'gru' }),
        L.bidirectional({
          layer: L.lstm({ units: 2, returnSequences: true }),
          mergeMode: 'ave',
          name: 'bi',
        }),
        L.simpleRNN({ units: 2, activation: 'relu', name: 'rnn' }),
      ],
    });
    setWeights(model, fx);
    const x = nn.tensor(fx.inputs[0] as number[][][]);
    const y = model.predict(x);
    expect(maxDiff(y, fx.outputs[0]!)).toBeLessThan(1e-5);
  });
});
