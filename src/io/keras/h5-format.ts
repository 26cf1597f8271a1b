/**
 * The legacy Keras `.h5` format (Keras 2, tf.keras, and Keras 3's `save('x.h5')`): file
 * attributes `keras_version`, `backend`, `model_config` and `training_config` (JSON), the
 * group `model_weights` (attribute `layer_names`; a group per layer with `weight_names`,
 * each name a dataset path inside it: `dense/kernel:0`, `kernel`), and `optimizer_weights`.
 * Lists of names too large for one HDF5 attribute are split as `layer_names0`,
 * `layer_names1`, …. Weights pair with layers by name, then by position, as Keras's loader
 * does. The file is sniffed by its bytes, so an HDF5 file named `.keras` reads as this.
 */
import type { Layer } from '../../layers/layer.js';
import { Model } from '../../models/model.js';
import type { Variable } from '../../tensor/tensor.js';
import type { ModelFileFormat } from '../file-format.js';
import { isObject, own } from '../json.js';
import { checkJsonText } from '../limits.js';
import { ModelIOError } from '../model-io-error.js';
import { isSerializableModel } from '../serialize.js';
import type { JsonObject, LoadOptions, ModelArtifacts, SaveOptions } from '../types.js';
import {
  attrStrings,
  group,
  listAttr,
  type H5Attr,
  type H5Dataset,
  type H5Group,
  isHdf5,
  nodeAt,
  readH5,
  strAttr,
} from './hdf5.js';
import { writeH5 } from './hdf5-write.js';
import { compilable, legacyTrainingConfigOf, optimizerStateOf } from './keras-compile.js';
import { KERAS_FORMAT_VERSION, withBuiltModel } from './keras-format.js';
import { kerasLayers } from './keras-graph.js';
import { checkKerasConfig } from './keras-safety.js';
import { withoutImplicitMasks } from './keras-masks.js';
import { kerasWeightLayout } from './keras-weight-paths.js';
import { Bidirectional } from '../../layers/bidirectional.js';
import { TimeDistributed } from '../../layers/time-distributed.js';
import { kerasOptimizerVars } from './keras-optimizer.js';
import { modelEntry, renumberNestedModels } from './keras3-config.js';
import { readLegacyOptimizer } from './h5-optimizer.js';
import {
  checkShape,
  type FileWeight,
  savedNames,
  toArtifactWeights,
  storedValues,
  weightFor,
} from './keras-weights-common.js';

/** The most bytes one HDF5 attribute holds in Keras's files (`HDF5_OBJECT_HEADER_LIMIT`). */
const ATTR_LIMIT = 64512;

function fail(where: string, message: string): never {
  throw new ModelIOError(`${where}: ${message}`, { file: where });
}

function jsonAttr(a: H5Attr | undefined, where: string, what: string): JsonObject | undefined {
  const s = attrStrings(a);
  if (!s) return undefined;
  const text = s.join('');
  checkJsonText(text, `${where} (${what})`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ModelIOError(
      `${where}: the ${what} attribute is not valid JSON: ${(e as Error).message}`,
      { file: where },
      { cause: e },
    );
  }
  if (!isObject(v)) fail(where, `the ${what} attribute must hold a JSON object`);
  return v;
}

/** A weight of a layer with its Keras path (`dense/kernel`; `inner/dense/kernel` inside a nested model). */
export interface PathedWeight {
  v: Variable;
  path: string;
}

/** The short name of a variable (`kernel` of `dense/kernel_1`). */
function shortName(v: Variable): string {
  return (v.name.split('/').pop() ?? v.name).replace(/_\d+$/, '');
}

function pathed(layer: Layer, prefix: string): PathedWeight[] {
  if (layer instanceof Model) {
    return kerasLayers(layer).flatMap((l) => pathed(l, `${prefix}${layer.name}/`));
  }
  // Keras 3 names a variable by its path: a wrapper's sublayers are not scoped under the
  // wrapper (`forward_lstm/lstm_cell/kernel` in group `bi`), others are (`mha/query/kernel`).
  const { scopes } = kerasWeightLayout(layer);
  const own =
    layer instanceof Bidirectional || layer instanceof TimeDistributed ? '' : `${layer.name}/`;
  return layer.weights.map((v, i) => ({
    v,
    path: `${prefix}${own}${scopes[i]!}${shortName(v)}`,
  }));
}

/**
 * A layer's weights as Keras's legacy files list them (`_legacy_weights`): trainable, then
 * non-trainable (all of a nested model's, in Keras's layer order), with their Keras paths.
 */
export function legacyWeights(layer: Layer, prefix = ''): PathedWeight[] {
  const all = pathed(layer, prefix);
  return [...all.filter((w) => w.v.trainable), ...all.filter((w) => !w.v.trainable)];
}

