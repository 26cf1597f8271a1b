/**
 * One model used by overlapping calls: a second fit is refused (its steps would interleave
 * with the first's), and evaluations made during fit (from callbacks or alongside it) leave
 * the training metrics exactly as they would have been.
 */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

/** A seeded two-class problem: inside or outside a circle. */
function circles(n: number, seed: number): [nn.Tensor, nn.Tensor] {
  const x = nn.randomUniform([n, 2], -1.5, 1.5, 'float32', seed);
  const v = x.dataSync();
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = v[2 * i]! ** 2 + v[2 * i + 1]! ** 2 < 1 ? 1 : 0;
  return [x, nn.tensor(y, [n], 'int32')];
}

/** A fresh compiled model; the same seed gives the same weights. */
function model(seed: number, metrics: nn.CompileArgs['metrics'] = ['accuracy']): nn.Sequential {
  nn.setSeed(seed);
  const m = nn.sequential({
    layers: [
      nn.layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }),
      nn.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  m.compile({
    optimizer: nn.optimizers.adam({ learningRate: 0.02 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics,
  });
  return m;
}

const N = 200;
const BATCH = 16;
const EPOCHS = 3;
const STEPS = Math.ceil(N / BATCH); // 13

/** The model the latest `run` trains, for its callbacks. */
let current: nn.Sequential | null = null;
const m = (): nn.Sequential => current!;

/** The history of a seeded 3-epoch run with `callbacks`. */
async function run(
  callbacks: nn.FitArgs['callbacks'] = [],
  metrics?: nn.CompileArgs['metrics'],
  extra: Partial<nn.FitArgs> = {},
): Promise<nn.History> {
  current = model(11, metrics);
  const [x, y] = circles(N, 1);
  nn.setSeed(5); // the shuffling order
  return current.fit(x, y, { epochs: EPOCHS, batchSize: BATCH, verbose: 0, callbacks, ...extra });
}

describe('one fit at a time', () => {
  test('a second fit of the same model under Promise.all is refused, naming the model; the first runs alone', async () => {
    const [x, y] = circles(N, 1);
    const solo = model(3);
    nn.setSeed(9);
    const alone = await solo.fit(x, y, { epochs: EPOCHS, batchSize: BATCH, verbose: 0 });

    const m = model(3);
    nn.setSeed(9);
    const [first, second] = await Promise.allSettled([
      m.fit(x, y, { epochs: EPOCHS, batchSize: BATCH, verbose: 0 }),
      m.fit(x, y, { epochs: EPOCHS, batchSize: BATCH, verbose: 0 }),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    const err = (second as PromiseRejectedResult).reason as Error;
    expect(err).toBeInstanceOf(nn.NeuriteError);
    expect(err.message).toContain(`fit: cannot start training Sequential '${m.name}'`);
    expect(err.message).toContain('another fit() call on it is ongoing');
    // Only the first fit's steps ran (both would have given 2 × 39).
    expect(m.optimizer!.iterations).toBe(EPOCHS * STEPS);
    expect((first as PromiseFulfilledResult<nn.History>).value.history).toEqual(alone.history);
    expect(m.isTraining).toBe(false);
  });

  test('a fit while another is awaiting its callbacks is refused too, and fits of different models run together', async () => {
    const [x, y] = circles(N, 1);
    const m = model(3);
    let refusal: unknown = null;
    const h = await m.fit(x, y, {
      epochs: 1,
      batchSize: BATCH,
      verbose: 0,
      callbacks: [
        nn.callbacks.lambda({
          onBatchEnd: async (batch) => {
            if (batch === 2) {
              await m.fit(x, y, { verbose: 0 }).catch((e: unknown) => (refusal = e));
            }
          },
        }),
      ],
    });
    expect(refusal).toBeInstanceOf(nn.NeuriteError);
    expect(h.history.loss).toHaveLength(1);
    expect(m.optimizer!.iterations).toBe(STEPS);

    const a = model(3);
    const b = model(3);
    await Promise.all([
      a.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0 }),
      b.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0 }),
    ]);
    expect([a.optimizer!.iterations, b.optimizer!.iterations]).toEqual([STEPS, STEPS]);
  });

  test('the lock is released when fit throws (in a callback or on a bad argument) and when it is stopped', async () => {
    const [x, y] = circles(N, 1);
    const m = model(3);
    await expect(
      m.fit(x, y, {
        verbose: 0,
        callbacks: {
          onEpochEnd() {
            throw new Error('boom');
          },
        },
      }),
    ).rejects.toThrow('boom');
    expect(m.isTraining).toBe(false);
    await expect(m.fit(x, y, { verbose: 0, batchSize: -1 })).rejects.toThrow(nn.ValueError);
    expect(m.isTraining).toBe(false);
    await expect(m.fit(x, nn.slice(y, [0], [5]), { verbose: 0 })).rejects.toThrow(nn.ShapeError);
    expect(m.isTraining).toBe(false);

    const before = m.optimizer!.iterations;
    const h = await m.fit(x, y, {
      epochs: 5,
      batchSize: BATCH,
      verbose: 0,
      callbacks: [
        nn.callbacks.lambda({
          onBatchEnd: (batch) => {
            if (batch === 3) m.stopTraining = true;
          },
        }),
      ],
    });
    expect(h.epoch).toEqual([0]);
    expect(m.optimizer!.iterations - before).toBe(4);
    expect(m.isTraining).toBe(false);
    // A fresh fit runs in full afterwards.
    await m.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0 });
    expect(m.optimizer!.iterations - before).toBe(4 + STEPS);
  });

  test('trainOnBatch, compile and dispose are refused while fit runs', async () => {
    const [x, y] = circles(N, 1);
    const m = model(3);
    const errors: unknown[] = [];
    const tryIt = (f: () => unknown): void => {
      try {
        f();
      } catch (e) {
        errors.push(e);
      }
    };
    await m.fit(x, y, {
      epochs: 1,
      batchSize: BATCH,
      verbose: 0,
      callbacks: {
        onBatchEnd(batch) {
          if (batch !== 1) return;
          tryIt(() => m.trainOnBatch(x, y));
          tryIt(() => m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' }));
          tryIt(() => m.dispose());
        },
      },
    });
    expect(errors).toHaveLength(3);
    const messages = errors.map((e) => {
      expect(e).toBeInstanceOf(nn.NeuriteError);
      return (e as Error).message;
    });
    expect(messages[0]).toMatch(/^trainOnBatch: Sequential '.*' is being trained by fit\(\)/);
    expect(messages[1]).toMatch(/^compile: Sequential '.*' is being trained by fit\(\)/);
    expect(messages[2]).toMatch(/^dispose: Sequential '.*' is being trained by fit\(\)/);
    expect(m.optimizer!.iterations).toBe(STEPS);
    // Once fit is over they work.
    m.trainOnBatch(x, y);
    expect(m.optimizer!.iterations).toBe(STEPS + 1);
  });
});

