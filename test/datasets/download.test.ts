import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { downloadFile, writeFileAtomic } from '../../src/datasets/download.js';
import { loadIdxDataset } from '../../src/datasets/idx-dataset.js';
import { NeuriteError } from '../../src/errors.js';
import { gz, imagesIdx, sha256, tinyDataset } from './synthetic.js';

// A local server on 127.0.0.1 with one route per kind of mirror:
//   /good/NAME       the gzip file
//   /truncated/NAME  Content-Length of the whole file, then half of it and a dropped socket
//   /cut/NAME        half the gzip file, chunked, ending cleanly (no length to check)
//   /corrupt/NAME    a well-formed gzip of other contents (checksum mismatch)
//   /encoded/NAME    the gzip file sent with Content-Encoding: gzip (fetch decodes it)
//   /missing/NAME    404
//   /stall/NAME      headers never sent
const tiny = tinyDataset('neurite-test-tiny');
const served = new Map<string, Uint8Array>();
for (const [name, raw] of tiny.files) served.set(`${name}.gz`, gz(raw));
const other = gz(imagesIdx(2, 2, 2));

let server: Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const [, route, name] = (req.url ?? '').split('/');
    hits.push(`${route}/${name}`);
    const body = served.get(name ?? '');
    if (route === 'stall') return;
    if (body === undefined || route === 'missing') {
      res.writeHead(404).end('not found');
      return;
    }
    if (route === 'good') {
      res.writeHead(200, { 'Content-Length': body.length }).end(body);
    } else if (route === 'truncated') {
      res.writeHead(200, { 'Content-Length': body.length });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    } else if (route === 'cut') {
      res.writeHead(200).end(body.subarray(0, Math.floor(body.length / 2)));
    } else if (route === 'corrupt') {
      res.writeHead(200, { 'Content-Length': other.length }).end(other);
    } else if (route === 'encoded') {
      res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(body);
    } else {
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const tmps: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-dl-'));
  tmps.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of tmps.splice(0)) rmSync(d, { recursive: true, force: true });
  hits.length = 0;
});

const labels = tiny.spec.testLabels;
const mirror = (route: string): string => `${base}/${route}/`;
const listing = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);

