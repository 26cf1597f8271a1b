import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend, gradCheck, smoothValues } from '../helpers/grad-check.js';
import { expectTensor } from '../helpers/expect-close.js';

const f32 = Math.fround;
const A = [1.5, -2, 3.25, 0.5, -0.75, 4];
const B = [2, 0.5, -1.5, 4, 3, -2];

/** Expected values of an elementwise op, in float64 from the float32 inputs. */
const elementwise = (a: number[], b: number[], f: (x: number, y: number) => number): number[] =>
  a.map((x, i) => f(f32(x), f32(b[i]!)));

describeEachBackend('arithmetic', () => {
  const cases: [
    string,
    (a: nn.Tensor, b: nn.Tensor) => nn.Tensor,
    (x: number, y: number) => number,
  ][] = [
    ['add', nn.add, (x, y) => x + y],
    ['sub', nn.sub, (x, y) => x - y],
    ['mul', nn.mul, (x, y) => x * y],
    ['div', nn.div, (x, y) => x / y],
    ['maximum', nn.maximum, (x, y) => Math.max(x, y)],
    ['minimum', nn.minimum, (x, y) => Math.min(x, y)],
    ['squaredDifference', nn.squaredDifference, (x, y) => (x - y) ** 2],
  ];
  for (const [name, op, ref] of cases) {
    test(`${name} elementwise`, () => {
      const y = op(nn.tensor(A, [2, 3]), nn.tensor(B, [2, 3]));
      const e = elementwise(A, B, ref);
      expectTensor(y, [e.slice(0, 3), e.slice(3)], { dtype: 'float32' });
    });
  }

  test('pow', () => {
    expectTensor(nn.pow(nn.tensor([2, 9, 0.5, 4]), nn.tensor([3, 0.5, -2, 0])), [8, 3, 4, 1]);
    expectTensor(nn.pow(nn.tensor([-2, -2]), nn.tensor([2, 3])), [4, -8]);
    expect(Number.isNaN(nn.pow(nn.tensor([-8]), 1 / 3).dataSync()[0]!)).toBe(true);
  });

  test('floorDiv and mod follow Python (sign of the divisor)', () => {
    expectTensor(nn.floorDiv(nn.tensor([7, -7, 7, -7]), nn.tensor([2, 2, -2, -2])), [3, -4, -4, 3]);
    expectTensor(nn.mod(nn.tensor([7, -7, 7, -7]), nn.tensor([3, 3, -3, -3])), [1, 2, -2, -1]);
    const i = nn.tensor([7, -7], undefined, 'int32');
    expectTensor(nn.floorDiv(i, 2), [3, -4], { dtype: 'int32' });
    expectTensor(nn.mod(i, 3), [1, 2], { dtype: 'int32' });
  });

  test('chainable methods call the same ops', () => {
    const a = nn.tensor([1, 2, 3]);
    expectTensor(a.add(1).mul(2).sub(1).div(2), [1.5, 2.5, 3.5]);
    expectTensor(a.pow(2).maximum(5).minimum(8), [5, 5, 8]);
    expectTensor(a.squaredDifference([3, 2, 1]), [4, 0, 4]);
  });
});

describeEachBackend('broadcasting (NumPy rules)', () => {
  test('[2,3] + [3] adds the row to each row', () => {
    expectTensor(
      nn.add(
        nn.tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
        nn.tensor([10, 20, 30]),
      ),
      [
        [11, 22, 33],
        [14, 25, 36],
      ],
    );
  });

  test('[2,1] * [1,4] is an outer product', () => {
    expectTensor(nn.mul(nn.tensor([[2], [3]]), nn.tensor([[1, 2, 3, 4]])), [
      [2, 4, 6, 8],
      [3, 6, 9, 12],
    ]);
  });

  test('[2,1,3] - [4,1] gives [2,4,3]', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const b = [10, 20, 30, 40];
    const y = nn.sub(nn.tensor(a, [2, 1, 3]), nn.tensor(b, [4, 1]));
    const e: number[][][] = [];
    for (let i = 0; i < 2; i++) {
      e.push([]);
      for (let j = 0; j < 4; j++) e[i]!.push([0, 1, 2].map((k) => a[i * 3 + k]! - b[j]!));
    }
    expectTensor(y, e);
  });

  test('scalars and size-1 tensors broadcast either side', () => {
    expectTensor(nn.sub(10, nn.tensor([1, 2])), [9, 8]);
    expectTensor(nn.div(nn.tensor([[2, 4]]), nn.tensor([[2]])), [[1, 2]]);
    expectTensor(nn.mul(nn.scalar(3), nn.tensor([[1], [2]])), [[3], [6]]);
  });

  test('empty dimensions broadcast to empty results', () => {
    expect(nn.add(nn.zeros([0, 3]), nn.ones([3])).shape).toEqual([0, 3]);
  });

  test('incompatible shapes name the op and both shapes', () => {
    expect(() => nn.add(nn.zeros([2, 3]), nn.zeros([2]))).toThrow(nn.ShapeError);
    expect(() => nn.add(nn.zeros([2, 3]), nn.zeros([2]))).toThrow(
      'add: shapes [2,3] and [2] cannot be broadcast',
    );
    expect(() => nn.mul(nn.zeros([4, 2]), nn.zeros([3, 1]))).toThrow(
      /mul: shapes \[4,2\] and \[3,1\]/,
    );
    expect(() => nn.greater(nn.zeros([2]), nn.zeros([3]))).toThrow(
      /greater: shapes \[2\] and \[3\]/,
    );
  });
});

