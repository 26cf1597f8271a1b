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
 */
import { NeuriteError } from '../errors.js';
import { artifactsInfo } from '../io/artifacts.js';
import { readFolder } from '../io/file-system.js';
import { fromMemory as coreFromMemory, withSaveHandler } from '../io/handlers.js';
import { checkJsonBytes, checkJsonText } from '../io/limits.js';
import { ModelIOError } from '../io/model-io-error.js';
import type {
  IOHandler,
  ModelArtifacts,
  ModelArtifactsInfo,
  SaveResult,
  WeightGroup,
  WeightSpec,
} from '../io/types.js';
import { parseManifest } from '../io/weights.js';
import { unavailable } from './not-available.js';
import { filePath, isBrowser, isNode } from './url.js';

export type { IOHandler, ModelArtifacts, ModelArtifactsInfo, SaveResult, WeightSpec, WeightGroup };
export { withSaveHandler };

/** A function from a URL to the handler for it, or null when the URL is not its scheme. */
export type IORouter = (
  url: string | readonly string[],
  loadOptions?: LoadOptions,
) => IOHandler | null;

/** Options of `tf.loadLayersModel` and `tf.io.http` (TF.js's `LoadOptions`). */
export interface LoadOptions {
  /** Every weight must be in the file and the file must hold no other (default true). */
  strict?: boolean;
  /** Called with the fraction of weight files fetched so far (http). */
  onProgress?: (fraction: number) => void;
  /** Fetches the weight shards from this prefix instead of the model.json's folder (http). */
  weightPathPrefix?: string;
  /** The function used to fetch (http); default the global `fetch`. */
  fetchFunc?: typeof fetch;
  /** Options of every request (http): headers, credentials, method for saving, … */
  requestInit?: RequestInit;
  /** Maps a shard's file name to its URL (http). */
  weightUrlConverter?: (weightFileName: string) => Promise<string>;
}

const saveRouters: IORouter[] = [];
const loadRouters: IORouter[] = [];

/** Adds a router that `model.save(url)` consults (TF.js `tf.io.registerSaveRouter`). */
export function registerSaveRouter(router: IORouter): void {
  saveRouters.push(router);
}

/** Adds a router that `tf.loadLayersModel(url)` consults (TF.js `tf.io.registerLoadRouter`). */
export function registerLoadRouter(router: IORouter): void {
  loadRouters.push(router);
}

function handlersFor(
  routers: readonly IORouter[],
  url: string | readonly string[],
  loadOptions?: LoadOptions,
): IOHandler[] {
  const out: IOHandler[] = [];
  for (const r of routers) {
    const h = r(url, loadOptions);
    if (h !== null) out.push(h);
  }
  return out;
}

/** The save handlers whose routers accept `url` (TF.js `tf.io.getSaveHandlers`). */
export function getSaveHandlers(url: string | readonly string[]): IOHandler[] {
  return handlersFor(saveRouters, url);
}

/** The load handlers whose routers accept `url` (TF.js `tf.io.getLoadHandlers`). */
export function getLoadHandlers(
  url: string | readonly string[],
  loadOptions?: LoadOptions,
): IOHandler[] {
  return handlersFor(loadRouters, url, loadOptions);
}

/** Whether `url` is an `http://` or `https://` URL (TF.js `tf.io.isHTTPScheme`). */
export function isHTTPScheme(url: string): boolean {
  return /^https?:\/\//.test(url);
}

/** A handler whose `load` returns the given artifacts (TF.js `tf.io.fromMemory`). */
export function fromMemory(
  modelArtifacts: ModelArtifacts | object,
  weightSpecs?: WeightSpec[],
  weightData?: ArrayBuffer,
  trainingConfig?: object,
): IOHandler {
  if (weightSpecs === undefined && weightData === undefined && trainingConfig === undefined) {
    const a = modelArtifacts as ModelArtifacts;
    // TF.js accepts a bare topology too.
    const looksLikeArtifacts = 'modelTopology' in a || 'weightSpecs' in a || 'weightData' in a;
    return coreFromMemory(looksLikeArtifacts ? a : { modelTopology: modelArtifacts });
  }
  const artifacts: ModelArtifacts = { modelTopology: modelArtifacts };
  if (weightSpecs !== undefined) artifacts.weightSpecs = weightSpecs;
  if (weightData !== undefined) artifacts.weightData = weightData;
  if (trainingConfig !== undefined) artifacts.trainingConfig = trainingConfig;
  return coreFromMemory(artifacts);
}

