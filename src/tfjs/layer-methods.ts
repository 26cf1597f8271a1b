/**
 * Layer members TF.js has and the core Layer lacks, added to `Layer.prototype` when
 * `neurite/tfjs` is imported (this module runs for its side effect, as tensor-methods.ts):
 * `getClassName()`, and the symbolic `input` / `output` of a layer applied once in a graph
 * (`getInputAt(i)` / `getOutputAt(i)` for a layer applied several times) — what transfer
 * learning reads: `tf.model({inputs: base.inputs, outputs: base.getLayer('x').output})`.
 * Members the core already has are left alone.
 */
import { ValueError } from '../errors.js';
import { Layer } from '../layers/layer.js';
import type { SymbolicTensor } from '../layers/symbolic.js';

/**
 * TF.js layer methods that `neurite/tfjs` adds to every layer. The `input` and `output`
 * getters are added too but not declared here: the core's InputLayer has its own `output`
 * field, which a declaration on Layer would turn into an undeclared override. TypeScript
 * callers read them with `getInputAt(0)` / `getOutputAt(0)`.
 */
export interface TfjsLayerMembers {
  /** The layer's class name (`'Dense'`, …). */
  getClassName(): string;
  /** The symbolic input(s) of the layer's `nodeIndex`-th call. */
  getInputAt(nodeIndex: number): SymbolicTensor | SymbolicTensor[];
  /** The symbolic output(s) of the layer's `nodeIndex`-th call. */
  getOutputAt(nodeIndex: number): SymbolicTensor | SymbolicTensor[];
}

declare module '../layers/layer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Layer extends TfjsLayerMembers {}
}

function one(ts: readonly SymbolicTensor[]): SymbolicTensor | SymbolicTensor[] {
  return ts.length === 1 ? ts[0]! : [...ts];
}

function nodeAt(layer: Layer, nodeIndex: number, what: 'input' | 'output') {
  const node = layer.inboundNodes[nodeIndex];
  if (!node) {
    throw new ValueError(
      `${layer.className} '${layer.name}': asked for the ${what} of call ${nodeIndex}, but the layer has been called ${layer.inboundNodes.length} time(s) in a graph`,
    );
  }
  return node;
}

function only(layer: Layer, what: 'input' | 'output') {
  const n = layer.inboundNodes.length;
  if (n === 0) {
    throw new ValueError(
      `${layer.className} '${layer.name}' is not connected: it has no ${what} yet (apply it to a symbolic tensor, or add it to a model)`,
    );
  }
  if (n > 1) {
    throw new ValueError(
      `${layer.className} '${layer.name}' has been called ${n} times in graphs, so its ${what} is ambiguous; use ${what === 'input' ? 'getInputAt' : 'getOutputAt'}(nodeIndex)`,
    );
  }
  return layer.inboundNodes[0]!;
}

const proto = Layer.prototype as object;
const define = (name: string, descriptor: PropertyDescriptor): void => {
  if (!(name in proto)) Object.defineProperty(proto, name, { configurable: true, ...descriptor });
};

define('getClassName', {
  value: function (this: Layer) {
    return this.className;
  },
  writable: true,
});
define('input', {
  get(this: Layer) {
    return one(only(this, 'input').inputs);
  },
});
define('output', {
  get(this: Layer) {
    return one(only(this, 'output').outputs);
  },
});
define('getInputAt', {
  value: function (this: Layer, nodeIndex: number) {
    return one(nodeAt(this, nodeIndex, 'input').inputs);
  },
  writable: true,
});
define('getOutputAt', {
  value: function (this: Layer, nodeIndex: number) {
    return one(nodeAt(this, nodeIndex, 'output').outputs);
  },
  writable: true,
});
