/**
 * Parity of the wasm backend with the js reference backend, kernel by kernel, through the
 * Backend interface. Sizes like 1, 3, 17, 33 and 129 exercise SIMD tails and the matMul's
 * blocking remainders. Tolerances (|wasm - js| <= atol + rtol·|js|):
 * - data movement, casts, fills, add/sub/mul/div/max/min, relu-like ops: exact;
 * - exp, log, tanh, sigmoid and friends (Cephes-style f32x4 polynomials): rtol 4e-6;
 * - softmax and log-softmax: rtol 4e-6, atol 1e-7;
 * - sums (float32 SIMD accumulation against the reference's float64): 1e-6 · Σ|x|;
 * - matMul: 1e-6 · Σₚ|aᵢₚ·bₚⱼ| per element (about k·2⁻²⁴ of the absolute products).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import {
  BINARY_OPS,
  UNARY_OPS,
  type Backend,
  type DataHandle,
  type TensorInfo,
  type UnaryOp,
} from '../../../src/backends/backend.js';
import { JsBackend } from '../../../src/backends/js/js-backend.js';
import { createWasmBackend } from '../../../src/backends/wasm/index.js';
import type { WasmBackend } from '../../../src/backends/wasm/wasm-backend.js';
import type { DataArray, DType } from '../../../src/tensor/dtype.js';
import { type Shape, sizeOf } from '../../../src/tensor/shape.js';
import { Random } from '../../../src/random/prng.js';

const js = new JsBackend();
let wasm: WasmBackend;
beforeAll(async () => {
  wasm = await createWasmBackend();
});

interface Input {
  values: DataArray;
  shape: Shape;
}

function info(b: Backend, x: Input): TensorInfo {
  const dtype: DType =
    x.values instanceof Float32Array
      ? 'float32'
      : x.values instanceof Int32Array
        ? 'int32'
        : 'bool';
  return { storage: b.upload(x.values, dtype), shape: x.shape, dtype, size: x.values.length };
}

function randn(shape: Shape, seed: number, scale = 1): Input {
  const r = new Random(seed);
  const values = new Float32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = r.normal() * scale;
  return { values, shape };
}

function randInt(shape: Shape, seed: number, lo: number, hi: number): Input {
  const r = new Random(seed);
  const values = new Int32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = lo + r.int(hi - lo);
  return { values, shape };
}

function randBool(shape: Shape, seed: number): Input {
  const r = new Random(seed);
  const values = new Uint8Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = r.int(2);
  return { values, shape };
}

const f32 = (values: number[], shape: Shape = [values.length]): Input => ({
  values: Float32Array.from(values),
  shape,
});

interface Tol {
  atol?: number;
  rtol?: number;
  /** Per-element absolute tolerance, added to atol. */
  scale?: ArrayLike<number>;
}

/** Runs `k` on both backends and compares the outputs element by element. */
function parity(
  label: string,
  inputs: readonly Input[],
  k: (b: Backend, xs: TensorInfo[]) => DataHandle,
  tol: Tol = {},
): void {
  const want = js.readSync(
    k(
      js,
      inputs.map((x) => info(js, x)),
    ),
  );
  const h = k(
    wasm,
    inputs.map((x) => info(wasm, x)),
  );
  expect(h.backend, label).toBe(wasm);
  const got = wasm.readSync(h);
  expect(got.constructor, `${label}: dtype`).toBe(want.constructor);
  expect(got.length, `${label}: size`).toBe(want.length);
  const { atol = 0, rtol = 0, scale } = tol;
  const bad: string[] = [];
  for (let i = 0; i < want.length && bad.length < 5; i++) {
    const [g, w] = [got[i]!, want[i]!];
    const ok = Number.isNaN(w)
      ? Number.isNaN(g)
      : !Number.isFinite(w)
        ? g === w
        : Math.abs(g - w) <= atol + rtol * Math.abs(w) + (scale ? scale[i]! : 0);
    if (!ok) bad.push(`[${i}] wasm ${g}, js ${w}`);
  }
  expect(bad, label).toEqual([]);
}

