// A CommonJS script (require, no top-level await): linear regression by hand with
// tf.variable, tf.tidy, optimizer.minimize and tf.memory, then tf.sequential.
const tf = require('@tensorflow/tfjs');

async function main() {
  await tf.ready();
  const xs = tf.tensor1d([0, 1, 2, 3, 4, 5]);
  const ys = tf.tensor1d([1, 3, 5, 7, 9, 11]); // y = 2x + 1
  const a = tf.variable(tf.scalar(0));
  const b = tf.variable(tf.scalar(0));
  const predict = (x) => tf.tidy(() => a.mul(x).add(b));
  const loss = (pred, label) => pred.sub(label).square().mean();
  const optimizer = tf.train.momentum(0.02, 0.9);

  const before = tf.memory().numTensors;
  for (let i = 0; i < 300; i++) {
    optimizer.minimize(() => loss(predict(xs), ys));
  }
  const leaked = tf.memory().numTensors - before;

  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 1, inputShape: [1] }));
  model.compile({ optimizer: tf.train.rmsprop(0.05), loss: 'meanSquaredError' });
  const h = await model.fit(xs.reshape([6, 1]), ys.reshape([6, 1]), { epochs: 200, verbose: 0 });

  console.log(
    JSON.stringify({
      program: 'commonjs',
      a: a.dataSync()[0],
      b: b.dataSync()[0],
      iterations: optimizer.iterations,
      leakedTensors: leaked,
      fitFirstLoss: h.history.loss[0],
      fitLastLoss: h.history.loss[h.history.loss.length - 1],
      predictAt10: model.predict(tf.tensor2d([[10]])).dataSync()[0],
      backendIsString: typeof tf.getBackend() === 'string',
      hasVersion: typeof tf.version['tfjs-core'] === 'string',
    }),
  );
}

main();
