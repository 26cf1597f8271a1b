/**
 * Models from files the user dropped or picked: a TF.js layers model (its model.json and
 * weight files chosen together; Neurite saves this format too), a `.keras` or `.h5` file
 * (Keras), or an `.onnx` file. Each goes through Neurite's own readers.
 */
import * as nn from 'neurite';
import { io as tfio } from 'neurite/tfjs';

/** What was loaded, and from which files. */
export interface LoadedFile {
  model: nn.Model;
  /** The files' names, for the page to show. */
  name: string;
  /** 'tfjs' | 'keras' | 'h5' | 'onnx' */
  kind: string;
}

const SINGLE = /\.(keras|h5|hdf5|onnx)$/i;

/** A clear message for files that are not one model. */
export class FileChoiceError extends Error {}

async function modelJsonOf(files: readonly File[]): Promise<File | null> {
  const jsons = files.filter((f) => /\.json$/i.test(f.name));
  if (jsons.length <= 1) return jsons[0] ?? null;
  const named = jsons.find((f) => f.name === 'model.json');
  if (named) return named;
  for (const f of jsons) if ((await f.text()).includes('"modelTopology"')) return f;
  return jsons[0]!;
}

/** Loads the model in `files` (one model file, or a model.json with its weight files). */
export async function loadFiles(
  files: readonly File[],
  messages: { none: string },
): Promise<LoadedFile> {
  await nn.ready();
  const single = files.find((f) => SINGLE.test(f.name));
  if (single) {
    const kind = single.name.slice(single.name.lastIndexOf('.') + 1).toLowerCase();
    const model = await nn.loadModel(single);
    return { model, name: single.name, kind: kind === 'hdf5' ? 'h5' : kind };
  }
  const json = await modelJsonOf(files);
  if (!json) throw new FileChoiceError(messages.none);
  const weights = files.filter((f) => f !== json && !/\.json$/i.test(f.name));
  const model = await nn.loadModel(tfio.browserFiles([json, ...weights]));
  return { model, name: [json, ...weights].map((f) => f.name).join(', '), kind: 'tfjs' };
}

/** Offers `bytes` as a download named `name`. */
export function downloadBytes(
  bytes: Uint8Array,
  name: string,
  type = 'application/octet-stream',
): void {
  const url = URL.createObjectURL(new Blob([bytes.slice().buffer], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