describeEachBackend('dtype promotion', () => {
  const i32 = (v: number[]) => nn.tensor(v, undefined, 'int32');

  test('int32 op int32 stays int32, except div', () => {
    expectTensor(nn.add(i32([1, 2]), i32([3, 4])), [4, 6], { dtype: 'int32' });
    expectTensor(nn.mul(i32([3, -2]), i32([3, 4])), [9, -8], { dtype: 'int32' });
    expectTensor(nn.sub(i32([3, -2]), i32([3, 4])), [0, -6], { dtype: 'int32' });
    expectTensor(nn.div(i32([1, 7]), i32([2, 2])), [0.5, 3.5], { dtype: 'float32' });
    expectTensor(nn.pow(i32([2, 3]), i32([3, 2])), [8, 9], { dtype: 'int32' });
  });

  test('numbers take the tensor dtype when they fit', () => {
    expectTensor(i32([1, 2]).add(1), [2, 3], { dtype: 'int32' });
    expectTensor(nn.add(1, i32([1, 2])), [2, 3], { dtype: 'int32' });
    expectTensor(i32([1, 2]).add(1.5), [2.5, 3.5], { dtype: 'float32' });
    expectTensor(i32([1, 2]).div(2), [0.5, 1], { dtype: 'float32' });
    expectTensor(nn.tensor([1.5]).add(1), [2.5], { dtype: 'float32' });
  });

  test('float32 with int32 gives float32; bool arithmetic gives int32', () => {
    expectTensor(nn.add(nn.tensor([0.5]), i32([2])), [2.5], { dtype: 'float32' });
    expectTensor(nn.add(nn.tensor([true, true]), nn.tensor([true, false])), [2, 1], {
      dtype: 'int32',
    });
    expectTensor(nn.mul(nn.tensor([true, false]), nn.tensor([2.5, 2.5])), [2.5, 0], {
      dtype: 'float32',
    });
  });

  test('int32 to a negative int32 power is refused rather than truncated', () => {
    expect(() => nn.pow(i32([2]), -1)).toThrow(nn.ValueError);
    expect(() => nn.pow(i32([2]), -1)).toThrow(/pow: .*negative exponent -1/);
    expectTensor(nn.pow(nn.tensor([2]), -1), [0.5]);
  });
});

describeEachBackend('comparisons and logic', () => {
  const a = nn.tensor([1, 2, 3, NaN]);
  const b = nn.tensor([2, 2, 2, NaN]);
  test('comparisons give bool, NaN compares false (notEqual true)', () => {
    expectTensor(nn.equal(a, b), [false, true, false, false], { dtype: 'bool' });
    expectTensor(nn.notEqual(a, b), [true, false, true, true], { dtype: 'bool' });
    expectTensor(nn.greater(a, b), [false, false, true, false], { dtype: 'bool' });
    expectTensor(nn.greaterEqual(a, b), [false, true, true, false], { dtype: 'bool' });
    expectTensor(nn.less(a, b), [true, false, false, false], { dtype: 'bool' });
    expectTensor(nn.lessEqual(a, b), [true, true, false, false], { dtype: 'bool' });
  });

  test('comparisons broadcast and mix dtypes', () => {
    expectTensor(nn.greater(nn.tensor([[1], [3]]), nn.tensor([0, 2, 4], undefined, 'int32')), [
      [true, false, false],
      [true, true, false],
    ]);
    expectTensor(nn.tensor([1, 2, 3], undefined, 'int32').less(2.5), [true, true, false]);
    expectTensor(a.greaterEqual(2).equal(true), [false, true, true, false]);
  });

  test('logicalAnd, logicalOr, logicalNot, logicalXor', () => {
    const p = nn.tensor([true, true, false, false]);
    const q = nn.tensor([true, false, true, false]);
    expectTensor(nn.logicalAnd(p, q), [true, false, false, false], { dtype: 'bool' });
    expectTensor(nn.logicalOr(p, q), [true, true, true, false], { dtype: 'bool' });
    expectTensor(nn.logicalXor(p, q), [false, true, true, false], { dtype: 'bool' });
    expectTensor(nn.logicalNot(p), [false, false, true, true], { dtype: 'bool' });
    expectTensor(p.logicalAnd(true).logicalOr(q).logicalNot(), [false, false, false, true]);
    expectTensor(nn.logicalAnd(nn.tensor([[true], [false]]), nn.tensor([true, false])), [
      [true, false],
      [false, false],
    ]);
  });

  test('logic ops refuse non-bool operands', () => {
    expect(() => nn.logicalAnd(nn.tensor([1]), nn.tensor([true]))).toThrow(nn.DTypeError);
    expect(() => nn.logicalAnd(nn.tensor([1]), nn.tensor([true]))).toThrow(
      'logicalAnd: expected bool tensors, received float32 and bool',
    );
    expect(() => nn.logicalNot(nn.tensor([1], undefined, 'int32'))).toThrow(nn.DTypeError);
  });
});

