/**
 * compile({stepsPerExecution}) (Keras 3's steps_per_execution): several batches per
 * execution, callbacks once per execution. The training itself is unchanged: the same
 * weights as one batch per execution, eager or compiled.
 */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { bits, features, labels, mlp } from './helpers.js';

interface Seen {
  weights: string[];
  begins: number[];
  ends: number[];
  endLogs: string[];
  sizes: number[];
  epochs: number;
}

/** 330 rows at batch 32: 11 batches per epoch (the last of 10 rows). */
async function fitWith(steps: number | undefined, jitCompile: 'auto' | boolean): Promise<Seen> {
  nn.setSeed(21);
  const x = features(330, 12)();
  const y = labels(330, 4)();
  const m = mlp([12, 16, 4]);
  m.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
    jitCompile,
    ...(steps === undefined ? {} : { stepsPerExecution: steps }),
  });
  const seen: Seen = { weights: [], begins: [], ends: [], endLogs: [], sizes: [], epochs: 0 };
  nn.setSeed(22);
  await m.fit(x, y, {
    batchSize: 32,
    epochs: 3,
    verbose: 0,
    callbacks: {
      onBatchBegin: (batch, logs) => {
        seen.begins.push(batch);
        seen.sizes.push(Number(logs?.size));
      },
      onBatchEnd: (batch, logs) => {
        seen.ends.push(batch);
        seen.endLogs.push(JSON.stringify(logs));
      },
      onEpochEnd: () => {
        seen.epochs++;
      },
    },
  });
  seen.weights = m.getWeights().map(bits);
  m.dispose();
  return seen;
}

describe('stepsPerExecution', () => {
  test('the same weights as one batch per execution, eager and compiled', async () => {
    const one = await fitWith(undefined, false);
    for (const mode of [false, 'auto'] as const) {
      for (const steps of [1, 4, 11, 50]) {
        const got = await fitWith(steps, mode);
        expect(got.weights, `${steps} ${mode}`).toEqual(one.weights);
        expect(got.epochs).toBe(3);
      }
    }
  });

  test('callbacks once per execution: first index at begin, last index and its logs at end', async () => {
    const one = await fitWith(1, 'auto');
    expect(one.begins).toEqual([...Array(11).keys(), ...Array(11).keys(), ...Array(11).keys()]);
    const four = await fitWith(4, 'auto');
    expect(four.begins).toEqual([0, 4, 8, 0, 4, 8, 0, 4, 8]);
    expect(four.ends).toEqual([3, 7, 10, 3, 7, 10, 3, 7, 10]);
    expect(four.sizes).toEqual([128, 128, 74, 128, 128, 74, 128, 128, 74]);
    // onBatchEnd gets the last batch's logs: those a run of one batch per execution had there.
    const at = (i: number): number => Math.floor(i / 3) * 11 + four.ends[i]!;
    expect(four.endLogs).toEqual(four.ends.map((_, i) => one.endLogs[at(i)]));
    // More steps than batches: one execution per epoch.
    const many = await fitWith(50, 'auto');
    expect(many.begins).toEqual([0, 0, 0]);
    expect(many.ends).toEqual([10, 10, 10]);
  });

  test('compile checks it', () => {
    const m = mlp([4, 2]);
    for (const bad of [0, 1.5, -2, '2', null]) {
      expect(() =>
        m.compile({
          optimizer: 'sgd',
          loss: 'meanSquaredError',
          stepsPerExecution: bad as number,
        }),
      ).toThrow(/stepsPerExecution must be a positive integer/);
    }
  });
});
