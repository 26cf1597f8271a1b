import { test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend, gradCheck, smoothValues } from '../helpers/grad-check.js';
import { expectTensor } from '../helpers/expect-close.js';
import { ACTIVATIONS_REF as R } from '../helpers/reference.js';

const X = [-6.5, -3, -1.2, -0.4, 0, 0.3, 1, 2.5, 5.5, 7];
const ref = (f: (x: number) => number, xs = X) => xs.map((x) => f(Math.fround(x)));

describeEachBackend('activations: values', () => {
  const cases: [string, (x: nn.Tensor) => nn.Tensor, (x: number) => number][] = [
    ['relu', nn.relu, R.relu],
    ['relu6', nn.relu6, R.relu6],
    ['leakyRelu (default alpha 0.2)', (x) => nn.leakyRelu(x), (x) => R.leakyRelu(x)],
    ['leakyRelu alpha 0.3', (x) => nn.leakyRelu(x, 0.3), (x) => R.leakyRelu(x, 0.3)],
    ['elu (alpha 1)', (x) => nn.elu(x), (x) => R.elu(x)],
    ['elu alpha 0.5', (x) => nn.elu(x, 0.5), (x) => R.elu(x, 0.5)],
    ['selu', nn.selu, R.selu],
    ['sigmoid', nn.sigmoid, R.sigmoid],
    ['tanh', nn.tanh, R.tanh],
    ['softplus', nn.softplus, R.softplus],
    ['softsign', nn.softsign, R.softsign],
    ['silu', nn.silu, R.silu],
    ['gelu exact', (x) => nn.gelu(x, false), R.geluExact],
    ['gelu tanh approximation', (x) => nn.gelu(x, true), R.geluTanh],
    ['gelu default is the tanh form (Keras ops.gelu)', (x) => nn.gelu(x), R.geluTanh],
    ['step (Heaviside, 1 at 0)', (x) => nn.step(x), (x) => R.step(x)],
    ['step threshold 1', (x) => nn.step(x, 1), (x) => R.step(x, 1)],
    ['hardSigmoid (Keras 3)', nn.hardSigmoid, R.hardSigmoid],
    ['hardSilu', nn.hardSilu, R.hardSilu],
    ['mish', nn.mish, R.mish],
  ];
  for (const [name, op, f] of cases) {
    test(name, () => {
      expectTensor(op(nn.tensor(X)), ref(f), { dtype: 'float32', atol: 1e-6 });
    });
  }

  test('hand-computed points', () => {
    expectTensor(nn.relu(nn.tensor([-2, -0.5, 0, 0.5, 2])), [0, 0, 0, 0.5, 2]);
    expectTensor(nn.relu6(nn.tensor([-1, 3, 6, 7])), [0, 3, 6, 6]);
    expectTensor(nn.leakyRelu(nn.tensor([-2, 3])), [-0.4, 3]);
    expectTensor(nn.elu(nn.tensor([-1, 2])), [-0.6321205588285577, 2]);
    expectTensor(nn.selu(nn.tensor([1, -1])), [1.0507009873554805, -1.1113307378125625]);
    expectTensor(nn.sigmoid(nn.tensor([0, 2])), [0.5, 0.8807970779778823]);
    expectTensor(nn.softplus(nn.tensor([0])), [Math.LN2]);
    expectTensor(nn.softsign(nn.tensor([3, -1])), [0.75, -0.5]);
    expectTensor(nn.silu(nn.tensor([1])), [0.7310585786300049]);
    // Φ(1) = 0.8413447460685429
    expectTensor(nn.gelu(nn.tensor([1, -1]), false), [0.8413447460685429, -0.15865525393145707]);
    expectTensor(nn.gelu(nn.tensor([1]), true), [0.8411919906082768]);
    expectTensor(nn.hardSigmoid(nn.tensor([-3, 0, 1.5, 3])), [0, 0.5, 0.75, 1]);
  });

  test('extreme inputs saturate without overflow', () => {
    expectTensor(nn.sigmoid(nn.tensor([-100, 100, -Infinity, Infinity])), [0, 1, 0, 1]);
    expectTensor(nn.softplus(nn.tensor([100, -100, 1000])), [100, 0, 1000]);
    expectTensor(nn.tanh(nn.tensor([-50, 50])), [-1, 1]);
    expectTensor(nn.silu(nn.tensor([-100, 100])), [-0, 100]);
    expectTensor(nn.gelu(nn.tensor([-10, 10]), false), [-0, 10]);
    expectTensor(nn.elu(nn.tensor([-100])), [-1]);
  });

  test('NaN stays NaN through every activation', () => {
    const ops: ((x: nn.Tensor) => nn.Tensor)[] = [
      nn.relu,
      nn.relu6,
      (x) => nn.leakyRelu(x),
      (x) => nn.elu(x),
      nn.selu,
      nn.sigmoid,
      nn.tanh,
      nn.softplus,
      nn.softsign,
      nn.silu,
      (x) => nn.gelu(x, false),
      (x) => nn.gelu(x, true),
      (x) => nn.step(x),
      nn.hardSigmoid,
      nn.mish,
    ];
    for (const op of ops) expectTensor(op(nn.tensor([NaN, 1])).slice(0, 1), [NaN]);
  });

  test('chainable methods', () => {
    const x = nn.tensor([-1, 2]);
    expectTensor(x.relu(), [0, 2]);
    expectTensor(x.relu6(), [0, 2]);
    expectTensor(x.leakyRelu(0.1), [-0.1, 2]);
    expectTensor(
      x.elu(),
      ref((v) => R.elu(v), [-1, 2]),
    );
    expectTensor(x.selu(), ref(R.selu, [-1, 2]));
    expectTensor(x.sigmoid(), ref(R.sigmoid, [-1, 2]));
    expectTensor(x.tanh(), ref(Math.tanh, [-1, 2]));
    expectTensor(x.softplus(), ref(R.softplus, [-1, 2]));
    expectTensor(x.softsign(), ref(R.softsign, [-1, 2]));
    expectTensor(x.gelu(false), ref(R.geluExact, [-1, 2]));
    expectTensor(x.silu(), ref(R.silu, [-1, 2]));
    expectTensor(x.step(), [0, 1]);
  });

  test('int32 inputs compute in float32', () => {
    expectTensor(nn.sigmoid(nn.tensor([0], undefined, 'int32')), [0.5], { dtype: 'float32' });
    expectTensor(nn.relu(nn.tensor([-3, 3], undefined, 'int32')), [0, 3], { dtype: 'float32' });
  });
});

