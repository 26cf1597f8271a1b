import { describe, expect, test } from 'vitest';
import { decode } from 'fast-png';
import * as nn from 'neurite';
import { samples, samplesData } from '../../src/plots/index.js';
import { byClass, findAll, parseFigure, textsIn } from './svg.js';

/** n images 4×3, image k filled with its index·10 plus the pixel number. */
function tinyImages(n: number): nn.Tensor {
  const v = new Float32Array(n * 12);
  for (let k = 0; k < n; k++) for (let i = 0; i < 12; i++) v[k * 12 + i] = k * 10 + i;
  return nn.tensor(v, [n, 4, 3]);
}

function pixelsOf(url: string): Uint8Array {
  const png = decode(Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64'));
  expect([png.width, png.height, png.channels]).toEqual([3, 4, 1]);
  return Uint8Array.from(png.data);
}

describe('plots.samples', () => {
  test('images with labels and predictions, mistakes counted and framed', async () => {
    const fig = await samples({
      images: tinyImages(5),
      labels: [0, 1, 2, 1, 0],
      classNames: ['zero', 'one', 'two'],
      predictions: [0, 2, 2, 1, 1],
      columns: 3,
    });
    expect(fig.data.mistakes).toBe(2);
    expect(Array.from(pixelsOf(fig.data.urls[2]!))).toEqual(
      Array.from({ length: 12 }, (_, i) => 20 + i),
    );
    const root = parseFigure(await fig.toSVG());
    expect(findAll(root, (e) => e.name === 'image')).toHaveLength(5);
    expect(textsIn(root, 'labels_marks')).toEqual(['zero', 'one', 'two', 'one', 'zero']);
    expect(textsIn(root, 'predictions_marks')).toEqual([
      '→ zero',
      '→ two',
      '→ two',
      '→ one',
      '→ one',
    ]);
    expect(byClass(root, 'mistake_frames_marks')[0]!.children).toHaveLength(2);
    expect(textsIn(root, 'role-title-text')).toEqual(['5 images, 2 misclassified']);
  });

  test('a model predicts on the images scaled to [0, 1]', async () => {
    const images = tinyImages(4);
    const model = nn.sequential({
      layers: [
        nn.layers.flatten({ inputShape: [4, 3] }),
        nn.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    const expected = Array.from(nn.argMax(model.predict(nn.div(images, 255)), 1).dataSync());
    const d = await samplesData({ images, labels: [0, 1, 2, 0], predictions: model });
    expect(d.predictions).toEqual(expected);
    expect(d.classNames).toEqual(['0', '1', '2']);
  });

  test('loads MNIST test images by default', async () => {
    const fig = await samples({ dataset: 'mnist', count: 3 });
    const [, [xTest, yTest]] = await nn.datasets.mnist.loadData({ limit: 3 });
    expect(fig.data.labels).toEqual(Array.from(yTest.dataSync()));
    const png = decode(Buffer.from(fig.data.urls[0]!.split(',')[1]!, 'base64'));
    expect([png.width, png.height]).toEqual([28, 28]);
    expect(Array.from(png.data)).toEqual(Array.from(xTest.dataSync().subarray(0, 784)));
    const root = parseFigure(await fig.toSVG());
    expect(textsIn(root, 'labels_marks')).toEqual(fig.data.labels.map(String));
    expect(byClass(root, 'predictions_marks')).toHaveLength(0);
  });

  test('bad arguments', async () => {
    await expect(samplesData({ dataset: 'cifar' })).rejects.toThrow(
      /unknown dataset 'cifar'; expected one of mnist, fashion-mnist/,
    );
    await expect(samplesData({ images: nn.zeros([2, 4]), labels: [0, 1] })).rejects.toThrow(
      /expected grey images \[n, h, w\]/,
    );
    await expect(samplesData({ images: tinyImages(2), labels: [0] })).rejects.toThrow(
      /a label for each of the 2 images, received 1/,
    );
    await expect(
      samplesData({ images: tinyImages(2), labels: [0, 1], predictions: [0] }),
    ).rejects.toThrow(/expected 2 predictions, received 1/);
    await expect(samplesData({ count: 0 })).rejects.toThrow(
      /count must be an integer in \[1, 400\]/,
    );
  });
});
