/**
 * Golden-value tests of every optimizer's update rule: each row runs a few steps with fixed
 * gradients on two variables and compares the variables (after every step) and the final
 * slots with the float64 reference implementations of ./reference.ts. The same rows also
 * check that saving the state after 3 steps and restoring it into a fresh optimizer resumes
 * identically, and that a step leaks no tensors.
 */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as optimizers from '../../src/optimizers/index.js';
import type { Optimizer } from '../../src/optimizers/index.js';
import {
  adadeltaRule,
  adagradRule,
  adamaxRule,
  adamRule,
  type CommonOptions,
  ftrlRule,
  lionRule,
  nadamRule,
  type RefRule,
  rmspropRule,
  runReference,
  sgdRule,
} from './reference.js';

const SHAPES = [[2, 2], [3]];
const STEPS = 5;
const f32 = Math.fround;

/** Starting values (float32-exact, so the reference starts from the same numbers). */
const X0: number[][] = [[0.5, -1.25, 2, 0.75].map(f32), [-0.3, 1.1, -2.2].map(f32)];

/** GRADS[k][j]: the gradient of variable j at step k; varied signs and sizes, no zeros. */
const GRADS: number[][][] = Array.from({ length: STEPS }, (_, k) =>
  X0.map((x, j) =>
    x.map((_v, i) => f32((j + 1) * 0.8 * Math.sin(1.7 * k + 2.3 * i + 0.9 * j + 0.4))),
  ),
);

interface Row {
  name: string;
  make: () => Optimizer;
  rule: () => RefRule;
  lr: (k: number) => number;
  options?: CommonOptions;
}

const constant = (v: number) => () => v;

