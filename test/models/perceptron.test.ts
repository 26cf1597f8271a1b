import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

const X = nn.tensor([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);

describe('Perceptron (Rosenblatt rule, step activation)', () => {
  test.each([
    ['AND', [0, 0, 0, 1]],
    ['OR', [0, 1, 1, 1]],
  ])('learns %s, which is linearly separable', (_name, labels) => {
    const p = new nn.Perceptron({ inputDim: 2 });
    const h = p.fit(X, nn.tensor(labels), { epochs: 20 });
    expect(h.converged).toBe(true);
    expect([...p.predict(X).dataSync()]).toEqual(labels);
  });

  test('never separates XOR', () => {
    const p = new nn.Perceptron({ inputDim: 2 });
    const h = p.fit(X, nn.tensor([0, 1, 1, 0]), { epochs: 100 });
    expect(h.converged).toBe(false);
    expect(h.errors.length).toBe(100);
    expect(Math.min(...h.errors)).toBeGreaterThan(0);
    const acc = [...p.predict(X).dataSync()].filter((v, i) => v === [0, 1, 1, 0][i]).length / 4;
    expect(acc).toBeLessThan(1);
  });

  test('bad input', () => {
    expect(() => new nn.Perceptron({ inputDim: 0 })).toThrow(/inputDim must be a positive integer/);
    const p = new nn.Perceptron({ inputDim: 3 });
    expect(() => p.predict(X)).toThrow(
      'Perceptron: expected inputs of shape [n,3], received [4,2]',
    );
    expect(() => new nn.Perceptron({ inputDim: 2 }).fit(X, nn.tensor([0, 1, 2, 0]))).toThrow(
      /labels must be 0 or 1/,
    );
  });
});
