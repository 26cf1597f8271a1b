/**
 * Symbolic tensors and nodes: the graph that the Functional API builds. A SymbolicTensor
 * has a shape (batch unknown: null) but no values; applying a layer to symbolic inputs
 * records a Node and returns symbolic outputs.
 */
import type { DType } from '../tensor/dtype.js';
import type { Layer } from './layer.js';

/** A shape whose dimensions may be unknown (null), such as the batch dimension. */
export type ShapeSpec = readonly (number | null)[];

let nextSymbolicId = 0;

/**
 * A placeholder for a tensor in a functional model: a shape (the batch dimension `null`) and
 * a dtype, no values. {@link input} makes one; applying a layer to one returns another.
 *
 * @example
 * const x = nn.input({ shape: [784] });
 * const h = nn.layers.dense({ units: 64 }).apply(x);
 * h.shape; // [null, 64]
 */
export class SymbolicTensor {
  readonly id = nextSymbolicId++;
  constructor(
    readonly shape: ShapeSpec,
    readonly dtype: DType,
    /** The node that produced it (set right after the node is made). */
    readonly node: Node,
    /** Which of the node's outputs it is. */
    readonly index: number,
    readonly name: string,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  /** The layer that produced this tensor. */
  get sourceLayer(): Layer {
    return this.node.layer;
  }
}

/** One call of a layer on symbolic inputs. */
export class Node {
  readonly outputs: SymbolicTensor[] = [];
  constructor(
    readonly layer: Layer,
    readonly inputs: readonly SymbolicTensor[],
    outputShapes: readonly ShapeSpec[],
    dtype: DType,
  ) {
    outputShapes.forEach((shape, i) => {
      const name = outputShapes.length === 1 ? `${layer.name}/output` : `${layer.name}/output_${i}`;
      this.outputs.push(new SymbolicTensor(shape, dtype, this, i, name));
    });
    layer.inboundNodes.push(this);
  }
}

/** `[null,784]` for error messages. */
export function fmtSpecJson(shape: ShapeSpec): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(',')}]`;
}
