/**
 * Bad arguments to compile, fit, evaluate, predict and the batch methods: each is a
 * NeuriteError naming the method and the argument, what was expected and what came (with
 * its type), never a raw TypeError from deep inside.
 */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

function mlp(): nn.Sequential {
  return nn.sequential({
    layers: [
      nn.layers.dense({ units: 4, activation: 'tanh', inputShape: [4] }),
      nn.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

function compiled(): nn.Sequential {
  const m = mlp();
  m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

const x = nn.randomNormal([10, 4], 0, 1, 'float32', 1);
const y = nn.tensor([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], [10], 'int32');

/** The error `f` throws (sync), checked to be of class `cls`. */
function caught(f: () => unknown, cls: typeof nn.NeuriteError = nn.ValueError): Error {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(cls);
    return e as Error;
  }
  throw new Error('expected an error');
}

/** The error `p` rejects with, checked to be of class `cls`. */
async function rejected(
  p: Promise<unknown>,
  cls: typeof nn.NeuriteError = nn.ValueError,
): Promise<Error> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(cls);
    return e as Error;
  }
  throw new Error('expected a rejection');
}

// The API is typed; these tests pass what JavaScript callers (or `as never`) can pass.
const bad = <T>(v: unknown): T => v as T;

describe('compile', () => {
  test('a null loss, a missing optimizer, a string for metrics and unknown ids', () => {
    const m = mlp();
    expect(caught(() => m.compile({ optimizer: 'adam', loss: bad(null) })).message).toBe(
      "compile: 'loss' is required (e.g. 'sparseCategoricalCrossentropy'), received null",
    );
    expect(caught(() => m.compile(bad(null))).message).toBe(
      'compile: expected an object {optimizer, loss, metrics?}, received null',
    );
    expect(caught(() => m.compile(bad({ loss: 'mse' }))).message).toBe(
      "compile: 'optimizer' is required (e.g. 'adam'), received undefined",
    );
    expect(caught(() => m.compile({ optimizer: bad(3), loss: 'mse' })).message).toContain(
      'compile: optimizer must be an optimizer id',
    );
    expect(caught(() => m.compile({ optimizer: 'adam', loss: bad(42) })).message).toMatch(
      /^compile: loss must be a loss id .* or one per output .*, received 42$/,
    );
    expect(
      caught(() => m.compile({ optimizer: 'adam', loss: 'mse', metrics: bad('accuracy') })).message,
    ).toMatch(/^compile: metrics must be an array of metric ids .*received the string 'accuracy'$/);
    expect(
      caught(() => m.compile({ optimizer: 'adam', loss: 'mse', metrics: bad([null]) })).message,
    ).toBe("compile: metrics[0] must be a metric id (e.g. 'accuracy') or a Metric, received null");
    expect(
      caught(() => m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['acuracy'] })).message,
    ).toMatch(/unknown metric 'acuracy'; valid ids:/);
    expect(
      caught(() => m.compile({ optimizer: 'adam', loss: 'mse', lossWeights: bad(null) })).message,
    ).toMatch(/^compile: lossWeights must be a number, or one per output .*received null$/);
    expect(m.compiled).toBeNull();
    // metrics: null is "no metrics", as Keras's metrics=None.
    m.compile({ optimizer: 'adam', loss: 'mse', metrics: bad(null) });
    expect(m.compiled!.outputs[0]!.metricIds).toEqual([]);
  });
});

