/**
 * Keras 3 writes the mask an `Embedding(mask_zero=True)` gives its output into the graph:
 * a `NotEqual` op node (`keras.src.ops.numpy`, `not_equal(ids, 0)`) and, on each layer that
 * takes the embedding's output, a `mask` call kwarg pointing at it. Neurite's Embedding
 * passes the same mask (`ids != 0`) to the layers that take its output, so that pattern is
 * removed before the config is checked and built; any other op node or `mask` tensor is left
 * for keras-safety.ts to refuse.
 */
import { isObject, own } from '../json.js';
import type { JsonObject, JsonValue } from '../types.js';

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** The layer a `__keras_tensor__` comes from, or undefined for anything else. */
function sourceOf(x: JsonValue | undefined): string | undefined {
  if (!isObject(x) || own(x, 'class_name') !== '__keras_tensor__') return undefined;
  const c = own(x, 'config');
  const h = isObject(c) ? own(c, 'keras_history') : undefined;
  return Array.isArray(h) && typeof h[0] === 'string' ? h[0] : undefined;
}

function nameOf(l: JsonObject): string | undefined {
  const n = own(l, 'name');
  if (typeof n === 'string') return n;
  const c = own(l, 'config');
  const m = isObject(c) ? own(c, 'name') : undefined;
  return typeof m === 'string' ? m : undefined;
}

function nodesOf(l: JsonObject): JsonObject[] {
  const n = own(l, 'inbound_nodes');
  return Array.isArray(n) ? n.filter(isObject) : [];
}

/** The first tensor argument of a Keras 3 node. */
function firstArg(node: JsonObject): string | undefined {
  let a: JsonValue | undefined = own(node, 'args');
  while (Array.isArray(a)) a = a[0];
  return sourceOf(a);
}

/** `config` with the implicit Embedding masks removed, at every level of nesting (a copy; the input is not changed). */
export function withoutImplicitMasks(entry: JsonObject): JsonObject {
  const config = own(entry, 'config');
  const layers = isObject(config) ? own(config, 'layers') : undefined;
  if (!isObject(config) || !Array.isArray(layers)) return entry;
  const list = layers.map((l) =>
    isObject(l) && MODEL_CLASSES.has(typeof l.class_name === 'string' ? l.class_name : '')
      ? withoutImplicitMasks(l)
      : l,
  );
  const objects = list.filter(isObject);
  // Embeddings with mask_zero, by the layer their ids come from.
  const embeddingsOf = new Map<string, Set<string>>();
  for (const l of objects) {
    const c = own(l, 'config');
    if (own(l, 'class_name') !== 'Embedding' || !isObject(c) || own(c, 'mask_zero') !== true)
      continue;
    const name = nameOf(l);
    for (const node of nodesOf(l)) {
      const src = firstArg(node);
      if (src === undefined || name === undefined) continue;
      if (!embeddingsOf.has(src)) embeddingsOf.set(src, new Set());
      embeddingsOf.get(src)!.add(name);
    }
  }
  // NotEqual(ids, 0) nodes of such ids: mask name → the embeddings it is the mask of.
  const masks = new Map<string, Set<string>>();
  for (const l of objects) {
    if (own(l, 'class_name') !== 'NotEqual' || own(l, 'module') !== 'keras.src.ops.numpy') continue;
    const nodes = nodesOf(l);
    const args = nodes.length === 1 ? own(nodes[0]!, 'args') : undefined;
    if (!Array.isArray(args) || args.length !== 2 || args[1] !== 0) continue;
    const src = sourceOf(args[0]);
    const embeddings = src === undefined ? undefined : embeddingsOf.get(src);
    const name = nameOf(l);
    if (embeddings && name !== undefined) masks.set(name, embeddings);
  }
  if (masks.size === 0) return { ...entry, config: { ...config, layers: list } };
  const { reaching: derived, droppable } = derivedMasks(objects, masks);
  // A mask kwarg is implicit when the layer's first input is one of that mask's embeddings,
  // or when it is derived from embedding masks by Keras's own mask-combining ops (a merge
  // layer's or Concatenate's compute_mask, which Neurite's layers recompute the same way).
  const used = new Set<string>();
  const rewritten = list.map((l) => {
    if (!isObject(l) || !Array.isArray(own(l, 'inbound_nodes'))) return l;
    const nodes = (own(l, 'inbound_nodes') as JsonValue[]).map((node) => {
      if (!isObject(node)) return node;
      const kwargs = own(node, 'kwargs');
      const mask = isObject(kwargs) ? sourceOf(own(kwargs, 'mask')) : undefined;
      const from = firstArg(node);
      if (mask === undefined) return node;
      const implicit = masks.has(mask)
        ? from !== undefined && masks.get(mask)!.has(from)
        : derived.has(mask) && from !== undefined && !derived.has(from) && !masks.has(from);
      if (!implicit) {
        used.add(mask);
        return node;
      }
      return { ...node, kwargs: { ...(kwargs as JsonObject), mask: null } };
    });
    return { ...l, inbound_nodes: nodes };
  });
  // Drop the mask op nodes no longer referenced (repeatedly: derived ones reference each
  // other); one still used is kept, and refused as an op layer by keras-safety.ts.
  const outputs = JSON.stringify(own(config, 'output_layers') ?? null);
  let kept = rewritten;
  for (;;) {
    const text = JSON.stringify(kept);
    const next = kept.filter((l) => {
      const name = isObject(l) ? nameOf(l) : undefined;
      if (name === undefined || used.has(name) || !(masks.has(name) || droppable.has(name)))
        return true;
      const quoted = JSON.stringify(name);
      return text.includes(`"keras_history":[${quoted},`) || outputs.includes(quoted);
    });
    if (next.length === kept.length) break;
    kept = next;
  }
  return { ...entry, config: { ...config, layers: kept } };
}

