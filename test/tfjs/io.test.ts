/**
 * tf.io's handlers: http (a fake fetch), localStorage (a fake store, TF.js's keys),
 * browser files, tfjs-node's fileSystem, fromMemory's positional form.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { ModelIOError } from '../../src/io/model-io-error.js';
import * as tf from '../../src/tfjs/index.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-tfjs-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function smallModel(): tf.LayersModel {
  return tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
}

async function artifactsOf(m: tf.LayersModel): Promise<tf.ModelArtifacts> {
  let saved: tf.ModelArtifacts | undefined;
  await m.save(tf.io.withSaveHandler((a) => void (saved = a)));
  return saved!;
}

const probe = (): tf.Tensor => tf.tensor2d([[1, 2, 3]]);
const out = (m: tf.LayersModel): number[] =>
  Array.from((m.predict(probe()) as tf.Tensor).dataSync());

describe('http', () => {
  test('a refused connection names the URL and the reason, not a bare "fetch failed"', async () => {
    // A port that was just open and is now closed: the connection is refused.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const url = `http://127.0.0.1:${port}/model.json`;
    const err = await tf.loadLayersModel(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelIOError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^http://127\\.0\\.0\\.1:${port}/model\\.json: cannot fetch it: fetch failed \\(.*ECONNREFUSED`,
      ),
    );
    // Port 1 is one fetch refuses to use at all.
    await expect(tf.loadLayersModel('http://127.0.0.1:1/model.json')).rejects.toThrow(
      /^http:\/\/127\.0\.0\.1:1\/model\.json: cannot fetch it: fetch failed \(bad port\)/,
    );
  });

  test('loads model.json then the shards next to it (query kept), reports progress', async () => {
    const m = smallModel();
    const a = await artifactsOf(m);
    const data = tf.io.concatenateArrayBuffers(a.weightData as ArrayBuffer);
    const json = JSON.stringify({
      modelTopology: a.modelTopology,
      weightsManifest: [{ paths: ['part1.bin', 'part2.bin'], weights: a.weightSpecs }],
    });
    const asked: string[] = [];
    const fetchFunc = (url: string | URL | Request): Promise<Response> => {
      const u = typeof url === 'string' ? url : url instanceof URL ? url.href : url.url;
      asked.push(u);
      if (u.startsWith('https://models.example/m/model.json'))
        return Promise.resolve(new Response(json));
      if (u.includes('part1.bin')) return Promise.resolve(new Response(data.slice(0, 8)));
      if (u.includes('part2.bin')) return Promise.resolve(new Response(data.slice(8)));
      return Promise.resolve(new Response('missing', { status: 404 }));
    };
    const progress: number[] = [];
    const loaded = await tf.loadLayersModel('https://models.example/m/model.json?v=2', {
      fetchFunc,
      onProgress: (f) => progress.push(f),
    });
    expect(asked).toEqual([
      'https://models.example/m/model.json?v=2',
      'https://models.example/m/part1.bin?v=2',
      'https://models.example/m/part2.bin?v=2',
    ]);
    expect(progress).toEqual([0.5, 1]);
    expect(out(loaded)).toEqual(out(m));
    await expect(
      tf.loadLayersModel('https://models.example/none/model.json', { fetchFunc }),
    ).rejects.toThrow(/status 404/);
  });

  test('saves by POST of a multipart form with model.json and model.weights.bin', async () => {
    let body: FormData | null = null;
    let method = '';
    const fetchFunc = (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
      body = init?.body as FormData;
      method = init?.method ?? '';
      return Promise.resolve(new Response('ok'));
    };
    const result = await smallModel().save(
      tf.io.http('https://upload.example/save', { fetchFunc }),
    );
    expect(method).toBe('POST');
    const form = body as unknown as FormData;
    const json = JSON.parse(await (form.get('model.json') as Blob).text()) as {
      weightsManifest: { paths: string[] }[];
    };
    expect(json.weightsManifest[0]!.paths).toEqual(['./model.weights.bin']);
    expect((form.get('model.weights.bin') as Blob).size).toBe(4 * (3 * 2 + 2));
    expect(result.responses).toHaveLength(1);
  });
});

describe('localstorage:// (TF.js keys)', () => {
  const store = new Map<string, string>();
  const fake = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  };
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'localStorage');
  });

  test('saves under tensorflowjs_models/<path>/… and loads back', async () => {
    Object.defineProperty(globalThis, 'localStorage', { value: fake, configurable: true });
    const m = smallModel();
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await m.save(tf.io.browserLocalStorage('demo'));
    expect([...store.keys()].sort()).toEqual([
      'tensorflowjs_models/demo/info',
      'tensorflowjs_models/demo/model_metadata',
      'tensorflowjs_models/demo/model_topology',
      'tensorflowjs_models/demo/weight_data',
      'tensorflowjs_models/demo/weight_specs',
    ]);
    const back = await tf.loadLayersModel(tf.io.browserLocalStorage('demo'));
    expect(out(back)).toEqual(out(m));
    expect(back.metricsNames).toEqual(['loss']);
    await expect(tf.io.browserLocalStorage('absent').load!()).rejects.toThrow(/is missing/);
  });

  test('without localStorage (Node) the handler says it belongs to browsers', async () => {
    await expect(tf.io.browserLocalStorage('demo').load!()).rejects.toThrow(/browsers only/);
    await expect(tf.io.browserIndexedDB('demo').load!()).rejects.toThrow(/browsers only/);
    await expect(smallModel().save(tf.io.browserDownloads('x'))).rejects.toThrow(/browsers only/);
    expect(tf.io.getSaveHandlers('indexeddb://x')).toEqual([]);
  });
});

describe('files', () => {
  test("tfjs-node's fileSystem writes model.json + weights.bin; file:// loads it", async () => {
    const m = smallModel();
    const target = join(dir, 'fs-handler');
    await m.save(tf.io.fileSystem(target));
    expect(existsSync(join(target, 'weights.bin'))).toBe(true);
    const json = JSON.parse(readFileSync(join(target, 'model.json'), 'utf8')) as {
      weightsManifest: { paths: string[] }[];
    };
    expect(json.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    expect(out(await tf.loadLayersModel(`file://${target}/model.json`))).toEqual(out(m));
    expect(out(await tf.loadLayersModel(tf.io.fileSystem(target)))).toEqual(out(m));
    expect(tf.io.getLoadHandlers(`file://${target}`)).toHaveLength(1);
  });

  test('browserFiles reads the JSON file and its weight files (File objects)', async () => {
    const m = smallModel();
    const a = await artifactsOf(m);
    const json = new File(
      [
        JSON.stringify({
          modelTopology: a.modelTopology,
          weightsManifest: [{ paths: ['./w.bin'], weights: a.weightSpecs }],
        }),
      ],
      'model.json',
    );
    const weights = new File([tf.io.concatenateArrayBuffers(a.weightData as ArrayBuffer)], 'w.bin');
    expect(out(await tf.loadLayersModel(tf.io.browserFiles([json, weights])))).toEqual(out(m));
    await expect(tf.loadLayersModel(tf.io.browserFiles([json]))).rejects.toThrow(/'w.bin'/);
  });

  test('fromMemory(topology, specs, data) and getModelArtifactsForJSON', async () => {
    const m = smallModel();
    const a = await artifactsOf(m);
    const data = tf.io.concatenateArrayBuffers(a.weightData as ArrayBuffer);
    const positional = await tf.loadLayersModel(
      tf.io.fromMemory(a.modelTopology!, a.weightSpecs, data),
    );
    expect(out(positional)).toEqual(out(m));
    const viaJson = await tf.io.getModelArtifactsForJSON(
      {
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['x'], weights: a.weightSpecs! }],
      },
      (manifest) => Promise.resolve([tf.io.getWeightSpecs(manifest), data]),
    );
    expect(out(await tf.loadLayersModel(tf.io.fromMemory(viaJson)))).toEqual(out(m));
  });
});
