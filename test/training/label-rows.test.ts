/**
 * A label a loss refuses is named by the caller's row, not by its place in a shuffled
 * batch: fit (shuffled, eager and compiled, with a validation split) and evaluate.
 */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

function model(jitCompile: boolean): nn.Sequential {
  const m = nn.sequential({
    layers: [nn.layers.dense({ units: 3, activation: 'softmax', inputShape: [2] })],
  });
  m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', jitCompile });
  return m;
}

/** 40 rows of labels in [0, 2], with `bad` at row `at` (a [40] or [40, 1] tensor). */
function labels(at: number, bad: number, column = false): nn.Tensor {
  const v = Array.from({ length: 40 }, (_, i) => i % 3);
  v[at] = bad;
  return nn.tensor(v, column ? [40, 1] : [40], 'int32');
}

const x = nn.randomNormal([40, 2], 0, 1, 'float32', 3);

async function fitError(m: nn.Sequential, y: nn.Tensor, args: nn.FitArgs): Promise<Error> {
  try {
    await m.fit(x, y, { verbose: 0, ...args });
  } catch (err) {
    return err as Error;
  }
  throw new Error('fit accepted a label out of range');
}

describe('an out-of-range label names the row of y it came from', () => {
  for (const jit of [false, true]) {
    test(`fit, shuffled batches (jitCompile ${jit})`, async () => {
      for (const at of [0, 17, 39]) {
        // Several epochs, so that replays (compiled) meet the bad batch after the first.
        const err = await fitError(model(jit), labels(at, 7), { batchSize: 8, epochs: 3 });
        expect(err).toBeInstanceOf(nn.ValueError);
        expect(err.message).toMatch(/label 7 \(element \d+ of yTrue\) is out of range/);
        expect(err.message).toContain(
          `that is row ${at} of the labels given to fit (epoch 1, batch `,
        );
      }
    });
  }

  test('labels with a trailing axis of 1 count rows, not elements', async () => {
    const err = await fitError(model(true), labels(26, -1, true), { batchSize: 16, epochs: 1 });
    expect(err.message).toContain('label -1');
    expect(err.message).toContain('that is row 26 of the labels given to fit');
  });

  test('validationSplit: the row counts in the caller’s arrays', async () => {
    // The last 25% (rows 30..39) validate; a bad label at row 35 is met in validation only.
    const err = await fitError(model(true), labels(35, 4), {
      batchSize: 4,
      epochs: 1,
      validationSplit: 0.25,
    });
    expect(err.message).toContain('label 4');
    expect(err.message).toMatch(/that is row 35 of the labels given to /);
  });

  test('evaluate', async () => {
    const m = model(false);
    await expect(m.evaluate(x, labels(21, 9), { batchSize: 8, verbose: 0 })).rejects.toThrow(
      /label 9 .*that is row 21 of the labels given to evaluate \(batch 3\)/,
    );
  });
});
