/**
 * Backends, memory and version under TF.js's names. TF.js backends map to Neurite's two:
 * `'cpu'` (TF.js's pure-JavaScript backend) → `'js'`; `'tensorflow'` (tfjs-node's native
 * TensorFlow), `'webgl'`, `'webgpu'` and `'wasm'` (the fast ones) → `'wasm'`. `getBackend`
 * answers in TF.js's names (`'cpu'` or `'wasm'`).
 *
 * Importing `neurite/tfjs` starts `ready()` at once, as tfjs-node is ready at import: a
 * TF.js program rarely awaits `tf.ready()`. Ops that run before the wasm backend is up run
 * on the js backend, and their tensors move over on first use.
 */
import { NeuriteError } from '../errors.js';
import {
  getBackend as coreGetBackend,
  listBackends,
  memory as coreMemory,
  ready as coreReady,
  setBackend as coreSetBackend,
} from '../engine/engine.js';

/** TF.js backend name → Neurite backend name. */
export const BACKEND_NAMES: Readonly<Record<string, string>> = {
  cpu: 'js',
  tensorflow: 'wasm',
  webgl: 'wasm',
  webgpu: 'wasm',
  wasm: 'wasm',
  js: 'js',
};

/**
 * Resolves once the best backend (wasm, else js) is initialised and current (TF.js
 * `tf.ready()`).
 * @example
 * await tf.ready();
 */
export function ready(): Promise<void> {
  return coreReady();
}

/**
 * Makes a backend current (TF.js `tf.setBackend`): `'cpu'` → js; `'tensorflow'`,
 * `'webgl'`, `'webgpu'`, `'wasm'` → wasm. Resolves true on success, false when the backend
 * cannot start here (as TF.js does); an unknown name is an error listing the known ones.
 * @example
 * await tf.setBackend('cpu'); // Neurite's js backend
 * tf.getBackend(); // 'cpu'
 */
export async function setBackend(backendName: string): Promise<boolean> {
  const name = Object.hasOwn(BACKEND_NAMES, backendName) ? BACKEND_NAMES[backendName] : undefined;
  if (name === undefined || !listBackends().includes(name)) {
    throw new NeuriteError(
      `tf.setBackend: unknown backend '${backendName}'; neurite/tfjs knows ${Object.keys(
        BACKEND_NAMES,
      )
        .map((k) => `'${k}'`)
        .join(', ')}`,
    );
  }
  // The start-up ready() would otherwise switch to wasm after the caller chose.
  await coreReady();
  try {
    return await coreSetBackend(name);
  } catch {
    return false;
  }
}

/**
 * The current backend under its TF.js name: `'cpu'` (Neurite's js) or `'wasm'`.
 * @example
 * tf.getBackend(); // 'wasm' (or 'cpu' where WebAssembly SIMD is missing)
 */
export function getBackend(): string {
  const b = coreGetBackend();
  return b === 'js' ? 'cpu' : b;
}

/** TF.js's `MemoryInfo`: live tensors, distinct data buffers and their bytes. */
export interface MemoryInfo {
  numTensors: number;
  numDataBuffers: number;
  numBytes: number;
  /** Always false: the counts are exact. */
  unreliable: boolean;
}

/**
 * Memory held by live tensors (TF.js `tf.memory()`).
 * @example
 * tf.memory().numTensors;
 */
export function memory(): MemoryInfo {
  const m = coreMemory();
  return {
    numTensors: m.numTensors,
    numDataBuffers: m.numDataBuffers,
    numBytes: m.numBytes,
    unreliable: false,
  };
}

/**
 * A no-op: Neurite has no debug checks to turn off (TF.js `tf.enableProdMode()`).
 * @example
 * tf.enableProdMode(); // nothing to do in Neurite
 */
export function enableProdMode(): void {}

/** The version of the TF.js API that `neurite/tfjs` follows. */
export const TFJS_API_VERSION = '4.22.0';
/** Neurite's version (kept equal to package.json's; a test checks it). */
export const NEURITE_VERSION = '0.1.0';

/**
 * Versions, as TF.js's `tf.version`: the TF.js API followed (`tfjs-core`, `tfjs-layers`,
 * `tfjs-data`, `tfjs`) and the Neurite that runs it.
 * @example
 * tf.version['tfjs-core']; // '4.22.0'
 */
export const version: Readonly<Record<string, string>> = Object.freeze({
  'tfjs-core': TFJS_API_VERSION,
  'tfjs-layers': TFJS_API_VERSION,
  'tfjs-data': TFJS_API_VERSION,
  tfjs: TFJS_API_VERSION,
  neurite: NEURITE_VERSION,
});

/**
 * TF.js's `tf.version_core`.
 * @example
 * tf.version_core; // '4.22.0'
 */
export const version_core = TFJS_API_VERSION;
/**
 * TF.js's `tf.version_layers`.
 * @example
 * tf.version_layers; // '4.22.0'
 */
export const version_layers = TFJS_API_VERSION;
