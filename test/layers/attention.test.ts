/**
 * MultiHeadAttention: values against a float64 implementation of Keras 3's equations written
 * here (projections per head, softmax(QKᵀ/√keyDim + mask)·V, output projection), masks,
 * dropout, gradients of inputs and weights, config round trip, parameter count, errors; and
 * real Keras 3.16's predictions for the same weights (test/fixtures/keras-made/misc/mha.json,
 * made by scripts/keras_make_misc.py).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend } from '../helpers/each-backend.js';
import { gradCheck } from '../helpers/grad-check.js';

type Arr = number[];

/** Reads a flat float32 tensor into nested [i][j][k] float64 accessors. */
const flat = (t: nn.Tensor): Float64Array => Float64Array.from(t.dataSync() as Float32Array);

interface RefWeights {
  wq: Float64Array;
  bq: Float64Array | null;
  wk: Float64Array;
  bk: Float64Array | null;
  wv: Float64Array;
  bv: Float64Array | null;
  wo: Float64Array;
  bo: Float64Array | null;
}

/**
 * Keras's MultiHeadAttention in float64 loops. q [B,T,Dq], v [B,S,Dv], k [B,S,Dk]; kernels
 * [D, H, K], biases [H, K]; output kernel [H, V, O]. `mask(b, t, s)` false = masked.
 */
function reference(
  q: Float64Array,
  v: Float64Array,
  k: Float64Array,
  dims: {
    B: number;
    T: number;
    S: number;
    Dq: number;
    Dv: number;
    Dk: number;
    H: number;
    K: number;
    V: number;
    O: number;
  },
  w: RefWeights,
  mask: ((b: number, t: number, s: number) => boolean) | null,
): { out: Arr; scores: Arr } {
  const { B, T, S, Dq, Dv, Dk, H, K, V, O } = dims;
  const proj = (
    x: Float64Array,
    L: number,
    D: number,
    W: Float64Array,
    bias: Float64Array | null,
    E: number,
  ) => {
    // [B, L, H, E]
    const y = new Float64Array(B * L * H * E);
    for (let b = 0; b < B; b++)
      for (let l = 0; l < L; l++)
        for (let h = 0; h < H; h++)
          for (let e = 0; e < E; e++) {
            let s = bias ? bias[h * E + e]! : 0;
            for (let d = 0; d < D; d++) s += x[(b * L + l) * D + d]! * W[(d * H + h) * E + e]!;
            y[((b * L + l) * H + h) * E + e] = s;
          }
    return y;
  };
  const Q = proj(q, T, Dq, w.wq, w.bq, K);
  const Kp = proj(k, S, Dk, w.wk, w.bk, K);
  const Vp = proj(v, S, Dv, w.wv, w.bv, V);
  const scores: Arr = Array.from({ length: B * H * T * S }, () => 0);
  const ctx = new Float64Array(B * T * H * V);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let t = 0; t < T; t++) {
        const logits: Arr = [];
        for (let s = 0; s < S; s++) {
          let d = 0;
          for (let e = 0; e < K; e++)
            d +=
              (Q[((b * T + t) * H + h) * K + e]! / Math.sqrt(K)) *
              Kp[((b * S + s) * H + h) * K + e]!;
          logits.push(mask && !mask(b, t, s) ? -1e9 : d);
        }
        const m = Math.max(...logits);
        const ex = logits.map((x) => Math.exp(x - m));
        const z = ex.reduce((a, c) => a + c, 0);
        for (let s = 0; s < S; s++) {
          const p = mask && !mask(b, t, s) ? 0 : ex[s]! / z;
          scores[((b * H + h) * T + t) * S + s] = p;
          for (let e = 0; e < V; e++)
            ctx[((b * T + t) * H + h) * V + e]! += p * Vp[((b * S + s) * H + h) * V + e]!;
        }
      }
  const out: Arr = [];
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++)
      for (let o = 0; o < O; o++) {
        let s = w.bo ? w.bo[o]! : 0;
        for (let h = 0; h < H; h++)
          for (let e = 0; e < V; e++)
            s += ctx[((b * T + t) * H + h) * V + e]! * w.wo[(h * V + e) * O + o]!;
        out.push(s);
      }
  return { out, scores };
}