const SIZES = [1, 3, 17, 33, 129];
const SPECIALS = [
  NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  1e-30,
  -1e-30,
  1e-40,
  1e-3,
  0.5,
  -0.5,
  0.625,
  -0.63,
];
const SPECIALS2 = [1, -1, 3, -3, 6, 9.5, -9.5, 20, -20, 88, -88, 89, -87.5, -104, 100, -110];

/** Float inputs with tails, specials and a wide range. */
function unaryInputs(seed: number): Input[] {
  return [
    ...SIZES.map((n, i) => randn([n], seed + i, 3)),
    f32([...SPECIALS, ...SPECIALS2]),
    randn([4, 50], seed + 9, 30),
  ];
}

// Ops computed by polynomial approximations in the wasm kernels.
const APPROX = new Set<UnaryOp>(['exp', 'log', 'sigmoid', 'tanh', 'silu']);
// Ops rounded twice in float32 (or with a float32 attribute) where the reference rounds once.
const ULPS = new Set<UnaryOp>(['rsqrt', 'softsign', 'leakyRelu']);
const ATTR: Partial<Record<UnaryOp, number>> = { leakyRelu: 0.2, elu: 1.3, step: 0.5 };

describe('wasm storage', () => {
  test('upload and readSync round-trip every dtype', () => {
    for (const x of [randn([33], 1), randInt([17], 2, -1000, 1000), randBool([129], 3)]) {
      const h = wasm.upload(x.values, info(js, x).dtype);
      expect(wasm.readSync(h)).toEqual(x.values);
    }
  });

  test('write copies into a buffer at an offset, converting as a typed array store does', () => {
    for (const b of [js, wasm]) {
      const h = b.fill(8, 0, 'float32');
      b.write(h, new Uint8Array([1, 2, 255]), 2);
      b.write(h, f32([0.5, -1.5]).values, 6);
      expect(Array.from(b.readSync(h)), b.name).toEqual([0, 0, 1, 2, 255, 0, 0.5, -1.5]);
      const i = b.fill(3, 7, 'int32');
      b.write(i, new Int32Array([-4]), 1);
      expect(Array.from(b.readSync(i)), b.name).toEqual([7, -4, 7]);
    }
    // A view of wasm memory as the source is copied first (the heap may move).
    const src = wasm.upload(f32([9, 8]).values, 'float32');
    const dst = wasm.fill(4, 0, 'float32');
    wasm.write(dst, wasm.values(src), 1);
    expect(Array.from(wasm.readSync(dst))).toEqual([0, 9, 8, 0]);
  });

  test('fill converts the value as a typed array store does', () => {
    for (const [v, dtype] of [
      [1.5, 'float32'],
      [-2.7, 'int32'],
      [1, 'bool'],
      [0, 'float32'],
      [NaN, 'float32'],
    ] as const) {
      for (const n of [0, 1, 5, 33]) {
        expect(wasm.readSync(wasm.fill(n, v, dtype)), `${dtype} ${v} x${n}`).toEqual(
          js.readSync(js.fill(n, v, dtype)),
        );
      }
    }
  });

  test('cast between every pair of dtypes', () => {
    const fs = f32([0, -0, 1, -1, 2.5, -2.5, 7.9, -7.9, 1e6, 0.1, NaN, 3, 4, 5, 6, 7, 8]);
    const inputs = [fs, randInt([33], 4, -50, 50), randBool([17], 5)];
    const ok = (x: Input, dt: DType): boolean => !(dt === 'int32' && x === fs);
    for (const x of inputs) {
      for (const dt of ['float32', 'int32', 'bool'] as const) {
        if (!ok(x, dt)) continue;
        parity(`cast to ${dt}`, [x], (b, [t]) => b.cast(t!, dt));
      }
    }
    // float32 -> int32 without NaN (the cast op rejects it).
    parity('cast f32 to i32', [f32([0, -0, 1.9, -1.9, 2.5, -2.5, 1e6, -3e5, 0.1])], (b, [t]) =>
      b.cast(t!, 'int32'),
    );
  });
});

