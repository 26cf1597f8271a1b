/**
 * Functional models: a graph from symbolic inputs (`nn.input`) to outputs, built by
 * applying layers to symbolic tensors. Several inputs and outputs, shared layers and
 * models used as layers all work, because a Model is a Layer.
 */
import { nameClass } from '../serialization/class-names.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type CallOptions, getMask, type Layer, withoutMask } from '../layers/layer.js';
import { InputLayer } from '../layers/input-layer.js';
import { fmtSpecJson, type Node, type ShapeSpec, SymbolicTensor } from '../layers/symbolic.js';
import { describeOutputShape, Model, type ModelArgs } from './model.js';

/**
 * Options of {@link model}: the symbolic inputs and outputs (one or several each).
 */
export interface FunctionalArgs extends ModelArgs {
  inputs: SymbolicTensor | readonly SymbolicTensor[];
  outputs: SymbolicTensor | readonly SymbolicTensor[];
}

/**
 * A model defined by a graph of layers from symbolic inputs to outputs (Keras's functional
 * API); {@link model} builds one.
 *
 * @example
 * const x = nn.input({ shape: [2] });
 * const y = nn.layers.dense({ units: 1 }).apply(x);
 * const m = new nn.Functional({ inputs: x, outputs: y });
 */
export class Functional extends Model {
  override readonly className = 'Functional';
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
  /** Nodes in execution order (inputs' nodes excluded). */
  readonly #nodes: Node[];
  readonly #layers: Layer[];
  readonly #singleOutput: boolean;

  constructor(args: FunctionalArgs) {
    super(args);
    if (!args || !args.inputs || !args.outputs)
      throw new ValueError(
        'model: give {inputs, outputs} (symbolic tensors from nn.input and layer.apply)',
      );
    const inputs = toList(args.inputs);
    const outputs = toList(args.outputs);
    this.#singleOutput = !Array.isArray(args.outputs);
    for (const [i, t] of [...inputs, ...outputs].entries()) {
      if (!(t instanceof SymbolicTensor)) {
        throw new ValueError(
          `model: ${i < inputs.length ? 'inputs' : 'outputs'} must be symbolic tensors (from nn.input() and layer.apply()), received ${typeof t}`,
        );
      }
    }
    for (const t of inputs) {
      if (!(t.sourceLayer instanceof InputLayer)) {
        throw new ValueError(
          `model: input '${t.name}' does not come from nn.input(); inputs must be the tensors nn.input() returned`,
        );
      }
    }
    this.inputs = inputs;
    this.outputs = outputs;
    // Depth-first from the outputs gives a topological order. Iterative (an explicit
    // stack), so a long chain of layers cannot overflow the call stack.
    const order: Node[] = [];
    const seen = new Set<Node>();
    const onPath = new Set<Node>();
    const inputNodes = new Set(inputs.map((t) => t.node));
    const checkInput = (node: Node): void => {
      if (!inputNodes.has(node)) {
        throw new ValueError(
          `model: the outputs depend on input '${node.outputs[0]!.name}', which is not in inputs; pass it in {inputs: [...]}`,
        );
      }
    };
    for (const out of outputs) {
      const stack: { node: Node; next: number }[] = [{ node: out.node, next: 0 }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const { node } = top;
        if (top.next === 0) {
          if (seen.has(node)) {
            stack.pop();
            continue;
          }
          if (node.layer instanceof InputLayer) {
            checkInput(node);
            seen.add(node);
            stack.pop();
            continue;
          }
          if (onPath.has(node)) throw new ValueError('model: the graph has a cycle');
          onPath.add(node);
        }
        const child = node.inputs[top.next];
        if (child) {
          top.next++;
          if (onPath.has(child.node)) throw new ValueError('model: the graph has a cycle');
          if (!seen.has(child.node)) stack.push({ node: child.node, next: 0 });
          continue;
        }
        stack.pop();
        onPath.delete(node);
        seen.add(node);
        order.push(node);
      }
    }
    this.#nodes = order;
    const layers: Layer[] = inputs.map((t) => t.sourceLayer);
    const listed = new Set<Layer>(layers);
    for (const n of order) {
      if (!listed.has(n.layer)) {
        listed.add(n.layer);
        layers.push(n.layer);
      }
    }
    const names = new Set<string>();
    for (const l of layers) {
      if (names.has(l.name))
        throw new ValueError(
          `model: two different layers are named '${l.name}'; layer names must be unique`,
        );
      names.add(l.name);
    }
    this.#layers = layers;
    this.built = true;
  }

