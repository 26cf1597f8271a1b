/**
 * `tf.io`'s browser handlers: `indexeddb://` and `localstorage://` (TF.js's database and
 * keys, so models move between TF.js and Neurite on a page), `downloads://`
 * (`browserDownloads`), files the user picked (`browserFiles`), and `browserOnly`, the
 * router io.ts registers for each scheme (it finds nothing outside browsers).
 */
import { NeuriteError } from '../errors.js';
import { artifactsInfo } from '../io/artifacts.js';
import { checkJsonBytes, checkJsonText } from '../io/limits.js';
import { ModelIOError } from '../io/model-io-error.js';
import type { IOHandler, ModelArtifacts, SaveResult, WeightSpec } from '../io/types.js';
import {
  artifactsOf,
  concatenateArrayBuffers,
  modelJsonOf,
  parseModelJson,
  weightBytes,
} from './io-artifacts.js';
import type { IORouter } from './io-routers.js';
import { isBrowser } from './url.js';

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
 * @throws NeuriteError for an empty path.
 * @example
 * await model.save(tf.io.browserIndexedDB('my-model')); // same as 'indexeddb://my-model'
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
 * @throws NeuriteError for an empty path.
 * @example
 * await model.save(tf.io.browserLocalStorage('my-model')); // same as 'localstorage://my-model'
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
 * @example
 * await model.save(tf.io.browserDownloads('classifier')); // classifier.json + classifier.weights.bin
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
 * @example
 * const picker = document.querySelector<HTMLInputElement>('#files')!;
 * const model = await tf.loadLayersModel(tf.io.browserFiles(Array.from(picker.files!)));
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

export const browserOnly =
  (scheme: string, make: (rest: string) => IOHandler): IORouter =>
  (url) =>
    isBrowser && typeof url === 'string' && url.startsWith(scheme)
      ? make(url.slice(scheme.length))
      : null;
