/**
 * Registers the `wasm` backend (priority 2: `ready()` makes it the default where WebAssembly
 * SIMD runs, else the js backend stays). Importing this module loads nothing else: the
 * kernels (and their generated module) are imported and compiled when the backend is first
 * initialised, so a runtime without WebAssembly SIMD never pays for them.
 */
import { registerBackend } from '../../engine/engine.js';
import type { WasmBackend } from './wasm-backend.js';

/** Compiles the kernels and makes a backend over a fresh WebAssembly memory. */
export async function createWasmBackend(): Promise<WasmBackend> {
  const [{ loadKernels }, { WasmBackend }] = await Promise.all([
    import('./kernels.js'),
    import('./wasm-backend.js'),
  ]);
  return new WasmBackend(await loadKernels());
}

registerBackend('wasm', createWasmBackend, 2);