/** The weight specs of a manifest's groups, in order (TF.js `tf.io.getWeightSpecs`). */
export function getWeightSpecs(weightsManifest: readonly WeightGroup[]): WeightSpec[] {
  return weightsManifest.flatMap((g) => g.weights);
}

/**
 * Artifacts from a parsed model.json, reading the weights with `loadWeights` (TF.js
 * `tf.io.getModelArtifactsForJSON`, for custom handlers).
 */
export async function getModelArtifactsForJSON(
  modelJSON: {
    modelTopology?: object;
    weightsManifest?: WeightGroup[];
    trainingConfig?: object;
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
    userDefinedMetadata?: Record<string, unknown>;
  },
  loadWeights: (manifest: WeightGroup[]) => Promise<[WeightSpec[], ArrayBuffer]>,
): Promise<ModelArtifacts> {
  const a: ModelArtifacts = {};
  if (modelJSON.modelTopology !== undefined) a.modelTopology = modelJSON.modelTopology;
  if (modelJSON.trainingConfig !== undefined) a.trainingConfig = modelJSON.trainingConfig;
  if (modelJSON.format !== undefined) a.format = modelJSON.format;
  if (modelJSON.generatedBy !== undefined) a.generatedBy = modelJSON.generatedBy;
  if (modelJSON.convertedBy !== undefined) a.convertedBy = modelJSON.convertedBy;
  if (modelJSON.userDefinedMetadata !== undefined)
    a.userDefinedMetadata = modelJSON.userDefinedMetadata;
  if (modelJSON.weightsManifest !== undefined) {
    const [weightSpecs, weightData] = await loadWeights(modelJSON.weightsManifest);
    a.weightSpecs = weightSpecs;
    a.weightData = weightData;
  }
  return a;
}

/** Sizes of artifacts (TF.js `tf.io.getModelArtifactsInfoForJSON`). */
export function getModelArtifactsInfoForJSON(artifacts: ModelArtifacts): ModelArtifactsInfo {
  return artifactsInfo(artifacts);
}

/** Joins buffers into one (TF.js `tf.io.concatenateArrayBuffers`). */
export function concatenateArrayBuffers(
  buffers: readonly ArrayBuffer[] | ArrayBuffer,
): ArrayBuffer {
  if (buffers instanceof ArrayBuffer) return buffers;
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}

