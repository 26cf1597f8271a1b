// A small convnet on a slice of MNIST (tfjs-examples/mnist-node style): reads the IDX
// files, trains with fit + validationSplit, evaluates, predicts.
// Usage: node mnist-cnn.mjs DATA_DIR   (DATA_DIR holds t10k-images-idx3-ubyte.gz, …)
import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const dataDir = process.argv[2];
const TRAIN = 800;
const TEST = 200;

function readIdx(file) {
  const buf = zlib.gunzipSync(fs.readFileSync(path.join(dataDir, file)));
  const magic = buf.readUInt32BE(0);
  const dims = magic & 0xff;
  const shape = [];
  for (let i = 0; i < dims; i++) shape.push(buf.readUInt32BE(4 + 4 * i));
  return { shape, data: buf.subarray(4 + 4 * dims) };
}

const images = readIdx('t10k-images-idx3-ubyte.gz');
const labels = readIdx('t10k-labels-idx1-ubyte.gz');
const n = TRAIN + TEST;
const pixels = new Float32Array(n * 28 * 28);
for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i] / 255;
const xs = tf.tensor4d(pixels, [n, 28, 28, 1]);
const ys = tf.oneHot(tf.tensor1d(Array.from(labels.data.subarray(0, n)), 'int32'), 10);
const [xTrain, xTest] = tf.split(xs, [TRAIN, TEST]);
const [yTrain, yTest] = tf.split(ys, [TRAIN, TEST]);

const model = tf.sequential();
model.add(
  tf.layers.conv2d({
    inputShape: [28, 28, 1],
    kernelSize: 5,
    filters: 8,
    strides: 2,
    activation: 'relu',
    kernelInitializer: 'varianceScaling',
  }),
);
model.add(tf.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }));
model.add(tf.layers.flatten());
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({
  optimizer: 'adam',
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
});

const epochLogs = [];
const history = await model.fit(xTrain, yTrain, {
  epochs: 3,
  batchSize: 32,
  validationSplit: 0.15,
  verbose: 0,
  callbacks: {
    onEpochEnd: async (epoch, logs) => {
      epochLogs.push({ epoch, loss: logs.loss, acc: logs.acc, val_acc: logs.val_acc });
      await tf.nextFrame();
    },
  },
});

const evalOutput = model.evaluate(xTest, yTest, { batchSize: 64 });
const [testLoss, testAcc] = evalOutput.map((t) => t.dataSync()[0]);
const probs = model.predict(xTest.slice([0, 0, 0, 0], [5, 28, 28, 1]));
const predicted = probs.argMax(-1);

console.log(
  JSON.stringify({
    program: 'mnist-cnn',
    trainShape: xTrain.shape,
    outputShape: model.outputs[0].shape,
    params: model.countParams(),
    metricsNames: model.metricsNames,
    historyKeys: Object.keys(history.history).sort(),
    epochLogs,
    evaluateIsArray: Array.isArray(evalOutput),
    evaluateShapes: evalOutput.map((t) => t.shape),
    testLoss,
    testAcc,
    predictShape: probs.shape,
    predictedDtype: predicted.dtype,
    predicted: Array.from(predicted.dataSync()),
    labels: Array.from(yTest.slice([0, 0], [5, 10]).argMax(-1).dataSync()),
  }),
);
