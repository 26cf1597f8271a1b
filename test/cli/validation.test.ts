/**
 * The CLI refuses bad values before doing any work, each with one line naming the flag or
 * file, what was expected and what was got: numeric flags of every command, run folders
 * that cannot be written, networks too large to build, and PNGs too large, not PNGs, or
 * truncated.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { zlibSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { MAX_PNG_SIDE, pngToGrey28, readPngHeader } from '../../src/cli/image.js';
import { MAX_PARAMS } from '../../src/cli/validate.js';
import { cli, tempDir } from './helpers.js';

/** One line on stderr, `neurite: …`, no stack trace. */
function expectOneLine(r: { code: number; err: string }, message: string | RegExp): void {
  expect(r.code).not.toBe(0);
  expect(r.err.endsWith('\n')).toBe(true);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  if (typeof message === 'string') expect(r.err).toBe(`neurite: ${message}\n`);
  else expect(r.err).toMatch(message);
}

describe('numeric flags', () => {
  const model = join(tempDir(), 'run');
  beforeAll(async () => {
    const r = await cli(
      'train',
      '--dataset',
      'mnist',
      '--limit',
      '200',
      '--epochs',
      '1',
      '--seed',
      '1',
      '--backend',
      'js',
      '--verbose',
      '0',
      '--out',
      model,
    );
    expect(r.code, r.err).toBe(0);
  }, 60_000);

  test('train', async () => {
    const cases: [string[], string][] = [
      [['--epochs', '0'], '--epochs must be a positive integer, received 0'],
      [['--epochs', '2.5'], '--epochs must be a positive integer, received 2.5'],
      [['--batch-size', '-4'], '--batch-size must be a positive integer, received -4'],
      [['--limit', '0'], '--limit must be a positive integer, received 0'],
      [['--validation-split', '1'], '--validation-split must be a fraction in [0, 1), received 1'],
      [['--learning-rate', '0'], '--learning-rate must be a positive number, received 0'],
      [['--seed', '-1'], '--seed must be an integer from 0 to 4294967295, received -1'],
      [['--seed', '1.5'], '--seed must be an integer from 0 to 4294967295, received 1.5'],
      [
        ['--verbose', '7'],
        '--verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), received 7',
      ],
      [['--backend', 'gpu'], "unknown backend 'gpu'; choose one of js, wasm"],
    ];
    const out = join(tempDir(), 'never');
    for (const [flags, message] of cases) {
      const r = await cli('train', ...flags, '--out', out);
      expectOneLine(r, message);
      expect(r.out).toBe(''); // nothing loaded, nothing printed
    }
    expect(readdirSync(join(out, '..'))).toEqual([]);
  });

  test('a value that is not a number: one line naming the flag', async () => {
    const r = await cli('train', '--epochs', 'ten');
    expectOneLine(
      r,
      "option '--epochs <n>' argument 'ten' is invalid. expected a number, received 'ten' (see --help)",
    );
    const unknown = await cli('train', '--epoch', '3');
    expectOneLine(unknown, /^neurite: unknown option '--epoch'.*\(see --help\)\n$/);
  });

  test('only decimal numbers: 0x10, 0b1, 1_000, Infinity are refused in one line', async () => {
    for (const [flag, value] of [
      ['--epochs', '0x10'],
      ['--batch-size', '0b100'],
      ['--limit', '0o17'],
      ['--learning-rate', 'Infinity'],
      ['--validation-split', '1_0'],
      ['--seed', '0X1F'],
    ]) {
      const r = await cli('train', flag!, value!, '--out', join(tempDir(), 'never'));
      expectOneLine(
        r,
        new RegExp(
          `^neurite: option '${flag} <[a-z]+>' argument '${value}' is invalid\\. expected a number, received '${value}' \\(see --help\\)\n$`,
        ),
      );
    }
    const top = await cli('predict', '--top', '0x3');
    expectOneLine(top, /argument '0x3' is invalid\. expected a number, received '0x3'/);
    // Decimal and exponent forms pass the parser (the next check, --epochs, is what fails).
    for (const lr of ['0.01', '.5', '1e-3', '2E-4', '+0.1']) {
      const r = await cli(
        'train',
        '--learning-rate',
        lr,
        '--epochs',
        '0',
        '--out',
        join(tempDir(), 'x'),
      );
      expectOneLine(r, '--epochs must be a positive integer, received 0');
    }
  });

  test('--layers: an empty entry or a non-decimal size names the flag', async () => {
    for (const spec of ['128,,64', '128,', ',64', '128, ,64']) {
      const r = await cli('train', '--layers', spec, '--out', join(tempDir(), 'x'));
      expectOneLine(
        r,
        `--layers has an empty entry; give positive integers separated by commas (e.g. 128 or 256,128), received '${spec}'`,
      );
    }
    for (const spec of ['0x10', '1e2', '64,0x10', '12.0']) {
      const r = await cli('train', '--layers', spec, '--out', join(tempDir(), 'x'));
      expectOneLine(
        r,
        `--layers must be positive integers separated by commas (e.g. 128 or 256,128), received '${spec}'`,
      );
    }
  });

  test('--layers too large for the parameter limit is refused before building', async () => {
    const r = await cli('train', '--layers', '100000000', '--out', join(tempDir(), 'x'));
    expectOneLine(
      r,
      `--layers 100000000 makes a network of 79,500,000,010 parameters; the limit is ${MAX_PARAMS.toLocaleString('en-US')}`,
    );
    const two = await cli('train', '--layers', '8000,8000', '--out', join(tempDir(), 'x'));
    expectOneLine(
      two,
      /^neurite: --layers 8000,8000 makes a network of 70,368,010 parameters; the limit is 50,000,000\n$/,
    );
  });

  test('predict and evaluate', async () => {
    const cases: [string[], string][] = [
      [
        ['predict', model, '--index', '0', '--top', '-1'],
        '--top must be a positive integer, received -1',
      ],
      [
        ['predict', model, '--index', '0', '--top', '0'],
        '--top must be a positive integer, received 0',
      ],
      [
        ['predict', model, '--index', '0', '--top', '11'],
        '--top must be an integer from 1 to 10 (the model has 10 classes), received 11',
      ],
      [['predict', model, '--index', '-1'], '--index must be a non-negative integer, received -1'],
      [
        ['predict', model, '--index', '0.5'],
        '--index must be a non-negative integer, received 0.5',
      ],
      [
        ['predict', model, '--index', '10000000'],
        '--index 10000000 is out of range: the mnist test set has 10000 images',
      ],
      [['predict', model], 'predict: give one or more PNG files, or --index N for a test image'],
      [['evaluate', model, '--limit', '0'], '--limit must be a positive integer, received 0'],
      [
        ['evaluate', model, '--dataset', 'cifar'],
        "unknown dataset 'cifar'; choose one of fashion-mnist, mnist",
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect(r.err, args.join(' ')).not.toBe('');
      expectOneLine(r, message);
    }
    const ok = await cli('predict', model, '--index', '0', '--top', '10');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out.split('\n')).toHaveLength(11);
  });
});

