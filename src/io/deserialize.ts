/**
 * `modelTopology` → model. Reads what TF.js (0.8–4.x), the Keras→TF.js converter and Keras 3
 * write, with their quirks: a Sequential `config` that is a bare list of layers, a
 * `model_config` wrapper, `Model` or `Functional` as the graph class, Keras 2 and 3
 * initializer names, `dtype` given as a DTypePolicy object, Keras 3's `batch_shape` and
 * `inbound_nodes` of `__keras_tensor__` objects.
 *
 * Only layer classes from the layer registry are built (`LAYERS`); nothing in the file is
 * ever executed. Every class is checked before any layer is made, so an unknown one fails
 * with 'unsupported layer X' naming the first of them and the file.
 */
import { isDType } from '../tensor/dtype.js';
import { deserializeLayer, LAYERS } from '../layers/index.js';
import { InputLayer } from '../layers/input-layer.js';
import type { ConfigValue, Layer, LayerConfig } from '../layers/layer.js';
import type { ShapeSpec, SymbolicTensor } from '../layers/symbolic.js';
import { Functional } from '../models/functional.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { fromKerasTree, type KeyTable, type TreeSpelling } from '../serialization/keys.js';
import { describe, isObject, own, show } from './json.js';
import {
  checkCount,
  checkJsonValues,
  MAX_GRAPH_DEPTH,
  MAX_INBOUND_NODES,
  MAX_LAYERS,
} from './limits.js';
import { ModelIOError } from './model-io-error.js';
import type { JsonObject, JsonValue } from './types.js';

const MODEL_CLASSES = ['Sequential', 'Functional', 'Model'];
/** Nested models deeper than this are refused (a damaged or hostile file). */
const MAX_DEPTH = 32;

const WHY_LAYERS = 'the largest Keras models have a few thousand, nested models included';
const WHY_NODES = 'one per call of a layer; a model calls each layer once or a few times';

// ---- how Keras and TF.js spell what our configs spell otherwise -------------------------
//
// The generic walker (serialization/keys.ts) respells keys and `class_name`; these tables
// are this format's exceptions to it, and the only place that knows them.

/** Keys Keras 3 adds around objects that carry no config. */
const DROPPED_KEYS = new Set(['module', 'registered_name', 'shared_object_id', 'build_config']);
/** Keras 3 names the batch input shape `batch_shape`; Keras 2 and TF.js `batch_input_shape`. */
const KEYS: KeyTable = { batchInputShape: 'batch_shape' };
/** TF.js spells the LeCun initializers differently from Keras. */
const INITIALIZER_NAMES: Readonly<Record<string, string>> = {
  LeCunNormal: 'LecunNormal',
  LeCunUniform: 'LecunUniform',
};
/** Values a format writes as an object where we keep a string, by key. */
const VALUE_READERS: Readonly<Record<string, (v: JsonObject, where: string) => ConfigValue>> = {
  // Keras 3: {"class_name": "DTypePolicy", "config": {"name": "float32"}}.
  dtype: (v, where) => {
    const c = own(v, 'config');
    const name = isObject(c) ? own(c, 'name') : undefined;
    if (typeof name === 'string') return name;
    fail(where, `dtype must be a string or a DTypePolicy object, received ${show(v)}`);
  },
};

function fail(where: string, message: string, cause?: unknown): never {
  throw new ModelIOError(
    `${where}: ${message}`,
    { file: where },
    cause === undefined ? undefined : { cause },
  );
}

/** If the topology is wrapped (converter output), the inner model config and training config. */
export function unwrapTopology(
  topology: unknown,
  where: string,
): { model: JsonObject; trainingConfig: JsonValue | undefined } {
  if (!isObject(topology))
    fail(where, `modelTopology must be an object, received ${describe(topology)}`);
  const inner = own(topology, 'model_config');
  if (inner !== undefined && inner !== null) {
    if (!isObject(inner))
      fail(where, `modelTopology.model_config must be an object, received ${describe(inner)}`);
    return { model: inner, trainingConfig: own(topology, 'training_config') ?? undefined };
  }
  return { model: topology, trainingConfig: undefined };
}

function className(entry: JsonObject, where: string, what: string): string {
  const c = own(entry, 'class_name');
  if (typeof c !== 'string' || c === '')
    fail(where, `${what} needs a class_name string, received ${show(c)}`);
  return c;
}

