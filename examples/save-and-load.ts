/**
 * Saving and loading (end of the chapter): train a small MNIST classifier, save it as a
 * folder in the TensorFlow.js layers format (`model.json` + weight shards), load it back in
 * a fresh Node process and evaluate it there: the same accuracy, to the last digit.
 *
 * Run:  npx tsx examples/save-and-load.ts [--limit 10000] [--epochs 2] [--dir my-model]
 *       npx tsx examples/save-and-load.ts --load my-model [--limit 10000]
 *
 * The folder also loads in TensorFlow.js (`tf.loadLayersModel('file://my-model/model.json')` with
 * @tensorflow/tfjs-node, or any IOHandler that reads the files).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as nn from 'neurite';

export interface Scores {
  loss: number;
  accuracy: number;
}

async function testSet(limit?: number): Promise<[nn.Tensor, nn.Tensor]> {
  const [, [xTest, yTest]] = await nn.datasets.mnist.loadData({ limit });
  return [nn.div(xTest, 255), yTest];
}

/** Trains Flatten → Dense(64, relu) → Dense(10, softmax), evaluates it and saves it to `dir`. */
export async function train({
  dir,
  limit,
  epochs = 2,
  verbose = 1,
}: {
  dir: string;
  limit?: number;
  epochs?: number;
  verbose?: 0 | 1;
}): Promise<Scores> {
  nn.setSeed(1);
  const [[xTrain, yTrain]] = await nn.datasets.mnist.loadData({ limit });
  const model = nn.sequential({
    layers: [
      nn.layers.flatten({ inputShape: [28, 28] }),
      nn.layers.dense({ units: 64, activation: 'relu' }),
      nn.layers.dropout({ rate: 0.1 }),
      nn.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  await model.fit(nn.div(xTrain, 255), yTrain, { epochs, batchSize: 32, verbose });
  const [x, y] = await testSet(limit);
  const scores = await model.evaluate(x, y, { verbose: 0 });
  // Architecture, weights, compile settings and the Adam state, replaced atomically.
  await model.save(dir);
  return { loss: scores.loss!, accuracy: scores.accuracy! };
}

/** Loads a saved model and evaluates it on the test set. */
export async function evaluateSaved({
  dir,
  limit,
}: {
  dir: string;
  limit?: number;
}): Promise<Scores> {
  const model = await nn.loadModel(dir);
  const [x, y] = await testSet(limit);
  const scores = await model.evaluate(x, y, { verbose: 0 });
  return { loss: scores.loss!, accuracy: scores.accuracy! };
}

/** Runs this script with `--load dir` in a new Node process and reads its scores. */
function evaluateInFreshProcess(dir: string, limit?: number): Promise<Scores> {
  const self = fileURLToPath(import.meta.url);
  const args = ['--import', 'tsx', self, '--load', dir, '--json'];
  if (limit !== undefined) args.push('--limit', String(limit));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: resolve(dirname(self), '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) fail(new Error(`the loading process failed (exit ${code}): ${err}`));
      else done(JSON.parse(out.trim().split('\n').at(-1)!) as Scores);
    });
  });
}

export async function main({
  limit,
  epochs,
  dir = mkdtempSync(join(tmpdir(), 'neurite-mnist-')),
  verbose = 1,
}: {
  limit?: number;
  epochs?: number;
  dir?: string;
  verbose?: 0 | 1;
} = {}): Promise<{ trained: Scores; loaded: Scores; dir: string }> {
  const log = verbose ? (s: string) => console.log(s) : () => {};
  const trained = await train({ dir, limit, epochs, verbose });
  log(
    `trained: test accuracy ${trained.accuracy.toFixed(4)}, loss ${trained.loss.toFixed(4)}; saved to ${dir}`,
  );
  const loaded = await evaluateInFreshProcess(dir, limit);
  log(
    `loaded in a fresh process: test accuracy ${loaded.accuracy.toFixed(4)}, loss ${loaded.loss.toFixed(4)}`,
  );
  return { trained, loaded, dir };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const limit = arg('limit') === undefined ? undefined : Number(arg('limit'));
  const load = arg('load');
  if (load) {
    const scores = await evaluateSaved({ dir: load, limit });
    console.log(
      process.argv.includes('--json')
        ? JSON.stringify(scores)
        : `test accuracy ${scores.accuracy.toFixed(4)}`,
    );
  } else {
    const epochs = arg('epochs') === undefined ? undefined : Number(arg('epochs'));
    await main({ limit: limit ?? 10000, epochs, dir: arg('dir') });
  }
}
