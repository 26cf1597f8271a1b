import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

function linearData(): [nn.Tensor, nn.Tensor] {
  const x = nn.randomNormal([64, 3], 0, 1, 'float32', 1);
  const y = nn.matMul(x, nn.tensor([[1], [-2], [0.5]]));
  return [x, y];
}

function model(lr = 0.05): nn.Sequential {
  nn.setSeed(2);
  const m = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [3] })] });
  m.compile({ optimizer: nn.optimizers.sgd({ learningRate: lr }), loss: 'mse' });
  return m;
}

describe('callbacks', () => {
  test('earlyStopping stops after `patience` epochs without improvement and restores the best weights', async () => {
    const [x, y] = linearData();
    const m = model(0.05);
    // A scheduler that makes the lr explode after epoch 3: the loss gets worse from then on.
    const sched = nn.callbacks.learningRateScheduler((epoch) => (epoch < 3 ? 0.05 : 2.5));
    const seen: number[][] = [];
    const snap = nn.callbacks.lambda({
      onEpochEnd: () => void seen.push([...m.getWeights()[0]!.dataSync()]),
    });
    const es = nn.callbacks.earlyStopping({
      monitor: 'loss',
      patience: 2,
      restoreBestWeights: true,
    });
    const h = await m.fit(x, y, {
      epochs: 50,
      verbose: 0,
      callbacks: [sched, snap, es],
      shuffle: false,
    });
    expect(h.epoch.length).toBeLessThan(50);
    expect(es.stoppedEpoch).toBe(h.epoch.at(-1));
    const best = h.history.loss!.indexOf(Math.min(...h.history.loss!));
    expect(es.bestEpoch).toBe(best);
    expect([...m.getWeights()[0]!.dataSync()]).toEqual(seen[best]);
  });

  test('model.stopTraining from a callback stops after the current batch', async () => {
    const [x, y] = linearData();
    const m = model();
    let batches = 0;
    const stopper = nn.callbacks.lambda({
      onBatchEnd: (b) => {
        batches++;
        if (b === 2) m.stopTraining = true;
      },
    });
    const h = await m.fit(x, y, { epochs: 5, batchSize: 8, verbose: 0, callbacks: [stopper] });
    expect(batches).toBe(3);
    expect(h.epoch).toEqual([0]);
  });

  test('terminateOnNaN stops at the first non-finite loss and says which batch', async () => {
    const [x, y] = linearData();
    const m = model(1e6);
    const t = nn.callbacks.terminateOnNaN();
    const log = console.log;
    const lines: string[] = [];
    console.log = (s: string) => void lines.push(s);
    try {
      await m.fit(x, y, { epochs: 20, batchSize: 8, verbose: 0, callbacks: [t] });
    } finally {
      console.log = log;
    }
    expect(t.stoppedAt).not.toBeNull();
    expect(lines.join('\n')).toMatch(new RegExp(`Batch ${t.stoppedAt!.batch}: Invalid loss`));
  });

  test('reduceLROnPlateau cuts the learning rate when the monitored value stalls', async () => {
    const [x, y] = linearData();
    const m = model(0);
    const r = nn.callbacks.reduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 2 });
    m.optimizer!.learningRate = 0.0;
    await m.fit(x, y, { epochs: 3, verbose: 0, callbacks: [r] });
    expect(m.optimizer!.learningRate).toBe(0); // already at the floor (minLr 0): unchanged
    const m2 = model(1e-9);
    const r2 = nn.callbacks.reduceLROnPlateau({
      monitor: 'loss',
      factor: 0.5,
      patience: 1,
      minDelta: 1,
    });
    const h = await m2.fit(x, y, { epochs: 3, verbose: 0, callbacks: [r2] });
    expect(m2.optimizer!.learningRate).toBeCloseTo(1e-9 * 0.25, 20);
    expect(h.history.learning_rate).toBeDefined();
  });

  test('csvLogger writes a header and one row per epoch', async () => {
    const [x, y] = linearData();
    const m = model();
    const file = join(mkdtempSync(join(tmpdir(), 'neurite-csv-')), 'log.csv');
    await m.fit(x, y, { epochs: 3, verbose: 0, callbacks: [nn.callbacks.csvLogger(file)] });
    const rows = readFileSync(file, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('epoch,loss');
    expect(rows.length).toBe(4);
    expect(rows[3]!.startsWith('2,')).toBe(true);
  });

  test('modelCheckpoint with filepath null keeps the best weights in memory', async () => {
    const [x, y] = linearData();
    const m = model();
    const ck = nn.callbacks.modelCheckpoint({
      filepath: null,
      monitor: 'loss',
      saveBestOnly: true,
    });
    await m.fit(x, y, { epochs: 4, verbose: 0, callbacks: [ck] });
    expect(ck.bestWeights?.length).toBe(2);
    expect([...ck.bestWeights![0]!.dataSync()]).toEqual([...m.getWeights()[0]!.dataSync()]);
  });

  test('subclassing Callback: hooks run in order, async hooks are awaited', async () => {
    const [x, y] = linearData();
    const m = model();
    const events: string[] = [];
    class Recorder extends nn.Callback {
      override onTrainBegin(): void {
        events.push('train+');
      }
      override async onEpochBegin(e: number): Promise<void> {
        await new Promise((r) => setTimeout(r, 1));
        events.push(`epoch${e}+`);
      }
      override onEpochEnd(e: number, logs?: Record<string, number>): void {
        events.push(`epoch${e}-:${logs?.loss !== undefined}`);
      }
      override onTrainEnd(): void {
        events.push('train-');
      }
    }
    await m.fit(x, y, { epochs: 2, batchSize: 64, verbose: 0, callbacks: [new Recorder()] });
    expect(events).toEqual([
      'train+',
      'epoch0+',
      'epoch0-:true',
      'epoch1+',
      'epoch1-:true',
      'train-',
    ]);
  });
});
