/**
 * The Keras training loop's entry points: fit, evaluate, trainOnBatch, testOnBatch
 * (keras/src/trainers/trainer.py semantics) and their dataset forms (fit on a dataset or an
 * iterable as Keras 3, fitDataset/evaluateDataset as TF.js). The step is train-step.ts, the
 * loops epoch-loop.ts, the options fit-args.ts.
 */
import {
  type Callback,
  CallbackList,
  type Logs,
  type TrainingParams,
} from '../callbacks/callback.js';

import { ProgbarLogger } from '../callbacks/progbar-logger.js';

import { tidy } from '../engine/tidy.js';

import { ValueError } from '../errors.js';

import type { Model } from '../models/model.js';

import { rngFor } from '../random/prng.js';

import { Tensor } from '../tensor/tensor.js';

import { normalizeCallbacks } from './callbacks-arg.js';

import {
  checkBoolean,
  checkClassWeight,
  checkFraction,
  checkNonNegativeInteger,
  checkOptionalTensor,
  checkOptionKeys,
  checkOptionsObject,
  checkPositiveInteger,
  checkVerbose,
} from './check-options.js';

import type { Compiled } from './compile.js';

import { requireCompiled } from './compile.js';

import { type TensorOrList } from './data.js';

import {
  type BatchSource,
  type TrainingBatch,
  SourcePasses,
  isBatchSource,
  passSteps,
} from './dataset-input.js';

import { describeValue } from './describe-value.js';

import { assertNotFitting, beginFit, endFit, type FitState } from './fit-lock.js';

import { History } from '../callbacks/history.js';

import {
  type FitArgs,
  type EvaluateArgs,
  type FitIterableArgs,
  type FitDatasetArgs,
  type EvaluateIterableArgs,
  type EvaluateDatasetArgs,
  type TrainOnBatchArgs,
  EVALUATE_DATASET_KEYS,
  EVALUATE_ITERABLE_KEYS,
  EVALUATE_KEYS,
  FIT_DATASET_KEYS,
  FIT_ITERABLE_KEYS,
  FIT_KEYS,
  TRAIN_ON_BATCH_KEYS,
} from './fit-args.js';

import {
  type Prepared,
  prepare,
  classSampleWeights,
  trainingTrackers,
  evaluationTrackers,
  logsOf,
  trainStep,
  testStep,
  FIT_EXAMPLE,
  checkValidationData,
} from './train-step.js';

import { tensorPass, sourcePass, runEpochs, evaluatePass, evaluateWithBar } from './epoch-loop.js';

export type {
  FitArgs,
  EvaluateArgs,
  ValidationData,
  FitIterableArgs,
  FitDatasetArgs,
  EvaluateIterableArgs,
  EvaluateDatasetArgs,
  TrainOnBatchArgs,
} from './fit-args.js';

// ---------------------------------------------------------------------------------------
// fit on tensors.

export async function fit(
  model: Model,
  x: TensorOrList | BatchSource<TrainingBatch>,
  y: TensorOrList | undefined,
  args?: FitArgs | FitIterableArgs,
): Promise<History> {
  model.assertNotDisposed('fit');
  const fromSource = isBatchSource(x);
  if (fromSource && y !== undefined && y !== null) throw yGivenWithSource(y, 'fit');
  // Outside the try: a refused second fit must not release the first one's lock.
  const state = beginFit(model);
  try {
    return fromSource
      ? await fitSourceLocked(model, x, args, state, 'fit')
      : await fitLocked(model, x, y, args, state);
  } finally {
    endFit(model);
  }
}

function yGivenWithSource(y: unknown, where: string): ValueError {
  const looksLikeOptions =
    y !== null && typeof y === 'object' && !Array.isArray(y) && !(y instanceof Tensor);
  return new ValueError(
    `${where}: when x is a dataset, an iterable or a generator, its elements hold the targets ({xs, ys} or [x, y]), so y must be omitted; received ${describeValue(y)}${looksLikeOptions ? '. Pass the options third' : ''}: model.fit(ds, undefined, {epochs: 10})`,
  );
}

