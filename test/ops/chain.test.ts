/**
 * Chainable methods cannot drift from the ops: every exported op is either a method or
 * listed with the reason it is not, and each method computes what its op computes.
 */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import * as ops from '../../src/ops/index.js';
import { CHAINED, NOT_CHAINED } from '../../src/ops/chain.js';

describe('chainable methods', () => {
  test('every exported op is chained or says why not', () => {
    const chained = new Set<string>(CHAINED);
    const unclassified = Object.keys(ops).filter((k) => !chained.has(k) && !(k in NOT_CHAINED));
    expect(unclassified).toEqual([]);
    const both = CHAINED.filter((k) => k in NOT_CHAINED);
    expect(both).toEqual([]);
  });

  test('each chained op is a method of Tensor', () => {
    const proto = nn.Tensor.prototype as object;
    expect(CHAINED.filter((k) => typeof Reflect.get(proto, k) !== 'function')).toEqual([]);
  });

  test('a method computes what its op computes (the ones that were missing included)', () => {
    const x = nn.tensor([
      [0.5, -1.25],
      [2, 0.75],
    ]);
    const pairs: [nn.Tensor, nn.Tensor][] = [
      [x.sin(), nn.sin(x)],
      [x.cos(), nn.cos(x)],
      [x.erf(), nn.erf(x)],
      [x.mish(), nn.mish(x)],
      [x.abs().reciprocal(), nn.reciprocal(nn.abs(x))],
      [x.atan2(2), nn.atan2(x, 2)],
      [x.hardSigmoid(), nn.hardSigmoid(x)],
      [x.clipByValue(0, 1), nn.clipByValue(x, 0, 1)],
      [x.sum(1, true), nn.sum(x, 1, true)],
      [x.matMul(x, false, true), nn.matMul(x, x, false, true)],
      [x.concat([x], 1), nn.concat([x, x], 1)],
      [x.stack(x), nn.stack([x, x])],
      [x.flatten(), nn.reshape(x, [4])],
    ];
    for (const [a, b] of pairs) {
      expect(a.shape).toEqual(b.shape);
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    }
    const parts = x.unstack(1);
    expect(parts.map((t) => t.arraySync())).toEqual([
      [0.5, 2],
      [-1.25, 0.75],
    ]);
  });
});
