/**
 * Regenerates the pictures under docs/ that the README shows, from real computations
 * (`neurite/plots`). Run: npx tsx scripts/make-figures.ts [outDir]   (default: docs)
 */
import { join } from 'node:path';
import '../src/index.js';
import * as plots from '../src/plots/index.js';

const out = process.argv[2] ?? 'docs';

const figures: [string, () => plots.Figure<unknown> | Promise<plots.Figure<unknown>>][] = [
  ['activations.svg', () => plots.activations()],
  ['optimizer-paths-saddle.svg', () => plots.optimizerPaths({ surface: 'saddle' })],
  ['optimizer-paths-two-minima.svg', () => plots.optimizerPaths({ surface: 'twoMinima' })],
  [
    'decision-boundary-moons.svg',
    () => plots.decisionBoundary({ dataset: 'moons', hidden: [8], epochs: 100, seed: 0 }),
  ],
  ['separability.svg', () => plots.separability()],
  ['gradient-field.svg', () => plots.gradientField({ fn: 'bowl' })],
];

for (const [file, make] of figures) {
  const t0 = performance.now();
  const written = await plots.writeFigure(await make(), join(out, file));
  console.log(
    `${written.path}: ${(written.bytes / 1024).toFixed(1)} kB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
