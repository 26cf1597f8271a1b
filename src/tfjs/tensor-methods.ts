/**
 * Tensor methods TF.js has and the core Tensor lacks, added to `Tensor.prototype` when (and
 * only when) `neurite/tfjs` is imported — this module runs for its side effect. A TF.js
 * program calls `x.toFloat()`, `x.as2D(2, 2)` or `x.print()` on the tensors every op
 * returns, so wrapper types would not do; the core entry `neurite` never loads this file.
 *
 * Added: `toFloat toInt toBool asType asScalar as1D … as5D reshapeAs buffer bufferSync
 * bytes strides where variable norm euclideanNorm logSigmoid divNoNan isInf`, and for the
 * TF.js ops Neurite lacks (`cumsum`, `topk`, …) methods that throw a NotAvailableError.
 * A method the core already has is never replaced, except two that only format:
 * `print()` and `toString()` switch to TF.js's text (`Tensor\n    [[1, 2],\n     [3, 4]]`)
 * for every tensor of the process once `neurite/tfjs` is loaded.
 *
 * The type declarations below merge into the core `Tensor` interface, so TypeScript sees
 * these methods wherever this module is part of the program.
 */
import { ShapeError } from '../errors.js';
import { cast } from '../ops/cast.js';
import { reshape } from '../ops/shape-ops.js';
import { where } from '../ops/where.js';
import type { TensorLike } from '../ops/core.js';
import type { Axis } from '../ops/reduce.js';
import type { DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import { Tensor, type Variable } from '../tensor/tensor.js';
import { TensorBuffer } from './buffer.js';
import { tensorToString } from './format.js';
import {
  divNoNan,
  euclideanNorm,
  isInf,
  logSigmoid,
  norm,
  type NormOrder,
  variable,
} from './ops.js';
import { NotAvailableError, UNAVAILABLE_METHODS } from './not-available.js';

/** TF.js tensor methods that `neurite/tfjs` adds to every tensor. */
export interface TfjsTensorMethods {
  /** The tensor cast to float32. */
  toFloat(): Tensor;
  /** The tensor cast to int32. */
  toInt(): Tensor;
  /** The tensor cast to bool. */
  toBool(): Tensor;
  /** The tensor cast to `dtype`. */
  asType(dtype: DType): Tensor;
  /** The one element as a rank-0 tensor. */
  asScalar(): Tensor;
  /** The elements as a rank-1 tensor. */
  as1D(): Tensor;
  /** Reshaped to `[rows, columns]`. */
  as2D(rows: number, columns: number): Tensor;
  /** Reshaped to `[rows, columns, depth]`. */
  as3D(rows: number, columns: number, depth: number): Tensor;
  /** Reshaped to `[rows, columns, depth, depth2]`. */
  as4D(rows: number, columns: number, depth: number, depth2: number): Tensor;
  /** Reshaped to `[rows, columns, depth, depth2, depth3]`. */
  as5D(rows: number, columns: number, depth: number, depth2: number, depth3: number): Tensor;
  /** Reshaped to the shape of `x`. */
  reshapeAs(x: Tensor): Tensor;
  /** A TensorBuffer holding a copy of the values. */
  buffer(): Promise<TensorBuffer>;
  /** A TensorBuffer holding a copy of the values, read synchronously. */
  bufferSync(): TensorBuffer;
  /** The raw bytes of the values. */
  bytes(): Promise<Uint8Array>;
  /** Elements to step over per index of each dimension but the last. */
  readonly strides: number[];
  /** `where(condition, this, b)`. */
  where(condition: TensorLike, b: TensorLike): Tensor;
  /** A variable initialised with this tensor. */
  variable(trainable?: boolean, name?: string, dtype?: DType): Variable;
  /** A vector norm (see `tf.norm`). */
  norm(ord?: NormOrder, axis?: Axis | null, keepDims?: boolean): Tensor;
  /** The Euclidean norm. */
  euclideanNorm(axis?: Axis | null, keepDims?: boolean): Tensor;
  /** `log(sigmoid(this))`. */
  logSigmoid(): Tensor;
  /** `this / b`, 0 where `b` is 0. */
  divNoNan(b: TensorLike): Tensor;
  /** True where the value is infinite. */
  isInf(): Tensor;
  /** Prints the tensor in TF.js's format (with dtype, rank and shape when `verbose`). */
  print(verbose?: boolean): void;
  /** TF.js's text of the tensor (with dtype, rank and shape when `verbose`). */
  toString(verbose?: boolean): string;
}

declare module '../tensor/tensor.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Tensor extends TfjsTensorMethods {}
}

