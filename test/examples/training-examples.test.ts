import { expect, test } from 'vitest';
import { main as tapeLoop } from '../../examples/mnist-gradient-tape.js';
import { main as fitMnist } from '../../examples/mnist-fit.js';
import { main as compare } from '../../examples/optimizer-comparison.js';

test('examples/mnist-gradient-tape: a hand-written loop learns MNIST digits', async () => {
  const { losses, testAccuracy } = await tapeLoop({ limit: 3000, epochs: 2, log: () => {} });
  expect(losses[1]!).toBeLessThan(losses[0]!);
  expect(testAccuracy).toBeGreaterThan(0.75);
});

test('examples/mnist-fit: compile/fit/evaluate/predict on MNIST', async () => {
  const {
    history,
    test: t,
    firstPredictions,
  } = await fitMnist({ limit: 3000, epochs: 2, verbose: 0 });
  expect(history.history.val_accuracy!.length).toBe(2);
  expect(t.accuracy).toBeGreaterThan(0.75);
  expect(firstPredictions.length).toBe(10);
});

test('examples/optimizer-comparison: every optimizer lowers the loss; adaptive ones beat plain SGD here', () => {
  const r = compare({ steps: 150, log: () => {} });
  const start = Math.log(2);
  for (const v of Object.values(r)) expect(v).toBeLessThan(start);
  expect(r.Adam!).toBeLessThan(r.SGD!);
  expect(r.Momentum!).toBeLessThan(r.SGD!);
});
