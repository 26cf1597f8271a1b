import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend, gradCheck, smoothValues } from '../helpers/grad-check.js';
import { expectTensor } from '../helpers/expect-close.js';

describeEachBackend('TF.js-style gradient functions', (backend) => {
  test('grad: d/dx Σx³ = 3x²', () => {
    const g = nn.grad((x) => nn.sum(nn.pow(x, 3)))(nn.tensor([1, -2, 0.5]));
    expectTensor(g, [3, 12, 0.75]);
  });

  test('grad with dy for a non-scalar output', () => {
    const g = nn.grad((x) => nn.square(x))(nn.tensor([1, 2, 3]), nn.tensor([1, 0.5, -1]));
    expectTensor(g, [2, 2, -6]);
  });

  test('a non-scalar output without dy is refused with a hint', () => {
    expect(() => nn.grad((x) => nn.square(x))(nn.tensor([1, 2]))).toThrow(nn.ValueError);
    expect(() => nn.grad((x) => nn.square(x))(nn.tensor([1, 2]))).toThrow(
      'grad: the function returned shape [2]; pass dy for a non-scalar output, or reduce it (e.g. nn.sum)',
    );
    expect(() => nn.grad((x) => nn.square(x))(nn.tensor([1, 2]), nn.tensor([1, 2, 3]))).toThrow(
      /output gradient has shape \[3\], the target \[2\]/,
    );
  });

  test('grads: one gradient per argument, in order', () => {
    const [ga, gb] = nn.grads((a, b) => nn.sum(nn.mul(nn.square(a), b)))([
      nn.tensor([1, 2]),
      nn.tensor([3, 4]),
    ]);
    expectTensor(ga!, [6, 16]); // 2ab
    expectTensor(gb!, [1, 4]); // a²
  });

  test('valueAndGrad and valueAndGrads return the value too', () => {
    const { value, grad } = nn.valueAndGrad((x) => nn.sum(nn.exp(x)))(nn.tensor([0, 1]));
    expectTensor(value, 1 + Math.E);
    expectTensor(grad, [1, Math.E]);
    const r = nn.valueAndGrads((a, b) => nn.sum(nn.sub(a, b)))([nn.tensor([5]), nn.tensor([2])]);
    expectTensor(r.value, 3);
    expectTensor(r.grads[0]!, [1]);
    expectTensor(r.grads[1]!, [-1]);
  });

  test('an argument the function ignores gets zeros; a returned input is not disposed', () => {
    const [ga, gb] = nn.grads((a) => nn.sum(a))([nn.tensor([1, 2]), nn.tensor([[3]])]);
    expectTensor(ga!, [1, 1]);
    expectTensor(gb!, [[0]]);
    const x = nn.scalar(3);
    expectTensor(nn.grad((t) => t)(x), 1);
    expect(x.isDisposed).toBe(false);
    const c = nn.scalar(2);
    expectTensor(nn.grad(() => c)(x), 0);
    expect(c.isDisposed).toBe(false);
  });

  test('each returned gradient is its own tensor, even when one rule serves several', () => {
    // add's rule hands the same dy to both operands.
    const g = nn.grads((a, b) => nn.sum(nn.add(a, b)))([nn.tensor([1]), nn.tensor([2])]);
    expect(g[0]).not.toBe(g[1]);
    g[0]!.dispose();
    expectTensor(g[1]!, [1]);
    const dy = nn.tensor([1, 1]);
    const h = nn.grad((x) => nn.add(x, 1))(nn.tensor([0, 0]), dy);
    h.dispose();
    expectTensor(dy, [1, 1]);
  });

  test('a variable used twice accumulates both paths', () => {
    const w = nn.variable(nn.tensor([2, -1]), true, `twice_${backend}`);
    const { grads } = nn.variableGrads(() => nn.sum(nn.add(nn.mul(w, w), w)));
    expectTensor(grads[`twice_${backend}`]!, [5, -1]); // 2w + 1
    const g = nn.grad((x) => nn.sum(nn.mul(nn.add(x, x), x)))(nn.tensor([1.5]));
    expectTensor(g, [6]); // d/dx 2x² = 4x
  });

  test('gradients through reshape, slice, concat and gather together', () => {
    const f = (x: nn.Tensor) => {
      const m = nn.reshape(x, [3, 4]);
      const top = nn.slice(m, [0, 1], [2, 3]);
      const rows = nn.gather(m, [2, 0, 2]);
      return nn.concat([nn.reshape(top, [3, 2]), nn.slice(rows, [0, 0], [3, 2])], 1);
    };
    gradCheck(f, [smoothValues([12], { seed: 111 })]);
    // Every use of an element adds 1: count them by hand.
    const g = nn.grad((x) => nn.sum(f(x)))(nn.zeros([12]));
    expectTensor(g, [1, 2, 1, 1, 0, 1, 1, 1, 2, 2, 0, 0]);
  });
});

