import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { softmax, softmaxData } from '../../src/plots/index.js';
import { byClass, parseFigure, textsIn } from './svg.js';

const NAMES = ['cat', 'dog', 'bird', 'fish'];

describe('plots.softmax', () => {
  test('one bar per class, the prediction and the missed true class highlighted', async () => {
    const fig = softmax({ probabilities: [0.1, 0.6, 0.25, 0.05], classNames: NAMES, trueLabel: 2 });
    expect(fig.data.predicted).toBe(1);
    const root = parseFigure(await fig.toSVG());
    const bars = byClass(root, 'bars_marks')[0]!.children;
    expect(bars).toHaveLength(4);
    const fills = bars.map((b) => b.attrs.fill);
    expect(fills[1]).not.toBe(fills[0]);
    expect(fills[2]).not.toBe(fills[0]);
    expect(fills[0]).toBe(fills[3]);
    expect(textsIn(root, 'values_marks')).toEqual(['10%', '60%', '25%', '5%']);
    expect(textsIn(root, 'role-axis-label')).toEqual(expect.arrayContaining(NAMES));
    expect(textsIn(root, 'role-legend-label')).toEqual(['prediction', 'true class', 'other']);
    expect(textsIn(root, 'role-title-text')).toEqual(['Prediction: dog (60%); true class: bird']);
  });

  test('logits and tensors', () => {
    const logits = [1, 2, 0.5];
    const z = logits.map(Math.exp);
    const s = z.reduce((a, b) => a + b);
    const d = softmaxData({ probabilities: nn.tensor([logits]), fromLogits: true });
    d.probabilities.forEach((p, i) => expect(p).toBeCloseTo(z[i]! / s, 6));
    expect(d.classNames).toEqual(['0', '1', '2']);
    expect(d.trueLabel).toBeNull();
  });

  test('bad input is named', () => {
    expect(() => softmaxData({ probabilities: [0.5, 0.6] })).toThrow(
      /sum to 1 \(they sum to 1.100\); pass fromLogits: true/,
    );
    expect(() => softmaxData({ probabilities: [0.5, 0.5], classNames: ['a'] })).toThrow(
      /2 probabilities but 1 class names/,
    );
    expect(() => softmaxData({ probabilities: [0.5, 0.5], trueLabel: 2 })).toThrow(
      /trueLabel must be a class index in \[0, 1\]/,
    );
    expect(() => softmaxData({ probabilities: nn.zeros([2, 2]) })).toThrow(
      /shape \[k\] or \[1, k\], received \[2,2\]/,
    );
    expect(() => softmaxData({ probabilities: [1] })).toThrow(/at least 2 classes/);
  });
});
