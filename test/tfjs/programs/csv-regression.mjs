// Linear regression from a CSV file with tf.data.csv and fitDataset, saved and loaded
// through file:// (tfjs-examples style). Usage: node csv-regression.mjs WORK_DIR
// WORK_DIR receives houses.csv and the saved model (model/).
import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installFileRouter } from './node-file-io.mjs';

const workDir = path.resolve(process.argv[2] ?? '.');
fs.mkdirSync(workDir, { recursive: true });

// Plain @tensorflow/tfjs has no file:// handler in Node (tfjs-node has one).
installFileRouter(tf);

// A deterministic data set: price = 3·rooms − 2·age + 0.5·distance + 4 + noise.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const rows = ['rooms,age,distance,price'];
for (let i = 0; i < 400; i++) {
  const rooms = rand() * 2;
  const age = rand() * 2;
  const distance = rand() * 2;
  const price = 3 * rooms - 2 * age + 0.5 * distance + 4 + (rand() - 0.5) * 0.1;
  rows.push([rooms, age, distance, price].map((v) => v.toFixed(4)).join(','));
}
const csvPath = path.join(workDir, 'houses.csv');
fs.writeFileSync(csvPath, rows.join('\n') + '\n');

const csvDataset = tf.data.csv('file://' + csvPath, {
  columnConfigs: { price: { isLabel: true } },
});
const columnNames = await csvDataset.columnNames();
const numFeatures = columnNames.length - 1;
const dataset = csvDataset
  .map(({ xs, ys }) => ({ xs: Object.values(xs), ys: Object.values(ys) }))
  .batch(25);

const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [numFeatures], units: 1 }));
model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });

const losses = [];
const history = await model.fitDataset(dataset, {
  epochs: 40,
  verbose: 0,
  callbacks: { onEpochEnd: (epoch, logs) => losses.push(logs.loss) },
});

const saveDir = path.join(workDir, 'model');
await model.save('file://' + saveDir);
const loaded = await tf.loadLayersModel('file://' + path.join(saveDir, 'model.json'));

const probe = tf.tensor2d([
  [1, 1, 1],
  [0.5, 1.5, 0.2],
  [2, 0, 2],
]);
const before = model.predict(probe);
const after = loaded.predict(probe);
console.log(
  JSON.stringify({
    program: 'csv-regression',
    columnNames,
    epochs: history.epoch.length,
    historyKeys: Object.keys(history.history),
    firstLoss: losses[0],
    lastLoss: losses[losses.length - 1],
    kernel: Array.from(model.getWeights()[0].dataSync()),
    predictShape: after.shape,
    predictions: Array.from(before.dataSync()),
    loadedPredictions: Array.from(after.dataSync()),
    savedFiles: fs.readdirSync(saveDir).filter((f) => f.endsWith('.json')),
  }),
);
