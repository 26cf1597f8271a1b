/**
 * Masks through layers, as Keras 3 defines them (the values are checked against real Keras
 * in mask-flow-keras.test.ts): which layers pass a mask on, what merge layers make of
 * several, MultiHeadAttention's automatic attention mask, Softmax's mask, and gradients of
 * the masked merges. Values here come from loops written in the test.
 */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { getMask } from '../../src/layers/layer.js';
import { describeEachBackend } from '../helpers/each-backend.js';
import { gradCheck } from '../helpers/grad-check.js';

const ids = (): nn.Tensor =>
  nn.tensor(
    [
      [4, 2, 0, 0],
      [1, 0, 0, 0],
    ],
    undefined,
    'int32',
  );
const bits = (t: nn.Tensor | null): string => (t ? Array.from(t.dataSync()).join('') : 'none');

describeEachBackend('masks', () => {
  test('Dense, Dropout, normalization and activation layers pass the mask on; Flatten and Conv1D stop it', () => {
    const L = nn.layers;
    const e = L.embedding({ inputDim: 5, outputDim: 3, maskZero: true }).apply(ids());
    expect(bits(getMask(e))).toBe('11001000');
    let x = e;
    for (const layer of [
      L.dense({ units: 4 }),
      L.dropout({ rate: 0.5 }),
      L.layerNormalization(),
      L.batchNormalization(),
      L.activation({ activation: 'relu' }),
      L.leakyReLU(),
      L.gaussianNoise({ stddev: 0.1 }),
      L.spatialDropout1d({ rate: 0.2 }),
      L.rescaling({ scale: 2 }),
    ]) {
      x = layer.apply(x);
      expect(bits(getMask(x)), layer.className).toBe('11001000');
    }
    expect(getMask(L.flatten().apply(x))).toBeNull();
    expect(getMask(L.conv1d({ filters: 2, kernelSize: 1 }).apply(x))).toBeNull();
  });

  test('merges: no mask unless every input has one, then their OR; Concatenate ANY-combines', () => {
    const L = nn.layers;
    const a = nn.ones([2, 4, 3]);
    const b = nn.ones([2, 4, 3]);
    const ma = nn.tensor(
      [
        [1, 1, 0, 0],
        [1, 0, 0, 0],
      ],
      undefined,
      'bool',
    );
    const mb = nn.tensor(
      [
        [1, 0, 1, 0],
        [0, 0, 0, 0],
      ],
      undefined,
      'bool',
    );
    const both = L.add().apply([a, b], { mask: [ma, mb] }) as nn.Tensor;
    expect(bits(getMask(both))).toBe('11101000');
    const one = L.add().apply([a, b], { mask: [ma, null] }) as nn.Tensor;
    expect(getMask(one)).toBeNull();
    // Concatenate: an unmasked input counts as all on.
    const cat = L.concatenate().apply([a, b], { mask: [ma, null] }) as nn.Tensor;
    expect(bits(getMask(cat))).toBe('11111111');
    const cat2 = L.concatenate({ axis: 1 }).apply([a, b], { mask: [ma, mb] }) as nn.Tensor;
    expect(bits(getMask(cat2))).toBe('1100101010000000');
  });

  test('Maximum and Multiply: masked-off values never win; the product is 0 where no input is on', () => {
    const L = nn.layers;
    const a = nn.tensor([[[5], [1], [9]]]);
    const b = nn.tensor([[[2], [7], [3]]]);
    const ma = nn.tensor([[1, 1, 0]], undefined, 'bool');
    const mb = nn.tensor([[0, 1, 0]], undefined, 'bool');
    // Step 0: only a on → 5; step 1: both → max(1, 7) = 7, min 1; step 2: neither → the
    // first input's 9 stands in for the second, so 9 for both (Keras's fold).
    expect(
      Array.from((L.maximum().apply([a, b], { mask: [ma, mb] }) as nn.Tensor).dataSync()),
    ).toEqual([5, 7, 9]);
    expect(
      Array.from((L.minimum().apply([a, b], { mask: [ma, mb] }) as nn.Tensor).dataSync()),
    ).toEqual([5, 1, 9]);
    // Multiply: off → 1; all masked → 0 where none is on.
    expect(
      Array.from((L.multiply().apply([a, b], { mask: [ma, mb] }) as nn.Tensor).dataSync()),
    ).toEqual([5, 7, 0]);
    expect(
      Array.from((L.multiply().apply([a, b], { mask: [ma, null] }) as nn.Tensor).dataSync()),
    ).toEqual([10, 7, 3]);
  });

  test('gradients of the masked merges', () => {
    const ma = nn.tensor([[1, 1, 0, 1]], undefined, 'bool');
    const mb = nn.tensor([[0, 1, 1, 1]], undefined, 'bool');
    const x = nn.randomNormal([1, 4, 2], 0, 1, 'float32', 3);
    const y = nn.randomNormal([1, 4, 2], 0, 1, 'float32', 4);
    for (const make of [nn.layers.maximum, nn.layers.minimum, nn.layers.multiply]) {
      gradCheck((p, q) => make().apply([p, q], { mask: [ma, mb] }) as nn.Tensor, [x, y]);
    }
  });

  test('MultiHeadAttention builds its attention mask from the query and value masks and passes the query mask on', () => {
    const mha = nn.layers.multiHeadAttention({ numHeads: 1, keyDim: 2 });
    const q = nn.randomNormal([1, 3, 2], 0, 1, 'float32', 5);
    const v = nn.randomNormal([1, 3, 2], 0, 1, 'float32', 6);
    const qm = nn.tensor([[1, 1, 0]], undefined, 'bool');
    const vm = nn.tensor([[1, 0, 1]], undefined, 'bool');
    const auto = mha.apply([q, v], { mask: [qm, vm] }) as nn.Tensor;
    const explicit = mha.apply([q, v], {
      attentionMask: nn.logicalAnd(nn.reshape(qm, [1, 3, 1]), nn.reshape(vm, [1, 1, 3])),
    }) as nn.Tensor;
    const a = auto.dataSync();
    const b = explicit.dataSync();
    a.forEach((val, i) => expect(val).toBeCloseTo(b[i]!, 6));
    expect(bits(getMask(auto))).toBe('110');
  });

  test('Softmax: masked positions get -1e9 before normalizing; a sequence mask on 3-D input is refused as in Keras', () => {
    const x = nn.tensor([[1, 2, 3]]);
    const m = nn.tensor([[1, 0, 1]], undefined, 'bool');
    const y = nn.layers.softmax().apply(x, { mask: m });
    const e1 = Math.exp(1);
    const e3 = Math.exp(3);
    const want = [e1 / (e1 + e3), 0, e3 / (e1 + e3)];
    Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    expect(() =>
      nn.layers
        .softmax({ name: 'sm' })
        .apply(nn.ones([2, 3, 4]), { mask: nn.ones([2, 3], 'bool') }),
    ).toThrow(
      /Softmax 'sm': the mask must broadcast to the input aligned from the right.*mask \[2, 3\] for input \[2, 3, 4\]/,
    );
  });
});

describe('Subtract and Divide take exactly two inputs', () => {
  test('named errors', () => {
    expect(() =>
      nn.layers.subtract({ name: 's' }).apply([nn.ones([1, 2]), nn.ones([1, 2]), nn.ones([1, 2])]),
    ).toThrow(/Subtract 's': expected 2 inputs, received 3/);
    expect(() => nn.layers.divide({ name: 'd' }).apply(nn.ones([1, 2]))).toThrow(
      /Divide 'd': expect(s|ed) (exactly )?2 inputs, received 1/,
    );
  });
});
