import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend, gradCheck } from '../helpers/grad-check.js';
import { expectTensor } from '../helpers/expect-close.js';

describeEachBackend('cast', () => {
  test('float32 to int32 truncates toward zero', () => {
    expectTensor(nn.cast(nn.tensor([1.7, -1.7, 0.2, -0.2, 3]), 'int32'), [1, -1, 0, 0, 3], {
      dtype: 'int32',
    });
  });

  test('to and from bool: only 0 is false, NaN is true (NumPy, TF)', () => {
    expectTensor(nn.cast(nn.tensor([0, -0, 2, -0.5, NaN, Infinity]), 'bool'), [
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
    expectTensor(nn.cast(nn.tensor([0, 5], undefined, 'int32'), 'bool'), [false, true]);
    expectTensor(nn.cast(nn.tensor([true, false]), 'float32'), [1, 0], { dtype: 'float32' });
    expectTensor(nn.tensor([true, false]).cast('int32'), [1, 0], { dtype: 'int32' });
  });

  test('int32 to float32 is exact for representable values', () => {
    expectTensor(
      nn.cast(nn.tensor([-5, 16777216], undefined, 'int32'), 'float32'),
      [-5, 16777216],
      {
        dtype: 'float32',
      },
    );
  });

  test('casting to the same dtype gives a new tensor with the same values', () => {
    const t = nn.tensor([1, 2]);
    const c = nn.cast(t, 'float32');
    expect(c).not.toBe(t);
    t.dispose();
    expectTensor(c, [1, 2]);
  });

  test('NaN and ±Infinity cannot become int32; out-of-range values neither', () => {
    expect(() => nn.cast(nn.tensor([1, NaN]), 'int32')).toThrow(nn.ValueError);
    expect(() => nn.cast(nn.tensor([1, NaN]), 'int32')).toThrow(
      'cast: cannot store NaN in a int32 tensor (element 1)',
    );
    expect(() => nn.cast(nn.tensor([Infinity]), 'int32')).toThrow(/cast: cannot store Infinity/);
    expect(() => nn.cast(nn.tensor([-Infinity]), 'int32')).toThrow(/cast: cannot store -Infinity/);
    expect(() => nn.cast(nn.tensor([3e9]), 'int32')).toThrow(
      /cast: 3000000000 is outside the int32 range/,
    );
  });

  test('an unknown dtype is refused', () => {
    const bad: unknown = 'float64';
    expect(() => nn.cast(nn.tensor([1]), bad as nn.DType)).toThrow("cast: unknown dtype 'float64'");
  });

  test('gradient passes through a float32 cast and stops at int32', () => {
    gradCheck((x) => nn.mul(nn.cast(x, 'float32'), 3), [nn.tensor([0.5, -2])]);
    const g = nn.grad((x) => nn.sum(nn.mul(x, nn.cast(nn.cast(x, 'int32'), 'float32'))))(
      nn.tensor([1.5, 2.5]),
    );
    // d/dx [x·trunc(x)] with trunc treated as a constant: trunc(x).
    expectTensor(g, [1, 2]);
  });
});
