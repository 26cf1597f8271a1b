import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend, gradCheck, smoothValues } from '../helpers/grad-check.js';
import { expectTensor } from '../helpers/expect-close.js';
import { erfRef } from '../helpers/reference.js';

const X = [-2.5, -1.25, -0.3, 0.4, 1.5, 3];
const POS = [0.1, 0.5, 1, 2.25, 4, 9];
const ref = (xs: number[], f: (x: number) => number) => xs.map((x) => f(Math.fround(x)));

describeEachBackend('unary math: values', () => {
  const cases: [string, (x: nn.Tensor) => nn.Tensor, (x: number) => number, number[]][] = [
    ['neg', nn.neg, (x) => -x, X],
    ['abs', nn.abs, Math.abs, X],
    ['exp', nn.exp, Math.exp, X],
    ['expm1', nn.expm1, Math.expm1, X],
    ['log', nn.log, Math.log, POS],
    ['log1p', nn.log1p, Math.log1p, [-0.5, ...POS]],
    ['sqrt', nn.sqrt, Math.sqrt, POS],
    ['rsqrt', nn.rsqrt, (x) => 1 / Math.sqrt(x), POS],
    ['square', nn.square, (x) => x * x, X],
    ['reciprocal', nn.reciprocal, (x) => 1 / x, X],
    ['sin', nn.sin, Math.sin, X],
    ['cos', nn.cos, Math.cos, X],
    ['erf', nn.erf, erfRef, X],
    ['tanh', nn.tanh, Math.tanh, X],
    ['sign', nn.sign, Math.sign, [-2, -0.1, 0, 0.1, 5]],
    ['floor', nn.floor, Math.floor, [-1.5, -0.5, 0.5, 1.5, 2]],
    ['ceil', nn.ceil, Math.ceil, [-1.5, -0.5, 0.5, 1.5, 2]],
  ];
  for (const [name, op, f, xs] of cases) {
    test(name, () => {
      expectTensor(op(nn.tensor(xs)), ref(xs, f), { dtype: 'float32', atol: 2e-7 });
    });
  }

  test('round halves to even, as NumPy and TF do', () => {
    expectTensor(
      nn.round(nn.tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.4, 0.6, -0.6])),
      [0, 2, 2, -0, -2, -2, 0, 1, -1],
    );
  });

  test('special values', () => {
    expectTensor(nn.log(nn.tensor([0, -1])), [-Infinity, NaN]);
    expectTensor(nn.sqrt(nn.tensor([-1, Infinity])), [NaN, Infinity]);
    expectTensor(nn.exp(nn.tensor([-Infinity, 100])), [0, Infinity]);
    expectTensor(nn.abs(nn.tensor([NaN, -Infinity])), [NaN, Infinity]);
    expectTensor(nn.sign(nn.tensor([NaN])), [NaN]);
    expectTensor(nn.isNaN(nn.tensor([NaN, 1, Infinity])), [true, false, false]);
    expectTensor(nn.isFinite(nn.tensor([NaN, 1, -Infinity])), [false, true, false]);
  });

  test('neg, abs, square, sign, floor, ceil, round keep int32; the others compute in float32', () => {
    const i = nn.tensor([-3, 0, 2], undefined, 'int32');
    expectTensor(nn.neg(i), [3, 0, -2], { dtype: 'int32' });
    expectTensor(nn.abs(i), [3, 0, 2], { dtype: 'int32' });
    expectTensor(nn.square(i), [9, 0, 4], { dtype: 'int32' });
    expectTensor(nn.sign(i), [-1, 0, 1], { dtype: 'int32' });
    expectTensor(nn.floor(i), [-3, 0, 2], { dtype: 'int32' });
    expectTensor(nn.round(i), [-3, 0, 2], { dtype: 'int32' });
    expectTensor(nn.exp(i), ref([-3, 0, 2], Math.exp), { dtype: 'float32' });
    expectTensor(nn.sqrt(nn.tensor([4], undefined, 'int32')), [2], { dtype: 'float32' });
    expectTensor(nn.neg(nn.tensor([true, false])), [-1, 0], { dtype: 'int32' });
  });

  test('chainable methods', () => {
    const t = nn.tensor([-4, 1]);
    expectTensor(t.abs().sqrt().neg().exp().log(), [-2, -1], { atol: 1e-6 });
    expectTensor(t.square().rsqrt(), [0.25, 1]);
    expectTensor(
      nn
        .tensor([-1.5, 1.5])
        .floor()
        .add(nn.tensor([-1.5, 1.5]).ceil()),
      [-3, 3],
    );
    expectTensor(nn.tensor([2.5, -0.2]).round().sign(), [1, -0]);
    expectTensor(nn.tensor([0.5]).log1p(), [Math.log1p(0.5)]);
  });
});

describeEachBackend('unary math: gradients', () => {
  const any = () => smoothValues([2, 3], { seed: 11, avoid: [0] });
  const pos = () => smoothValues([2, 3], { seed: 12, lo: 0.3, hi: 3 });
  const cases: [string, (x: nn.Tensor) => nn.Tensor, () => nn.Tensor][] = [
    ['neg', nn.neg, any],
    ['abs', nn.abs, any],
    ['exp', nn.exp, any],
    ['expm1', nn.expm1, any],
    ['log', nn.log, pos],
    ['log1p', nn.log1p, pos],
    ['sqrt', nn.sqrt, pos],
    ['rsqrt', nn.rsqrt, pos],
    ['square', nn.square, any],
    ['reciprocal', nn.reciprocal, pos],
    ['sin', nn.sin, any],
    ['cos', nn.cos, any],
    ['erf', nn.erf, any],
    ['tanh', nn.tanh, any],
  ];
  for (const [name, op, input] of cases) {
    test(name, () => {
      gradCheck(op, [input()]);
    });
  }

  test('sign, floor, ceil and round have zero gradient', () => {
    // Away from their jumps the true derivative is 0; the finite differences confirm it.
    const x = nn.tensor([-1.3, -0.2, 0.3, 1.7]);
    for (const op of [nn.sign, nn.floor, nn.ceil, nn.round]) {
      gradCheck(op, [x]);
      expectTensor(nn.grad((t) => nn.sum(op(t)))(x), [0, 0, 0, 0]);
    }
  });

  test('abs has gradient 0 at 0 (the subgradient TF picks)', () => {
    expectTensor(nn.grad((t) => nn.sum(nn.abs(t)))(nn.tensor([0, -2, 2])), [0, -1, 1]);
  });
});

test('a value that is not a number is refused with the op name', () => {
  const bad: unknown = ['a'];
  expect(() => nn.log(bad as nn.TensorLike)).toThrow(nn.ValueError);
  expect(() => nn.log(bad as nn.TensorLike)).toThrow(
    /^log: argument 'x': expected numbers or booleans, received string at \[0\]$/,
  );
});
