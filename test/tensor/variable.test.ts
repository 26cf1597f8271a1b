import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend } from '../helpers/grad-check.js';
import { expectTensor } from '../helpers/expect-close.js';

describeEachBackend('variables', (backend) => {
  // Names are global: suffix them so each backend's run starts fresh.
  const id = (base: string) => `${base}_${backend}`;
  test('a variable holds a value, a name and a trainable flag', () => {
    const v = nn.variable(nn.tensor([1, 2]), false, id('vt_weights'));
    expect(v).toBeInstanceOf(nn.Variable);
    expect(v).toBeInstanceOf(nn.Tensor);
    expect(v.name).toBe(id('vt_weights'));
    expect(v.trainable).toBe(false);
    expectTensor(v, [1, 2]);
    expect(nn.variable([[1], [2]]).trainable).toBe(true);
    expectTensor(nn.variable([3, 4]), [3, 4]);
  });

  test('names are unique: a repeated name gets _1, _2, ...', () => {
    const a = nn.variable(nn.scalar(1), true, id('dup'));
    const b = nn.variable(nn.scalar(1), true, id('dup'));
    const c = nn.variable(nn.scalar(1), true, id('dup'));
    expect([a.name, b.name, c.name]).toEqual([id('dup'), `${id('dup')}_1`, `${id('dup')}_2`]);
    expect(nn.variable(nn.scalar(1)).name).not.toBe(nn.variable(nn.scalar(1)).name);
  });

  test('the variable does not alias its initial tensor', () => {
    const init = nn.tensor([1, 2]);
    const v = nn.variable(init);
    init.dispose();
    expectTensor(v, [1, 2]);
    v.assign(nn.tensor([5, 6]));
    const again = nn.tensor([1, 2]);
    expectTensor(again, [1, 2]);
  });

  test('assign replaces the value; ops read the new value', () => {
    const v = nn.variable(nn.tensor([1, 2]));
    const before = nn.mul(v, 2);
    const value = nn.tensor([10, 20]);
    v.assign(value);
    value.dispose();
    expectTensor(v, [10, 20]);
    expectTensor(nn.mul(v, 2), [20, 40]);
    expectTensor(before, [2, 4]);
    v.assign(v.sub(1));
    expectTensor(v, [9, 19]);
  });

  test('assign checks shape and dtype and names the variable', () => {
    const v = nn.variable(nn.zeros([2, 3]), true, id('vt_check'));
    expect(() => v.assign(nn.zeros([3, 2]))).toThrow(nn.ShapeError);
    expect(() => v.assign(nn.zeros([3, 2]))).toThrow(
      `Variable '${id('vt_check')}'.assign: expected shape [2,3], received [3,2]`,
    );
    expect(() => v.assign(nn.zeros([2, 3], 'int32'))).toThrow(nn.DTypeError);
    expect(() => v.assign(nn.zeros([2, 3], 'int32'))).toThrow(
      `Variable '${id('vt_check')}'.assign: expected dtype float32, received int32`,
    );
    const gone = nn.zeros([2, 3]);
    gone.dispose();
    expect(() => v.assign(gone)).toThrow(nn.DisposedError);
  });

  test('a requested dtype must match the initial value', () => {
    expect(() => nn.variable(nn.tensor([1]), true, 'vt_dt', 'int32')).toThrow(
      'variable: initial value is float32, requested int32; cast it first',
    );
    expectTensor(nn.variable([1, 2], true, 'vt_int', 'int32'), [1, 2], { dtype: 'int32' });
  });

  test('tidy never disposes a variable', () => {
    const v = nn.tidy(() => nn.variable(nn.tensor([1])));
    nn.tidy(() => {
      v.assign(nn.tensor([2]));
    });
    expectTensor(v, [2]);
  });
});
