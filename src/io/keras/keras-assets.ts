/**
 * Adapted vocabularies in a `.keras` file's assets. A StringLookup, IntegerLookup or
 * TextVectorization whose vocabulary was learned with `adapt` (its config says
 * `vocabulary: null`) keeps it in the zip as `assets/<layer path>/vocabulary.txt` (Keras's
 * `IndexLookup.save_assets`: one token per line, the special tokens first; the layer path is
 * the one `model.weights.h5` uses, e.g. `layers/string_lookup`). These are read into the
 * config's `vocabulary` before the model is built. Only those exact entry names are read,
 * each at most MAX_VOCABULARY_BYTES; nothing is written anywhere.
 */
import { classNameToSnakeCase } from '../../serialization/keys.js';
import { isObject, own } from '../json.js';
import { ModelIOError } from '../model-io-error.js';
import type { JsonObject, JsonValue } from '../types.js';

/** The most bytes one vocabulary asset may hold. */
export const MAX_VOCABULARY_BYTES = 64 * 1024 * 1024;

const LOOKUPS = new Set(['StringLookup', 'IntegerLookup', 'TextVectorization']);
const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

interface Target {
  config: JsonObject;
  cls: string;
  name: string;
  entries: string[];
}

function layerList(entry: JsonObject): JsonValue[] {
  const c = own(entry, 'config');
  const l = Array.isArray(c) ? c : isObject(c) ? own(c, 'layers') : undefined;
  return Array.isArray(l) ? l : [];
}

/** Walks a (copied) config as Keras names layer groups, collecting lookup layers without a vocabulary. */
function collect(entry: JsonObject, path: string, out: Target[]): void {
  const used = new Map<string, number>();
  const sequential = own(entry, 'class_name') === 'Sequential';
  for (const l of layerList(entry)) {
    if (!isObject(l)) continue;
    const cls = own(l, 'class_name');
    if (typeof cls !== 'string' || (sequential && cls === 'InputLayer')) continue;
    const base = classNameToSnakeCase(cls === 'Model' ? 'Functional' : cls);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    const p = `${path}layers/${n === undefined ? base : `${base}_${n + 1}`}`;
    if (MODEL_CLASSES.has(cls)) {
      collect(l, `${p}/`, out);
      continue;
    }
    const config = own(l, 'config');
    if (!LOOKUPS.has(cls) || !isObject(config)) continue;
    const vocabulary = own(config, 'vocabulary');
    if (vocabulary !== undefined && vocabulary !== null) continue;
    const name = own(config, 'name');
    out.push({
      config,
      cls,
      name: typeof name === 'string' ? name : '?',
      entries: [`assets/${p}/vocabulary.txt`, `assets/${p}/_lookup_layer/vocabulary.txt`],
    });
  }
}

function fail(where: string, message: string): never {
  throw new ModelIOError(`${where}: ${message}`, { file: where });
}

/** The lines of a vocabulary asset, as Keras's `load_assets` reads them. */
function tokens(bytes: Uint8Array, t: Target, entry: string, where: string): JsonValue[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail(where, `${entry} (the vocabulary of layer '${t.name}') is not UTF-8 text`);
  }
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (t.cls !== 'IntegerLookup') return lines;
  return lines.map((line, i) => {
    const v = Number(line);
    if (line.trim() === '' || !Number.isSafeInteger(v)) {
      fail(
        where,
        `${entry} line ${i + 1}: layer '${t.name}' (${t.cls}) expects one integer token per line, received ${JSON.stringify(line.slice(0, 40))}`,
      );
    }
    return v;
  });
}

/**
 * `config` (a copy) with the vocabularies of adapted lookup layers read from the zip's
 * assets. `read(names, limit)` returns the listed zip entries that exist (each at most
 * `limit` bytes).
 *
 * @throws ModelIOError naming the file, the entry and the layer for an over-large, non-UTF-8 or (IntegerLookup) non-integer vocabulary.
 */
export function withAssetVocabularies(
  config: JsonObject,
  read: (names: readonly string[], limit: number) => ReadonlyMap<string, Uint8Array>,
  where: string,
): JsonObject {
  const copy = structuredClone(config);
  const targets: Target[] = [];
  collect(copy, '', targets);
  if (targets.length === 0) return config;
  const found = read(
    targets.flatMap((t) => t.entries),
    MAX_VOCABULARY_BYTES,
  );
  for (const t of targets) {
    const entry = t.entries.find((e) => found.has(e));
    // No asset: the layer was saved without a vocabulary (never adapted); it loads so.
    if (entry === undefined) continue;
    t.config.vocabulary = tokens(found.get(entry)!, t, entry, where);
  }
  return copy;
}
