import { expect, test } from 'vitest';
import * as nn from 'neurite';
import {
  describeEachBackend,
  distinctValues,
  gradCheck,
  smoothValues,
} from '../helpers/grad-check.js';
import { type Expected, expectTensor } from '../helpers/expect-close.js';

// x[i][j][k] = values below, shape [2,3,4]
const V = Array.from({ length: 24 }, (_, i) => ((i * 7) % 11) - 4.5 + i / 8);
const at = (i: number, j: number, k: number) => Math.fround(V[i * 12 + j * 4 + k]!);

/** Reference reduction of the [2,3,4] tensor over `axes`, result nested with keepDims. */
function reduceRef(axes: number[], f: (vals: number[]) => number, keepDims: boolean): Expected {
  const dims = [2, 3, 4];
  const outDims = dims.map((d, a) => (axes.includes(a) ? 1 : d));
  const build = (prefix: number[]): Expected => {
    const a = prefix.length;
    if (a === 3) {
      const vals: number[] = [];
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 3; j++)
          for (let k = 0; k < 4; k++) {
            const idx = [i, j, k];
            if (idx.every((v, ax) => axes.includes(ax) || v === prefix[ax])) vals.push(at(i, j, k));
          }
      return f(vals);
    }
    const items = Array.from({ length: outDims[a]! }, (_, v) => build([...prefix, v]));
    return keepDims || !axes.includes(a) ? items : items[0]!;
  };
  return build([]);
}

const SUM = (v: number[]) => v.reduce((a, b) => a + b, 0);
const MEAN = (v: number[]) => SUM(v) / v.length;
const PROD = (v: number[]) => v.reduce((a, b) => a * b, 1);
const MAX = (v: number[]) => Math.max(...v);
const MIN = (v: number[]) => Math.min(...v);
const LSE = (v: number[]) => Math.log(SUM(v.map(Math.exp)));