describeEachBackend('variableGrads', (backend) => {
  // Variable names are global: suffix them so each backend's run gets the plain names.
  const id = (base: string) => `${base}_${backend}`;
  test('keyed by variable name; default: the trainable variables read', () => {
    const w = nn.variable(
      nn.tensor([
        [1, 2],
        [3, 4],
      ]),
      true,
      id('vg_w'),
    );
    const b = nn.variable(nn.tensor([0.5, -0.5]), true, id('vg_b'));
    const frozen = nn.variable(nn.tensor([1, 1]), false, id('vg_frozen'));
    nn.variable(nn.tensor([9]), true, id('vg_unused'));
    const x = nn.tensor([[1, -1]]);
    const { value, grads } = nn.variableGrads(() =>
      nn.sum(nn.mul(nn.add(nn.matMul(x, w), b), frozen)),
    );
    expectTensor(value, 1 - 3 + (2 - 4) + 0);
    expect(Object.keys(grads).sort()).toEqual([id('vg_b'), id('vg_w')]);
    expectTensor(grads[id('vg_w')]!, [
      [1, 1],
      [-1, -1],
    ]);
    expectTensor(grads[id('vg_b')]!, [1, 1]);
  });

  test('an explicit varList, including a non-trainable variable', () => {
    const a = nn.variable(nn.tensor([2]), true, id('vg_a'));
    const c = nn.variable(nn.tensor([3]), false, id('vg_c'));
    const { grads } = nn.variableGrads(() => nn.sum(nn.mul(a, c)), [c]);
    expect(Object.keys(grads)).toEqual([id('vg_c')]);
    expectTensor(grads[id('vg_c')]!, [2]);
  });

  test('errors', () => {
    expect(() => nn.variableGrads(() => nn.sum(nn.tensor([1])))).toThrow(
      /variableGrads: f does not read any trainable variable/,
    );
    const v = nn.variable(nn.tensor([1, 2]), true, id('vg_vec'));
    expect(() => nn.variableGrads(() => nn.mul(v, 2))).toThrow(
      /variableGrads: the function returned shape \[2\]/,
    );
    expect(() => nn.variableGrads(() => nn.sum(v), [nn.tensor([1]) as nn.Variable])).toThrow(
      'variableGrads: varList must hold Variables',
    );
  });
});

