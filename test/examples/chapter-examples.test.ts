import { expect, test } from 'vitest';
import { main as perceptron } from '../../examples/perceptron.js';
import { main as activations, POINTS } from '../../examples/activations.js';
import { main as threeStyles } from '../../examples/three-styles.js';

const quiet = <T>(f: () => T): T => {
  const log = console.log;
  console.log = () => {};
  try {
    return f();
  } finally {
    console.log = log;
  }
};

test('examples/perceptron: AND and OR learned, XOR not; the MLP learns XOR', () => {
  const { gates, xor } = quiet(perceptron);
  const byGate = Object.fromEntries(gates.map((g) => [g.gate, g]));
  expect(byGate.AND!.converged).toBe(true);
  expect(byGate.AND!.predictions).toEqual([0, 0, 0, 1]);
  expect(byGate.OR!.converged).toBe(true);
  expect(byGate.OR!.predictions).toEqual([0, 1, 1, 1]);
  expect(byGate.XOR!.converged).toBe(false);
  expect(xor.predictions.map((p) => (p > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
  expect(xor.loss).toBeLessThan(0.02);
});

test('examples/activations: values and autograd derivatives', () => {
  const rows = quiet(activations);
  const get = (id: string) => rows.find((r) => r.id === id)!;
  const i0 = POINTS.indexOf(0);
  const i1 = POINTS.indexOf(1);
  expect(get('step').values).toEqual(POINTS.map((x) => (x >= 0 ? 1 : 0)));
  expect(get('sigmoid').values[i0]).toBeCloseTo(0.5, 6);
  expect(get('sigmoid').derivatives[i0]).toBeCloseTo(0.25, 6);
  expect(get('tanh').derivatives[i1]).toBeCloseTo(1 - Math.tanh(1) ** 2, 6);
  expect(get('relu').derivatives[i1]).toBe(1);
  expect(get('relu').values[0]).toBe(0);
});

test('examples/three-styles: same outputs, same parameter counts, three summaries', () => {
  const { summaries, maxDifference, params } = quiet(threeStyles);
  expect(maxDifference).toBe(0);
  expect(params).toEqual([101770, 101770, 101770]);
  for (const s of summaries) expect(s.join('\n')).toContain('Total params: 101,770 (397.54 KB)');
  expect(summaries[1]!.join('\n')).toContain('Connected to');
});