describe('run folders that cannot be written are refused before loading data', () => {
  test('--out is a file, or lies under a file', async () => {
    const root = tempDir();
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const r = await cli('train', '--out', file);
    expectOneLine(r, `--out '${file}' is a file, not a folder`);
    expect(r.out).toBe('');
    const under = join(file, 'run');
    const r2 = await cli('train', '--out', under);
    expectOneLine(r2, `--out '${under}' cannot be created: '${file}' is a file, not a folder`);
  });

  test('--out in a folder without write permission', async () => {
    const root = tempDir();
    const locked = join(root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    let target = join(locked, 'run');
    let writable = true;
    try {
      writeFileSync(join(locked, 'probe'), '');
      rmSync(join(locked, 'probe'));
    } catch {
      writable = false;
    }
    if (writable) {
      // Root ignores permission bits: use /sys, read-only to everyone in containers and CI.
      try {
        writeFileSync('/sys/neurite-probe', '');
        rmSync('/sys/neurite-probe');
        return; // no unwritable folder to test with here
      } catch {
        target = '/sys/neurite-run';
      }
    }
    const r = await cli('train', '--out', target);
    expectOneLine(
      r,
      new RegExp(
        `^neurite: --out '${target}' is not writable \\(in '[^']+', where it would be created\\): (permission denied|read-only file system)\\n$`,
      ),
    );
    expect(r.out).toBe(''); // refused before loading: no "Loading", no "Backend:" line
    chmodSync(locked, 0o755);
  });

  test('an unfinished (or unreadable) run folder is not overwritten by a new run', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'train-state.json'), '{}');
    const r = await cli('train', '--out', dir);
    const message = `--out '${dir}' already holds an unfinished run (train-state.json): continue it with --resume ${dir}, or choose another --out, or delete the folder`;
    expectOneLine(r, message);
    writeFileSync(
      join(dir, 'train-state.json'),
      JSON.stringify({ completedEpochs: 1, epochs: 3, dataset: 'fashion-mnist', classNames: [] }),
    );
    expectOneLine(await cli('train', '--out', dir), message);
  });

  test('a finished run is replaced by a new one (the main job run twice)', async () => {
    const dir = join(tempDir(), 'run');
    const args = ['train', '--out', dir, '--limit', '300', '--epochs', '1', '--verbose', '0'];
    const first = await cli(...args);
    expect(first.code).toBe(0);
    const second = await cli(...args);
    expect(second.code).toBe(0);
    expect(second.out).toContain(`Note: ${dir} holds a finished run (1 epochs)`);
    const state = JSON.parse(readFileSync(join(dir, 'train-state.json'), 'utf8')) as {
      completedEpochs: number;
    };
    expect(state.completedEpochs).toBe(1);
  });
});

