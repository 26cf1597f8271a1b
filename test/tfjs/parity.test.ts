/**
 * neurite/tfjs against the real @tensorflow/tfjs 4.22 (its cpu backend), in one process:
 * the text of print()/toString(), tf.train's optimizers with TF.js's positional arguments
 * and defaults (several steps from the same start), tf.losses and tf.metrics, tf.util.
 */
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import * as tf from '../../src/tfjs/index.js';

interface TfjsTensor {
  toString(verbose?: boolean): string;
  dataSync(): ArrayLike<number>;
  dispose(): void;
}
interface TfjsVariable extends TfjsTensor {
  name: string;
}
interface TfjsOptimizer {
  minimize(f: () => TfjsTensor, returnCost?: boolean, varList?: TfjsVariable[]): TfjsTensor | null;
}
type TensorFn = (...args: unknown[]) => TfjsTensor;
/** The slice of TF.js's API these tests call. */
interface Tfjs {
  tensor(values: unknown, shape?: number[], dtype?: string): TfjsTensor;
  scalar(v: number): TfjsTensor;
  variable(t: TfjsTensor): TfjsVariable;
  sum: TensorFn;
  mul: TensorFn;
  square: TensorFn;
  sub: TensorFn;
  train: Record<string, (...args: unknown[]) => TfjsOptimizer>;
  losses: Record<string, TensorFn>;
  metrics: Record<string, TensorFn>;
  util: Record<string, (...args: unknown[]) => unknown>;
  setBackend(name: string): Promise<boolean>;
}

const tfjs = createRequire(import.meta.url)('@tensorflow/tfjs') as Tfjs;

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    const scale = Math.max(1, Math.abs(b[i]!));
    expect(Math.abs(a[i]! - b[i]!) / scale, `element ${i}: ${a[i]} vs ${b[i]}`).toBeLessThan(tol);
  }
}

describe('print() and toString() in TF.js format', () => {
  const cases: [string, unknown, number[] | undefined, string][] = [
    ['scalar', 3.5, [], 'float32'],
    ['scalar float', 0.1, [], 'float32'],
    ['vector', [1, -2.5, 3.125, 1e-9], undefined, 'float32'],
    ['long vector', Array.from({ length: 30 }, (_, i) => i * 1.5), undefined, 'float32'],
    [
      'matrix',
      [
        [1, 22.5],
        [-333, 4],
      ],
      undefined,
      'float32',
    ],
    [
      'int matrix',
      [
        [1, 2, 3],
        [40, 50, 60],
      ],
      undefined,
      'int32',
    ],
    ['bool', [true, false, true], undefined, 'bool'],
    ['rank 3', Array.from({ length: 12 }, (_, i) => i / 3), [2, 3, 2], 'float32'],
    ['rank 4', Array.from({ length: 16 }, (_, i) => i - 8), [2, 2, 2, 2], 'float32'],
    ['tall', Array.from({ length: 50 }, (_, i) => i), [25, 2], 'float32'],
    ['wide rows', Array.from({ length: 66 }, (_, i) => i * 0.25), [3, 22], 'float32'],
    ['empty', [], [0], 'float32'],
  ];
  for (const [name, values, shape, dtype] of cases) {
    test(name, () => {
      const ours = tf.tensor(values as number[], shape, dtype as tf.DataType);
      const theirs = tfjs.tensor(values, shape, dtype);
      expect(ours.toString()).toBe(theirs.toString());
      expect(ours.toString(true)).toBe(theirs.toString(true));
    });
  }

  test('print() logs that text', () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: string) => lines.push(s);
    try {
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]).print();
    } finally {
      console.log = log;
    }
    expect(lines).toEqual(['Tensor\n    [[1, 2],\n     [3, 4]]']);
  });
});

