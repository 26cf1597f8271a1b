/**
 * Model ⇄ artifacts (TF.js `ModelArtifacts`): the in-memory form every destination shares.
 * Saving gathers the topology, the training config, the weights (and the optimizer state
 * as `group: 'optimizer'` weights). Loading checks everything it can before building
 * anything: the topology's classes, the specs, the byte count, the training config; then it
 * builds the model, pairs and checks every weight, and only then assigns values. A failed
 * load disposes what it built and throws; `loadWeights` into an existing model changes
 * nothing unless every weight fits.
 */
import { tidy } from '../engine/tidy.js';
import { tensor } from '../ops/creation.js';
import type { NamedTensor, Optimizer } from '../optimizers/optimizer.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import type { Model } from '../models/model.js';
import type { CompileArgs } from '../training/compile.js';
import { deserializeModel, unwrapTopology } from './deserialize.js';
import { describe, isObject } from './json.js';
import { checkJsonValues } from './limits.js';
import { matchWeights, type WeightTarget } from './match-weights.js';
import { buildWithin } from '../layers/weight-budget.js';
import { ModelIOError } from './model-io-error.js';
import { GENERATED_BY, serializeModel } from './serialize.js';
import { readTrainingConfig, trainingConfigOf } from './training-config.js';
import type {
  LoadOptions,
  ModelArtifacts,
  ModelArtifactsInfo,
  SaveOptions,
  TrainingConfig,
} from './types.js';
import {
  concatBuffers,
  type DecodedWeight,
  decodeWeights,
  encodeWeights,
  type NamedWeight,
  parseWeightSpecs,
} from './weights.js';

/**
 * The names a model's variables are saved under: `<layer>/<weight>`, without the `_1`
 * suffix a variable gets when another one already had its name in this session (TF.js
 * saves `originalName` the same way). Suffixes stay where dropping them would collide.
 */
export function savedWeightNames(vars: readonly Variable[]): Map<Variable, string> {
  const names = vars.map((v) => v.name);
  const stripped = names.map((n) => n.replace(/_\d+$/, ''));
  const out = new Map<Variable, string>();
  const used = new Set<string>();
  vars.forEach((v, i) => {
    const s = stripped[i]!;
    const unique =
      s !== names[i] && !names.includes(s) && stripped.filter((x) => x === s).length === 1;
    let name = unique ? s : names[i]!;
    for (let k = 1; used.has(name); k++) name = `${names[i]!}_${k}`;
    used.add(name);
    out.set(v, name);
  });
  return out;
}

/** The optimizer's state under saved names (`<saved variable name>/<slot>`). */
function optimizerState(model: Model, names: Map<Variable, string>): NamedTensor[] {
  const state = model.compiled!.optimizer.getWeights();
  const byActual = new Map([...names].map(([v, n]) => [v.name, n]));
  return state.map((w) => {
    const cut = w.name.lastIndexOf('/');
    const saved = cut > 0 ? byActual.get(w.name.slice(0, cut)) : undefined;
    return saved ? { name: `${saved}${w.name.slice(cut)}`, tensor: w.tensor } : w;
  });
}

/** Sizes of saved artifacts, for the SaveResult. */
export function artifactsInfo(a: ModelArtifacts): ModelArtifactsInfo {
  const enc = new TextEncoder();
  const data = a.weightData;
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: a.modelTopology
      ? enc.encode(JSON.stringify(a.modelTopology)).byteLength
      : 0,
    weightSpecsBytes: a.weightSpecs ? enc.encode(JSON.stringify(a.weightSpecs)).byteLength : 0,
    weightDataBytes:
      data === undefined
        ? 0
        : data instanceof ArrayBuffer
          ? data.byteLength
          : data.reduce((s, b) => s + b.byteLength, 0),
  };
}

/**
 * A Sequential or Functional model as artifacts: topology, training config (when compiled
 * with serializable settings), weights and, with `includeOptimizer`, the optimizer state.
 *
 * @throws ModelIOError for a subclassed model (use saveWeights).
 * @example
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [3] })] });
 * const artifacts = nn.io.modelToArtifacts(model); // topology, weight specs and data
 * const copy = nn.io.artifactsToModel(artifacts, 'memory');
 */
