/** Shared helpers of the Keras file tests: fixtures, inputs and output comparison. */
import { readFileSync } from 'node:fs';
import * as nn from 'neurite';

/** Nested arrays of numbers, as the fixture JSON files hold them. */
export type Nested = number | Nested[];

/** A fixture JSON file, parsed. */
export function fixtureJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function shapeOf(x: Nested): number[] {
  const s: number[] = [];
  let v: Nested = x;
  while (Array.isArray(v)) {
    s.push(v.length);
    v = v[0]!;
  }
  return s;
}

function flat(x: Nested): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

/** A float32 tensor from nested arrays. */
export function tensorOf(x: Nested): nn.Tensor {
  return nn.tensor(Float32Array.from(flat(x)), shapeOf(x), 'float32');
}

/** A model's predictions for nested-array inputs, one flat Float32Array per output. */
export function predictNested(model: nn.Model, inputs: readonly Nested[]): Float32Array[] {
  let out: Float32Array[] = [];
  nn.tidy(() => {
    const xs = inputs.map(tensorOf);
    const y: nn.Tensor | nn.Tensor[] = model.predict(xs.length === 1 ? xs[0]! : xs);
    const list: nn.Tensor[] = Array.isArray(y) ? y : [y];
    out = list.map((t) => Float32Array.from(t.dataSync() as Float32Array));
  });
  return out;
}

/** Flattens expected outputs (one nested array per output). */
export function flatOutputs(outputs: readonly Nested[]): Float32Array[] {
  return outputs.map((o) => Float32Array.from(flat(o)));
}

/** The largest absolute difference between two equally long arrays (Infinity if lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
