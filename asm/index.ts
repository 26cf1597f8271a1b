/**
 * The kernels of Neurite's `wasm` backend, compiled by scripts/build-wasm.mjs. Every export
 * works on raw pointers into this module's memory; the host (src/backends/wasm/) allocates
 * tensors with `alloc` and reads op codes from the exported `<kind>_<op>` globals.
 */
export * from './memory';
export * from './fill-cast';
export * from './unary';
export * from './binary';
export * from './reduce';
export * from './softmax';
export { transpose2d } from './transpose';
export {
  kBlockLength,
  matMul,
  matMulKBlocks,
  matMulKSum,
  matMulPart,
  packABytes,
  packBBytes,
} from './matmul';
export * from './optimizers';
export * from './fused';
export * from './conv';
export * from './pool';
