/** Key spellings and config-tree walkers (src/serialization/keys.ts). */
import { describe, expect, test } from 'vitest';
import {
  camelKey,
  camelKeys,
  classNameToSnakeCase,
  fromKerasTree,
  idFromClassName,
  looseKey,
  snakeKey,
  snakeKeys,
  toCamelCase,
  toKerasTree,
  toSnakeCase,
  type TreeSpelling,
  type WalkProblem,
} from '../../src/serialization/keys.js';

describe('string rules', () => {
  test("TF.js's snake_case rule for config keys: a digit continues a word", () => {
    expect(toSnakeCase('batchInputShape')).toBe('batch_input_shape');
    expect(toSnakeCase('kernelInitializer')).toBe('kernel_initializer');
    expect(toSnakeCase('beta1')).toBe('beta1');
    expect(toSnakeCase('units')).toBe('units');
    expect(toSnakeCase('channelsLast')).toBe('channels_last');
  });

  test("TF.js's camelCase rule", () => {
    expect(toCamelCase('kernel_initializer')).toBe('kernelInitializer');
    expect(toCamelCase('beta_1')).toBe('beta1');
    expect(toCamelCase('batch_input_shape')).toBe('batchInputShape');
    expect(toCamelCase('units')).toBe('units');
    expect(toCamelCase('_')).toBe('_');
  });

  test("Keras's class-name rule, the base of default layer names", () => {
    expect(classNameToSnakeCase('Conv2D')).toBe('conv2d');
    expect(classNameToSnakeCase('LeakyReLU')).toBe('leaky_re_lu');
    expect(classNameToSnakeCase('BatchNormalization')).toBe('batch_normalization');
    expect(classNameToSnakeCase('MaxPooling2D')).toBe('max_pooling2d');
    expect(classNameToSnakeCase('KLDivergence')).toBe('kl_divergence');
    // Where the two rules differ: a digit does not start a word for Keras.
    expect(classNameToSnakeCase('R2D2')).toBe('r2d2');
    expect(toSnakeCase('R2D2')).toBe('r2_d2');
  });

  test('default ids and the loose lookup key', () => {
    expect(idFromClassName('MaxPooling2D')).toBe('maxPooling2d');
    expect(idFromClassName('GlorotUniform')).toBe('glorotUniform');
    expect(idFromClassName('AUC')).toBe('auc');
    expect(looseKey('Sparse_Categorical_Crossentropy')).toBe(
      looseKey('sparseCategoricalCrossentropy'),
    );
  });

  test("a format's exceptions table is read both ways", () => {
    const keras = { clipNorm: 'clipnorm', beta1: 'beta_1' };
    expect(snakeKey('clipNorm', keras)).toBe('clipnorm');
    expect(snakeKey('beta1', keras)).toBe('beta_1');
    expect(snakeKey('learningRate', keras)).toBe('learning_rate');
    expect(camelKey('clipnorm', keras)).toBe('clipNorm');
    expect(camelKey('beta_1', keras)).toBe('beta1');
    expect(camelKey('global_clipnorm')).toBe('globalClipnorm');
    expect(snakeKeys({ beta1: 1, weightDecay: 2 }, keras)).toEqual({ beta_1: 1, weight_decay: 2 });
    expect(camelKeys({ beta_1: 1, from_logits: true }, keras)).toEqual({
      beta1: 1,
      fromLogits: true,
    });
  });
});

describe('config trees', () => {
  const problems: WalkProblem[] = [];
  const spelling: TreeSpelling = {
    fail: (p) => {
      problems.push(p);
      throw new Error(`cannot walk ${p.key}`);
    },
  };

  test('keys at every depth, and {className, config} ⇄ {class_name, config}', () => {
    const ours = {
      units: 3,
      useBias: true,
      kernelInitializer: { className: 'GlorotUniform', config: { seed: null } },
      batchInputShape: [null, 4],
      nested: { someKey: [{ innerKey: 'keepMe' }] },
    };
    const keras = toKerasTree(ours, spelling);
    expect(keras).toEqual({
      units: 3,
      use_bias: true,
      kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
      batch_input_shape: [null, 4],
      nested: { some_key: [{ inner_key: 'keepMe' }] },
    });
    expect(fromKerasTree(keras, spelling)).toEqual(ours);
  });

  test('a missing config is empty; the marker object keeps only class and config', () => {
    expect(fromKerasTree({ reg: { class_name: 'L2', module: 'keras' } }, spelling)).toEqual({
      reg: { className: 'L2', config: {} },
    });
  });

  test("the format's hooks: dropped keys, special values, class names, a key table", () => {
    const read: TreeSpelling = {
      ...spelling,
      keys: { batchInputShape: 'batch_shape' },
      dropped: new Set(['module']),
      value: (v, key) =>
        key === 'dtype' && typeof v === 'object' && v !== null ? 'float32' : undefined,
      className: (name) => (name === 'LeCunNormal' ? 'LecunNormal' : name),
    };
    expect(
      fromKerasTree(
        {
          batch_shape: [null, 2],
          module: 'keras.layers',
          dtype: { class_name: 'DTypePolicy', config: { name: 'float32' } },
          init: { class_name: 'LeCunNormal', config: {} },
        },
        read,
      ),
    ).toEqual({
      batchInputShape: [null, 2],
      dtype: 'float32',
      init: { className: 'LecunNormal', config: {} },
    });
  });

  test('what JSON cannot hold is reported to the format', () => {
    problems.length = 0;
    expect(() => toKerasTree({ activation: (x: number) => x }, spelling)).toThrow(
      /cannot walk activation/,
    );
    expect(() => fromKerasTree({ init: { class_name: 'Zeros', config: 3 } }, spelling)).toThrow(
      /cannot walk init/,
    );
    expect(problems[1]).toEqual({ key: 'init', value: 3, className: 'Zeros' });
  });

  test('a __proto__ key stays a plain key and never changes a prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": 1}, "a_b": 2}') as Record<
      string,
      unknown
    >;
    const ours = fromKerasTree(parsed, spelling);
    expect(Object.getPrototypeOf(ours)).toBe(Object.prototype);
    expect(ours.aB).toBe(2);
    const written = toKerasTree(parsed, spelling);
    expect(Object.getPrototypeOf(written)).toBe(Object.prototype);
    expect(Object.hasOwn(written, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
