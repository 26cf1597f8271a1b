/** TextVectorization: values from Keras 3's docstring examples, modes, config, errors. */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

const L = nn.layers;

describe('textVectorization (Keras docstring values)', () => {
  test('adapt then int output padded to outputSequenceLength', () => {
    const v = L.textVectorization({ maxTokens: 5000, outputMode: 'int', outputSequenceLength: 4 });
    v.adapt(['foo bar', 'bar baz', 'baz bada boom']);
    expect(v.getVocabulary()).toEqual(['', '[UNK]', 'baz', 'bar', 'foo', 'boom', 'bada']);
    const out = v.apply([['foo qux bar'], ['qux baz']]);
    expect(out.dtype).toBe('int32');
    expect(out.arraySync()).toEqual([
      [4, 1, 3, 0],
      [1, 2, 0, 0],
    ]);
  });
  test('given vocabulary; truncation; standardize and split', () => {
    const v = L.textVectorization({
      outputSequenceLength: 4,
      vocabulary: ['earth', 'wind', 'and', 'fire'],
    });
    expect(v.getVocabulary()).toEqual(['', '[UNK]', 'earth', 'wind', 'and', 'fire']);
    expect(v.apply([['Earth, wind and also fire!']]).arraySync()).toEqual([[2, 3, 4, 1]]);
    const free = L.textVectorization({ vocabulary: ['a', 'b'] });
    expect(free.apply(['a b a', 'b']).arraySync()).toEqual([
      [2, 3, 2],
      [3, 0, 0],
    ]);
    const ch = L.textVectorization({
      split: 'character',
      standardize: 'lower',
      vocabulary: ['a', 'b', '!'],
    });
    expect(ch.apply(['AB!c']).arraySync()).toEqual([[2, 3, 4, 1]]);
    const raw = L.textVectorization({ standardize: null, split: null, vocabulary: ['Hi there'] });
    expect(raw.apply(['Hi there', 'hi there']).arraySync()).toEqual([2, 1]);
  });
  test('ngrams, multi_hot, count, tf_idf (Keras idf formula)', () => {
    const g = L.textVectorization({ ngrams: 2, vocabulary: ['a', 'b', 'a b'] });
    expect(g.apply(['a b c']).arraySync()).toEqual([[2, 3, 1, 4, 1]]);
    const mh = L.textVectorization({ outputMode: 'multi_hot', vocabulary: ['a', 'b'] });
    expect(mh.apply(['a a c', 'b']).arraySync()).toEqual([
      [1, 1, 0],
      [0, 0, 1],
    ]);
    const ct = L.textVectorization({
      outputMode: 'count',
      vocabulary: ['a', 'b'],
      padToMaxTokens: true,
      maxTokens: 5,
    });
    expect(ct.apply(['a a c']).arraySync()).toEqual([[1, 2, 0, 0, 0]]);
    const tf = L.textVectorization({ outputMode: 'tf_idf' });
    tf.adapt(['a b', 'a c', 'a']);
    expect(tf.getVocabulary()).toEqual(['[UNK]', 'a', 'c', 'b']);
    const idf = (df: number): number => Math.log(1 + 3 / (1 + df));
    const mean = (idf(3) + idf(1) + idf(1)) / 3;
    const got = Array.from(tf.apply(['a a z']).dataSync());
    [mean, 2 * idf(3), 0, 0].forEach((w, i) => expect(got[i]).toBeCloseTo(w, 6));
  });
  test('adapt on a dataset; maxTokens caps the vocabulary', async () => {
    const v = L.textVectorization({ maxTokens: 4 });
    await v.adapt(nn.data.array(['x y z', 'x y', 'x']).batch(2) as AsyncIterable<string[]>);
    expect(v.getVocabulary()).toEqual(['', '[UNK]', 'x', 'y']);
  });
  test('config round trip keeps the adapted vocabulary, through JSON', () => {
    const v = L.textVectorization({ outputSequenceLength: 3, name: 'tv_cfg' });
    v.adapt(['b b a', 'c']);
    const c = JSON.parse(JSON.stringify(nn.layers.serialize(v))) as nn.layers.SerializedLayer;
    expect(c.className).toBe('TextVectorization');
    expect(c.config).toMatchObject({
      standardize: 'lower_and_strip_punctuation',
      split: 'whitespace',
      ngrams: null,
      outputMode: 'int',
      outputSequenceLength: 3,
      vocabulary: ['', '[UNK]', 'b', 'c', 'a'],
      vocabularySize: 5,
    });
    const back = nn.layers.deserializeLayer(c) as nn.layers.TextVectorization;
    expect(back.apply(['a b q']).arraySync()).toEqual([[4, 2, 1]]);
  });
  test('used in front of a model: fit and predict on its int32 output', async () => {
    const texts = ['good fun', 'bad sad', 'good good', 'sad bad bad', 'fun good', 'bad'];
    const labels = nn.tensor([1, 0, 1, 0, 1, 0], [6, 1]);
    const v = L.textVectorization({ outputMode: 'multi_hot' });
    v.adapt(texts);
    const model = nn.sequential({
      layers: [L.dense({ units: 1, activation: 'sigmoid', inputShape: [v.vocabularySize()] })],
    });
    model.compile({
      optimizer: nn.optimizers.adam({ learningRate: 0.1 }),
      loss: 'binaryCrossentropy',
    });
    await model.fit(v.apply(texts), labels, { epochs: 60, verbose: 0 });
    const p = model.predict(v.apply(['good', 'bad'])).dataSync();
    expect(p[0]).toBeGreaterThan(0.8);
    expect(p[1]).toBeLessThan(0.2);
  });
  test('clear errors', () => {
    expect(() => L.textVectorization({ outputMode: 'one_hot' as 'int' })).toThrow(
      /outputMode must be 'int', 'multi_hot', 'count' or 'tf_idf'/,
    );
    expect(() => L.textVectorization({ standardize: 'upper' as 'lower' })).toThrow(
      /standardize must be/,
    );
    expect(() => L.textVectorization({ outputMode: 'count', outputSequenceLength: 3 })).toThrow(
      /only used with outputMode 'int'/,
    );
    expect(() => L.textVectorization({ name: 'tv_e' }).adapt([] as string[])).toThrow(
      /TextVectorization 'tv_e'/,
    );
    expect(() => L.textVectorization({ name: 'tv_n' }).adapt(['', '  '])).toThrow(
      /adapt found no tokens/,
    );
    expect(() => L.textVectorization({ name: 'tv_t' }).apply(nn.ones([2, 1]))).toThrow(
      /takes JavaScript strings/,
    );
    expect(() => L.textVectorization({ vocabulary: ['a'] }).apply([['a', 'b']])).toThrow(
      /\[n\] or \[n, 1\]/,
    );
  });
});
