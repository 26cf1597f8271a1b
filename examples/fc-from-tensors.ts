/**
 * Fully connected layers built from tensors (chapter: "fully connected layers").
 *
 * Before using `nn.layers.dense`, build the same thing by hand: each layer is a weight
 * matrix W and a bias vector b held in `nn.variable`s, and computes act(x·W + b). Four of
 * them (2 → 16 → 16 → 8 → 1, relu, relu, relu, sigmoid) learn to tell the points inside a
 * circle from those outside it, a problem no straight line solves. Training is plain
 * gradient descent written out: a `GradientTape` records the loss, `tape.gradient` gives
 * dLoss/dv for every variable, and each variable steps against its gradient,
 * `v ← v − lr·g`. Every step runs inside `nn.tidy`, so the tensors it creates are freed and
 * memory stays flat however long it trains.
 *
 * Run: npx tsx examples/fc-from-tensors.ts
 */
import { pathToFileURL } from 'node:url';
import * as nn from 'neurite';

export interface FcFromTensorsArgs {
  /** Gradient-descent steps (full batch). Default 300. */
  steps?: number;
  /** Step size of `v ← v − lr·g`. Default 0.2. */
  learningRate?: number;
  /** Number of training points. Default 256. */
  numPoints?: number;
  /** Seed of the data and the initial weights. Default 42. */
  seed?: number;
  /** Where progress lines go. Default console.log; pass `() => {}` for silence. */
  log?: (line: string) => void;
}

export interface FcFromTensorsResult {
  /** The loss before each step. */
  losses: number[];
  /** The loss after the last step. */
  finalLoss: number;
  /** Fraction of training points classified correctly at the end. */
  accuracy: number;
  /** `nn.memory().numTensors` after step 10 and after step 100 (equal: nothing leaks). */
  tensorsAt10: number;
  tensorsAt100: number;
}

/** One fully connected layer: its two variables and the activation applied to x·W + b. */
interface Dense {
  w: nn.Variable;
  b: nn.Variable;
  act: (z: nn.Tensor) => nn.Tensor;
}

/** He-normal weights (std √(2/fanIn), good for relu) and zero biases. */
function dense(
  name: string,
  fanIn: number,
  units: number,
  act: (z: nn.Tensor) => nn.Tensor,
): Dense {
  // tidy frees the initial values once the variables hold copies of them.
  const w = nn.tidy(() =>
    nn.variable(nn.randomNormal([fanIn, units], 0, Math.sqrt(2 / fanIn)), true, `${name}/kernel`),
  );
  const b = nn.tidy(() => nn.variable(nn.zeros([units]), true, `${name}/bias`));
  return { w, b, act };
}

/**
 * Points uniform in the square [-1, 1]², labelled 1 inside the circle of radius 0.7 (about
 * 38% of them) and 0 outside.
 */
export function circleData(n: number): { x: nn.Tensor; y: nn.Tensor } {
  return nn.tidy(() => {
    const x = nn.randomUniform([n, 2], -1, 1);
    const inside = nn.less(nn.sum(nn.square(x), 1, true), 0.7 * 0.7);
    return { x, y: nn.cast(inside, 'float32') };
  });
}

export function main(opts: FcFromTensorsArgs = {}): FcFromTensorsResult {
  const { steps = 300, learningRate = 0.2, numPoints = 256, seed = 42, log = console.log } = opts;
  nn.setSeed(seed);
  const { x, y } = circleData(numPoints);
  const net: Dense[] = [
    dense('fc1', 2, 16, nn.relu),
    dense('fc2', 16, 16, nn.relu),
    dense('fc3', 16, 8, nn.relu),
    // The last layer's activation is the sigmoid; the loss below works on its input z.
    dense('fc4', 8, 1, (z) => z),
  ];
  const variables = net.flatMap((l) => [l.w, l.b]);

  /** The logits z of the last layer: sigmoid(z) is the probability of "inside". */
  const logits = (input: nn.Tensor): nn.Tensor =>
    net.reduce((h, l) => l.act(nn.add(nn.matMul(h, l.w), l.b)), input);

  /**
   * Binary cross-entropy of p = sigmoid(z): −[y·log p + (1−y)·log(1−p)], which simplifies
   * to softplus(z) − y·z, a form that never takes the log of 0.
   */
  const lossOf = (z: nn.Tensor): nn.Tensor => nn.mean(nn.sub(nn.softplus(z), nn.mul(y, z)));

  const losses: number[] = [];
  let tensorsAt10 = 0;
  let tensorsAt100 = 0;
  for (let step = 1; step <= steps; step++) {
    nn.tidy(() => {
      const tape = new nn.GradientTape();
      const loss = tape.record(() => lossOf(logits(x)));
      const grads = tape.gradient(loss, variables);
      variables.forEach((v, i) => v.assign(nn.sub(v, nn.mul(grads[i]!, learningRate))));
      losses.push(loss.dataSync()[0]!);
    });
    if (step === 10) tensorsAt10 = nn.memory().numTensors;
    if (step === 100) tensorsAt100 = nn.memory().numTensors;
    if (step % 100 === 0 || step === 1) {
      log(`step ${String(step).padStart(4)}: loss ${losses[losses.length - 1]!.toFixed(4)}`);
    }
  }

  const { finalLoss, accuracy } = nn.tidy(() => {
    const z = logits(x);
    const predicted = nn.cast(nn.greater(nn.sigmoid(z), 0.5), 'float32');
    return {
      finalLoss: lossOf(z).dataSync()[0]!,
      accuracy: nn.mean(nn.cast(nn.equal(predicted, y), 'float32')).dataSync()[0]!,
    };
  });
  log(`final loss ${finalLoss.toFixed(4)}, training accuracy ${(accuracy * 100).toFixed(1)}%`);
  log(`live tensors after step 10: ${tensorsAt10}, after step 100: ${tensorsAt100}`);
  nn.dispose([x, y, ...variables]);
  return { losses, finalLoss, accuracy, tensorsAt10, tensorsAt100 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
