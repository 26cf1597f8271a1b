/**
 * The wasm backend with worker threads: kernels large enough to be split (matMul by rows or
 * columns, Adam by ranges) give the single-threaded backend's results bit for bit, in every
 * transpose and batch case, and the backend keeps working as its memory grows.
 */
import { beforeAll, expect, test } from 'vitest';
import type { Backend, DataHandle, TensorInfo } from '../../../src/backends/backend.js';
import { createWasmBackend } from '../../../src/backends/wasm/index.js';
import type { WasmBackend } from '../../../src/backends/wasm/wasm-backend.js';
import { Random } from '../../../src/random/prng.js';

let one: WasmBackend;
let two: WasmBackend;
let threaded = false;
beforeAll(async () => {
  one = await createWasmBackend({ threads: 1 });
  two = await createWasmBackend({ threads: 3 });
  threaded = await two.whenThreadsReady();
});

function upload(b: Backend, values: Float32Array, shape: number[]): TensorInfo {
  return { storage: b.upload(values, 'float32'), shape, dtype: 'float32', size: values.length };
}

function randn(n: number, seed: number): Float32Array {
  const r = new Random(seed);
  return Float32Array.from({ length: n }, () => r.normal());
}

function same(a: Backend, ha: DataHandle, b: Backend, hb: DataHandle): boolean {
  const x = new Uint32Array(Float32Array.from(a.readSync(ha)).buffer);
  const y = new Uint32Array(Float32Array.from(b.readSync(hb)).buffer);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

test('worker threads start where shared memory and worker_threads exist', () => {
  expect(one.threads).toBe(0);
  expect(two.threads).toBe(2);
  expect(threaded).toBe(true);
});

test('split matMuls equal the single-threaded kernel bit for bit', () => {
  // [batchA, batchB, m, k, n]: column splits (n ≥ rows), row splits, batches of A merged
  // into one product, odd sizes that leave partial register tiles; without transposes and
  // with k past one block and n ≥ rows, splits by k blocks (3 and 4 of them, partial tiles).
  const cases: [number, number, number, number, number][] = [
    [1, 1, 32, 784, 128],
    [1, 1, 16, 600, 300],
    [1, 1, 30, 1000, 97],
    [1, 1, 784, 32, 128],
    [1, 1, 200, 300, 9],
    [1, 1, 37, 129, 301],
    [4, 1, 50, 100, 70],
    [3, 3, 40, 150, 60],
    [1, 2, 90, 120, 66],
    // Too many k blocks (17, and 1172: more than a job may have chunks) or parts larger
    // than the k split keeps: split by rows or columns instead.
    [1, 1, 64, 4100, 200],
    [1, 1, 1, 300000, 2],
    [1, 1, 256, 2048, 2048],
  ];
  const bad: string[] = [];
  for (const [ba, bb, m, k, n] of cases) {
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        const va = randn(ba * m * k, m + k);
        const vb = randn(bb * k * n, k + n);
        const run = (be: WasmBackend): DataHandle =>
          be.matMul(
            upload(be, va, tA ? [ba, k, m] : [ba, m, k]),
            upload(be, vb, tB ? [bb, n, k] : [bb, k, n]),
            tA,
            tB,
          );
        if (!same(one, run(one), two, run(two)))
          bad.push(`${ba}x${m}x${k} · ${bb}x${k}x${n} ${tA} ${tB}`);
      }
    }
  }
  expect(bad).toEqual([]);
});

test('the fused dense forward and Adam split the same way', () => {
  const [m, k, n] = [64, 300, 100];
  const [vx, vw, vb] = [randn(m * k, 1), randn(k * n, 2), randn(n, 3)];
  const dense = (be: WasmBackend): DataHandle =>
    be.denseForward(upload(be, vx, [m, k]), upload(be, vw, [k, n]), upload(be, vb, [n]), 'relu');
  expect(same(one, dense(one), two, dense(two))).toBe(true);
  for (const size of [65536, 100003]) {
    const vals = [randn(size, 4), randn(size, 5), randn(size, 6), randn(size, 7).map(Math.abs)];
    const adam = (be: WasmBackend) => {
      const [x, g, mm, v] = vals.map((a) => upload(be, a, [size])) as [
        TensorInfo,
        TensorInfo,
        TensorInfo,
        TensorInfo,
      ];
      return be.adamStep(x, g, mm, v, upload(be, Float32Array.of(0.001), []), 0.9, 0.999, 1e-7);
    };
    const [a, b] = [adam(one), adam(two)];
    for (let i = 0; i < 3; i++)
      expect(same(one, a[i]!, two, b[i]!), `adam ${size} ${i}`).toBe(true);
  }
});

