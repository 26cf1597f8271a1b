/**
 * The order Keras gives a model's layers, which its files depend on: a `.keras` weights file
 * names layer groups by position (`layers/dense`, `layers/dense_1`, … in `model.layers`
 * order) and a legacy `.h5` loader pairs weights with layers by position. Keras orders a
 * functional graph by depth from the outputs (inputs first), and within one depth by when a
 * depth-first walk from the outputs first met the layer (`keras/src/ops/function.py`,
 * `map_graph`); Neurite's own order is a plain depth-first one, so it is recomputed here.
 */
import { InputLayer } from '../../layers/input-layer.js';
import type { Layer } from '../../layers/layer.js';
import type { Node, SymbolicTensor } from '../../layers/symbolic.js';
import { Functional } from '../../models/functional.js';
import type { Model } from '../../models/model.js';
import { Sequential } from '../../models/sequential.js';

/** Keras's `model.layers` for a Sequential (no InputLayer) or Functional (InputLayers included) model. */
export function kerasLayers(model: Model): Layer[] {
  if (model instanceof Sequential) return model.layers;
  if (model instanceof Functional) return functionalOrder(model.inputs, model.outputs);
  return model.layers;
}

/** Keras's `map_graph` operation order for a graph from `inputs` to `outputs`. */
export function functionalOrder(
  inputs: readonly SymbolicTensor[],
  outputs: readonly SymbolicTensor[],
): Layer[] {
  const finished = new Set<Node>();
  const ordered: Node[] = []; // inputs → outputs
  const index = new Map<Layer, number>();
  const inputNodes = new Set(inputs.map((t) => t.node));
  // Iterative depth-first walk (a long chain must not overflow the stack), visiting each
  // node's inputs in order, as Keras's recursive `_build_map_helper` does.
  for (const out of outputs) {
    const stack: { node: Node; next: number }[] = [{ node: out.node, next: -1 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next === -1) {
        if (finished.has(top.node)) {
          stack.pop();
          continue;
        }
        if (!index.has(top.node.layer)) index.set(top.node.layer, index.size);
        top.next = 0;
      }
      const isInput = top.node.layer instanceof InputLayer || inputNodes.has(top.node);
      const child = isInput ? undefined : top.node.inputs[top.next];
      if (child) {
        top.next++;
        stack.push({ node: child.node, next: -1 });
        continue;
      }
      stack.pop();
      if (!finished.has(top.node)) {
        finished.add(top.node);
        ordered.push(top.node);
      }
    }
  }
  const inGraph = new Set(ordered);
  const nodeDepth = new Map<Node, number>();
  const layerDepth = new Map<Layer, number>();
  for (let i = ordered.length - 1; i >= 0; i--) {
    const node = ordered[i]!;
    let depth = nodeDepth.get(node) ?? 0;
    depth = Math.max(depth, layerDepth.get(node.layer) ?? 0);
    layerDepth.set(node.layer, depth);
    nodeDepth.set(node, depth);
    if (node.layer instanceof InputLayer) continue;
    for (const t of node.inputs) {
      if (!inGraph.has(t.node)) continue;
      nodeDepth.set(t.node, Math.max(depth + 1, nodeDepth.get(t.node) ?? 0));
    }
  }
  // Inputs the outputs do not use are kept (depth 0, first at their depth).
  for (const t of inputs) {
    if (!layerDepth.has(t.sourceLayer)) {
      layerDepth.set(t.sourceLayer, 0);
      index.set(t.sourceLayer, -1);
    }
  }
  const depths = [...new Set(layerDepth.values())].sort((a, b) => b - a);
  const out: Layer[] = [];
  for (const d of depths) {
    const at = [...layerDepth].filter(([, v]) => v === d).map(([l]) => l);
    at.sort((a, b) => index.get(a)! - index.get(b)!);
    out.push(...at);
  }
  return out;
}

/**
 * The nodes of `layer` that belong to `model` (its calls inside this graph), in the order
 * Keras numbers them. A nested Functional model has a node of its own before its calls
 * (linking its inputs to its outputs), so Keras's references to its calls start at 1.
 */
export function ownNodes(model: Functional, layer: Layer): Node[] {
  const own = new Set<Node>([...model.nodes, ...model.inputs.map((t) => t.node)]);
  return layer.inboundNodes.filter((n) => own.has(n));
}

/** Keras's node index of `node` of `layer` within `model`. */
export function kerasNodeIndex(model: Functional, node: Node): number {
  const i = ownNodes(model, node.layer).indexOf(node);
  return node.layer instanceof Functional ? i + 1 : i;
}
