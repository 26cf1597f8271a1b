/**
 * ONNX import against PyTorch: every corpus file (test/fixtures/interop/onnx, references in
 * test/fixtures/onnx-reference) and every made file (test/fixtures/onnx-made) loads as a
 * Neurite model that predicts what PyTorch predicted within 1e-4, or is refused with an
 * error naming the node; the imported models train, summarize and save.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { loadModel, ModelIOError, saveModel } from '../../../src/io/index.js';
import { importOnnx } from '../../../src/io/onnx/import/index.js';
import { tempDir } from '../helpers.js';
import {
  loadOnnx,
  maxDiff,
  predictReference,
  readReference,
  type Reference,
} from './import-helpers.js';

const REFS = 'test/fixtures/onnx-reference';
const MADE = 'test/fixtures/onnx-made';
const jsons = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
const corpus = jsons(REFS).map((f) => readReference(join(REFS, f)));
const made = jsons(MADE).map((f) => readReference(join(MADE, f)));
const refused = made.filter((r) => (r as Reference & { refuse?: unknown }).refuse);
const loadable = made.filter((r) => !(r as Reference & { refuse?: unknown }).refuse);
const TOL = 1e-4;

function checkOutputs(model: nn.Model, ref: Reference): void {
  const got = predictReference(model, ref);
  expect(got.length).toBe(ref.outputs.length);
  got.forEach((g, i) => {
    const want = Float32Array.from(ref.outputs[i]!.data);
    expect(maxDiff(g, want), `${ref.file} output ${ref.outputs[i]!.name}`).toBeLessThan(TOL);
  });
}

describe('the four corpus models match PyTorch', () => {
  test('there are four', () => expect(corpus.length).toBe(4));
  test.each(corpus.map((r) => [r.file, r] as const))('%s', async (_, ref) => {
    const model = await loadOnnx(ref.file);
    checkOutputs(model, ref);
    model.dispose();
  });
});

describe('PyTorch exports of each op pattern (onnx-made) match PyTorch', () => {
  test.each(loadable.map((r) => [r.file, r] as const))('%s', async (_, ref) => {
    const model = await loadOnnx(ref.file);
    checkOutputs(model, ref);
    model.dispose();
  });

  test.each(refused.map((r) => [r.file, r] as const))(
    '%s is refused naming the node',
    async (_, ref) => {
      const { op, node } = (ref as Reference & { refuse: { op: string; node: string } }).refuse;
      const err = await loadOnnx(ref.file).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelIOError);
      const msg = (err as Error).message;
      expect(msg).toContain(ref.file);
      expect(msg).toContain(`${op} '${node}'`);
      expect(msg).toContain(`opset ${ref.opset}`);
      expect(msg).toMatch(/Neurite imports: .*Conv.*Gemm/);
    },
  );
});

describe('layout', () => {
  const lenet = corpus.find((r) => r.file.includes('lenet'))!;
  test("default 'nchw': the model takes PyTorch's NCHW data (a Permute inside)", async () => {
    const model = await loadOnnx(lenet.file);
    expect((model as nn.Functional).inputs[0]!.shape).toEqual([null, 1, 28, 28]);
    expect(model.layers.map((l) => l.className).slice(0, 3)).toEqual([
      'InputLayer',
      'Permute',
      'Conv2D',
    ]);
    model.dispose();
  });

  test("'nhwc': channels-last inputs, no Permute, same predictions on transposed data", async () => {
    const model = await loadOnnx(lenet.file, { layout: 'nhwc' });
    expect((model as nn.Functional).inputs[0]!.shape).toEqual([null, 28, 28, 1]);
    expect(model.layers.some((l) => l.className === 'Permute')).toBe(false);
    const [n, c, h, w] = lenet.inputs[0]!.shape as [number, number, number, number];
    const src = lenet.inputs[0]!.data;
    const nhwc: number[] = new Array<number>(src.length);
    for (let b = 0; b < n; b++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          for (let k = 0; k < c; k++)
            nhwc[((b * h + y) * w + x) * c + k] = src[((b * c + k) * h + y) * w + x]!;
    checkOutputs(model, {
      ...lenet,
      inputs: [{ ...lenet.inputs[0]!, shape: [n, h, w, c], data: nhwc }],
    });
    model.dispose();
  });

  test('an unknown layout is refused', async () => {
    await expect(loadOnnx(lenet.file, { layout: 'hwcn' as 'nhwc' })).rejects.toThrow(
      /layout must be 'nchw' or 'nhwc', received "hwcn"/,
    );
  });
});

describe('an imported model is a real Neurite model', () => {
  const lenet = corpus.find((r) => r.file.includes('lenet'))!;
  const mlp = corpus.find((r) => r.file.includes('bn_dropout'))!;

  test('summary lists its layers and parameters (as PyTorch counts them)', async () => {
    const model = await loadOnnx(lenet.file);
    const lines: string[] = [];
    model.summary((l: string) => void lines.push(l));
    const text = lines.join('\n');
    expect(text).toMatch(/Conv2D/);
    expect(text).toMatch(/Dense/);
    // LeNet-5: 156 + 2416 + 48120 + 10164 + 850 parameters.
    expect(model.countParams()).toBe(61706);
    expect(text).toContain('61,706');
    model.dispose();
  });

  test('fit lowers the loss (trainable weights, BatchNormalization in training mode)', async () => {
    const model = await loadOnnx(mlp.file);
    expect(model.trainableWeights.length).toBe(8);
    model.compile({
      optimizer: nn.optimizers.adam({ learningRate: 0.01 }),
      loss: 'meanSquaredError',
    });
    const x = nn.randomNormal([32, 20], 0, 1, 'float32', 5);
    const y = nn.randomNormal([32, 5], 0, 1, 'float32', 6);
    const h = await model.fit(x, y, { epochs: 15, batchSize: 32, verbose: 0 });
    const loss = h.history.loss as number[];
    expect(loss[loss.length - 1]!).toBeLessThan(loss[0]! * 0.8);
    model.dispose();
  });

  test('saves to a TF.js folder and loads back with identical predictions', async () => {
    for (const ref of [
      lenet,
      ...loadable.filter((r) => r.file.includes('pool_pad') || r.file.includes('arith')),
    ]) {
      const model = await loadOnnx(ref.file);
      const dir = join(tempDir(), 'onnx-imported');
      await saveModel(model, dir);
      const loaded = await loadModel(dir);
      const a = predictReference(model, ref);
      const b = predictReference(loaded, ref);
      a.forEach((v, i) => expect(maxDiff(v, b[i]!), ref.file).toBe(0));
      model.dispose();
      loaded.dispose();
    }
  });

  test('the artifacts carry Neurite layer classes and <layer>/<weight> specs', async () => {
    const bytes = new Uint8Array((await import('node:fs')).readFileSync(lenet.file));
    const a = await importOnnx(bytes, lenet.file, {});
    const topo = JSON.stringify(a.modelTopology);
    expect(topo).toContain('"class_name":"Functional"');
    expect(topo).toContain('"class_name":"Conv2D"');
    expect(a.weightSpecs!.map((s) => s.name)).toContain('c1_Conv/kernel');
    expect(a.weightSpecs!.find((s) => s.name === 'c1_Conv/kernel')!.shape).toEqual([5, 5, 1, 6]);
  });
});
