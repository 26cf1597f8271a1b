/**
 * Dot, Minimum, Maximum (and the existing Subtract, Permute): values against float64 loops
 * written here, gradients, shapes as Keras infers them, config round trips, errors; and a
 * Keras-written Functional model using Dot/Minimum/Maximum/RepeatVector that loads and
 * predicts as real Keras 3.16 did (test/fixtures/keras-made/misc/merge.*).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend } from '../helpers/each-backend.js';
import { gradCheck } from '../helpers/grad-check.js';

const vals = (t: nn.Tensor): number[] => [...(t.dataSync() as Float32Array)];
const close = (a: readonly number[], b: readonly number[], tol = 1e-5): void => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i]!), `[${i}] ${v} vs ${b[i]}`).toBeLessThan(tol));
};

describeEachBackend('minimum and maximum', () => {
  test('elementwise over three inputs, gradients to the chosen input', () => {
    const a = nn.tensor([[1, -2, 3]]);
    const b = nn.tensor([[0, 5, 3.5]]);
    const c = nn.tensor([[2, -4, 1]]);
    expect(vals(nn.layers.minimum().apply([a, b, c]) as nn.Tensor)).toEqual([0, -4, 1]);
    expect(vals(nn.layers.maximum().apply([a, b, c]) as nn.Tensor)).toEqual([2, 5, 3.5]);
    const x = nn.randomNormal([2, 3], 0, 1, 'float32', 1);
    const y = nn.randomNormal([2, 3], 0, 1, 'float32', 2);
    gradCheck((p, q) => nn.layers.minimum().apply([p, q]) as nn.Tensor, [x, y]);
    gradCheck((p, q) => nn.layers.maximum().apply([p, q]) as nn.Tensor, [x, y]);
  });
  test('shapes and errors', () => {
    const m = nn.layers.maximum({ name: 'mx' });
    const s = m.apply([nn.input({ shape: [4] }), nn.input({ shape: [4] })]) as nn.SymbolicTensor;
    expect(s.shape).toEqual([null, 4]);
    expect(() =>
      nn.layers.maximum({ name: 'mx2' }).apply([nn.ones([1, 2]), nn.ones([1, 3])]),
    ).toThrow("Maximum 'mx2': input 1 has shape [1,3], input 0 has [1,2]");
    expect(() => nn.layers.minimum({ name: 'mn' }).apply([nn.ones([1, 2])])).toThrow(
      /'mn': expects at least 2 inputs, received 1/,
    );
  });
});

/** Keras's batch_dot in float64: x [B, ...] and y [B, ...] summed over axes a0, a1. */
function batchDot(
  x: number[],
  xs: number[],
  y: number[],
  ys: number[],
  a0: number,
  a1: number,
  normalize: boolean,
): number[] {
  const strides = (s: number[]): number[] =>
    s.map((_, i) => s.slice(i + 1).reduce((p, q) => p * q, 1));
  const norm = (v: number[], s: number[], ax: number): number[] => {
    if (!normalize) return v;
    const st = strides(s);
    return v.map((val, i) => {
      const idx = s.map((_, k) => Math.floor(i / st[k]!) % s[k]!);
      let ss = 0;
      for (let j = 0; j < s[ax]!; j++) ss += v[i + (j - idx[ax]!) * st[ax]!]! ** 2;
      return val / Math.sqrt(Math.max(ss, 1e-14));
    });
  };
  const X = norm(x, xs, a0);
  const Y = norm(y, ys, a1);
  const sx = strides(xs);
  const sy = strides(ys);
  const restX = xs.map((_, i) => i).filter((i) => i !== a0 && i !== 0);
  const restY = ys.map((_, i) => i).filter((i) => i !== a1 && i !== 0);
  const out: number[] = [];
  const iter = (
    dims: number[],
    shape: number[],
    f: (idx: number[]) => void,
    pre: number[] = [],
  ): void => {
    if (pre.length === dims.length) return f(pre);
    for (let i = 0; i < shape[dims[pre.length]!]!; i++) iter(dims, shape, f, [...pre, i]);
  };
  for (let b = 0; b < xs[0]!; b++)
    iter(restX, xs, (ix) =>
      iter(restY, ys, (iy) => {
        let s = 0;
        for (let k = 0; k < xs[a0]!; k++) {
          let ox = b * sx[0]! + k * sx[a0]!;
          restX.forEach((d, j) => (ox += ix[j]! * sx[d]!));
          let oy = b * sy[0]! + k * sy[a1]!;
          restY.forEach((d, j) => (oy += iy[j]! * sy[d]!));
          s += X[ox]! * Y[oy]!;
        }
        out.push(s);
      }),
    );
  return out;
}

