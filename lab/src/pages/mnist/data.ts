/**
 * Fetches and decodes a data set's IDX files (served gzipped as static files by the lab)
 * with Neurite's own IDX reader. Runs in the training worker.
 */
import * as nn from 'neurite';
import type { DatasetId } from './protocol.js';

/** One split: images `[n, 28, 28]` bytes 0..255 and labels `[n]`. */
export interface Split {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${r.statusText}`);
  const bytes = new Uint8Array(await r.arrayBuffer());
  // A server may already have undone the gzip (Content-Encoding): only gunzip gzip data.
  const gz = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return gz ? nn.datasets.gunzip(bytes, url) : bytes;
}

async function loadSplit(base: string, images: string, labels: string): Promise<Split> {
  const [x, y] = await Promise.all([
    fetchBytes(`${base}${images}.gz`),
    fetchBytes(`${base}${labels}.gz`),
  ]);
  const split = nn.datasets.parseIdxSplit(
    { bytes: x, file: `${images}.gz` },
    { bytes: y, file: `${labels}.gz` },
    [28, 28],
  );
  return {
    images: split.images.data,
    labels: split.labels.data,
    count: split.labels.dims[0]!,
  };
}

/** The training and test splits of `dataset`, from `dataUrl` (the lab's `data/` folder). */
export async function loadDataset(
  dataUrl: string,
  dataset: DatasetId,
): Promise<{ train: Split; test: Split }> {
  const base = `${dataUrl}${dataset}/`;
  const [train, test] = await Promise.all([
    loadSplit(base, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte'),
    loadSplit(base, 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'),
  ]);
  return { train, test };
}
