/**
 * `neurite train`: the chapter's experiment. Loads (Fashion-)MNIST, scales it to [0, 1],
 * builds Flatten → Dense… → Dense(10, softmax), trains with a progress bar, reports test
 * loss and accuracy, and saves the model and its history.
 *
 * Every complete epoch is checkpointed atomically (model with optimizer state, history,
 * train-state.json). Ctrl-C stops after the current batch and discards that partial epoch:
 * the folder keeps the last complete one, and `--resume DIR` continues from it exactly as
 * an uninterrupted run would have (each epoch's shuffle comes from the run's seed and the
 * epoch number, not from how many epochs this process trained). A resumed run takes all
 * its settings from train-state.json; only the epochs target may be raised.
 */
import {
  activations,
  Callback,
  callbacks,
  getBackend,
  layers,
  listBackends,
  loadModel,
  type Model,
  optimizers,
  ready,
  saveModel,
  Sequential,
  setBackend,
  setSeed,
} from '../../index.js';
import { CliError, CliInterrupted } from '../errors.js';
import { datasetByName } from '../datasets.js';
import {
  modelPath,
  readTrainState,
  type RunSettings,
  runSettings,
  SETTING_KEYS,
  type TrainState,
  writeRunFiles,
} from '../run-folder.js';
import {
  checkModelSize,
  checkWritableFolder,
  intIn,
  MAX_SEED,
  positiveInt,
  positiveNumber,
  verbosity,
} from '../validate.js';

/** Epochs `neurite train` runs when --epochs is not given (as Keras's Fashion-MNIST tutorial). */
export const DEFAULT_EPOCHS = 10;

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
  /** 0 silent, 1 progress bar, 2 one line per epoch. */
  verbose: number;
  backend?: string;
  /**
   * The options given on the command line rather than left at their defaults (camelCase
   * names). With `resume`, each must agree with the run's saved setting.
   */
  explicit?: ReadonlySet<string>;
}

export interface Io {
  log: (line: string) => void;
}

