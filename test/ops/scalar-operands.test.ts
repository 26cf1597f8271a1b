/**
 * A plain number as an operand of a binary op goes to the kernel directly (binaryScalar)
 * instead of into a scalar tensor: the values, dtypes and gradients must be exactly those
 * of the scalar-tensor form, in both operand orders, on every backend.
 */
import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend } from '../helpers/grad-check.js';

type Bin = (a: nn.TensorLike, b: nn.TensorLike) => nn.Tensor;
const OPS: [string, Bin, boolean][] = [
  ['add', nn.add, true],
  ['sub', nn.sub, true],
  ['mul', nn.mul, true],
  ['div', nn.div, true],
  ['pow', nn.pow, true],
  ['maximum', nn.maximum, true],
  ['minimum', nn.minimum, true],
  ['atan2', nn.atan2, true],
  ['floorDiv', nn.floorDiv, false],
  ['mod', nn.mod, false],
  ['equal', nn.equal, false],
  ['notEqual', nn.notEqual, false],
  ['greater', nn.greater, false],
  ['greaterEqual', nn.greaterEqual, false],
  ['less', nn.less, false],
  ['lessEqual', nn.lessEqual, false],
];
const NUMBERS = [2, -0.5, 0.1, 0, -0, 3, 1e40, -Infinity, NaN];
const X = [1.5, -2, 0, -0, 0.1, 3, 1e-8, Infinity, NaN, 7, -3.25, 2];

function same(a: nn.Tensor, b: nn.Tensor): boolean {
  if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return false;
  const x = a.dataSync();
  const y = b.dataSync();
  return x.every((v, i) => Object.is(v, y[i]) || (Number.isNaN(v) && Number.isNaN(y[i])));
}

describeEachBackend('binary ops with a number operand', () => {
  test('the values and dtypes of the scalar-tensor form, both orders', () => {
    const x = nn.tensor(X, [3, 4]);
    const bad: string[] = [];
    for (const [name, op] of OPS) {
      for (const c of NUMBERS) {
        if (!same(op(x, c), op(x, nn.scalar(c)))) bad.push(`${name}(x, ${c})`);
        if (!same(op(c, x), op(nn.scalar(c), x))) bad.push(`${name}(${c}, x)`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('gradients equal the scalar-tensor form', () => {
    const x = nn.tensor([0.5, 1.25, 2, 3.5, 0.75, 1.5], [2, 3]);
    const bad: string[] = [];
    for (const [name, op, differentiable] of OPS) {
      if (!differentiable) continue;
      for (const c of [2, -0.5, 0.3]) {
        const pairs: [string, (t: nn.Tensor) => nn.Tensor, (t: nn.Tensor) => nn.Tensor][] = [
          [`${name}(x, ${c})`, (t) => op(t, c), (t) => op(t, nn.scalar(c))],
          [`${name}(${c}, x)`, (t) => op(c, t), (t) => op(nn.scalar(c), t)],
        ];
        for (const [label, f, g] of pairs) {
          const a = nn.grad((t) => nn.sum(f(t)))(x);
          const b = nn.grad((t) => nn.sum(g(t)))(x);
          if (!same(a, b)) bad.push(label);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  test('no scalar tensor is made; int32 and bool operands keep their rules', () => {
    const x = nn.tensor([1, 2, 3]);
    const before = nn.memory().numTensors;
    const y = nn.mul(x, 2);
    expect(nn.memory().numTensors).toBe(before + 1);
    y.dispose();
    const i = nn.tensor([1, 2, 3], undefined, 'int32');
    expect(nn.add(i, 1).dtype).toBe('int32');
    expect(nn.add(i, 0.5).dtype).toBe('float32');
    expect(nn.div(i, 2).dtype).toBe('float32');
    expect(nn.greater(x, 2).dtype).toBe('bool');
    expect(Array.from(nn.greater(x, 2).dataSync())).toEqual([0, 0, 1]);
  });

  test('a disposed tensor operand is reported as before', () => {
    const x = nn.tensor([1, 2]);
    x.dispose();
    expect(() => nn.mul(x, 2)).toThrow(/mul \(argument 'a'\)/);
    expect(() => nn.sub(1, x)).toThrow(/sub \(argument 'b'\)/);
  });
});