/** The contents of a `model.json`, as TF.js's handlers read and write it. */
interface ModelJson {
  modelTopology?: object;
  weightsManifest: WeightGroup[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: object;
  userDefinedMetadata?: Record<string, unknown>;
}

/** `model.json` for artifacts whose weights lie in one file, `weightsFile`. */
function modelJsonOf(a: ModelArtifacts, weightsFile: string): ModelJson {
  const json: ModelJson = {
    modelTopology: a.modelTopology instanceof ArrayBuffer ? undefined : a.modelTopology,
    weightsManifest: [{ paths: [weightsFile], weights: a.weightSpecs ?? [] }],
    format: a.format,
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy ?? null,
  };
  if (a.trainingConfig !== undefined) json.trainingConfig = a.trainingConfig;
  if (a.userDefinedMetadata !== undefined) json.userDefinedMetadata = a.userDefinedMetadata;
  return json;
}

function weightBytes(a: ModelArtifacts): ArrayBuffer {
  const d = a.weightData;
  return d === undefined ? new ArrayBuffer(0) : concatenateArrayBuffers(d);
}

/** Parses model JSON text after the size and nesting checks the core applies to files. */
function parseModelJson(
  text: string,
  where: string,
): { json: Record<string, unknown>; manifest: WeightGroup[] } {
  checkJsonBytes(text.length, where);
  checkJsonText(text, where);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ModelIOError(`${where}: is not valid JSON (${(e as Error).message})`, {
      file: where,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ModelIOError(`${where}: expected a model JSON object`, { file: where });
  }
  const json = parsed as Record<string, unknown>;
  if (json.modelTopology === undefined && json.weightsManifest === undefined) {
    throw new ModelIOError(
      `${where}: holds neither modelTopology nor weightsManifest; is it a model.json?`,
      { file: where },
    );
  }
  const manifest = parseManifest(json.weightsManifest ?? [], where);
  return { json, manifest };
}

/**
 * Artifacts from a parsed `model.json` and the bytes of its shards, in manifest order
 * (TF.js `tf.io.getModelArtifactsForJSON`, with the shards already read).
 */
function artifactsOf(
  json: Record<string, unknown>,
  manifest: WeightGroup[],
  weightData: ArrayBuffer,
): ModelArtifacts {
  const a: ModelArtifacts = {
    weightSpecs: manifest.flatMap((g) => g.weights),
    weightData,
  };
  const topology = json.modelTopology;
  if (topology !== null && typeof topology === 'object') a.modelTopology = topology;
  const tc = json.trainingConfig;
  if (tc !== null && typeof tc === 'object') a.trainingConfig = tc;
  if (typeof json.format === 'string') a.format = json.format;
  if (typeof json.generatedBy === 'string') a.generatedBy = json.generatedBy;
  if (typeof json.convertedBy === 'string') a.convertedBy = json.convertedBy;
  const meta = json.userDefinedMetadata;
  if (meta !== null && typeof meta === 'object' && !Array.isArray(meta)) {
    a.userDefinedMetadata = meta as Record<string, unknown>;
  }
  return a;
}

// ---------------------------------------------------------------------------------------
// file:// (Node)

/**
 * A folder in the file system (tfjs-node's `tf.io.fileSystem`): `save` writes `model.json`
 * and `weights.bin` into it (creating it), `load` reads a folder or a JSON file through
 * Neurite's checked reader. Node only.
 */
export function fileSystem(path: string): IOHandler {
  if (!isNode) {
    throw new NeuriteError(`tf.io.fileSystem('${path}'): the file system exists in Node only`);
  }
  return {
    save: async (artifacts: ModelArtifacts): Promise<SaveResult> => {
      const fs = await import('node:fs/promises');
      const nodePath = await import('node:path');
      const st = await fs.stat(path).catch(() => null);
      if (st && !st.isDirectory()) {
        throw new ModelIOError(
          `file://${path}: exists as a file; the path to save to must be a folder`,
          { file: path },
        );
      }
      await fs.mkdir(path, { recursive: true });
      const json = modelJsonOf(artifacts, 'weights.bin');
      await fs.writeFile(
        nodePath.join(path, 'weights.bin'),
        new Uint8Array(weightBytes(artifacts)),
      );
      await fs.writeFile(nodePath.join(path, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: artifactsInfo(artifacts) };
    },
    load: async (): Promise<ModelArtifacts> => (await readFolder(path, ['model.json'])).artifacts,
  };
}

const fileRouter: IORouter = (url) =>
  isNode && typeof url === 'string' && url.startsWith('file://') ? fileSystem(filePath(url)) : null;

// ---------------------------------------------------------------------------------------
// http(s)://

/** The folder part and query of a URL: `https://h/a/model.json?x` → [`https://h/a/`, `?x`]. */
function splitUrl(url: string): [string, string] {
  const slash = url.lastIndexOf('/');
  const query = url.lastIndexOf('?');
  return [url.substring(0, slash) + '/', query > slash ? url.substring(query) : ''];
}

/**
 * Loads by GET from a URL (model.json, then each shard next to it or under
 * `weightPathPrefix`) and saves by POST of a multipart form holding `model.json` and
 * `model.weights.bin` (TF.js `tf.io.http`).
 */
export function http(path: string, options: LoadOptions = {}): IOHandler {
  const fetchFunc = options.fetchFunc ?? (typeof fetch === 'function' ? fetch : null);
  const get = (url: string, init?: RequestInit): Promise<Response> => {
    if (!fetchFunc) {
      throw new NeuriteError(
        `tf.io.http('${path}'): this runtime has no fetch; pass {fetchFunc} in the options`,
      );
    }
    return fetchFunc(url, init ?? options.requestInit);
  };
  return {
    load: async (): Promise<ModelArtifacts> => {
      const res = await get(path);
      if (!res.ok) {
        throw new ModelIOError(
          `${path}: the request failed with status ${res.status}; check that the URL points to the model's JSON file`,
          { file: path },
        );
      }
      const { json, manifest } = parseModelJson(await res.text(), path);
      const [prefix, suffix] = splitUrl(options.weightPathPrefix ?? path);
      const files = manifest.flatMap((g) => g.paths);
      const parts: ArrayBuffer[] = [];
      for (const [i, p] of files.entries()) {
        const url = options.weightUrlConverter
          ? await options.weightUrlConverter(p)
          : prefix + p + suffix;
        const r = await get(url);
        if (!r.ok) {
          throw new ModelIOError(
            `${path}: fetching weight file '${p}' (${url}) failed with status ${r.status}`,
            { file: path },
          );
        }
        parts.push(await r.arrayBuffer());
        options.onProgress?.((i + 1) / files.length);
      }
      return artifactsOf(json, manifest, concatenateArrayBuffers(parts));
    },
    save: async (artifacts: ModelArtifacts): Promise<SaveResult> => {
      const form = new FormData();
      const json = modelJsonOf(artifacts, './model.weights.bin');
      form.append(
        'model.json',
        new Blob([JSON.stringify(json)], { type: 'application/json' }),
        'model.json',
      );
      form.append(
        'model.weights.bin',
        new Blob([weightBytes(artifacts)], { type: 'application/octet-stream' }),
        'model.weights.bin',
      );
      const init: RequestInit = { method: 'POST', ...options.requestInit, body: form };
      const res = await get(path, init);
      if (!res.ok) {
        throw new ModelIOError(
          `${path}: saving by ${init.method ?? 'POST'} failed with status ${res.status}`,
          { file: path },
        );
      }
      return { modelArtifactsInfo: artifactsInfo(artifacts), responses: [res] };
    },
  };
}

/** TF.js's older name of {@link http}. */
export const browserHTTPRequest = http;

const httpRouter: IORouter = (url, loadOptions) =>
  typeof url === 'string' && isHTTPScheme(url) ? http(url, loadOptions) : null;

// ---------------------------------------------------------------------------------------
// Browser storage: IndexedDB and localStorage, in TF.js's layout.

const DATABASE_NAME = 'tensorflowjs';
const DATABASE_VERSION = 1;
const MODEL_STORE_NAME = 'models_store';
const INFO_STORE_NAME = 'model_info_store';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  const open = factory.open(DATABASE_NAME, DATABASE_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore(MODEL_STORE_NAME, { keyPath: 'modelPath' });
    db.createObjectStore(INFO_STORE_NAME, { keyPath: 'modelPath' });
  };
  return request(open);
}

function indexedDBFactory(): IDBFactory {
  const f: IDBFactory | undefined = typeof indexedDB === 'undefined' ? undefined : indexedDB;
  if (!f) {
    throw new NeuriteError(
      'indexeddb://: IndexedDB exists in browsers only (and in this one it is unavailable); in Node use file://',
    );
  }
  return f;
}

/**
 * A model in the browser's IndexedDB under `modelPath`, in TF.js's database
 * (`tensorflowjs`, stores `models_store` and `model_info_store`).
 */
export function browserIndexedDB(modelPath: string): IOHandler {
  if (!modelPath) throw new NeuriteError('indexeddb://: the model path must not be empty');
  return {
    save: async (artifacts: ModelArtifacts): Promise<SaveResult> => {
      const db = await openDatabase(indexedDBFactory());
      try {
        const stored: ModelArtifacts = { ...artifacts, weightData: weightBytes(artifacts) };
        const modelArtifactsInfo = artifactsInfo(stored);
        const infoTx = db.transaction(INFO_STORE_NAME, 'readwrite');
        await request(infoTx.objectStore(INFO_STORE_NAME).put({ modelPath, modelArtifactsInfo }));
        const modelTx = db.transaction(MODEL_STORE_NAME, 'readwrite');
        try {
          await request(
            modelTx
              .objectStore(MODEL_STORE_NAME)
              .put({ modelPath, modelArtifacts: stored, modelArtifactsInfo }),
          );
        } catch (e) {
          const undo = db.transaction(INFO_STORE_NAME, 'readwrite');
          await request(undo.objectStore(INFO_STORE_NAME).delete(modelPath)).catch(() => undefined);
          throw e;
        }
        return { modelArtifactsInfo };
      } finally {
        db.close();
      }
    },
    load: async (): Promise<ModelArtifacts> => {
      const db = await openDatabase(indexedDBFactory());
      try {
        const tx = db.transaction(MODEL_STORE_NAME, 'readonly');
        const found = (await request(tx.objectStore(MODEL_STORE_NAME).get(modelPath))) as
          { modelArtifacts?: ModelArtifacts } | undefined;
        if (!found?.modelArtifacts) {
          throw new ModelIOError(`indexeddb://${modelPath}: no model with this path in IndexedDB`, {
            file: `indexeddb://${modelPath}`,
          });
        }
        return found.modelArtifacts;
      } finally {
        db.close();
      }
    },
  };
}

const LS_PREFIX = 'tensorflowjs_models';

function lsKeys(
  path: string,
): Record<'info' | 'topology' | 'weightSpecs' | 'weightData' | 'modelMetadata', string> {
  const k = (suffix: string): string => [LS_PREFIX, path, suffix].join('/');
  return {
    info: k('info'),
    topology: k('model_topology'),
    weightSpecs: k('weight_specs'),
    weightData: k('weight_data'),
    modelMetadata: k('model_metadata'),
  };
}

function localStorageOrThrow(): Storage {
  const ls: Storage | undefined = typeof localStorage === 'undefined' ? undefined : localStorage;
  if (!ls) {
    throw new NeuriteError(
      'localstorage://: localStorage exists in browsers only (and in this one it is unavailable); in Node use file://',
    );
  }
  return ls;
}

/** `fn()` as a promise: what it throws becomes a rejection, as from an async handler. */
function attempt<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => resolve(fn()));
}

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