describeEachBackend('GradientTape', () => {
  const w = () => nn.variable(nn.tensor([1, 2, 3]), true);

  test('records ops on trainable variables; gradient of a tensor, an array, a record', () => {
    const v = w();
    const tape = new nn.GradientTape({ persistent: true });
    const loss = tape.record(() => nn.sum(nn.square(v)));
    expectTensor(tape.gradient(loss, v), [2, 4, 6]);
    const [g] = tape.gradient(loss, [v]);
    expectTensor(g!, [2, 4, 6]);
    const rec = tape.gradient(loss, { weights: v });
    expect(Object.keys(rec)).toEqual(['weights']);
    expectTensor(rec.weights!, [2, 4, 6]);
    tape.dispose();
  });

  test('watch tracks a plain tensor; unwatched tensors get zeros', () => {
    const x = nn.tensor([1, 2]);
    const y = nn.tensor([3, 4]);
    const tape = new nn.GradientTape();
    tape.watch(x);
    const loss = tape.record(() => nn.sum(nn.mul(x, y)));
    const [gx, gy] = tape.gradient(loss, [x, y]);
    expectTensor(gx!, [3, 4]);
    expectTensor(gy!, [0, 0]);
  });

  test('sources the target does not depend on get zeros of their shape', () => {
    const v = w();
    const other = nn.variable(nn.zeros([2, 2]), true);
    const tape = new nn.GradientTape();
    const loss = tape.record(() => {
      nn.mul(other, 2); // recorded, but not on the path to loss
      return nn.sum(v);
    });
    const [gv, go] = tape.gradient(loss, [v, other]);
    expectTensor(gv!, [1, 1, 1]);
    expectTensor(go!, [
      [0, 0],
      [0, 0],
    ]);
  });

  test('a non-persistent tape allows one gradient call', () => {
    const v = w();
    const tape = new nn.GradientTape();
    const loss = tape.record(() => nn.sum(v));
    tape.gradient(loss, v);
    expect(() => tape.gradient(loss, v)).toThrow(nn.NeuriteError);
    expect(() => tape.gradient(loss, v)).toThrow(
      'GradientTape.gradient: this tape was already used; create it with {persistent: true} to call gradient() more than once',
    );
    expect(() => tape.record(() => 0)).toThrow(/GradientTape.record: this tape was already used/);
  });

  test('a persistent tape allows several calls until disposed', () => {
    const v = w();
    const tape = new nn.GradientTape({ persistent: true });
    const { a, b } = tape.record(() => ({ a: nn.sum(nn.mul(v, 2)), b: nn.sum(nn.square(v)) }));
    expectTensor(tape.gradient(a, v), [2, 2, 2]);
    expectTensor(tape.gradient(b, v), [2, 4, 6]);
    tape.dispose();
    expect(() => tape.gradient(a, v)).toThrow(/already used/);
  });

  test('outputGradients seed the backward pass', () => {
    const v = w();
    const tape = new nn.GradientTape();
    const y = tape.record(() => nn.mul(v, v));
    expectTensor(tape.gradient(y, v, nn.tensor([1, 0, -1])), [2, 0, -6]);
  });

  test('watchAccessedVariables: false watches only what watch() names', () => {
    const v = w();
    const u = w();
    const tape = new nn.GradientTape({ watchAccessedVariables: false });
    tape.watch(u);
    const loss = tape.record(() => nn.sum(nn.mul(v, u)));
    expect(tape.watchedVariables()).toEqual([u]);
    const [gv, gu] = tape.gradient(loss, [v, u]);
    expectTensor(gv!, [0, 0, 0]);
    expectTensor(gu!, [1, 2, 3]);
  });

  test('watchedVariables lists trainable variables read, in first-use order', () => {
    const a = w();
    const b = w();
    const frozen = nn.variable(nn.tensor([1]), false);
    const tape = new nn.GradientTape();
    tape.record(() => nn.add(nn.add(b, a), nn.mul(frozen, b)));
    expect(tape.watchedVariables()).toEqual([b, a]);
    tape.dispose();
  });

  test('ops outside record() are not taped', () => {
    const v = w();
    const tape = new nn.GradientTape();
    const outside = nn.mul(v, 3);
    const loss = tape.record(() => nn.sum(nn.mul(outside, v)));
    // Only the direct use of v counts: d/dv Σ(c·v) = c = 3v.
    expectTensor(tape.gradient(loss, v), [3, 6, 9]);
  });

  test('int32 tensors are not differentiated', () => {
    const i = nn.tensor([1, 2], undefined, 'int32');
    const tape = new nn.GradientTape();
    tape.watch(i);
    const loss = tape.record(() => nn.sum(nn.mul(i, 2)));
    expectTensor(tape.gradient(loss, i), [0, 0], { dtype: 'int32' });
  });
});

describe('tape and gradient function bad input', () => {
  test('non-tensor sources and arguments are refused', () => {
    const tape = new nn.GradientTape();
    const v = nn.variable(nn.tensor([1]));
    const loss = tape.record(() => nn.sum(v));
    const bad: unknown = [1];
    expect(() => tape.gradient(loss, bad as nn.Tensor[])).toThrow(
      'GradientTape.gradient: every source must be a Tensor',
    );
    expect(() => nn.grad((x) => x)(bad as nn.Tensor)).toThrow('grad: argument 0 must be a Tensor');
  });
});
