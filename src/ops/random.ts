/**
 * Random tensors, drawn in JS from the seeded generator (random/prng.ts) so every backend
 * gets the same numbers for the same seed.
 */
import { assertFits } from '../backends/alloc-limits.js';
import { ENGINE } from '../engine/engine.js';
import { ValueError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { assertValidShape, type Shape, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { rngFor } from '../random/prng.js';
import { fromValues } from './core.js';

function build(op: string, shape: Shape, dtype: DType, draw: () => number): Tensor {
  assertValidShape(shape, op);
  if (dtype === 'bool')
    throw new ValueError(`${op}: dtype must be float32 or int32, received bool`);
  // Before the typed array: one past the runtime's cap throws a bare RangeError.
  assertFits(op, 'output', shape, dtype, ENGINE.backend);
  const n = sizeOf(shape);
  const values = dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = dtype === 'int32' ? Math.floor(draw()) : draw();
  return fromValues(values, shape, dtype, op);
}

/**
 * Uniform in [minval, maxval).
 * Defaults: `minval` 0, `maxval` 1, dtype float32; `seed` makes it reproducible (else `nn.setSeed`'s stream).
 * @throws ValueError when `minval >= maxval`.
 * @example
 * const u = nn.randomUniform([2, 3], -1, 1, 'float32', 42);
 */
export function randomUniform(
  shape: Shape,
  minval = 0,
  maxval = 1,
  dtype: DType = 'float32',
  seed?: number,
): Tensor {
  if (!(minval < maxval))
    throw new ValueError(`randomUniform: minval (${minval}) must be < maxval (${maxval})`);
  const rng = rngFor(seed);
  return build('randomUniform', shape, dtype, () => minval + (maxval - minval) * rng.next());
}

/**
 * Normal with `mean` and `stddev`.
 * Defaults: `mean` 0, `stddev` 1, dtype float32.
 * @throws ValueError when `stddev < 0`.
 * @example
 * const z = nn.randomNormal([1000], 0, 2, 'float32', 7);
 */
export function randomNormal(
  shape: Shape,
  mean = 0,
  stddev = 1,
  dtype: DType = 'float32',
  seed?: number,
): Tensor {
  if (!(stddev >= 0)) throw new ValueError(`randomNormal: stddev must be >= 0, received ${stddev}`);
  const rng = rngFor(seed);
  return build('randomNormal', shape, dtype, () => mean + stddev * rng.normal());
}

/**
 * Normal with values beyond two standard deviations drawn again.
 * Defaults: `mean` 0, `stddev` 1, dtype float32.
 * @example
 * const w = nn.truncatedNormal([3, 3], 0, 0.05);
 */
export function truncatedNormal(
  shape: Shape,
  mean = 0,
  stddev = 1,
  dtype: DType = 'float32',
  seed?: number,
): Tensor {
  if (!(stddev >= 0))
    throw new ValueError(`truncatedNormal: stddev must be >= 0, received ${stddev}`);
  const rng = rngFor(seed);
  return build('truncatedNormal', shape, dtype, () => {
    let z: number;
    do z = rng.normal();
    while (Math.abs(z) > 2);
    return mean + stddev * z;
  });
}