function layerEntries(
  modelClass: string,
  config: JsonValue | undefined,
  where: string,
): JsonObject[] {
  const list =
    modelClass === 'Sequential' && Array.isArray(config)
      ? config
      : isObject(config)
        ? own(config, 'layers')
        : undefined;
  if (!Array.isArray(list))
    fail(where, `the ${modelClass} config must list its layers, received ${show(config)}`);
  return list.map((e, i) => {
    if (!isObject(e))
      fail(
        where,
        `layer ${i} of the ${modelClass} must be an object {class_name, config}, received ${show(e)}`,
      );
    return e;
  });
}

function entryName(entry: JsonObject): string {
  const n = own(entry, 'name');
  if (typeof n === 'string') return n;
  const c = own(entry, 'config');
  const cn = isObject(c) ? own(c, 'name') : undefined;
  return typeof cn === 'string' ? cn : '?';
}

/** Every layer class of a topology, nested models included, checked against the registry. */
export function checkLayerClasses(model: JsonObject, where: string): void {
  const unknown: { cls: string; name: string }[] = [];
  // Layers and layer calls are counted before any is built: building takes ~0.1 ms a layer.
  let layers = 0;
  let nodes = 0;
  const visit = (m: JsonObject, depth: number): void => {
    if (depth > MAX_DEPTH) fail(where, `models are nested more than ${MAX_DEPTH} deep`);
    const cls = className(m, where, 'the model');
    if (!MODEL_CLASSES.includes(cls)) {
      fail(
        where,
        `modelTopology class_name must be Sequential, Functional or Model, received ${show(cls)}`,
      );
    }
    const entries = layerEntries(cls, own(m, 'config'), where);
    layers += entries.length;
    checkCount(layers, MAX_LAYERS, where, 'modelTopology', 'layers', WHY_LAYERS);
    for (const e of entries) {
      const inbound = own(e, 'inbound_nodes');
      if (Array.isArray(inbound)) nodes += inbound.length;
    }
    checkCount(nodes, MAX_INBOUND_NODES, where, 'modelTopology', 'inbound nodes', WHY_NODES);
    for (const e of entries) {
      const c = className(e, where, `layer '${entryName(e)}'`);
      if (MODEL_CLASSES.includes(c)) visit(e, depth + 1);
      else if (!LAYERS.findClass(c)) unknown.push({ cls: c, name: entryName(e) });
    }
  };
  visit(model, 0);
  const first = unknown[0];
  if (first) {
    const others = [...new Set(unknown.slice(1).map((u) => u.cls))].filter((c) => c !== first.cls);
    const listed =
      others.length > 10
        ? `${others.slice(0, 10).join(', ')} and ${others.length - 10} more`
        : others.join(', ');
    fail(
      where,
      `unsupported layer ${first.cls} ('${first.name}')` +
        (others.length ? `; the model also uses ${listed}` : '') +
        `. Neurite can load ${LAYERS.classNames().join(', ')}`,
    );
  }
}

function kerasSpelling(where: string): TreeSpelling {
  return {
    keys: KEYS,
    dropped: DROPPED_KEYS,
    value: (v, key) => {
      const read = Object.hasOwn(VALUE_READERS, key) ? VALUE_READERS[key] : undefined;
      return read && isObject(v) ? read(v, where) : undefined;
    },
    className: (name, key) =>
      /Initializer$/.test(key) && Object.hasOwn(INITIALIZER_NAMES, name)
        ? INITIALIZER_NAMES[name]!
        : name,
    fail: ({ value, className }) =>
      fail(where, `the config of ${className ?? '?'} must be an object, received ${show(value)}`),
  };
}

/** A layer config as Keras / TF.js write it → ours (camelCase keys, `{className, config}`). */
function fromPythonicObject(o: JsonObject, where: string): LayerConfig {
  return fromKerasTree(o, kerasSpelling(where));
}

/** Per-class corrections of configs written by other tools. */
const CLASS_FIXES: Readonly<Record<string, (c: LayerConfig, where: string) => void>> = {
  // Keras 2 may write the axis as a list of one.
  BatchNormalization: (c) => {
    if (Array.isArray(c.axis) && c.axis.length === 1) c.axis = c.axis[0]!;
  },
};

