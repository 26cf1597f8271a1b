/** The wasm backend's buffer handle: where a tensor's data lives in WebAssembly memory. */
import type { DataHandle } from '../backend.js';
import type { DType } from '../../tensor/dtype.js';
import type { WasmBackend } from './wasm-backend.js';

/** A buffer in the wasm backend's memory: `size` elements of `dtype` at byte `ptr`. */
export class WasmData implements DataHandle {
  refCount = 1;
  #live = true;
  constructor(
    readonly backend: WasmBackend,
    readonly ptr: number,
    readonly dtype: DType,
    readonly size: number,
  ) {}
  get live(): boolean {
    return this.#live;
  }
  /** @internal called once by the backend when freeing. */
  kill(): void {
    this.#live = false;
  }
}