describe('wasm unary', () => {
  for (const op of UNARY_OPS) {
    test(op, () => {
      const tol = APPROX.has(op)
        ? { rtol: 4e-6, atol: 1e-37 }
        : ULPS.has(op)
          ? { rtol: 4e-7 }
          : op === 'hardSigmoid'
            ? { atol: 6e-8 } // x/6 + 1/2 rounds twice in float32, near cancellation
            : {};
      const outDtype = op === 'isNaN' || op === 'isFinite' ? 'bool' : 'float32';
      for (const x of unaryInputs(10)) {
        parity(
          `${op} [${x.shape.join(',')}]`,
          [x],
          (b, [t]) => b.unary(op, t!, outDtype, ATTR[op] ?? 0),
          tol,
        );
      }
    });
  }

  test('int32 and bool inputs use the reference loops', () => {
    const x = randInt([17], 7, -20, 20);
    for (const op of ['neg', 'abs', 'square', 'sign'] as const) {
      parity(`${op} int32`, [x], (b, [t]) => b.unary(op, t!, 'int32', 0));
    }
    parity('logicalNot', [randBool([9], 8)], (b, [t]) => b.unary('logicalNot', t!, 'bool', 0));
  });
});

/** Pairs of shapes covering every broadcast form the binary plan knows, and some it loops. */
const BINARY_SHAPES: [Shape, Shape][] = [
  [[129], [129]],
  [
    [3, 17],
    [3, 17],
  ],
  [[5, 33], []],
  [[], [5, 33]],
  [[1], [7]],
  [[5, 33], [33]],
  [[33], [5, 33]],
  [
    [5, 33],
    [5, 1],
  ],
  [
    [5, 1],
    [5, 33],
  ],
  [
    [4, 1],
    [1, 3],
  ],
  [
    [2, 1, 3],
    [2, 4, 3],
  ],
  [
    [2, 3, 1, 5],
    [3, 4, 5],
  ],
  [[0, 3], [3]],
];

// Binary ops whose wasm kernels round differently from the float64 reference.
const BINARY_TOL: Record<string, Tol> = {
  sigmoidGrad: { rtol: 4e-7 },
  tanhGrad: { rtol: 4e-7, atol: 1e-7 },
};

function binaryInputs(op: string, a: Shape, b: Shape, seed: number): Input[] {
  if (op.startsWith('logical')) return [randBool(a, seed), randBool(b, seed + 1)];
  const x = randn(a, seed, 3);
  const y = randn(b, seed + 1, op.endsWith('Grad') ? 1 : 3);
  if (op === 'sigmoidGrad' || op === 'tanhGrad') y.values = y.values.map((v) => Math.tanh(v));
  // Some ties and specials for the comparisons and NaN handling.
  if (x.values.length > 3 && y.values.length > 3) {
    x.values[1] = y.values[1]!;
    x.values[2] = NaN;
    y.values[3] = NaN;
  }
  return [x, y];
}

function outShapeOf(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) =>
    Math.max(a[a.length - n + i] ?? 1, b[b.length - n + i] ?? 1),
  ).map((d, i) => ((a[a.length - n + i] ?? 1) === 0 || (b[b.length - n + i] ?? 1) === 0 ? 0 : d));
}

describe('wasm binary', () => {
  const bools = new Set([
    'equal',
    'notEqual',
    'greater',
    'greaterEqual',
    'less',
    'lessEqual',
    'logicalAnd',
    'logicalOr',
    'logicalXor',
  ]);
  for (const op of BINARY_OPS) {
    test(op, () => {
      BINARY_SHAPES.forEach(([sa, sb], i) => {
        const out = outShapeOf(sa, sb);
        const xs = binaryInputs(op, sa, sb, 100 + i);
        const dt = bools.has(op) ? 'bool' : 'float32';
        parity(
          `${op} [${sa.join(',')}] [${sb.join(',')}]`,
          xs,
          (b, [x, y]) => b.binary(op, x!, y!, out, dt),
          BINARY_TOL[op] ?? {},
        );
      });
    });
  }

  test('int32 operands use the reference loops', () => {
    const [a, b] = [randInt([5, 7], 1, -9, 9), randInt([7], 2, 1, 9)];
    for (const op of ['add', 'sub', 'mul', 'floorDiv', 'mod', 'maximum'] as const) {
      parity(`${op} int32`, [a, b], (be, [x, y]) => be.binary(op, x!, y!, [5, 7], 'int32'));
    }
  });

  test('where and clip', () => {
    const c = randBool([4, 1, 5], 3);
    const [a, b] = [randn([3, 5], 4), randn([4, 3, 1], 5)];
    parity('where', [c, a, b], (be, [x, y, z]) => be.where(x!, y!, z!, [4, 3, 5]));
    const x = f32([-3, -1, 0, 0.5, 1, 2, 7, NaN, -Infinity, Infinity, 1.5]);
    parity('clip f32', [x], (be, [t]) => be.clip(t!, -1, 1.5));
    parity('clip i32', [randInt([9], 6, -5, 5)], (be, [t]) => be.clip(t!, -2, 3));
  });
});