describeEachBackend('reductions: values', () => {
  const x = () => nn.tensor(V, [2, 3, 4]);
  const ops: [string, typeof nn.sum, (v: number[]) => number][] = [
    ['sum', nn.sum, SUM],
    ['mean', nn.mean, MEAN],
    ['max', nn.max, MAX],
    ['min', nn.min, MIN],
    ['prod', nn.prod, PROD],
    ['logSumExp', nn.logSumExp, LSE],
  ];
  const axesCases: [string, number | number[] | undefined, number[]][] = [
    ['all axes', undefined, [0, 1, 2]],
    ['axis 0', 0, [0]],
    ['axis 1', 1, [1]],
    ['axis -1', -1, [2]],
    ['axes [0,2]', [0, 2], [0, 2]],
    ['axes [2,-3] (unordered, negative)', [2, -3], [0, 2]],
    ['axes [1,2]', [1, 2], [1, 2]],
  ];
  for (const [name, op, f] of ops) {
    for (const [axName, axis, axes] of axesCases) {
      for (const keepDims of [false, true]) {
        test(`${name} over ${axName}${keepDims ? ', keepDims' : ''}`, () => {
          const y = op(x(), axis, keepDims);
          expectTensor(y, reduceRef(axes, f, keepDims), { atol: 1e-5, dtype: 'float32' });
        });
      }
    }
  }

  test('prod', () => {
    const t = nn.tensor([
      [1, 2, 3],
      [-1, 0.5, 4],
    ]);
    expectTensor(nn.prod(t), -12);
    expectTensor(nn.prod(t, 0), [-1, 1, 12]);
    expectTensor(nn.prod(t, 1, true), [[6], [-2]]);
  });

  test('integer and bool reductions', () => {
    const i = nn.tensor(
      [
        [1, 2],
        [3, 4],
      ],
      undefined,
      'int32',
    );
    expectTensor(nn.sum(i), 10, { dtype: 'int32' });
    expectTensor(nn.sum(i, 0), [4, 6], { dtype: 'int32' });
    expectTensor(nn.prod(i), 24, { dtype: 'int32' });
    expectTensor(nn.max(i, 1), [2, 4], { dtype: 'int32' });
    expectTensor(nn.mean(i), 2.5, { dtype: 'float32' });
    expectTensor(nn.sum(nn.tensor([true, true, false])), 2, { dtype: 'int32' });
  });

  test('any and all reduce bool tensors', () => {
    const b = nn.tensor([
      [true, false],
      [true, true],
    ]);
    expectTensor(nn.any(b), true, { dtype: 'bool' });
    expectTensor(nn.all(b), false, { dtype: 'bool' });
    expectTensor(nn.all(b, 1), [false, true]);
    expectTensor(nn.any(b.logicalNot(), 0, true), [[false, true]]);
    expect(() => nn.any(nn.tensor([1]))).toThrow(nn.DTypeError);
  });

  test('argMax and argMin: default axis 0, first index wins ties', () => {
    const t = nn.tensor([
      [1, 5, 5],
      [7, 0, 5],
      [7, 2, -1],
    ]);
    expectTensor(nn.argMax(t), [1, 0, 0], { dtype: 'int32' });
    expectTensor(nn.argMax(t, 1), [1, 0, 0], { dtype: 'int32' });
    expectTensor(nn.argMin(t, -1), [0, 1, 2], { dtype: 'int32' });
    expectTensor(nn.argMin(t), [0, 1, 2], { dtype: 'int32' });
    const argRef = (i: number, j: number) => {
      const row = [0, 1, 2, 3].map((k) => at(i, j, k));
      return row.indexOf(Math.max(...row));
    };
    expectTensor(
      nn.argMax(nn.tensor(V, [2, 3, 4]), 2),
      [0, 1].map((i) => [0, 1, 2].map((j) => argRef(i, j))),
    );
    expectTensor(t.argMax(1), [1, 0, 0]);
  });

  test('reducing an empty axis gives the identity (sum 0, prod 1, max -Infinity)', () => {
    const e = nn.zeros([2, 0]);
    expectTensor(nn.sum(e, 1), [0, 0]);
    expectTensor(nn.prod(e, 1), [1, 1]);
    expectTensor(nn.max(e, 1), [-Infinity, -Infinity]);
    expectTensor(nn.mean(e, 1), [NaN, NaN]);
  });

  test('NaN propagates through max, min, argMax, argMin, sum, logSumExp', () => {
    const t = nn.tensor([
      [1, NaN, 3],
      [4, 5, 6],
    ]);
    expectTensor(nn.max(t, 1), [NaN, 6]);
    expectTensor(nn.min(t, 1), [NaN, 4]);
    expectTensor(nn.argMax(t, 1), [1, 2]);
    expectTensor(nn.argMin(t, 1), [1, 0]);
    expectTensor(nn.argMax(nn.tensor([NaN, 1, 2])), 0);
    expectTensor(nn.sum(t, 1), [NaN, 15]);
    expectTensor(nn.logSumExp(t, 1), [NaN, LSE([4, 5, 6])]);
    expectTensor(nn.max(nn.tensor([-Infinity, NaN])), NaN);
  });

  test('logSumExp is stable for large and -Infinity inputs', () => {
    expectTensor(nn.logSumExp(nn.tensor([1000, 1000])), 1000 + Math.LN2);
    expectTensor(nn.logSumExp(nn.tensor([-1000, -1000])), -1000 + Math.LN2);
    expectTensor(nn.logSumExp(nn.tensor([-Infinity, 0])), 0);
    expectTensor(nn.logSumExp(nn.tensor([-Infinity, -Infinity])), -Infinity);
  });

  test('chainable methods', () => {
    const t = nn.tensor([
      [1, 2],
      [3, 4],
    ]);
    expectTensor(t.sum(), 10);
    expectTensor(t.mean(0), [2, 3]);
    expectTensor(t.max(1, true), [[2], [4]]);
    expectTensor(t.min(), 1);
    expectTensor(t.prod(1), [2, 12]);
    expectTensor(t.argMin(1), [0, 0]);
    expectTensor(t.logSumExp(1), [LSE([1, 2]), LSE([3, 4])]);
  });

  test('bad axes name the op, the axis and the rank', () => {
    const t = nn.zeros([2, 3]);
    expect(() => nn.sum(t, 2)).toThrow(nn.ValueError);
    expect(() => nn.sum(t, 2)).toThrow('sum: axis 2 is out of range for a tensor of rank 2');
    expect(() => nn.mean(t, -3)).toThrow('mean: axis -3 is out of range for a tensor of rank 2');
    expect(() => nn.max(t, 0.5)).toThrow(/max: axis 0.5/);
    expect(() => nn.argMax(t, 2)).toThrow(/argMax: axis 2/);
    expect(() => nn.logSumExp(t, [0, 5])).toThrow(/logSumExp: axis 5/);
    expect(() => nn.sum(nn.scalar(5), 0)).toThrow(
      /sum: axis 0 is out of range for a tensor of rank 0/,
    );
    expect(() => nn.argMax(nn.scalar(1))).toThrow(/argMax: .*rank >= 1/);
    // A scalar reduced over all of its (zero) axes is itself.
    expectTensor(nn.sum(nn.scalar(5)), 5);
  });
});