/** What every config must satisfy, with the class's corrections applied. */
function fixConfig(cls: string, c: LayerConfig, where: string): LayerConfig {
  const out = { ...c };
  if (out.dtype !== undefined && out.dtype !== null && !isDType(out.dtype)) {
    fail(where, `dtype ${show(out.dtype)} is not supported (float32, int32 or bool)`);
  }
  if (out.dtype === null) delete out.dtype;
  if (out.name === null) delete out.name;
  if (Object.hasOwn(CLASS_FIXES, cls)) CLASS_FIXES[cls]!(out, where);
  if (
    typeof out.dataFormat === 'string' &&
    !['channels_last', 'channelsLast'].includes(out.dataFormat)
  ) {
    fail(where, `dataFormat ${show(out.dataFormat)} is not supported (channels_last only)`);
  }
  return out;
}

interface Built {
  layer: Layer;
  /** Keras 3 `build_config.input_shape`, when given. */
  buildShape: ShapeSpec | null;
}

function buildShapeOf(entry: JsonObject): ShapeSpec | null {
  const b = own(entry, 'build_config');
  const s = isObject(b) ? own(b, 'input_shape') : undefined;
  return Array.isArray(s) &&
    s.every((d) => d === null || (Number.isSafeInteger(d) && (d as number) >= 0))
    ? (s as (number | null)[])
    : null;
}

function buildLayer(entry: JsonObject, where: string, depth: number): Built {
  const cls = className(entry, where, `layer '${entryName(entry)}'`);
  if (MODEL_CLASSES.includes(cls))
    return { layer: buildModel(entry, where, depth + 1), buildShape: null };
  const w = `${where}: layer '${entryName(entry)}' (${cls})`;
  const raw = own(entry, 'config') ?? {};
  if (!isObject(raw))
    fail(
      where,
      `layer '${entryName(entry)}' (${cls}): config must be an object, received ${show(raw)}`,
    );
  const config = fixConfig(cls, fromPythonicObject(raw, w), w);
  try {
    return { layer: deserializeLayer({ className: cls, config }), buildShape: buildShapeOf(entry) };
  } catch (e) {
    // The constructor rejected the file's config: report it as a bad file, with the cause.
    throw new ModelIOError(
      `${w}: invalid config: ${(e as Error).message}`,
      { file: where },
      { cause: e },
    );
  }
}

/** Runs `fn`, turning any error into a ModelIOError about the file (the model's shapes are inconsistent). */
function wiring<T>(where: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ModelIOError) throw e;
    throw new ModelIOError(
      `${where}: ${what}: ${(e as Error).message}`,
      { file: where },
      { cause: e },
    );
  }
}

function buildSequential(entry: JsonObject, where: string, depth: number): Sequential {
  const config = own(entry, 'config');
  const name = isObject(config) ? own(config, 'name') : undefined;
  const model = wiring(
    where,
    'Sequential',
    () => new Sequential({ name: typeof name === 'string' && name ? name : undefined }),
  );
  const entries = layerEntries('Sequential', config, where);
  let buildShape = buildShapeOf(entry);
  entries.forEach((e, i) => {
    const built = buildLayer(e, where, depth);
    if (i === 0) buildShape ??= built.buildShape;
    wiring(where, `adding layer '${built.layer.name}' to the Sequential`, () =>
      model.add(built.layer),
    );
  });
  if (!model.built && buildShape && entries.length > 0) {
    const shape = buildShape;
    wiring(where, 'building the Sequential', () => model.build(shape));
  }
  return model;
}

type Ref = [string, number, number];

function parseRef(x: JsonValue | undefined, where: string, what: string): Ref {
  if (
    Array.isArray(x) &&
    x.length >= 3 &&
    typeof x[0] === 'string' &&
    Number.isSafeInteger(x[1]) &&
    (x[1] as number) >= 0 &&
    Number.isSafeInteger(x[2]) &&
    (x[2] as number) >= 0
  ) {
    return [x[0], x[1] as number, x[2] as number];
  }
  fail(where, `${what} must be [layerName, nodeIndex, tensorIndex], received ${show(x)}`);
}

/** Keras 3 nodes: `{args: [...], kwargs}` holding `__keras_tensor__` objects with `keras_history`. */
function kerasTensors(x: JsonValue, where: string, what: string, out: Ref[]): void {
  if (Array.isArray(x)) {
    for (const v of x) kerasTensors(v, where, what, out);
  } else if (isObject(x) && own(x, 'class_name') === '__keras_tensor__') {
    const c = own(x, 'config');
    out.push(parseRef(isObject(c) ? own(c, 'keras_history') : undefined, where, what));
  }
}

