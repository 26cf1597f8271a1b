/** Learning-rate schedules against values computed by hand from the Keras 3 formulas. */
import { describe, expect, test } from 'vitest';
import { schedules } from '../../src/optimizers/index.js';

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 12);

describe('exponentialDecay', () => {
  test('continuous and staircase', () => {
    const s = schedules.exponentialDecay({
      initialLearningRate: 0.1,
      decaySteps: 4,
      decayRate: 0.5,
    });
    close(s(0), 0.1);
    close(s(2), 0.1 * Math.SQRT1_2);
    close(s(4), 0.05);
    close(s(10), 0.1 * 0.5 ** 2.5);
    const st = schedules.exponentialDecay({
      initialLearningRate: 0.1,
      decaySteps: 4,
      decayRate: 0.5,
      staircase: true,
    });
    close(st(3), 0.1);
    close(st(4), 0.05);
    close(st(11), 0.025);
    expect(st.className).toBe('ExponentialDecay');
    expect(st.getConfig()).toEqual({
      initialLearningRate: 0.1,
      decaySteps: 4,
      decayRate: 0.5,
      staircase: true,
      name: 'ExponentialDecay',
    });
  });

  test('decaySteps must be > 0', () => {
    expect(() =>
      schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 }),
    ).toThrow(/exponentialDecay: decaySteps must be a number > 0, received 0/);
  });
});

describe('piecewiseConstantDecay', () => {
  test('values[i] on (boundaries[i-1], boundaries[i]]', () => {
    const s = schedules.piecewiseConstantDecay({ boundaries: [2, 5], values: [1, 0.5, 0.1] });
    expect([0, 1, 2, 2.5, 3, 5, 6, 100].map(s)).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.1, 0.1]);
  });

  test('bad arguments', () => {
    expect(() => schedules.piecewiseConstantDecay({ boundaries: [1, 2], values: [1, 2] })).toThrow(
      /values must have one more element than boundaries, received 2 boundaries and 2 values/,
    );
    expect(() =>
      schedules.piecewiseConstantDecay({ boundaries: [3, 2], values: [1, 2, 3] }),
    ).toThrow(/boundaries must be strictly increasing, received 3 then 2/);
  });
});

describe('cosineDecay', () => {
  test('without warmup: decays to alpha·initial and stays there', () => {
    const s = schedules.cosineDecay({ initialLearningRate: 0.2, decaySteps: 10, alpha: 0.1 });
    close(s(0), 0.2);
    close(s(5), 0.2 * (0.9 * 0.5 + 0.1));
    close(s(2.5), 0.2 * (0.9 * 0.5 * (1 + Math.cos(Math.PI / 4)) + 0.1));
    close(s(10), 0.02);
    close(s(1000), 0.02);
  });

  test('with warmup: linear to the target, then cosine from the target', () => {
    const s = schedules.cosineDecay({
      initialLearningRate: 0,
      decaySteps: 8,
      warmupTarget: 0.1,
      warmupSteps: 4,
    });
    close(s(0), 0);
    close(s(2), 0.05);
    close(s(4), 0.1);
    close(s(8), 0.05);
    close(s(12), 0);
    close(s(100), 0);
    expect(s.getConfig()).toEqual({
      initialLearningRate: 0,
      decaySteps: 8,
      alpha: 0,
      name: 'CosineDecay',
      warmupTarget: 0.1,
      warmupSteps: 4,
    });
  });
});

describe('inverseTimeDecay', () => {
  test('continuous and staircase', () => {
    const s = schedules.inverseTimeDecay({
      initialLearningRate: 0.1,
      decaySteps: 2,
      decayRate: 0.5,
    });
    close(s(0), 0.1);
    close(s(3), 0.1 / 1.75);
    const st = schedules.inverseTimeDecay({
      initialLearningRate: 0.1,
      decaySteps: 2,
      decayRate: 0.5,
      staircase: true,
    });
    close(st(3), 0.1 / 1.5);
    close(st(4), 0.05);
  });
});

describe('getSchedule', () => {
  test('rebuilds each schedule from {className, config}', () => {
    const all = [
      schedules.exponentialDecay({ initialLearningRate: 1, decaySteps: 3, decayRate: 0.9 }),
      schedules.piecewiseConstantDecay({ boundaries: [1], values: [1, 0.1] }),
      schedules.cosineDecay({ initialLearningRate: 1, decaySteps: 10, alpha: 0.2 }),
      schedules.inverseTimeDecay({ initialLearningRate: 1, decaySteps: 3, decayRate: 2 }),
    ];
    for (const s of all) {
      const copy = schedules.getSchedule({ className: s.className, config: s.getConfig() });
      expect(copy.getConfig()).toEqual(s.getConfig());
      for (const step of [0, 1, 2, 7, 20]) expect(copy(step)).toBe(s(step));
      expect(schedules.isLearningRateSchedule(s)).toBe(true);
    }
    expect(schedules.isLearningRateSchedule((x: number) => x)).toBe(false);
  });

  test('unknown classes, unknown keys and negative steps are errors', () => {
    expect(() => schedules.getSchedule({ className: 'PolynomialDecay', config: {} })).toThrow(
      /unknown schedule class 'PolynomialDecay'; expected one of ExponentialDecay, PiecewiseConstantDecay, CosineDecay, InverseTimeDecay/,
    );
    expect(() =>
      schedules.getSchedule({
        className: 'ExponentialDecay',
        config: { initialLearningRate: 1, decaySteps: 1, decayRate: 1, power: 2 },
      }),
    ).toThrow(/unknown ExponentialDecay config key\(s\) 'power'/);
    const s = schedules.cosineDecay({ initialLearningRate: 1, decaySteps: 1 });
    expect(() => s(-1)).toThrow(/CosineDecay: step must be a non-negative number, received -1/);
  });
});
