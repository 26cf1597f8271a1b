/**
 * The optional fused kernels through the Backend interface: each backend's kernel against
 * that backend's own unfused kernels (bit for bit where the interface promises it), and
 * wasm against js within the tolerances of the parity suite (polynomial exp/log/tanh,
 * float32 against float64 sums).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type {
  Backend,
  DataHandle,
  FusedActivation,
  TensorInfo,
} from '../../src/backends/backend.js';
import { JsBackend } from '../../src/backends/js/js-backend.js';
import { createWasmBackend } from '../../src/backends/wasm/index.js';
import type { WasmBackend } from '../../src/backends/wasm/wasm-backend.js';
import { Random } from '../../src/random/prng.js';

const js = new JsBackend();
let wasm: WasmBackend;
beforeAll(async () => {
  wasm = await createWasmBackend();
});

function f32(b: Backend, values: ArrayLike<number>, shape: number[]): TensorInfo {
  const v = Float32Array.from(values);
  return { storage: b.upload(v, 'float32'), shape, dtype: 'float32', size: v.length };
}

function i32(b: Backend, values: ArrayLike<number>, shape: number[]): TensorInfo {
  const v = Int32Array.from(values);
  return { storage: b.upload(v, 'int32'), shape, dtype: 'int32', size: v.length };
}

function randn(n: number, seed: number, scale = 1): number[] {
  const r = new Random(seed);
  return Array.from({ length: n }, () => r.normal() * scale);
}

const like = (t: TensorInfo, h: DataHandle, shape = t.shape): TensorInfo => ({
  storage: h,
  shape,
  dtype: 'float32',
  size: h.size,
});

function read(b: Backend, h: DataHandle): number[] {
  return Array.from(b.readSync(h));
}

/** Same bits (any NaN matches any NaN). */
function expectBits(got: number[], want: number[], label: string): void {
  const bad = got
    .map((g, i) => [g, want[i]!] as const)
    .filter(([g, w]) => !(Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w))));
  expect(bad.slice(0, 5), label).toEqual([]);
}

function expectClose(got: number[], want: number[], atol: number, rtol: number, label: string) {
  const bad = got
    .map((g, i) => [i, g, want[i]!] as const)
    .filter(([, g, w]) =>
      Number.isNaN(w) ? !Number.isNaN(g) : !(Math.abs(g - w) <= atol + rtol * Math.abs(w)),
    );
  expect(bad.slice(0, 5), label).toEqual([]);
}

const ACTS: FusedActivation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax'];
const DENSE_SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [2, 3, 1],
  [1, 9, 6],
  [5, 17, 13],
  [33, 40, 10],
];

/** The unfused forward: matMul, add, then the activation's kernel. */
function unfusedForward(
  b: Backend,
  x: TensorInfo,
  w: TensorInfo,
  bias: TensorInfo | null,
  act: FusedActivation,
): DataHandle {
  const [m, k] = x.shape as [number, number];
  const n = w.shape[1]!;
  const mm = b.matMul({ ...x, shape: [1, m, k] }, { ...w, shape: [1, k, n] }, false, false);
  let z = like(x, mm, [m, n]);
  if (bias) z = like(z, b.binary('add', z, bias, [m, n], 'float32'));
  if (act === 'linear') return z.storage;
  if (act === 'softmax') return b.softmax(z);
  return b.unary(act, z, 'float32', 0);
}

/** The unfused backward from the output y: the activation's gradient ops, then sum. */
function unfusedBackward(
  b: Backend,
  dy: TensorInfo,
  y: TensorInfo,
  act: FusedActivation,
): [DataHandle, DataHandle] {
  const rows = y.shape[0]!;
  let dz: DataHandle;
  if (act === 'linear') dz = dy.storage;
  else if (act === 'softmax') {
    const t = like(y, b.binary('mul', dy, y, y.shape, 'float32'));
    const s = like(y, b.reduce('sum', t, [1], 'float32'), [rows, 1]);
    const u = like(y, b.binary('sub', dy, s, y.shape, 'float32'));
    dz = b.binary('mul', y, u, y.shape, 'float32');
  } else dz = b.binary(`${act}Grad`, dy, y, y.shape, 'float32');
  return [dz, b.reduce('sum', like(y, dz), [0], 'float32')];
}