describe('the data arguments', () => {
  test('predict(null) and predict(plain array): clear errors; plain arrays must be wrapped in nn.tensor', () => {
    const m = compiled();
    expect(caught(() => m.predict(bad(null))).message).toBe(
      "predict: 'x' must be a Tensor or an array of Tensors (one per model input), received null",
    );
    // TF.js refuses arrays in predict too; we say how to fix it.
    const e = caught(() => m.predict(bad([[1, 2, 3, 4]])));
    expect(e.message).toBe(
      "predict: 'x' must be a Tensor or an array of Tensors (one per model input), received a plain JS array of numbers; wrap it in a tensor: nn.tensor(x)",
    );
    expect(caught(() => m.predict(bad([]))).message).toContain('received an empty array');
    expect(caught(() => m.predict(bad([x, 'a']))).message).toContain(
      "predict: 'x[1]' must be a Tensor, received the string 'a'",
    );
    expect(caught(() => m.predictOnBatch(bad('x'))).message).toContain(
      "predictOnBatch: 'x' must be a Tensor",
    );
    expect(caught(() => m.predict(nn.scalar(1)), nn.ShapeError).message).toContain(
      "predict: 'x' must have a batch dimension",
    );
  });

  test('an extra input or output tensor is an error naming the model and its input/output count', async () => {
    const m = compiled();
    const junk = nn.zeros([10, 4]);
    const name = `Sequential '${m.name}'`;
    expect((await rejected(m.fit([x, junk], y, { verbose: 0 }))).message).toBe(
      `fit: ${name} has 1 input but 'x' holds 2 tensors ([10,4], [10,4])`,
    );
    expect(m.optimizer!.iterations).toBe(0);
    expect((await rejected(m.evaluate([x, junk], y, { verbose: 0 }))).message).toBe(
      `evaluate: ${name} has 1 input but 'x' holds 2 tensors ([10,4], [10,4])`,
    );
    expect(caught(() => m.predict([x, junk])).message).toBe(
      `predict: ${name} has 1 input but 'x' holds 2 tensors ([10,4], [10,4])`,
    );
    expect(caught(() => m.trainOnBatch([x, junk], y)).message).toContain('has 1 input');
    expect(caught(() => m.testOnBatch([x, junk], y)).message).toContain('has 1 input');
    expect((await rejected(m.fit(x, [y, y], { verbose: 0 }))).message).toBe(
      `fit: ${name} has 1 output (${m.outputNames[0]}) but 'y' holds 2 tensors ([10], [10])`,
    );
    expect((await rejected(m.fit(x, bad([0, 1]), { verbose: 0 }))).message).toBe(
      "fit: 'y' must be a Tensor or an array of Tensors (one per model output), received a plain JS array of numbers; wrap it in a tensor: nn.tensor(y) (with dtype 'int32' for class labels)",
    );
    expect((await rejected(m.fit(x, bad(undefined), { verbose: 0 }))).message).toBe(
      "fit: 'y' must be a Tensor or an array of Tensors (one per model output), received undefined",
    );

    // A two-input functional model given one tensor.
    const a = nn.input({ shape: [4] });
    const b = nn.input({ shape: [4] });
    const joined = nn.layers.concatenate().apply([a, b]) as nn.SymbolicTensor;
    const out = nn.layers.dense({ units: 1 }).apply(joined);
    const two = nn.model({ inputs: [a, b], outputs: out });
    expect(caught(() => two.predict(x)).message).toBe(
      `predict: Functional '${two.name}' has 2 inputs but 'x' holds 1 tensor ([10,4])`,
    );
    expect(two.predict([x, x]).shape).toEqual([10, 1]);
  });
});

