/**
 * A convolutional autoencoder on MNIST (issue 17): Conv2D + MaxPooling2D squeeze each
 * 28x28 digit to a 7x7x4 code, Conv2DTranspose and UpSampling2D grow it back, and a
 * sigmoid Conv2D gives the reconstruction, trained with binary cross-entropy against the
 * input itself. Writes a figure of inputs (top row) and reconstructions (bottom row).
 *
 * Run: npx tsx examples/conv-autoencoder.ts [--limit 2000] [--epochs 3] [--out recon.svg]
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as nn from 'neurite';
// Outside this repository: `from 'neurite/plots'`.
import { type Figure, samples, type SamplesData } from '../src/plots/index.js';

export async function main({
  limit = 2000,
  epochs = 3,
  show = 8,
  verbose = 1,
}: { limit?: number; epochs?: number; show?: number; verbose?: 0 | 1 | 2 } = {}): Promise<{
  history: nn.History;
  /** Mean squared error of the test reconstructions, and of always predicting the mean image. */
  testMse: number;
  baselineMse: number;
  figure: Figure<SamplesData>;
}> {
  nn.setSeed(1);
  const [[xTrain], [xTest, yTest]] = await nn.datasets.mnist.loadData({ limit });
  const x = nn.reshape(nn.div(xTrain, 255), [-1, 28, 28, 1]);
  const xt = nn.reshape(nn.div(xTest, 255), [-1, 28, 28, 1]);
  const L = nn.layers;
  const model = nn.sequential({
    layers: [
      L.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }),
      L.maxPooling2d(),
      L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      L.maxPooling2d(), // the code: 7x7x4
      L.conv2dTranspose({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      L.upSampling2d(),
      L.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid' }),
    ],
  }); // prettier-ignore
  if (verbose) model.summary();
  model.compile({
    optimizer: nn.optimizers.adam({ learningRate: 0.005 }),
    loss: 'binaryCrossentropy',
  });
  const history = await model.fit(x, x, { epochs, batchSize: 32, verbose });
  const recon = model.predict(xt);
  const testMse = nn.mean(nn.squaredDifference(recon, xt)).dataSync()[0]!;
  const meanImage = nn.mean(x, 0, true);
  const baselineMse = nn.mean(nn.squaredDifference(xt, meanImage)).dataSync()[0]!;
  // Inputs on the top row, their reconstructions below.
  const n = Math.min(show, xt.shape[0]!);
  const first = (t: nn.Tensor): nn.Tensor => nn.slice(t, [0, 0, 0, 0], [n, 28, 28, 1]);
  const labels = [...nn.slice(yTest, [0], [n]).dataSync()];
  const figure = await samples({
    images: nn.concat([first(xt), first(recon)], 0),
    labels: [...labels, ...labels],
    columns: n,
    count: 2 * n,
  });
  if (verbose)
    console.log(`test MSE ${testMse.toFixed(4)} (mean-image baseline ${baselineMse.toFixed(4)})`);
  return { history, testMse, baselineMse, figure };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const num = (s: string | undefined): number | undefined =>
    s === undefined ? undefined : Number(s);
  const { figure } = await main({ limit: num(arg('limit')), epochs: num(arg('epochs')) });
  const out = arg('out') ?? 'conv-autoencoder.svg';
  writeFileSync(out, await figure.toSVG());
  console.log(`wrote ${out}`);
}
