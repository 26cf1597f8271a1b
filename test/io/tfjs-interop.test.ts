/**
 * Interoperability with the real `@tensorflow/tfjs` (pure JS cpu backend): the interop
 * corpus loads in both and predicts the same; Neurite's files load in TF.js and TF.js's
 * files load in Neurite, with the same predictions (within 1e-5).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import {
  fromMemory,
  loadModel,
  type ModelArtifacts,
  saveModel,
  withSaveHandler,
} from '../../src/io/index.js';
import { maxDiff, tempDir } from './helpers.js';

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/interop/tfjs');
const dir = tempDir();

beforeAll(async () => {
  tf.enableProdMode(); // no "install tfjs-node" banner
  await tf.setBackend('cpu');
});

/** What tfjs-node's `file://` handler would do: read model.json and its shards. */
function readHandler(jsonPath: string): tf.io.IOHandler {
  return {
    load: () => {
      const j = JSON.parse(readFileSync(jsonPath, 'utf8')) as tf.io.ModelJSON;
      const base = dirname(jsonPath);
      const bytes = Buffer.concat(
        j.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(base, p)))),
      );
      return Promise.resolve({
        modelTopology: j.modelTopology,
        trainingConfig: j.trainingConfig,
        weightSpecs: j.weightsManifest.flatMap((g) => g.weights),
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
        format: j.format,
      });
    },
  };
}

/** What tfjs-node's `file://` handler writes: model.json + weights.bin (path './weights.bin'). */
function writeHandler(folder: string): tf.io.IOHandler {
  return {
    save: (a) => {
      mkdirSync(folder, { recursive: true });
      const data = a.weightData as ArrayBuffer;
      writeFileSync(join(folder, 'weights.bin'), new Uint8Array(data));
      const json = {
        modelTopology: a.modelTopology,
        trainingConfig: a.trainingConfig,
        weightsManifest: [{ paths: ['./weights.bin'], weights: a.weightSpecs }],
        format: a.format,
        generatedBy: a.generatedBy,
        convertedBy: a.convertedBy,
      };
      writeFileSync(join(folder, 'model.json'), JSON.stringify(json));
      return Promise.resolve({
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
      });
    },
  };
}

function tfPredict(model: tf.LayersModel, xs: nn.Tensor[]): Float32Array {
  const inputs = xs.map((x) => tf.tensor(x.dataSync() as Float32Array, [...x.shape]));
  const y = model.predict(inputs.length === 1 ? inputs[0]! : inputs);
  const out = Float32Array.from(
    (Array.isArray(y) ? y : [y]).flatMap((t) => [...(t.dataSync() as Float32Array)]),
  );
  tf.dispose([inputs, y]);
  return out;
}

function nnPredict(model: nn.Model, xs: nn.Tensor[]): Float32Array {
  let out = new Float32Array(0);
  nn.tidy(() => {
    const y = xs.length === 1 ? model.apply(xs[0]!) : model.apply(xs);
    out = Float32Array.from((Array.isArray(y) ? y : [y]).flatMap((t) => [...t.dataSync()]));
  });
  return out;
}

function jsonOf(folder: string): string {
  const files = readdirSync(folder).filter((f) => f.endsWith('.json') && f !== 'model_meta.json');
  expect(files).toHaveLength(1);
  return join(folder, files[0]!);
}

describe('the interop corpus (files saved by TF.js 0.8–4.x, ml5 and the Keras converter)', () => {
  const folders = readdirSync(CORPUS).sort();

  test('holds the six expected models', () => {
    expect(folders).toHaveLength(6);
  });

  // The two STRETCH LeNets (ZeroPadding2D, Conv2D, MaxPooling2D; one a Functional model
  // with 7 outputs) load too, now that Neurite has convolution layers.
  test.each(folders)('%s predicts what TF.js predicts', async (folder) => {
    const file = jsonOf(join(CORPUS, folder));
    const theirs = await tf.loadLayersModel(readHandler(file));
    const ours = await loadModel(file);
    const inputShape = theirs.inputs[0]!.shape.slice(1) as number[];
    const x = nn.randomNormal([7, ...inputShape], 0, 2, 'float32', 21);
    const expected = tfPredict(theirs, [x]);
    expect(expected.length).toBeGreaterThanOrEqual(7);
    expect(maxDiff(nnPredict(ours, [x]), expected)).toBeLessThan(1e-5);
    expect(ours.layers.map((l) => l.name)).toEqual(theirs.layers.map((l) => l.name));
    expect(ours.countParams()).toBe(theirs.countParams());
    theirs.dispose();
  });
});