describeEachBackend('dot', () => {
  const cases: [string, number[], number[], nn.layers.DotArgs, number[]][] = [
    ['vectors, axes 1', [3, 4], [3, 4], { axes: 1 }, [3, 1]],
    ['vectors, cosine', [3, 4], [3, 4], { axes: -1, normalize: true }, [3, 1]],
    ['sequences, axes [2, 2]', [2, 3, 4], [2, 5, 4], { axes: [2, 2] }, [2, 3, 5]],
    [
      'sequences, axes [1, 1], normalized',
      [2, 3, 4],
      [2, 3, 2],
      { axes: [1, 1], normalize: true },
      [2, 4, 2],
    ],
    ['vector and sequence, axes [1, 2]', [2, 4], [2, 3, 4], { axes: [1, 2] }, [2, 3]],
    ['rank 4 and rank 3, axes [2, 1]', [2, 2, 3, 2], [2, 3, 2], { axes: [2, 1] }, [2, 2, 2, 2]],
  ];
  test.each(cases)('%s: value, shape and gradient', (_t, s0, s1, args, outShape) => {
    const x = nn.randomNormal(s0, 0, 1, 'float32', 3);
    const y = nn.randomNormal(s1, 0, 1, 'float32', 4);
    const layer = nn.layers.dot(args);
    const out = layer.apply([x, y]) as nn.Tensor;
    expect(out.shape).toEqual(outShape);
    const n = (a: number, r: number): number => (a < 0 ? a + r : a);
    const [a0, a1] = typeof args.axes === 'number' ? [args.axes, args.axes] : args.axes;
    const ref = batchDot(
      vals(x),
      s0,
      vals(y),
      s1,
      n(a0, s0.length),
      n(a1, s1.length),
      args.normalize ?? false,
    );
    close(vals(out), ref, 1e-5);
    const sym = nn.layers
      .dot(args)
      .apply([
        nn.input({ shape: s0.slice(1) }),
        nn.input({ shape: s1.slice(1) }),
      ]) as nn.SymbolicTensor;
    expect(sym.shape).toEqual([null, ...outShape.slice(1)]);
    gradCheck((p, q) => nn.layers.dot(args).apply([p, q]) as nn.Tensor, [x, y], { atol: 2e-3 });
  });
  test('config round trip and errors', () => {
    const d = nn.layers.dot({ axes: [1, 2], normalize: true });
    expect(d.getConfig()).toMatchObject({ axes: [1, 2], normalize: true });
    expect(nn.layers.deserializeLayer(nn.layers.serialize(d)).getConfig()).toEqual(d.getConfig());
    expect(() => nn.layers.dot({ axes: [1] as unknown as [number, number] })).toThrow(
      /axes must be an integer or a list of two integers, received \[1\]/,
    );
    expect(() =>
      nn.layers.dot({ axes: 0, name: 'd0' }).apply([nn.ones([2, 3]), nn.ones([2, 3])]),
    ).toThrow(/'d0': axes 0 must name a non-batch axis/);
    expect(() =>
      nn.layers.dot({ axes: 1, name: 'd1' }).apply([nn.ones([2, 3]), nn.ones([2, 4])]),
    ).toThrow("Dot 'd1': cannot take the dot product of [2,3] (axis 1) and [2,4] (axis 1)");
  });
});

describe('subtract and permute match Keras 3', () => {
  test('registered under Keras class names and TF.js factory names', () => {
    expect(nn.layers.LAYERS.findClass('Subtract')?.id).toBe('subtract');
    expect(nn.layers.LAYERS.findClass('Permute')?.id).toBe('permute');
    expect(
      vals(nn.layers.subtract().apply([nn.tensor([[5, 1]]), nn.tensor([[2, 3]])]) as nn.Tensor),
    ).toEqual([3, -2]);
    const p = nn.layers.permute({ dims: [2, 1] });
    expect(p.apply(nn.ones([2, 3, 4])).shape).toEqual([2, 4, 3]);
    expect(p.getConfig()).toMatchObject({ dims: [2, 1] });
  });
});

describe('a Keras-written model with Dot, Minimum, Maximum and RepeatVector', () => {
  test('loads and predicts what Keras 3 predicted', async () => {
    const fx = JSON.parse(readFileSync('test/fixtures/keras-made/misc/merge.json', 'utf8')) as {
      keras: string;
      inputs: number[][][];
      outputs: number[][][];
    };
    expect(fx.keras).toMatch(/^3\./);
    const model = await nn.loadModel('test/fixtures/keras-made/misc/merge.keras');
    expect(model.layers.map((l) => l.className)).toEqual(
      expect.arrayContaining(['Dot', 'Minimum', 'Maximum', 'RepeatVector']),
    );
    const ys = model.predict(fx.inputs.map((x) => nn.tensor(x))) as unknown as nn.Tensor[];
    expect(ys.length).toBe(6);
    ys.forEach((y, i) => close(vals(y), (fx.outputs[i] as unknown as number[][][]).flat(3), 1e-5));
  });
});
