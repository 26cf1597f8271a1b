/**
 * A sequence regressor (issue 17): a `gru` reads a noisy window of a sine mixture and
 * predicts the dominant frequency, against a dense baseline on the same flattened window.
 * The phase is random, so the frequency is not a linear function of the samples: the dense
 * model stays near the variance of the target while the GRU learns it. (No `conv1d` in
 * front: that layer did not exist when this example was written.)
 *
 * Run: npx tsx examples/sequence-regressor.ts
 */
import { pathToFileURL } from 'node:url';
import * as nn from 'neurite';

const WINDOW = 24;

/** `n` windows of `a·sin(2π f t + φ) + 0.3·sin(2π·3f t + ψ) + noise`; targets f (scaled). */
export function sineWindows(n: number, seed: number): { x: nn.Tensor; y: nn.Tensor } {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const xs = new Float32Array(n * WINDOW);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const f = 0.02 + 0.08 * next();
    const phase = 2 * Math.PI * next();
    const phase3 = 2 * Math.PI * next();
    const amp = 0.7 + 0.6 * next();
    for (let t = 0; t < WINDOW; t++) {
      const noise = 0.1 * (next() + next() + next() - 1.5);
      xs[i * WINDOW + t] =
        amp * Math.sin(2 * Math.PI * f * t + phase) +
        0.3 * Math.sin(2 * Math.PI * 3 * f * t + phase3) +
        noise;
    }
    ys[i] = (f - 0.06) / 0.04; // about [-1, 1]
  }
  return { x: nn.tensor(xs, [n, WINDOW, 1]), y: nn.tensor(ys, [n, 1]) };
}

export interface SequenceRegressorResult {
  gruMse: number;
  denseMse: number;
  targetVariance: number;
}

export async function main({
  epochs = 15,
  log = console.log,
} = {}): Promise<SequenceRegressorResult> {
  nn.setSeed(3);
  const train = sineWindows(512, 1);
  const test = sineWindows(256, 2);
  const fitAndScore = async (model: nn.Sequential): Promise<number> => {
    model.compile({
      optimizer: nn.optimizers.adam({ learningRate: 0.01 }),
      loss: 'meanSquaredError',
    });
    await model.fit(train.x, train.y, { epochs, batchSize: 32, verbose: 0, shuffle: true });
    const p = model.predict(test.x);
    return nn.mean(nn.square(nn.sub(p, test.y))).dataSync()[0]!;
  };
  const gruMse = await fitAndScore(
    nn.sequential({
      layers: [
        nn.layers.gru({ units: 16, inputShape: [WINDOW, 1] }),
        nn.layers.dense({ units: 1 }),
      ],
    }),
  );
  const denseMse = await fitAndScore(
    nn.sequential({
      layers: [nn.layers.flatten({ inputShape: [WINDOW, 1] }), nn.layers.dense({ units: 1 })],
    }),
  );
  const yt = test.y;
  const targetVariance = nn.mean(nn.square(nn.sub(yt, nn.mean(yt)))).dataSync()[0]!;
  log(
    `test MSE: gru ${gruMse.toFixed(4)}, dense baseline ${denseMse.toFixed(4)}, target variance ${targetVariance.toFixed(4)}`,
  );
  return { gruMse, denseMse, targetVariance };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
