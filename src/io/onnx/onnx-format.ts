/**
 * ONNX as a single-file model format: reading imports the graph as a Neurite Functional
 * model (import/), writing exports any Sequential or Functional model (export/). ONNX files
 * have no magic bytes (a ModelProto is plain protobuf), so `.onnx` is chosen by extension;
 * `sniff` accepts bytes that open as a ModelProto field 1 (`ir_version`, a varint) followed
 * by the fields exporters write next, which no zip, HDF5 or JSON file starts with.
 */
import type { ModelFileFormat } from '../file-format.js';
import type { LoadOptions, SaveOptions } from '../types.js';
import { exportOnnx, type OnnxExportOptions } from './export/index.js';
import { importOnnx } from './import/index.js';

/** The ONNX-specific keys among a save's options (the rest, like includeOptimizer, do not apply). */
export function onnxSaveOptions(options: SaveOptions): OnnxExportOptions {
  const out: OnnxExportOptions = {};
  if (options.opset !== undefined) out.opset = options.opset;
  if (options.inputLayout !== undefined) out.inputLayout = options.inputLayout;
  return out;
}

/** `08 <varint ir_version 3..15>` then a field tag 0x12 (producer_name) or 0x3a (graph) or 0x42 (opset_import). */
function sniff(bytes: Uint8Array): boolean {
  if (bytes.length < 3 || bytes[0] !== 0x08) return false;
  const ir = bytes[1] ?? 0;
  return ir >= 3 && ir <= 15 && [0x12, 0x1a, 0x22, 0x2a, 0x32, 0x3a, 0x42].includes(bytes[2] ?? 0);
}

/** The `.onnx` format. */
export const ONNX_FORMAT: ModelFileFormat = {
  name: 'onnx',
  description: 'ONNX (.onnx)',
  extensions: ['.onnx'],
  keepsOptimizerState: false,
  sniff,
  read: (bytes: Uint8Array, where: string, options: LoadOptions) =>
    importOnnx(bytes, where, options),
  write: (model, where, options) =>
    Promise.resolve(exportOnnx(model, where, onnxSaveOptions(options))),
};
