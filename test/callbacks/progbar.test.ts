import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import {
  formatEta,
  formatLogs,
  formatPerStep,
  formatValue,
  Progbar,
} from '../../src/callbacks/progbar.js';

describe('Keras-style progress output', () => {
  test('value, time and log formats', () => {
    expect(formatValue(0.86123)).toBe('0.8612');
    expect(formatValue(0.00012345)).toBe('1.2345e-04');
    expect(formatValue(0)).toBe('0.0000e+00');
    expect(formatEta(5)).toBe('5s');
    expect(formatEta(65)).toBe('1:05');
    expect(formatEta(3665)).toBe('1:01:05');
    expect(formatPerStep(0.004)).toBe('4ms/step');
    expect(formatPerStep(1.2)).toBe('1s/step');
    expect(formatPerStep(0.00095)).toBe('950us/step');
    expect(formatLogs({ loss: 0.3926, accuracy: 0.8612, val_loss: 0.4, val_accuracy: 0.85 })).toBe(
      ' - accuracy: 0.8612 - loss: 0.3926 - val_accuracy: 0.8500 - val_loss: 0.4000',
    );
  });

  test('verbose 1 on a terminal redraws one line; elsewhere prints the final line; verbose 2 one line', () => {
    const out: string[] = [];
    const tty = { write: (s: string) => void out.push(s), isTTY: true };
    const bar = new Progbar(469, 1, tty);
    bar.update(469, { accuracy: 0.8612, loss: 0.3926 }, true);
    const last = out.join('');
    expect(last.startsWith('\r469/469 ')).toBe(true);
    expect(last).toContain('━');
    expect(last).toMatch(/ \d+s \d+(us|ms|s)\/step - accuracy: 0\.8612 - loss: 0\.3926\n$/);
    const plain: string[] = [];
    const p = new Progbar(3, 1, { write: (s) => void plain.push(s), isTTY: false });
    p.update(1, { loss: 1 });
    p.update(2, { loss: 1 });
    p.update(3, { loss: 0.5 }, true);
    expect(plain.length).toBe(1);
    expect(plain[0]).toMatch(/^3\/3 ━{20} \d+s \d+(us|ms|s)\/step - loss: 0\.5000\n$/);
    const v2: string[] = [];
    new Progbar(10, 2, { write: (s) => void v2.push(s), isTTY: true }).update(
      10,
      { loss: 0.25 },
      true,
    );
    expect(v2[0]).toMatch(/^10\/10 - \d+s - \d+(us|ms|s)\/step - loss: 0\.2500\n$/);
  });

  test('fit with verbose 2 prints Epoch lines and one summary line per epoch', async () => {
    const m = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const written: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = (s: string) => {
      written.push(s);
      return true;
    };
    try {
      await m.fit(nn.ones([10, 1]), nn.ones([10, 1]), { epochs: 2, batchSize: 5, verbose: 2 });
    } finally {
      process.stdout.write = orig;
    }
    const text = written.join('');
    expect(text).toMatch(/Epoch 1\/2\n2\/2 - \d+s - .*loss: /);
    expect(text).toMatch(/Epoch 2\/2\n2\/2 - /);
  });
});
