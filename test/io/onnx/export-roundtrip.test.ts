/**
 * Round trips through ONNX, with the importer:
 * - Neurite → ONNX → Neurite predicts what the first model predicted;
 * - PyTorch → ONNX → Neurite → ONNX → onnxruntime-web predicts what PyTorch predicted
 *   (within 1e-4), for every PyTorch file with a reference (test/fixtures/onnx-reference for
 *   the corpus, test/fixtures/onnx-made for the op patterns; files to be refused skipped).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as nn from 'neurite';
import { exportOnnx } from '../../../src/io/onnx/export/index.js';
import { importOnnx } from '../../../src/io/onnx/import/index.js';
import { decodeModel } from '../../../src/io/onnx/proto.js';
import {
  maxError,
  neuriteOutputs,
  randomInputs,
  randomizeWeights,
  runOrt,
} from './export-harness.js';

const L = nn.layers;

async function reimport(model: nn.Model, opset: number): Promise<nn.Model> {
  const bytes = exportOnnx(model, 'round.onnx', { opset });
  // The importer's default layout takes the graph's inputs as they are (channels-last here).
  const artifacts = await importOnnx(bytes, 'round.onnx');
  return nn.io.artifactsToModel(artifacts, 'round.onnx');
}

const MODELS: [string, () => nn.Model, number[][]][] = [
  [
    'an MLP',
    () =>
      nn.sequential({
        layers: [
          L.dense({ units: 16, activation: 'relu', inputShape: [10] }),
          L.dropout({ rate: 0.2 }),
          L.dense({ units: 8, activation: 'tanh' }),
          L.dense({ units: 4, activation: 'softmax' }),
        ],
      }),
    [[5, 10]],
  ],
  [
    'a CNN',
    () =>
      nn.sequential({
        layers: [
          L.conv2d({
            filters: 4,
            kernelSize: 3,
            padding: 'same',
            activation: 'relu',
            inputShape: [10, 10, 2],
          }),
          L.batchNormalization(),
          L.maxPooling2d({ poolSize: 2 }),
          L.zeroPadding2d({ padding: 1 }),
          L.conv2d({ filters: 3, kernelSize: 3, strides: 2, activation: 'elu' }),
          L.flatten(),
          L.dense({ units: 3, activation: 'sigmoid' }),
        ],
      }),
    [[3, 10, 10, 2]],
  ],
  [
    'a two-input, two-output graph',
    () => {
      const a = nn.input({ shape: [6] });
      const b = nn.input({ shape: [6] });
      const shared = L.dense({ units: 5, activation: 'selu' });
      const sum = L.add().apply([shared.apply(a), shared.apply(b)]) as nn.SymbolicTensor;
      const cat = L.concatenate().apply([sum, a]) as nn.SymbolicTensor;
      const h = L.leakyReLU({ negativeSlope: 0.1 }).apply(L.dense({ units: 4 }).apply(cat));
      return nn.model({
        inputs: [a, b],
        outputs: [
          L.dense({ units: 2, activation: 'softplus' }).apply(h),
          L.dense({ units: 1 }).apply(sum),
        ],
      });
    },
    [
      [4, 6],
      [4, 6],
    ],
  ],
];

describe('Neurite → ONNX → Neurite predicts as the first model', () => {
  describe.each([13, 17])('opset %i', (opset) => {
    it.each(MODELS)('%s', async (_title, make, shapes) => {
      const model = make();
      randomizeWeights(model);
      const again = await reimport(model, opset);
      const xs = randomInputs(shapes);
      expect(maxError(neuriteOutputs(again, xs), neuriteOutputs(model, xs))).toBeLessThan(1e-6);
    });
  });
});

interface Reference {
  file: string;
  opset: number;
  refuse?: unknown;
  inputs: { shape: number[]; data: number[] }[];
  outputs: { shape: number[]; data: number[] }[];
}

const references = ['test/fixtures/onnx-reference', 'test/fixtures/onnx-made'].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Reference)
    .filter((r) => r.refuse === undefined),
);

describe('PyTorch → ONNX → Neurite → ONNX → onnxruntime-web predicts what PyTorch did', () => {
  it('has the four corpus files', () => {
    const corpus = references.filter((r) => r.file.startsWith('test/fixtures/interop/onnx/'));
    expect(corpus.length).toBe(4);
  });

  it.each(references.map((r) => [r.file, r] as const))('%s', async (file, ref) => {
    const artifacts = await importOnnx(new Uint8Array(readFileSync(file)), file);
    const model = nn.io.artifactsToModel(artifacts, file);
    const opset = Math.max(13, ref.opset);
    const bytes = exportOnnx(model, 'again.onnx', { opset });
    expect(decodeModel(bytes).opsetImport).toEqual([{ domain: '', version: opset }]);
    const xs = ref.inputs.map((i) => nn.tensor(Float32Array.from(i.data), i.shape));
    const got = await runOrt(bytes, xs);
    const want = ref.outputs.map((o, k) => ({
      name: String(k),
      data: Float32Array.from(o.data),
      dims: o.shape,
    }));
    expect(maxError(got, want)).toBeLessThan(1e-4);
    model.dispose();
  });
});
