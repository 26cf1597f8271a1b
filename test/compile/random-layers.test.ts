/**
 * Layers that draw random numbers in training (gaussianNoise, spatialDropout1d, the
 * recurrent layers' dropout and recurrent dropout, multiHeadAttention's dropout) draw them
 * through hostRandom, so a compiled step draws fresh ones at every replay, in eager's
 * order: compiled training equals eager bit for bit and never falls back.
 */
import { test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend } from '../helpers/each-backend.js';
import { adamSparse, expectSame, labels } from './helpers.js';

const sequences = () => nn.randomUniform([48, 5, 3]);

describeEachBackend('random layers compile', () => {
  test('gaussianNoise, spatialDropout1d and an LSTM with both dropouts', async () => {
    await expectSame({
      build: () =>
        nn.sequential({
          layers: [
            nn.layers.gaussianNoise({ stddev: 0.1, inputShape: [5, 3] }),
            nn.layers.spatialDropout1d({ rate: 0.2 }),
            nn.layers.lstm({ units: 4, dropout: 0.2, recurrentDropout: 0.1 }),
            nn.layers.dense({ units: 3, activation: 'softmax' }),
          ],
        }),
      compile: adamSparse,
      x: sequences,
      y: labels(48, 3),
      fit: { epochs: 2, batchSize: 8 },
    });
  });

  test('multiHeadAttention with dropout (self-attention)', async () => {
    await expectSame({
      build: () => {
        const x = nn.input({ shape: [5, 3] });
        const mha = nn.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, dropout: 0.3 });
        const h = mha.apply([x, x]) as nn.SymbolicTensor;
        const out = nn.layers
          .dense({ units: 3, activation: 'softmax' })
          .apply(nn.layers.flatten().apply(h));
        return nn.model({ inputs: x, outputs: out });
      },
      compile: adamSparse,
      x: sequences,
      y: labels(48, 3),
      fit: { epochs: 2, batchSize: 8 },
    });
  });
});
