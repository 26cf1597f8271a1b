/** The Neurite program the neuron page shows: its data, the perceptron, then the hidden layer. */
import type { Point } from './data.js';

/** The program for `points`, with `epochs` perceptron epochs and an MLP of `hidden` tanh units. */
export function neuronCode(
  points: readonly Point[],
  name: string,
  epochs: number,
  hidden: number,
  mlpEpochs: number,
): string {
  const xs = points.map((p) => `[${+p.x.toFixed(2)}, ${+p.y.toFixed(2)}]`).join(', ');
  const ys = points.map((p) => p.label).join(', ');
  return `import * as nn from 'neurite';

// ${name}: the points and their classes (0 or 1).
const x = nn.tensor([${xs}]);
const y = nn.tensor([${ys}]);

// Rosenblatt's perceptron, one epoch (one pass of the rule over every point) at a time.
const p = new nn.Perceptron({ inputDim: 2, learningRate: 1 });
for (let epoch = 1; epoch <= ${epochs}; epoch++) {
  const { errors } = p.fit(x, y, { epochs: 1 });
  const [w1, w2] = p.weights.dataSync();
  const [b] = p.bias.dataSync();
  console.log(\`epoch \${epoch}: \${errors[0]} wrong; the line \${w1}·x1 + \${w2}·x2 + \${b} = 0\`);
  if (errors[0] === 0) break; // converged: the line separates the classes
}

// A hidden layer: ${hidden} tanh neurons, then one sigmoid neuron.
nn.setSeed(1);
const model = nn.sequential({
  layers: [
    nn.layers.dense({ units: ${hidden}, activation: 'tanh', inputShape: [2] }),
    nn.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
model.compile({ optimizer: nn.optimizers.adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy' });
await model.fit(x, y.reshape([${points.length}, 1]), { epochs: ${mlpEpochs}, batchSize: ${points.length}, verbose: 0 });
console.log(model.predict(x).dataSync()); // ≥ 0.5 means class 1
`;
}
