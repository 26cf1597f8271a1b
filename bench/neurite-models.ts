/** The benchmark's models in Neurite, built through the public API (shared by the workers). */
import * as nn from '../src/index.js';

/** Dense(units, relu) for each hidden size, then Dense(10, softmax), on 784 inputs. */
export function mlp(hidden: number[]): nn.Sequential {
  const model = nn.sequential();
  hidden.forEach((units, i) =>
    model.add(
      nn.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [784] } : {}) }),
    ),
  );
  model.add(nn.layers.dense({ units: 10, activation: 'softmax' }));
  return model;
}

/**
 * LeNet-5 on 28×28×1 images, as the PyTorch and TF.js peers build it: conv 5×5 (6 filters,
 * same padding, relu) → max-pool 2 → conv 5×5 (16, valid, relu) → max-pool 2 → flatten →
 * Dense 120 → Dense 84 (relu) → Dense(10, softmax).
 */
export function lenet5(): nn.Sequential {
  const model = nn.sequential();
  model.add(
    nn.layers.conv2d({
      filters: 6,
      kernelSize: 5,
      padding: 'same',
      activation: 'relu',
      inputShape: [28, 28, 1],
    }),
  );
  model.add(nn.layers.maxPooling2d({ poolSize: 2 }));
  model.add(nn.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }));
  model.add(nn.layers.maxPooling2d({ poolSize: 2 }));
  model.add(nn.layers.flatten());
  model.add(nn.layers.dense({ units: 120, activation: 'relu' }));
  model.add(nn.layers.dense({ units: 84, activation: 'relu' }));
  model.add(nn.layers.dense({ units: 10, activation: 'softmax' }));
  return model;
}

/**
 * Adam, sparse categorical cross-entropy and accuracy, as every benchmark model compiles;
 * `jitCompile` as Keras 3 takes it (default 'auto': the compiled step; false: eager).
 */
export function compileForBench(model: nn.Sequential, jitCompile: boolean | 'auto' = 'auto'): void {
  model.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
    jitCompile,
  });
}
