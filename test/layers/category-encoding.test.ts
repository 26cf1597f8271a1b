/** CategoryEncoding: values from Keras 3's docstring examples, count weights, config, errors. */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

const L = nn.layers;
const i32 = (a: number[] | number[][]): nn.Tensor => nn.tensor(a, undefined, 'int32');

describe('categoryEncoding (Keras docstring values)', () => {
  test('one_hot, multi_hot, count with weights', () => {
    expect(
      L.categoryEncoding({ numTokens: 4, outputMode: 'one_hot' })
        .apply(i32([3, 2, 0, 1]))
        .arraySync(),
    ).toEqual([
      [0, 0, 0, 1],
      [0, 0, 1, 0],
      [1, 0, 0, 0],
      [0, 1, 0, 0],
    ]);
    expect(
      L.categoryEncoding({ numTokens: 4, outputMode: 'multi_hot' })
        .apply(
          i32([
            [0, 1],
            [0, 0],
            [1, 2],
            [3, 1],
          ]),
        )
        .arraySync(),
    ).toEqual([
      [1, 1, 0, 0],
      [1, 0, 0, 0],
      [0, 1, 1, 0],
      [0, 1, 0, 1],
    ]);
    const cw = nn.tensor([
      [0.1, 0.2],
      [0.1, 0.1],
      [0.2, 0.3],
      [0.4, 0.2],
    ]);
    const out = L.categoryEncoding({ numTokens: 4, outputMode: 'count' }).apply(
      i32([
        [0, 1],
        [0, 0],
        [1, 2],
        [3, 1],
      ]),
      { countWeights: cw },
    );
    const want = [0.1, 0.2, 0, 0, 0.2, 0, 0, 0, 0, 0.2, 0.3, 0, 0, 0.2, 0, 0.4];
    Array.from(out.dataSync()).forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 6));
    expect(
      L.categoryEncoding({ numTokens: 3, outputMode: 'one_hot' }).computeOutputShape([null, 1]),
    ).toEqual([null, 3]);
    expect(L.categoryEncoding({ numTokens: 3 }).computeOutputShape([null, 5])).toEqual([null, 3]);
  });
  test('config round trip and errors', () => {
    const c = nn.layers.serialize(L.categoryEncoding({ numTokens: 5, outputMode: 'count' }));
    expect(c.config).toMatchObject({ numTokens: 5, outputMode: 'count', sparse: false });
    expect(
      nn.layers
        .deserializeLayer(c)
        .apply(i32([[1, 1]]))
        .arraySync(),
    ).toEqual([[0, 2, 0, 0, 0]]);
    expect(() => L.categoryEncoding({})).toThrow(/numTokens is required/);
    expect(() => L.categoryEncoding({ numTokens: 3, outputMode: 'tf_idf' as 'count' })).toThrow(
      /outputMode must be/,
    );
    expect(() => L.categoryEncoding({ numTokens: 3, name: 'ce_r' }).apply(i32([[3]]))).toThrow(
      "CategoryEncoding 'ce_r': input values must be integers in [0, 3) (numTokens 3), received 3",
    );
    expect(() =>
      L.categoryEncoding({ numTokens: 3 }).apply(i32([[1]]), { countWeights: nn.ones([1, 1]) }),
    ).toThrow(/only used when outputMode is 'count'/);
  });
});