describe("fit's options", () => {
  test('null options, a callbacks object, and values of the wrong type are described with their type', async () => {
    const m = compiled();
    const fit = (args: unknown): Promise<Error> => rejected(m.fit(x, y, bad(args)));
    expect((await fit(null)).message).toBe(
      'fit: the options argument must be an object such as {epochs: 10, batchSize: 32}, received null',
    );
    expect((await fit(5)).message).toContain('received 5');
    expect((await fit({ batchSize: '8' })).message).toBe(
      "fit: batchSize must be a positive integer, received the string '8'",
    );
    expect((await fit({ batchSize: 8.5 })).message).toBe(
      'fit: batchSize must be a positive integer, received 8.5',
    );
    expect((await fit({ epochs: '3' })).message).toBe(
      "fit: epochs must be a non-negative integer, received the string '3'",
    );
    expect((await fit({ verbose: true })).message).toBe(
      'fit: verbose must be 0, 1 or 2, received the boolean true',
    );
    expect((await fit({ validationSplit: '0.2' })).message).toBe(
      "fit: validationSplit must be a number in [0, 1), received the string '0.2'",
    );
    expect((await fit({ validationSplit: 1 })).message).toBe(
      'fit: validationSplit must be a number in [0, 1), received 1',
    );
    expect((await fit({ initialEpoch: -1 })).message).toBe(
      'fit: initialEpoch must be a non-negative integer, received -1',
    );
    expect((await fit({ shuffle: 'yes' })).message).toBe(
      "fit: shuffle must be true or false, received the string 'yes'",
    );
    expect((await fit({ classWeight: [1, 2] })).message).toMatch(
      /^fit: classWeight must be an object of weights keyed by class index.*received an array of 2 items \[1,2\]$/,
    );
    expect((await fit({ classWeight: { 0: 1, 1: 'x' } })).message).toBe(
      "fit: classWeight[1] must be a non-negative finite number, received the string 'x'",
    );
    expect((await fit({ sampleWeight: [1, 2] })).message).toBe(
      'fit: sampleWeight must be a Tensor, received an array of 2 items [1,2]',
    );
    expect((await fit({ validationData: x })).message).toBe(
      'fit: validationData must be [x, y] or [x, y, sampleWeight], received a Tensor of shape [10,4] (float32)',
    );
    expect((await fit({ callbacks: 5 })).message).toMatch(
      /^fit: callbacks must be a Callback or an object of hooks; expected an array of Callbacks .*, received 5$/,
    );
    expect((await fit({ callbacks: [null] })).message).toContain(
      'fit: callbacks[0] must be a Callback or an object of hooks',
    );
    expect((await fit({ callbacks: { onEpochEnds() {} } })).message).toBe(
      "fit: callbacks has unknown key 'onEpochEnds'; a hook object may have onTrainBegin, onTrainEnd, onEpochBegin, onEpochEnd, onBatchBegin, onBatchEnd",
    );
    expect((await fit({ callbacks: { onEpochEnd: 1 } })).message).toBe(
      'fit: callbacks.onEpochEnd must be a function, received 1',
    );
    // None of these trained or left the model locked.
    expect(m.optimizer!.iterations).toBe(0);
    expect(m.isTraining).toBe(false);
  });

  test('TF.js-style hook objects are accepted as callbacks: alone, empty, or in an array with Callbacks', async () => {
    const m = compiled();
    await m.fit(x, y, { verbose: 0, callbacks: bad({}) });
    const seen: string[] = [];
    const hooks = {
      onEpochEnd(epoch: number, logs?: Record<string, number>): void {
        // Called as a method: `this` is the object.
        seen.push(`${this === hooks} epoch ${epoch} loss ${typeof logs?.loss}`);
      },
    };
    await m.fit(x, y, { epochs: 2, verbose: 0, callbacks: hooks });
    expect(seen).toEqual(['true epoch 0 loss number', 'true epoch 1 loss number']);
    // Fields other than hooks in a plain object are taken for typos.
    await expect(
      m.fit(x, y, { verbose: 0, callbacks: bad({ tag: 1, onEpochEnd() {} }) }),
    ).rejects.toThrow("fit: callbacks has unknown key 'tag'");
    // An instance of another class with hook methods works too; its fields are its own.
    class Counter {
      epochs = 0;
      onEpochEnd(): void {
        this.epochs++;
      }
    }
    const counter = new Counter();
    await m.fit(x, y, { epochs: 3, verbose: 0, callbacks: [counter] });
    expect(counter.epochs).toBe(3);
    const batches: number[] = [];
    const stopper = nn.callbacks.lambda({
      onBatchEnd: (b) => void (b === 1 && (m.stopTraining = true)),
    });
    await m.fit(x, y, {
      epochs: 3,
      batchSize: 2,
      verbose: 0,
      callbacks: [{ onBatchEnd: (b: number) => void batches.push(b) }, stopper],
    });
    expect(batches).toEqual([0, 1]);
    // evaluate takes them too.
    await m.evaluate(x, y, { verbose: 0, callbacks: bad({}) });
  });

  test('evaluate, predict, trainOnBatch and testOnBatch options', async () => {
    const m = compiled();
    expect((await rejected(m.evaluate(x, y, bad(null)))).message).toBe(
      'evaluate: the options argument must be an object such as {batchSize: 32, verbose: 0}, received null',
    );
    expect((await rejected(m.evaluate(x, y, bad({ batchSize: '8' })))).message).toBe(
      "evaluate: batchSize must be a positive integer, received the string '8'",
    );
    expect((await rejected(m.evaluate(x, y, bad({ verbose: 'yes' })))).message).toBe(
      "evaluate: verbose must be 0, 1 or 2, received the string 'yes'",
    );
    expect((await rejected(m.evaluate(x, y, bad({ callbacks: 'cb' })))).message).toContain(
      "evaluate: callbacks must be a Callback or an object of hooks; expected an array of Callbacks (e.g. [nn.callbacks.earlyStopping()]) or of hook objects such as {onEpochEnd(epoch, logs) {…}}, received the string 'cb'",
    );
    expect(caught(() => m.predict(x, bad({ batchSize: '8' }))).message).toBe(
      "predict: batchSize must be a positive integer, received the string '8'",
    );
    expect(caught(() => m.predict(x, bad({ verbose: 3 }))).message).toBe(
      'predict: verbose must be 0, 1 or 2, received 3',
    );
    expect(caught(() => m.predict(x, bad(null))).message).toBe(
      'predict: the options argument must be an object such as {batchSize: 32, verbose: 0}, received null',
    );
    expect(caught(() => m.trainOnBatch(x, y, bad(null))).message).toContain(
      'trainOnBatch: the options argument must be an object',
    );
    expect(caught(() => m.trainOnBatch(x, y, bad({ sampleWeight: 1 }))).message).toBe(
      'trainOnBatch: sampleWeight must be a Tensor, received 1',
    );
    expect(caught(() => m.testOnBatch(x, y, bad({ sampleWeight: 'w' }))).message).toBe(
      "testOnBatch: sampleWeight must be a Tensor, received the string 'w'",
    );
    expect(m.optimizer!.iterations).toBe(0);
  });
});