async function fitLocked(
  model: Model,
  x: unknown,
  y: unknown,
  args: unknown,
  state: FitState,
): Promise<History> {
  checkOptionsObject(args, 'fit', FIT_EXAMPLE);
  const opts = (args ?? {}) as FitArgs & Partial<Record<'stepsPerEpoch', unknown>>;
  if (opts.stepsPerEpoch !== undefined) {
    throw new ValueError(
      'fit: stepsPerEpoch applies when x is a dataset or an iterable; with tensors an epoch is one pass over the rows in batches of batchSize',
    );
  }
  checkOptionKeys(args, FIT_KEYS, 'fit');
  const compiled = requireCompiled(model.compiled, 'fit');
  // null means "the default", as in TF.js (`args.epochs == null ? 1 : …`).
  const epochs = checkNonNegativeInteger(opts.epochs ?? 1, 'fit', 'epochs');
  const batchSize = checkPositiveInteger(opts.batchSize ?? 32, 'fit', 'batchSize');
  const verbose = checkVerbose(opts.verbose ?? 1, 'fit');
  const shuffle = checkBoolean(opts.shuffle ?? true, 'fit', 'shuffle');
  const initialEpoch = checkNonNegativeInteger(opts.initialEpoch ?? 0, 'fit', 'initialEpoch');
  const validationSplit = checkFraction(opts.validationSplit ?? 0, 'fit', 'validationSplit');
  const classWeight = checkClassWeight(opts.classWeight, 'fit');
  const sampleWeight = checkOptionalTensor(opts.sampleWeight, 'fit', 'sampleWeight');
  // As Keras: tensors may be validated on a dataset, `validationSteps` batches of it.
  const sourceValidation = isBatchSource(opts.validationData)
    ? validateOnSource(
        model,
        compiled,
        opts.validationData,
        optionalSteps(opts, 'validationSteps', 'fit'),
        'fit',
        'validationSteps',
      )
    : null;
  if (!sourceValidation && opts.validationSteps !== undefined) {
    throw new ValueError(
      'fit: validationSteps applies when validationData is a dataset or an iterable; tensors are validated on every row',
    );
  }
  const validationData = sourceValidation ? undefined : checkValidationData(opts.validationData);
  const userCallbacks = normalizeCallbacks(opts.callbacks, 'fit');
  let data = prepare(model, x, y, sampleWeight, 'fit');
  let val: Prepared | null = null;
  if (validationData) {
    const [vx, vy, vsw] = validationData;
    val = prepare(model, vx, vy, vsw, 'fit (validationData)');
  } else if (validationSplit > 0) {
    const splitAt = Math.floor(data.n * (1 - validationSplit));
    if (splitAt === 0 || splitAt === data.n) {
      throw new ValueError(
        `fit: validationSplit ${validationSplit} of ${data.n} samples leaves an empty ${splitAt === 0 ? 'training' : 'validation'} set`,
      );
    }
    // The last rows validate; both parts read the caller's tensors in place.
    val = { ...data, start: splitAt, n: data.n - splitAt };
    data = { ...data, n: splitAt };
  }
  const history = new History();
  const cbs = trainingCallbacks(model, userCallbacks, history, verbose, {
    epochs,
    steps: Math.ceil(data.n / batchSize),
    samples: data.n,
    batchSize,
    verbose,
    doValidation: val !== null || sourceValidation !== null,
    metrics: [],
  });
  const order = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) order[i] = data.start + i;
  const rng = rngFor();
  const validation = val;
  await runEpochs(model, compiled, state, {
    epochs,
    initialEpoch,
    classWeight,
    cbs,
    where: 'fit',
    openEpoch: () => {
      if (shuffle) rng.shuffle(order);
      return Promise.resolve(tensorPass(data, batchSize, shuffle ? order : null));
    },
    validate: validation
      ? () =>
          evaluatePass(model, compiled, tensorPass(validation, batchSize, null), 'fit (validation)')
      : sourceValidation,
  });
  return history;
}

/** An optional positive integer option (null when absent). */
function optionalSteps(opts: object, key: string, where: string): number | null {
  const v = (opts as Record<string, unknown>)[key];
  return v === undefined || v === null ? null : checkPositiveInteger(v, where, key);
}

/** The user's callbacks, the History and the progress bar, told about the run. */
function trainingCallbacks(
  model: Model,
  user: readonly Callback[],
  history: History,
  verbose: 0 | 1 | 2,
  params: TrainingParams,
): CallbackList {
  const cbs = new CallbackList([
    ...user,
    history,
    ...(verbose ? [new ProgbarLogger(verbose)] : []),
  ]);
  for (const c of cbs.callbacks) {
    c.setModel(model);
    c.setParams(params);
  }
  return cbs;
}

// ---------------------------------------------------------------------------------------
// fit on datasets and iterables (fit(ds) as Keras 3, fitDataset as TF.js).

