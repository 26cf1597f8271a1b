/**
 * Files written by real Keras 3.16 (test/fixtures/keras-made, scripts/keras_make_fixtures.py):
 * every one loads from `.keras` and `.h5` and predicts what Keras predicted; the `.keras`
 * files bring back Keras's Adam state, so applying the same gradients gives what Keras gave.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import {
  fixtureJson,
  flatOutputs,
  maxAbsDiff,
  type Nested,
  predictNested,
  tensorOf,
} from './helpers.js';

const DIR = 'test/fixtures/keras-made';

interface Made {
  name: string;
  files: { keras: string; h5: string };
  inputs: Nested[];
  outputs: Nested[];
  trainableVariables: { path: string; shape: number[] }[];
  optimizer: { iterations: number };
  resume: { gradients: Nested[]; iterationsAfter: number; outputsAfter: Nested[] };
}

const made = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => fixtureJson<Made>(join(DIR, f)));

/** The model variable Keras calls `path` (`inner/dense/kernel`): by its last two parts. */
function variableFor(model: nn.Model, path: string): nn.Variable {
  const key = path.split('/').slice(-2).join('/');
  const found = model.trainableWeights.filter((v) => v.name.replace(/_\d+$/, '') === key);
  if (found.length !== 1) throw new Error(`no single variable for ${path}`);
  return found[0]!;
}

describe('Keras-written files', () => {
  test('the fixtures are there', () => expect(made.length).toBeGreaterThanOrEqual(4));

  for (const m of made) {
    for (const kind of ['keras', 'h5'] as const) {
      test(`${m.name}.${kind} predicts what Keras predicted`, async () => {
        const model = await nn.loadModel(m.files[kind]);
        const got = predictNested(model, m.inputs);
        const want = flatOutputs(m.outputs);
        expect(got.length).toBe(want.length);
        got.forEach((g, i) => expect(maxAbsDiff(g, want[i]!)).toBeLessThan(1e-4));
      });
    }

    test(`${m.name}.keras restores Keras's optimizer state: resuming gives Keras's numbers`, async () => {
      const model = await nn.loadModel(m.files.keras);
      const opt = model.compiled!.optimizer;
      expect(opt.iterations).toBe(m.optimizer.iterations);
      const pairs = m.trainableVariables.map((t, i) => {
        const v = variableFor(model, t.path);
        expect(v.shape).toEqual(t.shape);
        return [tensorOf(m.resume.gradients[i]!), v] as [nn.Tensor, nn.Variable];
      });
      opt.applyGradients(pairs);
      for (const [g] of pairs) g.dispose();
      expect(opt.iterations).toBe(m.resume.iterationsAfter);
      const got = predictNested(model, m.inputs);
      const want = flatOutputs(m.resume.outputsAfter);
      got.forEach((g, i) => expect(maxAbsDiff(g, want[i]!)).toBeLessThan(1e-4));
    });
  }
});