describe('unknown option keys are refused with the closest valid key', () => {
  const x = nn.zeros([4, 4]);
  const y = nn.tensor([0, 1, 0, 1]);

  test('fit', async () => {
    await expect(compiled().fit(x, y, { epoch: 3 } as never)).rejects.toThrow(
      /^fit: unknown option 'epoch' \(did you mean 'epochs'\?\); valid options: .*batchSize.*epochs/,
    );
    await expect(
      compiled().fit(x, y, { epochs: 1, verbose: 0, batchsize: 2 } as never),
    ).rejects.toThrow(/fit: unknown option 'batchsize' \(did you mean 'batchSize'\?\)/);
  });

  test('fit on a dataset, fitDataset, evaluateDataset', async () => {
    const ds = nn.data.zip({ xs: nn.data.array([[0, 0, 0, 0]]), ys: nn.data.array([0]) }).batch(1);
    await expect(compiled().fit(ds, undefined, { epoch: 1 } as never)).rejects.toThrow(
      /fit: unknown option 'epoch' \(did you mean 'epochs'\?\)/,
    );
    await expect(compiled().fitDataset(ds, { epochs: 1, verbos: 0 } as never)).rejects.toThrow(
      /fitDataset: unknown option 'verbos' \(did you mean 'verbose'\?\)/,
    );
    await expect(compiled().evaluateDataset(ds, { batchs: 1 } as never)).rejects.toThrow(
      /evaluateDataset: unknown option 'batchs' \(did you mean 'batches'\?\)/,
    );
    await expect(compiled().evaluate(ds, undefined, { step: 1 } as never)).rejects.toThrow(
      /evaluate: unknown option 'step' \(did you mean 'steps'\?\)/,
    );
  });

  test('evaluate, predict, trainOnBatch, testOnBatch', async () => {
    const m = compiled();
    await expect(m.evaluate(x, y, { batch_size: 2 } as never)).rejects.toThrow(
      /evaluate: unknown option 'batch_size' \(did you mean 'batchSize'\?\)/,
    );
    expect(() => m.predict(x, { batchSize: 2, verbos: 0 } as never)).toThrow(
      /predict: unknown option 'verbos' \(did you mean 'verbose'\?\); valid options: batchSize, verbose/,
    );
    expect(() => m.trainOnBatch(x, y, { sampleWeights: nn.ones([4]) } as never)).toThrow(
      /trainOnBatch: unknown option 'sampleWeights' \(did you mean 'sampleWeight'\?\)/,
    );
    expect(() => m.testOnBatch(x, y, { sampleWeights: nn.ones([4]) } as never)).toThrow(
      /testOnBatch: unknown option 'sampleWeights' \(did you mean 'sampleWeight'\?\)/,
    );
  });

  test('every valid key still works', async () => {
    const m = compiled();
    const h = await m.fit(x, y, {
      epochs: 2,
      batchSize: 2,
      verbose: 0,
      validationSplit: 0.25,
      shuffle: false,
      callbacks: [],
      initialEpoch: 0,
      classWeight: { 0: 1, 1: 2 },
    });
    expect(h.epoch).toEqual([0, 1]);
    await m.evaluate(x, y, { batchSize: 2, verbose: 0, sampleWeight: nn.ones([4]), callbacks: [] });
    m.predict(x, { batchSize: 2, verbose: 0 });
  });
});
