/** cosineSimilarity. Keras cases: keras/src/losses/losses_test.py, CosineSimilarityTest. */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import { KERAS_Y_PRED, KERAS_Y_TRUE, value, values } from './reference.js';

function cosine(a: number[], b: number[]): number {
  const dot = a.reduce((s, v, i) => s + v * b[i]!, 0);
  const na = Math.sqrt(a.reduce((s, v) => s + v * v, 0));
  const nb = Math.sqrt(b.reduce((s, v) => s + v * v, 0));
  return dot / (na * nb);
}

describe('cosineSimilarity', () => {
  const sims = KERAS_Y_TRUE.map((row, i) => cosine(row, KERAS_Y_PRED[i]!));

  test('Keras cases', () => {
    expect(value(losses.cosineSimilarity()(KERAS_Y_TRUE, KERAS_Y_PRED))).toBeCloseTo(
      -(sims[0]! + sims[1]!) / 2,
      5,
    );
    expect(value(losses.cosineSimilarity()(KERAS_Y_TRUE, KERAS_Y_PRED, 2.3))).toBeCloseTo(
      (-2.3 * (sims[0]! + sims[1]!)) / 2,
      5,
    );
    expect(value(losses.cosineSimilarity()(KERAS_Y_TRUE, KERAS_Y_PRED, [1.2, 3.4]))).toBeCloseTo(
      -(1.2 * sims[0]! + 3.4 * sims[1]!) / 2,
      5,
    );
  });

  test('Keras docstring example, and a zero vector gives 0', () => {
    const out = losses.cosineSimilarity({ reduction: 'none' })(
      [
        [0, 1],
        [1, 1],
        [1, 1],
      ],
      [
        [1, 0],
        [1, 1],
        [-1, -1],
      ],
    );
    const v = values(out);
    expect(v[0]).toBeCloseTo(0, 6);
    expect(v[1]).toBeCloseTo(-1, 6);
    expect(v[2]).toBeCloseTo(1, 6);
    expect(value(losses.cosineSimilarity()([[0, 0]], [[1, 2]]))).toBe(0);
  });

  test('axis 0 compares columns', () => {
    const yt = nn.tensor(KERAS_Y_TRUE);
    const col = (m: number[][], j: number): number[] => m.map((row) => row[j]!);
    const cols = [0, 1, 2].map((j) => cosine(col(KERAS_Y_TRUE, j), col(KERAS_Y_PRED, j)));
    const out = losses.cosineSimilarity({ axis: 0, reduction: 'none' })(yt, KERAS_Y_PRED);
    values(out).forEach((v, j) => expect(v).toBeCloseTo(-cols[j]!, 5));
    yt.dispose();
  });

  test('gradient', () => {
    expectGradientMatches(
      (p) =>
        losses.cosineSimilarity()(
          [
            [1, 9, 2],
            [-5, -2, 6],
          ],
          p,
        ),
      [
        [4, 8, 12],
        [8, 1, 3],
      ],
    );
  });
});
