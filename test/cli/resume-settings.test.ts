/**
 * `neurite train --resume DIR` takes every setting from the run folder: a flag that
 * contradicts a saved setting is an error naming both values, a flag that agrees is
 * accepted, and an omitted flag means the saved value, not the default.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadModel } from '../../src/io/index.js';
import { cli, tempDir } from './helpers.js';

// Nothing here is a default: batch size 20 (not 32), validation split 0.2 (not 0.1), sgd…
const START = [
  '--dataset',
  'mnist',
  '--limit',
  '600',
  '--layers',
  '16',
  '--activation',
  'tanh',
  '--optimizer',
  'sgd',
  '--learning-rate',
  '0.05',
  '--batch-size',
  '20',
  '--validation-split',
  '0.2',
  '--seed',
  '3',
  '--backend',
  'js',
  '--verbose',
  '0',
];
/** 600 images, 20% for validation, batches of 20. */
const STEPS_PER_EPOCH = Math.ceil((600 * 0.8) / 20);

interface SavedState {
  completedEpochs: number;
  epochs: number;
  settings: Record<string, unknown>;
  options: Record<string, unknown>;
  history: Record<string, number[]>;
}
const readState = (dir: string): SavedState =>
  JSON.parse(readFileSync(join(dir, 'train-state.json'), 'utf8')) as SavedState;

describe('neurite train --resume uses the run’s settings', () => {
  const dir = join(tempDir(), 'run');
  beforeAll(async () => {
    const r = await cli('train', ...START, '--epochs', '2', '--out', dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);

  test('train-state.json records every setting', () => {
    expect(readState(dir).settings).toEqual({
      dataset: 'mnist',
      layers: '16',
      activation: 'tanh',
      optimizer: 'sgd',
      learningRate: 0.05,
      batchSize: 20,
      validationSplit: 0.2,
      limit: 600,
      seed: 3,
      backend: 'js',
    });
  });

  test('a flag that contradicts a saved setting is an error naming both values', async () => {
    const before = readFileSync(join(dir, 'train-state.json'), 'utf8');
    const tail = "(resume takes the run's settings; omit the flag)";
    const cases: [string[], string][] = [
      [
        ['--batch-size', '64'],
        `--batch-size 64 conflicts with the run's saved batch size 20 ${tail}`,
      ],
      [['--limit', '700'], `--limit 700 conflicts with the run's saved limit 600 ${tail}`],
      [['--seed', '4'], `--seed 4 conflicts with the run's saved seed 3 ${tail}`],
      [['--layers', '32'], `--layers 32 conflicts with the run's saved hidden layers 16 ${tail}`],
      [
        ['--dataset', 'fashion-mnist'],
        `--dataset fashion-mnist conflicts with the run's saved dataset mnist ${tail}`,
      ],
      [
        ['--optimizer', 'adam'],
        `--optimizer adam conflicts with the run's saved optimizer sgd ${tail}`,
      ],
      [
        ['--learning-rate', '0.01'],
        `--learning-rate 0.01 conflicts with the run's saved learning rate 0.05 ${tail}`,
      ],
      [
        ['--activation', 'relu'],
        `--activation relu conflicts with the run's saved activation tanh ${tail}`,
      ],
      [
        ['--validation-split', '0.1'],
        `--validation-split 0.1 conflicts with the run's saved validation split 0.2 ${tail}`,
      ],
      [['--backend', 'wasm'], `--backend wasm conflicts with the run's saved backend js ${tail}`],
      [
        ['--out', join(dir, 'elsewhere')],
        `--out '${join(dir, 'elsewhere')}' conflicts with --resume '${dir}': a resumed run writes to its own folder (omit --out)`,
      ],
      [
        ['--epochs', '1'],
        `--epochs 1 is fewer than the 2 epochs the run in '${dir}' has completed`,
      ],
    ];
    for (const [flags, message] of cases) {
      const r = await cli('train', '--resume', dir, ...flags);
      expect(r.code, flags.join(' ')).toBe(1);
      expect(r.err).toBe(`neurite: ${message}\n`);
      expect(r.out).not.toContain('Backend:'); // refused before loading anything
    }
    expect(readFileSync(join(dir, 'train-state.json'), 'utf8')).toBe(before);
  });

  test('flags that agree with the saved settings are accepted; --epochs extends the run', async () => {
    const r = await cli(
      'train',
      '--resume',
      dir,
      '--dataset',
      'mnist',
      '--limit',
      '600',
      '--batch-size',
      '20',
      '--seed',
      '3',
      '--layers',
      '16',
      '--epochs',
      '3',
      '--verbose',
      '0',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Resuming');
    expect(r.out).toContain('2 of 2 epochs done; the run now trains to 3 epochs');
    expect(readState(dir).completedEpochs).toBe(3);
    expect(readState(dir).epochs).toBe(3);
  }, 60_000);

  test('omitted flags mean the saved settings, not the defaults', async () => {
    const r = await cli('train', '--resume', dir, '--epochs', '4', '--verbose', '0');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // The limit holds: 600 images, not all 60,000; and the saved backend.
    expect(r.out).toContain('Backend: js; mnist: 600 training and 600 test images');
    const s = readState(dir);
    expect(s.completedEpochs).toBe(4);
    expect(s.history.loss).toHaveLength(4);
    expect(s.settings.batchSize).toBe(20);
    expect(s.settings.limit).toBe(600);
    // Batch size 20 and the 0.2 split: the optimizer took 4 epochs of 24 steps.
    const model = await loadModel(join(dir, 'model'));
    expect(model.optimizer!.iterations).toBe(4 * STEPS_PER_EPOCH);
    expect(model.optimizer!.learningRate).toBeCloseTo(0.05, 7);
    expect(model.layers.map((l) => l.countParams())).toEqual([0, 784 * 16 + 16, 16 * 10 + 10]);

    // Nothing left to train: --resume only evaluates.
    const again = await cli('train', '--resume', dir, '--verbose', '0');
    expect(again.code).toBe(0);
    expect(again.out).toContain('4 of 4 epochs done');
    expect(again.out).toMatch(/test accuracy: [\d.]+/);
    expect(readState(dir).completedEpochs).toBe(4);
  }, 60_000);

  test('a folder from an older neurite (no settings) resumes with what its options recorded', async () => {
    const s = readState(dir);
    const { seed: _seed, backend: _backend, ...rest } = s.settings;
    const old = { ...s, settings: undefined, options: { ...rest, epochs: s.epochs } };
    writeFileSync(join(dir, 'train-state.json'), JSON.stringify(old));
    const r = await cli(
      'train',
      '--resume',
      dir,
      '--epochs',
      '5',
      '--backend',
      'js',
      '--verbose',
      '0',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/does not record seed, backend; using seed \d+, backend js/);
    expect(r.out).toContain('mnist: 600 training');
    const after = readState(dir);
    expect(after.completedEpochs).toBe(5);
    expect(after.settings.batchSize).toBe(20);
    expect(after.settings.backend).toBe('js');
  }, 60_000);

  test('--resume of a folder that is not a run', async () => {
    const empty = tempDir();
    const r = await cli('train', '--resume', empty);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `neurite: --resume '${empty}' has no train-state.json: it is not a run folder made by neurite train\n`,
    );
    const none = await cli('train', '--resume', join(empty, 'nope'));
    expect(none.err).toBe(`neurite: --resume '${join(empty, 'nope')}': no such folder\n`);
  });
});