export function parseLayers(spec: string): number[] {
  const parts = spec.split(',').map((s) => s.trim());
  if (parts.length > 1 && parts.some((s) => s === '')) {
    throw new CliError(
      `--layers has an empty entry; give positive integers separated by commas (e.g. 128 or 256,128), received '${spec}'`,
    );
  }
  // Plain decimal digits only: Number() would also take 0x10, 1e2 and ' '.
  const sizes = parts.map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
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

/** The seed of epoch `epoch`'s shuffle: a function of the run's seed and the epoch only. */
export function epochSeed(seed: number, epoch: number): number {
  let h = (seed ^ Math.imul(epoch + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** What Ctrl-C asked for; shared by the signal handler and the callbacks. */
interface StopFlag {
  interrupted: boolean;
}

/**
 * Counts the epoch's batches and, at the end of an epoch whose batches all ran, saves the
 * model (with its optimizer state) and the run files. An epoch cut short by Ctrl-C is
 * not saved: `partial` tells how far it got.
 */
class RunCheckpoint extends Callback {
  batches = 0;
  partial: { epoch: number; batches: number; steps: number } | null = null;

  constructor(
    readonly dir: string,
    readonly state: TrainState,
    readonly stop: StopFlag,
  ) {
    super();
  }
  override onTrainBegin(): void {
    // fit clears stopTraining when it starts: a Ctrl-C that came just before still counts.
    if (this.stop.interrupted) this.requireModel('train').stopTraining = true;
  }
  override onEpochBegin(): void {
    this.batches = 0;
  }
  override onBatchEnd(batch: number): void {
    this.batches = batch + 1;
  }
  get steps(): number {
    return this.params?.steps ?? 0;
  }
  override async onEpochEnd(epoch: number, logs: Record<string, number> = {}): Promise<void> {
    if (this.batches < this.steps) {
      this.partial = { epoch, batches: this.batches, steps: this.steps };
      return;
    }
    const { join } = await import('node:path');
    await saveModel(this.requireModel('train'), join(this.dir, 'model'), {
      includeOptimizer: true,
    });
    for (const [k, v] of Object.entries(logs)) (this.state.history[k] ??= []).push(v);
    this.state.completedEpochs = epoch + 1;
    await writeRunFiles(this.dir, this.state);
  }
}

/** Keras's progress bar, showing the run's epochs target; no final line for a cut epoch. */
class RunProgress extends callbacks.ProgbarLogger {
  constructor(
    verbose: 1 | 2,
    readonly total: number,
    readonly checkpoint: RunCheckpoint,
  ) {
    super(verbose);
  }
  override setParams(params: callbacks.TrainingParams): void {
    super.setParams({ ...params, epochs: this.total });
  }
  override onEpochEnd(epoch: number, logs: Record<string, number> = {}): void {
    if (this.checkpoint.batches >= this.checkpoint.steps) super.onEpochEnd(epoch, logs);
  }
}

/** The flag of each setting, and how a message names it. */
const SETTING_FLAGS: Record<keyof RunSettings, [flag: string, name: string]> = {
  dataset: ['dataset', 'dataset'],
  layers: ['layers', 'hidden layers'],
  activation: ['activation', 'activation'],
  optimizer: ['optimizer', 'optimizer'],
  learningRate: ['learning-rate', 'learning rate'],
  batchSize: ['batch-size', 'batch size'],
  validationSplit: ['validation-split', 'validation split'],
  limit: ['limit', 'limit'],
  seed: ['seed', 'seed'],
  backend: ['backend', 'backend'],
};

const show = (v: string | number | null): string => (v === null ? 'none (all images)' : String(v));

/** A path as it can be pasted into a shell. */
const shellPath = (p: string): string =>
  /^[\w./@%+=:,-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;

export async function train(
  opts: TrainOptions,
  io: Io,
): Promise<{ test: Record<string, number>; dir: string; history: Record<string, number[]> }> {
  const explicit = opts.explicit ?? new Set<string>();
  // Every value is checked before anything is read, loaded or written.
  const ds = datasetByName(opts.dataset);
  positiveInt(opts.epochs, 'epochs');
  positiveInt(opts.batchSize, 'batch-size');
  if (opts.limit !== undefined) positiveInt(opts.limit, 'limit');
  if (!(opts.validationSplit >= 0 && opts.validationSplit < 1)) {
    throw new CliError(
      `--validation-split must be a fraction in [0, 1), received ${opts.validationSplit}`,
    );
  }
  if (opts.learningRate !== undefined) positiveNumber(opts.learningRate, 'learning-rate');
  if (opts.seed !== undefined) intIn(opts.seed, 'seed', 0, MAX_SEED);
  const verbose = verbosity(opts.verbose);
  const hidden = parseLayers(opts.layers);
  checkModelSize(hidden);
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
  if (opts.backend !== undefined && !listBackends().includes(opts.backend)) {
    throw new CliError(
      `unknown backend '${opts.backend}'; choose one of ${listBackends().join(', ')}`,
    );
  }

  const fs = await import('node:fs/promises');
  const { join, resolve } = await import('node:path');
  /** The settings as this command line gives them (seed and backend settled later). */
  const given: RunSettings = {
    dataset: ds.name,
    layers: hidden.join(','),
    activation: opts.activation,
    optimizer: opts.optimizer,
    learningRate: optimizer.learningRate,
    batchSize: opts.batchSize,
    validationSplit: opts.validationSplit,
    limit: opts.limit ?? null,
    seed: opts.seed ?? Math.floor(Math.random() * (MAX_SEED + 1)),
    backend: opts.backend ?? '',
  };
  let dir: string;
  let settings: RunSettings;
  let state: TrainState;
  let target: number;
  let folderExisted = true;
  /** Epochs of a finished run in --out that this run replaces, if any. */
  let replacing = 0;
  if (opts.resume !== undefined) {
    dir = opts.resume;
    if (explicit.has('out') && opts.out !== undefined && resolve(opts.out) !== resolve(dir)) {
      throw new CliError(
        `--out '${opts.out}' conflicts with --resume '${dir}': a resumed run writes to its own folder (omit --out)`,
      );
    }
    if (
      !(await fs.stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    )
      throw new CliError(`--resume '${dir}': no such folder`);
    let prev: TrainState | null;
    try {
      prev = await readTrainState(dir);
    } catch (e) {
      throw new CliError(`--resume '${dir}': ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!prev)
      throw new CliError(
        `--resume '${dir}' has no train-state.json: it is not a run folder made by neurite train`,
      );
    const saved = runSettings(prev, given);
    settings = saved.settings;
    for (const key of SETTING_KEYS) {
      const [flag, name] = SETTING_FLAGS[key];
      if (!explicit.has(key) || saved.missing.includes(key)) continue;
      const mine = key === 'seed' ? (opts.seed ?? null) : given[key];
      const theirs = settings[key];
      const same =
        typeof mine === 'string' && typeof theirs === 'string'
          ? mine.toLowerCase() === theirs.toLowerCase()
          : mine === theirs;
      if (!same) {
        throw new CliError(
          `--${flag} ${show(mine)} conflicts with the run's saved ${name} ${show(theirs)} (resume takes the run's settings; omit the flag)`,
        );
      }
    }
    if (saved.missing.length > 0) {
      io.log(
        `Note: ${join(dir, 'train-state.json')} was written by an older neurite and does not record ${saved.missing.join(', ')}; using ${saved.missing.map((k) => `${k} ${settings[k] === '' ? '(the default)' : show(settings[k])}`).join(', ')}`,
      );
    }
    if (explicit.has('epochs')) {
      if (opts.epochs < prev.completedEpochs) {
        throw new CliError(
          `--epochs ${opts.epochs} is fewer than the ${prev.completedEpochs} epochs the run in '${dir}' has completed`,
        );
      }
      target = opts.epochs;
    } else target = prev.epochs;
    await checkWritableFolder(dir, '--resume');
    state = { ...prev, settings, epochs: target };
    io.log(
      `Resuming ${dir}: ${prev.completedEpochs} of ${prev.epochs} epochs done` +
        (target !== prev.epochs ? `; the run now trains to ${target} epochs` : ''),
    );
  } else {
    dir = opts.out ?? `neurite-${ds.name}`;
    folderExisted = await checkWritableFolder(dir, '--out');
    const hasState =
      folderExisted &&
      (await fs.stat(join(dir, 'train-state.json')).then(
        () => true,
        () => false,
      ));
    if (hasState) {
      // A finished run is replaced (running the main job twice just trains again); an
      // unfinished one holds work that --resume would continue, so it is never overwritten.
      const previous = await readTrainState(dir).catch(() => null);
      if (!previous || previous.completedEpochs < previous.epochs) {
        throw new CliError(
          `--out '${dir}' already holds an unfinished run (train-state.json): continue it with --resume ${shellPath(dir)}, or choose another --out, or delete the folder`,
        );
      }
      replacing = previous.completedEpochs;
      io.log(
        `Note: ${dir} holds a finished run (${previous.completedEpochs} epochs); it is replaced when this run's first epoch completes.`,
      );
    }
    settings = given;
    target = opts.epochs;
    state = {
      completedEpochs: 0,
      epochs: target,
      dataset: ds.name,
      classNames: ds.classNames,
      settings,
      options: {},
      history: {},
    };
  }

  // Ctrl-C: while loading, stop once the data is in (nothing is written before training);
  // while training, stop after the current batch. A second Ctrl-C quits at once.
  const stop: StopFlag = { interrupted: false };
  let training: Model | null = null;
  const onSigint = (): void => {
    if (stop.interrupted) {
      process.stderr.write(
        `\nneurite: interrupted again: quitting at once; ${dir} keeps only complete epochs\n`,
      );
      process.exit(130);
    }
    stop.interrupted = true;
    if (training) {
      training.stopTraining = true;
      io.log('\nStopping after the current batch (Ctrl-C again to quit at once)…');
    }
  };
  process.on('SIGINT', onSigint);
  let createdDir = false;
  try {
    if (settings.backend) {
      try {
        await setBackend(settings.backend);
      } catch (e) {
        throw new CliError(
          `cannot start the ${settings.backend} backend${opts.resume ? ` the run in '${dir}' trained on` : ''}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    } else {
      await ready();
      settings.backend = getBackend();
    }
    const dataset = datasetByName(settings.dataset);
    if (verbose > 0) io.log(`Loading ${dataset.name}…`);
    // Scaled to [0, 1] while loading: no raw copy left behind in the backend's memory.
    const [[x, yTrain], [xt, yTest]] = await dataset.module.loadData({
      limit: settings.limit ?? undefined,
      normalize: true,
    });
    // Let a Ctrl-C pressed during a synchronous part of the loading be handled now.
    await new Promise((r) => setImmediate(r));
    if (stop.interrupted) {
      throw new CliInterrupted(
        opts.resume
          ? `interrupted while loading the data: nothing was trained, ${dir} is unchanged`
          : `interrupted while loading the data: nothing was trained or written`,
      );
    }
    io.log(
      `Backend: ${getBackend()}; ${dataset.name}: ${x.shape[0]} training and ${xt.shape[0]} test images`,
    );
    if (!opts.resume && opts.seed === undefined)
      io.log(`Seed: ${settings.seed} (chosen at random; --seed ${settings.seed} repeats this run)`);

    let model: Model;
    if (opts.resume) {
      model = await loadModel(await modelPath(dir));
      if (!model.compiled)
        throw new CliError(
          `--resume: the model in '${dir}' was saved without its training configuration`,
        );
    } else {
      setSeed(settings.seed);
      model = buildModel(hidden, settings.activation);
      model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      state.options = { ...settings, epochs: target };
    }
    model.summary(io.log);
    if (!folderExisted) {
      await fs.mkdir(dir, { recursive: true });
      createdDir = true;
    }

    training = model;
    let partial: RunCheckpoint['partial'] = null;
    const firstEpoch = state.completedEpochs;
    for (let epoch = state.completedEpochs; epoch < target && !stop.interrupted; epoch++) {
      // Each epoch's shuffle depends on the seed and the epoch only: resuming repeats it.
      setSeed(epochSeed(settings.seed, epoch));
      const checkpoint = new RunCheckpoint(dir, state, stop);
      await model.fit(x, yTrain, {
        epochs: epoch + 1,
        initialEpoch: epoch,
        batchSize: settings.batchSize,
        validationSplit: settings.validationSplit,
        verbose: 0,
        callbacks: [checkpoint, ...(verbose ? [new RunProgress(verbose, target, checkpoint)] : [])],
      });
      if (state.completedEpochs <= epoch) {
        // Stopped inside the epoch (whether or not fit ended it with onEpochEnd).
        if (checkpoint.batches > 0)
          partial = checkpoint.partial ?? {
            epoch,
            batches: checkpoint.batches,
            steps: checkpoint.steps,
          };
        if (!stop.interrupted)
          throw new CliError(`training stopped in epoch ${epoch + 1} before the epoch ended`);
        break;
      }
    }
    training = null;

    if (stop.interrupted) {
      const done = state.completedEpochs;
      const where = partial
        ? `in epoch ${partial.epoch + 1} at batch ${partial.batches}/${partial.steps}; the partial epoch was discarded`
        : done === firstEpoch
          ? `before epoch ${done + 1} began`
          : `after epoch ${done}`;
      if (done === 0) {
        let removed = false;
        if (createdDir)
          removed = await fs.rmdir(dir).then(
            () => true,
            () => false,
          );
        throw new CliInterrupted(
          `interrupted ${where}; no epoch was complete, so nothing was saved${removed ? ` (the empty folder ${dir} was removed)` : ''}${replacing > 0 ? ` (${dir} still holds the previous finished run)` : ''}; start again to train`,
        );
      }
      throw new CliInterrupted(
        `interrupted ${where}; ${join(dir, 'model')} holds ${done} complete epoch${done === 1 ? '' : 's'} of ${target}; continue with: neurite train --resume ${shellPath(dir)}`,
      );
    }
    const test = await model.evaluate(xt, yTest, { batchSize: 256, verbose: 0 });
    io.log(`Test loss: ${test.loss!.toFixed(4)} - test accuracy: ${test.accuracy!.toFixed(4)}`);
    // The model is saved by the last epoch's checkpoint; the test results go with the state.
    await writeRunFiles(dir, {
      ...state,
      options: { ...state.options, testLoss: test.loss!, testAccuracy: test.accuracy! },
    });
    io.log(
      `Saved the model to ${join(dir, 'model')} and the history to ${join(dir, 'history.json')} and history.csv`,
    );
    return { test, dir, history: state.history };
  } finally {
    process.off('SIGINT', onSigint);
  }
}
