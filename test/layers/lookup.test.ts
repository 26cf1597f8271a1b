/** StringLookup / IntegerLookup: values from Keras 3's docstring examples, config, errors. */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

const L = nn.layers;
const vals = (t: nn.Tensor): number[][] | number[] => t.arraySync() as number[][];
const vocab = ['a', 'b', 'c', 'd'];

describe('stringLookup (Keras docstring values)', () => {
  test('int mode with a vocabulary, adapt, OOV, invert', () => {
    const s = L.stringLookup({ vocabulary: vocab });
    const ids = s.apply([
      ['a', 'c', 'd'],
      ['d', 'z', 'b'],
    ]);
    expect(ids.dtype).toBe('int32');
    expect(vals(ids)).toEqual([
      [1, 3, 4],
      [4, 0, 2],
    ]);
    const a = L.stringLookup();
    a.adapt([
      ['a', 'c', 'd'],
      ['d', 'z', 'b'],
    ]);
    expect(a.getVocabulary()).toEqual(['[UNK]', 'd', 'z', 'c', 'b', 'a']);
    expect(
      vals(
        a.apply([
          ['a', 'c', 'd'],
          ['d', 'z', 'b'],
        ]),
      ),
    ).toEqual([
      [5, 3, 1],
      [1, 2, 4],
    ]);
    const inv = L.stringLookup({ vocabulary: vocab, invert: true });
    expect(
      inv.lookupTokens(
        nn.tensor(
          [
            [1, 3, 4],
            [4, 0, 2],
          ],
          undefined,
          'int32',
        ),
      ),
    ).toEqual([
      ['a', 'c', 'd'],
      ['d', '[UNK]', 'b'],
    ]);
  });
  test('one_hot, multi_hot, count, tf_idf', () => {
    const data = [
      ['a', 'c', 'd', 'd'],
      ['d', 'z', 'b', 'z'],
    ];
    expect(
      vals(
        L.stringLookup({ vocabulary: vocab, outputMode: 'one_hot' }).apply([
          'a',
          'b',
          'c',
          'd',
          'z',
        ]),
      ),
    ).toEqual([
      [0, 1, 0, 0, 0],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 1, 0],
      [0, 0, 0, 0, 1],
      [1, 0, 0, 0, 0],
    ]);
    expect(
      vals(L.stringLookup({ vocabulary: vocab, outputMode: 'multi_hot' }).apply(data)),
    ).toEqual([
      [0, 1, 0, 1, 1],
      [1, 0, 1, 0, 1],
    ]);
    expect(vals(L.stringLookup({ vocabulary: vocab, outputMode: 'count' }).apply(data))).toEqual([
      [0, 1, 0, 1, 2],
      [2, 0, 1, 0, 1],
    ]);
    const t = L.stringLookup({ outputMode: 'tf_idf' });
    t.setVocabulary(vocab, [0.25, 0.75, 0.6, 0.4]);
    const got = t.apply(data).dataSync();
    [0, 0.25, 0, 0.6, 0.8, 1.0, 0, 0.75, 0, 0.4].forEach((w, i) =>
      expect(got[i]).toBeCloseTo(w, 6),
    );
    const t2 = L.stringLookup({
      outputMode: 'tf_idf',
      vocabulary: ['[UNK]', ...vocab],
      idfWeights: [0.9, 0.25, 0.75, 0.6, 0.4],
    });
    expect(t2.apply(data).dataSync()[5]).toBeCloseTo(1.8, 6);
  });
  test('mask token is index 0 in int mode and dropped in multi_hot', () => {
    const m = L.stringLookup({ vocabulary: vocab, maskToken: '' });
    expect(
      vals(
        m.apply([
          ['a', 'c', 'd'],
          ['d', '', 'b'],
        ]),
      ),
    ).toEqual([
      [2, 4, 5],
      [5, 0, 3],
    ]);
    expect(m.getVocabulary()).toEqual(['', '[UNK]', 'a', 'b', 'c', 'd']);
    const mh = L.stringLookup({ vocabulary: vocab, maskToken: '', outputMode: 'multi_hot' });
    expect(vals(mh.apply([['a', '']]))).toEqual([[0, 1, 0, 0, 0]]);
  });
  test('config round trip keeps the vocabulary (special tokens first)', () => {
    const a = L.stringLookup({ outputMode: 'tf_idf' });
    a.adapt([
      ['x', 'y', 'y'],
      ['y', 'q', 'q'],
    ]);
    const c = nn.layers.serialize(a);
    expect(c.config.vocabulary).toEqual(['[UNK]', 'y', 'q', 'x']);
    const b = nn.layers.deserializeLayer(
      JSON.parse(JSON.stringify(c)) as nn.layers.SerializedLayer,
    ) as nn.layers.StringLookup;
    expect(Array.from(b.apply([['y', 'q', 'zz']]).dataSync())).toEqual(
      Array.from(a.apply([['y', 'q', 'zz']]).dataSync()),
    );
    // Keras's idf: log(1 + 2 / (1 + df)); y in 2 docs, q and x in 1; OOV gets the mean.
    const idf = [Math.log(1 + 2 / 3), Math.log(2), Math.log(2)];
    const mean = (idf[0]! + idf[1]! + idf[2]!) / 3;
    const w = a.getIdfWeights()!;
    [mean, ...idf].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 6));
  });
  test('clear errors', () => {
    expect(() => L.stringLookup({ outputMode: 'bogus' as 'int' })).toThrow(
      /outputMode must be one of/,
    );
    expect(() => L.stringLookup({ vocabulary: ['a', 'a'] })).toThrow(/repeats "a"/);
    expect(() => L.stringLookup({ name: 'sl_e' }).adapt([] as string[])).toThrow(
      /StringLookup 'sl_e'/,
    );
    expect(() => L.stringLookup({ vocabulary: vocab }).adapt(['a'])).toThrow(
      /vocabulary was given/,
    );
    expect(() => L.stringLookup({ vocabulary: vocab, numOovIndices: 0 }).apply(['zz'])).toThrow(
      /not in the vocabulary/,
    );
    expect(() => L.stringLookup({ name: 'sl_t' }).apply(nn.ones([2]))).toThrow(
      /StringLookup 'sl_t': takes JavaScript string arrays/,
    );
    expect(() => L.stringLookup({ outputMode: 'multi_hot' }).apply(['a'])).toThrow(
      /vocabulary must be set/,
    );
    expect(() => L.stringLookup({ invert: true, outputMode: 'count' })).toThrow(
      /invert is only supported/,
    );
  });
});

