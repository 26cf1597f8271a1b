/**
 * Central-difference gradient check for a scalar loss of one input.
 *
 * test/helpers/grad-check.ts is the shared checker, but it is typed against the package
 * entry ('neurite'), while these tests import the losses from src/ until `nn.losses` is
 * exported; the two Tensor declarations do not type-check against each other. This is the
 * same check, typed against src/: autograd's dL/dx against (L(x + h) − L(x − h)) / (x⁺ − x⁻),
 * with x± as rounded to float32 and L read in float64. Inputs must stay h away from kinks.
 */
import { expect } from 'vitest';
import * as nn from '../../src/index.js';

export interface FiniteDifferenceArgs {
  /** Half-width of the difference. Default 1e-2. */
  eps?: number;
  /** |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|). Defaults 1e-3, 1e-2. */
  atol?: number;
  rtol?: number;
}

/** Expects autograd's gradient of the scalar `f(x)` to match central differences. */
export function expectGradientMatches(
  f: (x: nn.Tensor) => nn.Tensor,
  x0: nn.NestedArray,
  { eps = 1e-2, atol = 1e-3, rtol = 1e-2 }: FiniteDifferenceArgs = {},
): void {
  const x = nn.tensor(x0);
  const g = nn.grad(f)(x);
  const analytic = g.dataSync();
  const base = Float32Array.from(x.dataSync());
  const at = (j: number, v: number): number =>
    nn.tidy(() => {
      const p = base.slice();
      p[j] = v;
      const y = f(nn.tensor(p, x.shape));
      expect(y.size).toBe(1);
      return y.dataSync()[0]!;
    });
  const bad: string[] = [];
  for (let j = 0; j < base.length; j++) {
    const xp = Math.fround(base[j]! + eps);
    const xm = Math.fround(base[j]! - eps);
    const numeric = (at(j, xp) - at(j, xm)) / (xp - xm);
    const a = analytic[j]!;
    if (!(Math.abs(a - numeric) <= atol + rtol * Math.max(Math.abs(a), Math.abs(numeric)))) {
      bad.push(`[${j}]: autograd ${a}, numeric ${numeric}`);
    }
  }
  x.dispose();
  g.dispose();
  expect(bad).toEqual([]);
}