function parseInboundNodes(x: JsonValue | undefined, where: string, layer: string): Ref[][] {
  if (x === undefined || x === null) return [];
  if (!Array.isArray(x))
    fail(where, `inbound_nodes of layer '${layer}' must be a list, received ${show(x)}`);
  return x.map((node, i) => {
    const what = `inbound node ${i} of layer '${layer}'`;
    if (isObject(node)) {
      const refs: Ref[] = [];
      kerasTensors(own(node, 'args') ?? [], where, what, refs);
      return refs;
    }
    if (!Array.isArray(node))
      fail(where, `${what} must be a list of inputs, received ${show(node)}`);
    return node.map((r) => parseRef(r, where, what));
  });
}

function parseRefList(x: JsonValue | undefined, where: string, what: string): Ref[] {
  if (Array.isArray(x) && typeof x[0] === 'string') return [parseRef(x, where, what)]; // Keras 3, single
  if (!Array.isArray(x) || x.length === 0)
    fail(
      where,
      `${what} must be a non-empty list of [layerName, nodeIndex, tensorIndex], received ${show(x)}`,
    );
  return x.map((r) => parseRef(r, where, what));
}

/**
 * The nested models whose calls a file numbers from 1. TF.js and Keras 2 give a model a
 * node of its own when it is made (node 0, linking its inputs to its outputs), so their
 * files, and Neurite's, refer to its first call as node 1; older Neurite files numbered
 * calls from 0, as for any other layer. Every call listed in a model's config feeds the
 * model's outputs, so some reference names each of them: references that reach node
 * `calls` (one past the last call counted from 0) and never node 0 number from 1.
 */
function callsFromOne(
  specs: readonly { name: string; layer: Layer; nodes: Ref[][] }[],
  io: readonly Ref[],
): Set<string> {
  const calls = new Map<string, number>();
  for (const s of specs) if (s.layer instanceof Model) calls.set(s.name, s.nodes.length);
  const range = new Map<string, { min: number; max: number }>();
  for (const [name, node] of [...specs.flatMap((s) => s.nodes.flat()), ...io]) {
    if (!calls.has(name)) continue;
    const r = range.get(name);
    range.set(
      name,
      r ? { min: Math.min(r.min, node), max: Math.max(r.max, node) } : { min: node, max: node },
    );
  }
  const out = new Set<string>();
  for (const [name, r] of range) if (r.min >= 1 && r.max === calls.get(name)) out.add(name);
  return out;
}

/** `refs` with the node index of each reference to a model in `shifted` lowered by one. */
function fromZero(refs: Ref[], shifted: ReadonlySet<string>): Ref[] {
  return refs.map(([name, node, index]) => [name, shifted.has(name) ? node - 1 : node, index]);
}

