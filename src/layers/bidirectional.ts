/**
 * Bidirectional (Keras 3): runs a recurrent layer forwards and a copy of it backwards over
 * the sequence and merges the two outputs (`mergeMode` 'concat' (default), 'sum', 'mul',
 * 'ave', or null: the two outputs as a list). The backward outputs are put back in time
 * order before merging. With `returnState` the forward then backward final states follow.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, concat, div, gather, mul, tensor } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import type { ShapeSpec } from './symbolic.js';
import { Recurrent } from './recurrent.js';
import { requireLayer, serializeSublayer, Wrapper } from './wrapper.js';

/** How the two directions' outputs combine. */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;
const MODES: readonly MergeMode[] = ['concat', 'sum', 'mul', 'ave', null];

/**
 * Options of {@link layers.bidirectional} (Keras `Bidirectional`'s arguments, in camelCase).
 */
export interface BidirectionalArgs extends LayerArgs {
  /** The recurrent layer (simpleRNN, lstm, gru); the forward copy is rebuilt from its config. */
  layer: Layer;
  /** Default 'concat'. */
  mergeMode?: MergeMode;
  /** The backward layer; default a copy of `layer` with `goBackwards` flipped. */
  backwardLayer?: Layer | null;
}

/** A recurrent layer rebuilt from its config with a new name and direction. */
function copyOf(layer: Recurrent, name: string, goBackwards: boolean): Recurrent {
  const Cls = layer.constructor as new (args: LayerConfig) => Recurrent;
  return new Cls({ ...layer.getConfig(), name, goBackwards });
}

const strip = (name: string, prefix: string): string =>
  name.startsWith(prefix) ? name.slice(prefix.length) : name;

/**
 * The `Bidirectional` layer (Keras `keras.layers.Bidirectional`): see {@link layers.bidirectional}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Bidirectional({ layer: nn.layers.gru({ units: 4 }) });
 */
export class Bidirectional extends Wrapper {
  readonly className = 'Bidirectional';
  readonly forwardLayer: Recurrent;
  readonly backwardLayer: Recurrent;
  readonly mergeMode: MergeMode;
  readonly #customBackward: boolean;

  constructor(args: BidirectionalArgs) {
    super(args);
    const layer = requireLayer('Bidirectional', 'layer', args?.layer);
    if (!(layer instanceof Recurrent)) {
      throw new ValueError(
        `Bidirectional: layer must be a recurrent layer (simpleRNN, lstm, gru), received ${layer.className} '${layer.name}'`,
      );
    }
    const mode = args.mergeMode === undefined ? 'concat' : args.mergeMode;
    if (!MODES.includes(mode)) {
      throw new ValueError(
        `Bidirectional: mergeMode must be one of 'concat', 'sum', 'mul', 'ave' or null, received ${JSON.stringify(mode)}`,
      );
    }
    this.mergeMode = mode;
    this.forwardLayer = copyOf(
      layer,
      `forward_${strip(layer.name, 'forward_')}`,
      layer.goBackwards,
    );
    const back = args.backwardLayer ?? null;
    this.#customBackward = back !== null;
    if (back !== null) {
      const b = requireLayer('Bidirectional', 'backwardLayer', back);
      if (!(b instanceof Recurrent)) {
        throw new ValueError(
          `Bidirectional: backwardLayer must be a recurrent layer, received ${b.className} '${b.name}'`,
        );
      }
      if (b.goBackwards === layer.goBackwards) {
        throw new ValueError(
          `Bidirectional: backwardLayer '${b.name}' must have goBackwards ${!layer.goBackwards} (the opposite of layer '${layer.name}')`,
        );
      }
      if (b.returnSequences !== layer.returnSequences || b.returnState !== layer.returnState) {
        throw new ValueError(
          `Bidirectional: layer and backwardLayer must agree on returnSequences and returnState`,
        );
      }
      this.backwardLayer = b;
    } else {
      this.backwardLayer = copyOf(
        layer,
        `backward_${strip(layer.name, 'backward_')}`,
        !layer.goBackwards,
      );
    }
    // As Keras: masked steps of returned sequences are zeros in both directions.
    for (const l of [this.forwardLayer, this.backwardLayer])
      l.zeroOutputForMask = l.returnSequences;
  }

  protected get sublayers(): Layer[] {
    return [this.forwardLayer, this.backwardLayer];
  }

  get returnSequences(): boolean {
    return this.forwardLayer.returnSequences;
  }
  get returnState(): boolean {
    return this.forwardLayer.returnState;
  }

  override build(inputShape: ShapeSpec): void {
    this.forwardLayer.ensureBuilt([inputShape]);
    this.backwardLayer.ensureBuilt([inputShape]);
    this.built = true;
  }

  #merge(y: Tensor, yRev: Tensor): Tensor[] {
    switch (this.mergeMode) {
      case 'concat':
        return [concat([y, yRev], -1)];
      case 'sum':
        return [add(y, yRev)];
      case 'mul':
        return [mul(y, yRev)];
      case 'ave':
        return [div(add(y, yRev), 2)];
      default:
        return [y, yRev];
    }
  }

  override invoke(inputs: readonly Tensor[], opts: CallOptions): Tensor[] {
    const x = inputs[0]!;
    const fw = this.forwardLayer.invoke([x], opts);
    const bw = this.backwardLayer.invoke([x], opts);
    let yRev = bw[0]!;
    if (this.returnSequences) {
      const t = yRev.shape[1]!;
      const idx = tensor(
        Int32Array.from({ length: t }, (_, i) => t - 1 - i),
        [t],
        'int32',
      );
      yRev = gather(yRev, idx, 1);
    }
    const merged = this.#merge(fw[0]!, yRev);
    return this.returnState ? [...merged, ...fw.slice(1), ...bw.slice(1)] : merged;
  }

  call(x: Tensor, opts: CallOptions): Tensor {
    return this.invoke([x], opts)[0]!;
  }

  /** No output mask, as Keras 3 (its Bidirectional does not support masking downstream). */
  override computeMask(
    _inputs: readonly Tensor[],
    _masks: readonly (Tensor | null)[],
  ): (Tensor | null)[] {
    return [];
  }

  override computeOutputShapes(shapes: readonly ShapeSpec[]): ShapeSpec[] {
    const fw = this.forwardLayer.computeOutputShapes(shapes);
    const y = fw[0]!;
    const states = fw.slice(1);
    const last = y[y.length - 1]!;
    const merged: ShapeSpec[] =
      this.mergeMode === null
        ? [y, y]
        : this.mergeMode === 'concat'
          ? [[...y.slice(0, -1), last === null ? null : 2 * last]]
          : [y];
    return this.returnState ? [...merged, ...states, ...states] : merged;
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return this.computeOutputShapes([inputShape])[0]!;
  }

  override getConfig(): LayerConfig {
    const c: LayerConfig = {
      ...super.getConfig(),
      mergeMode: this.mergeMode,
      layer: serializeSublayer(this.forwardLayer),
    };
    if (this.#customBackward) c.backwardLayer = serializeSublayer(this.backwardLayer);
    return c;
  }
}
