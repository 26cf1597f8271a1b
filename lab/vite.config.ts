/**
 * The lab's Vite config: root lab/, output lab/dist, `neurite` resolved to the library's
 * sources (as vitest.config.ts does), the cross-origin isolation headers (COOP/COEP) on the
 * dev and preview servers (the wasm backend's threads need them), and the MNIST and
 * Fashion-MNIST files served at `data/<set>/<file>` in dev and copied into the build.
 * `base: './'` makes the build work from any static host or sub-path.
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '..');
/** The data sets the lab serves, and the files of each it copies. */
const DATA_SETS = ['mnist', 'fashion-mnist'];
const isDataFile = (name: string): boolean => name.endsWith('.gz') || name === 'LICENSE';

/** Headers that make the page cross-origin isolated (SharedArrayBuffer, wasm threads). */
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Serves data/<set>/<file> from the repository in dev, and copies those files into the build. */
function dataSets(): Plugin {
  let outDir = join(here, 'dist');
  return {
    name: 'neurite-lab-data',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const match = /^\/data\/([a-z-]+)\/([A-Za-z0-9._-]+)$/.exec((req.url ?? '').split('?')[0]!);
        if (!match || !DATA_SETS.includes(match[1]!) || !isDataFile(match[2]!)) return next();
        const file = join(repo, 'data', match[1]!, match[2]!);
        if (!existsSync(file)) return next();
        res.setHeader(
          'Content-Type',
          match[2]!.endsWith('.gz') ? 'application/gzip' : 'text/plain',
        );
        res.setHeader('Content-Length', String(statSync(file).size));
        createReadStream(file).pipe(res);
      });
    },
    async writeBundle() {
      for (const set of DATA_SETS) {
        const from = join(repo, 'data', set);
        if (!existsSync(from)) continue;
        const to = join(outDir, 'data', set);
        await mkdir(to, { recursive: true });
        for (const name of await readdir(from))
          if (isDataFile(name)) await copyFile(join(from, name), join(to, name));
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  publicDir: 'public',
  resolve: {
    // The library's sources (like vitest.config.ts), never a stale dist/ build, and one copy.
    alias: [
      { find: /^neurite$/, replacement: join(repo, 'src/index.ts') },
      { find: /^neurite\/tfjs$/, replacement: join(repo, 'src/tfjs/index.ts') },
      { find: /^neurite\/plots$/, replacement: join(repo, 'src/plots/index.ts') },
    ],
  },
  server: { headers: ISOLATION },
  preview: { headers: ISOLATION },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    rolldownOptions: {
      // The library's Node-only modules (files, downloads) are in the graph but never run in
      // the browser: Vite replaces their node: imports with empty modules. Say it once, not 30 times.
      onwarn(warning, warn) {
        if (
          /externalized for browser compatibility|INEFFECTIVE_DYNAMIC_IMPORT/.test(
            `${warning.code ?? ''} ${warning.message}`,
          )
        )
          return;
        warn(warning);
      },
    },
    emptyOutDir: true,
    target: 'es2022',
    // vega (lazily loaded) and h5wasm (Keras files, loaded only when one is read) are large.
    chunkSizeWarningLimit: 5000,
  },
  plugins: [dataSets()],
});
