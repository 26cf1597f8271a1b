/**
 * Neurite → `.keras` / `.h5` → Neurite: every layer type Keras also has, in all three model
 * styles (Sequential, Functional with several inputs and outputs and a shared layer, a
 * nested model), predicts exactly the same after loading, and training resumes with the
 * same numbers as an uninterrupted run. What Neurite writes has the structure of what real
 * Keras 3.16 writes (same HDF5 groups, datasets, dtypes, shapes and attribute names), and
 * `.keras` → TF.js folder → `.keras` keeps every byte of weight data.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { modelToBytes } from '../../../src/io/api.js';
import { type H5Group, type H5Node, readH5 } from '../../../src/io/keras/hdf5.js';
import { readZip } from '../../../src/io/keras/keras-zip.js';
import { tempDir } from '../helpers.js';

const dir = tempDir('neurite-keras-');

function sequentialModel(): nn.Model {
  return nn.sequential({
    layers: [
      nn.layers.zeroPadding2d({ padding: 1, inputShape: [6, 6, 2] }),
      nn.layers.conv2d({ filters: 3, kernelSize: 3, activation: 'relu' }),
      nn.layers.batchNormalization(),
      nn.layers.maxPooling2d({ poolSize: 2 }),
      nn.layers.leakyReLU({ negativeSlope: 0.2 }),
      nn.layers.flatten(),
      nn.layers.dense({ units: 8, activation: 'tanh' }),
      // rate 0: a dropout layer's own random stream is not saved (nor in Keras), so resuming would differ.
      nn.layers.dropout({ rate: 0 }),
      nn.layers.layerNormalization(),
      nn.layers.reshape({ targetShape: [2, 4] }),
      nn.layers.flatten(),
      nn.layers.activation({ activation: 'sigmoid' }),
      nn.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

function functionalModel(): nn.Model {
  const a = nn.input({ shape: [5], name: 'a' });
  const b = nn.input({ shape: [5], name: 'b' });
  const shared = nn.layers.dense({ units: 4, name: 'shared' });
  const ha = shared.apply(a);
  const hb = shared.apply(b);
  const sum = nn.layers.add().apply([ha, hb]) as nn.SymbolicTensor;
  const prod = nn.layers.multiply().apply([ha, hb]) as nn.SymbolicTensor;
  const avg = nn.layers.average().apply([sum, prod]) as nn.SymbolicTensor;
  const cat = nn.layers.concatenate().apply([avg, ha]) as nn.SymbolicTensor;
  const out1 = nn.layers.dense({ units: 2, activation: 'softmax', name: 'p' }).apply(cat);
  const out2 = nn.layers.dense({ units: 1, name: 'r' }).apply(sum);
  return nn.model({ inputs: [a, b], outputs: [out1, out2] });
}

function nestedModel(): nn.Model {
  const inner = nn.sequential({
    name: 'inner',
    layers: [
      nn.layers.dense({ units: 6, activation: 'relu', inputShape: [4] }),
      nn.layers.batchNormalization(),
      nn.layers.dense({ units: 3 }),
    ],
  });
  const x = nn.input({ shape: [4], name: 'x' });
  const h = inner.apply(x);
  const y = nn.layers
    .dense({ units: 2, name: 'head' })
    .apply(nn.layers.concatenate().apply([h, x]) as nn.SymbolicTensor);
  return nn.model({ inputs: x, outputs: y });
}

interface Case {
  name: string;
  make: () => nn.Model;
  x: () => nn.Tensor[];
  y: () => nn.Tensor[];
  loss: string | string[];
}

const CASES: Case[] = [
  {
    name: 'sequential',
    make: sequentialModel,
    x: () => [nn.randomUniform([4, 6, 6, 2], 0, 1, 'float32', 1)],
    y: () => [nn.oneHot(nn.tensor([0, 1, 2, 1], [4], 'int32'), 3)],
    loss: 'categoricalCrossentropy',
  },
  {
    name: 'functional',
    make: functionalModel,
    x: () => [
      nn.randomNormal([4, 5], 0, 1, 'float32', 2),
      nn.randomNormal([4, 5], 0, 1, 'float32', 3),
    ],
    y: () => [
      nn.oneHot(nn.tensor([0, 1, 1, 0], [4], 'int32'), 2),
      nn.randomNormal([4, 1], 0, 1, 'float32', 4),
    ],
    loss: ['categoricalCrossentropy', 'meanSquaredError'],
  },
  {
    name: 'nested',
    make: nestedModel,
    x: () => [nn.randomNormal([4, 4], 0, 1, 'float32', 5)],
    y: () => [nn.randomNormal([4, 2], 0, 1, 'float32', 6)],
    loss: 'meanSquaredError',
  },
];

function predictAll(model: nn.Model, xs: nn.Tensor[]): number[] {
  let out: number[] = [];
  nn.tidy(() => {
    const y: nn.Tensor | nn.Tensor[] = model.predict(xs.length === 1 ? xs[0]! : xs);
    const list: nn.Tensor[] = Array.isArray(y) ? y : [y];
    out = list.flatMap((t) => [...(t.dataSync() as Float32Array)]);
  });
  return out;
}

async function trainOnce(model: nn.Model, c: Case): Promise<void> {
  const xs = c.x();
  const ys = c.y();
  await model.fit(xs.length === 1 ? xs[0]! : xs, ys.length === 1 ? ys[0]! : ys, {
    epochs: 1,
    batchSize: 4,
    shuffle: false,
    verbose: 0,
  });
}

describe('round trips through Keras files', () => {
  for (const c of CASES) {
    for (const format of ['keras', 'h5']) {
      test(`${c.name} through .${format}: same predictions, training resumes the same`, async () => {
        nn.setSeed(7);
        const model = c.make();
        model.compile({ optimizer: nn.optimizers.adam({ learningRate: 0.01 }), loss: c.loss });
        await trainOnce(model, c);
        const path = join(dir, `${c.name}.${format}`);
        await model.save(path);
        const again = await nn.loadModel(path);
        const xs = c.x();
        expect(predictAll(again, xs)).toEqual(predictAll(model, xs));
        expect(again.compiled!.optimizer.iterations).toBe(model.compiled!.optimizer.iterations);
        // Dropout draws random numbers: both runs start from the same seed.
        nn.setSeed(11);
        await trainOnce(model, c);
        nn.setSeed(11);
        await trainOnce(again, c);
        expect(predictAll(again, xs)).toEqual(predictAll(model, xs));
      });
    }
  }

  test('includeOptimizer: false leaves the optimizer state out', async () => {
    const model = nestedModel();
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    await trainOnce(model, CASES[2]!);
    const bytes = await modelToBytes(model, 'keras', { includeOptimizer: false });
    const tree = await readH5(readZip(bytes, 'x.keras').get('model.weights.h5')!, 'x');
    expect(tree.children.has('optimizer')).toBe(false);
    const h5 = await readH5(await modelToBytes(model, 'h5', { includeOptimizer: false }), 'x.h5');
    expect(h5.children.has('optimizer_weights')).toBe(false);
  });
});

/** Every object of a tree as `path kind dtype shape [attribute names]`; the step count's int width (int32 on Keras's numpy backend, int64 on TensorFlow) is left out. */
function signature(g: H5Group): string[] {
  const out: string[] = [];
  const visit = (n: H5Node, path: string): void => {
    const attrs = Object.keys(n.attrs).sort().join(',');
    if (n.kind === 'dataset') {
      const dtype = /int/.test(n.dtype) ? 'int' : n.dtype;
      out.push(`${path} dataset ${dtype} [${n.shape.join(',')}] {${attrs}}`);
      return;
    }
    out.push(`${path} group {${attrs}}`);
    for (const [k, c] of n.children) visit(c, `${path}/${k}`);
  };
  visit(g, '');
  return out.sort();
}