function refWeights(layer: nn.Layer, useBias = true): RefWeights {
  const w = layer.weights.map(flat);
  return useBias
    ? { wq: w[0]!, bq: w[1]!, wk: w[2]!, bk: w[3]!, wv: w[4]!, bv: w[5]!, wo: w[6]!, bo: w[7]! }
    : { wq: w[0]!, bq: null, wk: w[1]!, bk: null, wv: w[2]!, bv: null, wo: w[3]!, bo: null };
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

/** Non-zero biases so every weight matters. */
function randomizeBiases(layer: nn.Layer, seed: number): void {
  layer.setWeights(
    layer.weights.map((v, i) =>
      v.name.endsWith('bias')
        ? nn.randomUniform(v.shape, -0.5, 0.5, 'float32', seed + i)
        : nn.clone(v),
    ),
  );
}

describeEachBackend('multiHeadAttention', () => {
  test('cross-attention with key, valueDim and outputShape matches the float64 reference', () => {
    const dims = { B: 2, T: 3, S: 4, Dq: 5, Dv: 6, Dk: 2, H: 3, K: 2, V: 3, O: 4 };
    const mha = nn.layers.multiHeadAttention({
      numHeads: 3,
      keyDim: 2,
      valueDim: 3,
      outputShape: 4,
    });
    const q = nn.randomNormal([2, 3, 5], 0, 1, 'float32', 1);
    const v = nn.randomNormal([2, 4, 6], 0, 1, 'float32', 2);
    const k = nn.randomNormal([2, 4, 2], 0, 1, 'float32', 3);
    mha.apply([q, v, k]);
    randomizeBiases(mha, 10);
    expect(mha.weights.map((w) => [w.name.split('/').slice(1).join('/'), w.shape])).toEqual([
      ['query/kernel', [5, 3, 2]],
      ['query/bias', [3, 2]],
      ['key/kernel', [2, 3, 2]],
      ['key/bias', [3, 2]],
      ['value/kernel', [6, 3, 3]],
      ['value/bias', [3, 3]],
      ['attention_output/kernel', [3, 3, 4]],
      ['attention_output/bias', [4]],
    ]);
    const [y, s] = mha.apply([q, v, k], { returnAttentionScores: true }) as nn.Tensor[];
    expect(y!.shape).toEqual([2, 3, 4]);
    expect(s!.shape).toEqual([2, 3, 3, 4]);
    const ref = reference(flat(q), flat(v), flat(k), dims, refWeights(mha), null);
    expect(maxDiff(y!.dataSync(), ref.out)).toBeLessThan(2e-5);
    expect(maxDiff(s!.dataSync(), ref.scores)).toBeLessThan(1e-6);
  });

  test('self-attention: causal mask, padding mask and both (key = value by default)', () => {
    const dims = { B: 2, T: 4, S: 4, Dq: 3, Dv: 3, Dk: 3, H: 2, K: 3, V: 3, O: 3 };
    const mha = nn.layers.multiHeadAttention({ numHeads: 2, keyDim: 3 });
    const x = nn.randomNormal([2, 4, 3], 0, 1, 'float32', 4);
    mha.apply([x, x]);
    randomizeBiases(mha, 20);
    const w = refWeights(mha);
    const X = flat(x);
    const causal = (_b: number, t: number, s: number): boolean => t >= s;
    const lens = [3, 2]; // padding: sample b attends to its first lens[b] positions
    const pad = (b: number, _t: number, s: number): boolean => s < lens[b]!;
    const padMask = nn.tensor(
      [0, 1].map((b) => [0, 1, 2, 3].map((t) => [0, 1, 2, 3].map((s) => (pad(b, t, s) ? 1 : 0)))),
    );
    const cases: [
      string,
      nn.layers.MultiHeadAttentionCallOptions,
      (b: number, t: number, s: number) => boolean,
    ][] = [
      ['causal', { useCausalMask: true }, causal],
      ['padding', { attentionMask: padMask }, pad],
      ['bool padding', { attentionMask: nn.cast(padMask, 'bool') }, pad],
      [
        'both',
        { attentionMask: padMask, useCausalMask: true },
        (b, t, s) => causal(b, t, s) && pad(b, t, s),
      ],
    ];
    for (const [what, opts, m] of cases) {
      const [y, s] = mha.apply([x, x], { ...opts, returnAttentionScores: true }) as nn.Tensor[];
      const ref = reference(X, X, X, dims, w, m);
      expect(maxDiff(y!.dataSync(), ref.out), what).toBeLessThan(2e-5);
      expect(maxDiff(s!.dataSync(), ref.scores), what).toBeLessThan(1e-6);
    }
    // a [T, S] mask broadcasts over the batch
    const tri = nn.tensor([0, 1, 2, 3].map((t) => [0, 1, 2, 3].map((s) => (t >= s ? 1 : 0))));
    const a = mha.apply([x, x], { attentionMask: tri }) as nn.Tensor;
    const b = mha.apply([x, x], { useCausalMask: true }) as nn.Tensor;
    expect(maxDiff(a.dataSync(), b.dataSync())).toBe(0);
  });

  test('no bias, slidingWindow, and dropout on the scores in training only (seeded)', () => {
    const dims = { B: 1, T: 5, S: 5, Dq: 2, Dv: 2, Dk: 2, H: 1, K: 2, V: 2, O: 2 };
    const mha = nn.layers.multiHeadAttention({
      numHeads: 1,
      keyDim: 2,
      useBias: false,
      slidingWindow: 2,
    });
    const x = nn.randomNormal([1, 5, 2], 0, 1, 'float32', 5);
    const y = mha.apply([x, x]) as nn.Tensor;
    expect(mha.weights.length).toBe(4);
    const ref = reference(
      flat(x),
      flat(x),
      flat(x),
      dims,
      refWeights(mha, false),
      (_b, t, s) => Math.abs(t - s) < 2,
    );
    expect(maxDiff(y.dataSync(), ref.out)).toBeLessThan(2e-5);

    const drop = nn.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, dropout: 0.5, seed: 3 });
    const inf1 = drop.apply([x, x], { returnAttentionScores: true }) as nn.Tensor[];
    const inf2 = drop.apply([x, x]) as nn.Tensor;
    expect(maxDiff(inf1[0]!.dataSync(), inf2.dataSync())).toBe(0);
    const tr = drop.apply([x, x], { training: true }) as nn.Tensor;
    expect(maxDiff(tr.dataSync(), inf2.dataSync())).toBeGreaterThan(1e-3);
    const again = nn.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, dropout: 0.5, seed: 3 });
    again.apply([x, x]);
    again.setWeights(drop.getWeights());
    const tr2 = again.apply([x, x], { training: true }) as nn.Tensor;
    expect(maxDiff(tr.dataSync(), tr2.dataSync())).toBe(0);
  });

  test('gradients of query, value, key and every weight (with a causal mask)', () => {
    const mha = nn.layers.multiHeadAttention({
      numHeads: 2,
      keyDim: 2,
      valueDim: 3,
      outputShape: 2,
    });
    const q = nn.randomNormal([2, 3, 3], 0, 1, 'float32', 6);
    const v = nn.randomNormal([2, 3, 2], 0, 1, 'float32', 7);
    const k = nn.randomNormal([2, 3, 4], 0, 1, 'float32', 8);
    mha.apply([q, v, k]);
    randomizeBiases(mha, 30);
    const opts = { useCausalMask: true };
    gradCheck((a, b, c) => mha.apply([a, b, c], opts) as nn.Tensor, [q, v, k], { atol: 2e-3 });
    // Weights: central differences through assign, against the tape's gradients.
    const vars = mha.trainableWeights;
    const r = nn.randomUniform([2, 3, 2], -1, 1, 'float32', 9);
    const loss = (): nn.Tensor => nn.sum(nn.mul(mha.apply([q, v, k], opts) as nn.Tensor, r));
    const tape = new nn.GradientTape();
    const L = tape.record(loss);
    const g = tape.gradient(L, vars);
    const eps = 1e-2;
    for (const [i, w] of vars.entries()) {
      const base = Float32Array.from(w.dataSync() as Float32Array);
      const ga = g[i]!.dataSync();
      for (let j = 0; j < base.length; j++) {
        const at = (d: number): number => {
          const p = base.slice();
          p[j] = base[j]! + d;
          w.assign(nn.tensor(p, w.shape));
          return nn.tidy(() => loss().dataSync()[0]!);
        };
        const num = (at(eps) - at(-eps)) / (2 * eps);
        w.assign(nn.tensor(base, w.shape));
        expect(Math.abs(num - ga[j]!), `${w.name}[${j}]`).toBeLessThan(2e-3 + 1e-2 * Math.abs(num));
      }
    }
  });

  test('in a Functional model: shapes, summary parameter count as Keras counts, round trip', () => {
    const q = nn.input({ shape: [5, 6] });
    const v = nn.input({ shape: [4, 3] });
    const mha = nn.layers.multiHeadAttention({
      numHeads: 3,
      keyDim: 4,
      valueDim: 2,
      outputShape: 7,
    });
    const y = mha.apply([q, v]) as nn.SymbolicTensor;
    expect(y.shape).toEqual([null, 5, 7]);
    const model = nn.model({ inputs: [q, v], outputs: y });
    // Keras: query 6*3*4+12, key 3*3*4+12, value 3*3*2+6, output 3*2*7+7
    expect(mha.countParams()).toBe(84 + 48 + 24 + 49);
    const lines: string[] = [];
    model.summary((l) => lines.push(l));
    expect(lines.join('\n')).toMatch(/MultiHeadAttention.*205/);
    const again = nn.layers.deserializeLayer(nn.layers.serialize(mha));
    expect(again.getConfig()).toEqual({ ...mha.getConfig(), name: mha.name });
    expect(mha.getConfig()).toMatchObject({
      numHeads: 3,
      keyDim: 4,
      valueDim: 2,
      outputShape: [7],
      dropout: 0,
      useBias: true,
    });
    expect(() => mha.apply([q, v], { useCausalMask: true })).toThrow(/call options/);
  });

  test("a Functional model with attention saves and loads in Neurite's own format", async () => {
    const x = nn.input({ shape: [4, 3] });
    const a = nn.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, dropout: 0.1, seed: 1 });
    const y = nn.layers.dense({ units: 1 }).apply(a.apply([x, x]) as nn.SymbolicTensor);
    const model = nn.model({ inputs: x, outputs: y });
    const dir = mkdtempSync(join(tmpdir(), 'neurite-mha-'));
    try {
      await model.save(`file://${dir}`);
      const back = await nn.loadModel(`file://${dir}`);
      const xs = nn.randomNormal([2, 4, 3], 0, 1, 'float32', 11);
      const want = model.predict(xs).dataSync();
      expect(maxDiff(back.predict(xs).dataSync(), want)).toBe(0);
      // (TF.js files spell GlorotUniform as its VarianceScaling form, so initializers differ.)
      const { kernelInitializer: _k, ...rest } = a.getConfig();
      expect(
        back.layers.find((l) => l.className === 'MultiHeadAttention')?.getConfig(),
      ).toMatchObject(rest);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('clear errors for bad configs and inputs', () => {
    expect(() => nn.layers.multiHeadAttention({ numHeads: 0, keyDim: 2 })).toThrow(
      /numHeads must be a positive integer, received 0/,
    );
    expect(() => nn.layers.multiHeadAttention({ numHeads: 2, keyDim: 2.5 })).toThrow(
      /keyDim must be a positive integer/,
    );
    expect(() => nn.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, dropout: 1 })).toThrow(
      /dropout must be a number in \[0, 1\)/,
    );
    expect(() =>
      nn.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, attentionAxes: [1, 2] }),
    ).toThrow(/attentionAxes \[1,2\] is not supported/);
    expect(() => nn.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, useGate: true })).toThrow(
      /useGate/,
    );
    const mha = nn.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, name: 'att' });
    expect(() => mha.apply(nn.ones([1, 2, 3]))).toThrow(
      /'att': expected inputs \[query, value\] or \[query, value, key\], received 1 input/,
    );
    expect(() => mha.apply([nn.ones([1, 2, 3]), nn.ones([1, 3])])).toThrow(
      /value must be \[batch, seq, features\]/,
    );
    expect(() => mha.apply([nn.ones([1, 2, 3]), nn.ones([1, 3, 3]), nn.ones([1, 4, 3])])).toThrow(
      /value and key must have the same sequence length/,
    );
    mha.apply([nn.ones([1, 2, 3]), nn.ones([1, 3, 3])]);
    expect(() =>
      mha.apply([nn.ones([1, 2, 3]), nn.ones([1, 3, 3])], { attentionMask: nn.ones([1, 3, 2]) }),
    ).toThrow(/attentionMask must be \[batch, 2, 3\]/);
    expect(() => mha.apply([nn.ones([1, 2, 4]), nn.ones([1, 3, 3])])).toThrow(
      /query input has 4 features, the layer was built for 3/,
    );
  });
});