describe('wasm reductions', () => {
  const cases: [Shape, number[]][] = [
    [[129], [0]],
    [[5, 17, 3], [2]],
    [
      [5, 17, 3],
      [1, 2],
    ],
    [[5, 17, 3], [0]],
    [
      [5, 17, 3],
      [0, 1],
    ],
    [[5, 17, 3], [1]],
    [
      [5, 17, 3],
      [0, 2],
    ],
    [
      [5, 17, 3],
      [0, 1, 2],
    ],
    [[4, 1, 33], [1]],
    [
      [4, 1, 33],
      [0, 1],
    ],
    [[3, 2000], [0]],
    [[0, 3], [0]],
    [[3, 0], [1]],
    [[1], [0]],
  ];

  test('sum, max and min of float32', () => {
    cases.forEach(([shape, axes], i) => {
      const x = randn(shape, 200 + i, 5);
      if (x.values.length > 20) x.values[7] = NaN; // one NaN row/column for max/min
      const clean = randn(shape, 300 + i, 5);
      const abs: Input = { values: clean.values.map(Math.abs), shape };
      const absSum = js.readSync(js.reduce('sum', info(js, abs), axes, 'float32'));
      const scale = absSum.map((v) => 1e-6 * v);
      parity(
        `sum [${shape.join(',')}] axes ${axes.join(',')}`,
        [clean],
        (b, [t]) => b.reduce('sum', t!, axes, 'float32'),
        { scale },
      );
      for (const op of ['max', 'min', 'sum'] as const) {
        if (op === 'sum') continue;
        parity(`${op} [${shape.join(',')}] axes ${axes.join(',')}`, [x], (b, [t]) =>
          b.reduce(op, t!, axes, 'float32'),
        );
      }
    });
  });

  test('other ops and dtypes use the reference loops', () => {
    const x = randn([3, 4, 5], 9);
    parity('prod', [x], (b, [t]) => b.reduce('prod', t!, [1], 'float32'), { rtol: 1e-6 });
    const i = randInt([3, 4, 5], 10, -9, 9);
    parity('int32 sum', [i], (b, [t]) => b.reduce('sum', t!, [0, 2], 'int32'));
    parity('int32 max', [i], (b, [t]) => b.reduce('max', t!, [2], 'int32'));
    const q = randBool([3, 4, 5], 11);
    parity('any', [q], (b, [t]) => b.reduce('any', t!, [1], 'bool'));
    parity('all', [q], (b, [t]) => b.reduce('all', t!, [0, 2], 'bool'));
    for (const axis of [0, 1, 2]) {
      parity(`argMax ${axis}`, [x], (b, [t]) => b.argReduce('argMax', t!, axis));
      parity(`argMin ${axis}`, [i], (b, [t]) => b.argReduce('argMin', t!, axis));
    }
  });
});

/** Σₚ|aᵢₚ·bₚⱼ| per output element, scaled: the matMul tolerance. */
function matMulScale(
  a: Input,
  b: Input,
  tA: boolean,
  tB: boolean,
  ba: number,
  bb: number,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const batch = Math.max(ba, bb);
  const out = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    const ao = (ba === 1 ? 0 : t) * m * k;
    const bo = (bb === 1 ? 0 : t) * k * n;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = a.values[ao + (tA ? p * m + i : i * k + p)]!;
          const bv = b.values[bo + (tB ? j * k + p : p * n + j)]!;
          s += Math.abs(av * bv);
        }
        out[t * m * n + i * n + j] = 1e-6 * s;
      }
  }
  return out;
}

