/**
 * SpatialDropout1D/2D, GaussianNoise and ActivityRegularization: identities at inference,
 * their training behaviour (whole channels dropped; noise of the asked spread, seeded), the
 * loss ActivityRegularization adds (as Keras: penalty / batch size), gradients, configs; and a
 * Keras-written model using all four that loads and predicts as Keras did.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend } from '../helpers/each-backend.js';
import { gradCheck } from '../helpers/grad-check.js';
import { layerGradCheck } from './layer-grad-check.js';

const vals = (t: nn.Tensor): number[] => [...(t.dataSync() as Float32Array)];

describeEachBackend('spatial dropout', () => {
  test('1D drops whole channels per sample, scaled by 1/(1 − rate); identity at inference', () => {
    const d = nn.layers.spatialDropout1d({ rate: 0.5, seed: 1 });
    const x = nn.ones([4, 6, 20]);
    expect(vals(d.apply(x))).toEqual(vals(x));
    const y = d.apply(x, { training: true }).arraySync() as number[][][];
    let dropped = 0;
    for (const sample of y)
      for (let c = 0; c < 20; c++) {
        const col = sample.map((row) => row[c]!);
        expect(new Set(col).size).toBe(1); // the whole channel shares one mask value
        expect([0, 2]).toContain(col[0]);
        if (col[0] === 0) dropped++;
      }
    expect(dropped / 80).toBeGreaterThan(0.3);
    expect(dropped / 80).toBeLessThan(0.7);
  });
  test('2D channels last and first; seeded masks repeat; gradient in training', () => {
    const x = nn.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 1);
    const last = nn.layers.spatialDropout2d({ rate: 0.5, seed: 7 });
    const y = last.apply(x, { training: true }).arraySync() as number[][][][];
    const xv = x.arraySync() as number[][][][];
    for (let b = 0; b < 2; b++)
      for (let c = 0; c < 4; c++) {
        const ratio = new Set<number>();
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 3; j++)
            ratio.add(+(y[b]![i]![j]![c]! / xv[b]![i]![j]![c]!).toFixed(4));
        expect(ratio.size).toBe(1);
      }
    const first = nn.layers.spatialDropout2d({ rate: 0.5, seed: 7, dataFormat: 'channels_first' });
    const z = first.apply(nn.ones([2, 4, 3, 3]), { training: true }).arraySync() as number[][][][];
    for (const s of z) for (const ch of s) expect(new Set(ch.flat()).size).toBe(1);
    const again = nn.layers.spatialDropout2d({ rate: 0.5, seed: 7 }).apply(x, { training: true });
    expect((again.arraySync() as number[][][][]).flat(3)).toEqual(y.flat(3));
    gradCheck(
      (t) => nn.layers.spatialDropout2d({ rate: 0.4, seed: 5 }).apply(t, { training: true }),
      [x],
    );
    expect(() => nn.layers.spatialDropout1d({ rate: 1 })).toThrow(
      /rate must be a number in \[0, 1\), received 1/,
    );
    expect(() =>
      nn.layers.spatialDropout2d({ rate: 0.1, name: 'sd' }).apply(nn.ones([2, 3])),
    ).toThrow("SpatialDropout2D 'sd': expected inputs of rank 4, received [2,3]");
    expect(() =>
      nn.layers.spatialDropout2d({ rate: 0.1, dataFormat: 'nchw' as 'channels_first' }),
    ).toThrow(/dataFormat/);
  });
});

describeEachBackend('gaussianNoise', () => {
  test('adds N(0, stddev²) in training only; seeded; gradient 1', () => {
    const g = nn.layers.gaussianNoise({ stddev: 0.5, seed: 3 });
    const x = nn.fill([100, 100], 2);
    expect(vals(g.apply(x))).toEqual(vals(x));
    const y = vals(g.apply(x, { training: true })).map((v) => v - 2);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(sd - 0.5)).toBeLessThan(0.02);
    const a = nn.layers.gaussianNoise({ stddev: 0.5, seed: 9 }).apply(x, { training: true });
    const b = nn.layers.gaussianNoise({ stddev: 0.5, seed: 9 }).apply(x, { training: true });
    expect(vals(a)).toEqual(vals(b));
    // A fresh layer with the same seed draws the same noise on every pass.
    gradCheck(
      (t) => nn.layers.gaussianNoise({ stddev: 0.2, seed: 1 }).apply(t, { training: true }),
      [nn.randomNormal([2, 3], 0, 1, 'float32', 2)],
    );
    expect(() => nn.layers.gaussianNoise({ stddev: 2 })).toThrow(
      /stddev must be a number in \[0, 1\], received 2/,
    );
  });
});

describeEachBackend('activityRegularization', () => {
  test('passes its input through and adds (l1·Σ|x| + l2·Σx²)/batch to the losses', () => {
    const r = nn.layers.activityRegularization({ l1: 0.1, l2: 0.01 });
    const x = nn.tensor([
      [1, -2],
      [3, 4],
    ]);
    expect(vals(r.apply(x))).toEqual([1, -2, 3, 4]);
    expect(r.losses.length).toBe(1);
    expect(r.losses[0]!.dataSync()[0]).toBeCloseTo((0.1 * 10 + 0.01 * 30) / 2, 5);
    layerGradCheck(
      nn.layers.activityRegularization({ l1: 0.1 }),
      nn.randomNormal([2, 3], 0, 1, 'float32', 4),
    );
    expect(() => nn.layers.activityRegularization({ l1: -1 })).toThrow(
      /l1 must be a finite number >= 0, received -1/,
    );
  });
  test('the model loss includes it', async () => {
    const model = nn.sequential({
      layers: [
        nn.layers.dense({ units: 2, inputShape: [2], kernelInitializer: 'ones' }),
        nn.layers.activityRegularization({ l2: 1 }),
      ],
    });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const x = nn.tensor([[1, 1]]);
    const logs = await model.evaluate(x, nn.tensor([[2, 2]]), { verbose: 0 });
    // Dense gives [2, 2]: the MSE is 0, the penalty Σx²/batch = 8.
    expect(logs.loss).toBeCloseTo(8, 4);
  });
});

describe('configs and a Keras-written model', () => {
  test('round trips', () => {
    for (const l of [
      nn.layers.spatialDropout1d({ rate: 0.3, seed: 2 }),
      nn.layers.spatialDropout2d({ rate: 0.3, dataFormat: 'channels_first' }),
      nn.layers.gaussianNoise({ stddev: 0.1, seed: 4 }),
      nn.layers.activityRegularization({ l1: 0.5 }),
    ]) {
      const again = nn.layers.deserializeLayer(nn.layers.serialize(l));
      expect(again.className).toBe(l.className);
      expect(again.getConfig()).toEqual(l.getConfig());
    }
  });
  test('GaussianNoise, SpatialDropout1D/2D, ActivityRegularization: Keras 3 file predicts as Keras', async () => {
    const fx = JSON.parse(readFileSync('test/fixtures/keras-made/misc/noise.json', 'utf8')) as {
      inputs: number[][][][];
      outputs: number[][][];
    };
    const model = await nn.loadModel('test/fixtures/keras-made/misc/noise.keras');
    expect(model.layers.map((l) => l.className)).toEqual(
      expect.arrayContaining([
        'GaussianNoise',
        'SpatialDropout1D',
        'SpatialDropout2D',
        'ActivityRegularization',
      ]),
    );
    const y = model.predict(nn.tensor(fx.inputs[0]!));
    const want = fx.outputs[0]!.flat();
    vals(y).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
  });
});
