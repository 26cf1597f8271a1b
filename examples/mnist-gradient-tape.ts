/**
 * MNIST digits with a training loop written by hand (chapter §4–5): mini-batches, a
 * softmax output, cross-entropy, gradients from a GradientTape and an optimizer's
 * applyGradients — what `fit` does, spelled out.
 *
 * Run: npx tsx examples/mnist-gradient-tape.ts [--limit 60000] [--epochs 1]
 */
import { pathToFileURL } from 'node:url';
import * as nn from 'neurite';

export interface Options {
  /** Training images to use (default all 60,000). */
  limit?: number;
  epochs?: number;
  batchSize?: number;
  log?: (line: string) => void;
}

export async function main({
  limit,
  epochs = 1,
  batchSize = 32,
  log = console.log,
}: Options = {}): Promise<{ losses: number[]; testAccuracy: number }> {
  nn.setSeed(1);
  const [[xTrain, yTrain], [xTest, yTest]] = await nn.datasets.mnist.loadData({ limit });
  // Scale pixels to [0, 1] and flatten each 28x28 image to 784 inputs.
  const prep = (x: nn.Tensor): nn.Tensor =>
    nn.tidy(() => nn.div(x, 255).reshape([x.shape[0]!, 784]));
  const x = prep(xTrain);
  const xt = prep(xTest);

  // Two dense layers built from variables: 784 → 128 (relu) → 10 (logits).
  const glorot = nn.initializers.glorotUniform();
  const w1 = nn.variable(glorot.call([784, 128]), true, 'w1');
  const b1 = nn.variable(nn.zeros([128]), true, 'b1');
  const w2 = nn.variable(glorot.call([128, 10]), true, 'w2');
  const b2 = nn.variable(nn.zeros([10]), true, 'b2');
  const vars = [w1, b1, w2, b2];
  const forward = (inp: nn.Tensor): nn.Tensor =>
    nn.add(nn.matMul(nn.relu(nn.add(nn.matMul(inp, w1), b1)), w2), b2);
  const crossEntropy = nn.losses.sparseCategoricalCrossentropy({ fromLogits: true });
  const optimizer = nn.optimizers.adam({ learningRate: 1e-3 });

  const n = x.shape[0]!;
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    let total = 0;
    let count = 0;
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      nn.tidy(() => {
        const xb = nn.slice(x, [start, 0], [size, 784]);
        const yb = nn.slice(yTrain, [start], [size]);
        const tape = new nn.GradientTape();
        const loss = tape.record(() => crossEntropy(yb, forward(xb)));
        const grads = tape.gradient(loss, vars);
        optimizer.applyGradients(grads.map((g, i) => [g, vars[i]!] as const));
        total += loss.dataSync()[0]! * size;
        count += size;
      });
    }
    losses.push(total / count);
    log(`epoch ${epoch + 1}: loss ${(total / count).toFixed(4)}`);
  }
  const testAccuracy = nn.tidy(() => {
    const pred = nn.argMax(forward(xt), -1);
    return nn.mean(nn.cast(nn.equal(pred, yTest), 'float32')).dataSync()[0]!;
  });
  log(`test accuracy: ${testAccuracy.toFixed(4)}`);
  return { losses, testAccuracy };
}

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main({ limit: arg('limit'), epochs: arg('epochs') });
}
