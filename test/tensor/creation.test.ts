import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend } from '../helpers/grad-check.js';
import { expectTensor } from '../helpers/expect-close.js';

describeEachBackend('creating tensors', () => {
  test('nested arrays give shape and float32 by default', () => {
    const t = nn.tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.size).toBe(6);
    expect(t.rank).toBe(2);
    expect(Array.from(t.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('booleans give bool, typed arrays give their dtype', () => {
    expectTensor(nn.tensor([true, false]), [true, false], { dtype: 'bool' });
    expectTensor(nn.tensor(new Float32Array([1.5, 2])), [1.5, 2], { dtype: 'float32' });
    expectTensor(nn.tensor(new Int32Array([1, -2])), [1, -2], { dtype: 'int32' });
    expectTensor(nn.tensor(new Int32Array([1, 2, 3, 4]), [2, 2]), [
      [1, 2],
      [3, 4],
    ]);
  });

  test('an explicit dtype converts the values (int32 truncates toward zero)', () => {
    expectTensor(nn.tensor([1.9, -1.9], undefined, 'int32'), [1, -1], { dtype: 'int32' });
    expectTensor(nn.tensor([0, 2], undefined, 'bool'), [false, true], { dtype: 'bool' });
    expectTensor(nn.tensor([true, false], undefined, 'float32'), [1, 0], { dtype: 'float32' });
  });

  test('values are stored as float32 (rounded)', () => {
    expect(nn.tensor([0.1]).dataSync()[0]).toBe(Math.fround(0.1));
    expectTensor(nn.tensor([1e40, -1e40]), [Infinity, -Infinity]);
  });

  test('a flat list with a shape, or one value repeated to fill it', () => {
    expectTensor(nn.tensor([1, 2, 3, 4, 5, 6], [3, 2]), [
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expectTensor(nn.tensor(7, [2, 2]), [
      [7, 7],
      [7, 7],
    ]);
    expect(() => nn.tensor([1, 2, 3], [2, 2])).toThrow(
      'tensor: shape [2,2] holds 4 values, but 3 were given',
    );
    expect(() => nn.tensor([1, 2], [-1, 2])).toThrow(
      /tensor: shape must be an array of non-negative integers/,
    );
  });

  test('empty tensors', () => {
    expect(nn.tensor([]).shape).toEqual([0]);
    expect(nn.tensor([[], []]).shape).toEqual([2, 0]);
    expect(nn.zeros([3, 0]).size).toBe(0);
  });

  test('scalar, tensor1d, tensor2d check their rank', () => {
    expectTensor(nn.scalar(3.5), 3.5);
    expectTensor(nn.scalar(true), true, { dtype: 'bool' });
    expectTensor(nn.scalar(2, 'int32'), 2, { dtype: 'int32' });
    expectTensor(nn.tensor1d([1, 2]), [1, 2]);
    expectTensor(nn.tensor2d([1, 2, 3, 4], [2, 2]), [
      [1, 2],
      [3, 4],
    ]);
    expectTensor(nn.tensor2d([[1], [2]], undefined, 'int32'), [[1], [2]], { dtype: 'int32' });
    expect(() => nn.tensor1d([[1]])).toThrow(
      'tensor1d: expected values of rank 1, received rank 2 ([1,1])',
    );
    expect(() => nn.tensor2d([1, 2])).toThrow(nn.ShapeError);
    const bad: unknown = 'x';
    expect(() => nn.scalar(bad as number)).toThrow(
      'scalar: expected a number or boolean, received string',
    );
  });

  test('zeros, ones, fill, zerosLike, onesLike', () => {
    expectTensor(
      nn.zeros([2, 2]),
      [
        [0, 0],
        [0, 0],
      ],
      { dtype: 'float32' },
    );
    expectTensor(nn.ones([3], 'int32'), [1, 1, 1], { dtype: 'int32' });
    expectTensor(nn.ones([2], 'bool'), [true, true], { dtype: 'bool' });
    expectTensor(nn.equal(nn.fill([2], 2, 'bool'), true), [true, true]);
    expectTensor(nn.fill([2], -1.5), [-1.5, -1.5]);
    expectTensor(nn.fill([1], NaN), [NaN]);
    expectTensor(nn.zerosLike(nn.tensor([[1], [2]], undefined, 'int32')), [[0], [0]], {
      dtype: 'int32',
    });
    expectTensor(nn.onesLike(nn.tensor([5, 5])), [1, 1]);
    expectTensor(nn.zeros([]), 0);
    expect(() => nn.zeros([2, -1])).toThrow('zeros: shape [2,-1] must hold non-negative integers');
    expect(() => nn.ones([2], 'float64' as nn.DType)).toThrow("ones: unknown dtype 'float64'");
    expect(() => nn.fill([1], NaN, 'int32')).toThrow(/fill: cannot store NaN in a int32 tensor/);
    expect(() => nn.fill([2.5], 0)).toThrow(nn.ShapeError);
  });

  test('range', () => {
    expectTensor(nn.range(4), [0, 1, 2, 3]);
    expectTensor(nn.range(2, 5), [2, 3, 4]);
    expectTensor(nn.range(0, 1, 0.25), [0, 0.25, 0.5, 0.75]);
    expectTensor(nn.range(5, 0, -2), [5, 3, 1]);
    expectTensor(nn.range(3, 1), []);
    expectTensor(nn.range(0, 3, 1, 'int32'), [0, 1, 2], { dtype: 'int32' });
    expect(() => nn.range(0, 3, 0)).toThrow(
      'range: step must be a non-zero finite number, received 0',
    );
  });

  test('linspace includes both ends', () => {
    expectTensor(nn.linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
    expectTensor(nn.linspace(2, -2, 3), [2, 0, -2]);
    expectTensor(nn.linspace(3, 9, 1), [3]);
    expectTensor(nn.linspace(0, 1, 0), []);
    expect(() => nn.linspace(0, 1, 1.5)).toThrow(/linspace: num must be a non-negative integer/);
  });

  test('eye', () => {
    expectTensor(nn.eye(3), [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expectTensor(nn.eye(2, 3), [
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expectTensor(
      nn.eye(2, 2, 'int32'),
      [
        [1, 0],
        [0, 1],
      ],
      { dtype: 'int32' },
    );
  });
});

describe('bad values', () => {
  test('ragged nested arrays name the op and the place', () => {
    expect(() => nn.tensor([[1, 2], [3]])).toThrow(nn.ValueError);
    expect(() => nn.tensor([[1, 2], [3]])).toThrow(
      'tensor: ragged nested array at [1]: expected length 2, received 1',
    );
    expect(() => nn.tensor([[1, 2], 3])).toThrow(
      'tensor: ragged nested array at [1]: expected length 2, received a scalar',
    );
    expect(() => nn.tensor([1, [2]])).toThrow(
      'tensor: ragged nested array at [1]: expected a number',
    );
    expect(() =>
      nn.tensor([
        [[1], [2]],
        [[3], [4, 5]],
      ]),
    ).toThrow(/ragged nested array at \[1\]\[1\]/);
  });

  test('non-numbers, unknown dtypes and Tensors are refused', () => {
    const strings: unknown = [['a']];
    expect(() => nn.tensor(strings as nn.TensorLike)).toThrow(
      'tensor: expected numbers or booleans, received string at [0][0]',
    );
    const dt: unknown = 'float64';
    expect(() => nn.tensor([1], undefined, dt as nn.DType)).toThrow(nn.DTypeError);
    expect(() => nn.tensor([1], undefined, dt as nn.DType)).toThrow(
      "tensor: unknown dtype 'float64'",
    );
    expect(() => nn.tensor(nn.tensor([1]))).toThrow(/tensor: values is already a Tensor/);
  });

  test('NaN and ±Infinity do not silently become integers', () => {
    expect(() => nn.tensor([1, NaN], undefined, 'int32')).toThrow(
      'tensor: cannot store NaN in a int32 tensor (element 1)',
    );
    expect(() => nn.tensor([Infinity], undefined, 'int32')).toThrow(nn.ValueError);
    expect(() => nn.tensor([NaN], undefined, 'bool')).toThrow(nn.ValueError);
    expect(() => nn.tensor([2 ** 31], undefined, 'int32')).toThrow(/outside the int32 range/);
    expectTensor(nn.tensor([-(2 ** 31), 2 ** 31 - 1], undefined, 'int32'), [
      -(2 ** 31),
      2 ** 31 - 1,
    ]);
    expectTensor(nn.tensor([NaN, Infinity]), [NaN, Infinity], { dtype: 'float32' });
  });
});

describeEachBackend('reading tensors', () => {
  test('dataSync returns a copy', () => {
    const t = nn.tensor([1, 2]);
    const d = t.dataSync();
    d[0] = 99;
    expect(Array.from(t.dataSync())).toEqual([1, 2]);
  });

  test('data(), array(), arraySync()', async () => {
    const t = nn.tensor(
      [
        [1, 2],
        [3, 4],
      ],
      undefined,
      'int32',
    );
    expect(await t.data()).toEqual(new Int32Array([1, 2, 3, 4]));
    expect(t.arraySync()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(await t.array()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(nn.scalar(5).arraySync()).toBe(5);
    expect(nn.tensor([true, false]).arraySync()).toEqual([true, false]);
    expect(nn.tensor([true]).dataSync()).toEqual(new Uint8Array([1]));
    expect(nn.zeros([2, 0]).arraySync()).toEqual([[], []]);
  });

  test('toString shows dtype, shape and values', () => {
    expect(
      nn
        .tensor([
          [1.5, 2],
          [3, 4],
        ])
        .toString(),
    ).toBe('Tensor float32 [2,2]\n[[1.5, 2.],\n [3., 4.]]');
    expect(nn.tensor([1, 2], undefined, 'int32').toString()).toBe('Tensor int32 [2]\n[1, 2]');
    expect(nn.scalar(true).toString()).toBe('Tensor bool []\ntrue');
    expect(nn.zeros([2000]).toString()).toBe('Tensor float32 [2000]');
  });

  test('dispose marks the tensor and reads then fail naming the reader', async () => {
    const t = nn.tensor([1]);
    t.dispose();
    t.dispose(); // safe twice
    expect(t.isDisposed).toBe(true);
    expect(() => t.dataSync()).toThrow(nn.DisposedError);
    expect(() => t.dataSync()).toThrow('dataSync: tensor');
    expect(() => t.arraySync()).toThrow(
      /^dataSync: tensor \d+ \(shape \[1\], float32\) was disposed/,
    );
    await expect(t.data()).rejects.toThrow(nn.DisposedError);
    expect(() => t.toString()).toThrow(/^toString/);
  });
});
