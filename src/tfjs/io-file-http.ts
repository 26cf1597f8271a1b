/**
 * `tf.io`'s `file://` handler (Node: a folder holding `model.json` and `weights.bin`) and
 * `http(s)://` handler (fetch: GET to load, POST to save), with the routers io.ts
 * registers for them.
 */
import { NeuriteError } from '../errors.js';
import { artifactsInfo } from '../io/artifacts.js';
import { readFolder } from '../io/file-system.js';
import { ModelIOError } from '../io/model-io-error.js';
import type { IOHandler, ModelArtifacts, SaveResult } from '../io/types.js';
import {
  artifactsOf,
  concatenateArrayBuffers,
  modelJsonOf,
  parseModelJson,
  weightBytes,
} from './io-artifacts.js';
import { type IORouter, isHTTPScheme, type LoadOptions } from './io-routers.js';
import { filePath, isNode } from './url.js';

// ---------------------------------------------------------------------------------------
// file:// (Node)

/**
 * A folder in the file system (tfjs-node's `tf.io.fileSystem`): `save` writes `model.json`
 * and `weights.bin` into it (creating it), `load` reads a folder or a JSON file through
 * Neurite's checked reader. Node only.
 * @throws NeuriteError outside Node.
 * @example
 * await model.save(tf.io.fileSystem('./my-model')); // same as model.save('file://./my-model')
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

export const fileRouter: IORouter = (url) =>
  isNode && typeof url === 'string' && url.startsWith('file://') ? fileSystem(filePath(url)) : null;

// ---------------------------------------------------------------------------------------
// http(s)://

/** The folder part and query of a URL: `https://h/a/model.json?x` → [`https://h/a/`, `?x`]. */
function splitUrl(url: string): [string, string] {
  const slash = url.lastIndexOf('/');
  const query = url.lastIndexOf('?');
  return [url.substring(0, slash) + '/', query > slash ? url.substring(query) : ''];
}

/** What went wrong in a fetch: its message and, when it has one, its cause's. */
function fetchFailure(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const cause = e instanceof Error ? (e as { cause?: unknown }).cause : undefined;
  if (cause === undefined || cause === null) return message;
  const code = (cause as { code?: unknown }).code;
  const why =
    cause instanceof Error
      ? cause.message
      : typeof cause === 'string'
        ? cause
        : JSON.stringify(cause);
  return `${message} (${typeof code === 'string' && !why.includes(code) ? `${code}: ` : ''}${why})`;
}

/**
 * Loads by GET from a URL (model.json, then each shard next to it or under
 * `weightPathPrefix`) and saves by POST of a multipart form holding `model.json` and
 * `model.weights.bin` (TF.js `tf.io.http`).
 * @example
 * await model.save(tf.io.http('https://example.com/upload'));
 * const again = await tf.loadLayersModel(tf.io.http('https://example.com/model.json'));
 */
export function http(path: string, options: LoadOptions = {}): IOHandler {
  const fetchFunc = options.fetchFunc ?? (typeof fetch === 'function' ? fetch : null);
  const get = async (url: string, init?: RequestInit): Promise<Response> => {
    if (!fetchFunc) {
      throw new NeuriteError(
        `tf.io.http('${path}'): this runtime has no fetch; pass {fetchFunc} in the options`,
      );
    }
    try {
      return await fetchFunc(url, init ?? options.requestInit);
    } catch (e) {
      // fetch says only "fetch failed"; the reason (connection refused, DNS, TLS) is its cause.
      throw new ModelIOError(
        `${path}: cannot fetch ${url === path ? 'it' : url}: ${fetchFailure(e)}`,
        { file: path },
        { cause: e },
      );
    }
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

/**
 * TF.js's older name of {@link http}.
 * @example
 * const model = await tf.loadLayersModel(tf.io.browserHTTPRequest('https://example.com/model.json'));
 */
export const browserHTTPRequest = http;

export const httpRouter: IORouter = (url, loadOptions) =>
  typeof url === 'string' && isHTTPScheme(url) ? http(url, loadOptions) : null;