describe('Neurite → TF.js', () => {
  test('a trained, compiled Sequential saved to a folder loads with tf.loadLayersModel and predicts the same', async () => {
    nn.setSeed(31);
    const model = nn.sequential({
      layers: [
        nn.layers.dense({ units: 16, activation: 'relu', inputShape: [6] }),
        nn.layers.batchNormalization(),
        nn.layers.dropout({ rate: 0.2 }),
        nn.layers.dense({ units: 8, activation: 'tanh', kernelInitializer: 'glorotNormal' }),
        nn.layers.leakyReLU({ negativeSlope: 0.1 }),
        nn.layers.layerNormalization(),
        nn.layers.reshape({ targetShape: [2, 4] }),
        nn.layers.flatten(),
        nn.layers.activation({ activation: 'sigmoid' }),
        nn.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({
      optimizer: 'adam',
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const x = nn.randomNormal([20, 6], 0, 1, 'float32', 32);
    const y = nn.tensor(
      Array.from({ length: 20 }, (_, i) => i % 3),
      [20],
      'int32',
    );
    await model.fit(x, y, { epochs: 2, batchSize: 5, verbose: 0 });
    const folder = join(dir, 'neurite-seq');
    await saveModel(model, folder);
    const theirs = await tf.loadLayersModel(readHandler(join(folder, 'model.json')));
    expect(maxDiff(tfPredict(theirs, [x]), nnPredict(model, [x]))).toBeLessThan(1e-5);
    // TF.js compiled it from our training config and took the Adam state.
    expect(theirs.optimizer.getClassName()).toBe('Adam');
    expect(theirs.optimizer.iterations).toBe(8);
    theirs.dispose();
  });

  test('a small CNN (zeroPadding2d, conv2d same/valid/strided/dilated, maxPooling2d)', async () => {
    nn.setSeed(34);
    const model = nn.sequential({
      layers: [
        nn.layers.zeroPadding2d({ padding: [1, 2], inputShape: [9, 8, 2] }),
        nn.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
        nn.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
        nn.layers.conv2d({ filters: 3, kernelSize: [2, 3], strides: [1, 2] }),
        nn.layers.conv2d({ filters: 2, kernelSize: 2, dilationRate: 2, padding: 'same' }),
        nn.layers.flatten(),
        nn.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    let saved: ModelArtifacts | undefined;
    await saveModel(
      model,
      withSaveHandler((art) => void (saved = art)),
    );
    const theirs = await tf.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    const x = nn.randomNormal([5, 9, 8, 2], 0, 1, 'float32', 3);
    expect(maxDiff(tfPredict(theirs, [x]), nnPredict(model, [x]))).toBeLessThan(1e-5);
    expect(theirs.layers.map((l) => l.getClassName())).toEqual(
      model.layers.map((l) => l.className),
    );
    theirs.dispose();
  });

  test('a two-input Functional model (merge layers) through a memory handler', async () => {
    nn.setSeed(33);
    const a = nn.input({ shape: [5], name: 'a' });
    const b = nn.input({ shape: [5], name: 'b' });
    const ha = nn.layers.dense({ units: 6, activation: 'relu' }).apply(a);
    const hb = nn.layers.dense({ units: 6, activation: 'elu' }).apply(b);
    const sum = nn.layers.add().apply([ha, hb]) as nn.SymbolicTensor;
    const prod = nn.layers.multiply().apply([ha, hb]) as nn.SymbolicTensor;
    const avg = nn.layers.average().apply([sum, prod]) as nn.SymbolicTensor;
    const cat = nn.layers.concatenate().apply([avg, ha]) as nn.SymbolicTensor;
    const out = nn.layers.dense({ units: 2 }).apply(cat);
    const model = nn.model({ inputs: [a, b], outputs: out });
    let saved: ModelArtifacts | undefined;
    await saveModel(
      model,
      withSaveHandler((art) => void (saved = art)),
    );
    const theirs = await tf.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    const xs = [
      nn.randomNormal([4, 5], 0, 1, 'float32', 1),
      nn.randomNormal([4, 5], 0, 1, 'float32', 2),
    ];
    expect(maxDiff(tfPredict(theirs, xs), nnPredict(model, xs))).toBeLessThan(1e-5);
    expect(theirs.inputNames).toEqual(['a', 'b']);
    theirs.dispose();
  });
});

describe('TF.js → Neurite', () => {
  test('a Sequential built, trained and saved by TF.js (memory and file handlers)', async () => {
    const theirs = tf.sequential({
      layers: [
        tf.layers.dense({ units: 12, activation: 'relu', inputShape: [4] }),
        tf.layers.batchNormalization(),
        tf.layers.dropout({ rate: 0.25 }),
        tf.layers.dense({ units: 8, activation: 'softplus' }),
        tf.layers.leakyReLU({ alpha: 0.2 }),
        tf.layers.layerNormalization(),
        tf.layers.reshape({ targetShape: [2, 4] }),
        tf.layers.flatten(),
        tf.layers.activation({ activation: 'tanh' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    theirs.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const xs = tf.randomNormal([16, 4], 0, 1, 'float32', 5);
    const ys = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: 16 }, (_, i) => i % 3),
        'int32',
      ),
      3,
    );
    await theirs.fit(xs, ys, { epochs: 2, batchSize: 8, verbose: 0 });
    const x = nn.tensor(xs.dataSync(), [16, 4]);
    const expected = tfPredict(theirs, [x]);

    let saved: tf.io.ModelArtifacts | undefined;
    await theirs.save(
      tf.io.withSaveHandler((a) => {
        saved = a;
        return Promise.resolve({
          modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
        });
      }),
      { includeOptimizer: true },
    );
    const fromTf = await loadModel(fromMemory(saved!));
    expect(maxDiff(nnPredict(fromTf, [x]), expected)).toBeLessThan(1e-5);
    expect(fromTf.optimizer?.className).toBe('Adam');
    expect(fromTf.optimizer?.iterations).toBe(4);

    const folder = join(dir, 'tfjs-seq');
    await theirs.save(writeHandler(folder), { includeOptimizer: true });
    const fromFile = await loadModel(folder);
    expect(maxDiff(nnPredict(fromFile, [x]), expected)).toBeLessThan(1e-5);
    // It can go on training in Neurite.
    const y = nn.tensor(ys.dataSync(), [16, 3]);
    const h = await fromFile.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    expect(Number.isFinite(h.history.loss![0]!)).toBe(true);
    tf.dispose([xs, ys]);
    theirs.dispose();
  });

  test('a two-input Functional model built by TF.js', async () => {
    const a = tf.input({ shape: [3], name: 'first' });
    const b = tf.input({ shape: [3], name: 'second' });
    const shared = tf.layers.dense({ units: 4, activation: 'sigmoid' });
    const ha = shared.apply(a) as tf.SymbolicTensor;
    const hb = shared.apply(b) as tf.SymbolicTensor;
    const merged = tf.layers
      .concatenate()
      .apply([
        tf.layers.add().apply([ha, hb]) as tf.SymbolicTensor,
        tf.layers.multiply().apply([ha, hb]) as tf.SymbolicTensor,
        tf.layers.average().apply([ha, hb]) as tf.SymbolicTensor,
      ]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2 }).apply(merged) as tf.SymbolicTensor;
    const theirs = tf.model({ inputs: [a, b], outputs: out });
    const folder = join(dir, 'tfjs-functional');
    await theirs.save(writeHandler(folder));
    const ours = await loadModel(join(folder, 'model.json'));
    expect(ours).toBeInstanceOf(nn.Functional);
    const xs = [
      nn.randomNormal([5, 3], 0, 1, 'float32', 8),
      nn.randomNormal([5, 3], 0, 1, 'float32', 9),
    ];
    expect(maxDiff(nnPredict(ours, xs), tfPredict(theirs, xs))).toBeLessThan(1e-5);
    theirs.dispose();
  });
});

describe('optimizer settings and state cross over', () => {
  const ok = (): Promise<tf.io.SaveResult> =>
    Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });

  test.each([
    [
      'rmsprop (momentum 0)',
      () => tf.train.rmsprop(0.01, 0.8),
      'RMSprop',
      { rho: 0.8, momentum: 0 },
    ],
    [
      'rmsprop (momentum, centered)',
      () => tf.train.rmsprop(0.01, 0.9, 0.5, 1e-7, true),
      'RMSprop',
      { momentum: 0.5, centered: true },
    ],
    ['momentum', () => tf.train.momentum(0.1, 0.9, true), 'SGD', { momentum: 0.9, nesterov: true }],
    ['sgd', () => tf.train.sgd(0.1), 'SGD', { learningRate: 0.1 }],
    ['adagrad', () => tf.train.adagrad(0.1), 'Adagrad', { learningRate: 0.1 }],
    ['adadelta', () => tf.train.adadelta(0.5), 'Adadelta', { learningRate: 0.5 }],
  ] as const)('TF.js %s → Neurite', async (_name, make, className, expected) => {
    const theirs = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    theirs.compile({ optimizer: make(), loss: 'meanSquaredError' });
    await theirs.fit(tf.ones([4, 3]), tf.ones([4, 2]), { epochs: 2, batchSize: 2, verbose: 0 });
    let saved: tf.io.ModelArtifacts | undefined;
    await theirs.save(
      tf.io.withSaveHandler((a) => ((saved = a), ok())),
      { includeOptimizer: true },
    );
    const ours = await loadModel(fromMemory(saved!));
    expect(ours.optimizer!.className).toBe(className);
    expect(ours.optimizer!.getConfig()).toMatchObject(expected);
    expect(ours.optimizer!.iterations).toBe(4);
    theirs.dispose();
  });

  test.each([
    [
      'rmsprop',
      () => nn.optimizers.rmsprop({ learningRate: 0.01, rho: 0.8 }),
      'RMSProp',
      { decay: 0.8 },
    ],
    [
      'sgd with momentum',
      () => nn.optimizers.sgd({ momentum: 0.9, nesterov: true }),
      'Momentum',
      { momentum: 0.9, useNesterov: true },
    ],
    [
      'adagrad',
      () => nn.optimizers.adagrad({ learningRate: 0.1 }),
      'Adagrad',
      { learningRate: 0.1 },
    ],
    [
      'adadelta',
      () => nn.optimizers.adadelta({ learningRate: 0.5 }),
      'Adadelta',
      { learningRate: 0.5, rho: 0.95 },
    ],
  ] as const)('Neurite %s → TF.js', async (_name, make, className, expected) => {
    const model = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [3] })] });
    model.compile({ optimizer: make(), loss: 'mse' });
    await model.fit(nn.ones([4, 3]), nn.ones([4, 2]), { epochs: 1, batchSize: 2, verbose: 0 });
    let saved: ModelArtifacts | undefined;
    await saveModel(
      model,
      withSaveHandler((a) => void (saved = a)),
    );
    const theirs = await tf.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    expect(theirs.optimizer.getClassName()).toBe(className);
    expect(theirs.optimizer.getConfig()).toMatchObject(expected);
    expect(theirs.optimizer.iterations).toBe(2);
    theirs.dispose();
  });
});

describe('TF.js → Neurite, convolutions', () => {
  test('a CNN built and saved by TF.js loads and predicts the same', async () => {
    const theirs = tf.sequential({
      layers: [
        tf.layers.zeroPadding2d({
          padding: [
            [2, 1],
            [0, 1],
          ],
          inputShape: [10, 9, 3],
        }),
        tf.layers.conv2d({ filters: 5, kernelSize: [3, 3], padding: 'valid', activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: [2, 2], padding: 'same' }),
        tf.layers.conv2d({ filters: 4, kernelSize: 2, strides: 2, padding: 'same' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2 }),
      ],
    });
    let saved: tf.io.ModelArtifacts | undefined;
    await theirs.save(
      tf.io.withSaveHandler((a) => {
        saved = a;
        return Promise.resolve({
          modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
        });
      }),
    );
    const ours = await loadModel(fromMemory(saved as ModelArtifacts));
    const x = nn.randomNormal([4, 10, 9, 3], 0, 1, 'float32', 5);
    expect(maxDiff(nnPredict(ours, [x]), tfPredict(theirs, [x]))).toBeLessThan(1e-5);
    expect(ours.countParams()).toBe(theirs.countParams());
    theirs.dispose();
  });
});