export function modelToArtifacts(
  model: Model,
  { includeOptimizer = true }: SaveOptions = {},
  where = 'save',
): ModelArtifacts {
  const modelTopology = serializeModel(model, where);
  const vars = model.weights;
  const names = savedWeightNames(vars);
  const weights: NamedWeight[] = vars.map((v) => ({ name: names.get(v)!, tensor: v }));
  let trainingConfig: TrainingConfig | null = null;
  let state: NamedTensor[] = [];
  if (model.compiled) {
    trainingConfig = trainingConfigOf(model.compiled);
    if (trainingConfig && includeOptimizer) state = optimizerState(model, names);
  }
  try {
    const { specs, data } = encodeWeights([
      ...weights,
      ...state.map((w): NamedWeight => ({ name: w.name, tensor: w.tensor, group: 'optimizer' })),
    ]);
    const artifacts: ModelArtifacts = {
      modelTopology: { ...modelTopology },
      weightSpecs: specs,
      weightData: data,
      format: 'layers-model',
      generatedBy: GENERATED_BY,
      convertedBy: null,
    };
    if (trainingConfig) artifacts.trainingConfig = trainingConfig;
    return artifacts;
  } finally {
    for (const w of state) w.tensor.dispose();
  }
}

/** A model's weights only (no topology): what saveWeights writes. Works for any model. */
export function weightsToArtifacts(model: Model): ModelArtifacts {
  const vars = model.weights;
  const names = savedWeightNames(vars);
  const { specs, data } = encodeWeights(vars.map((v) => ({ name: names.get(v)!, tensor: v })));
  return {
    weightSpecs: specs,
    weightData: data,
    format: 'layers-model',
    generatedBy: GENERATED_BY,
    convertedBy: null,
  };
}

/** Checks and decodes an artifacts' weights (nothing is allocated before the sizes are checked). */
export function decodeArtifactsWeights(a: ModelArtifacts, where: string): DecodedWeight[] {
  const specs = parseWeightSpecs(a.weightSpecs ?? [], where);
  const raw: unknown = a.weightData ?? new ArrayBuffer(0);
  const isBuffer = (x: unknown): x is ArrayBuffer | Uint8Array =>
    x instanceof ArrayBuffer || x instanceof Uint8Array;
  if (!(raw instanceof ArrayBuffer) && !(Array.isArray(raw) && raw.every(isBuffer))) {
    throw new ModelIOError(
      `${where}: weightData must be an ArrayBuffer or a list of them, received ${describe(raw)}`,
      {
        file: where,
      },
    );
  }
  return decodeWeights(concatBuffers(raw as ArrayBuffer | ArrayBuffer[]), specs, where);
}

function targetsOf(vars: readonly Variable[]): WeightTarget[] {
  const names = savedWeightNames(vars);
  return vars.map((v) => ({ name: names.get(v)!, shape: v.shape, dtype: v.dtype }));
}

/** Assigns decoded values to variables (all already checked: this cannot fail halfway). */
function assignAll(vars: readonly Variable[], pairs: readonly (DecodedWeight | null)[]): void {
  tidy(() => {
    vars.forEach((v, i) => {
      const w = pairs[i];
      if (w) v.assign(tensor(w.values, w.shape, w.dtype));
    });
  });
}

/** Frees what a failed load built. */
function disposeModel(model: Model): void {
  for (const v of model.weights) if (!v.isDisposed) v.dispose();
  model.compiled?.optimizer.dispose();
}

/**
 * Slots a file may hold that this optimizer does not keep: TF.js's RMSProp always saves
 * `momentum` (and `mg`) slots, which are inert without momentum (or centering).
 */
function inertSlots(optimizer: Optimizer): string[] {
  if (optimizer.className !== 'RMSprop') return [];
  const c = optimizer.getConfig();
  return [...(c.momentum === 0 ? ['momentum'] : []), ...(c.centered === false ? ['mg'] : [])];
}

function restoreOptimizer(
  model: Model,
  state: readonly DecodedWeight[],
  pairs: readonly (DecodedWeight | null)[],
  where: string,
): void {
  const vars = model.weights;
  // File variable name → this model's variable name, so setWeights matches by name.
  const rename = new Map<string, string>();
  vars.forEach((v, i) => {
    const w = pairs[i];
    if (w) rename.set(w.name, v.name);
  });
  const tensors: Tensor[] = [];
  const optimizer = model.compiled!.optimizer;
  const inert = inertSlots(optimizer);
  const kept = state.filter((w) => !inert.includes(w.name.slice(w.name.lastIndexOf('/') + 1)));
  try {
    const named = kept.map((w): NamedTensor => {
      const cut = w.name.lastIndexOf('/');
      const actual = cut > 0 ? rename.get(w.name.slice(0, cut)) : undefined;
      const t = tensor(w.values, w.shape, w.dtype);
      tensors.push(t);
      return { name: actual ? `${actual}${w.name.slice(cut)}` : w.name, tensor: t };
    });
    optimizer.setWeights(named);
  } catch (e) {
    throw new ModelIOError(
      `${where}: the optimizer state does not fit the ${optimizer.className} optimizer: ${(e as Error).message}`,
      { file: where },
      { cause: e },
    );
  } finally {
    for (const t of tensors) t.dispose();
  }
}

