/**
 * TF.js's tensor methods and op variants in neurite/tfjs, against @tensorflow/tfjs where
 * it defines the value; the backends under TF.js's names.
 */
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import * as tf from '../../src/tfjs/index.js';

interface TfjsTensor {
  dataSync(): ArrayLike<number>;
  shape: number[];
  dtype: string;
}
type Op = (...args: unknown[]) => TfjsTensor;
const tfjs = createRequire(import.meta.url)('@tensorflow/tfjs') as Record<string, Op> & {
  tensor: (v: unknown, shape?: number[], dtype?: string) => TfjsTensor;
  moments: (...a: unknown[]) => { mean: TfjsTensor; variance: TfjsTensor };
};

function same(a: tf.Tensor, b: TfjsTensor, tol = 1e-6): void {
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  const x = a.dataSync();
  const y = b.dataSync();
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) expect(Number.isNaN(x[i])).toBe(true);
    else expect(Math.abs(x[i]! - y[i]!)).toBeLessThanOrEqual(tol);
  }
}

const m = [
  [1.5, -2, 0],
  [3, 0.25, -4],
];

describe('tensor methods', () => {
  test('conversions and reshapes', () => {
    const t = tf.tensor2d(m);
    expect(t.toInt().dtype).toBe('int32');
    expect(t.toInt().arraySync()).toEqual([
      [1, -2, 0],
      [3, 0, -4],
    ]);
    expect(t.toBool().arraySync()).toEqual([
      [true, true, false],
      [true, true, true],
    ]);
    expect(t.toInt().toFloat().dtype).toBe('float32');
    expect(t.asType('int32').dtype).toBe('int32');
    expect(t.as1D().shape).toEqual([6]);
    expect(t.as1D().as2D(3, 2).shape).toEqual([3, 2]);
    expect(t.as1D().as3D(1, 2, 3).shape).toEqual([1, 2, 3]);
    expect(t.as1D().as4D(1, 1, 2, 3).shape).toEqual([1, 1, 2, 3]);
    expect(t.as1D().as5D(1, 1, 1, 2, 3).shape).toEqual([1, 1, 1, 2, 3]);
    expect(tf.tensor1d([4]).asScalar().shape).toEqual([]);
    expect(() => t.asScalar()).toThrow(/asScalar/);
    expect(t.reshapeAs(tf.zeros([3, 2])).shape).toEqual([3, 2]);
    expect(t.strides).toEqual([3]);
    expect(tf.zeros([2, 3, 4]).strides).toEqual([12, 4]);
  });

  test('buffer, bufferSync, bytes, where, variable', async () => {
    const t = tf.tensor2d(m);
    const b = await t.buffer();
    expect(b.get(1, 2)).toBe(-4);
    b.set(9, 0, 0);
    expect(t.dataSync()[0]).toBe(1.5); // a copy
    expect(b.toTensor().dataSync()[0]).toBe(9);
    expect(t.bufferSync().indexToLoc(4)).toEqual([1, 1]);
    expect((await tf.tensor1d([1], 'int32').bytes()).length).toBe(4);
    const chosen = t.where(tf.tensor2d(m).greater(0), tf.zerosLike(t));
    expect(chosen.arraySync()).toEqual([
      [1.5, 0, 0],
      [3, 0.25, 0],
    ]);
    const v = t.variable(false, 'from_method');
    expect(v.name).toBe('from_method');
    expect(v.trainable).toBe(false);
  });

  test('tf.buffer builds a tensor element by element', () => {
    const b = tf.buffer([2, 2], 'int32');
    b.set(5, 1, 1);
    const t = b.toTensor();
    expect(t.dtype).toBe('int32');
    expect(t.arraySync()).toEqual([
      [0, 0],
      [0, 5],
    ]);
    expect(() => tf.buffer([2], 'float32', new Float32Array(3))).toThrow(/does not match/);
  });
});