function buildFunctional(entry: JsonObject, where: string, depth: number): Functional {
  const cls = className(entry, where, 'the model');
  const config = own(entry, 'config');
  if (!isObject(config))
    fail(where, `the ${cls} config must be an object, received ${show(config)}`);
  const specs = layerEntries(cls, config, where).map((e) => {
    const built = buildLayer(e, where, depth);
    const name = typeof own(e, 'name') === 'string' ? (own(e, 'name') as string) : built.layer.name;
    return {
      name,
      layer: built.layer,
      nodes: parseInboundNodes(own(e, 'inbound_nodes'), where, name),
    };
  });
  let inputRefs = parseRefList(own(config, 'input_layers'), where, 'input_layers');
  let outputRefs = parseRefList(own(config, 'output_layers'), where, 'output_layers');
  const shifted = callsFromOne(specs, [...inputRefs, ...outputRefs]);
  if (shifted.size > 0) {
    for (const s of specs) s.nodes = s.nodes.map((refs) => fromZero(refs, shifted));
    inputRefs = fromZero(inputRefs, shifted);
    outputRefs = fromZero(outputRefs, shifted);
  }
  const byName = new Map<string, (typeof specs)[number]>();
  for (const s of specs) {
    if (byName.has(s.name)) fail(where, `two layers are named '${s.name}'`);
    byName.set(s.name, s);
  }
  // The outputs of each layer's nodes, in node order.
  const produced = new Map<string, SymbolicTensor[][]>();
  for (const s of specs) {
    produced.set(s.name, s.layer instanceof InputLayer ? [[s.layer.output]] : []);
  }
  const lookup = ([name, node, index]: Ref): SymbolicTensor | undefined =>
    produced.get(name)?.[node]?.[index];
  // The length of the longest chain of layer calls ending at each node, bounded: building
  // the Functional walks the graph recursively, one stack frame per call in the chain.
  const depths = new Map<string, number[]>();
  for (const s of specs) depths.set(s.name, s.layer instanceof InputLayer ? [0] : []);
  // Apply nodes as their inputs become available (a node may use a layer listed later). A
  // layer whose next node lacks an input waits on that input's node and is retried only once
  // that node is applied, so wiring is linear in the number of nodes whatever the listing
  // order (passes over the whole list until nothing changed were quadratic on a list in
  // reverse order: seconds for a few thousand layers).
  type Spec = (typeof specs)[number];
  const waiting = new Map<string, Spec[]>();
  const nodeKey = (name: string, node: number): string => `${node}\u0000${name}`;
  const queue: Spec[] = specs.filter((s) => !(s.layer instanceof InputLayer));
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    const done = produced.get(s.name)!;
    const refs = s.nodes[done.length];
    if (!refs) continue;
    const missing = refs.find((r) => lookup(r) === undefined);
    if (missing) {
      const key = nodeKey(missing[0], missing[1]);
      const list = waiting.get(key);
      if (list) list.push(s);
      else waiting.set(key, [s]);
      continue;
    }
    if (refs.length === 0)
      fail(where, `inbound node ${done.length} of layer '${s.name}' has no inputs`);
    const args = refs.map(lookup) as SymbolicTensor[];
    const depth = 1 + refs.reduce((d, [name, node]) => Math.max(d, depths.get(name)![node]!), 0);
    if (depth > MAX_GRAPH_DEPTH) {
      fail(
        where,
        `modelTopology: layer '${s.name}' ends a chain of more than ${MAX_GRAPH_DEPTH} layer calls, more than Neurite loads (the deepest Keras models chain about a thousand); the file is damaged or not a model`,
      );
    }
    depths.get(s.name)!.push(depth);
    const out = wiring(where, `connecting layer '${s.name}'`, () =>
      args.length === 1 ? s.layer.apply(args[0]!) : s.layer.apply(args),
    );
    done.push(Array.isArray(out) ? out : [out]);
    const key = nodeKey(s.name, done.length - 1);
    for (const w of waiting.get(key) ?? []) queue.push(w);
    waiting.delete(key);
    queue.push(s); // for its next node, if it has one
  }
  for (const s of specs) {
    const done = produced.get(s.name)!.length;
    if (!(s.layer instanceof InputLayer) && done < s.nodes.length) {
      const missing = s.nodes[done]!.find((r) => !lookup(r))!;
      fail(
        where,
        `layer '${s.name}' cannot be connected: its input ${show(missing)} is never produced`,
      );
    }
  }
  const resolve =
    (what: string) =>
    (r: Ref): SymbolicTensor => {
      const t = lookup(r);
      if (!t) fail(where, `${what} ${show(r)} does not name a layer output of the model`);
      return t;
    };
  const inputs = inputRefs.map(resolve('input_layers'));
  const outputs = outputRefs.map(resolve('output_layers'));
  const name = own(config, 'name');
  return wiring(
    where,
    `building the ${cls}`,
    () =>
      new Functional({
        name: typeof name === 'string' && name ? name : undefined,
        inputs: inputs.length === 1 ? inputs[0]! : inputs,
        outputs: outputs.length === 1 ? outputs[0]! : outputs,
      }),
  );
}

function buildModel(entry: JsonObject, where: string, depth: number): Model {
  if (depth > MAX_DEPTH) fail(where, `models are nested more than ${MAX_DEPTH} deep`);
  const cls = className(entry, where, 'the model');
  if (cls === 'Sequential') return buildSequential(entry, where, depth);
  if (cls === 'Functional' || cls === 'Model') return buildFunctional(entry, where, depth);
  fail(
    where,
    `modelTopology class_name must be Sequential, Functional or Model, received ${show(cls)}`,
  );
}

/**
 * Builds the model a topology describes (weights freshly initialized). `where` names the
 * file in errors.
 *
 * @throws ModelIOError for an unknown layer class, a malformed config, or a graph that does
 *   not connect.
 */
export function deserializeModel(topology: JsonObject, where: string): Model {
  // Building recurses once per level of nesting (fromPythonic, nested models): bound the
  // depth (and size) first, so no topology can overflow the stack. artifactsToModel has
  // checked this already; checking again costs microseconds on a real topology.
  checkJsonValues([['modelTopology', topology]], where);
  checkLayerClasses(topology, where);
  return buildModel(topology, where, 0);
}
