/**
 * Sequential: a plain stack of single-input layers. It builds as soon as the input shape is
 * known (an `inputShape` on the first layer, an inputLayer, or the first call).
 */
import { nameClass } from '../serialization/class-names.js';
import { ValueError, ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type CallOptions, Layer, withoutMask } from '../layers/layer.js';
import { InputLayer } from '../layers/input-layer.js';
import { fmtSpecJson, type ShapeSpec, type SymbolicTensor } from '../layers/symbolic.js';
import { describeOutputShape, Model, type ModelArgs } from './model.js';

/**
 * Options of {@link sequential}: the layers (more may be added with `add`) and a name.
 */
export interface SequentialArgs extends ModelArgs {
  /** Layers to add, in order. */
  layers?: readonly Layer[];
}

/**
 * A linear stack of single-input layers (Keras `Sequential`); {@link sequential} builds one.
 *
 * @throws ValueError when a layer with several inputs is added.
 * @example
 * const model = new nn.Sequential();
 * model.add(nn.layers.dense({ units: 4, inputShape: [2], activation: 'relu' }));
 * model.add(nn.layers.dense({ units: 1 }));
 */
export class Sequential extends Model {
  override readonly className = 'Sequential';
  readonly #layers: Layer[] = [];
  #input: InputLayer | null = null;
  /** The symbolic output of the stack, once the input shape is known. */
  #output: SymbolicTensor | null = null;

  constructor(args: SequentialArgs = {}) {
    super(args);
    for (const l of args.layers ?? []) this.add(l);
  }

  override get layers(): Layer[] {
    return [...this.#layers];
  }

  /** The input shape (batch null) once known. */
  get inputShape(): ShapeSpec | null {
    return this.#input?.batchInputShape ?? null;
  }

  /** Appends a layer; if the input shape is known, builds it at once (so shape errors show here). */
  add(layer: Layer): void {
    if (!(layer instanceof Layer))
      throw new ValueError(`Sequential.add: expected a layer, received ${typeof layer}`);
    if (layer instanceof InputLayer) {
      if (this.#input || this.#layers.length > 0) {
        throw new ValueError(
          `Sequential '${this.name}': an inputLayer must come first, and only once`,
        );
      }
      this.#input = layer;
      this.#output = layer.output;
      return;
    }
    if (layer.inputArity !== 1)
      throw new ValueError(
        `Sequential '${this.name}': ${layer.className} '${layer.name}' takes several inputs; use nn.model for graphs`,
      );
    if (this.#layers.some((l) => l.name === layer.name)) {
      throw new ValueError(
        `Sequential '${this.name}': a layer named '${layer.name}' is already in the model; layer names must be unique`,
      );
    }
    if (!this.#input && this.#layers.length === 0 && layer.batchInputShape) {
      this.#input = new InputLayer({ batchInputShape: layer.batchInputShape });
      this.#output = this.#input.output;
    }
    this.#layers.push(layer);
    if (this.#output) this.#output = layer.apply(this.#output);
    this.built = this.#output !== null;
  }

  /** Removes the last layer. */
  pop(): void {
    if (this.#layers.length === 0)
      throw new ValueError(`Sequential '${this.name}': pop() on an empty model`);
    this.#layers.pop();
    this.#output = null;
    const input = this.#input;
    if (input) {
      let out: SymbolicTensor = input.output;
      for (const l of this.#layers) out = l.apply(out);
      this.#output = out;
    }
  }

  override build(inputShape: ShapeSpec): void {
    if (this.#input) return;
    this.#input = new InputLayer({ batchInputShape: inputShape });
    let out: SymbolicTensor = this.#input.output;
    for (const l of this.#layers) out = l.apply(out);
    this.#output = out;
    this.built = true;
  }

  override buildFrom(shapes: readonly ShapeSpec[]): void {
    if (this.#layers.length === 0)
      throw new ValueError(
        `Sequential '${this.name}': the model has no layers; add some with model.add()`,
      );
    if (!this.#input) this.build([null, ...shapes[0]!.slice(1)]);
  }

  override ensureBuilt(shapes: readonly ShapeSpec[]): void {
    super.ensureBuilt(shapes);
    const spec = this.#input?.batchInputShape;
    const s = shapes[0]!;
    if (
      spec &&
      !(spec.length === s.length && spec.every((d, i) => d === null || s[i] === null || d === s[i]))
    ) {
      throw new ShapeError(
        `Sequential '${this.name}': expected input shape ${fmtSpecJson(spec)}, received ${fmtSpecJson(s)}`,
      );
    }
  }

  override computeOutputShapes(shapes: readonly ShapeSpec[]): ShapeSpec[] {
    let s = shapes[0]!;
    for (const l of this.#layers) s = l.computeOutputShape(s);
    return [s];
  }

  override call(x: Tensor, opts: CallOptions): Tensor {
    // The model's input mask goes to the first layer; later layers read the masks their
    // inputs carry (set by the layer before).
    const inner = withoutMask(opts);
    let y = x;
    this.#layers.forEach((l, i) => {
      y = l.apply(y, i === 0 && opts.mask !== undefined ? { ...inner, mask: opts.mask } : inner);
    });
    return y;
  }

  /** @internal Masks of the outputs come from the inner layers. */
  protected override get masksFromInnerLayers(): boolean {
    return true;
  }

  override summaryRows(): { layer: Layer; outputShape: string }[] {
    if (!this.#output && this.#layers.every((l) => !l.built)) {
      throw new ValueError(
        `Sequential '${this.name}': the model has not been built yet, so its summary is unknown. Give the first layer an inputShape (e.g. nn.layers.flatten({inputShape: [28, 28]})), add an nn.layers.inputLayer, or call the model on data first.`,
      );
    }
    return this.#layers.map((l) => ({ layer: l, outputShape: describeOutputShape(l) }));
  }
}

/**
 * A Sequential model: `nn.sequential({layers: [...]})`.
 * @example
 * const model = nn.sequential({
 *   layers: [
 *     nn.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }),
 *     nn.layers.dense({ units: 3, activation: 'softmax' }),
 *   ],
 * });
 * model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
 * model.summary();
 */
export function sequential(args: SequentialArgs = {}): Sequential {
  return new Sequential(args);
}

// Default names ('sequential', 'sequential_1') survive minification.
nameClass(Sequential, 'Sequential');
