/**
 * Steps that a static plan cannot replay: `jitCompile: 'auto'` runs them eagerly after one
 * console warning naming the reason (with the eager results), `true` refuses them with an
 * error, `false` never records.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import * as nn from 'neurite';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A subclassed model whose `call` runs `body` around one dense layer. */
function subclassed(body: (h: nn.Tensor, self: { calls: number }) => nn.Tensor): nn.Model {
  class Net extends nn.Model {
    dense = nn.layers.dense({ units: 3, activation: 'softmax' });
    calls = 0;
    override call(x: nn.Tensor, opts?: nn.CallOptions): nn.Tensor {
      this.calls++;
      return this.dense.apply(body(x, this), opts);
    }
  }
  const m = new Net();
  m.build([null, 4]);
  return m;
}

const x = () => nn.randomUniform([64, 4], 0, 1, 'float32', 1);
const y = () => nn.cast(nn.mul(nn.randomUniform([64], 0, 1, 'float32', 2), 2.999), 'int32');

async function fitWith(m: nn.Model, jitCompile: 'auto' | boolean): Promise<string> {
  m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', jitCompile });
  nn.setSeed(3);
  const h = await m.fit(x(), y(), { batchSize: 16, epochs: 3, verbose: 0 });
  return JSON.stringify(h.history);
}

const CASES = [
  {
    what: 'data-dependent control flow (dataSync in call)',
    body: (h: nn.Tensor) => (h.dataSync()[0]! > 0.5 ? nn.relu(h) : nn.tanh(h)),
    reason: /reads tensor values on the host \(dataSync or similar\) \(at .*fallback\.test\.ts/,
  },
  {
    what: 'control flow on JavaScript state',
    body: (h: nn.Tensor, self: { calls: number }) =>
      self.calls % 2 === 0 ? nn.relu(h) : nn.tanh(h),
    reason:
      /two runs with the same input shapes differ \(kernel call \d+ was unary the first time and unary the second\)|two runs with the same input shapes differ/,
  },
  {
    what: 'random numbers from a random op the recorder does not replay',
    body: (h: nn.Tensor) => nn.add(h, nn.randomUniform(h.shape, 0, 0.1)),
    reason: /draws random numbers outside a random op the recorder knows/,
  },
];

describe('jitCompile fallback', () => {
  for (const c of CASES) {
    test(`'auto' warns once and runs eagerly: ${c.what}`, async () => {
      nn.setSeed(5);
      const eager = await fitWith(subclassed(c.body), false);
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      nn.setSeed(5);
      const m = subclassed(c.body);
      const auto = await fitWith(m, 'auto');
      expect(warn).toHaveBeenCalledTimes(1);
      const message = String(warn.mock.calls[0]![0]);
      expect(message).toMatch(
        /^train step: jitCompile 'auto': running eagerly from now on, because /,
      );
      expect(message).toMatch(c.reason);
      expect(m.compiled!.jit.train.eagerReason).toMatch(c.reason);
      expect(m.compiled!.jit.train.replays).toBe(0);
      // The eager fallback computes what eager execution computes.
      expect(auto).toEqual(eager);
    });

    test(`true refuses it with an error: ${c.what}`, async () => {
      nn.setSeed(5);
      const m = subclassed(c.body);
      await expect(fitWith(m, true)).rejects.toThrow(
        /^train step: jitCompile is true, but the step cannot be compiled: .*Compile with jitCompile: 'auto' to fall back to eager execution, or false$/,
      );
    });
  }

  test('false never records; a static subclassed call compiles under true', async () => {
    nn.setSeed(5);
    const off = subclassed((h) => nn.relu(h));
    await fitWith(off, false);
    expect(off.compiled!.jit.train.replays).toBe(0);
    nn.setSeed(5);
    const on = subclassed((h) => nn.relu(h));
    await fitWith(on, true);
    expect(on.compiled!.jit.train.replays).toBe(3 * 4 - 2);
    expect(on.compiled!.jit.train.eagerReason).toBeNull();
  });

  test('a label out of range is still refused at a replay, as eagerly', () => {
    const m = subclassed((h) => h);
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', jitCompile: true });
    const xb = x().slice([0, 0], [8, 4]);
    const good = nn.tensor([0, 1, 2, 0, 1, 2, 0, 1], [8], 'int32');
    for (let i = 0; i < 3; i++) m.trainOnBatch(xb, good);
    expect(m.compiled!.jit.train.replays).toBe(1);
    const bad = nn.tensor([0, 1, 2, 3, 1, 2, 0, 1], [8], 'int32');
    expect(() => m.trainOnBatch(xb, bad)).toThrow(/label 3 \(element 3 of yTrue\) is out of range/);
    expect(m.compiled!.jit.train.replays).toBe(2);
    // The plan is intact afterwards.
    m.trainOnBatch(xb, good);
    expect(m.compiled!.jit.train.replays).toBe(3);
  });

  test('compile refuses a jitCompile that is not auto, true or false', () => {
    const m = subclassed((h) => h);
    expect(() =>
      m.compile({ optimizer: 'sgd', loss: 'mse', jitCompile: 'yes' as unknown as boolean }),
    ).toThrow("compile: jitCompile must be 'auto', true or false, received the string 'yes'");
  });
});
