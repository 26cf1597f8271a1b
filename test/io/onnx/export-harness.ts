/**
 * Shared by the ONNX export tests: export a model, run the bytes in onnxruntime-web (the
 * WebAssembly build, one thread, no network) and compare its outputs with Neurite's.
 */
import * as ort from 'onnxruntime-web';
import * as nn from 'neurite';
import { exportOnnx, type OnnxExportOptions } from '../../../src/io/onnx/export/index.js';

ort.env.wasm.numThreads = 1;

/** One output of a run: its name, values and dims. */
export interface RunOutput {
  readonly name: string;
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** Runs ONNX bytes in onnxruntime-web with the inputs in graph order; outputs in graph order. */
export async function runOrt(
  bytes: Uint8Array,
  inputs: readonly nn.Tensor[],
): Promise<RunOutput[]> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feeds: Record<string, ort.Tensor> = {};
    session.inputNames.forEach((name, i) => {
      const t = inputs[i]!;
      feeds[name] = new ort.Tensor('float32', Float32Array.from(t.dataSync()), [...t.shape]);
    });
    const result = await session.run(feeds);
    return session.outputNames.map((name) => {
      const t = result[name]!;
      return { name, data: t.data as Float32Array, dims: [...t.dims] };
    });
  } finally {
    await session.release();
  }
}

/** Neurite's outputs for `inputs` (inference mode), as plain arrays. */
export function neuriteOutputs(model: nn.Model, inputs: readonly nn.Tensor[]): RunOutput[] {
  let out: RunOutput[] = [];
  nn.tidy(() => {
    const y = inputs.length === 1 ? model.apply(inputs[0]!) : model.apply([...inputs]);
    const list = Array.isArray(y) ? y : [y];
    out = list.map((t, i) => ({
      name: String(i),
      data: Float32Array.from(t.dataSync()),
      dims: [...t.shape],
    }));
  });
  return out;
}

/**
 * The largest difference between two runs, relative above 1 (|a − b| / max(1, |b|)), after
 * checking they have the same outputs with the same dims.
 */
export function maxError(got: readonly RunOutput[], expected: readonly RunOutput[]): number {
  if (got.length !== expected.length) {
    throw new Error(`${got.length} outputs, expected ${expected.length}`);
  }
  let worst = 0;
  got.forEach((g, k) => {
    const e = expected[k]!;
    if (g.dims.join() !== e.dims.join()) {
      throw new Error(
        `output ${k} (${g.name}) has dims [${g.dims.join(',')}], expected [${e.dims.join(',')}]`,
      );
    }
    for (let i = 0; i < e.data.length; i++) {
      const a = g.data[i]!;
      const b = e.data[i]!;
      const err =
        Number.isNaN(a) && Number.isNaN(b) ? 0 : Math.abs(a - b) / Math.max(1, Math.abs(b));
      worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
    }
  });
  return worst;
}

/**
 * Exports `model`, runs it in onnxruntime-web on `inputs` and returns the largest error
 * against Neurite's own predictions on the same inputs.
 */
export async function ortError(
  model: nn.Model,
  inputs: readonly nn.Tensor[],
  options: OnnxExportOptions = {},
): Promise<number> {
  const bytes = exportOnnx(model, 'test.onnx', options);
  const ortInputs =
    options.inputLayout === 'channels_first'
      ? inputs.map((t) => (t.rank === 4 ? nn.transpose(t, [0, 3, 1, 2]) : t))
      : inputs;
  return maxError(await runOrt(bytes, ortInputs), neuriteOutputs(model, inputs));
}

/** Random inputs ~ N(0, 2²) for the given shapes, seeded. */
export function randomInputs(shapes: readonly (readonly number[])[], seed = 1): nn.Tensor[] {
  return shapes.map((s, i) => nn.randomNormal([...s], 0, 2, 'float32', seed + i));
}

/**
 * Gives every weight random values (so biases, β and moving statistics are not their
 * trivial initial values): variances in [0.5, 1.5], everything else ~ N(0, 0.5²).
 */
export function randomizeWeights(model: nn.Model, seed = 7): void {
  model.weights.forEach((v, i) => {
    const value = v.name.endsWith('moving_variance')
      ? nn.randomUniform([...v.shape], 0.5, 1.5, 'float32', seed + i)
      : nn.randomNormal([...v.shape], 0, 0.5, 'float32', seed + i);
    v.assign(value);
    value.dispose();
  });
}
