/**
 * The wasm heap past 2 GiB: the module returns addresses as i32, so a block at 2 GiB or
 * above comes back negative unless read as unsigned. Such a block must read and compute
 * like any other, the views must follow the memory's growth, and a refused allocation at
 * the 4 GiB ceiling must leave the heap usable. Allocates about 3 GiB (the memory is
 * reserved lazily by the OS; a fill touches it once).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { AllocationError } from '../../../src/errors.js';
import type { DataHandle } from '../../../src/backends/backend.js';
import { createWasmBackend } from '../../../src/backends/wasm/index.js';
import type { WasmBackend } from '../../../src/backends/wasm/wasm-backend.js';

let be: WasmBackend;
const big: DataHandle[] = [];
const ELEMENTS = 2 ** 28 - 64; // just under the 1 GiB a block may hold

beforeAll(async () => {
  // Threads: a shared memory, whose growth does not detach the old views (the case at fault).
  be = await createWasmBackend({ threads: 2 });
});
afterAll(() => {
  for (const h of big) be.free(h);
});

function info(h: DataHandle, shape: number[]) {
  return { storage: h, shape, dtype: h.dtype, size: h.size };
}

test('blocks at 2 GiB and above hold and compute their values; the ceiling is refused cleanly', () => {
  big.push(be.fill(ELEMENTS, 1, 'float32'));
  big.push(be.fill(ELEMENTS, 2, 'float32'));
  // The heap now passes 2 GiB: the next block lives at an address with the top bit set,
  // and the memory must grow to hold it (256 MiB), so the heap's views must be remade.
  const n = 2 ** 26;
  const high = be.fill(n, 3, 'float32');
  const all = be.readSync(high); // through the heap's view of the memory
  expect(all.length).toBe(n);
  expect([all[0], all[n - 1]]).toEqual([3, 3]);
  const tail = be.readSync(be.slice(info(high, [n]), [n - 1000], [1000]));
  expect(Array.from(tail).every((v) => v === 3)).toBe(true);
  const sum = be.readSync(be.reduce('sum', info(high, [n]), [0], 'float32'));
  expect(Array.from(sum)).toEqual([3 * n]);
  // A third 1 GiB block fits under 4 GiB (with the allocator's overhead, maybe not): either
  // it works, or it is refused as an AllocationError and the heap still works.
  let third: DataHandle | null = null;
  try {
    third = be.fill(ELEMENTS, 4, 'float32');
  } catch (e) {
    expect(e).toBeInstanceOf(AllocationError);
  }
  if (third) big.push(third);
  if (third) {
    const end = be.readSync(be.slice(info(third, [ELEMENTS]), [ELEMENTS - 2], [2]));
    expect(Array.from(end)).toEqual([4, 4]);
  }
  const after = be.fill(10, 5, 'float32');
  expect(Array.from(be.readSync(after))).toEqual(new Array<number>(10).fill(5));
  // The first blocks are intact at both ends.
  const firstEnd = be.readSync(be.slice(info(big[0]!, [ELEMENTS]), [ELEMENTS - 2], [2]));
  const secondEnd = be.readSync(be.slice(info(big[1]!, [ELEMENTS]), [ELEMENTS - 2], [2]));
  expect(Array.from(firstEnd)).toEqual([1, 1]);
  expect(Array.from(secondEnd)).toEqual([2, 2]);
}, 120_000);
