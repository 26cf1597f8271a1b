import { afterEach, describe, expect, test, vi } from 'vitest';
import * as nn from 'neurite';
import { ProgbarLogger } from '../../src/callbacks/progbar-logger.js';

/** A seeded two-class problem as plain rows: inside or outside a circle. */
function circleRows(n: number, seed: number): { x: number[][]; y: number[] } {
  const t = nn.randomUniform([n, 2], -1.5, 1.5, 'float32', seed);
  const v = t.dataSync();
  t.dispose();
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push([v[2 * i]!, v[2 * i + 1]!]);
    y.push(v[2 * i]! ** 2 + v[2 * i + 1]! ** 2 < 1 ? 1 : 0);
  }
  return { x, y };
}

function mlp(seed: number): nn.Sequential {
  nn.setSeed(seed);
  const m = nn.sequential({
    layers: [
      nn.layers.dense({ units: 16, activation: 'tanh', inputShape: [2] }),
      nn.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  m.compile({
    optimizer: nn.optimizers.adam({ learningRate: 0.05 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return m;
}

/** The rows as a dataset of `{xs: [2], ys: int32 scalar}` elements, made lazily. */
function rowDataset(rows: { x: number[][]; y: number[] }) {
  return nn.data.generator(function* () {
    for (let i = 0; i < rows.y.length; i++)
      yield { xs: nn.tensor(rows.x[i]!), ys: nn.scalar(rows.y[i]!, 'int32') };
  });
}

function weightsOf(m: nn.Model): number[][] {
  return m.getWeights().map((w) => Array.from(w.dataSync()));
}

/** Records the sizes of the batches fit feeds the model. */
class BatchSpy extends nn.Callback {
  sizes: number[] = [];
  epochs: number[] = [];
  override onBatchBegin(_b: number, logs?: Record<string, number>): void {
    this.sizes.push(logs!.size!);
  }
  override onEpochEnd(epoch: number): void {
    this.epochs.push(epoch);
  }
}

afterEach(() => vi.restoreAllMocks());

describe('fitDataset, evaluateDataset and fit(dataset)', () => {
  test('a seeded model learns the circles from a generator dataset', async () => {
    const rows = circleRows(320, 1);
    const m = mlp(5);
    const ds = rowDataset(rows).shuffle(320, 2).batch(32);
    const h = await m.fitDataset(ds, { epochs: 12, verbose: 0 });
    expect(h.epoch).toEqual([...Array(12).keys()]);
    expect(Object.keys(h.history).sort()).toEqual(['accuracy', 'loss']);
    expect(h.history.loss!.at(-1)).toBeLessThan(h.history.loss![0]! * 0.7);
    const logs = await m.evaluateDataset(rowDataset(rows).batch(64), { verbose: 0 });
    expect(logs.accuracy).toBeGreaterThan(0.85);
  });

  test('the same batches in the same order give bit-identical weights to fit on tensors', async () => {
    const rows = circleRows(100, 3);
    const x = nn.tensor(rows.x);
    const y = nn.tensor(rows.y, [100], 'int32');
    const opts = { epochs: 3, verbose: 0 as const, classWeight: { 0: 1, 1: 2 } };
    const ref = mlp(9);
    const hRef = await ref.fit(x, y, { ...opts, batchSize: 16, shuffle: false });
    const want = weightsOf(ref);

    const a = mlp(9);
    const hA = await a.fitDataset(rowDataset(rows).batch(16), opts);
    expect(weightsOf(a)).toEqual(want);
    expect(hA.history).toEqual(hRef.history);

    // Keras 3 style: fit(dataset) with y omitted; also an array dataset of [x, y] tuples.
    const b = mlp(9);
    const tuples = nn.data.array(rows.x.map((r, i) => [r, rows.y[i]!] as [number[], number]));
    const ints = tuples.batch(16).map(([xb, yb]) => [xb, yb.cast('int32')] as [nn.Tensor, nn.Tensor]);
    const hB = await b.fit(ints, undefined, opts);
    expect(weightsOf(b)).toEqual(want);
    expect(hB.history).toEqual(hRef.history);

    // A generator function and an async iterable work as well.
    const batches = async function* () {
      for (let s = 0; s < 100; s += 16) {
        await Promise.resolve(); // an asynchronous source
        const n = Math.min(16, 100 - s);
        yield [nn.slice(x, [s], [n]), nn.slice(y, [s], [n])] as const;
      }
    };
    const c = mlp(9);
    await c.fit(batches, undefined, opts);
    expect(weightsOf(c)).toEqual(want);
    const d = mlp(9);
    await d.fit(
      { [Symbol.asyncIterator]: () => batches() },
      undefined,
      { ...opts, epochs: 1 },
    );
    const d1 = mlp(9);
    await d1.fit(x, y, { ...opts, epochs: 1, batchSize: 16, shuffle: false });
    expect(weightsOf(d)).toEqual(weightsOf(d1));

    // evaluate on a dataset gives evaluate's numbers on the same batches.
    const e1 = await ref.evaluate(x, y, { batchSize: 16, verbose: 0 });
    const e2 = await ref.evaluateDataset(rowDataset(rows).batch(16), { verbose: 0 });
    const e3 = await ref.evaluate(rowDataset(rows).batch(16), undefined, { verbose: 0 });
    expect(e2).toEqual(e1);
    expect(e3).toEqual(e1);
  });

  test('each epoch is a new pass; batchesPerEpoch continues one iterator across epochs', async () => {
    const m = mlp(1);
    const rows = circleRows(40, 4);
    let passes = 0;
    const ds = nn.data
      .generator(function* () {
        passes++;
        for (let i = 0; i < 40; i++)
          yield { xs: nn.tensor(rows.x[i]!), ys: nn.scalar(rows.y[i]!, 'int32') };
      })
      .batch(10);
    const spy = new BatchSpy();
    await m.fitDataset(ds, { epochs: 3, verbose: 0, callbacks: [spy] });
    expect(passes).toBe(3);
    expect(spy.sizes).toEqual(Array(12).fill(10));

    passes = 0;
    const spy2 = new BatchSpy();
    await m.fitDataset(ds.repeat(), { epochs: 3, batchesPerEpoch: 6, verbose: 0, callbacks: [spy2] });
    // 18 batches from one iterator over the repeated data: 40 rows are read 4.5 times.
    expect(spy2.sizes.length).toBe(18);
    expect(passes).toBe(5);
    const spy3 = new BatchSpy();
    await m.fit(ds.repeat(), undefined, {
      epochs: 2,
      stepsPerEpoch: 3,
      verbose: 0,
      callbacks: [spy3],
    });
    expect(spy3.sizes.length).toBe(6);
  });

  test('data that runs out before stepsPerEpoch * epochs: a warning, and training stops', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const m = mlp(1);
    const rows = circleRows(50, 5);
    const spy = new BatchSpy();
    const h = await m.fit(rowDataset(rows).batch(10), undefined, {
      epochs: 4,
      stepsPerEpoch: 3,
      verbose: 0,
      callbacks: [spy],
    });
    // Batches 1-3 make epoch 0, 4-5 a short epoch 1, then the data is spent.
    expect(spy.sizes.length).toBe(5);
    expect(h.epoch).toEqual([0, 1]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/fit: the input ran out of data/));

    // A one-shot generator object is spent after the first epoch.
    warn.mockClear();
    const gen = (function* () {
      for (let i = 0; i < 3; i++) yield [nn.ones([4, 2]), nn.zeros([4], 'int32')] as const;
    })();
    const h2 = await m.fit(gen, undefined, { epochs: 3, verbose: 0 });
    expect(h2.epoch).toEqual([0]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test('validation on a dataset or on tensors; validationBatches bounds it', async () => {
    const rows = circleRows(60, 6);
    const val = circleRows(30, 7);
    const m = mlp(2);
    const h = await m.fitDataset(rowDataset(rows).batch(20), {
      epochs: 2,
      verbose: 0,
      validationData: rowDataset(val).batch(10),
    });
    expect(Object.keys(h.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    const vx = nn.tensor(val.x);
    const vy = nn.tensor(val.y, [30], 'int32');
    const frozen = mlp(2);
    frozen.compile({ optimizer: nn.optimizers.sgd({ learningRate: 0 }), loss: 'sparseCategoricalCrossentropy' });
    const h2 = await frozen.fitDataset(rowDataset(rows).batch(20), {
      verbose: 0,
      validationData: [vx, vy],
    });
    const h3 = await frozen.fitDataset(rowDataset(rows).batch(20), {
      verbose: 0,
      validationData: rowDataset(val).batch(10),
      validationBatches: 1,
    });
    const firstTen = await frozen.evaluate(nn.slice(vx, [0], [10]), nn.slice(vy, [0], [10]), {
      verbose: 0,
    });
    expect(h2.history.val_loss![0]).toBeCloseTo((await frozen.evaluate(vx, vy, { verbose: 0 })).loss!, 6);
    expect(h3.history.val_loss![0]).toBeCloseTo(firstTen.loss!, 6);
    // Keras: a fit on tensors may validate on a dataset, validationSteps batches of it.
    const x = nn.tensor(rows.x);
    const y = nn.tensor(rows.y, [60], 'int32');
    const h4 = await frozen.fit(x, y, {
      verbose: 0,
      validationData: rowDataset(val).batch(10),
      validationSteps: 1,
    });
    expect(h4.history.val_loss![0]).toBeCloseTo(firstTen.loss!, 6);
    await expect(
      frozen.fit(x, y, { verbose: 0, validationData: [vx, vy], validationSteps: 1 }),
    ).rejects.toThrow(/fit: validationSteps applies when validationData is a dataset/);
  });

  test('records keyed by input name feed a model with two inputs', async () => {
    const a = nn.input({ shape: [2], name: 'left' });
    const b = nn.input({ shape: [3], name: 'right' });
    const merged = nn.layers.concatenate().apply([a, b]) as nn.SymbolicTensor;
    const out = nn.layers.dense({ units: 1 }).apply(merged);
    const m = nn.model({ inputs: [a, b], outputs: out });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const ds = nn.data
      .generator(function* () {
        for (let i = 0; i < 8; i++)
          yield { xs: { right: [i, 1, 2], left: [0, i] }, ys: [i / 8] };
      })
      .batch(4);
    const h = await m.fitDataset(ds, { epochs: 2, verbose: 0 });
    expect(h.history.loss!.length).toBe(2);
  });

  test('clear errors for wrong calls and wrong elements', async () => {
    const m = mlp(1);
    const ds = rowDataset(circleRows(8, 1)).batch(4);
    const y = nn.zeros([8], 'int32');
    await expect(m.fit(ds, y as never)).rejects.toThrow(
      /fit: when x is a dataset, an iterable or a generator, its elements hold the targets .* so y must be omitted; received a Tensor of shape \[8\]/,
    );
    await expect(m.fit(ds, { epochs: 2 } as never)).rejects.toThrow(/Pass the options third/);
    await expect(m.fit(ds, undefined, { batchSize: 4 } as never)).rejects.toThrow(
      /fit: batchSize does not apply to a dataset; the dataset yields batches already/,
    );
    await expect(m.fit(ds, undefined, { shuffle: true } as never)).rejects.toThrow(
      /shuffle does not apply to a dataset/,
    );
    await expect(m.fitDataset(ds, { stepsPerEpoch: 2 } as never)).rejects.toThrow(
      /fitDataset: unknown option 'stepsPerEpoch'; fitDataset calls it 'batchesPerEpoch'/,
    );
    await expect(m.fitDataset(y as never)).rejects.toThrow(
      /fitDataset: expected a Dataset of \{xs, ys\} batches .*; for tensors use fit\(x, y\)/,
    );
    await expect(m.fitDataset(ds.repeat(), { verbose: 0 })).rejects.toThrow(
      /fitDataset: the dataset is infinite .* give batchesPerEpoch/,
    );
    await expect(m.fitDataset(ds.take(0), { verbose: 0 })).rejects.toThrow(
      /the data yielded no batches in the first epoch/,
    );
    // Unbatched elements, elements of the wrong shape or form.
    await expect(
      m.fitDataset(nn.data.array([{ xs: [1, 2], ys: 1 }]) as never, { verbose: 0 }),
    ).rejects.toThrow(/batch 0 of the data\): 'xs' is an array of 2 items \[1,2\], not a batch of tensors.*ds.batch\(32\)/);
    await expect(
      m.fitDataset(nn.data.array([{ xs: nn.ones([1, 2]), ys: 1 }]) as never, { verbose: 0 }),
    ).rejects.toThrow(/'ys' is 1, not a batch of tensors/);
    await expect(
      m.fitDataset(nn.data.array([{ x: 1 }]) as never, { verbose: 0 }),
    ).rejects.toThrow(/batch 0 of the data\): each element must be \{xs, ys\} or \[x, y\]/);
    const wrong = nn.data.array([{ xs: nn.zeros([4, 2]), ys: nn.zeros([3], 'int32') }]);
    await expect(m.fitDataset(wrong, { verbose: 0 })).rejects.toThrow(
      /fitDataset \(batch 0 of the data\): 'x' has 4 samples but 'y' has 3/,
    );
    // A failed fit leaves the model usable and unlocked.
    expect(m.isTraining).toBe(false);
  });

  test('one fit at a time: fitDataset during fit is refused', async () => {
    const m = mlp(1);
    const ds = rowDataset(circleRows(64, 1)).batch(8);
    const first = m.fitDataset(ds, { epochs: 2, verbose: 0 });
    await expect(m.fitDataset(ds, { verbose: 0 })).rejects.toThrow(/another fit\(\) call on it is ongoing/);
    await first;
  });

  test('a callback stopping training closes the dataset and frees its buffered elements', async () => {
    const m = mlp(1);
    // A first step makes the optimizer's slots, which stay with it.
    await m.fitDataset(nn.data.array([{ xs: nn.ones([1, 2]), ys: nn.zeros([1], 'int32') }]), {
      verbose: 0,
    });
    const before = nn.memory().numTensors;
    let closed = false;
    const ds = nn.data
      .generator(function* () {
        try {
          for (let i = 0; ; i++) yield { xs: nn.ones([2]), ys: nn.scalar(i % 2, 'int32') };
        } finally {
          closed = true;
        }
      })
      .shuffle(50, 1)
      .batch(5)
      .prefetch(2);
    await m.fitDataset(ds, {
      epochs: 1,
      batchesPerEpoch: 100,
      verbose: 0,
      callbacks: {
        onBatchEnd(batch) {
          if (batch === 2) m.stopTraining = true;
        },
      },
    });
    // The batches prefetched ahead are freed once their fetch completes.
    await new Promise((r) => setTimeout(r, 5));
    expect(closed).toBe(true);
    expect(nn.memory().numTensors).toBe(before);
  });
});

describe('progress bars', () => {
  function capture(): { text: () => string; restore: () => void } {
    const written: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = (s: string) => {
      written.push(s);
      return true;
    };
    return { text: () => written.join(''), restore: () => (process.stdout.write = orig) };
  }

  test('fitDataset shows the total when the size is known, and counts it otherwise', async () => {
    const m = mlp(1);
    const rows = circleRows(30, 1);
    const known = nn.data.array(rows.x.map((x, i) => ({ xs: x, ys: rows.y[i]! }))).batch(10);
    const out = capture();
    try {
      await m.fit(
        known.map(({ xs, ys }) => ({ xs, ys: ys.cast('int32') })),
        undefined,
        { epochs: 1, verbose: 2 },
      );
      await m.fitDataset(rowDataset(rows).batch(10), { epochs: 2, verbose: 2 });
      await m.evaluateDataset(rowDataset(rows).batch(10), { verbose: 2 });
    } finally {
      out.restore();
    }
    expect(out.text()).toMatch(/Epoch 1\/1\n3\/3 - \d+s - .*loss: /);
    // Unknown size: the first epoch learns the count (3), shown at its end as the total.
    expect(out.text()).toMatch(/Epoch 1\/2\n3\/3 - \d+s - .*loss: .*\nEpoch 2\/2\n3\/3 - /);
    expect(out.text()).toMatch(/\n3\/3 - \d+s - .*loss: [\d.]+\n$/);
  });

  test('on a terminal, a bar without a total counts “n/Unknown”, then knows the total', () => {
    const lines: string[] = [];
    const sink = { write: (s: string) => void lines.push(s), isTTY: true };
    const logger = new ProgbarLogger(1, sink);
    logger.setParams({
      epochs: 2,
      steps: null,
      samples: null,
      batchSize: null,
      verbose: 1,
      doValidation: false,
      metrics: [],
    });
    logger.onEpochBegin(0);
    logger.onBatchEnd(0, { loss: 1 });
    expect(lines.at(-1)).toMatch(/^\r {6}1\/Unknown \d+s \d+(us|ms|s)\/step - loss: 1\.0000/);
    logger.onBatchEnd(1, { loss: 0.5 });
    logger.onEpochEnd(0, { loss: 0.5 });
    expect(lines.at(-1)).toMatch(/^\r2\/2 .*━.* \d+s .*loss: 0\.5000\s*\n$/);
    logger.onEpochBegin(1);
    logger.onBatchEnd(0, { loss: 0.4 });
    expect(lines.at(-1)).toMatch(/^\r1\/2 .*━/);
  });
});