const ROWS: Row[] = [
  {
    name: 'sgd',
    make: () => optimizers.sgd({ learningRate: 0.1 }),
    rule: () => sgdRule(),
    lr: constant(0.1),
  },
  {
    name: 'sgd momentum',
    make: () => optimizers.sgd({ learningRate: 0.1, momentum: 0.9 }),
    rule: () => sgdRule(0.9),
    lr: constant(0.1),
  },
  {
    name: 'sgd nesterov',
    make: () => optimizers.sgd({ learningRate: 0.1, momentum: 0.8, nesterov: true }),
    rule: () => sgdRule(0.8, true),
    lr: constant(0.1),
  },
  {
    name: 'adagrad',
    make: () => optimizers.adagrad({ learningRate: 0.1 }),
    rule: () => adagradRule(),
    lr: constant(0.1),
  },
  {
    name: 'adagrad custom',
    make: () =>
      optimizers.adagrad({ learningRate: 0.2, initialAccumulatorValue: 0.5, epsilon: 0.01 }),
    rule: () => adagradRule(0.5, 0.01),
    lr: constant(0.2),
  },
  {
    name: 'rmsprop',
    make: () => optimizers.rmsprop({ learningRate: 0.01 }),
    rule: () => rmspropRule(),
    lr: constant(0.01),
  },
  {
    name: 'rmsprop momentum',
    make: () => optimizers.rmsprop({ learningRate: 0.01, momentum: 0.5 }),
    rule: () => rmspropRule(0.9, 0.5),
    lr: constant(0.01),
  },
  {
    name: 'rmsprop centered',
    make: () => optimizers.rmsprop({ learningRate: 0.01, centered: true }),
    rule: () => rmspropRule(0.9, 0, 1e-7, true),
    lr: constant(0.01),
  },
  {
    name: 'rmsprop centered momentum custom',
    make: () =>
      optimizers.rmsprop({
        learningRate: 0.02,
        rho: 0.8,
        momentum: 0.7,
        epsilon: 1e-3,
        centered: true,
      }),
    rule: () => rmspropRule(0.8, 0.7, 1e-3, true),
    lr: constant(0.02),
  },
  {
    name: 'adam',
    make: () => optimizers.adam({ learningRate: 0.1 }),
    rule: () => adamRule(),
    lr: constant(0.1),
  },
  {
    name: 'adam custom',
    make: () => optimizers.adam({ learningRate: 0.1, beta1: 0.8, beta2: 0.95, epsilon: 1e-3 }),
    rule: () => adamRule(0.8, 0.95, 1e-3),
    lr: constant(0.1),
  },
  {
    name: 'adam amsgrad',
    make: () => optimizers.adam({ learningRate: 0.1, beta2: 0.5, amsgrad: true }),
    rule: () => adamRule(0.9, 0.5, 1e-7, true),
    lr: constant(0.1),
  },
  {
    name: 'adamw (default decay 0.004)',
    make: () => optimizers.adamw({ learningRate: 0.1 }),
    rule: () => adamRule(),
    lr: constant(0.1),
    options: { weightDecay: 0.004 },
  },
  {
    name: 'adamw decay 0.2',
    make: () => optimizers.adamw({ learningRate: 0.1, weightDecay: 0.2 }),
    rule: () => adamRule(),
    lr: constant(0.1),
    options: { weightDecay: 0.2 },
  },
  {
    name: 'adamax',
    make: () => optimizers.adamax({ learningRate: 0.1 }),
    rule: () => adamaxRule(),
    lr: constant(0.1),
  },
  {
    name: 'adamax custom',
    make: () => optimizers.adamax({ learningRate: 0.1, beta1: 0.7, beta2: 0.5, epsilon: 1e-3 }),
    rule: () => adamaxRule(0.7, 0.5, 1e-3),
    lr: constant(0.1),
  },
  {
    name: 'nadam',
    make: () => optimizers.nadam({ learningRate: 0.1 }),
    rule: () => nadamRule(),
    lr: constant(0.1),
  },
  {
    name: 'nadam custom',
    make: () => optimizers.nadam({ learningRate: 0.05, beta1: 0.8, beta2: 0.9, epsilon: 1e-3 }),
    rule: () => nadamRule(0.8, 0.9, 1e-3),
    lr: constant(0.05),
  },
  {
    name: 'adadelta',
    make: () => optimizers.adadelta({ learningRate: 1 }),
    rule: () => adadeltaRule(),
    lr: constant(1),
  },
  {
    name: 'adadelta custom',
    make: () => optimizers.adadelta({ learningRate: 0.5, rho: 0.8, epsilon: 1e-3 }),
    rule: () => adadeltaRule(0.8, 1e-3),
    lr: constant(0.5),
  },
  {
    name: 'lion',
    make: () => optimizers.lion({ learningRate: 0.1 }),
    rule: () => lionRule(),
    lr: constant(0.1),
  },
  {
    name: 'lion custom',
    make: () => optimizers.lion({ learningRate: 0.1, beta1: 0.5, beta2: 0.8 }),
    rule: () => lionRule(0.5, 0.8),
    lr: constant(0.1),
  },
  {
    name: 'ftrl',
    make: () => optimizers.ftrl({ learningRate: 0.1 }),
    rule: () => ftrlRule(),
    lr: constant(0.1),
  },
  {
    name: 'ftrl regularized',
    make: () =>
      optimizers.ftrl({
        learningRate: 0.3,
        learningRatePower: -0.7,
        initialAccumulatorValue: 0.2,
        l1RegularizationStrength: 0.05,
        l2RegularizationStrength: 0.1,
        l2ShrinkageRegularizationStrength: 0.05,
        beta: 0.2,
      }),
    rule: () => ftrlRule({ p: -0.7, initial: 0.2, l1: 0.05, l2: 0.1, shrinkage: 0.05, beta: 0.2 }),
    lr: constant(0.3),
  },
  // Common options of the base class, on several optimizers.
  {
    name: 'sgd momentum + clipNorm',
    make: () => optimizers.sgd({ learningRate: 0.1, momentum: 0.9, clipNorm: 0.5 }),
    rule: () => sgdRule(0.9),
    lr: constant(0.1),
    options: { clipNorm: 0.5 },
  },
  {
    name: 'adam + clipValue',
    make: () => optimizers.adam({ learningRate: 0.1, clipValue: 0.3 }),
    rule: () => adamRule(),
    lr: constant(0.1),
    options: { clipValue: 0.3 },
  },
  {
    name: 'rmsprop + globalClipNorm',
    make: () => optimizers.rmsprop({ learningRate: 0.01, momentum: 0.5, globalClipNorm: 0.7 }),
    rule: () => rmspropRule(0.9, 0.5),
    lr: constant(0.01),
    options: { globalClipNorm: 0.7 },
  },
  {
    name: 'sgd + weightDecay',
    make: () => optimizers.sgd({ learningRate: 0.1, weightDecay: 0.05 }),
    rule: () => sgdRule(),
    lr: constant(0.1),
    options: { weightDecay: 0.05 },
  },
  {
    name: 'adagrad + weightDecay + clipNorm',
    make: () => optimizers.adagrad({ learningRate: 0.1, weightDecay: 0.1, clipNorm: 0.6 }),
    rule: () => adagradRule(),
    lr: constant(0.1),
    options: { weightDecay: 0.1, clipNorm: 0.6 },
  },
  {
    name: 'sgd momentum + exponentialDecay schedule',
    make: () =>
      optimizers.sgd({
        learningRate: optimizers.schedules.exponentialDecay({
          initialLearningRate: 0.2,
          decaySteps: 2,
          decayRate: 0.5,
        }),
        momentum: 0.9,
      }),
    rule: () => sgdRule(0.9),
    // Evaluated at iterations = k (0 for the first update).
    lr: (k) => 0.2 * 0.5 ** (k / 2),
  },
  {
    name: 'adamw + piecewise schedule (decay scales with lr)',
    make: () =>
      optimizers.adamw({
        learningRate: optimizers.schedules.piecewiseConstantDecay({
          boundaries: [1, 3],
          values: [0.1, 0.05, 0.01],
        }),
        weightDecay: 0.3,
      }),
    rule: () => adamRule(),
    lr: (k) => (k <= 1 ? 0.1 : k <= 3 ? 0.05 : 0.01),
    options: { weightDecay: 0.3 },
  },
];

