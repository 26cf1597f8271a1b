/** Shared helpers of the io tests: temporary folders and output comparison. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import * as nn from 'neurite';

/** A fresh temporary folder, removed when the test file ends. */
export function tempDir(prefix = 'neurite-io-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The largest absolute difference between two equally long arrays. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** A model's output values for one or several inputs, in inference mode. */
export function outputs(model: nn.Model, x: nn.Tensor | nn.Tensor[]): Float32Array {
  let out = new Float32Array(0);
  nn.tidy(() => {
    const y = Array.isArray(x) ? model.apply(x) : model.apply(x);
    const list = Array.isArray(y) ? y : [y];
    out = Float32Array.from(list.flatMap((t) => [...t.dataSync()]));
  });
  return out;
}

/** Every weight's values, concatenated in `model.weights` order. */
export function weightValues(model: nn.Model): number[] {
  return model.weights.flatMap((v) => [...v.dataSync()]);
}
