/**
 * `neurite train`: the chapter's experiment. Loads (Fashion-)MNIST, scales it to [0, 1],
 * builds Flatten → Dense… → Dense(10, softmax), trains with a progress bar, reports test
 * loss and accuracy, and saves the model and its history. Each epoch is checkpointed
 * atomically; `--resume DIR` continues an interrupted run; Ctrl-C stops after the current
 * batch and still saves.
 */
import {
  activations,
  Callback,
  getBackend,
  layers,
  loadModel,
  type Model,
  optimizers,
  ready,
  saveModel,
  Sequential,
  setBackend,
  setSeed,
} from '../../index.js';
import { CliError } from '../errors.js';
import { datasetByName } from '../datasets.js';
import { modelPath, readTrainState, type TrainState, writeRunFiles } from '../run-folder.js';

export interface TrainOptions {
  dataset: string;
  /** Hidden layer sizes, comma separated: '128' or '256,128'. */
  layers: string;
  activation: string;
  optimizer: string;
  learningRate?: number;
  epochs: number;
  batchSize: number;
  validationSplit: number;
  seed?: number;
  out?: string;
  /** Use the first N training and test images. */
  limit?: number;
  resume?: string;
  verbose: 0 | 1 | 2;
  backend?: string;
}

export interface Io {
  log: (line: string) => void;
}

function positiveInt(v: number, name: string): number {
  if (!Number.isInteger(v) || v <= 0)
    throw new CliError(`--${name} must be a positive integer, received ${v}`);
  return v;
}

export function parseLayers(spec: string): number[] {
  const parts = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const sizes = parts.map(Number);
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new CliError(
      `--layers must be positive integers separated by commas (e.g. 128 or 256,128), received '${spec}'`,
    );
  }
  return sizes;
}

function buildModel(hidden: readonly number[], activation: string): Sequential {
  const model = new Sequential({ name: 'chapter_mlp' });
  model.add(layers.flatten({ inputShape: [28, 28] }));
  for (const units of hidden) model.add(layers.dense({ units, activation }));
  model.add(layers.dense({ units: 10, activation: 'softmax' }));
  return model;
}

/** Saves the model and the run files after each epoch; stops cleanly on Ctrl-C. */
class RunCheckpoint extends Callback {
  constructor(
    readonly dir: string,
    readonly state: TrainState,
  ) {
    super();
  }
  override async onEpochEnd(epoch: number, logs: Record<string, number> = {}): Promise<void> {
    const { join } = await import('node:path');
    await saveModel(this.requireModel('train'), join(this.dir, 'model'), {
      includeOptimizer: true,
    });
    for (const [k, v] of Object.entries(logs)) (this.state.history[k] ??= []).push(v);
    this.state.completedEpochs = epoch + 1;
    await writeRunFiles(this.dir, this.state);
  }
}

export async function train(
  opts: TrainOptions,
  io: Io,
): Promise<{ test: Record<string, number>; dir: string; history: Record<string, number[]> }> {
  const ds = datasetByName(opts.dataset);
  positiveInt(opts.epochs, 'epochs');
  positiveInt(opts.batchSize, 'batch-size');
  if (opts.limit !== undefined) positiveInt(opts.limit, 'limit');
  if (!(opts.validationSplit >= 0 && opts.validationSplit < 1)) {
    throw new CliError(`--validation-split must be in [0, 1), received ${opts.validationSplit}`);
  }
  if (opts.learningRate !== undefined && !(opts.learningRate > 0)) {
    throw new CliError(`--learning-rate must be a positive number, received ${opts.learningRate}`);
  }
  const hidden = parseLayers(opts.layers);
  try {
    activations.get(opts.activation);
  } catch {
    throw new CliError(
      `unknown activation '${opts.activation}'; choose one of ${activations.ACTIVATION_IDS.join(', ')}`,
    );
  }
  let optimizer;
  try {
    optimizer = optimizers.getOptimizer(opts.optimizer);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message.replace(/^getOptimizer: /, '') : String(e));
  }
  if (opts.learningRate !== undefined) optimizer.learningRate = opts.learningRate;
  if (opts.backend) await setBackend(opts.backend);
  else await ready();
  if (opts.seed !== undefined) setSeed(opts.seed);

  const { mkdir } = await import('node:fs/promises');
  let model: Model;
  let state: TrainState;
  let dir: string;
  if (opts.resume) {
    dir = opts.resume;
    const prev = await readTrainState(dir);
    if (!prev)
      throw new CliError(
        `'${dir}' has no train-state.json: it is not a run folder made by neurite train`,
      );
    if (prev.dataset !== ds.name && opts.dataset !== 'fashion-mnist') {
      throw new CliError(
        `--resume: the run in '${dir}' trained on ${prev.dataset}, not ${ds.name}`,
      );
    }
    state = prev;
    model = await loadModel(await modelPath(dir));
    if (!model.compiled)
      throw new CliError(
        `--resume: the model in '${dir}' was saved without its training configuration`,
      );
    io.log(`Resuming ${dir}: ${prev.completedEpochs} of ${prev.epochs} epochs done`);
  } else {
    dir = opts.out ?? `neurite-${ds.name}`;
    model = buildModel(hidden, opts.activation);
    model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    state = {
      completedEpochs: 0,
      epochs: opts.epochs,
      dataset: ds.name,
      classNames: ds.classNames,
      options: { ...opts, resume: null },
      history: {},
    };
  }
  await mkdir(dir, { recursive: true });
  const dataset = state.dataset === ds.name ? ds : datasetByName(state.dataset);
  // Scaled to [0, 1] while loading: no raw copy left behind in the backend's memory.
  const [[x, yTrain], [xt, yTest]] = await dataset.module.loadData({
    limit: opts.limit,
    normalize: true,
  });
  io.log(
    `Backend: ${getBackend()}; ${dataset.name}: ${x.shape[0]} training and ${xt.shape[0]} test images`,
  );
  model.summary(io.log);

  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    model.stopTraining = true;
    io.log('\nStopping after the current batch (Ctrl-C again to quit at once)…');
  };
  process.on('SIGINT', onSigint);
  try {
    const epochs = opts.resume ? state.epochs : opts.epochs;
    if (state.completedEpochs < epochs) {
      await model.fit(x, yTrain, {
        epochs,
        initialEpoch: state.completedEpochs,
        batchSize: opts.batchSize,
        validationSplit: opts.validationSplit,
        verbose: opts.verbose,
        callbacks: [new RunCheckpoint(dir, state)],
      });
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  const test = await model.evaluate(xt, yTest, { batchSize: 256, verbose: 0 });
  io.log(`Test loss: ${test.loss!.toFixed(4)} - test accuracy: ${test.accuracy!.toFixed(4)}`);
  const { join } = await import('node:path');
  await saveModel(model, join(dir, 'model'), { includeOptimizer: true });
  await writeRunFiles(dir, {
    ...state,
    options: { ...state.options, testLoss: test.loss!, testAccuracy: test.accuracy! },
  });
  io.log(
    `Saved the model to ${join(dir, 'model')} and the history to ${join(dir, 'history.json')} and history.csv`,
  );
  return { test, dir, history: state.history };
}