describe('tf.train: TF.js signatures and defaults', () => {
  // Five minimize steps on sum(c·(w − t)²) from the same start, in both libraries.
  const init = [0.5, -1.5, 2, 0.1];
  const target = [1, 1, -1, 0];
  const coeff = [1, 3, 0.5, 2];

  function ours(make: () => tf.Optimizer): Float32Array {
    const w = tf.variable(tf.tensor1d(init));
    const opt = make();
    const t = tf.tensor1d(target);
    const c = tf.tensor1d(coeff);
    for (let i = 0; i < 5; i++) opt.minimize(() => tf.sum(tf.mul(c, tf.square(tf.sub(w, t)))));
    return Float32Array.from(w.dataSync());
  }

  function theirs(make: () => TfjsOptimizer): Float32Array {
    const w = tfjs.variable(tfjs.tensor(init));
    const opt = make();
    const t = tfjs.tensor(target);
    const c = tfjs.tensor(coeff);
    for (let i = 0; i < 5; i++)
      opt.minimize(() => tfjs.sum(tfjs.mul(c, tfjs.square(tfjs.sub(w, t)))));
    return Float32Array.from(w.dataSync());
  }

  const cases: [string, unknown[]][] = [
    ['sgd', [0.1]],
    ['momentum', [0.05, 0.9]],
    ['momentum', [0.05, 0.9, true]],
    ['adam', []],
    ['adam', [0.1]],
    ['adam', [0.05, 0.8, 0.99, 1e-6]],
    ['adagrad', [0.3]],
    ['adagrad', [0.3, 0.5]],
    ['adamax', []],
    ['adamax', [0.1, 0.9, 0.999, null, 0.5]],
    ['rmsprop', [0.01]],
    ['rmsprop', [0.01, 0.5, 0.9]],
    ['rmsprop', [0.01, 0.9, 0, null, true]],
  ];
  for (const [name, args] of cases) {
    test(`${name}(${args.map(String).join(', ')})`, () => {
      const factory = tf.train[name as keyof typeof tf.train] as (...a: unknown[]) => tf.Optimizer;
      close(
        ours(() => factory(...args)),
        theirs(() => tfjs.train[name]!(...args)),
        1e-5,
      );
    });
  }

  test("adadelta: TF.js defaults; the update rule is Keras's", () => {
    // TF.js divides by the running average of squared gradients from before the step (its
    // first step is the raw gradient); Keras, and so Neurite, by the updated one.
    expect(tf.train.adadelta().getConfig()).toMatchObject({
      learningRate: 0.001,
      rho: 0.95,
      epsilon: 1e-7,
    });
    expect(tf.train.adadelta(1, 0.9, 1e-6).getConfig()).toMatchObject({
      learningRate: 1,
      rho: 0.9,
      epsilon: 1e-6,
    });
  });

  test("adam with a large epsilon: Keras's epsilon-hat form differs from TF.js in early steps", () => {
    const a = ours(() => tf.train.adam(0.05, 0.8, 0.99, 1e-3));
    const b = theirs(() => tfjs.train.adam!(0.05, 0.8, 0.99, 1e-3));
    close(a, b, 5e-3);
  });

  test('minimize returns the cost as a Scalar with returnCost, else null', () => {
    const w = tf.variable(tf.scalar(2));
    const opt = tf.train.sgd(0.1);
    expect(opt.minimize(() => w.square())).toBeNull();
    const cost = opt.minimize(() => w.square(), true);
    expect(cost?.rank).toBe(0);
    expect(cost?.dataSync()[0]).toBeCloseTo(1.6 ** 2, 5);
    expect(opt.iterations).toBe(2);
  });

  test('applyGradients takes the map variableGrads returns, or {name, tensor} pairs', async () => {
    const w = tf.variable(tf.scalar(1), true, 'weight_for_apply');
    const opt = tf.train.sgd(0.5);
    const { value, grads } = tf.variableGrads(() => w.mul(3));
    expect(value.dataSync()[0]).toBe(3);
    opt.applyGradients(grads);
    expect(w.dataSync()[0]).toBeCloseTo(-0.5, 6);
    opt.applyGradients([{ name: 'weight_for_apply', tensor: tf.scalar(1) }]);
    expect(w.dataSync()[0]).toBeCloseTo(-1, 6);
    expect(() => opt.applyGradients({ no_such_variable: tf.scalar(1) })).toThrow(
      /no live variable named 'no_such_variable'/,
    );
    const weights = await opt.getWeights();
    expect(weights[0]!.name).toBe('iter');
  });

  test('learningRate can be read and set, as TF.js programs do', () => {
    const opt = tf.train.adam(0.01);
    expect(opt.learningRate).toBe(0.01);
    opt.learningRate = 0.001;
    expect(opt.core.learningRate).toBe(0.001);
    expect(opt.getClassName()).toBe('Adam');
  });
});

