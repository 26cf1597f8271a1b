/**
 * The base of layers that wrap other layers (`bidirectional`, `timeDistributed`): their
 * weights, losses and trainability are the inner layers'.
 */
import { ValueError } from '../errors.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { Layer, type LayerArgs, type LayerConfig } from './layer.js';

/** A wrapped layer as a config holds it. */
export function serializeSublayer(layer: Layer): LayerConfig {
  return { className: layer.className, config: layer.getConfig() };
}

let resolveSublayer: ((x: { className: string; config?: object }) => Layer) | null = null;

/** @internal Set once by the layer registry: rebuilds a `{className, config}` sublayer. */
export function setSublayerResolver(f: (x: { className: string; config?: object }) => Layer): void {
  resolveSublayer = f;
}

/** `x` as a Layer: a Layer, or a saved `{className, config}` rebuilt through the registry. */
export function requireLayer(owner: string, key: string, x: unknown): Layer {
  if (
    resolveSublayer &&
    typeof x === 'object' &&
    x !== null &&
    !(x instanceof Layer) &&
    typeof (x as { className?: unknown }).className === 'string'
  ) {
    return resolveSublayer(x as { className: string; config?: object });
  }
  if (!(x instanceof Layer)) {
    throw new ValueError(
      `${owner}: ${key} must be a layer (e.g. nn.layers.lstm({units: 8}) or {className, config}), received ${x === null ? 'null' : typeof x}`,
    );
  }
  return x;
}

const unique = (vs: Variable[]): Variable[] => [...new Set(vs)];

export abstract class Wrapper extends Layer {
  /** The wrapped layers. */
  protected abstract get sublayers(): Layer[];

  constructor(args: LayerArgs) {
    super(args);
  }

  override get trainableWeights(): Variable[] {
    if (!this.trainable) return [];
    return unique(this.sublayers.flatMap((l) => l.trainableWeights));
  }
  override get nonTrainableWeights(): Variable[] {
    const trainable = new Set(this.trainableWeights);
    return unique(this.sublayers.flatMap((l) => l.weights)).filter((v) => !trainable.has(v));
  }
  override get trainable(): boolean {
    return super.trainable;
  }
  override set trainable(value: boolean) {
    super.trainable = value;
    for (const l of this.sublayers) l.trainable = value;
  }
  override get losses(): Tensor[] {
    return [...super.losses, ...this.sublayers.flatMap((l) => l.losses)];
  }
}
