/**
 * Chainable methods on Tensor (`a.add(b).relu()`), each a thin call to the op of the same
 * name. Imported once by the package entry for its side effect.
 */
import type { DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from './core.js';
import * as ops from './index.js';

type Axis = number | readonly number[];

declare module '../tensor/tensor.js' {
  interface Tensor {
    add(b: TensorLike): Tensor;
    sub(b: TensorLike): Tensor;
    mul(b: TensorLike): Tensor;
    div(b: TensorLike): Tensor;
    pow(b: TensorLike): Tensor;
    maximum(b: TensorLike): Tensor;
    minimum(b: TensorLike): Tensor;
    squaredDifference(b: TensorLike): Tensor;
    equal(b: TensorLike): Tensor;
    notEqual(b: TensorLike): Tensor;
    greater(b: TensorLike): Tensor;
    greaterEqual(b: TensorLike): Tensor;
    less(b: TensorLike): Tensor;
    lessEqual(b: TensorLike): Tensor;
    logicalAnd(b: TensorLike): Tensor;
    logicalOr(b: TensorLike): Tensor;
    logicalNot(): Tensor;
    neg(): Tensor;
    abs(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    log1p(): Tensor;
    sqrt(): Tensor;
    rsqrt(): Tensor;
    square(): Tensor;
    sign(): Tensor;
    floor(): Tensor;
    ceil(): Tensor;
    round(): Tensor;
    clipByValue(min: number, max: number): Tensor;
    relu(): Tensor;
    relu6(): Tensor;
    elu(alpha?: number): Tensor;
    selu(): Tensor;
    leakyRelu(alpha?: number): Tensor;
    sigmoid(): Tensor;
    tanh(): Tensor;
    softplus(): Tensor;
    softsign(): Tensor;
    gelu(approximate?: boolean): Tensor;
    silu(): Tensor;
    step(threshold?: number): Tensor;
    softmax(axis?: number): Tensor;
    logSoftmax(axis?: number): Tensor;
    sum(axis?: Axis, keepDims?: boolean): Tensor;
    mean(axis?: Axis, keepDims?: boolean): Tensor;
    max(axis?: Axis, keepDims?: boolean): Tensor;
    min(axis?: Axis, keepDims?: boolean): Tensor;
    prod(axis?: Axis, keepDims?: boolean): Tensor;
    any(axis?: Axis, keepDims?: boolean): Tensor;
    all(axis?: Axis, keepDims?: boolean): Tensor;
    argMax(axis?: number): Tensor;
    argMin(axis?: number): Tensor;
    logSumExp(axis?: Axis, keepDims?: boolean): Tensor;
    matMul(b: TensorLike, transposeA?: boolean, transposeB?: boolean): Tensor;
    dot(b: TensorLike): Tensor;
    transpose(perm?: readonly number[]): Tensor;
    reshape(shape: Shape): Tensor;
    flatten(): Tensor;
    expandDims(axis?: number): Tensor;
    squeeze(axis?: number | number[]): Tensor;
    slice(begin: number | readonly number[], size?: number | readonly number[]): Tensor;
    split(numOrSizes: number | readonly number[], axis?: number): Tensor[];
    tile(reps: readonly number[]): Tensor;
    pad(paddings: readonly (readonly [number, number])[], constantValue?: number): Tensor;
    gather(indices: TensorLike, axis?: number): Tensor;
    oneHot(depth: number, onValue?: number, offValue?: number): Tensor;
    cast(dtype: DType): Tensor;
    clone(): Tensor;
    broadcastTo(shape: Shape): Tensor;
  }
}

const p = Tensor.prototype;
p.add = function (b) {
  return ops.add(this, b);
};
p.sub = function (b) {
  return ops.sub(this, b);
};
p.mul = function (b) {
  return ops.mul(this, b);
};
p.div = function (b) {
  return ops.div(this, b);
};
p.pow = function (b) {
  return ops.pow(this, b);
};
p.maximum = function (b) {
  return ops.maximum(this, b);
};
p.minimum = function (b) {
  return ops.minimum(this, b);
};
p.squaredDifference = function (b) {
  return ops.squaredDifference(this, b);
};
p.equal = function (b) {
  return ops.equal(this, b);
};
p.notEqual = function (b) {
  return ops.notEqual(this, b);
};
p.greater = function (b) {
  return ops.greater(this, b);
};
p.greaterEqual = function (b) {
  return ops.greaterEqual(this, b);
};
p.less = function (b) {
  return ops.less(this, b);
};
p.lessEqual = function (b) {
  return ops.lessEqual(this, b);
};
p.logicalAnd = function (b) {
  return ops.logicalAnd(this, b);
};
p.logicalOr = function (b) {
  return ops.logicalOr(this, b);
};
p.logicalNot = function () {
  return ops.logicalNot(this);
};
p.neg = function () {
  return ops.neg(this);
};
p.abs = function () {
  return ops.abs(this);
};
p.exp = function () {
  return ops.exp(this);
};
p.log = function () {
  return ops.log(this);
};
p.log1p = function () {
  return ops.log1p(this);
};
p.sqrt = function () {
  return ops.sqrt(this);
};
p.rsqrt = function () {
  return ops.rsqrt(this);
};
p.square = function () {
  return ops.square(this);
};
p.sign = function () {
  return ops.sign(this);
};
p.floor = function () {
  return ops.floor(this);
};
p.ceil = function () {
  return ops.ceil(this);
};
p.round = function () {
  return ops.round(this);
};
p.clipByValue = function (lo, hi) {
  return ops.clipByValue(this, lo, hi);
};
p.relu = function () {
  return ops.relu(this);
};
p.relu6 = function () {
  return ops.relu6(this);
};
p.elu = function (a) {
  return ops.elu(this, a);
};
p.selu = function () {
  return ops.selu(this);
};
p.leakyRelu = function (a) {
  return ops.leakyRelu(this, a);
};
p.sigmoid = function () {
  return ops.sigmoid(this);
};
p.tanh = function () {
  return ops.tanh(this);
};
p.softplus = function () {
  return ops.softplus(this);
};
p.softsign = function () {
  return ops.softsign(this);
};
p.gelu = function (a) {
  return ops.gelu(this, a);
};
p.silu = function () {
  return ops.silu(this);
};
p.step = function (t) {
  return ops.step(this, t);
};
p.softmax = function (a) {
  return ops.softmax(this, a);
};
p.logSoftmax = function (a) {
  return ops.logSoftmax(this, a);
};
p.sum = function (a, k) {
  return ops.sum(this, a, k);
};
p.mean = function (a, k) {
  return ops.mean(this, a, k);
};
p.max = function (a, k) {
  return ops.max(this, a, k);
};
p.min = function (a, k) {
  return ops.min(this, a, k);
};
p.prod = function (a, k) {
  return ops.prod(this, a, k);
};
p.any = function (a, k) {
  return ops.any(this, a, k);
};
p.all = function (a, k) {
  return ops.all(this, a, k);
};
p.argMax = function (a) {
  return ops.argMax(this, a);
};
p.argMin = function (a) {
  return ops.argMin(this, a);
};
p.logSumExp = function (a, k) {
  return ops.logSumExp(this, a, k);
};
p.matMul = function (b, ta, tb) {
  return ops.matMul(this, b, ta, tb);
};
p.dot = function (b) {
  return ops.dot(this, b);
};
p.transpose = function (perm) {
  return ops.transpose(this, perm);
};
p.reshape = function (s) {
  return ops.reshape(this, s);
};
p.flatten = function () {
  return ops.reshape(this, [this.size]);
};
p.expandDims = function (a) {
  return ops.expandDims(this, a);
};
p.squeeze = function (a) {
  return ops.squeeze(this, a);
};
p.slice = function (b, s) {
  return ops.slice(this, b, s);
};
p.split = function (n, a) {
  return ops.split(this, n, a);
};
p.tile = function (r) {
  return ops.tile(this, r);
};
p.pad = function (pd, c) {
  return ops.pad(this, pd, c);
};
p.gather = function (i, a) {
  return ops.gather(this, i, a);
};
p.oneHot = function (d, on, off) {
  return ops.oneHot(this, d, on, off);
};
p.cast = function (d) {
  return ops.cast(this, d);
};
p.clone = function () {
  return ops.clone(this);
};
p.broadcastTo = function (s) {
  return ops.broadcastTo(this, s);
};