function makeVars(values: number[][] = X0): nn.Variable[] {
  return values.map((x, j) => nn.variable(nn.tensor(x, SHAPES[j])));
}

function step(opt: Optimizer, vars: nn.Variable[], k: number): void {
  nn.tidy(() => opt.applyGradients(vars.map((v, j) => [nn.tensor(GRADS[k]![j]!, SHAPES[j]), v])));
}

const values = (vars: nn.Variable[]): number[][] => vars.map((v) => Array.from(v.dataSync()));

/** |a − b| ≤ rtol·|b| + atol, element by element, with a message naming the place. */
function expectClose(actual: number[], expected: number[], what: string, rtol = 2e-6, atol = 1e-7) {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    const ok = Math.abs(a - e) <= rtol * Math.abs(e) + atol;
    if (!ok) expect.fail(`${what}[${i}]: ${a} vs reference ${e} (diff ${Math.abs(a - e)})`);
  });
}

describe.each(ROWS)('$name', (row) => {
  test(`${STEPS} steps match the float64 reference (variables and slots)`, () => {
    const ref = runReference(row.rule(), X0, GRADS, row.lr, row.options);
    const opt = row.make();
    const vars = makeVars();
    for (let k = 0; k < STEPS; k++) {
      step(opt, vars, k);
      values(vars).forEach((v, j) =>
        expectClose(v, ref.xs[k]![j]!, `step ${k + 1}, variable ${j}`),
      );
    }
    expect(opt.iterations).toBe(STEPS);
    const weights = opt.getWeights();
    const byName = new Map(weights.map((w) => [w.name, Array.from(w.tensor.dataSync())]));
    expect(byName.get('iter')).toEqual([STEPS]);
    for (const [slot, perVar] of Object.entries(ref.slots)) {
      perVar.forEach((expected, j) => {
        const got = byName.get(`${vars[j]!.name}/${slot}`);
        expect(got, `slot ${vars[j]!.name}/${slot}`).toBeDefined();
        expectClose(got!, expected, `slot ${slot} of variable ${j}`, 1e-5, 1e-9);
      });
    }
    for (const [name, expected] of Object.entries(ref.scalars)) {
      expectClose(byName.get(name)!, [expected], name);
    }
    // Nothing but iter, the scalars and one entry per (slot, variable).
    const expectedCount = 1 + Object.keys(ref.scalars).length + Object.keys(ref.slots).length * 2;
    expect(weights.length).toBe(expectedCount);
    nn.dispose(weights.map((w) => w.tensor));
    opt.dispose();
    nn.dispose(vars);
  });

  test('getWeights after 3 steps, setWeights into a fresh optimizer: resumes identically', () => {
    const a = row.make();
    const varsA = makeVars();
    for (let k = 0; k < 3; k++) step(a, varsA, k);
    const state = a.getWeights();
    const at3 = values(varsA);
    // A fresh optimizer and copies of the variables (other names: matched by order).
    const b = row.make();
    const varsB = makeVars(at3);
    b.setWeights(state);
    expect(b.iterations).toBe(3);
    for (let k = 3; k < 5; k++) {
      step(a, varsA, k);
      step(b, varsB, k);
    }
    const at5 = values(varsA);
    expect(values(varsB)).toEqual(at5);
    // Rewinding the same variables, in a fresh optimizer (pending state matched by name)
    // and in the original one (already built): both replay steps 4 and 5 exactly.
    const c = row.make();
    c.setWeights(state);
    for (const opt of [c, a]) {
      if (opt === a) a.setWeights(state);
      varsA.forEach((v, j) => nn.tidy(() => v.assign(nn.tensor(at3[j]!, SHAPES[j]))));
      for (let k = 3; k < 5; k++) step(opt, varsA, k);
      expect(values(varsA)).toEqual(at5);
    }
    nn.dispose(state.map((w) => w.tensor));
    for (const o of [a, b, c]) o.dispose();
    nn.dispose([...varsA, ...varsB]);
  });

  test('a step allocates no lasting tensors', () => {
    const opt = row.make();
    const vars = makeVars();
    step(opt, vars, 0); // builds the slots
    const before = nn.memory();
    for (let k = 1; k < 10; k++) step(opt, vars, k % STEPS);
    const after = nn.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
    opt.dispose();
    nn.dispose(vars);
  });
});