describe('denseForward and activationBackward', () => {
  for (const b of [() => js as Backend, () => wasm as Backend]) {
    test(`each backend matches its unfused kernels bit for bit`, () => {
      const be = b();
      for (const act of ACTS) {
        for (const [m, k, n] of DENSE_SHAPES) {
          const x = f32(be, randn(m * k, m + k), [m, k]);
          const w = f32(be, randn(k * n, k * n, 0.5), [k, n]);
          const bias = f32(be, randn(n, n + 1), [n]);
          for (const withBias of [true, false]) {
            const label = `${be.name} ${act} ${m}x${k}x${n} bias=${withBias}`;
            const bb = withBias ? bias : null;
            const y = be.denseForward!(x, w, bb, act);
            expectBits(read(be, y), read(be, unfusedForward(be, x, w, bb, act)), label);
            const yi = like(x, y, [m, n]);
            const dy = f32(be, randn(m * n, 7 * m + n), [m, n]);
            const [dz, db] = be.activationBackward!(dy, yi, act, withBias);
            const [dz0, db0] = unfusedBackward(be, dy, yi, act);
            expectBits(read(be, dz), read(be, dz0), `${label} dz`);
            if (withBias) expectBits(read(be, db!), read(be, db0), `${label} db`);
            else expect(db).toBeNull();
          }
        }
      }
    });
  }

  test('wasm matches js', () => {
    for (const act of ACTS) {
      for (const [m, k, n] of DENSE_SHAPES) {
        const vx = randn(m * k, 3 * m + k);
        const vw = randn(k * n, 5 * k + n, 0.5);
        const vb = randn(n, n + 2);
        const vdy = randn(m * n, m * n);
        const run = (be: Backend): number[][] => {
          const y = be.denseForward!(
            f32(be, vx, [m, k]),
            f32(be, vw, [k, n]),
            f32(be, vb, [n]),
            act,
          );
          const [dz, db] = be.activationBackward!(
            f32(be, vdy, [m, n]),
            { storage: y, shape: [m, n], dtype: 'float32', size: m * n },
            act,
            true,
          );
          return [read(be, y), read(be, dz), read(be, db!)];
        };
        const [a, b] = [run(wasm), run(js)];
        const label = `${act} ${m}x${k}x${n}`;
        // k-term float32 sums against float64 ones, then polynomial activations.
        expectClose(a[0]!, b[0]!, 2e-6 * Math.sqrt(k), 2e-5, `${label} y`);
        expectClose(a[1]!, b[1]!, 1e-5, 1e-4, `${label} dz`);
        expectClose(a[2]!, b[2]!, 1e-5 * m, 1e-4, `${label} db`);
      }
    }
  });
});

