/**
 * Chainable methods on Tensor (`a.add(b).relu()`): `t.op(...rest)` is `op(t, ...rest)` for
 * every op named in CHAINED. The method types are derived from the ops' own signatures, so
 * a method cannot drift from its op; test/ops/chain.test.ts fails when an op is added to
 * ops/index.ts without being listed here or in NOT_CHAINED. Imported once by the package
 * entry for its side effect.
 */
import { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from './core.js';
import * as ops from './index.js';

type Ops = typeof ops;

/** Ops whose first argument is the tensor the method is called on. */
export const CHAINED = [
  // arithmetic and comparison
  'add', 'sub', 'mul', 'div', 'floorDiv', 'mod', 'pow', 'maximum', 'minimum', 'atan2',
  'squaredDifference', 'equal', 'notEqual', 'greater', 'greaterEqual', 'less', 'lessEqual',
  'logicalAnd', 'logicalOr', 'logicalXor', 'logicalNot',
  // elementwise
  'neg', 'abs', 'exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt', 'square', 'reciprocal',
  'sign', 'floor', 'ceil', 'round', 'sin', 'cos', 'erf', 'tanh', 'isNaN', 'isFinite',
  'clipByValue',
  // activations
  'relu', 'relu6', 'elu', 'selu', 'leakyRelu', 'sigmoid', 'hardSigmoid', 'softplus',
  'softsign', 'gelu', 'silu', 'hardSilu', 'mish', 'step', 'softmax', 'logSoftmax',
  // reductions
  'sum', 'mean', 'max', 'min', 'prod', 'any', 'all', 'argMax', 'argMin', 'logSumExp',
  // shapes, indexing, linear algebra
  'matMul', 'dot', 'transpose', 'reshape', 'expandDims', 'squeeze', 'slice', 'split',
  'unstack', 'tile', 'pad', 'gather', 'oneHot', 'cast', 'clone', 'broadcastTo',
  'zerosLike', 'onesLike', 'conv2d', 'maxPool',
] as const satisfies readonly (keyof Ops)[]; // prettier-ignore

/**
 * Exported ops that are not methods, and why: they create tensors rather than transform
 * one, take their tensor elsewhere than first, or take a list.
 */
export const NOT_CHAINED: Readonly<Partial<Record<keyof Ops, string>>> = {
  tensor: 'creates a tensor',
  scalar: 'creates a tensor',
  tensor1d: 'creates a tensor',
  tensor2d: 'creates a tensor',
  tensor3d: 'creates a tensor',
  tensor4d: 'creates a tensor',
  zeros: 'creates a tensor',
  ones: 'creates a tensor',
  fill: 'creates a tensor',
  eye: 'creates a tensor',
  range: 'creates a tensor',
  linspace: 'creates a tensor',
  randomUniform: 'creates a tensor',
  randomNormal: 'creates a tensor',
  truncatedNormal: 'creates a tensor',
  variable: 'creates a variable',
  uniqueVariableName: 'names a variable',
  where: 'the condition comes first: where(cond, a, b)',
  concat: 'takes a list (t.concat(others) is offered separately)',
  stack: 'takes a list (t.stack(others) is offered separately)',
};

type Chained = (typeof CHAINED)[number];

/** An op's signature without its first parameter. */
type Method<F> = F extends (x: never, ...rest: infer R) => infer Out ? (...rest: R) => Out : never;

/** Compile-time check: every chained op takes a Tensor as its first argument. */
type FirstTakesTensor = {
  [K in Chained]: Ops[K] extends (x: infer X, ...rest: never[]) => unknown
    ? Tensor extends X
      ? true
      : K
    : K;
}[Chained];
const everyChainedOpTakesATensor: FirstTakesTensor = true;
void everyChainedOpTakesATensor;

type ChainedMethods = { [K in Chained]: Method<Ops[K]> };

declare module '../tensor/tensor.js' {
  interface Tensor extends ChainedMethods {
    /** The tensor as one dimension of `size` elements. */
    flatten(): Tensor;
    /** `concat([this, ...others], axis)`. */
    concat(others: TensorLike | readonly TensorLike[], axis?: number): Tensor;
    /** `stack([this, ...others], axis)`. */
    stack(others: TensorLike | readonly TensorLike[], axis?: number): Tensor;
  }
}

for (const name of CHAINED) {
  const op = ops[name] as (x: Tensor, ...rest: unknown[]) => unknown;
  Object.defineProperty(Tensor.prototype, name, {
    value: function (this: Tensor, ...rest: unknown[]) {
      return op(this, ...rest);
    },
    writable: true,
    configurable: true,
  });
}

// As TF.js: an array is a list of tensors, anything else one tensor.
const isList = (x: TensorLike | readonly TensorLike[]): x is readonly TensorLike[] =>
  Array.isArray(x);
const list = (others: TensorLike | readonly TensorLike[]): readonly TensorLike[] =>
  isList(others) ? others : [others];
const p = Tensor.prototype;
p.flatten = function () {
  return ops.reshape(this, [this.size]);
};
p.concat = function (others, axis) {
  return ops.concat([this, ...list(others)], axis);
};
p.stack = function (others, axis) {
  return ops.stack([this, ...list(others)], axis);
};
