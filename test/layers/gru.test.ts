import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';
import { compareWithReference, describeOpts, OPTION_SETS } from './rnn-harness.js';
import { describeEachBackend } from '../helpers/each-backend.js';

describeEachBackend('gru against a float64 implementation of Keras 3', () => {
  for (const opts of OPTION_SETS) {
    test(`resetAfter=true ${describeOpts(opts)}`, () => {
      compareWithReference('gru', (o) => nn.layers.gru({ units: 3, ...o }), 3, opts);
    });
  }
  test('resetAfter=false, with a mask, sequences, backwards', () => {
    for (const opts of [OPTION_SETS[0]!, OPTION_SETS[7]!]) {
      compareWithReference(
        'gru-v1',
        (o) => nn.layers.gru({ units: 3, resetAfter: false, ...o }),
        3,
        opts,
      );
    }
  });
});

describe('gru', () => {
  test('parameter count as Keras (resetAfter: 3·(u·(in+u)+2u); else 3·(u·(in+u)+u))', () => {
    const a = nn.sequential({ layers: [nn.layers.gru({ units: 5, inputShape: [7, 3] })] });
    expect(a.countParams()).toBe(3 * (5 * (3 + 5) + 2 * 5));
    const g = nn.layers.gru({ units: 5, resetAfter: false, inputShape: [7, 3] });
    nn.sequential({ layers: [g] });
    expect(g.countParams()).toBe(3 * (5 * (3 + 5) + 5));
    expect(g.bias!.shape).toEqual([15]);
    const lines: string[] = [];
    a.summary((s) => lines.push(s));
    expect(lines.join('\n')).toMatch(/GRU\)\s+│ \(None, 5\)\s+│\s+150 │/);
  });

  test('gradient check (inputs and weights), both reset modes', () => {
    const x = nn.randomNormal([2, 3, 2], 0, 1, 'float32', 5);
    layerGradCheck(nn.layers.gru({ units: 2, returnSequences: true, biasInitializer: 'ones' }), x);
    layerGradCheck(nn.layers.gru({ units: 2, resetAfter: false, goBackwards: true }), x);
  });

  test('config round trip and errors', () => {
    const l = nn.layers.gru({ units: 4, resetAfter: false, returnState: true });
    const c = nn.layers.serialize(l);
    expect(c.config).toMatchObject({ units: 4, resetAfter: false, returnState: true });
    expect(nn.layers.deserializeLayer(c).getConfig()).toEqual(l.getConfig());
    expect(() => nn.layers.gru({ units: 2, resetAfter: 1 as never })).toThrow(
      /GRU: resetAfter must be a boolean/,
    );
  });
});