function fromBase64(text: string): ArrayBuffer {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out.buffer;
}

/**
 * A model in the browser's localStorage under `modelPath`, with TF.js's keys
 * (`tensorflowjs_models/<path>/info`, `…/model_topology`, `…/weight_specs`,
 * `…/weight_data` in base64, `…/model_metadata`).
 */
export function browserLocalStorage(modelPath: string): IOHandler {
  if (!modelPath) throw new NeuriteError('localstorage://: the model path must not be empty');
  const keys = lsKeys(modelPath);
  const where = `localstorage://${modelPath}`;
  return {
    save: (artifacts: ModelArtifacts): Promise<SaveResult> =>
      attempt(() => {
        const ls = localStorageOrThrow();
        const modelArtifactsInfo = artifactsInfo(artifacts);
        try {
          ls.setItem(keys.info, JSON.stringify(modelArtifactsInfo));
          ls.setItem(keys.topology, JSON.stringify(artifacts.modelTopology));
          ls.setItem(keys.weightSpecs, JSON.stringify(artifacts.weightSpecs ?? []));
          ls.setItem(keys.weightData, toBase64(weightBytes(artifacts)));
          ls.setItem(
            keys.modelMetadata,
            JSON.stringify({
              format: artifacts.format,
              generatedBy: artifacts.generatedBy,
              convertedBy: artifacts.convertedBy,
              userDefinedMetadata: artifacts.userDefinedMetadata,
              trainingConfig: artifacts.trainingConfig,
            }),
          );
        } catch (e) {
          for (const k of Object.values(keys)) ls.removeItem(k);
          throw new ModelIOError(
            `${where}: saving failed (${(e as Error).message}); the storage quota may be exceeded: ${modelArtifactsInfo.weightDataBytes ?? 0} bytes of weights`,
            { file: where },
          );
        }
        return { modelArtifactsInfo };
      }),
    load: (): Promise<ModelArtifacts> =>
      attempt(() => {
        const ls = localStorageOrThrow();
        const read = (key: string, what: string): string => {
          const v = ls.getItem(key);
          if (v === null) {
            throw new ModelIOError(`${where}: ${what} is missing from localStorage`, {
              file: where,
            });
          }
          return v;
        };
        read(keys.info, 'the model');
        const topologyText = read(keys.topology, 'the topology');
        const specsText = read(keys.weightSpecs, 'the weight specs');
        checkJsonBytes(topologyText.length + specsText.length, where);
        checkJsonText(topologyText, where);
        const out: ModelArtifacts = {
          modelTopology: JSON.parse(topologyText) as object,
          weightSpecs: JSON.parse(specsText) as WeightSpec[],
          weightData: fromBase64(read(keys.weightData, 'the weight data')),
        };
        const meta = ls.getItem(keys.modelMetadata);
        if (meta !== null) {
          const m = JSON.parse(meta) as Partial<ModelArtifacts>;
          if (typeof m.format === 'string') out.format = m.format;
          if (typeof m.generatedBy === 'string') out.generatedBy = m.generatedBy;
          if (typeof m.convertedBy === 'string') out.convertedBy = m.convertedBy;
          if (m.userDefinedMetadata) out.userDefinedMetadata = m.userDefinedMetadata;
          if (m.trainingConfig) out.trainingConfig = m.trainingConfig;
        }
        return out;
      }),
  };
}

