/**
 * CommonJS programs load the package with `require('neurite')` (most Node scripts are
 * CommonJS). Node ≥ 20.19 loads an ES module from `require` when it has no top-level await,
 * so the package's `default` export condition serves both, with one copy of the library
 * (no dual-package hazard: a CommonJS and an ESM user in one process share one engine).
 * Runs the built package (dist/), as a user's program would.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('a CommonJS script requires neurite, trains a step and shares the engine with import', () => {
  // A .cjs file inside the package resolves 'neurite' to the package itself.
  const dir = mkdtempSync(join(root, 'test', 'package', '.tmp-cjs-'));
  const script = join(dir, 'program.cjs');
  writeFileSync(
    script,
    `const nn = require('neurite');
(async () => {
  await nn.ready();
  const esm = await import('neurite');
  const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  const h = await model.fit(nn.tensor([[1, 2], [3, 4]]), nn.tensor([[1], [2]]), { verbose: 0 });
  console.log(JSON.stringify({
    backend: nn.getBackend(),
    same: esm.tensor === nn.tensor,
    epochs: h.epoch.length,
  }));
})();
`,
  );
  try {
    const out = execFileSync(process.execPath, [script], { encoding: 'utf8' });
    expect(JSON.parse(out.trim())).toEqual({ backend: 'wasm', same: true, epochs: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test('a CommonJS script requires neurite/plots and neurite/tfjs', () => {
  const dir = mkdtempSync(join(root, 'test', 'package', '.tmp-cjs-'));
  const script = join(dir, 'plots.cjs');
  writeFileSync(
    script,
    `const plots = require('neurite/plots');
const tf = require('neurite/tfjs');
console.log(JSON.stringify({
  plots: typeof plots === 'object' && plots !== null,
  activations: typeof plots.activations,
  tfjs: typeof tf.tensor,
}));
`,
  );
  try {
    const out = execFileSync(process.execPath, [script], { encoding: 'utf8' });
    expect(JSON.parse(out.trim())).toEqual({
      plots: true,
      activations: 'function',
      tfjs: 'function',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
