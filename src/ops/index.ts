/** Every public op. Chainable methods are attached by ./chain.ts. */
export { type TensorLike } from './core.js';
export * from './creation.js';
export * from './shape-ops.js';
export * from './cast.js';
export * from './broadcast.js';
export {
  add,
  sub,
  mul,
  div,
  floorDiv,
  mod,
  pow,
  maximum,
  minimum,
  atan2,
  squaredDifference,
  equal,
  notEqual,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalOr,
  logicalXor,
} from './binary.js';
export {
  neg,
  abs,
  exp,
  expm1,
  log,
  log1p,
  sqrt,
  rsqrt,
  square,
  reciprocal,
  sign,
  floor,
  ceil,
  round,
  sin,
  cos,
  erf,
  tanh,
  logicalNot,
  isNaN,
  isFinite,
} from './unary.js';
export * from './nonlinear.js';
export {
  sum,
  prod,
  max,
  min,
  any,
  all,
  mean,
  argMax,
  argMin,
  logSumExp,
  type Axis,
} from './reduce.js';
export * from './where.js';
export {
  transpose,
  slice,
  pad,
  concat,
  stack,
  unstack,
  split,
  tile,
  gather,
  oneHot,
} from './gather-slice.js';
export * from './matmul.js';
export { conv2d, maxPool, type ConvPadding, type Pair } from './conv.js';
export * from './softmax.js';
export * from './random.js';