describe('downloadFile', () => {
  test('a good response is verified and written under the .gz name', async () => {
    const dir = tmp();
    const got = await downloadFile(labels, dir, { mirrors: [mirror('good')] });
    expect(got.path).toBe(join(dir, 't10k-labels-idx1-ubyte.gz'));
    expect(got.url).toBe(`${base}/good/t10k-labels-idx1-ubyte.gz`);
    expect(Array.from(got.data)).toEqual(Array.from(tiny.files.get(labels.name)!));
    expect(new Uint8Array(readFileSync(got.path))).toEqual(served.get(`${labels.name}.gz`));
    expect(listing(dir)).toEqual(['t10k-labels-idx1-ubyte.gz']); // no temp file left
  });

  test('a truncated response fails and leaves no file', async () => {
    const dir = tmp();
    const err = await downloadFile(tiny.spec.trainImages, dir, {
      mirrors: [mirror('truncated')],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NeuriteError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `could not download 'train-images-idx3-ubyte.gz': tried:\\n  ${base}/truncated/train-images-idx3-ubyte.gz: the response broke off`,
      ),
    );
    expect(listing(dir)).toEqual([]);
  });

  test('a response cut short without a length fails on the gzip stream', async () => {
    const dir = tmp();
    await expect(
      downloadFile(tiny.spec.trainImages, dir, { mirrors: [mirror('cut')] }),
    ).rejects.toThrow(
      /cut\/train-images-idx3-ubyte\.gz: gunzip 'train-images-idx3-ubyte\.gz': damaged or truncated gzip data \(/,
    );
    expect(listing(dir)).toEqual([]);
  });

  test('a corrupted response fails on the checksum and leaves no file', async () => {
    const dir = tmp();
    await expect(downloadFile(labels, dir, { mirrors: [mirror('corrupt')] })).rejects.toThrow(
      `corrupt/t10k-labels-idx1-ubyte.gz: checksum mismatch: uncompressed SHA-256 ${sha256(imagesIdx(2, 2, 2))}, expected ${labels.sha256}`,
    );
    expect(listing(dir)).toEqual([]);
  });

  test('a mirror that 404s, then a good one', async () => {
    const dir = tmp();
    const got = await downloadFile(labels, dir, { mirrors: [mirror('missing'), mirror('good')] });
    expect(hits).toEqual([`missing/${labels.name}.gz`, `good/${labels.name}.gz`]);
    expect(got.url).toBe(`${base}/good/${labels.name}.gz`);
    expect(listing(dir)).toEqual([`${labels.name}.gz`]);
  });

  test('a mirror that stalls times out, then the next one serves', async () => {
    const dir = tmp();
    const got = await downloadFile(labels, dir, {
      mirrors: [mirror('stall'), `${base}/good`], // a base URL without its trailing slash
      timeoutMs: 300,
    });
    expect(got.url).toBe(`${base}/good/${labels.name}.gz`);
  });

  test('every mirror failing lists each URL and why', async () => {
    const dir = tmp();
    const err = await downloadFile(labels, dir, {
      mirrors: [mirror('missing'), mirror('corrupt'), mirror('stall')],
      timeoutMs: 300,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      [
        `could not download '${labels.name}.gz': tried:`,
        `  ${base}/missing/${labels.name}.gz: HTTP 404 Not Found`,
        `  ${base}/corrupt/${labels.name}.gz: checksum mismatch: uncompressed SHA-256 ${sha256(imagesIdx(2, 2, 2))}, expected ${labels.sha256}`,
        `  ${base}/stall/${labels.name}.gz: timed out after 300 ms`,
      ].join('\n'),
    );
    expect(listing(dir)).toEqual([]);
  });

  test('a server that decodes the gzip itself: stored uncompressed', async () => {
    const dir = tmp();
    const got = await downloadFile(labels, dir, { mirrors: [mirror('encoded')] });
    expect(got.path).toBe(join(dir, labels.name));
    expect(new Uint8Array(readFileSync(got.path))).toEqual(tiny.files.get(labels.name));
  });
});

describe('writeFileAtomic', () => {
  test('replaces a file whole and leaves no temp file', async () => {
    const dir = tmp();
    const path = join(dir, 'sub', 'f.bin');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3, 4]));
    await writeFileAtomic(path, new Uint8Array([9, 8]));
    expect(Array.from(readFileSync(path))).toEqual([9, 8]);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['f.bin']);
  });

  test('a failed rename removes the temp file', async () => {
    const dir = tmp();
    const target = join(dir, 'taken');
    await writeFileAtomic(join(target, 'x'), new Uint8Array([1])); // target is now a folder
    await expect(writeFileAtomic(target, new Uint8Array([1, 2]))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});

describe('loadIdxDataset with downloads', () => {
  test('downloads missing files into the cache, then loads offline from it', async () => {
    const cacheDir = tmp();
    const dataDir = tmp();
    const args = { dataDir, cacheDir, mirrors: [mirror('missing'), mirror('good')] };
    const [[xTrain, yTrain], [xTest, yTest]] = await loadIdxDataset(tiny.spec, args);
    expect(xTrain.shape).toEqual([5, 4, 3]);
    expect(Array.from(yTrain.dataSync())).toEqual(tiny.trainLabels);
    expect(xTest.shape).toEqual([3, 4, 3]);
    expect(Array.from(yTest.dataSync())).toEqual(tiny.testLabels);
    // Pixel j of image i is (7 i + j) % 256.
    expect(Array.from(xTest.dataSync()).slice(12, 15)).toEqual([7, 8, 9]);
    expect(listing(join(cacheDir, tiny.spec.name)).sort()).toEqual(
      [...tiny.files.keys()].map((n) => `${n}.gz`).sort(),
    );

    hits.length = 0;
    const again = await loadIdxDataset(tiny.spec, { ...args, mirrors: [mirror('missing')] });
    expect(Array.from(again[0][1].dataSync())).toEqual(tiny.trainLabels);
    expect(hits).toEqual([]);
  });

  test('nothing local and no mirror serving: the error lists the folders and URLs', async () => {
    const cacheDir = tmp();
    const dataDir = tmp();
    const err = await loadIdxDataset(tiny.spec, {
      dataDir,
      cacheDir,
      mirrors: [mirror('truncated')],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NeuriteError);
    const msg = (err as Error).message;
    expect(msg).toContain(`neurite-test-tiny: 'train-images-idx3-ubyte(.gz)' not found in:\n`);
    expect(msg).toContain(`  ${join(dataDir, 'neurite-test-tiny')}\n  ${dataDir}\n`);
    expect(msg).toContain(`  ${join(cacheDir, 'neurite-test-tiny')}\nand could not download`);
    expect(msg).toContain(`${base}/truncated/train-images-idx3-ubyte.gz: the response broke off`);
    expect(listing(join(cacheDir, tiny.spec.name))).toEqual([]);
  });
});
