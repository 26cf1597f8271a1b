/**
 * Shared by the ONNX import tests: reading a fixture and its PyTorch reference, importing it
 * into a Neurite model, and comparing predictions.
 */
import { readFileSync } from 'node:fs';
import * as nn from 'neurite';
import { importOnnx, type OnnxImportOptions } from '../../../src/io/onnx/import/index.js';

/** A reference file from scripts/onnx_reference.py (PyTorch's outputs). */
export interface Reference {
  file: string;
  opset: number;
  ops: string[];
  layout?: string;
  expect?: string;
  error?: string;
  inputs: { name: string; shape: number[]; data: number[] }[];
  outputs: { name: string; shape: number[]; data: number[] }[];
}

export function readReference(path: string): Reference {
  return JSON.parse(readFileSync(path, 'utf8')) as Reference;
}

/** Imports an ONNX file (bytes or a repo-relative path) and builds the Neurite model. */
export async function loadOnnx(
  source: string | Uint8Array,
  options: OnnxImportOptions = {},
): Promise<nn.Model> {
  const bytes = typeof source === 'string' ? new Uint8Array(readFileSync(source)) : source;
  const where = typeof source === 'string' ? source : 'model.onnx';
  const artifacts = await importOnnx(bytes, where, options);
  return nn.io.artifactsToModel(artifacts, where);
}

/** Runs the model on a reference's inputs; returns every output as float arrays. */
export function predictReference(model: nn.Model, ref: Reference): Float32Array[] {
  const xs = ref.inputs.map((i) => nn.tensor(Float32Array.from(i.data), i.shape));
  const y = model.predict(xs.length === 1 ? xs[0]! : xs);
  const ys: nn.Tensor[] = Array.isArray(y) ? y : [y];
  const out = ys.map((t) => t.dataSync() as Float32Array);
  nn.dispose([...xs, ...ys]);
  return out;
}

/** The largest absolute difference between two arrays (Infinity if their lengths differ). */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