test('memory growth after the workers started', () => {
  // 64 MiB more than the backend holds now: the shared memory grows under the workers.
  const big = two.fill(16 << 20, 1.5, 'float32');
  const [m, k, n] = [128, 256, 96];
  const [va, vb] = [randn(m * k, 8), randn(k * n, 9)];
  const h2 = two.matMul(upload(two, va, [1, m, k]), upload(two, vb, [1, k, n]), false, false);
  const h1 = one.matMul(upload(one, va, [1, m, k]), upload(one, vb, [1, k, n]), false, false);
  expect(same(one, h1, two, h2)).toBe(true);
  expect(two.readSync(big)[(16 << 20) - 1]).toBe(1.5);
  two.free(big);
});

test('many jobs in a row, with more threads than cores, stay exact', async () => {
  // Oversubscribed: workers get descheduled mid-job, others claim what they leave.
  const many = await createWasmBackend({ threads: 5 });
  expect(await many.whenThreadsReady()).toBe(true);
  const bad: string[] = [];
  for (let i = 0; i < 150; i++) {
    const [m, k, n] = [16 + ((i * 7) % 50), 64 + ((i * 13) % 200), 16 + ((i * 11) % 90)];
    const [va, vb] = [randn(m * k, i), randn(k * n, i + 1000)];
    const run = (be: WasmBackend): DataHandle =>
      be.matMul(upload(be, va, [1, m, k]), upload(be, vb, [1, k, n]), i % 2 === 1, false);
    const want = run(one);
    const got = run(many);
    if (!same(one, want, many, got)) bad.push(`matMul ${i}: ${m}x${k}x${n}`);
    one.free(want);
    many.free(got);
    if (i % 10 === 0) {
      const size = 40000 + i * 101;
      const vals = [randn(size, i), randn(size, i + 1), randn(size, i + 2), randn(size, i + 3)];
      vals[3] = vals[3]!.map(Math.abs);
      const adam = (be: WasmBackend) => {
        const [x, g, mm, v] = vals.map((a) => upload(be, a, [size])) as [
          TensorInfo,
          TensorInfo,
          TensorInfo,
          TensorInfo,
        ];
        return be.adamStep(x, g, mm, v, upload(be, Float32Array.of(0.001), []), 0.9, 0.999, 1e-7);
      };
      const [a, b] = [adam(one), adam(many)];
      for (let j = 0; j < 3; j++) if (!same(one, a[j]!, many, b[j]!)) bad.push(`adam ${i} ${j}`);
    }
  }
  expect(bad).toEqual([]);
});

test('the shared-memory variant of the module imports its memory', async () => {
  const { KERNELS_WASM_BASE64 } =
    await import('../../../src/backends/wasm/generated/kernels-wasm.js');
  const { sharedMemoryVariant } = await import('../../../src/backends/wasm/shared-module.js');
  const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
  const plain = new WebAssembly.Module(bytes);
  const { bytes: patched, initialPages } = sharedMemoryVariant(bytes, 1024);
  const mod = new WebAssembly.Module(patched);
  expect(WebAssembly.Module.imports(mod)).toEqual([
    ...WebAssembly.Module.imports(plain),
    { module: 'env', name: 'memory', kind: 'memory' },
  ]);
  expect(WebAssembly.Module.exports(mod)).toEqual(WebAssembly.Module.exports(plain));
  expect(initialPages).toBeGreaterThanOrEqual(1);
  // It instantiates on a shared memory (and not on a plain one).
  const abort = (): void => undefined;
  const shared = new WebAssembly.Memory({ initial: initialPages, maximum: 1024, shared: true });
  expect(() => new WebAssembly.Instance(mod, { env: { abort, memory: shared } })).not.toThrow();
  const unshared = new WebAssembly.Memory({ initial: initialPages, maximum: 1024 });
  expect(() => new WebAssembly.Instance(mod, { env: { abort, memory: unshared } })).toThrow();
});

test('a runtime that refuses workers: kernels run on one thread, and it stops trying', async () => {
  const { loadKernels } = await import('../../../src/backends/wasm/kernels.js');
  const { WasmBackend } = await import('../../../src/backends/wasm/wasm-backend.js');
  let spawned = 0;
  let terminated = 0;
  // The first worker starts, the second is refused (as under a permission model).
  const spawn = (): { terminate: () => void } => {
    if (++spawned === 2) throw new Error('workers are not allowed here');
    return { terminate: () => void terminated++ };
  };
  const refused = new WasmBackend(await loadKernels({ shared: true }), { workers: 2, spawn });
  expect(refused.threads).toBe(2);
  const [m, k, n] = [128, 784, 128];
  const [va, vb] = [randn(m * k, 5), randn(k * n, 6)];
  const product = (be: WasmBackend): DataHandle =>
    be.matMul(upload(be, va, [1, m, k]), upload(be, vb, [1, k, n]), false, false);
  for (let i = 0; i < 3; i++) expect(same(one, product(one), refused, product(refused))).toBe(true);
  expect(spawned).toBe(2); // one attempt, not one per kernel
  expect(terminated).toBe(1); // the worker that did start was stopped
  expect(refused.threads).toBe(0);
  expect(await refused.whenThreadsReady(100)).toBe(false);
});