describeEachBackend('activations: gradients', () => {
  // Inputs keep clear of each function's kinks so finite differences never straddle one.
  const xs = (avoid: number[] = [], lo = -4, hi = 4) =>
    smoothValues([3, 4], { lo, hi, avoid, margin: 0.1, seed: 21 });
  const cases: [string, (x: nn.Tensor) => nn.Tensor, number[]][] = [
    ['relu', nn.relu, [0]],
    ['relu6', (x) => nn.relu6(nn.mul(x, 2)), [0, 3]],
    ['leakyRelu', (x) => nn.leakyRelu(x), [0]],
    ['leakyRelu alpha 0.3', (x) => nn.leakyRelu(x, 0.3), [0]],
    ['elu', (x) => nn.elu(x), [0]],
    ['elu alpha 2', (x) => nn.elu(x, 2), [0]],
    ['selu', nn.selu, [0]],
    ['sigmoid', nn.sigmoid, []],
    ['tanh', nn.tanh, []],
    ['softplus', nn.softplus, []],
    ['softsign', nn.softsign, [0]],
    ['silu', nn.silu, []],
    ['gelu exact', (x) => nn.gelu(x, false), []],
    ['gelu tanh', (x) => nn.gelu(x, true), []],
    ['step', (x) => nn.step(x), [0]],
    ['hardSigmoid', nn.hardSigmoid, [-3, 3]],
    ['hardSilu', nn.hardSilu, [-3, 3]],
    ['mish', nn.mish, []],
  ];
  for (const [name, op, kinks] of cases) {
    test(name, () => {
      gradCheck(op, [xs(kinks)]);
    });
  }

  test('derivatives at the kinks follow TF: relu/relu6 0 at 0, leakyRelu alpha at 0', () => {
    const g = (op: (x: nn.Tensor) => nn.Tensor, v: number[]) =>
      nn.grad((x) => nn.sum(op(x)))(nn.tensor(v));
    expectTensor(g(nn.relu, [0, 1]), [0, 1]);
    expectTensor(g(nn.relu6, [0, 6, 3]), [0, 0, 1]);
    expectTensor(
      g((x) => nn.leakyRelu(x, 0.3), [0, -1, 1]),
      [0.3, 0.3, 1],
    );
    expectTensor(
      g((x) => nn.step(x), [0, 1]),
      [0, 0],
    );
  });
});
