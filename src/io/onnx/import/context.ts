/**
 * The state of one import: every ONNX value as a constant or as a symbolic tensor of the
 * Neurite graph being built, the layers made so far, and the helpers the op converters
 * share (layer names, weights, layout changes, errors naming the node).
 *
 * Layout: a symbolic value carries `perm`, how its Neurite axes map onto the ONNX tensor's
 * (Neurite axis i is ONNX axis perm[i]). Images enter convolutions channels last (perm
 * [0,2,3,1] for an NCHW tensor) and a value changes layout only where an op needs it, by a
 * Permute layer; a Transpose in the file changes only the bookkeeping.
 */
import type { Layer } from '../../../layers/layer.js';
import type { SymbolicTensor } from '../../../layers/symbolic.js';
import { Permute } from '../../../layers/permute.js';
import { tensor } from '../../../ops/creation.js';
import { tidy } from '../../../engine/tidy.js';
import { ModelIOError } from '../../model-io-error.js';
import type { ConstTensor } from './tensors.js';
import type { Graph, GraphNode } from './graph.js';

/** A symbolic value: a Neurite tensor and how its axes map onto the ONNX tensor's. */
export interface SymValue {
  readonly kind: 'sym';
  readonly sym: SymbolicTensor;
  readonly perm: readonly number[];
  /**
   * For a [batch, n] value flattened from a channels-last image: Neurite feature j is ONNX
   * feature flatOrder[j]. Only Gemm and MatMul read such a value (they reorder their
   * weight's rows instead of the data).
   */
  readonly flatOrder?: Int32Array;
}
export interface ConstValue {
  readonly kind: 'const';
  readonly t: ConstTensor;
}
export type Value = SymValue | ConstValue;

/** NCHW → NHWC. */
export const NHWC: readonly number[] = [0, 2, 3, 1];

/** The identity permutation of rank r. */
export const identity = (r: number): number[] => Array.from({ length: r }, (_, i) => i);
const same = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Static Neurite shapes are known except the batch; the ONNX shape of a symbolic value. */
export function onnxShape(v: SymValue): (number | null)[] {
  const out: (number | null)[] = new Array<number | null>(v.perm.length).fill(null);
  v.perm.forEach((p, i) => (out[p] = v.sym.shape[i] ?? null));
  return out;
}

/** A weight for a layer, in the layer's `getWeights()` order. */
export interface WeightValue {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export class ImportContext {
  readonly values = new Map<string, Value>();
  /** Outputs of layers that never produce negative values (for max-pool padding). */
  readonly nonNegative = new WeakSet<SymbolicTensor>();
  readonly #names = new Set<string>();
  /** Fused nodes to skip (their work is done by another node's layer). */
  readonly skip = new Set<GraphNode>();

  constructor(
    readonly where: string,
    readonly opset: number,
    readonly graph: Graph,
  ) {}

  /** A ModelIOError naming the file and the node. */
  fail(node: GraphNode, message: string): never {
    throw new ModelIOError(`${this.where}: node ${node.label} (opset ${this.opset}): ${message}`, {
      file: this.where,
    });
  }

  /** A unique layer name from an ONNX name (`/c1/Conv` → `c1_Conv`). */
  layerName(base: string): string {
    let s = base
      .replace(/^[/:.]+/, '')
      .replace(/[^A-Za-z0-9_]+/g, '_')
      .replace(/_+$/, '');
    if (s === '' || /^[0-9]/.test(s)) s = `onnx_${s}`;
    s = s.slice(0, 80);
    let name = s;
    for (let k = 1; this.#names.has(name); k++) name = `${s}_${k}`;
    this.#names.add(name);
    return name;
  }

  /** The node's ONNX name (not reserved), a base for the names of helper layers. */
  baseName(node: GraphNode): string {
    return node.name || node.outputs[0] || node.opType;
  }

  /** The node's name for its main layer. */
  nameFor(node: GraphNode, suffix = ''): string {
    return this.layerName(`${node.name || node.outputs[0] || node.opType}${suffix}`);
  }

  /** The value of input `i` (undefined when omitted). */
  input(node: GraphNode, i: number): Value | undefined {
    const name = node.inputs[i];
    if (name === undefined || name === '') return undefined;
    const v = this.values.get(name);
    if (!v) this.fail(node, `input '${name}' has no value (internal: not yet converted)`);
    return v;
  }

  /** Input `i` as a symbolic value (an error if it is a constant or missing). */
  sym(node: GraphNode, i: number): SymValue {
    const v = this.input(node, i);
    if (!v) this.fail(node, `input ${i} is missing`);
    if (v.kind !== 'sym')
      this.fail(
        node,
        `input ${i} ('${node.inputs[i]}') is a constant where Neurite needs the model's data; a graph that computes only on constants has nothing to import`,
      );
    if (
      v.flatOrder &&
      node.opType !== 'Gemm' &&
      node.opType !== 'MatMul' &&
      node.opType !== '_Dense'
    )
      this.fail(node, 'internal: a reordered flatten reached an op other than Gemm/MatMul');
    return v;
  }

  /** Input `i` as a constant (an error if it is computed from the model's data). */
  constant(node: GraphNode, i: number, what: string): ConstTensor | undefined {
    const v = this.input(node, i);
    if (!v) return undefined;
    if (v.kind !== 'const')
      this.fail(
        node,
        `${what} (input ${i}, '${node.inputs[i]}') must be a constant (an initializer or computed from constants), but it depends on the model's inputs`,
      );
    if (v.t.unknown?.some((u) => u))
      this.fail(
        node,
        `${what} (input ${i}) depends on the batch size, which Neurite leaves dynamic`,
      );
    return v.t;
  }

  /** Sets a node's output value. */
  set(name: string, v: Value): void {
    if (name !== '') this.values.set(name, v);
  }

  /**
   * Applies `layer` to symbolic inputs and, when given, sets its weights (in `getWeights()`
   * order). Returns the output.
   */
  apply(
    layer: Layer,
    inputs: readonly SymbolicTensor[],
    weights: readonly WeightValue[] = [],
  ): SymbolicTensor {
    const out = inputs.length === 1 ? layer.apply(inputs[0]!) : layer.apply([...inputs]);
    if (Array.isArray(out)) throw new Error('internal: a layer with several outputs');
    if (weights.length > 0) {
      tidy(() => layer.setWeights(weights.map((w) => tensor(w.data, [...w.shape]))));
    }
    return out;
  }

  /** `v` with Neurite axes in `perm` order (a Permute layer unless already so). */
  toLayout(v: SymValue, perm: readonly number[], base: string): SymValue {
    if (same(v.perm, perm)) return v;
    if (v.perm[0] !== 0 || perm[0] !== 0)
      throw new Error('internal: a permutation moving the batch');
    // New Neurite axis i is ONNX axis perm[i], which is old Neurite axis v.perm.indexOf(perm[i]).
    const dims = perm.slice(1).map((p) => v.perm.indexOf(p));
    const layer = new Permute({ dims, name: this.layerName(`${base}_permute`) });
    const sym = this.apply(layer, [v.sym]);
    if (this.nonNegative.has(v.sym)) this.nonNegative.add(sym);
    return { kind: 'sym', sym, perm: [...perm] };
  }

  /** The size of ONNX axis `axis` of `v` (static: only the batch is dynamic). */
  onnxDim(v: SymValue, axis: number): number {
    return v.sym.shape[v.perm.indexOf(axis)] ?? 0;
  }

  /** `v` in the ONNX axis order. */
  toOnnxOrder(v: SymValue, base: string): SymValue {
    return this.toLayout(v, identity(v.perm.length), base);
  }
}