describe('tf.losses and tf.metrics', () => {
  const labels = [
    [0, 1, 0],
    [1, 0, 0],
  ];
  const preds = [
    [0.2, 0.7, 0.1],
    [0.6, 0.3, 0.1],
  ];
  const weights = [
    [1, 0, 2],
    [0.5, 1, 0],
  ];

  const lossCases: [string, unknown[]][] = [
    ['meanSquaredError', []],
    ['meanSquaredError', [weights]],
    ['absoluteDifference', [weights, 1]],
    ['absoluteDifference', [weights, 2]],
    ['absoluteDifference', [weights, 0]],
    ['hingeLoss', []],
    ['huberLoss', [null, 0.3]],
    ['logLoss', []],
    ['sigmoidCrossEntropy', [null, 0.1]],
    ['softmaxCrossEntropy', []],
    ['softmaxCrossEntropy', [[1, 2], 0.2]],
  ];
  for (const [name, rest] of lossCases) {
    test(`tf.losses.${name}`, () => {
      const toOurs = (x: unknown): unknown => (Array.isArray(x) ? tf.tensor(x as number[][]) : x);
      const toTheirs = (x: unknown): unknown => (Array.isArray(x) ? tfjs.tensor(x) : x);
      const fn = tf.losses[name as keyof typeof tf.losses] as (...a: unknown[]) => tf.Tensor;
      const a = fn(tf.tensor(labels), tf.tensor(preds), ...rest.map(toOurs));
      const b = tfjs.losses[name]!(tfjs.tensor(labels), tfjs.tensor(preds), ...rest.map(toTheirs));
      close(a.dataSync(), b.dataSync(), 1e-5);
    });
  }

  test('cosineDistance and computeWeightedLoss with every reduction', () => {
    const a = tf.losses.cosineDistance(tf.tensor(labels), tf.tensor(preds), 1);
    const b = tfjs.losses.cosineDistance!(tfjs.tensor(labels), tfjs.tensor(preds), 1);
    close(a.dataSync(), b.dataSync(), 1e-5);
    for (const r of [0, 1, 2, 3] as const) {
      const x = tf.losses.computeWeightedLoss(tf.tensor(preds), tf.tensor([[1], [3]]), r);
      const y = tfjs.losses.computeWeightedLoss!(tfjs.tensor(preds), tfjs.tensor([[1], [3]]), r);
      close(x.dataSync(), y.dataSync(), 1e-5);
    }
    expect(tf.Reduction.SUM_BY_NONZERO_WEIGHTS).toBe(3);
  });

  const metricCases = [
    'binaryAccuracy',
    'categoricalAccuracy',
    'binaryCrossentropy',
    'categoricalCrossentropy',
    'meanSquaredError',
    'meanAbsoluteError',
    'meanAbsolutePercentageError',
    'cosineProximity',
    'precision',
    'recall',
    'r2Score',
    'mse',
    'MAPE',
  ];
  for (const name of metricCases) {
    test(`tf.metrics.${name}`, () => {
      const y =
        name === 'precision' || name === 'recall'
          ? [
              [1, 0, 1],
              [0, 1, 1],
            ]
          : labels;
      const p =
        name === 'precision' || name === 'recall'
          ? [
              [1, 1, 0],
              [0, 1, 1],
            ]
          : preds;
      const fn = tf.metrics[name as keyof typeof tf.metrics];
      const a = fn(tf.tensor(y), tf.tensor(p));
      const b = tfjs.metrics[name]!(tfjs.tensor(y), tfjs.tensor(p));
      close(a.dataSync(), b.dataSync(), 1e-5);
    });
  }

  test('tf.metrics.sparseCategoricalAccuracy', () => {
    const a = tf.metrics.sparseCategoricalAccuracy(tf.tensor([[1], [0]]), tf.tensor(preds));
    const b = tfjs.metrics.sparseCategoricalAccuracy!(tfjs.tensor([[1], [0]]), tfjs.tensor(preds));
    close(a.dataSync(), b.dataSync(), 1e-6);
  });
});

