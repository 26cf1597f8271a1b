/**
 * A multilayer perceptron three ways (chapter §3): Sequential, Functional and a subclassed
 * Model, with the same weights, giving the same outputs. Prints the three summaries.
 *
 * Run: npx tsx examples/three-styles.ts
 */
import { pathToFileURL } from 'node:url';
import * as nn from 'neurite';

export function buildSequential(): nn.Sequential {
  return nn.sequential({
    layers: [
      nn.layers.flatten({ inputShape: [28, 28] }),
      nn.layers.dense({ units: 128, activation: 'relu' }),
      nn.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

export function buildFunctional(): nn.Functional {
  const inputs = nn.input({ shape: [28, 28] });
  const flat = nn.layers.flatten().apply(inputs);
  const hidden = nn.layers.dense({ units: 128, activation: 'relu' }).apply(flat);
  const outputs = nn.layers.dense({ units: 10, activation: 'softmax' }).apply(hidden);
  return nn.model({ inputs, outputs });
}

export class Mlp extends nn.Model {
  flatten = nn.layers.flatten();
  hidden = nn.layers.dense({ units: 128, activation: 'relu' });
  classifier = nn.layers.dense({ units: 10, activation: 'softmax' });

  override call(x: nn.Tensor, opts?: nn.CallOptions): nn.Tensor {
    return this.classifier.apply(this.hidden.apply(this.flatten.apply(x, opts), opts), opts);
  }
}

export function main(): { summaries: string[][]; maxDifference: number; params: number[] } {
  nn.setSeed(42);
  const seq = buildSequential();
  const fun = buildFunctional();
  const sub = new Mlp();
  sub.build([null, 28, 28]);
  fun.setWeights(seq.getWeights());
  sub.setWeights(seq.getWeights());
  const summaries: string[][] = [];
  for (const m of [seq, fun, sub]) {
    const lines: string[] = [];
    m.summary((l) => lines.push(l));
    console.log(lines.join('\n') + '\n');
    summaries.push(lines);
  }
  const x = nn.randomUniform([4, 28, 28], 0, 1, 'float32', 7);
  const ys = [seq, fun, sub].map((m) => m.predict(x).dataSync());
  let maxDifference = 0;
  for (const y of ys.slice(1))
    y.forEach((v, i) => (maxDifference = Math.max(maxDifference, Math.abs(v - ys[0]![i]!))));
  console.log(`largest difference between the three models' outputs: ${maxDifference}`);
  return { summaries, maxDifference, params: [seq, fun, sub].map((m) => m.countParams()) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