/** tf.keras 2.11+ names built-in optimizers `Custom>Adam` in files. */
function fixTrainingConfig(tc: JsonObject | undefined): JsonObject | undefined {
  if (!tc) return tc;
  const opt = own(tc, 'optimizer_config');
  if (!isObject(opt)) return tc;
  const cls = own(opt, 'class_name');
  if (typeof cls === 'string' && cls.startsWith('Custom>'))
    return { ...tc, optimizer_config: { ...opt, class_name: cls.slice('Custom>'.length) } };
  return tc;
}

function readLayerWeights(mw: H5Group, model: Model, where: string): FileWeight[] {
  const names = savedNames(model);
  const fileLayers = listAttr(mw, 'layer_names').filter((n) => {
    const g = mw.children.get(n);
    return g?.kind === 'group' && listAttr(g, 'weight_names').length > 0;
  });
  const layers = model.layers.filter((l) => l.weights.length > 0);
  const byName = fileLayers.every((n) => layers.some((l) => l.name === n));
  if (!byName && fileLayers.length !== layers.length) {
    fail(
      where,
      `model_weights holds weights for ${fileLayers.length} layers (${fileLayers.join(', ')}), but the model has ${layers.length} layers with weights (${layers.map((l) => l.name).join(', ')})`,
    );
  }
  const out: FileWeight[] = [];
  layers.forEach((layer, k) => {
    const groupName = byName ? layer.name : fileLayers[k]!;
    const g = mw.children.get(groupName);
    if (g?.kind !== 'group') fail(where, `model_weights has no group for layer '${layer.name}'`);
    const weightNames = listAttr(g, 'weight_names');
    const vars = legacyWeights(layer).map((w) => w.v);
    if (weightNames.length !== vars.length) {
      fail(
        where,
        `model_weights/${groupName} holds ${weightNames.length} weights (${weightNames.join(', ')}), but layer '${layer.name}' (${layer.className}) has ${vars.length}`,
      );
    }
    vars.forEach((v, i) => {
      const p = `model_weights/${groupName}/${weightNames[i]!}`;
      const ds = nodeAt(g, weightNames[i]!);
      if (ds?.kind !== 'dataset')
        fail(where, `the dataset '${p}' named in weight_names is missing`);
      checkShape(ds, v.shape, where, p, `layer '${layer.name}' weight '${v.name}'`);
      out.push(weightFor(v, names.get(v)!, ds, where, p));
    });
  });
  return out;
}

async function readH5Model(
  bytes: Uint8Array,
  where: string,
  options: LoadOptions,
): Promise<ModelArtifacts> {
  const root = await readH5(bytes, where);
  const config = jsonAttr(root.attrs.model_config, where, 'model_config');
  if (!config) {
    fail(
      where,
      root.attrs.layer_names || root.children.has('layers')
        ? 'holds weights only (no model_config attribute: saved with save_weights); build the model in code and use loadWeights'
        : 'is an HDF5 file without a model_config attribute: not a Keras model file',
    );
  }
  const cleaned = withoutImplicitMasks(config);
  checkKerasConfig(cleaned, where);
  const topology = renumberNestedModels(cleaned);
  const trainingConfig = compilable(
    fixTrainingConfig(jsonAttr(root.attrs.training_config, where, 'training_config')),
  );
  const mwNode = root.children.get('model_weights');
  const mw: H5Group = mwNode?.kind === 'group' ? mwNode : root;
  const weights = withBuiltModel(topology, where, (model) => {
    const out = readLayerWeights(mw, model, where);
    const ow = root.children.get('optimizer_weights');
    const opt = trainingConfig ? own(trainingConfig, 'optimizer_config') : undefined;
    if (options.compile !== false && ow?.kind === 'group' && isObject(opt)) {
      const names = savedNames(model);
      const trainable = kerasLayers(model)
        .flatMap((l) => legacyWeights(l))
        .filter((w) => w.v.trainable)
        .map((w) => ({ name: names.get(w.v)!, shape: w.v.shape }));
      out.push(...readLegacyOptimizer(ow, opt, trainable, where));
    }
    return out;
  });
  const version = attrStrings(root.attrs.keras_version)?.[0];
  const artifacts: ModelArtifacts = {
    modelTopology: topology,
    ...toArtifactWeights(weights),
    format: 'layers-model',
    generatedBy: `keras v${version ?? '?'}`,
    convertedBy: null,
  };
  if (trainingConfig) artifacts.trainingConfig = trainingConfig;
  return artifacts;
}

// ---- writing ------------------------------------------------------------------------------

