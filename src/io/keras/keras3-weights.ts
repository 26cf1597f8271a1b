/**
 * `model.weights.h5` inside a `.keras` file ⇄ a model's weights and optimizer state. Keras 3
 * (`saving_lib._save_state`) walks the model: the model's own variables in `vars`, then
 * each layer of `model.layers` under `layers/<snake_case class name>[_N]` (numbered per
 * class, in `model.layers` order; a Sequential leaves its InputLayer out, a Functional keeps
 * it), its variables in `vars/0..n` (trainable, then non-trainable), a nested model's
 * layers below its own group, each layer once; then `optimizer/vars/0..n`. Since Keras 3.7
 * each `vars` group has a `name` attribute (the layer's name). Files of Keras 2.13 name
 * `layers` `_layer_checkpoint_dependencies`; both are read.
 */
import type { Layer } from '../../layers/layer.js';
import { Model } from '../../models/model.js';
import type { Variable } from '../../tensor/tensor.js';
import { classNameToSnakeCase } from '../../serialization/keys.js';
import { isObject, own } from '../json.js';
import { ModelIOError } from '../model-io-error.js';
import type { JsonObject, JsonValue } from '../types.js';
import { group, groupAt, type H5Dataset, type H5Group, nodeAt, strAttr } from './hdf5.js';
import { kerasLayers } from './keras-graph.js';
import { kerasWeightLayout } from './keras-weight-paths.js';
import { kerasOptimizerVars, type SlotPlan } from './keras-optimizer.js';
import {
  checkShape,
  type FileWeight,
  floatValues,
  savedNames,
  stepCount,
  storedValues,
  weightFor,
} from './keras-weights-common.js';

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

function fail(where: string, message: string): never {
  throw new ModelIOError(`${where}: ${message}`, { file: where });
}

/** Keras's `_get_unique_name`: `dense`, `dense_1`, … per container. */
function uniqueName(name: string, used: Map<string, number>): string {
  const n = used.get(name);
  if (n === undefined) {
    used.set(name, 0);
    return name;
  }
  used.set(name, n + 1);
  return `${name}_${n + 1}`;
}

function entryName(e: JsonObject): string | undefined {
  const c = own(e, 'config');
  const n = isObject(c) ? own(c, 'name') : undefined;
  if (typeof n === 'string') return n;
  const top = own(e, 'name');
  return typeof top === 'string' ? top : undefined;
}