/** The options of the dataset path, under either name set, once checked. */
interface SourceFitOptions {
  epochs: number;
  verbose: 0 | 1 | 2;
  initialEpoch: number;
  classWeight: Readonly<Record<number, number>> | undefined;
  callbacks: Callback[];
  stepsPerEpoch: number | null;
  validationData: unknown;
  validationSteps: number | null;
  validationBatchSize: number;
}

/** Options that belong to the tensor path, refused with the reason. */
const TENSOR_ONLY: Readonly<Record<string, string>> = {
  batchSize: 'the dataset yields batches already: batch it with ds.batch(batchSize)',
  validationSplit:
    'a dataset cannot be split by fraction; give validationData (a dataset, e.g. ds.take(n) and ds.skip(n))',
  sampleWeight: 'give per-batch weights in the elements instead: [x, y, sampleWeight]',
};

function sourceFitOptions(args: unknown, where: 'fit' | 'fitDataset'): SourceFitOptions {
  const example = where === 'fit' ? '{epochs: 10, stepsPerEpoch: 100}' : '{epochs: 10}';
  checkOptionsObject(args, where, example);
  const opts = (args ?? {}) as Record<string, unknown>;
  for (const [key, why] of Object.entries(TENSOR_ONLY)) {
    if (opts[key] !== undefined)
      throw new ValueError(`${where}: ${key} does not apply to a dataset; ${why}`);
  }
  if (opts.shuffle === true) {
    throw new ValueError(
      `${where}: shuffle does not apply to a dataset, which yields batches in its own order; shuffle the dataset before batching: ds.shuffle(bufferSize).batch(32)`,
    );
  }
  // Each call takes its own names (TF.js's for fitDataset, Keras's for fit).
  const [stepsKey, valStepsKey, otherSteps, otherValSteps] =
    where === 'fit'
      ? (['stepsPerEpoch', 'validationSteps', 'batchesPerEpoch', 'validationBatches'] as const)
      : (['batchesPerEpoch', 'validationBatches', 'stepsPerEpoch', 'validationSteps'] as const);
  for (const [wrong, right] of [
    [otherSteps, stepsKey],
    [otherValSteps, valStepsKey],
  ] as const) {
    if (opts[wrong] !== undefined)
      throw new ValueError(`${where}: unknown option '${wrong}'; ${where} calls it '${right}'`);
  }
  checkOptionKeys(args, where === 'fit' ? FIT_ITERABLE_KEYS : FIT_DATASET_KEYS, where);
  const optional = (key: string): number | null =>
    opts[key] === undefined || opts[key] === null
      ? null
      : checkPositiveInteger(opts[key], where, key);
  return {
    epochs: checkNonNegativeInteger(opts.epochs ?? 1, where, 'epochs'),
    verbose: checkVerbose(opts.verbose ?? 1, where),
    initialEpoch: checkNonNegativeInteger(opts.initialEpoch ?? 0, where, 'initialEpoch'),
    classWeight: checkClassWeight(opts.classWeight, where),
    callbacks: normalizeCallbacks(opts.callbacks, where),
    stepsPerEpoch: optional(stepsKey),
    validationData: opts.validationData,
    validationSteps: optional(valStepsKey),
    validationBatchSize: checkPositiveInteger(
      opts.validationBatchSize ?? 32,
      where,
      'validationBatchSize',
    ),
  };
}

/** The fit loop over a data source; the caller holds the fit lock. */
async function fitSourceLocked(
  model: Model,
  source: unknown,
  args: unknown,
  state: FitState,
  where: 'fit' | 'fitDataset',
): Promise<History> {
  const o = sourceFitOptions(args, where);
  const compiled = requireCompiled(model.compiled, where);
  const stepsName = where === 'fit' ? 'stepsPerEpoch' : 'batchesPerEpoch';
  const valStepsName = where === 'fit' ? 'validationSteps' : 'validationBatches';
  const passes = new SourcePasses(source, where);
  const steps = passSteps(passes.size, o.stepsPerEpoch, where, stepsName);
  const validate = validationOf(model, compiled, o, where, valStepsName);
  const history = new History();
  const cbs = trainingCallbacks(model, o.callbacks, history, o.verbose, {
    epochs: o.epochs,
    steps,
    samples: null,
    batchSize: null,
    verbose: o.verbose,
    doValidation: validate !== null,
    metrics: [],
  });
  // With stepsPerEpoch one iterator runs through the epochs (as Keras and TF.js do: an
  // epoch is a number of steps, not a pass); without, each epoch is a fresh pass.
  let it: AsyncIterator<unknown> | null = null;
  let open = false;
  const close = async (): Promise<void> => {
    if (it && open) await it.return?.();
    it = null;
    open = false;
  };
  try {
    await runEpochs(model, compiled, state, {
      epochs: o.epochs,
      initialEpoch: o.initialEpoch,
      classWeight: o.classWeight,
      cbs,
      where,
      openEpoch: async () => {
        if (o.stepsPerEpoch === null) await close();
        if (it === null) {
          it = await passes.open();
          open = true;
        }
        return sourcePass(model, it, steps, o.stepsPerEpoch, where, () => (open = false));
      },
      validate,
    });
  } finally {
    // Stopped early (or failed): close the source, freeing the elements it buffered.
    await close();
  }
  return history;
}

