/**
 * What a layer exporter receives and returns. An exporter writes the nodes of one call of
 * one layer class and returns its outputs; the table in `layers.ts` holds one per class.
 */
import type { Layer } from '../../../layers/layer.js';
import type { ShapeSpec } from '../../../layers/symbolic.js';
import type { GraphBuilder, OnnxValue } from './graph.js';

/** One call of a layer: the layer, its input values and its output shapes (Neurite's). */
export interface LayerCall<L extends Layer> {
  readonly layer: L;
  readonly inputs: readonly OnnxValue[];
  readonly outputShapes: readonly ShapeSpec[];
  readonly g: GraphBuilder;
}

/** Writes the nodes of a layer call and returns one value per output. */
export type LayerExporter<L extends Layer> = (call: LayerCall<L>) => OnnxValue[];

/** `Dense 'dense_1'`, for messages. */
export function describeLayer(layer: Layer): string {
  return `${layer.className} '${layer.name}'`;
}

/** The layer's single output value, named `name` and laid out by `perm`. */
export function single(
  call: LayerCall<Layer>,
  name: string,
  perm: readonly number[] | null,
): OnnxValue[] {
  return [{ name, shape: call.outputShapes[0]!, perm }];
}
