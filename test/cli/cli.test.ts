import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { describe, expect, test } from 'vitest';
import { pngToGrey28 } from '../../src/cli/image.js';
import { cli } from './helpers.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'neurite-cli-'));

describe('neurite CLI', () => {
  test('train on a slice, then evaluate, predict and summary on what it saved', async () => {
    const dir = join(tmp(), 'run');
    const r = await cli(
      'train',
      '--dataset',
      'mnist',
      '--limit',
      '2000',
      '--epochs',
      '2',
      '--seed',
      '1',
      '--verbose',
      '0',
      '--backend',
      'js',
      '--out',
      dir,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Total params: 101,770');
    const acc = Number(/test accuracy: ([\d.]+)/.exec(r.out)![1]);
    expect(acc).toBeGreaterThan(0.8);
    for (const f of ['model/model.json', 'history.json', 'history.csv', 'train-state.json'])
      expect(existsSync(join(dir, f))).toBe(true);
    const history = JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as Record<
      string,
      number[]
    >;
    expect(Object.keys(history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(history.loss!.length).toBe(2);
    expect(readFileSync(join(dir, 'history.csv'), 'utf8').split('\n')[0]).toBe(
      'epoch,accuracy,loss,val_accuracy,val_loss',
    );

    const ev = await cli('evaluate', dir, '--limit', '2000');
    expect(ev.code).toBe(0);
    expect(Number(/accuracy ([\d.]+)/.exec(ev.out)![1])).toBeCloseTo(acc, 4);

    const pr = await cli('predict', dir, '--index', '0');
    expect(pr.code).toBe(0);
    expect(pr.out).toContain('mnist test image #0 (true: 7)');
    expect(pr.out.split('\n').length).toBe(4);

    const sm = await cli('summary', dir);
    expect(sm.out).toContain('dense');

    // Resume: one more epoch on top of the two.
    const rs = await cli(
      'train',
      '--resume',
      dir,
      '--limit',
      '2000',
      '--epochs',
      '3',
      '--verbose',
      '0',
      '--backend',
      'js',
    );
    expect(rs.code).toBe(0);
    expect(rs.out).toContain('2 of 2 epochs done');
  }, 120_000);

  test('predict reads any PNG: grey-scaled, resized to 28x28, inverted when the background is light', () => {
    // A 56x56 RGB image: white background with a dark vertical bar.
    const w = 56;
    const data = new Uint8Array(w * w * 3).fill(255);
    for (let y = 8; y < 48; y++)
      for (let x = 24; x < 32; x++) data.fill(0, (y * w + x) * 3, (y * w + x) * 3 + 3);
    const png = encode({ width: w, height: w, data, channels: 3, depth: 8 });
    const g = pngToGrey28(png, 'bar.png');
    expect(g.inverted).toBe(true);
    expect(g.pixels.length).toBe(784);
    expect(g.pixels[4 * 28 + 13]).toBeCloseTo(255, 3); // on the bar, after inversion
    expect(g.pixels[4 * 28 + 2]).toBeCloseTo(0, 3); // background
    const file = join(tmp(), 'bar.png');
    writeFileSync(file, png);
    expect(() => pngToGrey28(new Uint8Array([1, 2, 3]), 'junk.png')).toThrow(
      "cannot read image 'junk.png': not a PNG file",
    );
  });

  test('errors a user will hit: one clear line, non-zero exit, no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['train', '--dataset', 'cifar'],
        /^neurite: unknown dataset 'cifar'; choose one of fashion-mnist, mnist\n$/,
      ],
      [['train', '--optimizer', 'adamz', '--limit', '10'], /^neurite: unknown optimizer 'adamz'/],
      [['train', '--layers', '12,x'], /--layers must be positive integers/],
      [['evaluate', tmp()], /is not a model folder: no model\.json/],
      [['predict', tmp(), 'nope.png'], /is not a model folder/],
    ];
    for (const [args, re] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.err).toMatch(re);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    const dbg = await cli('--debug', 'train', '--dataset', 'cifar');
    expect(dbg.err).toMatch(/\n\s+at /);
  });

  test('plot draws a figure to SVG and names a bad figure', async () => {
    const file = join(tmp(), 'act.svg');
    const r = await cli('plot', 'activations', '--out', file);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8').trimStart().startsWith('<svg')).toBe(true);
    const bad = await cli('plot', 'nope', '--out', join(tmp(), 'x.svg'));
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/nope/);
  });

  test('--help on every command', async () => {
    for (const c of ['train', 'evaluate', 'predict', 'summary', 'plot']) {
      const r = await cli(c, '--help');
      expect(r.out + r.err).toMatch(new RegExp(`Usage: neurite ${c}`));
    }
  });
});