function asShape(t: Tensor, shape: Shape, method: string): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== t.size) {
    throw new ShapeError(
      `tensor.${method}: cannot reshape a tensor of shape [${t.shape.join(',')}] (${t.size} elements) to [${shape.join(',')}]`,
    );
  }
  return reshape(t, shape);
}

function toBuffer(t: Tensor): TensorBuffer {
  return new TensorBuffer(t.shape, t.dtype, t.dataSync().slice());
}

function stridesOf(shape: Shape): number[] {
  const out: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i > 0; i--) {
    acc *= shape[i]!;
    out.unshift(acc);
  }
  return out;
}

type Methods = { [K in keyof TfjsTensorMethods]?: unknown };

const methods: Methods = {
  toFloat(this: Tensor) {
    return cast(this, 'float32');
  },
  toInt(this: Tensor) {
    return cast(this, 'int32');
  },
  toBool(this: Tensor) {
    return cast(this, 'bool');
  },
  asType(this: Tensor, dtype: DType) {
    return cast(this, dtype);
  },
  asScalar(this: Tensor) {
    return asShape(this, [], 'asScalar');
  },
  as1D(this: Tensor) {
    return asShape(this, [this.size], 'as1D');
  },
  as2D(this: Tensor, r: number, c: number) {
    return asShape(this, [r, c], 'as2D');
  },
  as3D(this: Tensor, r: number, c: number, d: number) {
    return asShape(this, [r, c, d], 'as3D');
  },
  as4D(this: Tensor, r: number, c: number, d: number, d2: number) {
    return asShape(this, [r, c, d, d2], 'as4D');
  },
  as5D(this: Tensor, r: number, c: number, d: number, d2: number, d3: number) {
    return asShape(this, [r, c, d, d2, d3], 'as5D');
  },
  reshapeAs(this: Tensor, x: Tensor) {
    return asShape(this, x.shape, 'reshapeAs');
  },
  async buffer(this: Tensor) {
    await this.data();
    return toBuffer(this);
  },
  bufferSync(this: Tensor) {
    return toBuffer(this);
  },
  async bytes(this: Tensor) {
    const d = await this.data();
    return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
  },
  where(this: Tensor, condition: TensorLike, b: TensorLike) {
    return where(condition, this, b);
  },
  variable(this: Tensor, trainable?: boolean, name?: string, dtype?: DType) {
    return variable(this, trainable, name, dtype);
  },
  norm(this: Tensor, ord?: NormOrder, axis?: Axis | null, keepDims?: boolean) {
    return norm(this, ord, axis, keepDims);
  },
  euclideanNorm(this: Tensor, axis?: Axis | null, keepDims?: boolean) {
    return euclideanNorm(this, axis, keepDims);
  },
  logSigmoid(this: Tensor) {
    return logSigmoid(this);
  },
  divNoNan(this: Tensor, b: TensorLike) {
    return divNoNan(this, b);
  },
  isInf(this: Tensor) {
    return isInf(this);
  },
};

/** Methods the core also defines and that are replaced on purpose: they only format. */
const formatting: Methods = {
  print(this: Tensor, verbose = false) {
    console.log(this.toString(verbose));
  },
  toString(this: Tensor, verbose = false) {
    this.assertAlive('toString');
    return tensorToString(this.dataSync(), this.shape, this.dtype, verbose);
  },
};

const proto = Tensor.prototype as object;
for (const [name, fn] of Object.entries(methods)) {
  if (name in proto) continue; // the core's own method wins
  Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
}
if (!('strides' in proto)) {
  Object.defineProperty(proto, 'strides', {
    get(this: Tensor) {
      return stridesOf(this.shape);
    },
    configurable: true,
  });
}
for (const [name, fn] of Object.entries(formatting)) {
  Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
}
for (const name of UNAVAILABLE_METHODS) {
  if (name in proto) continue;
  Object.defineProperty(proto, name, {
    value: function () {
      throw new NotAvailableError(`tensor.${name}() is not available in neurite/tfjs`);
    },
    writable: true,
    configurable: true,
  });
}
