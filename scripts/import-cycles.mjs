/**
 * Finds import cycles between the modules of src/: static `import`/`export … from` and lazy
 * `import('./…')` (type-only imports are excluded: they vanish at compile time). Prints each cycle as a strongly connected
 * group of files and exits 1 when there is any outside the allowed ones.
 *
 *   node scripts/import-cycles.mjs            # what test/package/import-cycles.test.ts checks
 *
 * Allowed: the files of src/ops/ among themselves (gradient rules call other ops, which
 * call back into the rules' module; they form one unit).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Static, value-level imports of one file, as absolute paths of .ts files. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  const re =
    /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[4] ?? m[5];
    if (m[2] || !spec?.startsWith('.')) continue;
    // `import { type A, type B } from` is type-only too.
    const names = m[3] ?? '';
    if (/^\{[^}]*\}$/s.test(names.trim())) {
      const parts = names
        .trim()
        .slice(1, -1)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (parts.length > 0 && parts.every((p) => p.startsWith('type '))) continue;
    }
    out.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
  }
  // A lazy `import('./x.js')` is a dependency too: it only hides a cycle until run time.
  for (const m of text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    out.push(resolve(dirname(file), m[1].replace(/\.js$/, '.ts')));
  }
  return out;
}

/** Tarjan's strongly connected components; returns the groups of more than one file. */
export function findCycles(srcDir = join(root, 'src')) {
  const files = filesUnder(srcDir);
  const known = new Set(files);
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((d) => known.has(d))]));
  return sccs(graph).map((g) => g.map((f) => relative(root, f)).sort());
}

function sccs(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const groups = [];
  const strong = (v) => {
    // Iterative DFS so that a deep import chain cannot overflow the stack.
    const work = [[v, 0]];
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [u, i] = frame;
      const deps = graph.get(u) ?? [];
      if (i < deps.length) {
        frame[1]++;
        const w = deps[i];
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          on.add(w);
          work.push([w, 0]);
        } else if (on.has(w)) low.set(u, Math.min(low.get(u), idx.get(w)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(u)));
      }
      if (low.get(u) === idx.get(u)) {
        const group = [];
        let w;
        do {
          w = stack.pop();
          on.delete(w);
          group.push(w);
        } while (w !== u);
        if (group.length > 1) groups.push(group);
      }
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return groups;
}

/** A group is allowed when all its files are in src/ops/. */
export function disallowed(groups) {
  return groups.filter((g) => !g.every((f) => f.startsWith('src/ops/')));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const groups = findCycles();
  for (const g of groups) console.log(`cycle (${g.length} files):\n  ${g.join('\n  ')}`);
  const bad = disallowed(groups);
  console.log(bad.length === 0 ? 'no import cycle outside src/ops/' : `${bad.length} disallowed`);
  process.exit(bad.length === 0 ? 0 : 1);
}