describe('tf.util', () => {
  test('shape and array helpers agree with TF.js', () => {
    const pairs: [string, unknown[]][] = [
      ['sizeFromShape', [[2, 3, 4]]],
      ['sizeFromShape', [[]]],
      [
        'flatten',
        [
          [
            [1, [2, [3]]],
            [4, 5],
          ],
        ],
      ],
      [
        'arraysEqual',
        [
          [1, 2],
          [1, 2],
        ],
      ],
      ['arraysEqual', [[1, 2], [1]]],
      ['clamp', [0, 5, 3]],
      ['nearestLargerEven', [5]],
      ['computeStrides', [[2, 3, 4]]],
      ['rightPad', ['ab', 5]],
      ['isInt', [3.5]],
      ['parseAxisParam', [-1, [2, 3]]],
      [
        'toNestedArray',
        [
          [2, 2],
          [1, 2, 3, 4],
        ],
      ],
      ['indexToLoc', [5, 3, [6, 2]]],
      ['locToIndex', [[1, 0, 1], 3, [6, 2]]],
      ['inferDtype', [[true]]],
      ['isString', ['x']],
      ['sum', [[1, 2, 3.5]]],
    ];
    for (const [name, args] of pairs) {
      const ours = (tf.util as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
      expect([name, ours(...args)]).toEqual([name, tfjs.util[name]!(...args)]);
    }
  });

  test('assert throws the message; shuffle keeps the elements', () => {
    expect(() => tf.util.assert(false, () => 'nope')).toThrow('nope');
    const a = [1, 2, 3, 4, 5];
    tf.util.shuffle(a);
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5]);
    const c = [1, 2, 3, 4, 5];
    const b = ['a', 'b', 'c', 'd', 'e'];
    tf.util.shuffleCombo(c, b);
    expect(c.map((x) => 'abcde'[x - 1])).toEqual(b);
    expect(Array.from(tf.util.createShuffledIndices(4)).sort()).toEqual([0, 1, 2, 3]);
    expect(tf.util.decodeString(tf.util.encodeString('héllo'))).toBe('héllo');
  });

  test('test_util throws TF.js messages', () => {
    tf.test_util.expectArraysClose(new Float32Array([1, 2]), [1, 2.0009]);
    expect(() => tf.test_util.expectArraysClose([1, 2], [1, 2.1])).toThrow(
      'Arrays differ: actual[1] = 2, expected[1] = 2.1.',
    );
    expect(() => tf.test_util.expectArraysEqual([[1, 2]], [[1], [2]])).toThrow(
      'Arrays have different shapes. Actual: [1,2]. Expected: [2,1]',
    );
    tf.test_util.expectArraysEqual(tf.tensor1d([1, 2]), [1, 2]);
    tf.test_util.expectNumbersClose(1, 1.0005);
    expect(() => tf.test_util.expectValuesInRange([1, 5], 0, 2)).toThrow('Value out of range:5');
  });
});
