/**
 * Walks a model's graph and writes each layer call through the exporter table: a
 * Sequential in order, a Functional in its nodes' execution order, a model used as a layer
 * inline (its layers' nodes in the outer graph, its weights written once however many
 * times it is called). A subclassed model is refused: its architecture is code.
 */
import { classNameOf } from '../../../serialization/class-names.js';
import type { Layer } from '../../../layers/layer.js';
import type { SymbolicTensor } from '../../../layers/symbolic.js';
import { Functional } from '../../../models/functional.js';
import { Model } from '../../../models/model.js';
import { Sequential } from '../../../models/sequential.js';
import { ModelIOError } from '../../model-io-error.js';
import { type GraphBuilder, noOnnxForm, type OnnxValue } from './graph.js';
import { describeLayer } from './layer-call.js';
import { EXPORTED_LAYERS, findLayerExporter } from './layers.js';
import { NOT_EXPORTED } from './not-exported.js';

/** The error for a subclassed model (nested or not). */
export function subclassedModelError(model: Model, where: string): ModelIOError {
  return new ModelIOError(
    `${where}: '${model.name}' is a subclassed model (its call() is code), so it cannot be exported to ONNX; build it with nn.sequential or nn.model({inputs, outputs})`,
    { file: where },
  );
}

/** Writes one call of `layer` (a model is written inline) and returns its outputs. */
export function exportCall(
  layer: Layer,
  inputs: readonly OnnxValue[],
  g: GraphBuilder,
): OnnxValue[] {
  if (layer instanceof Model) return exportModelGraph(layer, inputs, g);
  const run = findLayerExporter(layer);
  if (!run) {
    throw noOnnxForm(
      g,
      `${describeLayer(layer)} (class ${classNameOf(layer.constructor)})`,
      `${NOT_EXPORTED[classNameOf(layer.constructor)] ?? ''}${NOT_EXPORTED[classNameOf(layer.constructor)] ? '; ' : ''}Neurite exports ${EXPORTED_LAYERS.join(', ')}`,
    );
  }
  const outputShapes = layer.computeOutputShapes(inputs.map((v) => v.shape));
  return run({ layer, inputs, outputShapes, g });
}

/** Writes a model's graph on `inputs` and returns its outputs. */
export function exportModelGraph(
  model: Model,
  inputs: readonly OnnxValue[],
  g: GraphBuilder,
): OnnxValue[] {
  if (model instanceof Sequential) {
    let values = inputs;
    for (const layer of model.layers) values = exportCall(layer, values, g);
    return [...values];
  }
  if (model instanceof Functional) {
    const known = new Map<SymbolicTensor, OnnxValue>();
    model.inputs.forEach((t, i) => known.set(t, inputs[i]!));
    for (const node of model.nodes) {
      const args = node.inputs.map((t) => known.get(t)!);
      const outs = exportCall(node.layer, args, g);
      node.outputs.forEach((t, i) => known.set(t, outs[i]!));
    }
    return model.outputs.map((t) => known.get(t)!);
  }
  throw subclassedModelError(model, g.where);
}
