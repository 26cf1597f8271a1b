/**
 * `neurite/tfjs` in a browser bundle, as an application's bundler would take it (esbuild,
 * code splitting, `node:*` external): it bundles, brings no TF.js, no chart engine and no
 * CLI library, and the Node file code stays out of the chunks a page loads first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('a browser bundle of neurite/tfjs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-tfjs-bundle-'));
  try {
    writeFileSync(
      join(dir, 'app.js'),
      "import * as tf from 'neurite/tfjs';\nglobalThis.tf = tf;\n",
    );
    const result = await build({
      entryPoints: [join(dir, 'app.js')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outdir: join(dir, 'out'),
      external: ['node:*'],
      alias: { 'neurite/tfjs': join(root, 'src/tfjs/index.ts') },
      metafile: true,
      logLevel: 'error',
    });
    const inputs = Object.keys(result.metafile.inputs);
    for (const heavy of ['@tensorflow', 'vega', '@resvg', 'commander']) {
      expect(inputs.filter((i) => i.includes(`node_modules/${heavy}`))).toEqual([]);
    }
    expect(inputs.some((i) => i.includes('src/tfjs/io.ts'))).toBe(true);
    // The chunks a page loads at once import no node: module statically.
    const outputs = result.metafile.outputs;
    const entry = Object.keys(outputs).find((o) => o.endsWith('app.js'))!;
    const eager = new Set<string>();
    const nodeImports: string[] = [];
    const visit = (o: string): void => {
      if (eager.has(o)) return;
      eager.add(o);
      for (const i of outputs[o]?.imports ?? []) {
        if (i.kind !== 'import-statement') continue;
        if (i.path.startsWith('node:')) nodeImports.push(i.path);
        else visit(i.path);
      }
    };
    visit(entry);
    expect(nodeImports).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
