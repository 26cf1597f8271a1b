/**
 * Allocations too large for a backend fail before anything is reserved, with an
 * AllocationError naming the op and the shape, and leave the backend usable: tensors made
 * before keep their values and later ops allocate and compute. No test allocates more than
 * a few MiB: the checks run before any memory is reserved, and the memory-exhaustion cases
 * use backends with small limits.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import {
  AllocationError,
  type BufferLimits,
  formatBytes,
} from '../../src/backends/alloc-limits.js';
import { JsBackend } from '../../src/backends/js/js-backend.js';
import { loadKernels, sharedMemorySupported } from '../../src/backends/wasm/kernels.js';
import { WasmBackend } from '../../src/backends/wasm/wasm-backend.js';
import { WASM_LIMITS } from '../../src/backends/wasm/wasm-heap.js';
import { describeEachBackend } from '../helpers/each-backend.js';
import { expectTensor } from '../helpers/expect-close.js';

const NEIGHBOUR = Float32Array.from({ length: 1024 }, (_, i) => i * 0.5 - 100);

/** The backend still allocates and computes: a small matMul gives the right answer. */
function expectUsable(): void {
  const y = nn.matMul(
    [
      [1, 2],
      [3, 4],
    ],
    [[5], [6]],
  );
  expectTensor(y, [[17], [39]]);
  y.dispose();
  const z = nn.fill([16], 2);
  expectTensor(z, new Array<number>(16).fill(2));
  z.dispose();
}

/** `fn` throws an AllocationError (a NeuriteError) whose message starts with `op: ` and `shape`. */
function expectRefused(fn: () => unknown, op: string, shape: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(AllocationError);
  expect(caught).toBeInstanceOf(nn.NeuriteError);
  const message = (caught as Error).message;
  expect(message.startsWith(`${op}: `)).toBe(true);
  expect(message).toContain(shape);
}

