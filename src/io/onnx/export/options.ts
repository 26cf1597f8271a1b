/**
 * The options of the ONNX exporter and their checks: which opsets it writes, the IR version
 * that goes with each, and the layout of image inputs.
 */
import { ModelIOError } from '../../model-io-error.js';

/** The lowest opset the exporter writes (Softmax over one axis, Squeeze/Pad inputs). */
export const MIN_OPSET = 13;
/** The highest opset the exporter writes (onnxruntime-web 1.31 runs it). */
export const MAX_OPSET = 21;
/** The default opset: the widest runtime support. */
export const DEFAULT_OPSET = 13;

/** Options of {@link io.saveOnnx} (and of saving a model as `.onnx`). */
export interface OnnxExportOptions {
  /**
   * The ONNX opset (default 13). 13 to 21: from 17 LayerNormalization is one node, from 14
   * HardSwish, from 18 Mish, from 20 Gelu; below those they are written as the ops they
   * are made of.
   */
  opset?: number;
  /**
   * How rank-4 (image) inputs are laid out in the exported graph. `'channels_last'`
   * (default): `[batch, height, width, channels]`, the same tensors the Neurite model takes.
   * `'channels_first'`: `[batch, channels, height, width]`, as PyTorch models take them.
   * Outputs always keep Neurite's layout.
   */
  inputLayout?: 'channels_last' | 'channels_first';
}

/** The options with their defaults, checked. */
export interface ResolvedExportOptions {
  readonly opset: number;
  readonly inputLayout: 'channels_last' | 'channels_first';
}

const KEYS: readonly string[] = ['opset', 'inputLayout'];

/**
 * Checks the options (unknown keys, opset range, layout) and fills in defaults.
 * @throws ModelIOError naming `where` and the bad option.
 */
export function resolveExportOptions(
  options: OnnxExportOptions | undefined,
  where: string,
): ResolvedExportOptions {
  const o: OnnxExportOptions = options ?? {};
  if (typeof o !== 'object' || o === null) {
    throw new ModelIOError(
      `${where}: ONNX export options must be an object, received ${typeof o}`,
      {
        file: where,
      },
    );
  }
  for (const key of Object.keys(o)) {
    if (!KEYS.includes(key) && (o as Record<string, unknown>)[key] !== undefined) {
      throw new ModelIOError(
        `${where}: unknown ONNX export option '${key}'; the options are ${KEYS.join(', ')}`,
        { file: where },
      );
    }
  }
  const opset = o.opset ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new ModelIOError(
      `${where}: ONNX opset must be an integer from ${MIN_OPSET} to ${MAX_OPSET}, received ${JSON.stringify(opset)}`,
      { file: where },
    );
  }
  const inputLayout = o.inputLayout ?? 'channels_last';
  if (inputLayout !== 'channels_last' && inputLayout !== 'channels_first') {
    throw new ModelIOError(
      `${where}: inputLayout must be 'channels_last' or 'channels_first', received ${JSON.stringify(inputLayout)}`,
      { file: where },
    );
  }
  return { opset, inputLayout };
}

/**
 * The IR version to write with an opset: the lowest that carries it (onnx's
 * VERSION_TABLE), so older runtimes load the file.
 */
export function irVersionFor(opset: number): number {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}