describe('op variants and additions agree with TF.js', () => {
  const x = tf.tensor2d(m);
  const X = tfjs.tensor(m);
  test('oneHot is int32 by default', () => {
    same(
      tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3),
      tfjs.oneHot!(tfjs.tensor([0, 2], undefined, 'int32'), 3),
    );
    same(
      tf.oneHot(tf.tensor1d([1], 'int32'), 2, 5, -1, 'float32'),
      tfjs.oneHot!(tfjs.tensor([1], undefined, 'int32'), 2, 5, -1, 'float32'),
    );
  });
  test('step: 1 where x > 0, else alpha', () => {
    same(tf.step(x), tfjs.step!(X));
    same(tf.step(x, 0.5), tfjs.step!(X, 0.5));
  });
  test('moments, norm, euclideanNorm, outerProduct, addN', () => {
    const a = tf.moments(x, 1);
    const b = tfjs.moments(X, 1);
    same(a.mean, b.mean);
    same(a.variance, b.variance, 1e-5);
    same(tf.moments(x, [0, 1], true).variance, tfjs.moments(X, [0, 1], true).variance, 1e-5);
    same(tf.norm(x), tfjs.norm!(X), 1e-5);
    same(tf.norm(x, 1, 1), tfjs.norm!(X, 1, 1), 1e-5);
    same(tf.norm(x, Infinity, 0, true), tfjs.norm!(X, Infinity, 0, true), 1e-5);
    same(tf.euclideanNorm(x, 0), tfjs.euclideanNorm!(X, 0), 1e-5);
    expect(() => tf.norm(x, 2, [0, 1])).toThrow(/matrix norm/);
    same(
      tf.outerProduct(tf.tensor1d([1, 2]), tf.tensor1d([3, 4, 5])),
      tfjs.outerProduct!(tfjs.tensor([1, 2]), tfjs.tensor([3, 4, 5])),
    );
    same(tf.addN([x, x, x]), tfjs.addN!([X, X, X]));
  });
  test('logSigmoid, divNoNan, isInf', () => {
    same(tf.logSigmoid(x), tfjs.logSigmoid!(X), 1e-6);
    const d = tf.tensor2d([
      [1, 0, 2],
      [0, 4, 1],
    ]);
    same(
      tf.divNoNan(x, d),
      tfjs.divNoNan!(
        X,
        tfjs.tensor([
          [1, 0, 2],
          [0, 4, 1],
        ]),
      ),
    );
    same(
      tf.isInf(tf.tensor1d([1, Infinity, -Infinity, NaN])),
      tfjs.isInf!(tfjs.tensor([1, Infinity, -Infinity, NaN])),
    );
  });
  test('tensor5d, tensor6d, concat2d, slice2d, pad1d', () => {
    same(tf.tensor5d([1, 2], [1, 1, 1, 1, 2]), tfjs.tensor5d!([1, 2], [1, 1, 1, 1, 2]));
    same(tf.tensor6d([[[[[[3]]]]]]), tfjs.tensor6d!([[[[[[3]]]]]]));
    same(tf.concat2d([x, x], 1), tfjs.concat2d!([X, X], 1));
    same(tf.slice2d(x, [0, 1], [2, 2]), tfjs.slice2d!(X, [0, 1], [2, 2]));
    same(tf.pad1d(tf.tensor1d([1, 2]), [1, 2], 9), tfjs.pad1d!(tfjs.tensor([1, 2]), [1, 2], 9));
  });
  test('eye takes batchShape second-to-last; variable casts to its dtype', () => {
    same(tf.eye(2, 3), tfjs.eye!(2, 3));
    same(tf.eye(2, undefined, undefined, 'int32'), tfjs.eye!(2, undefined, undefined, 'int32'));
    expect(() => tf.eye(2, 2, [3])).toThrow(/batchShape/);
    const v = tf.variable(tf.tensor1d([1.7]), true, 'cast_me', 'int32');
    expect(v.dtype).toBe('int32');
  });
  test('dropout, randomStandardNormal, randomUniformInt', () => {
    const kept = tf.dropout(tf.ones([1000]), 0.5, undefined, 3);
    const values = Array.from(kept.dataSync());
    expect(new Set(values)).toEqual(new Set([0, 2]));
    expect(values.filter((v) => v === 0).length).toBeGreaterThan(400);
    expect(tf.randomStandardNormal([3, 2]).shape).toEqual([3, 2]);
    const ints = tf.randomUniformInt([200], 2, 5, 1);
    expect(ints.dtype).toBe('int32');
    expect(new Set(ints.dataSync())).toEqual(new Set([2, 3, 4]));
  });
  test('nextFrame resolves', async () => {
    await expect(tf.nextFrame()).resolves.toBeUndefined();
  });
});

describe('backends, memory, errors', () => {
  test("setBackend maps TF.js's names; getBackend answers in them", async () => {
    await tf.ready();
    expect(await tf.setBackend('cpu')).toBe(true);
    expect(tf.getBackend()).toBe('cpu');
    expect(await tf.setBackend('tensorflow')).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
    expect(await tf.setBackend('webgl')).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
    await expect(tf.setBackend('cuda')).rejects.toThrow(/unknown backend 'cuda'/);
    tf.enableProdMode();
  });

  test('memory() has TF.js fields; tidy, keep and dispose are the core ones', () => {
    const before = tf.memory();
    expect(Object.keys(before).sort()).toEqual([
      'numBytes',
      'numDataBuffers',
      'numTensors',
      'unreliable',
    ]);
    const kept = tf.tidy(() => tf.keep(tf.ones([4])).add(1));
    expect(tf.memory().numTensors - before.numTensors).toBe(2);
    tf.dispose(kept);
  });

  test('a TF.js function Neurite lacks names itself', () => {
    expect(() => tf.cumsum(tf.ones([2]))).toThrow('tf.cumsum is not available in neurite/tfjs');
    expect(() => tf.loadGraphModel('x')).toThrow(
      /tf.loadGraphModel is not available.*loadLayersModel/,
    );
    expect(() => tf.image.resizeBilinear(tf.ones([1, 2, 2, 1]), [4, 4])).toThrow(
      'tf.image.resizeBilinear is not available in neurite/tfjs',
    );
    expect(() => tf.node.decodeImage(new Uint8Array())).toThrow(
      /tf.node.decodeImage is not available/,
    );
    expect(() => tf.data.webcam()).toThrow(/tf.data.webcam/);
    expect(() => tf.io.listModels()).toThrow(/tf.io.listModels/);
  });
});
