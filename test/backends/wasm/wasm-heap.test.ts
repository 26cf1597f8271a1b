/** Memory of the wasm backend: blocks are reused after free, and growth keeps the data. */
import { beforeAll, expect, test } from 'vitest';
import { createWasmBackend } from '../../../src/backends/wasm/index.js';
import type { WasmBackend } from '../../../src/backends/wasm/wasm-backend.js';
import { NeuriteError } from '../../../src/errors.js';

let wasm: WasmBackend;
beforeAll(async () => {
  wasm = await createWasmBackend();
});

test('a freed block is reused for the next allocation of its size', () => {
  const a = wasm.fill(1000, 1, 'float32');
  const ptr = wasm.data(a).ptr;
  wasm.free(a);
  const b = wasm.fill(1000, 2, 'float32');
  expect(wasm.data(b).ptr).toBe(ptr);
  expect(wasm.readSync(b).every((v) => v === 2)).toBe(true);
  wasm.free(b);
});

test('steady-state alloc/free cycles do not grow the memory', () => {
  const cycle = (): void => {
    const hs = [100, 3000, 17, 100000].map((n) => wasm.fill(n, 0, 'float32'));
    for (const h of hs) wasm.free(h);
  };
  cycle();
  const before = wasm.heap.memoryBytes;
  for (let i = 0; i < 200; i++) cycle();
  expect(wasm.heap.memoryBytes).toBe(before);
});

test('growing the memory keeps existing data and views are re-created', () => {
  const values = Float32Array.from({ length: 1001 }, (_, i) => i * 0.5 - 7);
  const kept = wasm.upload(values, 'float32');
  const ints = wasm.upload(Int32Array.from([1, -2, 3]), 'int32');
  const bools = wasm.upload(Uint8Array.from([1, 0, 1, 1]), 'bool');
  const before = wasm.heap.memoryBytes;
  // More elements than the whole memory holds now forces a grow.
  const big = wasm.fill(before / 4 + 1024, 3, 'float32');
  expect(wasm.heap.memoryBytes).toBeGreaterThan(before);
  expect(wasm.readSync(kept)).toEqual(values);
  expect(Array.from(wasm.readSync(ints))).toEqual([1, -2, 3]);
  expect(Array.from(wasm.readSync(bools))).toEqual([1, 0, 1, 1]);
  const tail = wasm.readSync(big);
  expect(tail[0]).toBe(3);
  expect(tail[tail.length - 1]).toBe(3);
  wasm.free(big);
  wasm.free(kept);
});

test('uploading a view of its own memory survives a grow during the upload', () => {
  const src = wasm.upload(Float32Array.from([4, 5, 6]), 'float32');
  const view = wasm.values(src); // a view into wasm memory
  const filler = wasm.fill(wasm.heap.memoryBytes / 4, 0, 'float32');
  const again = wasm.upload(wasm.values(src), 'float32');
  expect(Array.from(wasm.readSync(again))).toEqual([4, 5, 6]);
  expect(view.length === 0 || view[0] === 4).toBe(true); // detached or still valid
  wasm.free(filler);
});

test('empty buffers take no memory', () => {
  const h = wasm.upload(new Float32Array(0), 'float32');
  expect(wasm.data(h).ptr).toBe(0);
  expect(wasm.readSync(h).length).toBe(0);
  wasm.free(h);
});

test('a buffer used after free fails loudly', () => {
  const h = wasm.fill(4, 1, 'float32');
  wasm.free(h);
  expect(() => wasm.readSync(h)).toThrow(/internal: wasm buffer used after it was freed/);
  // Freeing twice is harmless (the heap block is not released again).
  const other = wasm.fill(4, 2, 'float32');
  wasm.free(h);
  expect(Array.from(wasm.readSync(other))).toEqual([2, 2, 2, 2]);
  const next = wasm.fill(4, 3, 'float32');
  expect(wasm.data(next).ptr).not.toBe(wasm.data(other).ptr);
});

test('an allocation past the heap limit throws a NeuriteError naming the size', () => {
  expect(() => wasm.fill(2 ** 29, 0, 'float32')).toThrow(NeuriteError);
  // Refused before the heap is asked (its blocks stop short of 1 GiB).
  expect(() => wasm.fill(2 ** 29, 0, 'float32')).toThrow(
    /^wasm backend: a buffer of 536870912 float32 elements needs 2\.0 GiB \(2147483648 bytes\)/,
  );
  // The heap still works afterwards.
  expect(Array.from(wasm.readSync(wasm.fill(3, 7, 'int32')))).toEqual([7, 7, 7]);
});
