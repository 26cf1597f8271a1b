// XOR with a two-layer network and tf.train.adam(0.1): fit, evaluate (no metrics, then
// with metrics), predict, trainOnBatch, a custom layer-free training loop.
import * as tf from '@tensorflow/tfjs';

const xs = tf.tensor2d([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
const ys = tf.tensor2d([[0], [1], [1], [0]]);

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.1), loss: 'binaryCrossentropy' });

const history = await model.fit(xs, ys, { epochs: 150, batchSize: 4, shuffle: true, verbose: 0 });
const lossOnly = model.evaluate(xs, ys);
const prediction = model.predict(xs);

// The same model compiled again with a metric: evaluate returns [loss, acc].
model.compile({ optimizer: tf.train.adam(0.1), loss: 'binaryCrossentropy', metrics: ['acc'] });
const withMetric = model.evaluate(xs, ys);
const batchResult = await model.trainOnBatch(xs, ys);

// A training loop by hand: logistic regression on OR with optimizer.minimize.
const w = tf.variable(tf.zeros([2, 1]), true, 'w');
const b = tf.variable(tf.zeros([1]), true, 'b');
const orYs = tf.tensor2d([[0], [1], [1], [1]]);
const optimizer = tf.train.sgd(1);
const costs = [];
for (let i = 0; i < 100; i++) {
  const cost = optimizer.minimize(
    () => tf.losses.sigmoidCrossEntropy(orYs, xs.matMul(w).add(b)),
    true,
    [w, b],
  );
  if (i % 25 === 0 || i === 99) costs.push(cost.dataSync()[0]);
  cost.dispose();
}
const orPrediction = tf.tidy(() => tf.sigmoid(xs.matMul(w).add(b)).round());

console.log(
  JSON.stringify({
    program: 'xor',
    historyKeys: Object.keys(history.history),
    firstLoss: history.history.loss[0],
    lastLoss: history.history.loss[history.history.loss.length - 1],
    evaluateIsTensor: !Array.isArray(lossOnly) && lossOnly.rank === 0,
    evaluateLoss: lossOnly.dataSync()[0],
    withMetricLength: withMetric.length,
    accuracy: withMetric[1].dataSync()[0],
    trainOnBatchLength: batchResult.length,
    predictShape: prediction.shape,
    rounded: Array.from(prediction.round().dataSync()),
    optimizerClass: model.optimizer.getClassName(),
    costs,
    orRounded: Array.from(orPrediction.dataSync()),
    weightNames: [w.name, b.name],
  }),
);
