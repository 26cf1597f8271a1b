/**
 * Benchmark worker: ONNX Runtime predicts the 10,000 Fashion-MNIST test images with the
 * chapter MLP (784-128-10), the deploy-time peers of issue 14.
 *
 * - `variant: 'web'`: onnxruntime-web (WebAssembly, SIMD; a devDependency of neurite).
 * - `variant: 'node'`: onnxruntime-node (native MLAS kernels). Never a dependency of the
 *   package: it is installed for the benchmark only, into bench/peers/ with install
 *   scripts off (its postinstall downloads GPU binaries from a host that is unreachable
 *   here, and the CPU binary it needs is already in the package):
 *     npm install --ignore-scripts --no-audit --prefix bench/peers
 *   Without it this worker prints a `skipped` line that says so.
 *
 * The model is the chapter MLP as bench/run.ts hands it over (`args.onnx`): Neurite's own
 * export of it (`nn.io.saveOnnx`) when that works, else PyTorch's export in
 * test/fixtures/interop/onnx/o1_torch_mlp_784_128_10 (Flatten → Gemm → Relu → Gemm →
 * Softmax, input [batch, 28, 28]); the same layers either way, and weights do not change
 * the speed. Configured as ORT's users configure it for a 2-core server: two
 * intra-op threads, one inter-op thread, sequential execution, all graph optimizations;
 * one warm-up run, then the best of five runs on all 10,000 images at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  finish,
  type OnnxModel,
  parseArgs,
  peakRssMb,
  PREDICT_CALLS,
  readIdx,
  repoRoot,
  type WorkerResult,
} from './common.js';

/** The part of ONNX Runtime's JavaScript API (the same in -web and -node) used here. */
interface OrtTensor {
  readonly dims: readonly number[];
}
interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  readonly inputNames: readonly string[];
}
interface Ort {
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => OrtTensor;
  InferenceSession: {
    create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession>;
  };
  env: { versions?: Record<string, string>; wasm?: { numThreads?: number; simd?: boolean } };
}

const ORT_NODE_DIR = join(repoRoot, 'bench', 'peers', 'node_modules', 'onnxruntime-node');
const ORT_NODE_INSTALL = 'npm install --ignore-scripts --no-audit --prefix bench/peers';
/** PyTorch's export of the chapter MLP, the model when run.ts gives none. */
const TORCH_ONNX_MLP: OnnxModel = {
  path: join(repoRoot, 'test/fixtures/interop/onnx/o1_torch_mlp_784_128_10/model.onnx'),
  exporter: 'PyTorch',
  dims: [28, 28],
};
const THREADS = 2;

const args = parseArgs();
const onnx = args.onnx ?? TORCH_ONNX_MLP;
let ort: Ort;
let version: string;
if (args.variant === 'node') {
  if (!existsSync(join(ORT_NODE_DIR, 'package.json'))) {
    finish({
      peak_rss_mb: peakRssMb(),
      skipped: `onnxruntime-node is not installed (benchmark only, never a dependency): ${ORT_NODE_INSTALL}`,
    });
  }
  const require = createRequire(import.meta.url);
  ort = require(ORT_NODE_DIR) as Ort;
  version = (
    JSON.parse(readFileSync(join(ORT_NODE_DIR, 'package.json'), 'utf8')) as { version: string }
  ).version;
} else {
  ort = (await import('onnxruntime-web')) as unknown as Ort;
  ort.env.wasm!.numThreads = THREADS;
  version = ort.env.versions?.web ?? '?';
}

const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(onnx.path)), {
  executionProviders: [args.variant === 'node' ? 'cpu' : 'wasm'],
  graphOptimizationLevel: 'all',
  intraOpNumThreads: THREADS,
  interOpNumThreads: 1,
  executionMode: 'sequential',
});
const test = readIdx('fashion-mnist', 't10k');
const input = new ort.Tensor('float32', test.x, [test.n, ...onnx.dims]);
const feeds = { [session.inputNames[0]!]: input };
let best = Infinity;
for (let call = 0; call <= PREDICT_CALLS; call++) {
  const t0 = performance.now();
  await session.run(feeds);
  if (call > 0) best = Math.min(best, (performance.now() - t0) / 1000);
}
const result: WorkerResult = {
  predict_per_s: test.n / best,
  peak_rss_mb: peakRssMb(),
  info: `onnxruntime-${args.variant} ${version}, ${THREADS} intra-op threads, graph optimizations all, the model exported by ${onnx.exporter}`,
};
finish(result);
