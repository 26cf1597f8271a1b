/**
 * Topologies other tools write, loaded through a memory handler and checked against
 * predictions computed by hand: the Keras→TF.js converter's wrapper (Keras 2 names, `lr`,
 * `:0` weight names, list-valued BatchNormalization axis), Keras 3's configs (module keys,
 * DTypePolicy objects, `batch_shape`, `__keras_tensor__` inbound nodes, flat output refs)
 * and TF.js's `Model` class name.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import {
  fromMemory,
  loadModel,
  ModelIOError,
  type ModelArtifacts,
  saveModel,
} from '../../src/io/index.js';
import { maxDiff, outputs, tempDir, weightValues } from './helpers.js';

const W = [0.5, -1, 2, 0.25, -0.5, 1]; // [3, 2]
const B = [0.1, -0.2];
const X = [
  [1, 2, 3],
  [-1, 0.5, 2],
];

/** x·W + b, by hand. */
function affine(x: number[][]): number[][] {
  return x.map((row) => [0, 1].map((j) => row.reduce((s, v, i) => s + v * W[i * 2 + j]!, B[j]!)));
}

function artifacts(
  modelTopology: object,
  weights: [string, number[], number[]][],
  extra: Partial<ModelArtifacts> = {},
): ModelArtifacts {
  const values = Float32Array.from(weights.flatMap(([, , v]) => v));
  return {
    modelTopology,
    weightSpecs: weights.map(([name, shape]) => ({ name, shape, dtype: 'float32' })),
    weightData: values.buffer,
    ...extra,
  };
}

const dense = (config: object): object => ({
  class_name: 'Dense',
  config: {
    units: 2,
    use_bias: true,
    kernel_initializer: {
      class_name: 'VarianceScaling',
      config: {
        scale: 1.0,
        mode: 'fan_avg',
        distribution: 'uniform',
        seed: null,
        dtype: 'float32',
      },
    },
    bias_initializer: { class_name: 'Zeros', config: { dtype: 'float32' } },
    kernel_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
    ...config,
  },
});