/** A list of names as an attribute, split into `name0, name1, …` when larger than HDF5 allows. */
function setListAttr(g: H5Group, name: string, list: readonly string[]): void {
  if (list.length === 0) {
    g.attrs[name] = { kind: 'number', dtype: 'float64', value: [] };
    return;
  }
  const width = Math.max(...list.map((s) => new TextEncoder().encode(s).length));
  const chunks = Math.max(1, Math.ceil((width * list.length) / ATTR_LIMIT));
  if (chunks === 1) {
    g.attrs[name] = strAttr([...list]);
    return;
  }
  const per = Math.ceil(list.length / chunks);
  for (let c = 0; c < chunks; c++)
    g.attrs[`${name}${c}`] = strAttr(list.slice(c * per, (c + 1) * per));
}

function dataset(values: Float32Array | BigInt64Array, shape: readonly number[]): H5Dataset {
  return {
    kind: 'dataset',
    dtype: values instanceof Float32Array ? 'float32' : 'int64',
    shape: [...shape],
    data: values,
    attrs: {},
  };
}

/** Puts a dataset at a `/`-separated path inside `g`. */
function put(g: H5Group, path: string, ds: H5Dataset): void {
  const parts = path.split('/');
  let at = g;
  for (const p of parts.slice(0, -1)) {
    let next = at.children.get(p);
    if (next?.kind !== 'group') {
      next = group();
      at.children.set(p, next);
    }
    at = next;
  }
  at.children.set(parts[parts.length - 1]!, ds);
}

async function writeH5Model(
  model: Model,
  where: string,
  options: SaveOptions,
): Promise<Uint8Array> {
  // Keras builds a Sequential's layers inside the model's name scope: their paths start with it.
  const prefix = model.className === 'Sequential' ? `${model.name}/` : '';
  if (!isSerializableModel(model)) {
    fail(
      where,
      `'${model.name}' is a subclassed model (its call() is code), so its architecture cannot be saved in a Keras file; save its weights with saveWeights and rebuild the model in code, as in Keras`,
    );
  }
  const root = group({
    keras_version: strAttr(KERAS_FORMAT_VERSION),
    backend: strAttr('tensorflow'),
    model_config: strAttr(JSON.stringify(modelEntry(model, where, true))),
  });
  const tc = legacyTrainingConfigOf(model);
  if (tc)
    root.attrs.training_config = strAttr(
      JSON.stringify({ loss_weights: null, weighted_metrics: null, ...tc }),
    );
  const mw = group({
    backend: strAttr('tensorflow'),
    keras_version: strAttr(KERAS_FORMAT_VERSION),
  });
  const layers = kerasLayers(model);
  setListAttr(
    mw,
    'layer_names',
    layers.map((l) => l.name),
  );
  const trainable: PathedWeight[] = [];
  for (const layer of [...layers].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const lg = group();
    const vars = legacyWeights(layer, prefix);
    setListAttr(
      lg,
      'weight_names',
      vars.map((w) => w.path),
    );
    for (const w of vars) put(lg, w.path, dataset(storedValues(w.v), w.v.shape));
    mw.children.set(layer.name, lg);
  }
  for (const l of layers) trainable.push(...legacyWeights(l, prefix).filter((w) => w.v.trainable));
  const top = group();
  setListAttr(top, 'weight_names', []);
  mw.children.set('top_level_model_weights', top);
  root.children.set('model_weights', mw);
  const state = tc && options.includeOptimizer !== false ? optimizerStateOf(model) : null;
  if (state) {
    const ow = group();
    const names: string[] = [];
    const prefix = state.name;
    kerasOptimizerVars(state.plan, trainable.length).forEach((e) => {
      let name: string;
      let ds: H5Dataset;
      if (e.kind === 'iter') {
        name = `${prefix}/iteration`;
        ds = dataset(BigInt64Array.of(BigInt(state.iterations)), []);
      } else if (e.kind === 'learning_rate') {
        name = `${prefix}/learning_rate`;
        ds = dataset(Float32Array.of(state.learningRate), []);
      } else if (e.kind === 'scalar') {
        name = `${prefix}/${e.kerasName}`;
        ds = dataset(state.byName.get(e.name) ?? Float32Array.of(1), []);
      } else {
        const { v, path } = trainable[e.variable]!;
        name = `${prefix}/${path.replace(/\//g, '_')}_${e.kerasSlot}`;
        ds = dataset(
          state.byName.get(`${v.name}/${e.slot}`) ??
            new Float32Array(v.size).fill(state.initial(e.slot)),
          v.shape,
        );
      }
      names.push(name);
      put(ow, name, ds);
    });
    setListAttr(ow, 'weight_names', names);
    root.children.set('optimizer_weights', ow);
  }
  return writeH5(root, where);
}

/** The legacy Keras HDF5 format (`.h5`; also HDF5 files named `.keras` or `.hdf5`). */
export const H5_FORMAT: ModelFileFormat = {
  name: 'h5',
  description: 'Keras HDF5 (.h5)',
  extensions: ['.h5', '.hdf5'],
  keepsOptimizerState: true,
  sniff: isHdf5,
  read: readH5Model,
  write: writeH5Model,
};
