import { expect, test } from 'vitest';
import * as nn from 'neurite';
import {
  describeEachBackend,
  distinctValues,
  gradCheck,
  smoothValues,
} from '../helpers/grad-check.js';
import { expectTensor } from '../helpers/expect-close.js';

describeEachBackend('where', () => {
  test('picks a where the condition holds, else b', () => {
    const c = nn.tensor([true, false, true]);
    expectTensor(nn.where(c, nn.tensor([1, 2, 3]), nn.tensor([-1, -2, -3])), [1, -2, 3]);
  });

  test('broadcasts condition, a and b together', () => {
    const c = nn.tensor([[true], [false]]);
    expectTensor(nn.where(c, nn.tensor([1, 2, 3]), 0), [
      [1, 2, 3],
      [0, 0, 0],
    ]);
    expectTensor(nn.where(nn.tensor([true, false]), nn.tensor([[1], [2]]), nn.tensor([[9]])), [
      [1, 9],
      [2, 9],
    ]);
  });

  test('promotes a and b to their common dtype', () => {
    const c = nn.tensor([true, false]);
    expectTensor(nn.where(c, nn.tensor([1, 2], undefined, 'int32'), 0), [1, 0], {
      dtype: 'int32',
    });
    expectTensor(
      nn.where(c, nn.tensor([1, 2], undefined, 'int32'), nn.tensor([0.5, 0.5])),
      [1, 0.5],
      {
        dtype: 'float32',
      },
    );
    expectTensor(nn.where(c, NaN, 1), [NaN, 1]);
  });

  test('the condition must be bool', () => {
    expect(() => nn.where(nn.tensor([1, 0]), 1, 0)).toThrow(nn.DTypeError);
    expect(() => nn.where(nn.tensor([1, 0]), 1, 0)).toThrow(
      'where: condition must be bool, received float32',
    );
    expect(() => nn.where(nn.tensor([true, false]), nn.zeros([3]), 0)).toThrow(
      /where: shapes \[2\] and \[3\] cannot be broadcast/,
    );
  });

  test('gradients go to the chosen branch, summed back over broadcasting', () => {
    const c = nn.tensor([
      [true, false, true],
      [false, false, true],
    ]);
    gradCheck(
      (a, b) => nn.where(c, a, b),
      [smoothValues([2, 3], { seed: 91 }), smoothValues([3], { seed: 92 })],
    );
    gradCheck(
      (a, b) => nn.where(c, a, b),
      [smoothValues([2, 1], { seed: 93 }), smoothValues([], { seed: 94 })],
    );
    const [ga, gb] = nn.grads((a, b) => nn.sum(nn.where(c, a, b)))([
      nn.zeros([2, 3]),
      nn.zeros([3]),
    ]);
    expectTensor(ga!, [
      [1, 0, 1],
      [0, 0, 1],
    ]);
    expectTensor(gb!, [1, 2, 0]);
  });
});

describeEachBackend('clipByValue', () => {
  test('clips to [min, max] and keeps NaN', () => {
    expectTensor(nn.clipByValue(nn.tensor([-3, -1, 0, 2, 5, NaN]), -1, 2), [-1, -1, 0, 2, 2, NaN]);
    expectTensor(nn.tensor([0.5, 7]).clipByValue(1, 6), [1, 6]);
    expectTensor(nn.clipByValue(nn.tensor([-Infinity, Infinity]), 0, 1), [0, 1]);
    expectTensor(nn.clipByValue(nn.tensor([1, 5, 9], undefined, 'int32'), 2, 7), [2, 5, 7], {
      dtype: 'int32',
    });
  });

  test('min > max is refused', () => {
    expect(() => nn.clipByValue(nn.tensor([1]), 2, 1)).toThrow(nn.ValueError);
    expect(() => nn.clipByValue(nn.tensor([1]), 2, 1)).toThrow(
      'clipByValue: min (2) must be <= max (1)',
    );
    expect(() => nn.clipByValue(nn.tensor([1]), NaN, 1)).toThrow(nn.ValueError);
  });

  test('gradient passes inside the range only', () => {
    gradCheck((x) => nn.clipByValue(x, -0.7, 1.1), [distinctValues([3, 4], { seed: 95 })]);
    expectTensor(
      nn.grad((x) => nn.sum(nn.clipByValue(x, 0, 1)))(nn.tensor([-1, 0.5, 2])),
      [0, 1, 0],
    );
  });
});
