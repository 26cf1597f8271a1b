/**
 * The perceptron and linear separability (chapter §1).
 *
 * A single neuron z = w·x + b with a step activation, trained by Rosenblatt's rule, learns
 * AND and OR (a straight line separates the classes) but never XOR. One hidden layer
 * bends the boundary: a small MLP trained by gradient descent learns XOR.
 *
 * Run: npx tsx examples/perceptron.ts
 */
import { pathToFileURL } from 'node:url';
import * as nn from 'neurite';

const INPUTS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const GATES = { AND: [0, 0, 0, 1], OR: [0, 1, 1, 1], XOR: [0, 1, 1, 0] } as const;

export interface GateResult {
  gate: keyof typeof GATES;
  converged: boolean;
  epochs: number;
  predictions: number[];
  weights: number[];
  bias: number;
}

export function perceptronOnGates(epochs = 50): GateResult[] {
  const x = nn.tensor(INPUTS);
  return (Object.keys(GATES) as (keyof typeof GATES)[]).map((gate) => {
    const p = new nn.Perceptron({ inputDim: 2 });
    const h = p.fit(x, nn.tensor([...GATES[gate]]), { epochs });
    return {
      gate,
      converged: h.converged,
      epochs: h.errors.length,
      predictions: [...p.predict(x).dataSync()],
      weights: [...p.weights.dataSync()],
      bias: p.bias.dataSync()[0]!,
    };
  });
}

/** A 2-8-1 MLP (tanh hidden, sigmoid output) trained on XOR with plain gradient descent. */
export function mlpOnXor(
  steps = 2000,
  learningRate = 0.5,
): { predictions: number[]; loss: number } {
  nn.setSeed(0);
  const model = nn.sequential({
    layers: [
      nn.layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }),
      nn.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  const x = nn.tensor(INPUTS);
  const y = nn.tensor(GATES.XOR.map((v) => [v]));
  let loss = Infinity;
  for (let i = 0; i < steps; i++) {
    nn.tidy(() => {
      const tape = new nn.GradientTape();
      const l = tape.record(() => nn.mean(nn.square(nn.sub(model.apply(x), y))));
      const vars = model.trainableWeights;
      const grads = tape.gradient(l, vars);
      vars.forEach((v, k) => v.assign(nn.sub(v, nn.mul(grads[k]!, learningRate))));
      loss = l.dataSync()[0]!;
    });
  }
  const predictions = [...model.predict(x).dataSync()];
  return { predictions, loss };
}

export function main(): { gates: GateResult[]; xor: { predictions: number[]; loss: number } } {
  const gates = perceptronOnGates();
  for (const g of gates) {
    const verdict = g.converged
      ? `learned in ${g.epochs} epochs`
      : `not learned after ${g.epochs} epochs`;
    console.log(
      `perceptron ${g.gate.padEnd(3)}: ${verdict}; predictions ${g.predictions.join(' ')}; w = [${g.weights.join(', ')}], b = ${g.bias}`,
    );
  }
  const xor = mlpOnXor();
  console.log(
    `MLP 2-8-1 on XOR: loss ${xor.loss.toFixed(4)}, outputs ${xor.predictions.map((p) => p.toFixed(3)).join(' ')}`,
  );
  return { gates, xor };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