function checkMatMul(ba: number, bb: number, m: number, k: number, n: number, seed: number): void {
  for (const tA of [false, true]) {
    for (const tB of [false, true]) {
      const a = randn(tA ? [ba, k, m] : [ba, m, k], seed);
      const b = randn(tB ? [bb, n, k] : [bb, k, n], seed + 1);
      const scale = matMulScale(a, b, tA, tB, ba, bb, m, k, n);
      parity(
        `matMul ${ba}x${m}x${k} · ${bb}x${k}x${n} tA=${tA} tB=${tB}`,
        [a, b],
        (be, [x, y]) => be.matMul(x!, y!, tA, tB),
        { scale, atol: 1e-30 },
      );
    }
  }
}

describe('wasm matMul', () => {
  test('odd sizes, all transpose cases', () => {
    let seed = 400;
    for (const m of [1, 3, 17])
      for (const k of [1, 3, 33]) for (const n of [1, 10, 17]) checkMatMul(1, 1, m, k, n, seed++);
  });

  test('blocking remainders: m past one row block, k past one k block, n past one column block', () => {
    checkMatMul(1, 1, 129, 300, 33, 500);
    checkMatMul(1, 1, 5, 7, 2050, 501);
    checkMatMul(1, 1, 32, 784, 128, 502);
  });

  test('batches, with either operand broadcast', () => {
    checkMatMul(3, 3, 5, 9, 7, 600);
    checkMatMul(3, 1, 5, 9, 7, 601);
    checkMatMul(1, 3, 5, 9, 7, 602);
    checkMatMul(4, 1, 33, 17, 9, 603);
  });

  test('empty dimensions', () => {
    checkMatMul(1, 1, 3, 0, 4, 700);
    checkMatMul(1, 1, 0, 3, 4, 701);
    checkMatMul(2, 1, 3, 4, 0, 702);
  });
});

describe('wasm data movement', () => {
  test('transpose: 2-D, batched, merged and general permutations of every dtype', () => {
    const cases: [Shape, number[]][] = [
      [
        [3, 17],
        [1, 0],
      ],
      [
        [33, 129],
        [1, 0],
      ],
      [
        [1, 5],
        [1, 0],
      ],
      [
        [2, 3, 4],
        [0, 1, 2],
      ],
      [
        [2, 3, 4],
        [0, 2, 1],
      ],
      [
        [2, 3, 4],
        [1, 0, 2],
      ],
      [
        [2, 3, 4],
        [1, 2, 0],
      ],
      [
        [2, 3, 4],
        [2, 0, 1],
      ],
      [
        [2, 3, 4],
        [2, 1, 0],
      ],
      [
        [1, 5, 1, 3],
        [3, 2, 1, 0],
      ],
      [
        [2, 5, 6, 3],
        [0, 3, 1, 2],
      ],
      [
        [0, 3],
        [1, 0],
      ],
    ];
    cases.forEach(([shape, perm], i) => {
      for (const x of [randn(shape, 800 + i), randInt(shape, 850 + i, -9, 9), randBool(shape, i)]) {
        parity(`transpose [${shape.join(',')}] (${perm.join(',')})`, [x], (b, [t]) =>
          b.transpose(t!, perm),
        );
      }
    });
  });

  test('slice, pad, concat, tile', () => {
    const x = randn([4, 5, 6], 900);
    parity('slice', [x], (b, [t]) => b.slice(t!, [1, 0, 2], [2, 5, 3]));
    parity('pad', [x], (b, [t]) =>
      b.pad(
        t!,
        [
          [1, 0],
          [0, 2],
          [3, 1],
        ],
        -1.5,
      ),
    );
    const [p, q] = [randn([4, 2, 6], 901), randInt([4, 1, 6], 902, 0, 5)];
    parity('concat', [x, p], (b, ts) => b.concat(ts, 1));
    parity('concat int32', [q, q], (b, ts) => b.concat(ts, 2));
    parity('tile', [p], (b, [t]) => b.tile(t!, [2, 1, 3]));
  });

  test('gather, unsortedSegmentSum, oneHot', () => {
    const x = randn([5, 4, 3], 910);
    const idx: Input = { values: Int32Array.from([4, 0, 0, 2]), shape: [4] };
    parity('gather 0', [x, idx], (b, [t, i]) => b.gather(t!, i!, 0));
    parity('gather 2', [x, { values: Int32Array.from([2, 1]), shape: [2] }], (b, [t, i]) =>
      b.gather(t!, i!, 2),
    );
    const ids: Input = { values: Int32Array.from([1, 0, 1, 3]), shape: [4] };
    parity('segment sum', [x, ids], (b, [t, i]) => b.unsortedSegmentSum(t!, i!, 4, 1), {
      rtol: 1e-6,
    });
    parity('oneHot', [{ values: Int32Array.from([0, 2, -1, 5, 1]), shape: [5] }], (b, [i]) =>
      b.oneHot(i!, 3, 1, 0.25),
    );
  });
});

