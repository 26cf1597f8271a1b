/**
 * A TF.js program, written as for a web page: it imports `@tensorflow/tfjs` and nothing
 * else, and tfjs-indexeddb.test.ts bundles it twice, once as it is and once with the import
 * mapped to `neurite/tfjs`. It trains a small model from fixed weights on fixed data, saves
 * it to `indexeddb://neurite-test-<lib>` (`?lib=` of the page's URL), loads it back and
 * predicts again. With `?peer=<other lib>` it then also loads the model the other library
 * saved on this origin (`indexeddb://neurite-test-<peer>`) and predicts with it. Reports a
 * JSON object on `window.programResult` (or `programError`).
 */
import * as tf from '@tensorflow/tfjs';

export interface ProgramResult {
  /** `tf.getBackend()` after `tf.ready()`. */
  backend: string;
  /** The URL saved to and loaded from. */
  url: string;
  /** Loss of each epoch, as `fit`'s history holds it. */
  losses: number[];
  /** Predictions of the trained model on fixed inputs, before saving and after loading. */
  before: number[];
  after: number[];
  /** The loaded model's weights, flattened in order (should equal the trained ones). */
  weightsBefore: number[];
  weightsAfter: number[];
  /** What `model.save` reported. */
  weightDataBytes: number;
  /** The loaded model's layer class names. */
  layers: string[];
  /** With `?peer=`: the other library's saved model, loaded here, on the same inputs. */
  peer: { url: string; predictions: number[] } | null;
}

const params = new URLSearchParams(location.search);
const url = `indexeddb://neurite-test-${params.get('lib') ?? 'unknown'}`;
const peerUrl = params.has('peer') ? `indexeddb://neurite-test-${params.get('peer')}` : null;

// Eight samples of three features and a smooth target.
const xs = tf.tensor2d([
  [0.1, 0.5, -0.3],
  [0.9, -0.2, 0.4],
  [-0.6, 0.3, 0.8],
  [0.2, -0.7, -0.5],
  [0.7, 0.6, 0.1],
  [-0.4, -0.1, -0.9],
  [0.5, 0.8, -0.6],
  [-0.8, -0.5, 0.2],
]);
const ys = tf.tensor2d([[0.32], [0.71], [-0.05], [0.12], [0.88], [-0.41], [0.53], [-0.64]]);
const probe = tf.tensor2d([
  [0.0, 0.0, 0.0],
  [0.3, -0.4, 0.6],
  [-0.7, 0.9, -0.2],
  [1.0, 1.0, 1.0],
]);

/** Every value of a list of tensors, in order. */
async function flat(tensors: tf.Tensor[]): Promise<number[]> {
  const out: number[] = [];
  for (const t of tensors) out.push(...(await t.data()));
  return out;
}

async function run(): Promise<ProgramResult> {
  await tf.ready();
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, activation: 'tanh', inputShape: [3] }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  // Fixed weights, so that both libraries start from the same function.
  model.setWeights([
    tf.tensor2d([
      [0.3, -0.2, 0.1, 0.4],
      [-0.5, 0.25, 0.35, -0.1],
      [0.2, 0.45, -0.3, 0.15],
    ]),
    tf.tensor1d([0.05, -0.05, 0.1, 0]),
    tf.tensor2d([[0.4], [-0.3], [0.5], [0.2]]),
    tf.tensor1d([0.1]),
  ]);
  // Adam's arguments all given (epsilon too), so no library default decides them.
  model.compile({ optimizer: tf.train.adam(0.05, 0.9, 0.999, 1e-7), loss: 'meanSquaredError' });
  // One batch of all eight samples, in order: no shuffling to draw differently.
  const history = await model.fit(xs, ys, { epochs: 12, batchSize: 8, shuffle: false, verbose: 0 });
  const before = await (model.predict(probe) as tf.Tensor).data();
  const weightsBefore = await flat(model.getWeights());

  const saved = await model.save(url);
  const loaded = await tf.loadLayersModel(url);
  const after = await (loaded.predict(probe) as tf.Tensor).data();

  let peer: ProgramResult['peer'] = null;
  if (peerUrl !== null) {
    const other = await tf.loadLayersModel(peerUrl);
    const predictions = await (other.predict(probe) as tf.Tensor).data();
    peer = { url: peerUrl, predictions: Array.from(predictions) };
  }

  return {
    backend: tf.getBackend(),
    url,
    losses: history.history.loss!.map(Number),
    before: Array.from(before),
    after: Array.from(after),
    weightsBefore,
    weightsAfter: await flat(loaded.getWeights()),
    weightDataBytes: saved.modelArtifactsInfo.weightDataBytes ?? -1,
    layers: loaded.layers.map((l) => l.getClassName()),
    peer,
  };
}

const w = window as { programResult?: ProgramResult; programError?: string };
run().then(
  (r) => void (w.programResult = r),
  (e: unknown) =>
    void (w.programError = e instanceof Error ? `${e.message}\n${e.stack}` : String(e)),
);
