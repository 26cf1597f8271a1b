import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend, gradCheck, smoothValues } from '../helpers/grad-check.js';
import { expectTensor } from '../helpers/expect-close.js';

describeEachBackend('reshape, expandDims, squeeze', () => {
  test('reshape keeps row-major order and infers one -1', () => {
    const t = nn.tensor([1, 2, 3, 4, 5, 6]);
    expectTensor(nn.reshape(t, [2, 3]), [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expectTensor(nn.reshape(t, [3, -1]), [
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expectTensor(t.reshape([-1, 1, 2]), [[[1, 2]], [[3, 4]], [[5, 6]]]);
    expectTensor(nn.reshape(nn.tensor([7]), []), 7);
    expectTensor(
      nn
        .tensor([
          [1, 2],
          [3, 4],
        ])
        .flatten(),
      [1, 2, 3, 4],
    );
    expect(nn.reshape(nn.zeros([0, 3]), [3, 0]).shape).toEqual([3, 0]);
  });

  test('reshape keeps the dtype', () => {
    expectTensor(nn.reshape(nn.tensor([1, 2], undefined, 'int32'), [2, 1]), [[1], [2]], {
      dtype: 'int32',
    });
    expectTensor(nn.reshape(nn.tensor([true, false]), [1, 2]), [[true, false]], { dtype: 'bool' });
  });

  test('reshape errors name both shapes', () => {
    const t = nn.zeros([2, 3]);
    expect(() => nn.reshape(t, [4, 2])).toThrow(nn.ShapeError);
    expect(() => nn.reshape(t, [4, 2])).toThrow('reshape: cannot reshape [2,3] (size 6) to [4,2]');
    expect(() => nn.reshape(t, [4, -1])).toThrow(
      'reshape: cannot reshape [2,3] (size 6) to [4,-1]',
    );
    expect(() => nn.reshape(t, [-1, -1])).toThrow('reshape: only one dimension may be -1');
    expect(() => nn.reshape(t, [2, 1.5, 2])).toThrow(/reshape: invalid dimension 1.5/);
  });

  test('expandDims at the front, middle, end and negative axes', () => {
    const t = nn.zeros([2, 3]);
    expect(nn.expandDims(t).shape).toEqual([1, 2, 3]);
    expect(nn.expandDims(t, 1).shape).toEqual([2, 1, 3]);
    expect(nn.expandDims(t, 2).shape).toEqual([2, 3, 1]);
    expect(nn.expandDims(t, -1).shape).toEqual([2, 3, 1]);
    expect(t.expandDims(-3).shape).toEqual([1, 2, 3]);
    expectTensor(nn.expandDims(nn.tensor([1, 2]), 1), [[1], [2]]);
    expect(() => nn.expandDims(t, 3)).toThrow(/expandDims: axis 3 is out of range/);
    expect(() => nn.expandDims(t, -4)).toThrow(/expandDims: axis -4 is out of range/);
  });

  test('squeeze removes all size-1 dims, or the given ones', () => {
    const t = nn.zeros([1, 2, 1, 3, 1]);
    expect(nn.squeeze(t).shape).toEqual([2, 3]);
    expect(nn.squeeze(t, 2).shape).toEqual([1, 2, 3, 1]);
    expect(nn.squeeze(t, [0, -1]).shape).toEqual([2, 1, 3]);
    expect(t.squeeze([0]).shape).toEqual([2, 1, 3, 1]);
    expectTensor(nn.squeeze(nn.tensor([[[5]]])), 5);
    expect(() => nn.squeeze(t, 1)).toThrow(nn.ShapeError);
    expect(() => nn.squeeze(t, 1)).toThrow(
      'squeeze: axis 1 of shape [1,2,1,3,1] has size 2, not 1',
    );
    expect(() => nn.squeeze(t, 5)).toThrow(
      /squeeze: axis 5 is out of range for a tensor of rank 5/,
    );
  });

  test('gradients flow through reshape, expandDims and squeeze', () => {
    const w = nn.tensor([1, -2, 3, 0.5, 2, -1]);
    gradCheck(
      (x) =>
        nn.mul(
          nn.reshape(x, [2, 3]),
          nn.tensor([
            [1, 2, 3],
            [4, 5, 6],
          ]),
        ),
      [smoothValues([6], { seed: 61 })],
    );
    gradCheck((x) => nn.mul(nn.squeeze(nn.expandDims(x, 1)), w), [smoothValues([6], { seed: 62 })]);
    // The gradient comes back in the input's shape.
    const g = nn.grad((x) => nn.sum(nn.mul(nn.reshape(x, [6]), w)))(nn.zeros([3, 2]));
    expectTensor(g, [
      [1, -2],
      [3, 0.5],
      [2, -1],
    ]);
  });
});
