/**
 * `tf.io`: TF.js's URL schemes and IOHandlers over Neurite's saving and loading. Every
 * handler has the IOHandler shape of src/io/types.ts (`save(artifacts)`, `load()`), so the
 * core saves and loads through it unchanged; this module only finds a handler for a URL
 * and moves bytes.
 *
 * | scheme            | where                                 | handler                |
 * | ----------------- | ------------------------------------- | ---------------------- |
 * | `file://PATH`     | Node: a folder (`model.json` + bin)   | `fileSystem(PATH)`     |
 * | `http(s)://URL`   | fetch: GET to load, POST to save      | `http(URL)`            |
 * | `indexeddb://K`   | browser IndexedDB (TF.js's database)  | `browserIndexedDB(K)`  |
 * | `localstorage://K`| browser localStorage (TF.js's keys)   | `browserLocalStorage(K)` |
 * | `downloads://N`   | browser downloads `N.json` + `N.weights.bin` | `browserDownloads(N)` |
 *
 * `file://` takes what tfjs-node takes: `file://./dir`, `file://dir` (relative to the
 * working directory), `file:///abs/dir`, and for loading `…/model.json` or the folder.
 * The browser schemes store models where TF.js does (same database, same keys), so a model
 * saved by TF.js on a page loads with Neurite and back; in Node their routers find nothing
 * and `save`/`loadLayersModel` say that the scheme belongs to browsers.
 * `registerSaveRouter` / `registerLoadRouter` add schemes, as in TF.js.
 *
 * This module assembles the `tf.io` namespace and registers the built-in routers; the
 * code lies in io-routers.ts (the router registry, `LoadOptions`), io-artifacts.ts
 * (artifact helpers), io-file-http.ts (`file://`, `http(s)://`) and io-browser.ts
 * (IndexedDB, localStorage, downloads, picked files).
 */
import { withSaveHandler } from '../io/handlers.js';
import type {
  IOHandler,
  ModelArtifacts,
  ModelArtifactsInfo,
  SaveResult,
  WeightGroup,
  WeightSpec,
} from '../io/types.js';
import {
  browserDownloads,
  browserIndexedDB,
  browserLocalStorage,
  browserOnly,
} from './io-browser.js';
import { fileRouter, httpRouter } from './io-file-http.js';
import { registerLoadRouter, registerSaveRouter } from './io-routers.js';
import { unavailable } from './not-available.js';

export type { IOHandler, ModelArtifacts, ModelArtifactsInfo, SaveResult, WeightSpec, WeightGroup };
export { withSaveHandler };
export {
  type IORouter,
  type LoadOptions,
  registerSaveRouter,
  registerLoadRouter,
  getSaveHandlers,
  getLoadHandlers,
  isHTTPScheme,
} from './io-routers.js';
export {
  fromMemory,
  getWeightSpecs,
  getModelArtifactsForJSON,
  getModelArtifactsInfoForJSON,
  concatenateArrayBuffers,
} from './io-artifacts.js';
export { fileSystem, http, browserHTTPRequest } from './io-file-http.js';
export {
  browserIndexedDB,
  browserLocalStorage,
  browserDownloads,
  browserFiles,
} from './io-browser.js';

for (const r of [
  fileRouter,
  httpRouter,
  browserOnly('indexeddb://', browserIndexedDB),
  browserOnly('localstorage://', browserLocalStorage),
]) {
  registerSaveRouter(r);
  registerLoadRouter(r);
}
registerSaveRouter(browserOnly('downloads://', (name) => browserDownloads(name || 'model')));

/** Model management across storage schemes is not available. */
export const copyModel = unavailable('io.copyModel');
/** Model management across storage schemes is not available. */
export const moveModel = unavailable('io.moveModel');
/** Model management across storage schemes is not available. */
export const listModels = unavailable('io.listModels');
/** Model management across storage schemes is not available. */
export const removeModel = unavailable('io.removeModel');
/** The synchronous handlers are not available; use fromMemory / withSaveHandler. */
export const fromMemorySync = unavailable('io.fromMemorySync', 'use tf.io.fromMemory');
/** The synchronous handlers are not available; use fromMemory / withSaveHandler. */
export const withSaveHandlerSync = unavailable(
  'io.withSaveHandlerSync',
  'use tf.io.withSaveHandler',
);
/** TF.js's weight loaders are not available; load whole models (tf.loadLayersModel). */
export const loadWeights = unavailable('io.loadWeights', 'use tf.loadLayersModel');
/** TF.js's weight loaders are not available; load whole models (tf.loadLayersModel). */
export const weightsLoaderFactory = unavailable(
  'io.weightsLoaderFactory',
  'use tf.loadLayersModel',
);
/** TF.js's weight (de)serialization helpers are not available; save whole models. */
export const encodeWeights = unavailable('io.encodeWeights');
/** TF.js's weight (de)serialization helpers are not available; load whole models. */
export const decodeWeights = unavailable('io.decodeWeights');
