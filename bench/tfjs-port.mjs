/**
 * The speed of a ported TF.js program: one program, written against TensorFlow.js's API,
 * run with `@tensorflow/tfjs` (cpu backend, and its wasm backend) and with `neurite/tfjs`,
 * changing only where `tf` comes from. Each run is its own process; the program warms up,
 * then times `model.fit` over MNIST's 10,000 test images (784-128-10 MLP, Adam, batch 32)
 * and `model.predict` on them (at TF.js's default batch size, 32, and at 1000: TF.js's wasm
 * backend spends ~10 ms slicing each batch out of a large tensor, so its fit and its
 * default predict are bound by that, not by arithmetic).
 *
 *   npm run build && node bench/tfjs-port.mjs [--epochs 2]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const PEERS = ['tfjs-cpu', 'tfjs-wasm', 'neurite'];

async function loadTf(which) {
  if (which === 'neurite') return import('neurite/tfjs');
  const tf = await import('@tensorflow/tfjs');
  if (which === 'tfjs-wasm') await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(which === 'tfjs-wasm' ? 'wasm' : 'cpu');
  tf.enableProdMode();
  return tf;
}

function readIdx(name) {
  const buf = gunzipSync(readFileSync(new URL(`../data/mnist/${name}`, import.meta.url)));
  const dims = buf.readUInt32BE(0) & 0xff;
  return buf.subarray(4 + 4 * dims);
}

/** The program: plain TF.js. */
async function program(tf, epochs) {
  await tf.ready();
  const images = readIdx('t10k-images-idx3-ubyte.gz');
  const labels = readIdx('t10k-labels-idx1-ubyte.gz');
  const n = labels.length;
  const x = tf.tensor2d(
    Float32Array.from(images, (v) => v / 255),
    [n, 784],
  );
  const y = tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), 10);
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  model.compile({
    optimizer: tf.train.adam(0.001),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const warm = 640;
  await model.fit(x.slice(0, warm), y.slice(0, warm), { batchSize: 32, epochs: 1, verbose: 0 });
  const t0 = performance.now();
  const h = await model.fit(x, y, { batchSize: 32, epochs, verbose: 0, shuffle: true });
  const fitS = (performance.now() - t0) / 1000;
  // predict as the program would call it (TF.js's default batchSize, 32), and with 1000.
  const predictS = {};
  for (const batchSize of [32, 1000]) {
    model.predict(x.slice(0, 1000), { batchSize }).dataSync();
    const t1 = performance.now();
    model.predict(x, { batchSize }).dataSync();
    predictS[batchSize] = (performance.now() - t1) / 1000;
  }
  const acc = h.history.acc ?? h.history.accuracy;
  return {
    backend: tf.getBackend(),
    trainSamplesPerS: Math.round((n * epochs) / fitS),
    predictSamplesPerS: Math.round(n / predictS[32]),
    predictSamplesPerSBatch1000: Math.round(n / predictS[1000]),
    lastAccuracy: Number(acc[acc.length - 1].toFixed(4)),
  };
}

const argv = process.argv.slice(2);
const epochs = Number(argv[argv.indexOf('--epochs') + 1] || 2);
const child = argv.indexOf('--peer');
if (child >= 0) {
  const tf = await loadTf(argv[child + 1]);
  console.log(JSON.stringify(await program(tf, epochs)));
} else {
  const self = fileURLToPath(import.meta.url);
  const rows = {};
  for (const peer of PEERS) {
    const out = execFileSync(process.execPath, [self, '--peer', peer, '--epochs', String(epochs)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    rows[peer] = JSON.parse(out.trim().split('\n').pop());
    console.log(peer.padEnd(10), JSON.stringify(rows[peer]));
  }
  const r = (a, b, k) => (rows[a][k] / rows[b][k]).toFixed(1);
  console.log(`machine: ${cpus()[0]?.model} x${cpus().length}, Node ${process.version}`);
  console.log(
    `neurite/tfjs vs tfjs cpu: train ${r('neurite', 'tfjs-cpu', 'trainSamplesPerS')}x, predict ${r('neurite', 'tfjs-cpu', 'predictSamplesPerS')}x; vs tfjs wasm: train ${r('neurite', 'tfjs-wasm', 'trainSamplesPerS')}x, predict ${r('neurite', 'tfjs-wasm', 'predictSamplesPerS')}x (batch 1000: ${r('neurite', 'tfjs-wasm', 'predictSamplesPerSBatch1000')}x)`,
  );
}
