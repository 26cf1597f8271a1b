/**
 * ONNX export: a Sequential or Functional model (nested models, shared layers, several
 * inputs and outputs) as the bytes of an `.onnx` file, encoded by protobufjs from the
 * official schema (`../proto.ts`).
 *
 * The graph takes the tensors the Neurite model takes (channels-last images unless
 * `inputLayout: 'channels_first'`) with a dynamic batch dimension (`batch`), and returns its
 * outputs in Neurite's layout. Graph inputs are named after the input layers, outputs after
 * `model.outputNames`, nodes after the layers and initializers after the weights
 * (`dense_1/kernel`, float32 as raw little-endian data). Inference semantics: dropout is
 * Identity, batch normalization uses its moving statistics.
 */
import { InputLayer } from '../../../layers/input-layer.js';
import type { ShapeSpec } from '../../../layers/symbolic.js';
import { Functional } from '../../../models/functional.js';
import type { Model } from '../../../models/model.js';
import { Sequential } from '../../../models/sequential.js';
import type { DType } from '../../../tensor/dtype.js';
import { NeuriteError } from '../../../errors.js';
import { savedWeightNames } from '../../artifacts.js';
import { ModelIOError } from '../../model-io-error.js';
import { encodeModel, ONNX_DTYPE, type OnnxDimension, type OnnxValueInfo } from '../proto.js';
import { GraphBuilder, NCHW, type OnnxValue } from './graph.js';
import { irVersionFor, type OnnxExportOptions, resolveExportOptions } from './options.js';
import { exportModelGraph, subclassedModelError } from './walk.js';

export { EXPORTED_ACTIVATIONS } from './activations.js';
export { EXPORTED_LAYERS } from './layers.js';
export { DEFAULT_OPSET, MAX_OPSET, MIN_OPSET, type OnnxExportOptions } from './options.js';

/** The producer name written into every exported file. */
export const ONNX_PRODUCER = 'Neurite';

interface GraphInput {
  readonly name: string;
  readonly shape: ShapeSpec;
  readonly dtype: DType;
}

function notBuilt(model: Model, where: string): ModelIOError {
  return new ModelIOError(
    `${where}: Sequential '${model.name}' has no input shape yet, so its graph is unknown; give the first layer an inputShape or call the model on data before exporting`,
    { file: where },
  );
}

/** The model's inputs: name (its input layer's), shape and dtype. */
function graphInputs(model: Model, where: string): GraphInput[] {
  if (model instanceof Functional) {
    return model.inputs.map((t) => ({ name: t.sourceLayer.name, shape: t.shape, dtype: t.dtype }));
  }
  if (model instanceof Sequential) {
    const shape = model.inputShape;
    if (shape === null) throw notBuilt(model, where);
    const first = model.layers[0];
    if (!first) throw notBuilt(model, where);
    const source = first.inboundNodes
      .map((n) => n.inputs[0]?.sourceLayer)
      .find((l) => l instanceof InputLayer);
    return [
      { name: source?.name ?? `${model.name}_input`, shape, dtype: source?.dtype ?? model.dtype },
    ];
  }
  throw subclassedModelError(model, where);
}

/** The output names, unique and distinct from the input names. */
function outputNames(model: Model, inputs: readonly GraphInput[]): string[] {
  const taken = new Set(inputs.map((i) => i.name));
  return model.outputNames.map((n) => {
    let name = n;
    for (let k = 1; taken.has(name); k++) name = `${n}_${k}`;
    taken.add(name);
    return name;
  });
}

function valueInfo(name: string, shape: ShapeSpec): OnnxValueInfo {
  const dim: OnnxDimension[] = shape.map((d, i) =>
    i === 0 ? { dimParam: 'batch' } : d === null ? {} : { dimValue: d },
  );
  return { name, type: { tensorType: { elemType: ONNX_DTYPE.FLOAT, shape: { dim } } } };
}

/**
 * Writes `model` as an ONNX file's bytes.
 *
 * @param model - a Sequential or Functional model (built: its input shapes known).
 * @param where - the file name, for error messages.
 * @param options - `opset` (13 to 21, default 13), `inputLayout`.
 * @returns the ModelProto's bytes.
 * @throws ModelIOError naming `where` for a subclassed model, a layer or activation with
 *   no ONNX form at the opset, a non-float32 input, or a bad option.
 *
 * @example
 * const bytes = exportOnnx(model, 'model.onnx', {opset: 17});
 */
export function exportOnnx(
  model: Model,
  where: string,
  options: OnnxExportOptions = {},
): Uint8Array {
  const { opset, inputLayout } = resolveExportOptions(options, where);
  const inputs = graphInputs(model, where);
  for (const input of inputs) {
    if (input.dtype !== 'float32') {
      throw new ModelIOError(
        `${where}: input '${input.name}' is ${input.dtype}; ONNX export writes float32 inputs only`,
        { file: where },
      );
    }
  }
  const g = new GraphBuilder(opset, where, savedWeightNames(model.weights));
  const outNames = outputNames(model, inputs);
  for (const name of [...inputs.map((i) => i.name), ...outNames]) g.reserveTensorName(name);

  const channelsFirst = (shape: ShapeSpec): boolean =>
    inputLayout === 'channels_first' && shape.length === 4;
  const inputValues: OnnxValue[] = inputs.map((i) => ({
    name: i.name,
    shape: i.shape,
    perm: channelsFirst(i.shape) ? NCHW : null,
  }));

  let results: OnnxValue[];
  try {
    results = exportModelGraph(model, inputValues, g);
  } catch (e) {
    if (e instanceof ModelIOError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new ModelIOError(
      `${where}: cannot export '${model.name}' to ONNX: ${message}`,
      { file: where },
      {
        cause: e,
      },
    );
  }

  // Outputs in Neurite's layout, under their names (an Identity when a tensor cannot be renamed).
  const used = new Set<string>();
  const renamed = new Map<string, string>();
  results.forEach((v, i) => {
    const name = outNames[i]!;
    const made = g.logical(v, name);
    const t = renamed.get(made) ?? made;
    if (!used.has(t) && g.renameNodeOutput(t, name)) {
      renamed.set(made, name);
    } else {
      g.renameNodeOutput(g.op('Identity', [t], `${name}/Identity`), name);
    }
    used.add(name);
  });

  const graphInputShape = (i: GraphInput): ShapeSpec =>
    channelsFirst(i.shape) ? NCHW.map((a) => i.shape[a]!) : i.shape;
  try {
    return encodeModel({
      irVersion: irVersionFor(opset),
      opsetImport: [{ domain: '', version: opset }],
      producerName: ONNX_PRODUCER,
      graph: {
        name: model.name,
        node: g.nodes,
        initializer: g.initializers,
        input: inputs.map((i) => valueInfo(i.name, graphInputShape(i))),
        output: results.map((v, i) => valueInfo(outNames[i]!, v.shape)),
      },
    });
  } catch (e) {
    if (e instanceof NeuriteError) throw e;
    throw new ModelIOError(
      `${where}: internal: the ONNX encoder refused the graph: ${(e as Error).message}`,
      { file: where },
      { cause: e },
    );
  }
}