describe('wasm data movement in whole runs (memmove past 64 bytes)', () => {
  test('slice: runs, merged full trailing axes, every dtype', () => {
    const shapes: [Shape, number[], number[]][] = [
      [
        [6, 40],
        [1, 3],
        [4, 20],
      ],
      [
        [6, 40],
        [2, 0],
        [3, 40],
      ],
      [
        [3, 4, 5, 20],
        [1, 1, 0, 0],
        [2, 3, 5, 20],
      ],
      [
        [3, 4, 5, 20],
        [0, 0, 1, 2],
        [3, 4, 3, 17],
      ],
      [[200], [7], [150]],
      [
        [5, 100],
        [0, 0],
        [0, 100],
      ],
    ];
    shapes.forEach(([shape, begin, size], i) => {
      for (const x of [randn(shape, 950 + i), randInt(shape, 960 + i, -9, 9), randBool(shape, i)]) {
        parity(`slice [${shape.join(',')}] ${begin.join(',')} ${size.join(',')}`, [x], (b, [t]) =>
          b.slice(t!, begin, size),
        );
      }
    });
  });

  test('pad with long rows', () => {
    const x = randn([3, 2, 40], 970);
    const pads: [number, number][] = [
      [1, 2],
      [0, 1],
      [3, 0],
    ];
    parity('pad', [x], (b, [t]) => b.pad(t!, pads, 0.5));
    parity('pad bool', [randBool([2, 70], 1)], (b, [t]) =>
      b.pad(
        t!,
        [
          [1, 1],
          [2, 0],
        ],
        1,
      ),
    );
  });

  test('concat with long inner runs, on the first and a middle axis', () => {
    const [a, b] = [randn([3, 2, 20], 980), randn([3, 5, 20], 981)];
    parity('concat axis 1', [a, b], (be, ts) => be.concat(ts, 1));
    const [c, d] = [randn([2, 30], 982), randn([4, 30], 983)];
    parity('concat axis 0', [c, d], (be, ts) => be.concat(ts, 0));
    parity('concat int32', [randInt([2, 40], 984, 0, 9), randInt([2, 16], 985, 0, 9)], (be, ts) =>
      be.concat(ts, 1),
    );
  });

  test('gather whole rows (a batch of images) and rows of a middle axis', () => {
    const x = randn([10, 784], 990);
    const idx: Input = { values: Int32Array.from([9, 0, 3, 3, 7]), shape: [5] };
    parity('gather rows', [x, idx], (b, [t, i]) => b.gather(t!, i!, 0));
    const y = randn([2, 6, 16], 991);
    parity('gather axis 1', [y, { values: Int32Array.from([5, 1]), shape: [2] }], (b, [t, i]) =>
      b.gather(t!, i!, 1),
    );
  });
});