function layerEntries(e: JsonObject): JsonObject[] {
  const c = own(e, 'config');
  const list: JsonValue | undefined = Array.isArray(c) ? c : isObject(c) ? own(c, 'layers') : [];
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/** What the reader found: model weights in Keras's walk order, and the trainable ones' names. */
export interface Keras3Weights {
  weights: FileWeight[];
  /** Saved names of the trainable variables, in Keras's `model.trainable_variables` order. */
  trainable: string[];
}

/** Finds `<path>/vars` (or Keras 2.13's `_layer_checkpoint_dependencies` spelling). */
function varsGroup(root: H5Group, path: string): H5Group | undefined {
  for (const p of [
    path,
    path.replace(/(^|\/)layers(\/|$)/g, '$1_layer_checkpoint_dependencies$2'),
  ]) {
    const g = nodeAt(root, `${p}/vars`);
    if (g?.kind === 'group') return g;
  }
  return undefined;
}

/**
 * Reads the model weights of `model.weights.h5`, walking the file's config (its layer order
 * is the order Keras numbered the groups in) alongside `model`, which was built from that
 * config.
 *
 * @throws ModelIOError naming the file, the HDF5 path and the layer when a weight is
 *   missing or its shape disagrees with the config.
 */
export function readKeras3Weights(
  root: H5Group,
  config: JsonObject,
  model: Model,
  where: string,
): Keras3Weights {
  const names = savedNames(model);
  const weights: FileWeight[] = [];
  const trainable: string[] = [];
  const visited = new Set<Layer>();
  const walk = (entry: JsonObject, m: Model, path: string): void => {
    const used = new Map<string, number>();
    const sequential = own(entry, 'class_name') === 'Sequential';
    for (const e of layerEntries(entry)) {
      const cls = own(e, 'class_name');
      if (typeof cls !== 'string' || (sequential && cls === 'InputLayer')) continue;
      const snake = uniqueName(classNameToSnakeCase(cls === 'Model' ? 'Functional' : cls), used);
      const name = entryName(e);
      const layer = m.layers.find((l) => l.name === name);
      const p = `${path}layers/${snake}`;
      if (!layer) fail(where, `config.json: no layer named '${name ?? '?'}' was built for '${p}'`);
      if (visited.has(layer)) continue;
      visited.add(layer);
      if (layer instanceof Model && MODEL_CLASSES.has(cls)) {
        walk(e, layer, `${p}/`);
        continue;
      }
      readLayer(layer, p);
    }
  };
  const readLayer = (layer: Layer, p: string): void => {
    const vars = layer.weights;
    if (vars.length === 0) return;
    const { paths } = kerasWeightLayout(layer);
    vars.forEach((v, i) => {
      const rel = paths[i]!;
      const dp = `${p}/${rel}`;
      const g = varsGroup(root, `${p}/${rel.replace(/\/?vars\/\d+$/, '')}`.replace(/\/$/, ''));
      const ds = g?.children.get(rel.slice(rel.lastIndexOf('/') + 1));
      if (ds?.kind !== 'dataset')
        fail(
          where,
          `model.weights.h5 has no dataset '${dp}' for weight '${v.name}' of layer '${layer.name}' (${layer.className}, ${vars.length} weights)`,
        );
      checkShape(
        ds,
        v.shape,
        where,
        `model.weights.h5 ${dp}`,
        `layer '${layer.name}' weight '${v.name}'`,
      );
      const name = names.get(v)!;
      weights.push(weightFor(v, name, ds, where, dp));
      if (v.trainable) trainable.push(name);
    });
  };
  walk(config, model, '');
  return { weights, trainable };
}

/**
 * Reads `optimizer/vars` as Neurite optimizer weights (`iter`, `<variable>/<slot>`, …), or
 * returns [] when the file holds none or a layout this plan does not match (Keras then
 * starts the optimizer afresh too).
 */
export function readKeras3Optimizer(
  root: H5Group,
  plan: SlotPlan,
  trainable: readonly string[],
  shapes: ReadonlyMap<string, readonly number[]>,
  where: string,
): FileWeight[] {
  const g = nodeAt(root, 'optimizer/vars');
  if (g?.kind !== 'group') return [];
  const layout = kerasOptimizerVars(plan, trainable.length);
  if (g.children.size !== layout.length) return [];
  const out: FileWeight[] = [];
  layout.forEach((entry, i) => {
    const ds = g.children.get(String(i));
    const p = `optimizer/vars/${i}`;
    if (ds?.kind !== 'dataset') fail(where, `model.weights.h5 has no dataset '${p}'`);
    if (entry.kind === 'iter')
      out.push({
        name: 'iter',
        shape: [],
        dtype: 'int32',
        values: stepCount(ds, where, p),
        group: 'optimizer',
      });
    else if (entry.kind === 'scalar')
      out.push({
        name: entry.name,
        shape: [],
        dtype: 'float32',
        values: floatValues(ds, where, p),
        group: 'optimizer',
      });
    else if (entry.kind === 'slot') {
      const v = trainable[entry.variable]!;
      checkShape(
        ds,
        shapes.get(v)!,
        where,
        `model.weights.h5 ${p}`,
        `the ${entry.kerasSlot} of '${v}'`,
      );
      out.push({
        name: `${v}/${entry.slot}`,
        shape: [...ds.shape],
        dtype: 'float32',
        values: floatValues(ds, where, p),
        group: 'optimizer',
      });
    }
  });
  return out;
}

// ---- writing ------------------------------------------------------------------------------

function dataset(values: Float32Array | BigInt64Array, shape: readonly number[]): H5Dataset {
  return {
    kind: 'dataset',
    dtype: values instanceof Float32Array ? 'float32' : 'int64',
    shape: [...shape],
    data: values,
    attrs: {},
  };
}

/** The optimizer's state in Keras's variable list, or null when it has none to write. */
export interface OptimizerState {
  plan: SlotPlan;
  name: string;
  iterations: number;
  learningRate: number;
  /** Neurite state by name (`<variable name>/<slot>`, `mu_prod`). */
  byName: ReadonlyMap<string, Float32Array>;
  /** A slot's value when the optimizer has not made it yet (zeros, or Adagrad's initial value). */
  initial: (slot: string) => number;
}

/**
 * The `model.weights.h5` tree of a model: its layers' weights in Keras's layout and, when
 * given, the optimizer state.
 */
export function keras3WeightsTree(model: Model, optimizer: OptimizerState | null): H5Group {
  const root = group();
  const trainable: Variable[] = [];
  const visited = new Set<Layer>();
  const walk = (m: Model, g: H5Group): void => {
    g.children.set('vars', group({ name: strAttr(m.name) }));
    const layers = groupAt(g, 'layers');
    const used = new Map<string, number>();
    for (const layer of kerasLayers(m)) {
      const snake = uniqueName(classNameToSnakeCase(layer.className), used);
      if (visited.has(layer)) continue;
      visited.add(layer);
      const lg = groupAt(layers, snake);
      if (layer instanceof Model) {
        walk(layer, lg);
        continue;
      }
      const { paths, groups } = kerasWeightLayout(layer);
      for (const sub of groups) {
        groupAt(lg, `${sub.dir}vars`).attrs.name = strAttr(sub.name);
      }
      layer.weights.forEach((v, i) => {
        const p = paths[i]!;
        const at = p.lastIndexOf('/');
        groupAt(lg, p.slice(0, at)).children.set(
          p.slice(at + 1),
          dataset(storedValues(v), v.shape),
        );
        if (v.trainable) trainable.push(v);
      });
    }
  };
  walk(model, root);
  // Keras writes the model's own `vars` group last among the top-level groups it makes.
  const top = root.children.get('vars')!;
  root.children.delete('vars');
  if (optimizer) {
    const vars = group({ name: strAttr(optimizer.name) });
    kerasOptimizerVars(optimizer.plan, trainable.length).forEach((entry, i) => {
      let ds: H5Dataset;
      if (entry.kind === 'iter') ds = dataset(BigInt64Array.of(BigInt(optimizer.iterations)), []);
      else if (entry.kind === 'learning_rate')
        ds = dataset(Float32Array.of(optimizer.learningRate), []);
      else if (entry.kind === 'scalar')
        ds = dataset(optimizer.byName.get(entry.name) ?? Float32Array.of(1), []);
      else {
        const v = trainable[entry.variable]!;
        const values =
          optimizer.byName.get(`${v.name}/${entry.slot}`) ??
          new Float32Array(v.size).fill(optimizer.initial(entry.slot));
        ds = dataset(values, v.shape);
      }
      vars.children.set(String(i), ds);
    });
    root.children.set('optimizer', group());
    (root.children.get('optimizer') as H5Group).children.set('vars', vars);
  }
  root.children.set('vars', top);
  return root;
}