// ---------------------------------------------------------------------------------------
// Downloads and files picked by the user (browsers).

/**
 * Saves by downloading `<name>.json` and `<name>.weights.bin` (TF.js
 * `tf.io.browserDownloads`; default name `model`). Browsers only.
 */
export function browserDownloads(fileNamePrefix = 'model'): IOHandler {
  return {
    save: (artifacts: ModelArtifacts): Promise<SaveResult> =>
      attempt(() => {
        if (!isBrowser) {
          throw new NeuriteError(
            `downloads://${fileNamePrefix}: downloads exist in browsers only; in Node use file://`,
          );
        }
        const weightsName = `${fileNamePrefix}.weights.bin`;
        const json = modelJsonOf(artifacts, `./${weightsName}`);
        const files: [string, Blob][] = [
          [
            `${fileNamePrefix}.json`,
            new Blob([JSON.stringify(json)], { type: 'application/json' }),
          ],
          [weightsName, new Blob([weightBytes(artifacts)], { type: 'application/octet-stream' })],
        ];
        for (const [name, blob] of files) {
          const a = document.createElement('a');
          a.download = name;
          a.href = URL.createObjectURL(blob);
          a.dispatchEvent(new MouseEvent('click'));
          setTimeout(() => URL.revokeObjectURL(a.href), 0);
        }
        return { modelArtifactsInfo: artifactsInfo(artifacts) };
      }),
  };
}

