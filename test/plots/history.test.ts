import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { history, historyData } from '../../src/plots/index.js';
import { byClass, parseFigure, textsIn } from './svg.js';

const RECORD = {
  accuracy: [0.7, 0.8, 0.85],
  loss: [0.9, 0.6, 0.5],
  val_loss: [0.8, 0.65, 0.6],
  val_accuracy: [0.72, 0.79, 0.8],
};

describe('plots.history', () => {
  test('loss first, then each metric, train and validation', () => {
    const d = historyData(RECORD);
    expect(d.metrics).toEqual(['loss', 'accuracy']);
    expect(d.curves.map((c) => `${c.metric}/${c.split}`)).toEqual([
      'loss/train',
      'loss/validation',
      'accuracy/train',
      'accuracy/validation',
    ]);
    expect(d.curves[1]).toEqual({
      metric: 'loss',
      split: 'validation',
      epochs: [1, 2, 3],
      values: [0.8, 0.65, 0.6],
    });
  });

  test('accepts JSON text, a History, and skips missing values', async () => {
    expect(historyData(JSON.stringify(RECORD))).toEqual(historyData(RECORD));
    const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const h = await model.fit(nn.tensor([[0], [1]]), nn.tensor([[0], [1]]), {
      epochs: 3,
      verbose: 0,
    });
    const d = historyData(h);
    expect(d.metrics).toEqual(['loss']);
    expect(d.curves[0]!.values).toEqual(h.history.loss);
    expect(historyData({ history: { loss: [1, 2] }, epoch: [4, 5] }).curves[0]!.epochs).toEqual([
      5, 6,
    ]);
    expect(historyData({ loss: [1, null, 0.5] }).curves[0]).toMatchObject({
      epochs: [1, 3],
      values: [1, 0.5],
    });
  });

  test('renders one panel per metric with a train/validation legend', async () => {
    const root = parseFigure(await history(RECORD).toSVG());
    expect(textsIn(root, 'role-title-text')).toEqual(['loss', 'accuracy', 'Training history']);
    expect(textsIn(root, 'role-legend-label')).toEqual(['train', 'validation']);
    const lines = byClass(root, 'mark-line').filter((g) =>
      (g.attrs.class ?? '').includes('role-mark'),
    );
    expect(lines.flatMap((g) => g.children)).toHaveLength(4);
    const only = parseFigure(await history({ loss: [3, 2, 1] }, { title: 'run 1' }).toSVG());
    expect(textsIn(only, 'role-legend-label')).toEqual(['train']);
    expect(textsIn(only, 'role-title-text')).toContain('run 1');
  });

  test('bad input is named', () => {
    expect(() => historyData('{oops')).toThrow(/not valid JSON/);
    expect(() => historyData('[1,2]')).toThrow(
      /expected \{loss: number\[\], …\} or \{history: \{…\}\}, received an array/,
    );
    expect(() => historyData({})).toThrow(/no metrics/);
    expect(() => historyData({ loss: ['a'] } as never)).toThrow(
      /'loss' must be an array of numbers/,
    );
  });
});