interface MhaFixture {
  keras: string;
  inputs: number[][][][];
  outputs: number[][][][];
  weights: unknown[];
  causal: { output: number[][][]; scores: number[][][][] };
  masked: { mask: number[][][]; output: number[][][] };
  empty_row: {
    mask: number[][][];
    output: number[][][];
    output_with_scores: number[][][];
    scores: number[][][][];
  };
}

describe('multiHeadAttention against real Keras 3', () => {
  test("the same weights give Keras's outputs: plain, causal (with scores) and masked", () => {
    const fx = JSON.parse(
      readFileSync('test/fixtures/keras-made/misc/mha.json', 'utf8'),
    ) as MhaFixture;
    expect(fx.keras).toMatch(/^3\./);
    const q = nn.input({ shape: [5, 6] });
    const v = nn.input({ shape: [4, 3] });
    const mha = nn.layers.multiHeadAttention({
      numHeads: 3,
      keyDim: 4,
      valueDim: 2,
      outputShape: 7,
    });
    const head = nn.layers.dense({ units: 2 });
    const model = nn.model({
      inputs: [q, v],
      outputs: head.apply(mha.apply([q, v]) as nn.SymbolicTensor),
    });
    model.setWeights(fx.weights.map((w) => nn.tensor(w as number[])));
    const [xq, xv] = fx.inputs.map((x) => nn.tensor(x));
    const y = model.predict([xq!, xv!]);
    expect(maxDiff(y.dataSync(), fx.outputs[0]!.flat(3))).toBeLessThan(1e-5);
    const [yc, sc] = mha.apply([xq!, xv!], {
      useCausalMask: true,
      returnAttentionScores: true,
    }) as nn.Tensor[];
    expect(maxDiff(yc!.dataSync(), fx.causal.output.flat(3))).toBeLessThan(1e-5);
    expect(maxDiff(sc!.dataSync(), fx.causal.scores.flat(4))).toBeLessThan(1e-6);
    const ym = mha.apply([xq!, xv!], { attentionMask: nn.tensor(fx.masked.mask) }) as nn.Tensor;
    expect(maxDiff(ym.dataSync(), fx.masked.output.flat(3))).toBeLessThan(1e-5);
    // A fully masked query row: uniform average without scores, zeros with them (as Keras).
    const empty = nn.tensor(fx.empty_row.mask);
    const ye = mha.apply([xq!, xv!], { attentionMask: empty }) as nn.Tensor;
    expect(maxDiff(ye.dataSync(), fx.empty_row.output.flat(3))).toBeLessThan(1e-5);
    const [ye2, se] = mha.apply([xq!, xv!], {
      attentionMask: empty,
      returnAttentionScores: true,
    }) as nn.Tensor[];
    expect(maxDiff(ye2!.dataSync(), fx.empty_row.output_with_scores.flat(3))).toBeLessThan(1e-5);
    expect(maxDiff(se!.dataSync(), fx.empty_row.scores.flat(4))).toBeLessThan(1e-6);
    expect(mha.kerasWeightPaths).toEqual([
      'query_dense/vars/0',
      'query_dense/vars/1',
      'key_dense/vars/0',
      'key_dense/vars/1',
      'value_dense/vars/0',
      'value_dense/vars/1',
      'output_dense/vars/0',
      'output_dense/vars/1',
    ]);
  });
});