describe('the structure of what Neurite writes', () => {
  for (const name of ['seq_layers', 'functional_two_io', 'nested_sequential']) {
    test(`${name}: Neurite's .keras and .h5 have Keras 3.16's HDF5 trees`, async () => {
      const model = await nn.loadModel(`test/fixtures/keras-made/${name}.keras`);
      const { readFileSync } = await import('node:fs');
      const real = readZip(readFileSync(`test/fixtures/keras-made/${name}.keras`), 'real');
      const ours = readZip(await modelToBytes(model, 'keras'), 'ours');
      expect([...ours.keys()]).toEqual([...real.keys()]);
      const a = await readH5(ours.get('model.weights.h5')!, 'ours');
      const b = await readH5(real.get('model.weights.h5')!, 'real');
      expect(signature(a)).toEqual(signature(b));
      const h5a = await readH5(await modelToBytes(model, 'h5'), 'ours.h5');
      const h5b = await readH5(readFileSync(`test/fixtures/keras-made/${name}.h5`), 'real.h5');
      expect(signature(h5a)).toEqual(signature(h5b));
    });
  }

  test('the corpus k5 (Keras 3.1) and k7 (Keras 3.10) trees match what Neurite writes for them', async () => {
    const { readFileSync } = await import('node:fs');
    for (const file of [
      'test/fixtures/interop/keras/k7_menashe_kepler_mlp_keras3/best_model.keras',
      'test/fixtures/interop/keras/k5_moonflower_mnist_cnn_keras3/mnist_model.keras',
    ]) {
      const model = await nn.loadModel(file);
      const real = await readH5(
        readZip(readFileSync(file), 'real').get('model.weights.h5')!,
        'real',
      );
      const ours = await readH5(
        readZip(await modelToBytes(model, 'keras'), 'ours').get('model.weights.h5')!,
        'ours',
      );
      // Keras 3.1 (k5) wrote no `name` attributes yet; compare paths, dtypes and shapes there.
      const strip = (s: string[]): string[] => s.map((x) => x.replace(/ \{[^}]*\}$/, ''));
      expect(strip(signature(ours))).toEqual(strip(signature(real)));
    }
  });

  test('.keras → TF.js folder → .keras keeps every byte of weight data', async () => {
    const { readFileSync } = await import('node:fs');
    const file = 'test/fixtures/keras-made/functional_two_io.keras';
    const model = await nn.loadModel(file);
    const folder = join(dir, 'tfjs-folder');
    await nn.saveModel(model, folder);
    const back = await nn.loadModel(folder);
    const a = await readH5(readZip(readFileSync(file), 'a').get('model.weights.h5')!, 'a');
    const b = await readH5(
      readZip(await modelToBytes(back, 'keras'), 'b').get('model.weights.h5')!,
      'b',
    );
    const datasets = (g: H5Group, p = ''): [string, Uint8Array][] =>
      [...g.children].flatMap(([k, n]) =>
        n.kind === 'group'
          ? datasets(n, `${p}/${k}`)
          : [
              [
                `${p}/${k}`,
                new Uint8Array(n.data!.buffer, n.data!.byteOffset, n.data!.byteLength),
              ] as [string, Uint8Array],
            ],
      );
    const da = datasets(a).filter(([k]) => !k.endsWith('/optimizer/vars/0'));
    const db = new Map(datasets(b));
    expect(da.length).toBeGreaterThan(20);
    for (const [k, bytes] of da)
      expect([k, Buffer.from(db.get(k)!).equals(Buffer.from(bytes))]).toEqual([k, true]);
  });
});
