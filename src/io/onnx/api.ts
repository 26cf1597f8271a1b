/**
 * The explicit ONNX calls, `nn.io.saveOnnx` and `nn.io.loadOnnx` (`model.save('x.onnx')`
 * and `nn.loadModel('x.onnx')` reach the same code through the format list).
 */
import { artifactsToModel } from '../artifacts.js';
import { bytesName, bytesOf, isModelBytes, type ModelBytes, readModelFile } from '../file-read.js';
import { writeFileAtomic } from '../file-write.js';
import { show } from '../json.js';
import { ModelIOError } from '../model-io-error.js';
import { Model } from '../../models/model.js';
import type { SaveResult } from '../types.js';
import { exportOnnx, type OnnxExportOptions } from './export/index.js';
import { importOnnx, type OnnxImportOptions } from './import/index.js';

/**
 * Saves a Sequential or Functional model as an ONNX file (atomically), for ONNX Runtime and
 * every other ONNX consumer. Opset 13 by default; image inputs stay channels-last unless
 * `inputLayout: 'channels_first'`.
 *
 * @example
 * await nn.io.saveOnnx(model, 'model.onnx', {opset: 17});
 * @throws ModelIOError for a subclassed model or a layer/activation with no ONNX form.
 */
export async function saveOnnx(
  model: Model,
  path: string,
  options: OnnxExportOptions = {},
): Promise<SaveResult> {
  if (!(model instanceof Model)) {
    throw new ModelIOError(`saveOnnx: expected a model, received ${show(typeof model)}`);
  }
  if (typeof path !== 'string' || path === '') {
    throw new ModelIOError(`saveOnnx: expected a file path, received ${show(path)}`);
  }
  const bytes = exportOnnx(model, path, options);
  await writeFileAtomic(path, bytes);
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      weightDataBytes: bytes.length,
    },
  };
}

/**
 * Loads an ONNX file (a path, or its bytes as a File, Blob, ArrayBuffer or Uint8Array) as
 * a Neurite Functional model: real layers and trainable weights, ready to predict, fit and
 * save in any format. Image models take NCHW data as in PyTorch unless `layout: 'nhwc'`.
 *
 * @example
 * const model = await nn.io.loadOnnx('lenet.onnx');
 * @throws ModelIOError naming the file and, for an op Neurite cannot import, the node, its
 *   op type and the opset.
 */
export async function loadOnnx(
  source: string | ModelBytes,
  options: OnnxImportOptions = {},
): Promise<Model> {
  let where: string;
  let bytes: Uint8Array;
  if (isModelBytes(source)) {
    where = bytesName(source);
    bytes = await bytesOf(source, where);
  } else if (typeof source === 'string' && source !== '') {
    where = source;
    bytes = await readModelFile(source);
  } else {
    throw new ModelIOError(
      `loadOnnx: expected a path, a File, Blob, ArrayBuffer or Uint8Array, received ${show(source)}`,
    );
  }
  return artifactsToModel(await importOnnx(bytes, where, options), where, options);
}