describe('crossEntropyProbs', () => {
  const LO = 1e-7;
  const HI = 1 - 1e-7;
  function probs(rows: number, n: number, seed: number): number[] {
    const r = new Random(seed);
    return Array.from({ length: rows * n }, () => {
      const u = r.next();
      return u < 0.1 ? 1e-9 : u < 0.2 ? 40 : u;
    });
  }
  const SHAPES: [number, number][] = [
    [1, 1],
    [3, 1],
    [1, 7],
    [6, 10],
    [17, 33],
  ];

  test('forward: each backend matches its unfused kernels bit for bit', () => {
    for (const be of [js as Backend, wasm as Backend]) {
      for (const [rows, n] of SHAPES) {
        const p = f32(be, probs(rows, n, rows * n), [rows, n]);
        const labels = Array.from({ length: rows }, (_, r) => (r * 7) % n);
        const soft = f32(be, probs(rows, n, rows + n), [rows, n]);
        const onehot = like(p, be.oneHot(i32(be, labels, [rows]), n, 1, 0));
        for (const [sparse, target, t] of [
          [true, i32(be, labels, [rows]), onehot],
          [false, soft, soft],
        ] as const) {
          // sum, div, clip, log, mul, sum, neg.
          const s = like(p, be.reduce('sum', p, [1], 'float32'), [rows, 1]);
          const q = like(p, be.binary('div', p, s, p.shape, 'float32'));
          const l = like(p, be.unary('log', like(p, be.clip(q, LO, HI)), 'float32', 0));
          const tl = like(p, be.binary('mul', t, l, p.shape, 'float32'));
          const v = like(p, be.reduce('sum', tl, [1], 'float32'), [rows]);
          const want = read(be, be.unary('neg', v, 'float32', 0));
          const got = read(be, be.crossEntropyProbs!(p, target, sparse, LO, HI));
          expectBits(got, want, `${be.name} ${rows}x${n} sparse=${sparse}`);
        }
      }
    }
  });

  test('wasm matches js, forward and gradient', () => {
    for (const [rows, n] of SHAPES) {
      const vp = probs(rows, n, 2 * rows + n);
      const vt = probs(rows, n, rows + 3 * n);
      const labels = Array.from({ length: rows }, (_, r) => (r * 5) % n);
      const vg = randn(rows, rows);
      const run = (be: Backend, sparse: boolean): number[][] => {
        const p = f32(be, vp, [rows, n]);
        const t = sparse ? i32(be, labels, [rows]) : f32(be, vt, [rows, n]);
        return [
          read(be, be.crossEntropyProbs!(p, t, sparse, LO, HI)),
          read(be, be.crossEntropyProbsGrad!(p, t, sparse, f32(be, vg, [rows]), LO, HI)),
        ];
      };
      for (const sparse of [true, false]) {
        const [a, b] = [run(wasm, sparse), run(js, sparse)];
        expectClose(a[0]!, b[0]!, 1e-5, 1e-5, `${rows}x${n} sparse=${sparse} value`);
        const scale = Math.max(...b[1]!.map(Math.abs));
        expectClose(a[1]!, b[1]!, 1e-6 * scale, 1e-5, `${rows}x${n} sparse=${sparse} grad`);
      }
    }
  });
});

