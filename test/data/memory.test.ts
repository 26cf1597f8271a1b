import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

const ROWS = 100_000;

/** 100k rows made on the fly: a generator yielding small tensors, never held all at once. */
function rows(): nn.data.Dataset<{ xs: nn.Tensor; ys: nn.Tensor }> {
  return nn.data.generator(function* () {
    for (let i = 0; i < ROWS; i++) {
      const a = ((i * 7919) % 1000) / 1000;
      const b = ((i * 104729) % 1000) / 1000;
      yield { xs: nn.tensor([a, b]), ys: nn.tensor([a + b > 1 ? 1 : 0]) };
    }
  });
}

describe('memory over long epochs', () => {
  test('fitDataset over 100k generated rows: no tensor left behind, flat across epochs', async () => {
    nn.setSeed(1);
    const m = nn.sequential({
      layers: [nn.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }), nn.layers.dense({ units: 1, activation: 'sigmoid' })],
    });
    m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const ds = rows().shuffle(1000, 3).batch(500).prefetch(2);
    // One step first: the optimizer's slots are made on the first update and stay.
    await m.fitDataset(ds.take(1), { verbose: 0 });
    global.gc?.();
    const before = nn.memory().numTensors;
    const perEpoch: number[] = [];
    const heapPerEpoch: number[] = [];
    const perBatch = new Set<number>();
    const h = await m.fitDataset(ds, {
      epochs: 3,
      verbose: 0,
      callbacks: {
        onBatchEnd: () => void perBatch.add(nn.memory().numTensors),
        onEpochEnd: () => {
          perEpoch.push(nn.memory().numTensors);
          global.gc?.();
          heapPerEpoch.push(process.memoryUsage().heapUsed);
        },
      },
    });
    expect(h.history.loss!.length).toBe(3);
    expect(h.history.loss![2]).toBeLessThan(h.history.loss![0]!);
    expect(perEpoch).toEqual([before, before, before]);
    // Within an epoch only the shuffle buffer and prefetched batches are alive: bounded.
    expect(Math.max(...perBatch) - before).toBeLessThan(2 * 1000 + 4 * 2);
    expect(nn.memory().numTensors).toBe(before);
    // What JavaScript keeps after a collection is flat after the first epoch (which makes the
    // shuffle buffer, prefetched batches and compiled code once). Measured after gc(), not as
    // RSS, which grows whenever V8 collects late (CI saw +77 MB of RSS with nothing kept).
    // A leak of even 100 bytes a row would add 10 MB an epoch, 20 MB over the last two.
    expect(typeof global.gc).toBe('function');
    const grown = (heapPerEpoch[2]! - heapPerEpoch[0]!) / 2 ** 20;
    expect(grown).toBeLessThan(10);
  }, 180_000);
});
