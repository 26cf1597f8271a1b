/**
 * Tensor storage: blocks of the AssemblyScript runtime's TLSF heap (16-byte aligned, with
 * coalescing; the heap grows the memory as needed). The host allocates every tensor through
 * these exports and must re-create its typed-array views whenever `memory.buffer` changes.
 */

/** A block of at least `bytes` bytes, 16-byte aligned. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Returns a block from {@link alloc} to the heap. */
export function free(ptr: usize): void {
  heap.free(ptr);
}

/** memmove. */
export function copy(dst: usize, src: usize, bytes: usize): void {
  memory.copy(dst, src, bytes);
}