describe('topologies written by other tools', () => {
  test('the Keras→TF.js converter: model_config wrapper, training_config with lr, ":0" names', async () => {
    const topology = {
      keras_version: '2.1.6-tf',
      backend: 'tensorflow',
      model_config: {
        class_name: 'Sequential',
        config: {
          name: 'sequential',
          layers: [
            dense({
              name: 'dense',
              trainable: true,
              batch_input_shape: [null, 3],
              dtype: 'float32',
              activation: 'linear',
            }),
            {
              class_name: 'LeakyReLU',
              config: { name: 'leaky', trainable: true, dtype: 'float32', alpha: 0.1 },
            },
          ],
        },
      },
      training_config: {
        optimizer_config: {
          class_name: 'Adam',
          config: {
            lr: 0.0010000000474974513,
            beta_1: 0.8999999761581421,
            beta_2: 0.9990000128746033,
            decay: 0.0,
            epsilon: 1e-7,
            amsgrad: false,
          },
        },
        loss: 'mean_squared_error',
        metrics: ['mae'],
        weighted_metrics: null,
        sample_weight_mode: null,
        loss_weights: null,
      },
    };
    const model = await loadModel(
      fromMemory(
        artifacts(
          topology,
          [
            ['dense/kernel:0', [3, 2], W],
            ['dense/bias:0', [2], B],
          ],
          { convertedBy: 'TensorFlow.js Converter v1.0' },
        ),
      ),
    );
    const expected = affine(X)
      .flat()
      .map((v) => (v < 0 ? 0.1 * v : v));
    expect(maxDiff(outputs(model, nn.tensor(X)), expected)).toBeLessThan(1e-6);
    expect(model.optimizer!.className).toBe('Adam');
    expect(model.optimizer!.learningRate).toBeCloseTo(0.001, 9);
    expect(model.compiled!.args.metrics).toEqual(['mae']);
  });

  test('Keras 3: module keys, DTypePolicy, batch_shape, __keras_tensor__ nodes, a flat output ref', async () => {
    const policy = {
      module: 'keras',
      class_name: 'DTypePolicy',
      config: { name: 'float32' },
      registered_name: null,
    };
    const tensor = (name: string) => ({
      class_name: '__keras_tensor__',
      config: { shape: [null, 3], dtype: 'float32', keras_history: [name, 0, 0] },
    });
    const topology = {
      module: 'keras',
      class_name: 'Functional',
      config: {
        name: 'functional',
        trainable: true,
        layers: [
          {
            module: 'keras.layers',
            class_name: 'InputLayer',
            config: { batch_shape: [null, 3], dtype: 'float32', sparse: false, name: 'in_a' },
            registered_name: null,
            name: 'in_a',
            inbound_nodes: [],
          },
          {
            module: 'keras.layers',
            class_name: 'InputLayer',
            config: { batch_shape: [null, 3], dtype: 'float32', sparse: false, name: 'in_b' },
            registered_name: null,
            name: 'in_b',
            inbound_nodes: [],
          },
          {
            module: 'keras.layers',
            class_name: 'Add',
            config: { name: 'add', trainable: true, dtype: policy },
            registered_name: null,
            build_config: {
              input_shape: [
                [null, 3],
                [null, 3],
              ],
            },
            name: 'add',
            inbound_nodes: [{ args: [[tensor('in_a'), tensor('in_b')]], kwargs: {} }],
          },
          {
            module: 'keras.layers',
            ...dense({
              name: 'dense',
              trainable: true,
              dtype: policy,
              activation: 'relu',
              kernel_initializer: {
                module: 'keras.initializers',
                class_name: 'GlorotUniform',
                config: { seed: null },
                registered_name: null,
              },
            }),
            registered_name: null,
            build_config: { input_shape: [null, 3] },
            name: 'dense',
            inbound_nodes: [{ args: [tensor('add')], kwargs: {} }],
          },
        ],
        input_layers: [
          ['in_a', 0, 0],
          ['in_b', 0, 0],
        ],
        output_layers: ['dense', 0, 0],
      },
      registered_name: 'Functional',
    };
    const model = await loadModel(
      fromMemory(
        artifacts(topology, [
          ['dense/kernel', [3, 2], W],
          ['dense/bias', [2], B],
        ]),
      ),
    );
    const half = X.map((r) => r.map((v) => v / 2));
    // (a + b) with a = b = X/2 is X.
    const got = outputs(model, [nn.tensor(half), nn.tensor(half)]);
    expect(
      maxDiff(
        got,
        affine(X)
          .flat()
          .map((v) => Math.max(0, v)),
      ),
    ).toBeLessThan(1e-6);
    expect(model.compiled).toBeNull();
  });

  test("TF.js's 'Model' class name, a list-valued BatchNormalization axis", async () => {
    const topology = {
      class_name: 'Model',
      config: {
        name: 'model',
        layers: [
          {
            name: 'x',
            class_name: 'InputLayer',
            config: { batch_input_shape: [null, 3], dtype: 'float32', sparse: false, name: 'x' },
            inbound_nodes: [],
          },
          {
            name: 'bn',
            class_name: 'BatchNormalization',
            config: {
              name: 'bn',
              axis: [1],
              momentum: 0.99,
              epsilon: 0.5,
              center: true,
              scale: true,
            },
            inbound_nodes: [[['x', 0, 0, {}]]],
          },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['bn', 0, 0]],
      },
    };
    const gamma = [2, 1, 0.5];
    const beta = [0, 1, -1];
    const mean = [1, 0, 2];
    const variance = [1.5, 0.5, 3.5];
    const model = await loadModel(
      fromMemory(
        artifacts(topology, [
          ['bn/gamma', [3], gamma],
          ['bn/beta', [3], beta],
          ['bn/moving_mean', [3], mean],
          ['bn/moving_variance', [3], variance],
        ]),
      ),
    );
    const expected = X.flatMap((r) =>
      r.map((v, i) => ((v - mean[i]!) / Math.sqrt(variance[i]! + 0.5)) * gamma[i]! + beta[i]!),
    );
    expect(maxDiff(outputs(model, nn.tensor(X)), expected)).toBeLessThan(1e-6);
  });

  test('a __proto__ key in a file stays data: nothing is polluted, nothing runs', async () => {
    const topology = JSON.parse(
      '{"class_name":"Sequential","config":{"name":"s","__proto__":{"polluted":1},"layers":[' +
        '{"class_name":"Dense","config":{"units":2,"batch_input_shape":[null,3],"__proto__":{"polluted":2},' +
        '"kernel_initializer":{"class_name":"Zeros","config":{"__proto__":{"polluted":3}}}}}]}}',
    ) as object;
    const model = await loadModel(
      fromMemory(
        artifacts(topology, [
          ['dense/kernel', [3, 2], W],
          ['dense/bias', [2], B],
        ]),
      ),
    );
    expect(maxDiff(outputs(model, nn.tensor(X)), affine(X).flat())).toBeLessThan(1e-6);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  test('malformed topologies are refused with ModelIOError', async () => {
    const bad: [object, RegExp][] = [
      [{ class_name: 'Sequential', config: 5 }, /the Sequential config must list its layers/],
      [
        { class_name: 'Graph', config: {} },
        /class_name must be Sequential, Functional or Model, received "Graph"/,
      ],
      [
        {
          class_name: 'Sequential',
          config: {
            layers: [dense({ name: 'd', dtype: 'float16', batch_input_shape: [null, 3] })],
          },
        },
        /dtype "float16" is not supported/,
      ],
      [
        {
          class_name: 'Sequential',
          config: { layers: [{ class_name: 'Dense', config: { units: -2 } }] },
        },
        /layer '\?' \(Dense\): invalid config: Dense: units must be a positive integer/,
      ],
      [
        {
          class_name: 'Model',
          config: {
            name: 'm',
            layers: [
              {
                name: 'x',
                class_name: 'InputLayer',
                config: { batch_input_shape: [null, 3] },
                inbound_nodes: [],
              },
            ],
            input_layers: [['x', 0, 0]],
            output_layers: [['y', 0, 0]],
          },
        },
        /output_layers \["y",0,0\] does not name a layer output of the model/,
      ],
      [
        {
          class_name: 'Model',
          config: {
            name: 'm',
            layers: [
              {
                name: 'x',
                class_name: 'InputLayer',
                config: { batch_input_shape: [null, 3] },
                inbound_nodes: [],
              },
              {
                name: 'a',
                class_name: 'Activation',
                config: { activation: 'relu' },
                inbound_nodes: [[['b', 0, 0, {}]]],
              },
              {
                name: 'b',
                class_name: 'Activation',
                config: { activation: 'relu' },
                inbound_nodes: [[['a', 0, 0, {}]]],
              },
            ],
            input_layers: [['x', 0, 0]],
            output_layers: [['b', 0, 0]],
          },
        },
        /layer 'a' cannot be connected: its input \["b",0,0\] is never produced/,
      ],
    ];
    for (const [topology, message] of bad) {
      const err = await loadModel(fromMemory({ modelTopology: topology })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelIOError);
      expect((err as Error).message).toMatch(message);
    }
  });
});

describe('the training config is checked when loading, naming the file and the field', () => {
  const parent = tempDir();
  let n = 0;

  /** A compiled model saved to a folder, its trainingConfig then edited by `edit`. */
  async function saved(edit: (tc: Record<string, unknown>) => void): Promise<string> {
    const dir = join(parent, `m${n++}`);
    nn.setSeed(1);
    const model = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [3] })] });
    model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
    await saveModel(model, dir);
    nn.dispose(model.weights);
    model.optimizer!.dispose();
    const file = join(dir, 'model.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      trainingConfig: Record<string, unknown>;
    };
    edit(json.trainingConfig);
    writeFileSync(file, JSON.stringify(json));
    return dir;
  }

  async function loadError(dir: string): Promise<ModelIOError> {
    const before = nn.memory().numTensors;
    const err = await loadModel(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelIOError);
    expect((err as ModelIOError).file).toBe(join(dir, 'model.json'));
    // At most `before`: tensors earlier tests forgot may be reclaimed by the garbage
    // collector meanwhile (the FinalizationRegistry), never added by a failed load.
    expect(nn.memory().numTensors).toBeLessThanOrEqual(before);
    return err as ModelIOError;
  }

  test('an unknown metric id fails at load, not at evaluate', async () => {
    const dir = await saved((tc) => (tc.metrics = ['acuracy']));
    const err = await loadError(dir);
    expect(err.message).toMatch(
      /\/model\.json: trainingConfig\.metrics\[0\]: unknown metric 'acuracy' \(did you mean 'accuracy'\?\); known: accuracy \(acc\), binaryAccuracy, .*, or any loss id; load with \{compile: false\} to skip the training config$/,
    );
    // The weights are still readable without the training config.
    const model = await loadModel(dir, { compile: false });
    expect(model.compiled).toBeNull();
    expect(weightValues(model)).toHaveLength(8);
    nn.dispose(model.weights);
  });

  test('an unknown loss, a bad loss config, an unknown optimizer, a bad optimizer option', async () => {
    const cases: [(tc: Record<string, unknown>) => void, RegExp][] = [
      [
        (tc) => (tc.loss = 'mean_sqared_error'),
        /model\.json: trainingConfig\.loss: unknown loss 'mean_sqared_error' \(did you mean 'meanSquaredError'\?\); known: meanSquaredError \(mse\)/,
      ],
      [
        (tc) => (tc.loss = { class_name: 'Huber', config: { delta: 'x' } }),
        /model\.json: trainingConfig\.loss: huber: delta must be a positive number/,
      ],
      [
        (tc) => (tc.loss = [{ class_name: 'Nope' }]),
        /model\.json: trainingConfig\.loss\[0\]: unknown loss 'Nope'/,
      ],
      [
        (tc) => ((tc.optimizer_config as { class_name: string }).class_name = 'Adamm'),
        /model\.json: trainingConfig\.optimizer_config\.class_name: unknown optimizer 'Adamm' \(did you mean 'adam'\?\); known: sgd, adagrad/,
      ],
      [
        (tc) => ((tc.optimizer_config as { config: object }).config = { beta_x: 1 }),
        /model\.json: trainingConfig\.optimizer_config\.config: unknown Adam option\(s\) 'betaX'/,
      ],
      [
        (tc) => (tc.metrics = { dense: ['mae', 'nope'] }),
        /model\.json: trainingConfig\.metrics\.dense\[1\]: unknown metric 'nope'/,
      ],
      [
        (tc) => (tc.metrics = [{ class_name: 'AUC', config: { num_thresholds: -1 } }]),
        /model\.json: trainingConfig\.metrics\[0\]: auc: numThresholds must be an integer > 1/,
      ],
      [
        (tc) => (tc.metrics = [7]),
        /model\.json: trainingConfig\.metrics\[0\]: a metric must be a name or \{class_name, config\}, received a number 7/,
      ],
      [
        (tc) => (tc.loss_weights = ['heavy']),
        /model\.json: trainingConfig\.loss_weights: must be a list or a record of finite numbers, received an array \["heavy"\]/,
      ],
    ];
    for (const [edit, message] of cases) {
      expect((await loadError(await saved(edit))).message).toMatch(message);
    }
  });

  test("the converter's training_config is named as such", async () => {
    const topology = {
      model_config: {
        class_name: 'Sequential',
        config: { layers: [dense({ name: 'dense', batch_input_shape: [null, 3] })] },
      },
      training_config: {
        optimizer_config: { class_name: 'Adam', config: {} },
        loss: 'mse',
        metrics: ['acc', 'precison'],
      },
    };
    const err = await loadModel(
      fromMemory(
        artifacts(topology, [
          ['dense/kernel', [3, 2], W],
          ['dense/bias', [2], B],
        ]),
      ),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelIOError);
    expect((err as Error).message).toMatch(
      /^IOHandler: modelTopology\.training_config\.metrics\[1\]: unknown metric 'precison' \(did you mean 'precision'\?\)/,
    );
  });

  test('a valid training config still loads and compiles', async () => {
    const dir = await saved((tc) => (tc.metrics = ['accuracy', 'binary_crossentropy', 'RMSE']));
    const model = await loadModel(dir);
    expect(model.compiled!.args.metrics).toEqual(['accuracy', 'binary_crossentropy', 'RMSE']);
    nn.dispose(model.weights);
    model.optimizer!.dispose();
  });
});