  override get layers(): Layer[] {
    return [...this.#layers];
  }

  override get inputArity(): number | null {
    return this.inputs.length;
  }

  override buildFrom(_shapes: readonly ShapeSpec[]): void {
    this.built = true;
  }

  override ensureBuilt(shapes: readonly ShapeSpec[]): void {
    shapes.forEach((s, i) => {
      const spec = this.inputs[i]!.shape;
      if (!(
        spec.length === s.length && spec.every((d, k) => d === null || s[k] === null || d === s[k])
      )) {
        throw new ValueError(
          `${this.className} '${this.name}': input ${i} ('${this.inputs[i]!.sourceLayer.name}') expects shape ${fmtSpecJson(spec)}, received ${fmtSpecJson(s)}`,
        );
      }
    });
  }

  override computeOutputShapes(shapes: readonly ShapeSpec[]): ShapeSpec[] {
    const known = new Map<SymbolicTensor, ShapeSpec>();
    this.inputs.forEach((t, i) => known.set(t, shapes[i]!));
    for (const node of this.#nodes) {
      const outs = node.layer.computeOutputShapes(node.inputs.map((t) => known.get(t)!));
      node.outputs.forEach((t, i) => known.set(t, outs[i]!));
    }
    return this.outputs.map((t) => known.get(t)!);
  }

  override invoke(inputs: readonly Tensor[], opts: CallOptions): Tensor[] {
    const values = new Map<SymbolicTensor, Tensor>();
    this.inputs.forEach((t, i) => values.set(t, inputs[i]!));
    // The model's input masks (given, or carried by the inputs) go to the layers that take
    // the inputs; every other tensor carries the mask its layer set (Keras's `_keras_mask`).
    const given = opts.mask;
    const inputMasks = new Map<SymbolicTensor, Tensor | null>();
    if (given !== undefined) {
      const list: readonly (Tensor | null)[] = Array.isArray(given)
        ? given
        : [given as Tensor | null];
      this.inputs.forEach((t, i) => inputMasks.set(t, list[i] ?? null));
    }
    const inner = withoutMask(opts);
    for (const node of this.#nodes) {
      const args = node.inputs.map((t) => values.get(t)!);
      const nodeOpts =
        given !== undefined && node.inputs.some((t) => inputMasks.has(t))
          ? {
              ...inner,
              mask: node.inputs.map((t, i) =>
                inputMasks.has(t) ? inputMasks.get(t)! : getMask(args[i]!),
              ),
            }
          : inner;
      const outs = node.layer.applyEager(args, nodeOpts);
      node.outputs.forEach((t, i) => values.set(t, outs[i]!));
    }
    return this.outputs.map((t) => values.get(t)!);
  }

  /** @internal Masks of the outputs come from the inner layers. */
  protected override get masksFromInnerLayers(): boolean {
    return true;
  }

  override call(x: Tensor, opts: CallOptions): Tensor {
    return this.invoke([x], opts)[0]!;
  }

  override get outputNames(): string[] {
    const names = this.outputs.map((t) => t.sourceLayer.name);
    return names.map((n, i) => (names.indexOf(n) === i ? n : `${n}_${i}`));
  }

  /** Whether `model({outputs: y})` was given a single output (predict returns one tensor). */
  get singleOutput(): boolean {
    return this.#singleOutput;
  }

  /** Nodes in execution order, for saving. */
  get nodes(): readonly Node[] {
    return this.#nodes;
  }

  override summaryRows(): { layer: Layer; outputShape: string; connectedTo: string[] }[] {
    return this.#layers.map((l) => {
      const node = l.inboundNodes.find(
        (n) => this.#nodes.includes(n) || this.inputs.some((t) => t.node === n),
      );
      const connectedTo = node
        ? node.inputs.map(
            (t) =>
              `${t.sourceLayer.name}[${t.sourceLayer.inboundNodes.indexOf(t.node)}][${t.index}]`,
          )
        : [];
      return { layer: l, outputShape: describeOutputShape(l), connectedTo };
    });
  }
}

function toList(x: SymbolicTensor | readonly SymbolicTensor[]): SymbolicTensor[] {
  return x instanceof SymbolicTensor ? [x] : [...x];
}

/**
 * A Functional model: `nn.model({inputs, outputs})`.
 * @throws ValueError when an output does not depend on the inputs.
 * @example
 * const a = nn.input({ shape: [4] });
 * const b = nn.input({ shape: [2] });
 * const h = nn.layers.concatenate().apply([a, b]) as nn.SymbolicTensor;
 * const out = nn.layers.dense({ units: 1 }).apply(h);
 * const m = nn.model({ inputs: [a, b], outputs: out });
 */
export function model(args: FunctionalArgs): Functional {
  return new Functional(args);
}

// Default names ('functional', 'functional_1') survive minification.
nameClass(Functional, 'Functional');
