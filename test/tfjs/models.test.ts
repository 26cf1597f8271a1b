/**
 * tf.LayersModel / tf.Sequential: TF.js's signatures and return types over Neurite models,
 * checked against the real @tensorflow/tfjs where TF.js defines the answer (metric names,
 * evaluate's order).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as tf from '../../src/tfjs/index.js';

interface TfjsModel {
  metricsNames: string[];
  compile(args: object): void;
  evaluate(x: unknown, y: unknown): { dataSync(): ArrayLike<number> }[];
}
interface TfjsLayer {
  apply(x: unknown): unknown;
}
interface Tfjs {
  input(args: object): unknown;
  model(args: object): TfjsModel;
  layers: Record<string, (args: object) => TfjsLayer>;
  tensor2d(v: number[][]): unknown;
}
const tfjs = createRequire(import.meta.url)('@tensorflow/tfjs') as Tfjs;

const dir = mkdtempSync(join(tmpdir(), 'neurite-tfjs-models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const x4 = (): tf.Tensor =>
  tf.tensor2d([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
const y4 = (): tf.Tensor => tf.tensor2d([[0], [1], [1], [0]]);

function xorModel(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 6, activation: 'tanh', inputShape: [2] }));
  m.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  return m;
}

describe('Sequential', () => {
  test('inputs, outputs and their names once the input shape is known', () => {
    const m = tf.sequential();
    expect(m.inputs).toEqual([]);
    m.add(tf.layers.dense({ units: 3, inputShape: [5], name: 'hidden' }));
    m.add(tf.layers.dense({ units: 2, name: 'out' }));
    expect(m.inputs.map((t) => t.shape)).toEqual([[null, 5]]);
    expect(m.outputs.map((t) => t.shape)).toEqual([[null, 2]]);
    expect(m.outputNames).toEqual(['out']);
    expect(m.inputNames).toHaveLength(1);
    expect(m.layers.map((l) => l.name)).toEqual(['hidden', 'out']);
    expect(m.getLayer('out').name).toBe('out');
    expect(m.getLayer(undefined, 0).name).toBe('hidden');
    expect(m.core).toBeInstanceOf(nn.Sequential);
    m.pop();
    expect(m.outputs.map((t) => t.shape)).toEqual([[null, 3]]);
  });

  test('summary(lineLength?, positions?, printFn?)', () => {
    const lines: unknown[] = [];
    xorModel().summary(undefined, undefined, (l) => lines.push(l));
    expect(lines.join('\n')).toContain('Total params: 25');
  });

  test('a wrapped model nests in another (its core is the layer)', () => {
    const inner = xorModel();
    const outer = tf.sequential({ layers: [inner, tf.layers.dense({ units: 1 })] });
    const y = outer.predict(x4()) as tf.Tensor;
    expect(y.shape).toEqual([4, 1]);
    expect(outer.layers[0]).toBe(inner.core);
  });
});

describe('compile, fit, evaluate, predict', () => {
  test('evaluate is synchronous: a Scalar without metrics, [loss, acc] with', async () => {
    const m = xorModel();
    m.compile({ optimizer: tf.train.adam(0.1), loss: 'binaryCrossentropy' });
    const h = await m.fit(x4(), y4(), { epochs: 5, verbose: 0 });
    expect(Object.keys(h.history)).toEqual(['loss']);
    const loss = m.evaluate(x4(), y4());
    expect(loss).toBeInstanceOf(tf.Tensor);
    expect((loss as tf.Tensor).rank).toBe(0);
    m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    expect(m.metricsNames).toEqual(['loss', 'acc']);
    const both = m.evaluate(x4(), y4(), { batchSize: 3 }) as tf.Tensor[];
    expect(both).toHaveLength(2);
    // Batches of 3 and 1, averaged by size: the same as one batch of 4.
    const whole = m.evaluate(x4(), y4(), { batchSize: 4 }) as tf.Tensor[];
    expect(both[0]!.dataSync()[0]).toBeCloseTo(whole[0]!.dataSync()[0]!, 5);
    expect(both[1]!.dataSync()[0]).toBeCloseTo(whole[1]!.dataSync()[0]!, 5);
  });

  test('history and callback logs use TF.js names (acc, val_acc); onYield runs', async () => {
    const m = xorModel();
    m.compile({
      optimizer: tf.train.adam(0.05),
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    });
    const seen: string[][] = [];
    let yields = 0;
    const x = tf.concat([x4(), x4()]);
    const y = tf.concat([y4(), y4()]);
    const h = await m.fit(x, y, {
      epochs: 3,
      batchSize: 2,
      validationSplit: 0.25,
      verbose: 0,
      yieldEvery: 'batch',
      callbacks: [
        {
          onEpochEnd: (_e, logs) => {
            seen.push(Object.keys(logs ?? {}).sort());
          },
          onYield: () => {
            yields++;
          },
        },
        new tf.CustomCallback({ onTrainEnd: () => void seen.push(['end']) }),
      ],
    });
    expect(Object.keys(h.history).sort()).toEqual(['acc', 'loss', 'val_acc', 'val_loss']);
    expect(seen[0]).toEqual(['acc', 'loss', 'val_acc', 'val_loss']);
    expect(seen.at(-1)).toEqual(['end']);
    expect(yields).toBe(9); // 3 epochs of 3 batches (6 training rows, batches of 2)
  });

  test('earlyStopping monitors TF.js log names', async () => {
    const m = xorModel();
    m.compile({ optimizer: tf.train.sgd(0), loss: 'binaryCrossentropy', metrics: ['acc'] });
    const h = await m.fit(x4(), y4(), {
      epochs: 20,
      verbose: 0,
      validationData: [x4(), y4()],
      callbacks: [tf.callbacks.earlyStopping({ monitor: 'val_acc', patience: 2 })],
    });
    expect(h.epoch.length).toBeLessThan(20);
  });

  test('several outputs: metricsNames and evaluate order as TF.js', () => {
    const inp = tf.input({ shape: [3] });
    const h = tf.layers.dense({ units: 4, activation: 'relu', name: 'h' }).apply(inp);
    const oa = tf.layers.dense({ units: 2, activation: 'softmax', name: 'a' }).apply(h);
    const ob = tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'b' }).apply(h);
    const m = tf.model({ inputs: inp, outputs: [oa, ob] });
    const tin = tfjs.input({ shape: [3] });
    const th = tfjs.layers.dense!({ units: 4, activation: 'relu', name: 'h' }).apply(tin);
    const ta = tfjs.layers.dense!({ units: 2, activation: 'softmax', name: 'a' }).apply(th);
    const tb = tfjs.layers.dense!({ units: 1, activation: 'sigmoid', name: 'b' }).apply(th);
    const t = tfjs.model({ inputs: tin, outputs: [ta, tb] });
    const args = {
      optimizer: 'sgd',
      loss: ['categoricalCrossentropy', 'binaryCrossentropy'],
      metrics: ['accuracy'],
    };
    m.compile(args);
    t.compile(args);
    expect(m.metricsNames).toEqual(t.metricsNames);
    const x = [
      [1, 2, 3],
      [0, 1, 0],
    ];
    const ya = [
      [1, 0],
      [0, 1],
    ];
    const yb = [[1], [0]];
    const ours5 = m.evaluate(tf.tensor2d(x), [tf.tensor2d(ya), tf.tensor2d(yb)]) as tf.Tensor[];
    // One value per metricsNames entry. (TF.js 4.22 returns one more with several outputs:
    // its test function pushes the running total after each output's loss, so its first
    // value is output a's loss and its second the total; Neurite follows metricsNames.)
    const theirs6 = t.evaluate(tfjs.tensor2d(x), [tfjs.tensor2d(ya), tfjs.tensor2d(yb)]);
    expect(theirs6).toHaveLength(t.metricsNames.length + 1);
    expect(ours5).toHaveLength(m.metricsNames.length);
    // The total is the sum of the per-output losses, in both.
    const v = ours5.map((s) => s.dataSync()[0]!);
    expect(v[0]).toBeCloseTo(v[1]! + v[2]!, 5);
    const out = m.predict(tf.tensor2d(x)) as tf.Tensor[];
    expect(out.map((o) => o.shape)).toEqual([
      [2, 2],
      [2, 1],
    ]);
    // Inputs by name, as TF.js takes them.
    const named = m.predict({ [m.inputNames[0]!]: tf.tensor2d(x) }) as tf.Tensor[];
    expect(named).toHaveLength(2);
  });

  test('predict takes [x] for a one-input model; trainOnBatch resolves to numbers', async () => {
    const m = xorModel();
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mse'] });
    expect((m.predict([x4()]) as tf.Tensor).shape).toEqual([4, 1]);
    expect((m.predictOnBatch(x4()) as tf.Tensor).shape).toEqual([4, 1]);
    const r = await m.trainOnBatch(x4(), y4());
    expect(Array.isArray(r) && r.length === 2 && typeof r[0] === 'number').toBe(true);
  });

  test("compile's string ids mean TF.js's defaults", () => {
    const lr = (id: string): number => {
      const m = xorModel();
      m.compile({ optimizer: id, loss: 'meanSquaredError' });
      return m.optimizer!.learningRate;
    };
    expect(lr('sgd')).toBe(0.01);
    expect(lr('adagrad')).toBe(0.01);
    expect(lr('adadelta')).toBe(1);
    expect(lr('adamax')).toBe(0.002);
    expect(lr('adam')).toBe(0.001);
    expect(lr('rmsprop')).toBe(0.001);
    expect(lr('nadam')).toBe(0.001); // not a TF.js id: Neurite's (Keras) default
    const m = xorModel();
    m.compile({ optimizer: 'RMSProp', loss: 'cosineProximity' });
    expect(m.optimizer!.getClassName()).toBe('RMSprop');
  });

  test('fitDataset and evaluateDataset', async () => {
    const m = xorModel();
    m.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['acc'] });
    const ds = tf.data
      .zip({
        xs: tf.data.array([
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ]),
        ys: tf.data.array([[0], [1], [1], [0]]),
      })
      .batch(2);
    const h = await m.fitDataset(ds, { epochs: 2, verbose: 0, yieldEvery: 'never' });
    expect(Object.keys(h.history)).toEqual(['loss', 'acc']);
    const r = (await m.evaluateDataset(ds)) as tf.Tensor[];
    expect(r.map((s) => s.rank)).toEqual([0, 0]);
  });

  test('layer.output and model.inputs build a model from part of another (transfer learning)', () => {
    const base = tf.sequential({
      layers: [
        tf.layers.dense({ units: 4, inputShape: [2], name: 'features' }),
        tf.layers.dense({ units: 1, name: 'head' }),
      ],
    });
    const features = base.getLayer('features');
    const truncated = tf.model({
      inputs: base.inputs,
      outputs: features.getOutputAt(0),
    });
    expect((truncated.predict(x4()) as tf.Tensor).shape).toEqual([4, 4]);
    expect(features.getClassName()).toBe('Dense');
    expect((features as unknown as { output: tf.SymbolicTensor }).output.shape).toEqual([null, 4]);
    expect(() => tf.layers.dense({ units: 1 }).getInputAt(0)).toThrow(/called 0 time/);
  });

  test('dispose frees the weights and the optimizer compile created', async () => {
    const m = xorModel();
    m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    await m.fit(x4(), y4(), { epochs: 1, verbose: 0 });
    const r = m.dispose();
    expect(r.numDisposedVariables).toBeGreaterThanOrEqual(4);
    expect(() => m.predict(x4())).toThrow(/disposed/);
  });
});

describe('save and loadLayersModel', () => {
  test("file:// relative (with and without './'), absolute, a folder or its model.json", async () => {
    const m = xorModel();
    m.compile({ optimizer: tf.train.adam(0.1), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    await m.fit(x4(), y4(), { epochs: 3, verbose: 0 });
    const expected = Array.from((m.predict(x4()) as tf.Tensor).dataSync());
    const abs = join(dir, 'xor');
    const rel = relative(process.cwd(), abs);
    const saved = await m.save(`file://./${rel}`);
    expect(saved.modelArtifactsInfo.modelTopologyType).toBe('JSON');
    // As TF.js: the optimizer's state only with includeOptimizer.
    const json = JSON.parse(readFileSync(join(abs, 'model.json'), 'utf8')) as {
      weightsManifest: { weights: { group?: string }[] }[];
    };
    expect(
      json.weightsManifest.flatMap((g) => g.weights).some((w) => w.group === 'optimizer'),
    ).toBe(false);
    for (const url of [
      `file://${rel}`,
      `file://./${rel}/model.json`,
      `file://${abs}`,
      `file://${abs}/model.json`,
    ]) {
      const loaded = await tf.loadLayersModel(url);
      expect(loaded).toBeInstanceOf(tf.Sequential);
      const got = Array.from((loaded.predict(x4()) as tf.Tensor).dataSync());
      got.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-6));
      // 'accuracy' in the saved config logs as TF.js names it.
      expect(loaded.metricsNames).toEqual(['loss', 'acc']);
    }
    await m.save(`file://${join(dir, 'with-opt')}`, { includeOptimizer: true });
    const withOpt = JSON.parse(
      readFileSync(join(dir, 'with-opt', 'model.json'), 'utf8'),
    ) as typeof json;
    expect(
      withOpt.weightsManifest.flatMap((g) => g.weights).some((w) => w.group === 'optimizer'),
    ).toBe(true);
    const resumed = await tf.loadLayersModel(`file://${join(dir, 'with-opt')}`);
    expect(resumed.optimizer!.iterations).toBe(3);
  });

  test('browser schemes in Node, unknown schemes: clear errors', async () => {
    const m = xorModel();
    await expect(m.save('indexeddb://my-model')).rejects.toThrow(
      /indexeddb:\/\/.*exists in browsers only.*file:\/\//,
    );
    await expect(m.save('localstorage://my-model')).rejects.toThrow(/browsers only/);
    await expect(m.save('downloads://my-model')).rejects.toThrow(/browsers only/);
    await expect(tf.loadLayersModel('indexeddb://my-model')).rejects.toThrow(/browsers only/);
    await expect(tf.loadLayersModel('gs://bucket/model.json')).rejects.toThrow(
      /cannot find a handler for 'gs:\/\/bucket\/model.json'/,
    );
  });

  test('through an IOHandler and a registered router', async () => {
    const m = xorModel();
    let artifacts: tf.ModelArtifacts | undefined;
    await m.save(tf.io.withSaveHandler((a) => void (artifacts = a)));
    const back = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    expect(back.layers).toHaveLength(2);
    const store = new Map<string, tf.ModelArtifacts>();
    const router = (url: string | readonly string[]): tf.IOHandler | null =>
      typeof url === 'string' && url.startsWith('mem://')
        ? {
            save: (a) => {
              store.set(url, a);
              return Promise.resolve({ modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) });
            },
            load: () => Promise.resolve(store.get(url)!),
          }
        : null;
    tf.io.registerSaveRouter(router);
    tf.io.registerLoadRouter(router);
    expect(tf.io.getSaveHandlers('mem://a')).toHaveLength(1);
    await m.save('mem://a');
    const again = await tf.loadLayersModel('mem://a');
    const want = Array.from((m.predict(x4()) as tf.Tensor).dataSync());
    Array.from((again.predict(x4()) as tf.Tensor).dataSync()).forEach((v, i) =>
      expect(Math.abs(v - want[i]!)).toBeLessThan(1e-6),
    );
  });
});
