/**
 * Activation functions (chapter §2): prints a table of each activation's value at a few
 * points, and its derivative computed by automatic differentiation.
 *
 * Run: npx tsx examples/activations.ts
 */
import { pathToFileURL } from 'node:url';
import * as nn from 'neurite';

export const POINTS = [-3, -1, -0.5, 0, 0.5, 1, 3];
export const SHOWN = [
  'step',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'elu',
  'selu',
  'softplus',
  'softsign',
  'gelu',
  'silu',
  'hardSigmoid',
  'mish',
] as const;

export function table(): { id: string; values: number[]; derivatives: number[] }[] {
  const x = nn.tensor(POINTS);
  return SHOWN.map((id) => {
    const f = nn.activations.get(id);
    return nn.tidy(() => ({
      id,
      values: [...f(x).dataSync()],
      derivatives: [
        ...nn
          .grad((t) => nn.sum(f(t)))(x)
          .dataSync(),
      ],
    }));
  });
}

export function main(): ReturnType<typeof table> {
  const rows = table();
  const head = 'x'.padEnd(12) + POINTS.map((p) => String(p).padStart(9)).join('');
  console.log(head);
  for (const r of rows) {
    console.log(r.id.padEnd(12) + r.values.map((v) => v.toFixed(4).padStart(9)).join(''));
    console.log(`  d/dx`.padEnd(12) + r.derivatives.map((v) => v.toFixed(4).padStart(9)).join(''));
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