/** The validation run of a dataset fit: tensors in batches, or a fresh pass of a source. */
function validationOf(
  model: Model,
  compiled: Compiled,
  o: SourceFitOptions,
  where: string,
  stepsName: string,
): (() => Promise<Logs>) | null {
  const v = o.validationData;
  if (v === undefined || v === null) return null;
  if (isBatchSource(v))
    return validateOnSource(model, compiled, v, o.validationSteps, where, stepsName);
  const checked = checkValidationData(v, where);
  if (!checked) return null;
  const [vx, vy, vsw] = checked;
  const data = prepare(model, vx, vy, vsw, `${where} (validationData)`);
  const at = `${where} (validation)`;
  return () => evaluatePass(model, compiled, tensorPass(data, o.validationBatchSize, null), at);
}

/** Validation on a data source: a fresh pass each epoch, of at most `limit` batches. */
function validateOnSource(
  model: Model,
  compiled: Compiled,
  source: unknown,
  limit: number | null,
  where: string,
  stepsName: string,
): () => Promise<Logs> {
  const at = `${where} (validation)`;
  const passes = new SourcePasses(source, at);
  const steps = passSteps(passes.size, limit, at, stepsName);
  return async () => {
    const it = await passes.open();
    try {
      return await evaluatePass(
        model,
        compiled,
        sourcePass(model, it, steps, limit, at, () => undefined),
        at,
      );
    } finally {
      await it.return?.();
    }
  };
}

/**
 * `model.fitDataset` (TF.js): trains on a dataset of batches.
 */
export async function fitDataset(
  model: Model,
  dataset: unknown,
  args?: FitDatasetArgs,
): Promise<History> {
  model.assertNotDisposed('fitDataset');
  if (!isBatchSource(dataset)) {
    throw new ValueError(
      `fitDataset: expected a Dataset of {xs, ys} batches (nn.data.…), received ${describeValue(dataset)}${dataset instanceof Tensor || Array.isArray(dataset) ? '; for tensors use fit(x, y)' : ''}`,
    );
  }
  const state = beginFit(model);
  try {
    return await fitSourceLocked(model, dataset, args, state, 'fitDataset');
  } finally {
    endFit(model);
  }
}

// ---------------------------------------------------------------------------------------
// evaluate.

export async function evaluate(
  model: Model,
  x: TensorOrList | BatchSource<TrainingBatch>,
  y: TensorOrList | undefined,
  args?: EvaluateArgs | EvaluateIterableArgs,
): Promise<Logs> {
  model.assertNotDisposed('evaluate');
  if (isBatchSource(x)) {
    if (y !== undefined && y !== null) throw yGivenWithSource(y, 'evaluate');
    return evaluateSource(model, x, args, 'evaluate', 'steps');
  }
  checkOptionsObject(args, 'evaluate', '{batchSize: 32, verbose: 0}');
  const opts: EvaluateArgs & EvaluateIterableArgs = args ?? {};
  if (opts.steps !== undefined) {
    throw new ValueError(
      'evaluate: steps applies when x is a dataset or an iterable; with tensors the evaluation covers every row',
    );
  }
  checkOptionKeys(args, EVALUATE_KEYS, 'evaluate');
  const compiled = requireCompiled(model.compiled, 'evaluate');
  const batchSize = checkPositiveInteger(opts.batchSize ?? 32, 'evaluate', 'batchSize');
  const verbose = checkVerbose(opts.verbose ?? 1, 'evaluate');
  const sampleWeight = checkOptionalTensor(opts.sampleWeight, 'evaluate', 'sampleWeight');
  const cbs = new CallbackList(normalizeCallbacks(opts.callbacks, 'evaluate'));
  const data = prepare(model, x, y, sampleWeight, 'evaluate');
  const pass = tensorPass(data, batchSize, null);
  return evaluateWithBar(model, compiled, pass, verbose, cbs, 'evaluate');
}