describeEachBackend('arithmetic gradients', () => {
  const x23 = () => smoothValues([2, 3], { seed: 1 });
  const pos = (shape: number[], seed: number) => smoothValues(shape, { lo: 0.5, hi: 2, seed });

  test('same shapes', () => {
    gradCheck(nn.add, [x23(), smoothValues([2, 3], { seed: 2 })]);
    gradCheck(nn.sub, [x23(), smoothValues([2, 3], { seed: 2 })]);
    gradCheck(nn.mul, [x23(), smoothValues([2, 3], { seed: 2 })]);
    gradCheck(nn.div, [x23(), pos([2, 3], 2)]);
    gradCheck(nn.squaredDifference, [x23(), smoothValues([2, 3], { seed: 2 })]);
  });

  test('pow in base and exponent (positive base)', () => {
    gradCheck(nn.pow, [pos([2, 3], 3), smoothValues([2, 3], { seed: 4 })]);
    // A negative base with an integral exponent: only the base gets a gradient.
    gradCheck((a) => nn.pow(a, nn.tensor([2, 3, 2])), [nn.tensor([-1.5, -0.7, 1.2])]);
  });

  test('maximum and minimum route the gradient to the larger / smaller operand', () => {
    const a = nn.tensor([1, -2, 3, 0.5]);
    const b = nn.tensor([0, 1, 4, -0.5]);
    gradCheck(nn.maximum, [a, b]);
    gradCheck(nn.minimum, [a, b]);
    const [ga, gb] = nn.grads((p, q) => nn.sum(nn.maximum(p, q)))([a, b]);
    expectTensor(ga!, [1, 0, 0, 1]);
    expectTensor(gb!, [0, 1, 1, 0]);
  });

  // Gradients of a broadcast operand are summed back to its own shape.
  const bcast: [string, number[], number[]][] = [
    ['[2,3] with [3]', [2, 3], [3]],
    ['[2,1] with [1,4]', [2, 1], [1, 4]],
    ['bias add [4,3] with [3]', [4, 3], [3]],
    ['[2,3] with a scalar', [2, 3], []],
    ['[3,1,2] with [4,1]', [3, 1, 2], [4, 1]],
  ];
  for (const [name, sa, sb] of bcast) {
    test(`broadcast ${name}`, () => {
      const a = smoothValues(sa, { seed: 5 });
      const b = smoothValues(sb, { seed: 6, lo: 0.5, hi: 2 });
      gradCheck(nn.add, [a, b]);
      gradCheck(nn.sub, [b, a]);
      gradCheck(nn.mul, [a, b]);
      gradCheck(nn.div, [a, b]);
      gradCheck(nn.pow, [b, a]);
      gradCheck(nn.maximum, [a, b]);
    });
  }

  test('the broadcast gradient of a bias is the column sum of dy', () => {
    const x = nn.ones([4, 3]);
    const bias = nn.tensor([0.1, 0.2, 0.3]);
    const g = nn.grad((b) => nn.sum(nn.mul(nn.add(x, b), nn.tensor([1, 2, 3]))))(bias);
    expectTensor(g, [4, 8, 12]);
  });
});

describe('binary ops on disposed or bad arguments', () => {
  test('a disposed operand names the op', () => {
    const t = nn.tensor([1]);
    t.dispose();
    expect(() => nn.add(t, 1)).toThrow(nn.DisposedError);
    expect(() => nn.add(t, 1)).toThrow(/^add/);
  });

  test('a ragged nested array argument names the op', () => {
    expect(() => nn.add(nn.tensor([1, 2]), [[1, 2], [3]])).toThrow(nn.ValueError);
    expect(() => nn.add(nn.tensor([1, 2]), [[1, 2], [3]])).toThrow(/add: argument 'b': .*ragged/);
  });
});
