/**
 * Where data set files are looked for on Node, in order: an explicit `dataDir`, the
 * `NEURITE_DATA` folder, the package's own `data/` folder (the official files ship there),
 * then the download cache. Node-only: load it with a dynamic `import()`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetFile } from './spec.js';

let packageRoot: string | null | undefined;

/**
 * The folder holding Neurite's package.json, found by walking up from this module, so it
 * works from `src/datasets/` (tests) and from `dist/datasets/` (the build) alike.
 */
export function findPackageRoot(): string | null {
  if (packageRoot !== undefined) return packageRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  packageRoot = null;
  for (let i = 0; i < 6; i++) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
        if (typeof parsed === 'object' && parsed !== null && 'name' in parsed) {
          if (parsed.name === 'neurite') {
            packageRoot = dir;
            break;
          }
        }
      } catch {
        // Not a readable manifest: keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return packageRoot;
}

/** The package's `data/` folder, where the official files ship; null if not found. */
export function repoDataDir(): string | null {
  const root = findPackageRoot();
  return root === null ? null : join(root, 'data');
}

/**
 * The download cache: `NEURITE_CACHE` if set, else `$XDG_CACHE_HOME/neurite/datasets`,
 * else `~/.cache/neurite/datasets`. Each data set gets a subfolder.
 */
export function defaultCacheDir(): string {
  const env = process.env['NEURITE_CACHE'];
  if (env) return resolve(env);
  const xdg = process.env['XDG_CACHE_HOME'];
  return join(xdg ? resolve(xdg) : join(homedir(), '.cache'), 'neurite', 'datasets');
}

/**
 * The folders searched for `dataset`'s files, in order, without duplicates. An explicit
 * `dataDir` may hold the files directly or in a `dataset` subfolder; the other roots hold
 * one subfolder per data set.
 */
export function searchDirs(
  dataset: string,
  dataDir: string | undefined,
  cacheDir: string,
): string[] {
  const dirs: string[] = [];
  if (dataDir !== undefined) dirs.push(join(resolve(dataDir), dataset), resolve(dataDir));
  const env = process.env['NEURITE_DATA'];
  if (env) dirs.push(join(resolve(env), dataset));
  const repo = repoDataDir();
  if (repo !== null) dirs.push(join(repo, dataset));
  dirs.push(join(resolve(cacheDir), dataset));
  return [...new Set(dirs)];
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** The first of `dir/name.gz`, `dir/name` over `dirs` that exists, or null. */
export async function findLocal(
  file: DatasetFile,
  dirs: readonly string[],
): Promise<string | null> {
  for (const dir of dirs) {
    for (const candidate of [`${file.name}.gz`, file.name]) {
      const path = join(dir, candidate);
      if (await exists(path)) return path;
    }
  }
  return null;
}
