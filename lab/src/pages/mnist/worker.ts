/**
 * The MNIST page's training worker: loads the data set, trains the chosen network with
 * `model.fit` on Neurite's wasm backend (its own kernel threads, where the page is
 * cross-origin isolated), reports progress, and at the end the test accuracy, the
 * confusion matrix, the worst-classified test images and the model's artifacts.
 * The page's main thread does none of this work, so it stays responsive.
 */
import * as nn from 'neurite';
import { loadDataset, type Split } from './data.js';
import { buildModel, inputShapeOf } from './model-spec.js';
import type { FromWorker, ToWorker, TrainResult, TrainSettings, WorstImage } from './protocol.js';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

/** How often (ms) progress is posted: often enough for a smooth bar, no more. */
const PROGRESS_MS = 250;
/** How many of the worst-classified test images are sent back. */
const WORST = 12;

let current: nn.Model | null = null;
/** The data sets loaded so far (a second run on the same set does not fetch it again). */
const cache = new Map<string, ReturnType<typeof loadDataset>>();
let stopAsked = false;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** x float32 scaled to 0..1 in the architecture's input shape, y int32. */
function tensorsOf(split: Split, count: number, settings: TrainSettings): [nn.Tensor, nn.Tensor] {
  const n = Math.min(count, split.count);
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = split.images[i]! / 255;
  const y = Int32Array.from(split.labels.subarray(0, n));
  return [nn.tensor(x, [n, ...inputShapeOf(settings.arch)]), nn.tensor(y, [n], 'int32')];
}

function analyse(
  model: nn.Model,
  xt: nn.Tensor,
  test: Split,
): { confusion: number[]; worst: WorstImage[] } {
  const out = model.predict(xt, { batchSize: 500 });
  const probs = out.dataSync() as Float32Array;
  out.dispose();
  const confusion = new Array<number>(100).fill(0);
  const wrong: { index: number; predicted: number; probTrue: number }[] = [];
  for (let i = 0; i < test.count; i++) {
    const row = probs.subarray(i * 10, i * 10 + 10);
    let predicted = 0;
    for (let c = 1; c < 10; c++) if (row[c]! > row[predicted]!) predicted = c;
    const label = test.labels[i]!;
    confusion[label * 10 + predicted]! += 1;
    if (predicted !== label) wrong.push({ index: i, predicted, probTrue: row[label]! });
  }
  wrong.sort((a, b) => a.probTrue - b.probTrue);
  const worst = wrong.slice(0, WORST).map((w) => ({
    ...w,
    label: test.labels[w.index]!,
    pixels: test.images.slice(w.index * 784, (w.index + 1) * 784),
  }));
  return { confusion, worst };
}

async function artifactsOf(model: nn.Model): Promise<nn.io.ModelArtifacts> {
  let saved: nn.io.ModelArtifacts | undefined;
  await nn.saveModel(
    model,
    nn.io.withSaveHandler((a) => {
      saved = a;
    }),
  );
  if (!saved) throw new Error('internal: the model was not saved');
  return saved;
}

async function train(settings: TrainSettings, dataUrl: string, seed: number): Promise<void> {
  post({ type: 'phase', phase: 'loading' });
  await nn.ready();
  const key = `${dataUrl}${settings.dataset}`;
  const data = cache.get(key) ?? loadDataset(dataUrl, settings.dataset);
  cache.set(key, data);
  data.catch(() => cache.delete(key));
  const { train: trainSplit, test } = await data;
  nn.setSeed(seed);
  const [x, y] = tensorsOf(trainSplit, settings.trainSize, settings);
  const [xt, yt] = tensorsOf(test, test.count, settings);
  const n = x.shape[0]!;
  const model = buildModel(settings.arch);
  current = model;
  const batches = Math.ceil(n / settings.batchSize);
  let epoch = 0;
  let last = 0;
  post({ type: 'phase', phase: 'training' });
  const t0 = performance.now();
  try {
    await model.fit(x, y, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      shuffle: true,
      validationData: [xt, yt],
      verbose: 0,
      callbacks: {
        onEpochBegin: (e: number) => {
          epoch = e;
          if (stopAsked) model.stopTraining = true;
        },
        onBatchEnd: (batch: number, logs?: Record<string, number>) => {
          if (stopAsked) model.stopTraining = true;
          const now = performance.now();
          if (now - last < PROGRESS_MS && batch + 1 < batches) return;
          last = now;
          post({
            type: 'progress',
            epoch,
            batch: batch + 1,
            batches,
            seen: epoch * n + Math.min(n, (batch + 1) * settings.batchSize),
            loss: logs?.loss ?? NaN,
            accuracy: logs?.accuracy ?? NaN,
          });
        },
        onEpochEnd: (e: number, logs?: Record<string, number>) => {
          post({
            type: 'epoch',
            epoch: e,
            seen: (e + 1) * n,
            loss: logs?.loss ?? NaN,
            accuracy: logs?.accuracy ?? NaN,
            testLoss: logs?.val_loss ?? NaN,
            testAccuracy: logs?.val_accuracy ?? NaN,
          });
        },
      },
    });
    const trainSeconds = (performance.now() - t0) / 1000;
    post({ type: 'phase', phase: 'evaluating' });
    const logs = await model.evaluate(xt, yt, { batchSize: 500, verbose: 0 });
    const { confusion, worst } = analyse(model, xt, test);
    const result: TrainResult = {
      settings,
      stopped: stopAsked,
      testLoss: logs.loss ?? NaN,
      testAccuracy: logs.accuracy ?? NaN,
      confusion,
      worst,
      trainSeconds,
      artifacts: await artifactsOf(model),
    };
    post({ type: 'done', result });
  } finally {
    current = null;
    nn.dispose([x, y, xt, yt]);
    model.dispose();
  }
}

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === 'stop') {
    stopAsked = true;
    if (current) current.stopTraining = true;
    return;
  }
  stopAsked = false;
  train(m.settings, m.dataUrl, m.seed).catch((err: unknown) => {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  });
};
