import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend, gradCheck, smoothValues } from '../helpers/grad-check.js';
import { expectTensor, expectValues } from '../helpers/expect-close.js';
import { matMulRef, transposeRef } from '../helpers/reference.js';

const vals = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 1.7 + seed) * 2));

describeEachBackend('matMul: values', () => {
  const m = 3;
  const k = 4;
  const n = 5;
  const a = vals(m * k, 1); // [m,k]
  const b = vals(k * n, 2); // [k,n]
  const expected = matMulRef(a, b, m, k, n);

  test('all four transpose combinations', () => {
    const aT = transposeRef(a, m, k); // [k,m]
    const bT = transposeRef(b, k, n); // [n,k]
    const cases: [number[], number[], number[], number[], boolean, boolean][] = [
      [a, [m, k], b, [k, n], false, false],
      [aT, [k, m], b, [k, n], true, false],
      [a, [m, k], bT, [n, k], false, true],
      [aT, [k, m], bT, [n, k], true, true],
    ];
    for (const [av, as, bv, bs, ta, tb] of cases) {
      const y = nn.matMul(nn.tensor(av, as), nn.tensor(bv, bs), ta, tb);
      expect(y.shape).toEqual([m, n]);
      expectValues(y.dataSync(), expected, { atol: 1e-5 });
    }
  });

  test('hand-computed 2x2', () => {
    expectTensor(
      nn.matMul(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ),
      [
        [19, 22],
        [43, 50],
      ],
    );
    expectTensor(
      nn
        .tensor([
          [1, 2],
          [3, 4],
        ])
        .matMul(
          nn.tensor([
            [1, 0],
            [0, 1],
          ]),
          true,
        ),
      [
        [1, 3],
        [2, 4],
      ],
    );
  });

  test('batch broadcasting', () => {
    // [2,m,k] x [k,n], [m,k] x [2,k,n], [2,1,m,k] x [3,k,n], [2,1,m,k] x [1,3,k,n]
    const a2 = vals(2 * m * k, 3);
    const b3 = vals(3 * k * n, 4);
    const mat = (v: number[], i: number, size: number) => v.slice(i * size, (i + 1) * size);
    const y1 = nn.matMul(nn.tensor(a2, [2, m, k]), nn.tensor(b, [k, n]));
    expect(y1.shape).toEqual([2, m, n]);
    expectValues(
      y1.dataSync(),
      [0, 1].flatMap((i) => matMulRef(mat(a2, i, m * k), b, m, k, n)),
      { atol: 1e-5 },
    );
    const y2 = nn.matMul(nn.tensor(a, [m, k]), nn.tensor(b3, [3, k, n]));
    expect(y2.shape).toEqual([3, m, n]);
    expectValues(
      y2.dataSync(),
      [0, 1, 2].flatMap((j) => matMulRef(a, mat(b3, j, k * n), m, k, n)),
      { atol: 1e-5 },
    );
    const want = [0, 1].flatMap((i) =>
      [0, 1, 2].flatMap((j) => matMulRef(mat(a2, i, m * k), mat(b3, j, k * n), m, k, n)),
    );
    for (const bs of [
      [3, k, n],
      [1, 3, k, n],
    ]) {
      const y = nn.matMul(nn.tensor(a2, [2, 1, m, k]), nn.tensor(b3, bs));
      expect(y.shape).toEqual([2, 3, m, n]);
      expectValues(y.dataSync(), want, { atol: 1e-5 });
    }
    // [3,m,k] x [2,3,k,n]: a is shared across the leading batch axis.
    const a3 = vals(3 * m * k, 5);
    const b6 = vals(6 * k * n, 6);
    const y4 = nn.matMul(nn.tensor(a3, [3, m, k]), nn.tensor(b6, [2, 3, k, n]));
    expect(y4.shape).toEqual([2, 3, m, n]);
    expectValues(
      y4.dataSync(),
      [0, 1].flatMap((i) =>
        [0, 1, 2].flatMap((j) => matMulRef(mat(a3, j, m * k), mat(b6, i * 3 + j, k * n), m, k, n)),
      ),
      { atol: 1e-5 },
    );
  });

  test('int32 operands give float32', () => {
    const y = nn.matMul(
      nn.tensor([[1, 2]], undefined, 'int32'),
      nn.tensor([[3], [4]], undefined, 'int32'),
    );
    expectTensor(y, [[11]], { dtype: 'float32' });
  });

  test('empty inner dimension gives zeros', () => {
    expectTensor(nn.matMul(nn.zeros([2, 0]), nn.zeros([0, 3])), [
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  test('dot: vector·vector, matrix·vector, vector·matrix, matrix·matrix', () => {
    expectTensor(nn.dot([1, 2, 3], [4, 5, 6]), 32);
    expectTensor(
      nn.dot(
        [
          [1, 2],
          [3, 4],
        ],
        [1, -1],
      ),
      [-1, -1],
    );
    expectTensor(
      nn.dot(
        [1, -1],
        [
          [1, 2],
          [3, 4],
        ],
      ),
      [-2, -2],
    );
    expectTensor(
      nn.dot(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 0],
          [0, 2],
        ],
      ),
      [
        [1, 4],
        [3, 8],
      ],
    );
    expectTensor(nn.tensor([1, 2]).dot(nn.tensor([3, 4])), 11);
  });

  test('shape errors name the op and both shapes', () => {
    expect(() => nn.matMul(nn.zeros([32, 784]), nn.zeros([128, 10]))).toThrow(nn.ShapeError);
    expect(() => nn.matMul(nn.zeros([32, 784]), nn.zeros([128, 10]))).toThrow(
      /^matMul: inner dimensions differ: \[32,784\] x \[128,10\]$/,
    );
    expect(() => nn.matMul(nn.zeros([2, 3]), nn.zeros([2, 3]), false, false)).toThrow(
      'matMul: inner dimensions differ: [2,3] x [2,3]',
    );
    expect(() => nn.matMul(nn.zeros([2, 3]), nn.zeros([4, 3]), true, true)).toThrow(
      'matMul: inner dimensions differ: [2,3]ᵀ x [4,3]ᵀ',
    );
    expect(() => nn.matMul(nn.zeros([3]), nn.zeros([3, 2]))).toThrow(
      /matMul: .*rank >= 2.*\[3\] and \[3,2\]/,
    );
    expect(() => nn.matMul(nn.zeros([2, 2, 3]), nn.zeros([3, 3, 4]))).toThrow(
      /matMul \(batch\): shapes \[2\] and \[3\] cannot be broadcast/,
    );
    expect(() => nn.matMul(nn.tensor([[true]]), nn.tensor([[true]]))).toThrow(nn.DTypeError);
    expect(() => nn.dot([1, 2], [1, 2, 3])).toThrow('dot: inner dimensions differ: [2] . [3]');
    expect(() => nn.dot(nn.zeros([1, 1, 1]), [1])).toThrow(/dot: operands must have rank 1 or 2/);
  });
});

describeEachBackend('matMul: gradients', () => {
  const combos: [boolean, boolean][] = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ];
  for (const [ta, tb] of combos) {
    test(`transposeA=${ta} transposeB=${tb}`, () => {
      const a = smoothValues(ta ? [4, 3] : [3, 4], { seed: 41 });
      const b = smoothValues(tb ? [2, 4] : [4, 2], { seed: 42 });
      gradCheck((p, q) => nn.matMul(p, q, ta, tb), [a, b]);
    });
    test(`batched with broadcasting, transposeA=${ta} transposeB=${tb}`, () => {
      const a = smoothValues(ta ? [2, 1, 4, 3] : [2, 1, 3, 4], { seed: 43 });
      const b = smoothValues(tb ? [3, 2, 4] : [3, 4, 2], { seed: 44 });
      gradCheck((p, q) => nn.matMul(p, q, ta, tb), [a, b]);
    });
  }

  test('a shared matrix against a batch sums its gradient over the batch', () => {
    gradCheck(
      (p, q) => nn.matMul(p, q),
      [smoothValues([3, 4], { seed: 45 }), smoothValues([2, 4, 2], { seed: 46 })],
    );
    gradCheck(
      (p, q) => nn.matMul(p, q),
      [smoothValues([2, 3, 4], { seed: 47 }), smoothValues([4, 2], { seed: 48 })],
    );
    gradCheck(
      (p, q) => nn.matMul(p, q),
      [smoothValues([3, 2, 3], { seed: 49 }), smoothValues([2, 3, 3, 2], { seed: 50 })],
    );
  });

  test('dot in every rank combination', () => {
    const v = smoothValues([3], { seed: 51 });
    const m = smoothValues([3, 3], { seed: 52 });
    gradCheck(nn.dot, [v, smoothValues([3], { seed: 53 })]);
    gradCheck(nn.dot, [m, v]);
    gradCheck(nn.dot, [v, m]);
    gradCheck(nn.dot, [m, smoothValues([3, 2], { seed: 54 })]);
  });
});