/**
 * Loads from files the user picked (`<input type="file">`): the model JSON first, then its
 * weight files, matched to the manifest by name (TF.js `tf.io.browserFiles`).
 */
export function browserFiles(files: readonly File[]): IOHandler {
  return {
    load: async (): Promise<ModelArtifacts> => {
      const [jsonFile, ...weightFiles] = files;
      if (!jsonFile) {
        throw new NeuriteError('tf.io.browserFiles: give the model JSON file and its weight files');
      }
      const where = jsonFile.name;
      const { json, manifest } = parseModelJson(await jsonFile.text(), where);
      const byName = new Map(weightFiles.map((f) => [f.name, f]));
      const parts: ArrayBuffer[] = [];
      for (const p of manifest.flatMap((g) => g.paths)) {
        const base = p.slice(p.lastIndexOf('/') + 1);
        const f = byName.get(base);
        if (!f) {
          throw new ModelIOError(
            `${where}: the weight file '${base}' the manifest names was not among the files given (${[...byName.keys()].join(', ') || 'none'})`,
            { file: where },
          );
        }
        parts.push(await f.arrayBuffer());
      }
      return artifactsOf(json, manifest, concatenateArrayBuffers(parts));
    },
  };
}

const browserOnly =
  (scheme: string, make: (rest: string) => IOHandler): IORouter =>
  (url) =>
    isBrowser && typeof url === 'string' && url.startsWith(scheme)
      ? make(url.slice(scheme.length))
      : null;

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
