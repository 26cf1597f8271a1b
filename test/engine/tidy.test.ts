import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { expectTensor } from '../helpers/expect-close.js';

const live = () => nn.memory().numTensors;

describe('tidy', () => {
  test('disposes intermediates and keeps the returned tensor', () => {
    const before = live();
    let inner: nn.Tensor | undefined;
    const y = nn.tidy(() => {
      inner = nn.mul(nn.tensor([1, 2]), 3);
      return nn.add(inner, 1);
    });
    expect(inner!.isDisposed).toBe(true);
    expectTensor(y, [4, 7]);
    expect(live()).toBe(before + 1);
    y.dispose();
    expect(live()).toBe(before);
  });

  test('keeps tensors nested in arrays and plain objects', () => {
    const before = live();
    const out = nn.tidy(() => {
      const a = nn.tensor([1]);
      nn.tensor([2]); // dropped
      return { a, list: [nn.tensor([3]), { deep: nn.tensor([4]) }], n: 5, s: 'x' };
    });
    expect(live()).toBe(before + 3);
    expectTensor(out.a, [1]);
    const deep = (out.list[1] as { deep: nn.Tensor }).deep;
    expectTensor(deep, [4]);
    nn.dispose(out);
    expect(live()).toBe(before);
  });

  test('nested tidies hand returned tensors to the enclosing scope', () => {
    const before = live();
    let fromInner: nn.Tensor | undefined;
    nn.tidy(() => {
      fromInner = nn.tidy(() => nn.tensor([1]));
      expect(fromInner.isDisposed).toBe(false);
      return undefined;
    });
    expect(fromInner!.isDisposed).toBe(true);
    expect(live()).toBe(before);
  });

  test('keep exempts a tensor from every enclosing tidy', () => {
    const before = live();
    let kept: nn.Tensor | undefined;
    nn.tidy(() => {
      nn.tidy(() => {
        kept = nn.keep(nn.tensor([9]));
      });
    });
    expectTensor(kept!, [9]);
    expect(live()).toBe(before + 1);
    kept!.dispose();
  });

  test('a throwing function still disposes what it made', () => {
    const before = live();
    expect(() =>
      nn.tidy(() => {
        nn.tensor([1, 2, 3]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(live()).toBe(before);
  });

  test('named form and refusal of async functions', () => {
    expectTensor(
      nn.tidy('named', () => nn.scalar(1)),
      1,
    );
    const before = live();
    const asyncFn: unknown = () => Promise.resolve(nn.scalar(1));
    expect(() => nn.tidy(asyncFn as () => nn.Tensor)).toThrow(
      'tidy: the function must be synchronous (it returned a Promise)',
    );
    // What it made before returning is still cleaned up.
    expect(live()).toBe(before);
  });

  test('tensors created before the tidy are untouched, even if returned', () => {
    const outer = nn.tensor([1]);
    const r = nn.tidy(() => {
      nn.add(outer, 1);
      return outer;
    });
    expect(r).toBe(outer);
    expect(outer.isDisposed).toBe(false);
  });
});

describe('dispose and memory', () => {
  test('memory counts tensors and the bytes of their buffers', () => {
    const m0 = nn.memory();
    const f = nn.zeros([10]); // 40 bytes
    const i = nn.zeros([3], 'int32'); // 12 bytes
    const b = nn.zeros([5], 'bool'); // 5 bytes
    const m1 = nn.memory();
    expect(m1.numTensors - m0.numTensors).toBe(3);
    expect(m1.numBytes - m0.numBytes).toBe(57);
    // A reshape shares the buffer: one more tensor, no more bytes.
    const r = nn.reshape(f, [2, 5]);
    expect(nn.memory().numTensors - m0.numTensors).toBe(4);
    expect(nn.memory().numBytes - m0.numBytes).toBe(57);
    f.dispose();
    expect(nn.memory().numBytes - m0.numBytes).toBe(57); // r still holds the buffer
    r.dispose();
    expect(nn.memory().numBytes - m0.numBytes).toBe(17);
    nn.dispose([i, { b }]);
    expect(nn.memory().numTensors).toBe(m0.numTensors);
    expect(nn.memory().numBytes).toBe(m0.numBytes);
  });

  test('using a disposed tensor throws a DisposedError naming the op', () => {
    const t = nn.tensor([[1, 2]]);
    t.dispose();
    const cases: [string, () => unknown][] = [
      ['matMul', () => nn.matMul(t, nn.ones([2, 1]))],
      ['relu', () => nn.relu(t)],
      ['sum', () => nn.sum(t)],
      ['reshape', () => nn.reshape(t, [2])],
      ['concat', () => nn.concat([t, t])],
      ['softmax', () => nn.softmax(t)],
      ['where', () => nn.where(nn.tensor([true]), t, 0)],
      ['cast', () => nn.cast(t, 'int32')],
      ['gather', () => nn.gather(t, [0])],
    ];
    for (const [op, f] of cases) {
      expect(f, op).toThrow(nn.DisposedError);
      expect(f, op).toThrow(
        new RegExp(`^${op}\\b.*tensor \\d+ \\(shape \\[1,2\\], float32\\) was disposed`),
      );
    }
    expect(() => t.add(1)).toThrow(/^add/);
  });

  test('a variable disposed explicitly is gone', () => {
    const before = live();
    const v = nn.variable([1]); // the temporary tensor of [1] is freed
    expect(live()).toBe(before + 1);
    v.dispose();
    expect(live()).toBe(before);
    expect(() => v.assign(nn.tensor([2]))).toThrow(nn.DisposedError);
  });
});

describe('tapes and memory', () => {
  test('tape-saved tensors survive the caller disposing the originals', () => {
    const x = nn.tensor([1, 2, 3]);
    const tape = new nn.GradientTape();
    tape.watch(x);
    let h: nn.Tensor | undefined;
    const loss = tape.record(() =>
      nn.tidy(() => {
        h = nn.exp(x);
        return nn.sum(nn.mul(h, h));
      }),
    );
    expect(h!.isDisposed).toBe(true);
    x.dispose();
    // d/dx Σ e^{2x} = 2e^{2x}
    expectTensor(
      tape.gradient(loss, x),
      [1, 2, 3].map((v) => 2 * Math.exp(2 * v)),
      {
        rtol: 1e-5,
      },
    );
  });

  test('a training step in tidy leaks nothing, tape included', () => {
    const w = nn.variable(nn.tensor([[0.5], [-0.5]]), true, 'mem_w');
    const x = nn.tensor([
      [1, 2],
      [3, 4],
    ]);
    const step = () =>
      nn.tidy(() => {
        const tape = new nn.GradientTape();
        const loss = tape.record(() => nn.mean(nn.square(nn.matMul(x, w))));
        const g = tape.gradient(loss, w);
        w.assign(nn.sub(w, nn.mul(g, 0.01)));
      });
    step();
    const m = nn.memory();
    for (let i = 0; i < 5; i++) step();
    expect(nn.memory().numTensors).toBe(m.numTensors);
    expect(nn.memory().numBytes).toBe(m.numBytes);
  });

  test('grad and valueAndGrads leave only what they return', () => {
    const x = nn.tensor([1, 2]);
    const before = live();
    const g = nn.grad((t) => nn.sum(nn.square(nn.exp(t))))(x);
    expect(live()).toBe(before + 1);
    const r = nn.valueAndGrads((a, b) => nn.sum(nn.mul(a, b)))([x, x]);
    expect(live()).toBe(before + 4);
    nn.dispose([g, r.value, ...r.grads]);
    expect(live()).toBe(before);
  });

  test('disposing a persistent tape frees what it saved', () => {
    const x = nn.tensor([1, 2]);
    const bytes = nn.memory().numBytes;
    const tape = new nn.GradientTape({ persistent: true });
    tape.watch(x);
    const y = tape.record(() => nn.tidy(() => nn.sum(nn.exp(nn.mul(x, 2)))));
    y.dispose();
    // The intermediates' buffers stay alive for the tape...
    expect(nn.memory().numBytes).toBeGreaterThan(bytes);
    tape.dispose();
    // ...until it is disposed.
    expect(nn.memory().numBytes).toBe(bytes);
  });
});