/**
 * Rebuilds a model from artifacts: architecture, weights, compile settings and optimizer
 * state. `where` names the source in errors.
 *
 * @throws ModelIOError naming the source, the weight and what was expected; nothing is
 *   left allocated.
 * @example
 * const artifacts = nn.io.modelToArtifacts(model);
 * const copy = nn.io.artifactsToModel(artifacts, 'a copy', { compile: false });
 */
export function artifactsToModel(
  a: ModelArtifacts,
  where: string,
  { strict = true, compile = true }: LoadOptions = {},
): Model {
  if (!isObject(a))
    throw new ModelIOError(`${where}: expected model artifacts, received ${describe(a)}`, {
      file: where,
    });
  if (a.format === 'graph-model') {
    throw new ModelIOError(
      `${where}: this is a TF.js graph model (a converted SavedModel), which has no layers to rebuild; Neurite loads layers models`,
      { file: where },
    );
  }
  const rawTopology: unknown = a.modelTopology;
  if (rawTopology === undefined || rawTopology === null) {
    throw new ModelIOError(
      `${where}: holds weights only (no modelTopology); build the model in code and use loadWeights(model, path)`,
      { file: where },
    );
  }
  if (rawTopology instanceof ArrayBuffer) {
    throw new ModelIOError(
      `${where}: the topology is a binary GraphDef (a graph model); Neurite loads layers models`,
      { file: where },
    );
  }
  // Topologies from handlers and fromMemory were never bounded as files are (limits.ts):
  // bound their size and depth before anything walks them.
  checkJsonValues(
    [
      ['modelTopology', rawTopology],
      ['trainingConfig', a.trainingConfig],
    ],
    where,
  );
  const { model: topology, trainingConfig: wrapped } = unwrapTopology(rawTopology, where);
  const decoded = decodeArtifactsWeights(a, where);
  const tc: unknown = a.trainingConfig ?? wrapped;
  const tcPart =
    a.trainingConfig !== undefined && a.trainingConfig !== null
      ? 'trainingConfig'
      : 'modelTopology.training_config';
  let compileArgs: CompileArgs | null = null;
  if (compile && tc !== undefined && tc !== null)
    compileArgs = readTrainingConfig(tc, where, tcPart);
  let model: Model | null = null;
  try {
    // Strictly, every weight comes from the file: none may be larger than the file's
    // largest, nor (with room for one missing weight, which matching then names) their sum.
    const sizes = decoded.filter((w) => w.group === 'model').map((w) => w.values.length);
    const largest = Math.max(0, ...sizes);
    const total = sizes.reduce((s, n) => s + n, 0) + largest;
    model = buildWithin(strict ? { largest, total } : null, () =>
      deserializeModel(topology, where),
    );
    const vars = model.weights;
    const pairs = matchWeights(
      targetsOf(vars),
      decoded.filter((w) => w.group === 'model'),
      { strict, where },
    );
    if (compileArgs) {
      const args = compileArgs;
      const m = model;
      try {
        m.compile(args);
      } catch (e) {
        throw new ModelIOError(
          `${where}: ${tcPart}: ${(e as Error).message}; load with {compile: false} to skip the training config`,
          { file: where },
          { cause: e },
        );
      }
      const state = decoded.filter((w) => w.group === 'optimizer');
      if (state.length > 0) restoreOptimizer(m, state, pairs, where);
    }
    assignAll(vars, pairs);
    return model;
  } catch (e) {
    if (model) disposeModel(model);
    else if (compileArgs && typeof compileArgs.optimizer !== 'string')
      compileArgs.optimizer.dispose();
    throw e;
  }
}

/**
 * Sets a model's weights from artifacts (a weights-only file, or a full model file whose
 * optimizer state is ignored). Checks every weight before changing any.
 *
 * @throws ModelIOError naming the source, the weight and what was expected.
 */
export function loadWeightsFromArtifacts(
  model: Model,
  a: ModelArtifacts,
  where: string,
  { strict = true }: { strict?: boolean } = {},
): void {
  const decoded = decodeArtifactsWeights(a, where).filter((w) => w.group === 'model');
  const vars = model.weights;
  if (vars.length === 0 && decoded.length > 0) {
    throw new ModelIOError(
      `${where}: the model '${model.name}' has no weights yet, the file has ${decoded.length}; build it first (call it on a batch, or model.build([null, ...inputShape]))`,
      { file: where },
    );
  }
  const pairs = matchWeights(targetsOf(vars), decoded, { strict, where });
  assignAll(vars, pairs);
}