describeEachBackend('allocation limits', (backend) => {
  let neighbour: nn.Tensor;
  beforeAll(() => {
    neighbour = nn.tensor(NEIGHBOUR);
  });
  afterAll(() => {
    neighbour.dispose();
  });

  const cases: [string, string, () => unknown][] = [
    ['oneHot', '[2,536870920]', () => nn.oneHot(nn.tensor([0, 1], [2], 'int32'), 2 ** 29 + 8)],
    ['fill', '[1073741828]', () => nn.fill([2 ** 30 + 4], 7)],
    ['zeros', '[65536,32768]', () => nn.zeros([65536, 32768])],
    ['ones', '[65536,32768]', () => nn.ones([65536, 32768], 'int32')],
    ['eye', '[40000,40000]', () => nn.eye(40000)],
    ['randomNormal', '[1000000,1000000]', () => nn.randomNormal([1e6, 1e6])],
    ['randomUniform', '[1000000,1000000]', () => nn.randomUniform([1e6, 1e6])],
    ['truncatedNormal', '[1000000,1000000]', () => nn.truncatedNormal([1e6, 1e6])],
    ['range', '[1000000000000]', () => nn.range(0, 1, 1e-12)],
    ['linspace', '[10000000000]', () => nn.linspace(0, 1, 1e10)],
    ['tensor', '[1000000,1000000]', () => nn.tensor(5, [1e6, 1e6])],
    ['tile', '[100000,100000]', () => nn.tile(nn.ones([10, 10]), [10000, 10000])],
    ['pad', '[2147483650]', () => nn.pad(nn.ones([2]), [[0, 2 ** 31]])],
    ['add', '[100000,100000]', () => nn.add(nn.zeros([1e5, 1]), nn.zeros([1, 1e5]))],
    // broadcastTo runs as a tile.
    ['tile', '[100000,100000]', () => nn.broadcastTo(nn.zeros([1, 1e5]), [1e5, 1e5])],
    ['matMul', '[100000,100000]', () => nn.matMul(nn.zeros([1e5, 1]), nn.zeros([1, 1e5]))],
  ];

  for (const [i, [op, shape, fn]] of cases.entries()) {
    test(`${op} ${shape} (case ${i}) is refused, and the backend is unharmed`, () => {
      expect(nn.getBackend()).toBe(backend);
      const before = nn.memory();
      nn.tidy(() => expectRefused(fn, op, shape));
      expect(nn.memory().numBytes).toBe(before.numBytes);
      expect(neighbour.dataSync()).toEqual(NEIGHBOUR);
      expectUsable();
      expect(neighbour.dataSync()).toEqual(NEIGHBOUR);
    });
  }

  test('the message says how much was asked and what the backend holds', () => {
    expect(() => nn.oneHot(nn.tensor([0, 1], [2], 'int32'), 2 ** 29 + 8)).toThrow(
      new RegExp(
        `^oneHot: output of shape \\[2,536870920\\] \\(float32\\) needs 4\\.0 GiB \\(4294967360 bytes\\); the ${backend} backend holds at most`,
      ),
    );
  });

  test('one byte past the limit is refused', () => {
    const limits = backend === 'wasm' ? WASM_LIMITS : new JsBackend().limits;
    const n = limits.maxBytes + 1;
    expectRefused(() => nn.zeros([n], 'bool'), 'zeros', `[${n}]`);
    expect(formatBytes(limits.maxBytes)).toBe(backend === 'wasm' ? '1.0 GiB' : '4.0 GiB');
  });

  test('shapes with negative, fractional or NaN dimensions are refused', () => {
    for (const bad of [[-1], [1.5], [NaN], [2, Infinity]]) {
      expect(() => nn.zeros(bad)).toThrow(nn.ShapeError);
      expect(() => nn.randomUniform(bad)).toThrow(nn.ShapeError);
      expect(() => nn.fill(bad, 1)).toThrow(nn.ShapeError);
      expect(() => nn.tensor([1], bad)).toThrow(nn.ValueError);
    }
    expect(() => nn.eye(-2)).toThrow(nn.ShapeError);
    expect(() => nn.eye(2.5)).toThrow(nn.ShapeError);
    expect(() => nn.randomNormal(5 as unknown as number[])).toThrow(
      /randomNormal: shape must be an array of non-negative integers, received 5/,
    );
  });

  test('deeply nested arrays fail clearly (no stack overflow)', () => {
    let deep: nn.NestedArray = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => nn.tensor(deep)).toThrow(nn.ShapeError);
    expect(() => nn.tensor(deep)).toThrow(
      /^tensor: nested arrays more than 64 levels deep; a tensor has at most 64 dimensions$/,
    );
    // An array that contains itself is as deep as can be.
    const cyclic: nn.NestedArray[] = [];
    cyclic.push(cyclic);
    expect(() => nn.tensor(cyclic)).toThrow(nn.ShapeError);
    // 64 levels are fine.
    let ok: nn.NestedArray = 3;
    for (let i = 0; i < 64; i++) ok = [ok];
    const t = nn.tensor(ok);
    expect(t.rank).toBe(64);
    expect(t.dataSync()[0]).toBe(3);
    expect(t.arraySync()).toEqual(ok);
    t.dispose();
    expect(() => nn.zeros(new Array<number>(65).fill(1))).toThrow(/at most 64/);
    expect(() => nn.reshape(nn.scalar(1), new Array<number>(100_000).fill(1))).toThrow(
      nn.ShapeError,
    );
  });

  test('range: a tiny step is refused before any array is made; bad ends too', () => {
    expectRefused(() => nn.range(0, 1, 1e-12), 'range', '[1000000000000]');
    expect(() => nn.range(0, Infinity)).toThrow(nn.ValueError);
    expect(() => nn.range(NaN, 3)).toThrow(/range: start and stop must be finite numbers/);
    // Its values are unchanged.
    expectTensor(nn.range(0, 1, 0.25), [0, 0.25, 0.5, 0.75]);
    expectTensor(nn.range(5, 0, -2, 'int32'), [5, 3, 1], { dtype: 'int32' });
    expectTensor(nn.range(0, 2, 0.5, 'int32'), [0, 0, 1, 1], { dtype: 'int32' });
    expectTensor(nn.range(-1, 2, 1, 'bool'), [true, false, true], { dtype: 'bool' });
    expect(() => nn.range(2 ** 31 - 1, 2 ** 31 + 1, 1, 'int32')).toThrow(/int32 range/);
    expectUsable();
  });

  test('eye and tensor(value, shape) build in the backend', () => {
    expectTensor(nn.eye(2, 3, 'int32'), [
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expectTensor(nn.eye(3, 2, 'bool'), [
      [true, false],
      [false, true],
      [false, false],
    ]);
    expectTensor(nn.tensor(2.7, [2, 2], 'int32'), [
      [2, 2],
      [2, 2],
    ]);
    expectTensor(nn.tensor(true, [3]), [true, true, true], { dtype: 'bool' });
    expectTensor(nn.tensor(1.5, [0]), []);
    expect(() => nn.tensor(NaN, [2], 'int32')).toThrow(nn.ValueError);
  });
});

describe('a backend whose limits or memory run out', () => {
  test('the js backend refuses past configured limits, then carries on', async () => {
    const small: BufferLimits = { maxElements: 2 ** 31 - 1, maxBytes: 1 << 20, reason: 'a test' };
    nn.registerBackend('js-small', () => new JsBackend(small), 0);
    const prev = nn.getBackend();
    await nn.setBackend('js-small');
    try {
      const a = nn.zeros([200_000]); // 800 KB
      const b = nn.ones([100_000]);
      // concat's output (1.2 MB) is past the limit though each input fits.
      expectRefused(() => nn.concat([a, b]), 'concat', '[300000]');
      expect(() => nn.concat([a, b])).toThrow(/needs 1\.1 MiB .* at most 1\.0 MiB .*: a test$/);
      expectRefused(() => nn.tile(b, [3]), 'tile', '[300000]');
      expect(a.dataSync()[199_999]).toBe(0);
      expect(b.dataSync()[99_999]).toBe(1);
      expectUsable();
    } finally {
      await nn.setBackend(prev);
    }
  });

  test.skipIf(!sharedMemorySupported())(
    'the wasm backend refuses when its memory cannot grow, then carries on',
    async () => {
      // A memory of at most 16 MiB: the heap's growth fails as it would at 4 GiB.
      const kernels = await loadKernels({ shared: true, maxPages: 256 });
      nn.registerBackend('wasm-capped', () => new WasmBackend(kernels), 0);
      const prev = nn.getBackend();
      await nn.setBackend('wasm-capped');
      try {
        const neighbour = nn.tensor(NEIGHBOUR);
        const held: nn.Tensor[] = [];
        let refused: unknown = null;
        for (let i = 0; i < 8 && refused === null; i++) {
          try {
            held.push(nn.fill([1 << 20], i + 1)); // 4 MiB each
          } catch (e) {
            refused = e;
          }
        }
        expect(held.length).toBeGreaterThan(0);
        expect(refused).toBeInstanceOf(AllocationError);
        expect((refused as Error).message).toMatch(
          /^wasm backend: out of memory allocating 4\.0 MiB \(1048576 float32 elements\)/,
        );
        // An op's output names the op.
        expectRefused(() => nn.add(held[0]!, 1), 'add', '[1048576]');
        // Nothing was overwritten, and freeing makes room again.
        expect(neighbour.dataSync()).toEqual(NEIGHBOUR);
        held.forEach((t, i) => expect(t.dataSync()[(1 << 20) - 1]).toBe(i + 1));
        held.pop()!.dispose();
        const again = nn.add(held[0]!, 1);
        expect(again.dataSync()[12345]).toBe(2);
        expectUsable();
        expect(neighbour.dataSync()).toEqual(NEIGHBOUR);
        for (const t of [again, neighbour, ...held]) t.dispose();
      } finally {
        await nn.setBackend(prev);
      }
    },
  );
});
