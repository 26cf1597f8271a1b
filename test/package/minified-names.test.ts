/**
 * Default layer and model names survive an application's minifier: a bundler renames
 * classes (`Dense` → `xo`), and names taken from `new.target.name` would become `xo_1` in
 * summaries and saved files. Bundles a small program with esbuild, minified as production
 * builds are, runs it, and reads the names it prints.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('a minified bundle names layers dense, dense_1, … and models sequential, model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-minified-'));
  try {
    writeFileSync(
      join(dir, 'app.js'),
      [
        "import * as nn from 'neurite';",
        'const m = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [3] }), nn.layers.dense({ units: 1 })] });',
        'const x = nn.input({ shape: [3] });',
        'const f = nn.model({ inputs: x, outputs: nn.layers.lstm({ units: 2 }).apply(nn.layers.reshape({ targetShape: [3, 1] }).apply(x)) });',
        'console.log(JSON.stringify([m.name, ...m.layers.map((l) => l.name), f.name, ...f.layers.map((l) => l.name)]));',
      ].join('\n'),
    );
    await build({
      entryPoints: [join(dir, 'app.js')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'es2022',
      minify: true,
      outfile: join(dir, 'out.mjs'),
      alias: { neurite: join(root, 'src/index.ts') },
      logLevel: 'error',
    });
    const names = JSON.parse(
      execFileSync(process.execPath, [join(dir, 'out.mjs')], { encoding: 'utf8' }),
    ) as string[];
    expect(names[0]).toMatch(/^sequential(_\d+)?$/);
    expect(names[1]).toMatch(/^dense(_\d+)?$/);
    expect(names[2]).toMatch(/^dense_\d+$/);
    expect(names[3]).toMatch(/^functional(_\d+)?$/);
    expect(names.slice(4)).toEqual([
      expect.stringMatching(/^input_layer(_\d+)?$/),
      expect.stringMatching(/^reshape(_\d+)?$/),
      expect.stringMatching(/^lstm(_\d+)?$/),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
