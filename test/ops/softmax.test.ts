import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend, gradCheck, smoothValues } from '../helpers/grad-check.js';
import { expectTensor, expectValues } from '../helpers/expect-close.js';
import { softmaxRef } from '../helpers/reference.js';

const V = [0.5, -1, 2, 3, 0, -2.5, 1, 1, 4, -3, 0.25, 2];

describeEachBackend('softmax and logSoftmax', () => {
  test('last axis of [3,4]', () => {
    const want = softmaxRef(V.map(Math.fround), 4);
    expectValues(nn.softmax(nn.tensor(V, [3, 4])).dataSync(), want, { atol: 1e-6 });
    expectValues(nn.logSoftmax(nn.tensor(V, [3, 4])).dataSync(), want.map(Math.log), {
      atol: 2e-6,
    });
    expectTensor(nn.softmax(nn.tensor([1, 1])), [0.5, 0.5]);
  });

  test('axis 0 and the middle axis of a 3-D tensor', () => {
    // axis 0 of [3,4] = softmax of the columns
    const cols = [0, 1, 2, 3].map((j) => [0, 1, 2].map((i) => Math.fround(V[i * 4 + j]!)));
    const colSm = cols.map((c) => softmaxRef(c, 3));
    const want0 = [0, 1, 2].flatMap((i) => [0, 1, 2, 3].map((j) => colSm[j]![i]!));
    expectValues(nn.softmax(nn.tensor(V, [3, 4]), 0).dataSync(), want0, { atol: 1e-6 });
    expectValues(nn.tensor(V, [3, 4]).softmax(-2).dataSync(), want0, { atol: 1e-6 });
    // [2,3,2], axis 1
    const x = nn.tensor(V, [2, 3, 2]);
    const y = nn.logSoftmax(x, 1).dataSync();
    for (let i = 0; i < 2; i++)
      for (let k = 0; k < 2; k++) {
        const col = [0, 1, 2].map((j) => Math.fround(V[i * 6 + j * 2 + k]!));
        const sm = softmaxRef(col, 3);
        for (let j = 0; j < 3; j++) expect(y[i * 6 + j * 2 + k]).toBeCloseTo(Math.log(sm[j]!), 5);
      }
  });

  test('large logits do not overflow; -Infinity gets probability 0', () => {
    expectTensor(nn.softmax(nn.tensor([1000, 1000, -1000])), [0.5, 0.5, 0]);
    expectTensor(nn.logSoftmax(nn.tensor([1000, 0])), [0, -1000]);
    expectTensor(nn.softmax(nn.tensor([-Infinity, 0])), [0, 1]);
    expectTensor(nn.softmax(nn.tensor([NaN, 0])), [NaN, NaN]);
  });

  test('rows sum to one', () => {
    const s = nn.sum(nn.softmax(smoothValues([5, 7], { lo: -10, hi: 10 })), -1);
    expectTensor(s, [1, 1, 1, 1, 1], { atol: 1e-6 });
  });

  test('bad input', () => {
    expect(() => nn.softmax(nn.tensor([1, 2], undefined, 'int32'))).toThrow(nn.DTypeError);
    expect(() => nn.softmax(nn.tensor([1, 2], undefined, 'int32'))).toThrow(
      'softmax: expected float32 logits, received int32',
    );
    expect(() => nn.softmax(nn.scalar(1))).toThrow(/softmax: .*rank >= 1/);
    expect(() => nn.logSoftmax(nn.zeros([2, 2]), 2)).toThrow(/logSoftmax: axis 2 is out of range/);
  });

  test('gradients along every axis', () => {
    for (const axis of [-1, 0, 1]) {
      gradCheck((x) => nn.softmax(x, axis), [smoothValues([2, 3, 4], { seed: 101 })]);
      gradCheck((x) => nn.logSoftmax(x, axis), [smoothValues([2, 3, 4], { seed: 102 })]);
    }
  });

  test('the backward is y·(dy − Σ dy·y) as mul, sum, sub and mul compute it, bit for bit', () => {
    for (const shape of [
      [1, 1],
      [3, 10],
      [2, 3, 17],
      [5, 1],
    ]) {
      const x = smoothValues(shape, { seed: 7, lo: -5, hi: 5 });
      const dy = smoothValues(shape, { seed: 8 });
      const got = nn
        .grad((t) => nn.softmax(t))(x, dy)
        .dataSync();
      const y = nn.softmax(x);
      const want = nn.mul(y, nn.sub(dy, nn.sum(nn.mul(dy, y), -1, true))).dataSync();
      expect(Array.from(got), shape.join('x')).toEqual(Array.from(want));
    }
  });
});
