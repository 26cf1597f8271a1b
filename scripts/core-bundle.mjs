/**
 * Bundles `import * as nn from 'neurite'` for the browser, as an application's bundler
 * would (esbuild, code splitting, `node:*` left external), and reports what it pulled in and
 * how big it is. Used by test/package/core-bundle.test.ts and by hand:
 *
 *   node scripts/core-bundle.mjs        # prints the sizes the README states
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

/**
 * @returns {Promise<{inputs: string[], entryBytes: number, totalBytes: number,
 *   entryGzip: number, totalGzip: number}>} the bundled source files and the sizes of the
 *   chunk a page loads first and of all chunks, minified and gzipped.
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
    // What a page loads at once: the entry chunk and the chunks it imports statically. The
    // rest (Node-only file and download code) loads only if called.
    const outputs = result.metafile.outputs;
    const entry = Object.keys(outputs).find((o) => o.endsWith('/app.js') || o === 'app.js');
    const eager = new Set();
    const visit = (o) => {
      if (eager.has(o)) return;
      eager.add(o);
      for (const i of outputs[o]?.imports ?? []) if (i.kind === 'import-statement') visit(i.path);
    };
    if (entry) visit(entry);
    let totalBytes = 0;
    let totalGzip = 0;
    let entryBytes = 0;
    let entryGzip = 0;
    for (const o of Object.keys(outputs)) {
      if (!o.endsWith('.js')) continue;
      const bytes = readFileSync(o.startsWith('/') ? o : join(process.cwd(), o));
      const gz = gzipSync(bytes, { level: 9 }).length;
      totalBytes += bytes.length;
      totalGzip += gz;
      if (eager.has(o)) {
        entryBytes += bytes.length;
        entryGzip += gz;
      }
    }
    return { inputs, entryBytes, totalBytes, entryGzip, totalGzip };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await bundleCore();
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`core bundle: ${r.inputs.length} source files`);
  console.log(`  loaded by the page: ${kb(r.entryBytes)} minified, ${kb(r.entryGzip)} gzip`);
  console.log(`  all chunks:         ${kb(r.totalBytes)} minified, ${kb(r.totalGzip)} gzip`);
  const packages = [
    ...new Set(
      r.inputs
        .filter((i) => i.includes('node_modules/'))
        .map((i) =>
          i
            .split('node_modules/')
            .pop()
            .split('/')
            .slice(0, i.includes('/@') ? 2 : 1)
            .join('/'),
        ),
    ),
  ];
  console.log(`  packages: ${packages.join(', ') || 'none'}`);
}