describe('evaluations during fit keep their own metric state', () => {
  test('model.evaluate on other data in onEpochEnd: the logged training accuracy equals that of a run without it', async () => {
    const [ox, oy] = circles(64, 7);
    const plain = await run();
    const evaluated: number[] = [];
    const withEvaluate = await run({
      onEpochEnd: async () => {
        evaluated.push((await m().evaluate(ox, oy, { verbose: 0 })).accuracy!);
      },
    });
    expect(evaluated).toHaveLength(EPOCHS);
    expect(withEvaluate.history.accuracy).toEqual(plain.history.accuracy);
    expect(withEvaluate.history).toEqual(plain.history);
  });

  test('model.evaluate in onEpochEnd and onBatchEnd leaves the training history exactly as without it', async () => {
    const [ox, oy] = circles(64, 7);
    const plain = await run();
    const seen: number[] = [];
    const withEvaluate = await run([
      nn.callbacks.lambda({
        onBatchEnd: async () => {
          seen.push((await m().evaluate(ox, oy, { verbose: 0 })).accuracy!);
        },
        onEpochEnd: async () => {
          seen.push((await m().evaluate(ox, oy, { verbose: 0 })).accuracy!);
        },
      }),
    ]);
    expect(seen).toHaveLength(EPOCHS * (STEPS + 1));
    expect(withEvaluate.history).toEqual(plain.history);
    expect(Object.keys(plain.history).sort()).toEqual(['accuracy', 'loss']);
  });

  test('with validation and other metric kinds (a Metric object, a loss id), evaluate + testOnBatch + predict mid-epoch leave the history identical', async () => {
    const [ox, oy] = circles(64, 7);
    const metrics = (): nn.CompileArgs['metrics'] => [
      'accuracy',
      nn.metrics.sparseCategoricalAccuracy({ name: 'sca' }),
      'sparseCategoricalCrossentropy',
    ];
    const extra = { validationSplit: 0.25 };
    const plain = await run([], metrics(), extra);
    const withEvaluate = await run(
      [
        nn.callbacks.lambda({
          onBatchEnd: async () => {
            await m().evaluate(ox, oy, { verbose: 0, batchSize: 7 });
            m().testOnBatch(ox, oy);
            m().predict(ox).dispose();
          },
        }),
      ],
      metrics(),
      extra,
    );
    expect(Object.keys(plain.history).sort()).toEqual([
      'accuracy',
      'loss',
      'sca',
      'sparseCategoricalCrossentropy',
      'val_accuracy',
      'val_loss',
      'val_sca',
      'val_sparseCategoricalCrossentropy',
    ]);
    expect(withEvaluate.history).toEqual(plain.history);
  });

  test('an evaluate running alongside fit (Promise.all) changes nothing in its history', async () => {
    const [ox, oy] = circles(64, 7);
    // fit awaits a timer after each batch, so that the concurrent evaluations interleave.
    const pause = { onBatchEnd: () => new Promise<void>((r) => setTimeout(r, 1)) };
    const plain = await run(pause);
    const m0 = model(11);
    const [x, y] = circles(N, 1);
    nn.setSeed(5);
    let evaluations = 0;
    let done = false;
    const fitting = m0
      .fit(x, y, { epochs: EPOCHS, batchSize: BATCH, verbose: 0, callbacks: pause })
      .finally(() => (done = true));
    const evaluating = (async () => {
      while (!done) {
        await m0.evaluate(ox, oy, { verbose: 0 });
        evaluations++;
        await new Promise<void>((r) => setTimeout(r, 0));
      }
    })();
    const [h] = await Promise.all([fitting, evaluating]);
    expect(evaluations).toBeGreaterThan(2);
    expect(h.history).toEqual(plain.history);
  });

  test('a metric that cannot be copied: evaluate mid-epoch is a clear error, from onEpochEnd it works', async () => {
    const [ox, oy] = circles(64, 7);
    const within = (): nn.metrics.MeanMetricWrapper =>
      nn.metrics.meanMetricWrapper(
        (t, p) => nn.cast(nn.equal(nn.cast(t, 'int32'), nn.argMax(p, -1)), 'float32'),
        {
          name: 'hits',
          direction: 'up',
        },
      );
    const plain = await run([], [within()]);
    const atEpochEnd = await run(
      { onEpochEnd: async () => void (await m().evaluate(ox, oy, { verbose: 0 })) },
      [within()],
    );
    expect(atEpochEnd.history).toEqual(plain.history);
    await expect(
      run({ onBatchEnd: async () => void (await m().evaluate(ox, oy, { verbose: 0 })) }, [
        within(),
      ]),
    ).rejects.toThrow(
      /evaluate: metric 'hits' \(MeanMetricWrapper\) cannot be copied, so this evaluation would share it with the fit\(\) running on Sequential '.*'/,
    );
  });
});