/**
 * The op nodes Keras's `compute_mask` methods add when they combine masks (merge layers:
 * `logical_or`; Concatenate: `expand_dims`, `zeros_like` of an output for its shape,
 * `logical_or`, `concatenate`, `any`): a node of one of these ops whose tensor arguments
 * are all embedding masks, other such nodes, or (for `zeros_like`/`ones_like`, which only
 * take a shape) any layer's output. `reaching`: the nodes that reach at least one embedding
 * mask (a mask kwarg may point at those); `droppable`: all of them, removed once unused.
 */
const MASK_OPS = new Set([
  'LogicalOr',
  'LogicalAnd',
  'ExpandDims',
  'ZerosLike',
  'OnesLike',
  'Concatenate',
  'Any',
  'All',
  'Cast',
]);
const SHAPE_ONLY = new Set(['ZerosLike', 'OnesLike']);

function tensorArgs(x: JsonValue | undefined, out: (string | null)[]): void {
  if (Array.isArray(x)) for (const v of x) tensorArgs(v, out);
  else if (isObject(x) && own(x, 'class_name') === '__keras_tensor__')
    out.push(sourceOf(x) ?? null);
}

function derivedMasks(
  objects: JsonObject[],
  masks: Map<string, Set<string>>,
): { reaching: Set<string>; droppable: Set<string> } {
  const ops = new Map<string, { cls: string; args: (string | null)[] }>();
  for (const l of objects) {
    const cls = own(l, 'class_name');
    const mod = own(l, 'module');
    const name = nameOf(l);
    const nodes = nodesOf(l);
    if (typeof cls !== 'string' || !MASK_OPS.has(cls) || name === undefined) continue;
    if (typeof mod !== 'string' || !mod.startsWith('keras.src.ops.') || nodes.length !== 1)
      continue;
    const args: (string | null)[] = [];
    tensorArgs(own(nodes[0]!, 'args'), args);
    ops.set(name, { cls, args });
  }
  // name → whether it reaches an embedding mask; grown to a fixed point.
  const ok = new Map<string, boolean>();
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, op] of ops) {
      if (ok.has(name)) continue;
      if (SHAPE_ONLY.has(op.cls)) {
        if (op.args.length === 1 && op.args[0] !== null) {
          ok.set(name, false);
          changed = true;
        }
        continue;
      }
      if (op.args.length === 0 || op.args.some((a) => a === null)) continue;
      if (!op.args.every((a) => masks.has(a!) || ok.has(a!))) continue;
      ok.set(
        name,
        op.args.some((a) => masks.has(a!) || ok.get(a!) === true),
      );
      changed = true;
    }
  }
  const reaching = new Set([...ok].filter(([, r]) => r).map(([n]) => n));
  return { reaching, droppable: new Set(ok.keys()) };
}