describeEachBackend('reductions: gradients', () => {
  const x = () => distinctValues([2, 3, 4], { seed: 31 });
  const axesCases: (number | number[] | undefined)[] = [undefined, 0, 1, -1, [0, 2]];
  for (const axis of axesCases) {
    for (const keepDims of [false, true]) {
      const tag = `axis ${JSON.stringify(axis)}${keepDims ? ' keepDims' : ''}`;
      test(`sum, mean, max, min, logSumExp over ${tag}`, () => {
        gradCheck((t) => nn.sum(t, axis, keepDims), [x()]);
        gradCheck((t) => nn.mean(t, axis, keepDims), [x()]);
        gradCheck((t) => nn.max(t, axis, keepDims), [x()]);
        gradCheck((t) => nn.min(t, axis, keepDims), [x()]);
        gradCheck((t) => nn.logSumExp(t, axis, keepDims), [x()]);
      });
    }
  }

  test('prod, including blocks with one and with two zeros', () => {
    gradCheck((t) => nn.prod(t, 1), [smoothValues([3, 4], { seed: 32, lo: 0.5, hi: 1.5 })]);
    gradCheck((t) => nn.prod(t), [nn.tensor([0.5, -1.5, 2, 0.8])]);
    // d/dx_i Π x = product of the others, finite at zeros.
    const g = nn.grad((t) => nn.sum(nn.prod(t, 1)));
    expectTensor(
      g(
        nn.tensor([
          [2, 0, 3],
          [0, 0, 5],
          [1, 2, 4],
        ]),
      ),
      [
        [0, 6, 0],
        [0, 0, 0],
        [8, 4, 2],
      ],
    );
  });

  test('tied maxima share the gradient equally (TF and JAX); maximum picks one', () => {
    expectTensor(nn.grad((t) => nn.max(t))(nn.tensor([1, 3, 3])), [0, 0.5, 0.5]);
    expectTensor(
      nn.grad((t) => nn.sum(nn.min(t, 1)))(
        nn.tensor([
          [2, 2],
          [1, 3],
        ]),
      ),
      [
        [0.5, 0.5],
        [1, 0],
      ],
    );
  });

  test('logSumExp gradient is the softmax', () => {
    const v = [0.5, -1, 2];
    const e = v.map(Math.exp);
    const s = e.reduce((a, b) => a + b);
    expectTensor(
      nn.grad((t) => nn.logSumExp(t))(nn.tensor(v)),
      e.map((q) => q / s),
    );
  });
});
