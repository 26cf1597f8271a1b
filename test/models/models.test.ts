import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

function chapterSequential(): nn.Sequential {
  return nn.sequential({
    layers: [
      nn.layers.flatten({ inputShape: [28, 28] }),
      nn.layers.dense({ units: 128, activation: 'relu' }),
      nn.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

describe('the three ways to build a model', () => {
  test('Sequential, Functional and subclassed give the same outputs for the same weights', () => {
    nn.setSeed(4);
    const seq = nn.sequential({
      layers: [
        nn.layers.dense({ units: 16, activation: 'relu', inputShape: [8] }),
        nn.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    const inp = nn.input({ shape: [8] });
    const h = nn.layers.dense({ units: 16, activation: 'relu' }).apply(inp);
    const out = nn.layers.dense({ units: 3, activation: 'softmax' }).apply(h);
    const fun = nn.model({ inputs: inp, outputs: out });
    class Net extends nn.Model {
      hidden = nn.layers.dense({ units: 16, activation: 'relu' });
      head = nn.layers.dense({ units: 3, activation: 'softmax' });
      override call(x: nn.Tensor, opts?: nn.CallOptions): nn.Tensor {
        return this.head.apply(this.hidden.apply(x, opts), opts);
      }
    }
    const sub = new Net();
    const x = nn.randomNormal([5, 8], 0, 1, 'float32', 2);
    sub.apply(x); // builds the subclassed model's weights
    fun.setWeights(seq.getWeights());
    sub.setWeights(seq.getWeights());
    const ys = seq.predict(x).arraySync();
    expect(fun.predict(x).arraySync()).toEqual(ys);
    expect(sub.predict(x).arraySync()).toEqual(ys);
    expect([seq.countParams(), fun.countParams(), sub.countParams()]).toEqual([
      8 * 16 + 16 + 16 * 3 + 3,
      195,
      195,
    ]);
    expect(sub.layers.map((l) => l.className)).toEqual(['Dense', 'Dense']);
  });

  test("the chapter's Flatten → Dense(128) → Dense(10) has Keras's 101,770 parameters and summary", () => {
    const m = chapterSequential();
    expect(m.countParams()).toBe(101770);
    const lines: string[] = [];
    m.summary((l) => lines.push(l));
    const text = lines.join('\n');
    expect(lines[0]).toMatch(/^Model: "sequential(_\d+)?"$/);
    expect(text).toMatch(/│ flatten(_\d+)? \(Flatten\) +│ \(None, 784\) +│ +0 │/);
    expect(text).toMatch(/│ dense(_\d+)? \(Dense\) +│ \(None, 128\) +│ +100,480 │/);
    expect(text).toMatch(/│ dense(_\d+)? \(Dense\) +│ \(None, 10\) +│ +1,290 │/);
    expect(text).toContain(' Total params: 101,770 (397.54 KB)');
    expect(text).toContain(' Trainable params: 101,770 (397.54 KB)');
    expect(text).toContain(' Non-trainable params: 0 (0.00 B)');
    expect(lines.every((l) => l.length === lines[1]!.length || !/^[┏┃┡│├└]/.test(l))).toBe(true);
  });
});

describe('Sequential', () => {
  test('builds on first call when no inputShape is given, and summary before that says what to do', () => {
    const m = nn.sequential();
    m.add(nn.layers.dense({ units: 4 }));
    expect(() => m.summary(() => {})).toThrow(/has not been built yet.*inputShape/);
    const y = m.apply(nn.ones([2, 3]));
    expect(y.shape).toEqual([2, 4]);
    expect(m.countParams()).toBe(16);
    expect(() => m.apply(nn.ones([2, 5]))).toThrow(
      /expected input shape \[null,3\], received \[2,5\]/,
    );
  });
  test('shape errors show at add() time when the input shape is known; duplicate names refused', () => {
    const m = nn.sequential({
      layers: [nn.layers.reshape({ targetShape: [4], inputShape: [2, 2] })],
    });
    expect(() => m.add(nn.layers.reshape({ targetShape: [3] }))).toThrow(
      /cannot reshape input \[null,4\]/,
    );
    const m2 = nn.sequential({
      layers: [nn.layers.dense({ units: 2, inputShape: [2], name: 'same' })],
    });
    expect(() => m2.add(nn.layers.dense({ units: 2, name: 'same' }))).toThrow(
      /a layer named 'same' is already in the model/,
    );
  });
  test('an inputLayer first, getLayer, pop', () => {
    const m = nn.sequential({
      layers: [
        nn.layers.inputLayer({ inputShape: [3] }),
        nn.layers.dense({ units: 2, name: 'dd1' }),
        nn.layers.dense({ units: 1, name: 'dd2' }),
      ],
    });
    expect(m.layers.map((l) => l.name)).toEqual(['dd1', 'dd2']);
    expect(m.getLayer('dd2')).toBe(m.layers[1]);
    expect(m.getLayer(0).name).toBe('dd1');
    expect(() => m.getLayer('nope')).toThrow(/no layer named 'nope' \(layers: dd1, dd2\)/);
    m.pop();
    expect(m.apply(nn.ones([1, 3])).shape).toEqual([1, 2]);
  });
});

describe('Functional', () => {
  test('two inputs, two outputs, a shared layer and a model used as a layer', () => {
    nn.setSeed(5);
    const a = nn.input({ shape: [4], name: 'in_a' });
    const b = nn.input({ shape: [4], name: 'in_b' });
    const shared = nn.layers.dense({ units: 3, activation: 'tanh', name: 'shared' });
    const ha = shared.apply(a);
    const hb = shared.apply(b);
    const merged = nn.layers.concatenate().apply([ha, hb]) as nn.SymbolicTensor;
    const out1 = nn.layers.dense({ units: 1, name: 'out1' }).apply(merged);
    const out2 = nn.layers.dense({ units: 2, name: 'out2' }).apply(hb);
    const m = nn.model({ inputs: [a, b], outputs: [out1, out2] });
    expect(m.countParams()).toBe(4 * 3 + 3 + 6 + 1 + 3 * 2 + 2);
    const xa = nn.randomNormal([2, 4], 0, 1, 'float32', 1);
    const xb = nn.randomNormal([2, 4], 0, 1, 'float32', 2);
    const [y1, y2] = m.apply([xa, xb]) as nn.Tensor[];
    expect(y1!.shape).toEqual([2, 1]);
    expect(y2!.shape).toEqual([2, 2]);
    // The same computation by hand with the shared weights.
    const [k, bias] = shared.getWeights();
    const h1 = nn.tanh(nn.add(nn.matMul(xa, k!), bias!));
    const h2 = nn.tanh(nn.add(nn.matMul(xb, k!), bias!));
    const [k1, b1] = m.getLayer('out1').getWeights();
    const want = nn.add(nn.matMul(nn.concat([h1, h2], 1), k1!), b1!).dataSync();
    [...y1!.dataSync()].forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));

    // Use the whole model as a layer inside another model.
    const c = nn.input({ shape: [4] });
    const d = nn.input({ shape: [4] });
    const [o1] = m.apply([c, d]) as nn.SymbolicTensor[];
    const outer = nn.model({ inputs: [c, d], outputs: o1! });
    expect(outer.countParams()).toBe(m.countParams());
    expect((outer.apply([xa, xb]) as nn.Tensor).arraySync()).toEqual(y1!.arraySync());
    const lines: string[] = [];
    m.summary((l) => lines.push(l));
    expect(lines.join('\n')).toContain('Connected to');
    expect(lines.join('\n')).toMatch(
      /concatenate(_\d+)? \(Concatenate\).*shared\[0\]\[0\], shared\[1\]\[0\]/,
    );
  });
  test('bad graphs: an input that is not in inputs, wrong input shape', () => {
    const a = nn.input({ shape: [2] });
    const b = nn.input({ shape: [2] });
    const s = nn.layers.add().apply([a, b]) as nn.SymbolicTensor;
    expect(() => nn.model({ inputs: a, outputs: s })).toThrow(
      /depend on input .* which is not in inputs/,
    );
    const m = nn.model({ inputs: [a, b], outputs: s });
    expect(() => m.apply([nn.ones([1, 3]), nn.ones([1, 2])])).toThrow(
      /input 0 .* expects shape \[null,2\], received \[1,3\]/,
    );
  });
});

describe('subclassed models', () => {
  test('layers in properties and arrays are tracked; build() creates weights; training flag reaches layers', () => {
    class Mlp extends nn.Model {
      blocks = [
        nn.layers.dense({ units: 5, activation: 'relu' }),
        nn.layers.dense({ units: 5, activation: 'relu' }),
      ];
      drop = nn.layers.dropout({ rate: 0.5, seed: 1 });
      head = nn.layers.dense({ units: 2 });
      override call(x: nn.Tensor, opts?: nn.CallOptions): nn.Tensor {
        let h = x;
        for (const b of this.blocks) h = b.apply(h, opts);
        return this.head.apply(this.drop.apply(h, opts), opts);
      }
    }
    const m = new Mlp();
    expect(m.name).toMatch(/^mlp(_\d+)?$/);
    m.build([null, 3]);
    expect(m.countParams()).toBe(3 * 5 + 5 + 5 * 5 + 5 + 5 * 2 + 2);
    expect(m.layers.length).toBe(4);
    const x = nn.ones([4, 3]);
    expect(m.apply(x).arraySync()).toEqual(m.apply(x).arraySync());
    m.trainable = false;
    expect(m.trainableWeights.length).toBe(0);
    expect(m.nonTrainableWeights.length).toBe(6);
  });
  test('a model without call says how to fix it', () => {
    const m = new nn.Model();
    expect(() => m.apply(nn.ones([1, 2]))).toThrow(/must implement call/);
  });
});
