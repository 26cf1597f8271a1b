/**
 * The ONNX graph as the importer walks it: the nodes checked (counts, names, every input
 * defined, no value produced twice) and put in an order where each node comes after the
 * nodes its inputs come from, refusing cycles. Nothing is allocated here beyond the lists.
 */
import type { OnnxGraph, OnnxNode } from '../proto.js';
import { ModelIOError } from '../../model-io-error.js';
import { Attributes } from './tensors.js';

/** The most nodes a graph may have (a ResNet-50 export has about 120). */
export const MAX_NODES = 100_000;
/** The most initializers, graph inputs or outputs. */
export const MAX_VALUES = 100_000;
/** The most inputs or outputs one node may have. */
const MAX_NODE_IO = 10_000;

/** One node, with what the converters need. */
export interface GraphNode {
  readonly index: number;
  /** `Conv '/c1/Conv'` for messages (the node's name, or its first output's). */
  readonly label: string;
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  /** Input value names ('' for an omitted optional input). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: Attributes;
}

/** A checked graph: nodes in execution order and who consumes each value. */
export interface Graph {
  readonly nodes: readonly GraphNode[];
  /** Value name → the nodes reading it (graph outputs are counted apart). */
  readonly consumers: ReadonlyMap<string, readonly GraphNode[]>;
  /** Value name → the node producing it. */
  readonly producer: ReadonlyMap<string, GraphNode>;
  readonly outputNames: ReadonlySet<string>;
}

function fail(where: string, message: string): never {
  throw new ModelIOError(`${where}: ${message}`, { file: where });
}

/**
 * Checks and orders the graph's nodes. `defined` holds the names available before any node
 * runs (graph inputs and initializers).
 */
export function orderGraph(graph: OnnxGraph, defined: ReadonlySet<string>, where: string): Graph {
  const raw: readonly OnnxNode[] = graph.node ?? [];
  if (raw.length > MAX_NODES) {
    fail(
      where,
      `the graph has ${raw.length} nodes, more than the ${MAX_NODES} Neurite imports; the file is damaged or not a model Neurite can import`,
    );
  }
  const nodes: GraphNode[] = raw.map((n, index) => {
    const inputs = n.input ?? [];
    const outputs = n.output ?? [];
    const opType = n.opType ?? '';
    const name = n.name ?? '';
    const label = `${opType || '(no op type)'} '${name || outputs[0] || `#${index}`}'`;
    if (inputs.length > MAX_NODE_IO || outputs.length > MAX_NODE_IO)
      fail(
        where,
        `node ${label} has ${inputs.length} inputs and ${outputs.length} outputs, more than Neurite imports`,
      );
    return {
      index,
      label,
      name,
      opType,
      domain: n.domain ?? '',
      inputs,
      outputs,
      attrs: new Attributes(n.attribute ?? [], where, label),
    };
  });
  const producer = new Map<string, GraphNode>();
  for (const n of nodes) {
    for (const o of n.outputs) {
      if (o === '') continue;
      if (defined.has(o) || producer.has(o)) {
        fail(
          where,
          `node ${n.label} writes '${o}', which ${defined.has(o) ? 'is a graph input or initializer' : `node ${producer.get(o)!.label} also writes`}; each value must be written once`,
        );
      }
      producer.set(o, n);
    }
  }
  const consumers = new Map<string, GraphNode[]>();
  const waiting = new Map<GraphNode, number>();
  for (const n of nodes) {
    let count = 0;
    for (const i of n.inputs) {
      if (i === '') continue;
      if (!defined.has(i) && !producer.has(i)) {
        fail(
          where,
          `node ${n.label} reads '${i}', which no node, graph input or initializer defines`,
        );
      }
      const list = consumers.get(i) ?? [];
      list.push(n);
      consumers.set(i, list);
      if (producer.has(i)) count++;
    }
    waiting.set(n, count);
  }
  // Kahn's algorithm; the nodes without inputs (Constants) first, then file order.
  const ready = nodes.filter((n) => waiting.get(n) === 0);
  ready.sort(
    (a, b) =>
      (a.inputs.length === 0 ? 0 : 1) - (b.inputs.length === 0 ? 0 : 1) || a.index - b.index,
  );
  const order: GraphNode[] = [];
  for (let k = 0; k < ready.length; k++) {
    const n = ready[k]!;
    order.push(n);
    for (const o of n.outputs) {
      for (const c of consumers.get(o) ?? []) {
        const left = waiting.get(c)! - 1;
        waiting.set(c, left);
        if (left === 0) ready.push(c);
      }
    }
  }
  if (order.length !== nodes.length) {
    const stuck = nodes.find((n) => waiting.get(n)! > 0)!;
    fail(
      where,
      `the graph has a cycle (node ${stuck.label} depends on its own output); ONNX graphs must be acyclic`,
    );
  }
  const outputNames = new Set<string>();
  for (const o of graph.output ?? []) {
    const name = o.name ?? '';
    if (!defined.has(name) && !producer.has(name))
      fail(where, `graph output '${name}' is not written by any node`);
    outputNames.add(name);
  }
  return { nodes: order, consumers, producer, outputNames };
}
