/**
 * The two networks the page trains, built with the public API, and the same program as
 * text for the code panel (kept next to each other so that they say the same thing).
 */
import * as nn from 'neurite';
import type { Arch, TrainSettings } from './protocol.js';

/** The input shape each architecture takes (without the batch). */
export function inputShapeOf(arch: Arch): number[] {
  return arch === 'mlp' ? [28, 28] : [28, 28, 1];
}

/**
 * Builds and compiles the chosen network. The names are the ones Keras and Neurite give by
 * default, spelled out because a minified bundle renames classes (default layer names come
 * from the class name), and so that every run in the worker gets the same names.
 */
export function buildModel(arch: Arch): nn.Sequential {
  const model =
    arch === 'mlp'
      ? nn.sequential({
          name: 'sequential',
          layers: [
            nn.layers.flatten({ inputShape: [28, 28], name: 'flatten' }),
            nn.layers.dense({ units: 128, activation: 'relu', name: 'dense' }),
            nn.layers.dense({ units: 10, activation: 'softmax', name: 'dense_1' }),
          ],
        })
      : nn.sequential({
          name: 'sequential',
          layers: [
            nn.layers.conv2d({
              filters: 8,
              kernelSize: 3,
              activation: 'relu',
              inputShape: [28, 28, 1],
              name: 'conv2d',
            }),
            nn.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d' }),
            nn.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', name: 'conv2d_1' }),
            nn.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d_1' }),
            nn.layers.flatten({ name: 'flatten' }),
            nn.layers.dense({ units: 10, activation: 'softmax', name: 'dense' }),
          ],
        });
  model.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

const LAYERS: Record<Arch, string> = {
  mlp: `    nn.layers.flatten({ inputShape: [28, 28] }),
    nn.layers.dense({ units: 128, activation: 'relu' }),
    nn.layers.dense({ units: 10, activation: 'softmax' }),`,
  cnn: `    nn.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
    nn.layers.maxPooling2d({ poolSize: 2 }),
    nn.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
    nn.layers.maxPooling2d({ poolSize: 2 }),
    nn.layers.flatten(),
    nn.layers.dense({ units: 10, activation: 'softmax' }),`,
};

/** The Neurite program that does what the page does with `s`, as a learner would write it. */
export function codeFor(s: TrainSettings): string {
  const data = s.dataset === 'mnist' ? 'mnist' : 'fashionMnist';
  const reshape = s.arch === 'cnn' ? '.reshape([-1, 28, 28, 1])' : '';
  return `import * as nn from 'neurite';

// ${s.dataset === 'mnist' ? 'MNIST digits' : 'Fashion-MNIST garments'}: 28×28 grey images, labels 0..9.
const [[xAll, yAll], [xTest, yTest]] = await nn.datasets.${data}.loadData({ normalize: true });
const x = nn.slice(xAll, [0], [${s.trainSize}])${reshape};
const y = nn.slice(yAll, [0], [${s.trainSize}]);
const xt = xTest${reshape};

const model = nn.sequential({
  layers: [
${LAYERS[s.arch]}
  ],
});
model.compile({
  optimizer: 'adam',
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
});
model.summary();

await model.fit(x, y, {
  epochs: ${s.epochs},
  batchSize: ${s.batchSize},
  shuffle: true,
  validationData: [xt, yTest],
  callbacks: { onBatchEnd: (batch, logs) => console.log(batch, logs?.loss) },
});
const { loss, accuracy } = await model.evaluate(xt, yTest);
console.log(\`test accuracy \${accuracy}\`);
`;
}