/** A PNG whose header claims `width` x `height`, followed by a little (wrong) data. */
function pngClaiming(width: number, height: number): Uint8Array {
  const real = encode({ width: 2, height: 2, data: new Uint8Array(4), channels: 1, depth: 8 });
  const bytes = Uint8Array.from(real);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

/** A valid-looking grey PNG of `width` x `height` whose IDAT holds `inflated` bytes. */
function pngWithData(width: number, height: number, inflated: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array): Uint8Array => {
    const out = new Uint8Array(12 + data.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, data.length);
    for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
    out.set(data, 8);
    return out; // CRC left 0: not checked
  };
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  const parts = [
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibSync(new Uint8Array(inflated))),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('images', () => {
  test('a PNG header claiming 30000x30000 is refused before decoding', () => {
    const png = pngClaiming(30000, 30000);
    expect(png.length).toBeLessThan(200);
    expect(() => pngToGrey28(png, 'huge.png')).toThrow(
      `cannot read image 'huge.png': 30000x30000 pixels is too large; the limit is ${MAX_PNG_SIDE}x${MAX_PNG_SIDE} (scale it down first)`,
    );
    expect(() => readPngHeader(pngClaiming(5000, 10), 'wide.png')).toThrow(
      /5000x10 pixels is too large/,
    );
    expect(readPngHeader(pngClaiming(4096, 4096), 'ok.png')).toMatchObject({
      width: 4096,
      height: 4096,
    });
  });

  test('a small file that inflates far beyond its header is refused', () => {
    const bomb = pngWithData(10, 10, 5_000_000);
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => pngToGrey28(bomb, 'bomb.png')).toThrow(
      "cannot read image 'bomb.png': damaged PNG (its data inflates to more than the 10x10 pixels of its header)",
    );
    // The same construction with the right amount of data decodes.
    expect(pngToGrey28(pngWithData(10, 10, 10 * 11), 'fine.png').pixels).toHaveLength(784);
  });

  test('predict: not a PNG, truncated, empty, too large, missing: one line naming the file', async () => {
    const root = tempDir();
    const runDir = join(root, 'run');
    const t = await cli(
      'train',
      '--dataset',
      'mnist',
      '--limit',
      '100',
      '--epochs',
      '1',
      '--backend',
      'js',
      '--verbose',
      '0',
      '--out',
      runDir,
    );
    expect(t.code, t.err).toBe(0);
    const w = 40;
    const data = new Uint8Array(w * w);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251;
    const good = encode({ width: w, height: w, data, channels: 1, depth: 8 });
    const files: [string, Uint8Array, string][] = [
      [
        'photo.jpg',
        Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]),
        'not a PNG file (it does not start with the PNG signature)',
      ],
      [
        'empty.png',
        new Uint8Array(0),
        'not a PNG file (it does not start with the PNG signature; the file is empty)',
      ],
      [
        'header-only.png',
        good.subarray(0, 20),
        'the PNG is truncated (20 bytes, no complete header)',
      ],
      [
        'half.png',
        good.subarray(0, Math.floor(good.length / 2)),
        `the PNG is truncated (its 'IDAT' chunk at byte 33 needs`,
      ],
      [
        'huge.png',
        pngClaiming(30000, 30000),
        '30000x30000 pixels is too large; the limit is 4096x4096 (scale it down first)',
      ],
    ];
    for (const [name, bytes, why] of files) {
      const file = join(root, name);
      writeFileSync(file, bytes);
      const r = await cli('predict', runDir, file);
      expectOneLine(
        r,
        new RegExp(
          `^neurite: cannot read image '${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}': ${why.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
        ),
      );
    }
    const missing = join(root, 'nope.png');
    expectOneLine(
      await cli('predict', runDir, missing),
      `cannot read image '${missing}': no such file`,
    );
    expectOneLine(await cli('predict', runDir, root), `cannot read image '${root}': not a file`);
    const file = join(root, 'good.png');
    writeFileSync(file, good);
    const ok = await cli('predict', runDir, file);
    expect(ok.code, ok.err).toBe(0);
  }, 60_000);
});
