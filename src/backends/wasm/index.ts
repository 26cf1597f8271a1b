/**
 * Registers the `wasm` backend (priority 2: `ready()` makes it the default where WebAssembly
 * SIMD runs, else the js backend stays). Importing this module loads nothing else: the
 * kernels (and their generated module) are imported and compiled when the backend is first
 * initialised, so a runtime without WebAssembly SIMD never pays for them. Where shared
 * WebAssembly memory and workers exist (Node's worker_threads; Web Workers on a cross-origin
 * isolated page), the backend splits large kernels over worker threads, started with the
 * first such kernel.
 */
import { registerBackend } from '../../engine/engine.js';
import type { WasmBackend } from './wasm-backend.js';

export interface WasmBackendArgs {
  /**
   * Threads to split large kernels (matMul, Adam) over, this one included: 1 runs
   * everything on the calling thread. Default: the machine's cores, at most 8. Worker
   * threads need shared WebAssembly memory (in a browser: a cross-origin isolated page) and
   * Node's worker_threads or Web Workers; without them the backend is single-threaded.
   */
  threads?: number;
}

/** The number of cores, where the runtime says (Node's os, or navigator). */
async function cores(): Promise<number> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  try {
    const name = 'node:os';
    const os = (await import(/* @vite-ignore */ name)) as {
      availableParallelism?: () => number;
      cpus: () => unknown[];
    };
    return os.availableParallelism?.() ?? os.cpus().length;
  } catch {
    return 1;
  }
}

/** Compiles the kernels and makes a backend over a fresh WebAssembly memory. */
export async function createWasmBackend(args: WasmBackendArgs = {}): Promise<WasmBackend> {
  const [{ loadKernels, sharedMemorySupported }, { WasmBackend }, pool] = await Promise.all([
    import('./kernels.js'),
    import('./wasm-backend.js'),
    import('./thread-pool.js'),
  ]);
  const threads = Math.max(1, Math.floor(args.threads ?? Math.min(await cores(), 8)));
  const spawn =
    threads > 1 && sharedMemorySupported()
      ? ((await pool.nodeWorkerSpawner()) ?? pool.webWorkerSpawner())
      : null;
  if (spawn) {
    try {
      const kernels = await loadKernels({ shared: true });
      return new WasmBackend(kernels, { workers: threads - 1, spawn });
    } catch {
      // No shared memory this large here (address space limits, say): one thread.
    }
  }
  return new WasmBackend(await loadKernels());
}

registerBackend('wasm', () => createWasmBackend(), 2);