describe('integerLookup (Keras docstring values)', () => {
  const v = [12, 36, 1138, 42];
  const x = (a: number[][]): nn.Tensor => nn.tensor(a, undefined, 'int32');
  test('int, adapt, multiple OOV (floormod), invert, multi_hot', () => {
    expect(
      vals(
        L.integerLookup({ vocabulary: v }).apply(
          x([
            [12, 1138, 42],
            [42, 1000, 36],
          ]),
        ),
      ),
    ).toEqual([
      [1, 3, 4],
      [4, 0, 2],
    ]);
    const a = L.integerLookup();
    a.adapt(
      x([
        [12, 1138, 42],
        [42, 1000, 36],
      ]),
    );
    expect(a.getVocabulary()).toEqual([-1, 42, 1138, 1000, 36, 12]);
    expect(
      vals(
        L.integerLookup({ vocabulary: v, numOovIndices: 2 }).apply(
          x([
            [12, 1138, 42],
            [37, 1000, 36],
          ]),
        ),
      ),
    ).toEqual([
      [2, 4, 5],
      [1, 0, 3],
    ]);
    expect(
      vals(
        L.integerLookup({ vocabulary: v, invert: true }).apply(
          x([
            [1, 3, 4],
            [4, 0, 2],
          ]),
        ),
      ),
    ).toEqual([
      [12, 1138, 42],
      [42, -1, 36],
    ]);
    expect(
      vals(
        L.integerLookup({ vocabulary: v, outputMode: 'multi_hot' }).apply(
          x([
            [12, 1138, 42, 42],
            [42, 7, 36, 7],
          ]),
        ),
      ),
    ).toEqual([
      [0, 1, 0, 1, 1],
      [1, 0, 1, 0, 1],
    ]);
    const c = nn.layers.deserializeLayer(nn.layers.serialize(a));
    expect(vals(c.apply(x([[42, 5]])))).toEqual([[1, 0]]);
  });
});