/** `model.evaluateDataset` (TF.js): loss and metrics over a dataset of batches. */
export async function evaluateDataset(
  model: Model,
  dataset: unknown,
  args?: EvaluateDatasetArgs,
): Promise<Logs> {
  model.assertNotDisposed('evaluateDataset');
  if (!isBatchSource(dataset)) {
    throw new ValueError(
      `evaluateDataset: expected a Dataset of {xs, ys} batches (nn.data.…), received ${describeValue(dataset)}${dataset instanceof Tensor || Array.isArray(dataset) ? '; for tensors use evaluate(x, y)' : ''}`,
    );
  }
  return evaluateSource(model, dataset, args, 'evaluateDataset', 'batches');
}

async function evaluateSource(
  model: Model,
  source: unknown,
  args: unknown,
  where: string,
  stepsName: 'steps' | 'batches',
): Promise<Logs> {
  checkOptionsObject(args, where, `{${stepsName}: 100, verbose: 0}`);
  const opts = (args ?? {}) as Record<string, unknown>;
  for (const key of ['batchSize', 'sampleWeight'] as const) {
    if (opts[key] !== undefined) {
      throw new ValueError(`${where}: ${key} does not apply to a dataset; ${TENSOR_ONLY[key]}`);
    }
  }
  const other = stepsName === 'steps' ? 'batches' : 'steps';
  if (opts[other] !== undefined)
    throw new ValueError(`${where}: unknown option '${other}'; ${where} calls it '${stepsName}'`);
  checkOptionKeys(
    args,
    stepsName === 'steps' ? EVALUATE_ITERABLE_KEYS : EVALUATE_DATASET_KEYS,
    where,
  );
  const compiled = requireCompiled(model.compiled, where);
  const limit =
    opts[stepsName] === undefined || opts[stepsName] === null
      ? null
      : checkPositiveInteger(opts[stepsName], where, stepsName);
  const verbose = checkVerbose(opts.verbose ?? 1, where);
  const cbs = new CallbackList(normalizeCallbacks(opts.callbacks, where));
  const passes = new SourcePasses(source, where);
  const steps = passSteps(passes.size, limit, where, stepsName);
  const it = await passes.open();
  try {
    const pass = sourcePass(model, it, steps, limit, where, () => undefined);
    return await evaluateWithBar(model, compiled, pass, verbose, cbs, where);
  } finally {
    await it.return?.();
  }
}

/** One optimisation step; returns that batch's loss and metrics (computed before the update). */
export function trainOnBatch(
  model: Model,
  x: TensorOrList,
  y: TensorOrList,
  args?: TrainOnBatchArgs,
): Logs {
  const where = 'trainOnBatch';
  model.assertNotDisposed(where);
  // A step outside fit's loop would interleave with its steps and reset its metrics.
  assertNotFitting(model, where, 'call trainOnBatch after fit resolves');
  checkOptionsObject(args, where, '{sampleWeight}');
  checkOptionKeys(args, TRAIN_ON_BATCH_KEYS, where);
  const opts: TrainOnBatchArgs = args ?? {};
  const compiled = requireCompiled(model.compiled, where);
  const classWeight = checkClassWeight(opts.classWeight, where);
  const sampleWeight = checkOptionalTensor(opts.sampleWeight, where, 'sampleWeight');
  const data = prepare(model, x, y, sampleWeight, where);
  const t = trainingTrackers(compiled);
  tidy(() => {
    const sw = classWeight ? classSampleWeights(data.ys[0]!, classWeight, data.sw) : data.sw;
    trainStep(model, compiled, data.xs, data.ys, sw, t);
  });
  return logsOf(compiled, t);
}

/** Loss and metrics of one batch in inference mode. */
export function testOnBatch(
  model: Model,
  x: TensorOrList,
  y: TensorOrList,
  args?: { sampleWeight?: Tensor },
): Logs {
  const where = 'testOnBatch';
  model.assertNotDisposed(where);
  checkOptionsObject(args, where, '{sampleWeight}');
  checkOptionKeys(args, ['sampleWeight'], where);
  const compiled = requireCompiled(model.compiled, where);
  const sampleWeight = checkOptionalTensor(args?.sampleWeight, where, 'sampleWeight');
  const data = prepare(model, x, y, sampleWeight, where);
  const t = evaluationTrackers(model, compiled, where);
  testStep(model, compiled, data.xs, data.ys, data.sw, t);
  return logsOf(compiled, t);
}