describe('binaryScalar and adamStep', () => {
  test('binaryScalar equals binary with an uploaded float32 scalar, on both backends', () => {
    for (const be of [js as Backend, wasm as Backend]) {
      const x = f32(be, [1.5, -2, 0, -0, NaN, Infinity, 3, 0.1, 7, -1, 2, 5], [3, 4]);
      for (const op of [
        'add',
        'sub',
        'mul',
        'div',
        'maximum',
        'minimum',
        'pow',
        'greater',
      ] as const) {
        const out = op === 'greater' ? 'bool' : 'float32';
        for (const c of [0.1, -3, 0, NaN, 1e40]) {
          const s = f32(be, [c], []);
          const label = `${be.name} ${op} ${c}`;
          expectBits(
            read(be, be.binaryScalar!(op, x, c, false, out)),
            read(be, be.binary(op, x, s, x.shape, out)),
            label,
          );
          expectBits(
            read(be, be.binaryScalar!(op, x, c, true, out)),
            read(be, be.binary(op, s, x, x.shape, out)),
            `${label} (scalar first)`,
          );
        }
      }
    }
  });

  test('the js adamStep equals the unfused js Adam ops, bit for bit, and wasm', () => {
    const [beta1, beta2, eps, alpha] = [0.9, 0.999, 1e-7, 0.00123];
    for (const n of [1, 5, 130]) {
      const vals = [randn(n, n), randn(n, n + 1), randn(n, n + 2, 0.1), randn(n, n + 3, 0.1)];
      vals[3] = vals[3]!.map(Math.abs);
      const [X, G, M, V] = vals.map((v) => f32(js, v, [n])) as [
        TensorInfo,
        TensorInfo,
        TensorInfo,
        TensorInfo,
      ];
      const s = (c: number): TensorInfo => f32(js, [c], []);
      const bin = (op: 'add' | 'sub' | 'mul' | 'div', a: TensorInfo, b: TensorInfo) =>
        like(a, js.binary(op, a, b, a.shape, 'float32'));
      const m2 = bin('add', M, bin('mul', bin('sub', G, M), s(1 - beta1)));
      const g2 = like(G, js.unary('square', G, 'float32', 0));
      const v2 = bin('add', V, bin('mul', bin('sub', g2, V), s(1 - beta2)));
      const den = bin('add', like(v2, js.unary('sqrt', v2, 'float32', 0)), s(eps));
      const x2 = bin('sub', X, bin('div', bin('mul', m2, s(alpha)), den));
      const got = js.adamStep(X, G, M, V, s(alpha), beta1, beta2, eps);
      expectBits(read(js, got[0]), read(js, x2.storage), `x' n=${n}`);
      expectBits(read(js, got[1]), read(js, m2.storage), `m' n=${n}`);
      expectBits(read(js, got[2]), read(js, v2.storage), `v' n=${n}`);
      const w = vals.map((v) => f32(wasm, v, [n])) as [
        TensorInfo,
        TensorInfo,
        TensorInfo,
        TensorInfo,
      ];
      const gw = wasm.adamStep(...w, f32(wasm, [alpha], []), beta1, beta2, eps);
      for (let i = 0; i < 3; i++) expectBits(read(wasm, gw[i]!), read(js, got[i]!), `wasm ${i}`);
    }
  });
});

describe('adamStep in place', () => {
  for (const name of ['js', 'wasm']) {
    test(`${name}: inputs nothing else holds become the outputs; shared ones stay`, () => {
      const be = name === 'js' ? (js as Backend) : (wasm as Backend);
      const n = 37;
      const vals = [randn(n, 1), randn(n, 2), randn(n, 3, 0.1), randn(n, 4, 0.1).map(Math.abs)];
      const fresh = () =>
        vals.map((v) => f32(be, v, [n])) as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
      // Reference: every input held twice, so every output is a new buffer.
      const ref = fresh();
      for (const t of ref) t.storage.refCount++;
      const want = be.adamStep!(...ref, f32(be, [0.01], []), 0.9, 0.999, 1e-7);
      for (let i = 0; i < 3; i++) expect(want[i]).not.toBe(ref[[0, 2, 3][i]!]!.storage);
      expect(read(be, ref[0].storage)).toEqual(read(be, f32(be, vals[0]!, [n]).storage));
      // Held once: built in place, with the same values.
      const own = fresh();
      const got = be.adamStep!(...own, f32(be, [0.01], []), 0.9, 0.999, 1e-7);
      for (let i = 0; i < 3; i++) expectBits(read(be, got[i]!), read(be, want[i]!), `output ${i}`);
      if (be === wasm) {
        const ptr = (h: DataHandle) => wasm.data(h).ptr;
        expect(ptr(got[0])).toBe((own[0].storage as unknown as { ptr: number }).ptr);
        expect(() => wasm.data(own[0].storage)).toThrow(/used after it was freed/);
        expect(() => wasm.data(own[1].storage)).not.toThrow(); // g is never taken
      }
      // The same buffer passed twice is never updated in place.
      const x = f32(be, vals[0]!, [n]);
      const out = be.adamStep!(
        x,
        f32(be, vals[1]!, [n]),
        x,
        f32(be, vals[3]!, [n]),
        f32(be, [0.01], []),
        0.9,
        0.999,
        1e-7,
      );
      expect(out[0]).not.toBe(x.storage);
      expect(read(be, x.storage)).toEqual(read(be, f32(be, vals[0]!, [n]).storage));
    });
  }
});
