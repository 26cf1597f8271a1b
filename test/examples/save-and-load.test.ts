import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { main } from '../../examples/save-and-load.js';

test('examples/save-and-load: a saved MNIST model, loaded in a fresh process, scores the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-example-'));
  try {
    const { trained, loaded } = await main({
      limit: 2000,
      epochs: 1,
      dir: join(dir, 'model'),
      verbose: 0,
    });
    expect(trained.accuracy).toBeGreaterThan(0.7);
    expect(loaded.accuracy).toBe(trained.accuracy);
    expect(loaded.loss).toBeCloseTo(trained.loss, 6);
    expect(readdirSync(join(dir, 'model')).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