describe('wasm softmax', () => {
  test('softmax and logSoftmax along rows of odd lengths', () => {
    for (const n of [1, 3, 4, 10, 17, 129]) {
      const x = randn([6, n], 1000 + n, 8);
      for (const log of [false, true]) {
        parity(
          `${log ? 'logSoftmax' : 'softmax'} n=${n}`,
          [x],
          (b, [t]) => (log ? b.logSoftmax(t!) : b.softmax(t!)),
          { rtol: 4e-6, atol: 1e-7 },
        );
      }
    }
  });

  test('infinities, NaN and large logits', () => {
    const x = f32(
      [
        ...[0, -Infinity, 1, 2, 3],
        ...[-Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
        ...[1, NaN, 2, 3, 4],
        ...[1000, 1001, 999, -1000, 0],
        ...[Infinity, 1, 2, 3, 4],
      ],
      [5, 5],
    );
    for (const log of [false, true]) {
      parity(
        log ? 'logSoftmax' : 'softmax',
        [x],
        (b, [t]) => (log ? b.logSoftmax(t!) : b.softmax(t!)),
        { rtol: 4e-6, atol: 1e-7 },
      );
    }
  });
});

test('the SIMD module implements the hot ops (the rest fall back to JS loops)', () => {
  const k = wasm.kernels;
  for (const op of ['exp', 'log', 'relu', 'sigmoid', 'tanh', 'neg', 'square', 'sqrt'])
    expect(k.unaryCodes.has(op), op).toBe(true);
  for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'reluGrad', 'sigmoidGrad', 'tanhGrad'])
    expect(k.binaryCodes.has(op), op).toBe(true);
  for (const op of ['sum', 'max', 'min']) expect(k.reduceCodes.has(op), op).toBe(true);
  for (const name of k.unaryCodes.keys()) expect(UNARY_OPS, name).toContain(name);
  for (const name of k.binaryCodes.keys()) expect(BINARY_OPS, name).toContain(name);
});

describe('wasm fused kernels', () => {
  test('adamStep equals the unfused Adam ops of the js backend, bit for bit', () => {
    const [beta1, beta2, eps, alpha] = [0.9, 0.999, 1e-7, 0.00123];
    for (const n of [1, 3, 17, 129]) {
      const [x, g, m] = [randn([n], 1100 + n), randn([n], 1200 + n), randn([n], 1300 + n, 0.1)];
      const v: Input = { values: randn([n], 1400 + n, 0.1).values.map(Math.abs), shape: [n] };
      // The Adam optimizer's ops: m + (g - m)(1 - b1), v + (g² - v)(1 - b2), x - m'α/(√v' + ε).
      const jx = [x, g, m, v].map((t) => info(js, t));
      const s = (c: number): TensorInfo => info(js, f32([c], []));
      const bin = (
        op: 'add' | 'sub' | 'mul' | 'div',
        a: TensorInfo,
        b: TensorInfo,
      ): TensorInfo => ({
        ...a,
        storage: js.binary(op, a, b, a.shape, 'float32'),
      });
      const [X, G, M, V] = jx as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
      const m2 = bin('add', M, bin('mul', bin('sub', G, M), s(1 - beta1)));
      const g2 = { ...G, storage: js.unary('square', G, 'float32', 0) };
      const v2 = bin('add', V, bin('mul', bin('sub', g2, V), s(1 - beta2)));
      const den = bin('add', { ...v2, storage: js.unary('sqrt', v2, 'float32', 0) }, s(eps));
      const x2 = bin('sub', X, bin('div', bin('mul', m2, s(alpha)), den));
      const wx = [x, g, m, v].map((t) => info(wasm, t)) as [
        TensorInfo,
        TensorInfo,
        TensorInfo,
        TensorInfo,
      ];
      const out = wasm.adamStep(...wx, info(wasm, f32([alpha], [])), beta1, beta2, eps);
      expect(Array.from(wasm.readSync(out[0])), `x' n=${n}`).toEqual(
        Array.from(js.readSync(x2.storage)),
      );
      expect(Array.from(wasm.readSync(out[1])), `m' n=${n}`).toEqual(
        Array.from(js.readSync(m2.storage)),
      );
      expect(Array.from(wasm.readSync(out[2])), `v' n=${n}`).toEqual(
        Array.from(js.readSync(v2.storage)),
      );
    }
  });
});
