/**
 * IOHandlers: save and load through any destination with TF.js's handler shape, so the
 * browser can write to IndexedDB, a download or a Blob, and tests can keep models in
 * memory. `fromMemory(artifacts)` loads from artifacts; `withSaveHandler(fn)` passes the
 * artifacts of a save to `fn`. TF.js's own handlers (`tf.io.withSaveHandler`, …) fit too.
 */
import { artifactsInfo } from './artifacts.js';
import { isObject } from './json.js';
import { ModelIOError } from './model-io-error.js';
import type { IOHandler, ModelArtifacts, SaveResult } from './types.js';

/** Whether `x` looks like an IOHandler (an object with `save` or `load`). */
export function isIOHandler(x: unknown): x is IOHandler {
  return (
    typeof x === 'object' &&
    x !== null &&
    (typeof (x as IOHandler).save === 'function' || typeof (x as IOHandler).load === 'function')
  );
}

/**
 * A handler whose `load` returns the given artifacts (TF.js `tf.io.fromMemory`).
 *
 * @example
 * const model = await nn.io.loadModel(nn.io.fromMemory(artifacts));
 */
export function fromMemory(artifacts: ModelArtifacts): IOHandler {
  return {
    load: () => Promise.resolve(artifacts),
  };
}

/**
 * A handler whose `save` calls `fn` with the artifacts (TF.js `tf.io.withSaveHandler`).
 *
 * @example
 * let saved: nn.io.ModelArtifacts | undefined;
 * await nn.io.saveModel(model, nn.io.withSaveHandler(async (a) => { saved = a; }));
 */
export function withSaveHandler(
  fn: (artifacts: ModelArtifacts) => Promise<SaveResult | void> | SaveResult | void,
): IOHandler {
  return {
    save: async (artifacts) =>
      (await fn(artifacts)) ?? { modelArtifactsInfo: artifactsInfo(artifacts) },
  };
}

function isSaveResult(x: unknown): x is SaveResult {
  const info =
    typeof x === 'object' && x !== null ? (x as Partial<SaveResult>).modelArtifactsInfo : undefined;
  return typeof info === 'object' && info !== null;
}

/** Hands artifacts to a handler's `save`. */
export async function saveToHandler(
  handler: IOHandler,
  artifacts: ModelArtifacts,
  where: string,
): Promise<SaveResult> {
  if (typeof handler.save !== 'function') {
    throw new ModelIOError(`${where}: the handler has no save() method`, { file: where });
  }
  const result: unknown = await handler.save(artifacts);
  return isSaveResult(result) ? result : { modelArtifactsInfo: artifactsInfo(artifacts) };
}

/** Reads artifacts from a handler's `load`. */
export async function loadFromHandler(handler: IOHandler, where: string): Promise<ModelArtifacts> {
  if (typeof handler.load !== 'function') {
    throw new ModelIOError(`${where}: the handler has no load() method`, { file: where });
  }
  const a: unknown = await handler.load();
  if (!isObject(a)) {
    throw new ModelIOError(`${where}: the handler's load() returned no artifacts`, { file: where });
  }
  return a;
}
