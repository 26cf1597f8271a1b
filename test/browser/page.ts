/**
 * Runs in headless Chromium (bundled by browser.test.ts): the library's public API on the
 * wasm backend, and the backend's Web Worker threads on a cross-origin isolated page.
 * Reports a plain JSON object on `window.neuriteResult` (or `neuriteError`).
 */
import * as nn from 'neurite';
import { createWasmBackend } from '../../src/backends/wasm/index.js';
import type { Backend, DataHandle, TensorInfo } from '../../src/backends/backend.js';

export interface PageResult {
  crossOriginIsolated: boolean;
  backend: string;
  threads: number;
  threadsReady: boolean;
  /** Split (threaded) matMul vs the single-threaded kernel: bit-identical? */
  matMulSame: boolean;
  /** Max |wasm - js| over a 96x200x72 product. */
  matMulVsJs: number;
  fitAccuracy: number;
  fitLoss: number[];
  reloadedMaxDiff: number;
  weightsBytes: number;
}

interface PageWindow {
  neuriteResult?: PageResult;
  neuriteError?: string;
}

function upload(b: Backend, values: Float32Array, shape: number[]): TensorInfo {
  return { storage: b.upload(values, 'float32'), shape, dtype: 'float32', size: values.length };
}

function bits(b: Backend, h: DataHandle): Uint32Array {
  return new Uint32Array(Float32Array.from(b.readSync(h)).buffer);
}

function byteLength(data: ArrayBuffer | ArrayBuffer[] | undefined): number {
  if (data === undefined) return 0;
  return Array.isArray(data) ? data.reduce((s, d) => s + d.byteLength, 0) : data.byteLength;
}

async function run(): Promise<PageResult> {
  // Worker threads: a product big enough to be split, against one thread, bit for bit.
  const one = await createWasmBackend({ threads: 1 });
  const three = await createWasmBackend({ threads: 3 });
  const threadsReady = await three.whenThreadsReady(20_000);
  const [m, k, n] = [256, 784, 128];
  const a = nn.randomNormal([m, k], 0, 1, 'float32', 1).dataSync() as Float32Array;
  const b = nn.randomNormal([k, n], 0, 1, 'float32', 2).dataSync() as Float32Array;
  // Backend.matMul takes rank-3 operands [batch, m, k] x [batch, k, n].
  const x = bits(
    one,
    one.matMul(upload(one, a, [1, m, k]), upload(one, b, [1, k, n]), false, false),
  );
  const y = bits(
    three,
    three.matMul(upload(three, a, [1, m, k]), upload(three, b, [1, k, n]), false, false),
  );
  // The product must have m·n values (a vacuous empty result would compare equal).
  const matMulSame = x.length === m * n && y.length === m * n && x.every((v, i) => v === y[i]);

  // The public API: ready() picks wasm; the same product on wasm and on js.
  await nn.ready();
  const backend = nn.getBackend();
  const p = nn.randomNormal([96, 200], 0, 1, 'float32', 3);
  const q = nn.randomNormal([200, 72], 0, 1, 'float32', 4);
  const onWasm = nn.matMul(p, q).dataSync();
  const [pv, qv] = [p.dataSync(), q.dataSync()];
  await nn.setBackend('js');
  const onJs = nn.matMul(nn.tensor(pv, [96, 200]), nn.tensor(qv, [200, 72])).dataSync();
  await nn.setBackend(backend);
  let matMulVsJs = 0;
  for (let i = 0; i < onJs.length; i++)
    matMulVsJs = Math.max(matMulVsJs, Math.abs(onWasm[i]! - onJs[i]!));

  // compile / fit / evaluate on a seeded two-class problem, then save and load in memory.
  nn.setSeed(7);
  const pts = nn.randomUniform([512, 2], -1.5, 1.5, 'float32', 5);
  const v = pts.dataSync();
  const labels = new Int32Array(512);
  for (let i = 0; i < 512; i++) labels[i] = v[2 * i]! ** 2 + v[2 * i + 1]! ** 2 < 1 ? 1 : 0;
  const yTrue = nn.tensor(labels, [512], 'int32');
  const model = nn.sequential({
    layers: [
      nn.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }),
      nn.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: nn.optimizers.adam({ learningRate: 0.02 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const history = await model.fit(pts, yTrue, { epochs: 30, batchSize: 32, verbose: 0 });
  const logs = await model.evaluate(pts, yTrue, { verbose: 0 });

  let saved: nn.io.ModelArtifacts | undefined;
  await model.save(nn.io.withSaveHandler((artifacts) => void (saved = artifacts)));
  if (!saved) throw new Error('the save handler was not called');
  const loaded = await nn.loadModel(nn.io.fromMemory(saved));
  const before = model.predict(pts).dataSync();
  const after = loaded.predict(pts).dataSync();
  let reloadedMaxDiff = 0;
  for (let i = 0; i < before.length; i++)
    reloadedMaxDiff = Math.max(reloadedMaxDiff, Math.abs(before[i]! - after[i]!));

  return {
    crossOriginIsolated:
      (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated ?? false,
    backend,
    threads: three.threads,
    threadsReady,
    matMulSame,
    matMulVsJs,
    fitAccuracy: logs.accuracy ?? NaN,
    fitLoss: history.history.loss ?? [],
    reloadedMaxDiff,
    weightsBytes: byteLength(saved.weightData),
  };
}

const w = globalThis as PageWindow;
run().then(
  (r) => void (w.neuriteResult = r),
  (e: unknown) =>
    void (w.neuriteError = e instanceof Error ? `${e.message}\n${e.stack}` : String(e)),
);
