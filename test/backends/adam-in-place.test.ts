/**
 * The Adam optimizer over backends that update its state in place: each step gives the
 * values of the unfused rule, a tensor sharing a variable's buffer keeps its old values,
 * and memory accounting stays exact.
 */
import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend } from '../helpers/each-backend.js';

describeEachBackend('Adam with in-place steps', () => {
  test('values, shared buffers and memory over several steps', () => {
    const w = nn.variable(nn.tensor([0.5, -1, 2, 0.25]), true, 'w_in_place');
    const before = w.dataSync().slice();
    const snapshot = nn.clone(w); // shares w's buffer: the first step must not write it
    const opt = nn.optimizers.adam({ learningRate: 0.1 });
    const m0 = nn.memory();
    // Reference: Adam by hand in float64, rounded to float32 each step as the ops round it
    // closely enough for a few steps.
    let [x, m, v] = [Array.from(before), [0, 0, 0, 0], [0, 0, 0, 0]];
    for (let t = 1; t <= 3; t++) {
      nn.tidy(() => {
        const { grads } = nn.variableGrads(() => nn.sum(nn.square(w)), [w]);
        opt.applyGradients([[grads[w.name]!, w]]);
      });
      const g = x.map((xi) => 2 * xi);
      m = m.map((mi, i) => mi + (g[i]! - mi) * 0.1);
      v = v.map((vi, i) => vi + (g[i]! ** 2 - vi) * 0.001);
      const alpha = (0.1 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      x = x.map((xi, i) => xi - (m[i]! * alpha) / (Math.sqrt(v[i]!) + 1e-7));
    }
    const got = Array.from(w.dataSync());
    got.forEach((gi, i) => expect(gi).toBeCloseTo(x[i]!, 5));
    expect(Array.from(snapshot.dataSync())).toEqual(Array.from(before));
    // The optimizer's slots were created in the first step, and w moved off the buffer it
    // shared with the snapshot (which keeps it); nothing else stays.
    const slots = 2 * 4 * 4;
    expect(nn.memory().numBytes - m0.numBytes).toBe(slots + 4 * 4);
    expect(nn.memory().numTensors - m0.numTensors).toBe(2);
    snapshot.dispose();
  });
});
