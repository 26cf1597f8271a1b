import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

const N = 20000;
function stats(t: nn.Tensor): { mean: number; std: number; min: number; max: number } {
  const v = t.dataSync();
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    s += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = s / v.length;
  let q = 0;
  for (const x of v) q += (x - mean) ** 2;
  return { mean, std: Math.sqrt(q / v.length), min, max };
}

describe('seeding', () => {
  test('setSeed makes randomUniform, randomNormal and truncatedNormal repeat', () => {
    const draw = () => [
      Array.from(nn.randomUniform([50]).dataSync()),
      Array.from(nn.randomNormal([50]).dataSync()),
      Array.from(nn.truncatedNormal([50]).dataSync()),
    ];
    nn.setSeed(1234);
    const first = draw();
    nn.setSeed(1234);
    const second = draw();
    expect(second).toEqual(first);
    nn.setSeed(4321);
    expect(draw()[0]).not.toEqual(first[0]);
  });

  test('successive draws after one setSeed differ', () => {
    nn.setSeed(7);
    const a = nn.randomUniform([20]).dataSync();
    const b = nn.randomUniform([20]).dataSync();
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });

  test('an explicit seed gives the same values whatever the global state', () => {
    nn.setSeed(1);
    const a = nn.randomNormal([30], 0, 1, 'float32', 99).dataSync();
    nn.setSeed(2);
    nn.randomUniform([5]);
    const b = nn.randomNormal([30], 0, 1, 'float32', 99).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    const c = nn.randomNormal([30], 0, 1, 'float32', 100).dataSync();
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  test('setSeed refuses non-finite seeds', () => {
    expect(() => nn.setSeed(NaN)).toThrow(nn.ValueError);
    expect(() => nn.setSeed(NaN)).toThrow('setSeed: seed must be a finite number, received NaN');
  });
});

describe('distributions', () => {
  test('randomUniform lies in [min, max) with mean (a+b)/2 and std (b-a)/√12', () => {
    const s = stats(nn.randomUniform([N], -2, 4, 'float32', 5));
    expect(s.min).toBeGreaterThanOrEqual(-2);
    expect(s.max).toBeLessThan(4);
    expect(s.mean).toBeCloseTo(1, 1); // ±0.05; the standard error is 0.012
    expect(Math.abs(s.std - 6 / Math.sqrt(12))).toBeLessThan(0.03);
  });

  test('randomUniform int32 gives integers in [min, max)', () => {
    const t = nn.randomUniform([2000], 0, 5, 'int32', 6);
    expect(t.dtype).toBe('int32');
    const counts = new Array<number>(5).fill(0);
    for (const v of t.dataSync()) counts[v]!++;
    for (const c of counts) expect(c).toBeGreaterThan(300); // ~400 each
  });

  test('randomNormal has the requested mean and stddev', () => {
    const s = stats(nn.randomNormal([N], 3, 0.5, 'float32', 8));
    expect(Math.abs(s.mean - 3)).toBeLessThan(0.02); // 5 standard errors
    expect(Math.abs(s.std - 0.5)).toBeLessThan(0.02);
  });

  test('truncatedNormal stays within 2 stddev; its std is 0.8796·stddev', () => {
    const s = stats(nn.truncatedNormal([N], -1, 2, 'float32', 9));
    expect(s.min).toBeGreaterThanOrEqual(-1 - 4);
    expect(s.max).toBeLessThanOrEqual(-1 + 4);
    expect(Math.abs(s.mean + 1)).toBeLessThan(0.05);
    // Std of a standard normal truncated to [-2, 2]: 0.87962566103423978 (REFERENCE.md §5).
    expect(Math.abs(s.std - 2 * 0.87962566103423978)).toBeLessThan(0.04);
  });

  test('bad arguments', () => {
    expect(() => nn.randomUniform([2], 1, 1)).toThrow(
      'randomUniform: minval (1) must be < maxval (1)',
    );
    expect(() => nn.randomNormal([2], 0, -1)).toThrow(/randomNormal: stddev must be >= 0/);
    expect(() => nn.randomUniform([2], 0, 1, 'bool')).toThrow(
      /randomUniform: dtype must be float32 or int32/,
    );
    expect(() => nn.truncatedNormal([-1])).toThrow(nn.ShapeError);
  });
});
