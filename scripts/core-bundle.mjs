/**
 * Bundles `import * as nn from 'neurite'` for the browser, as an application's bundler
 * would (esbuild, code splitting, `node:*` left external), and reports what it pulled in and
 * how big it is. Used by test/package/core-bundle.test.ts and by hand:
 *
 *   node scripts/core-bundle.mjs        # prints the sizes the README states
 *
 * A page loads the entry chunk and what it imports statically; packages behind a dynamic
 * import() (h5wasm, which embeds its WebAssembly) load only when a Keras file is read or
 * written.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The npm package a bundled input comes from (`h5wasm`, `@scope/name`), or null for our sources. */
export function packageOf(input) {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return null;
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * @returns {Promise<import('./core-bundle.d.mts').CoreBundleReport>} the bundled source
 *   files, every chunk (its size, whether the page loads it at start-up, the packages in it,
 *   how it is reached), and the sizes of the chunks a page loads at start-up and of all
 *   chunks, minified and gzipped.
 */
export async function bundleCore() {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-core-bundle-'));
  try {
    writeFileSync(join(dir, 'app.js'), "import * as nn from 'neurite';\nglobalThis.nn = nn;\n");
    const result = await build({
      entryPoints: [join(dir, 'app.js')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      outdir: join(dir, 'out'),
      external: ['node:*'],
      alias: { neurite: join(root, 'src/index.ts') },
      metafile: true,
      logLevel: 'error',
    });
    const inputs = Object.keys(result.metafile.inputs);
    // What a page loads at start-up: the entry chunk and the chunks it imports statically,
    // transitively. The rest (h5wasm, Node-only file and download code) loads through
    // dynamic import() only when called.
    const outputs = result.metafile.outputs;
    const entry = Object.keys(outputs).find((o) => o.endsWith('/app.js') || o === 'app.js');
    const eager = new Set();
    const visit = (o) => {
      if (eager.has(o)) return;
      eager.add(o);
      for (const i of outputs[o]?.imports ?? []) if (i.kind === 'import-statement') visit(i.path);
    };
    if (entry) visit(entry);
    const dynamicTargets = new Set(
      Object.values(outputs).flatMap((o) =>
        (o.imports ?? []).filter((i) => i.kind === 'dynamic-import').map((i) => i.path),
      ),
    );
    const chunks = [];
    for (const o of Object.keys(outputs)) {
      if (!o.endsWith('.js')) continue;
      const bytes = readFileSync(o.startsWith('/') ? o : join(process.cwd(), o));
      const packageBytes = {};
      for (const [input, { bytesInOutput }] of Object.entries(outputs[o].inputs)) {
        const p = packageOf(input);
        if (p !== null) packageBytes[p] = (packageBytes[p] ?? 0) + bytesInOutput;
      }
      const packages = Object.keys(packageBytes).sort();
      chunks.push({
        file: o.split('/').pop(),
        bytes: bytes.length,
        gzip: gzipSync(bytes, { level: 9 }).length,
        eager: eager.has(o),
        dynamicallyImported: dynamicTargets.has(o),
        packages,
        packageBytes,
      });
    }
    const sum = (list, key) => list.reduce((s, c) => s + c[key], 0);
    const eagerChunks = chunks.filter((c) => c.eager);
    return {
      inputs,
      chunks,
      entryBytes: sum(eagerChunks, 'bytes'),
      entryGzip: sum(eagerChunks, 'gzip'),
      totalBytes: sum(chunks, 'bytes'),
      totalGzip: sum(chunks, 'gzip'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await bundleCore();
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  const eager = r.chunks.filter((c) => c.eager);
  const lazy = r.chunks.filter((c) => !c.eager);
  console.log(`core bundle: ${r.inputs.length} source files, ${r.chunks.length} chunks`);
  console.log(
    `  loaded by the page at start-up: ${kb(r.entryBytes)} minified, ${kb(r.entryGzip)} gzip`,
  );
  const inEager = {};
  for (const c of eager)
    for (const [p, n] of Object.entries(c.packageBytes)) inEager[p] = (inEager[p] ?? 0) + n;
  console.log(
    `    packages: ${
      Object.entries(inEager)
        .map(([p, n]) => `${p} ${kb(n)}`)
        .join(', ') || 'none'
    }`,
  );
  console.log(`  all chunks: ${kb(r.totalBytes)} minified, ${kb(r.totalGzip)} gzip`);
  for (const c of lazy.filter((c) => c.packages.length > 0))
    console.log(
      `    on demand: ${c.packages.join(', ')}: ${kb(c.bytes)} minified, ${kb(c.gzip)} gzip`,
    );
}
