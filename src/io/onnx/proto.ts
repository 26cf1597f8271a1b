/**
 * The ONNX protobuf messages, encoded and decoded by protobufjs from the official schema
 * (vendor/onnx/onnx.proto → onnx-schema.ts). The interfaces below type the fields Neurite
 * reads and writes, as protobufjs's `toObject` gives them: camelCase names, int64 values as
 * JavaScript numbers (`longs: Number`), bytes as Uint8Array, enums as numbers.
 */
import protobuf from 'protobufjs/light.js';

import { ONNX_SCHEMA } from './onnx-schema.js';

const root = protobuf.Root.fromJSON(ONNX_SCHEMA);
const modelType = root.lookupType('onnx.ModelProto');

/** TensorProto.DataType values Neurite meets. */
export const ONNX_DTYPE = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
} as const;

/** AttributeProto.AttributeType values. */
export const ONNX_ATTRIBUTE = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

export interface OnnxTensor {
  dims?: number[];
  dataType?: number;
  name?: string;
  rawData?: Uint8Array;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: number[];
  doubleData?: number[];
  dataLocation?: number;
  externalData?: { key?: string; value?: string }[];
}

export interface OnnxAttribute {
  name?: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: OnnxTensor;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
  refAttrName?: string;
}

export interface OnnxNode {
  input?: string[];
  output?: string[];
  name?: string;
  opType?: string;
  domain?: string;
  attribute?: OnnxAttribute[];
  docString?: string;
}

export interface OnnxDimension {
  dimValue?: number;
  dimParam?: string;
}

export interface OnnxValueInfo {
  name?: string;
  type?: {
    tensorType?: { elemType?: number; shape?: { dim?: OnnxDimension[] } };
  };
  docString?: string;
}

export interface OnnxGraph {
  node?: OnnxNode[];
  name?: string;
  initializer?: OnnxTensor[];
  input?: OnnxValueInfo[];
  output?: OnnxValueInfo[];
  valueInfo?: OnnxValueInfo[];
  docString?: string;
}

export interface OnnxOpset {
  domain?: string;
  version?: number;
}

export interface OnnxModel {
  irVersion?: number;
  opsetImport?: OnnxOpset[];
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number;
  docString?: string;
  graph?: OnnxGraph;
  metadataProps?: { key?: string; value?: string }[];
  functions?: unknown[];
}

/**
 * Decodes a ModelProto. Throws protobufjs's error on malformed bytes (callers wrap it in a
 * ModelIOError naming the file).
 */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  const msg = modelType.decode(bytes);
  return modelType.toObject(msg, {
    longs: Number,
    bytes: Uint8Array,
    enums: Number,
    defaults: false,
    arrays: true,
  });
}

/** Encodes a ModelProto (fields as in the interfaces above). */
export function encodeModel(model: OnnxModel): Uint8Array {
  const err = modelType.verify(model);
  if (err !== null) throw new Error(`ONNX encoder: ${err}`);
  return modelType.encode(modelType.fromObject(model)).finish();
}
