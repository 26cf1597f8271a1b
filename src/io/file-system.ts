/**
 * Reading model folders (Node only): `model.json` (or `weights.json`) plus weight shards.
 * Reads trust nothing: the JSON file's size, nesting and counts are bounded before it is
 * parsed (limits.ts), shard paths must stay inside the JSON file's folder (no absolute
 * paths, no `..`, no links leading out), sizes are checked against the manifest before
 * anything is read, and nothing in the files is executed. A folder that an interrupted
 * save left aside (folder-write.ts) is found and read.
 */
import { ModelIOError } from './model-io-error.js';
import { describe, isObject, own, show } from './json.js';
import {
  checkCount,
  checkJsonBytes,
  checkJsonText,
  MAX_MODEL_JSON_BYTES,
  MAX_SHARDS,
} from './limits.js';
import type { JsonObject, ModelArtifacts, WeightGroup, WeightSpec } from './types.js';
import { checkUniqueNames, parseManifest, SHARD_BYTES, totalBytes } from './weights.js';

import { errCode, type Fs, nodeModules, type Path, toPath } from './node-fs.js';

function fail(where: string, message: string, cause?: unknown): never {
  throw new ModelIOError(
    `${where}: ${message}`,
    { file: where },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * A shard path from a manifest, resolved inside `baseDir`; refuses URLs, absolute paths and
 * any path that leaves the folder.
 */
export function resolveShardPath(path: Path, baseDir: string, p: unknown, where: string): string {
  if (typeof p !== 'string' || p === '' || p.includes('\0')) {
    fail(where, `weightsManifest path ${show(p)} is not a file name`);
  }
  let rel = p;
  while (rel.startsWith('./')) rel = rel.slice(2);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rel)) {
    fail(
      where,
      `weightsManifest path '${p}' is a URL; weights are read from the model's folder only`,
    );
  }
  if (path.isAbsolute(rel) || path.win32.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) {
    fail(
      where,
      `weightsManifest path '${p}' is absolute; shard paths must be relative to the model's folder`,
    );
  }
  if (rel.split(/[\\/]/).includes('..')) {
    fail(where, `weightsManifest path '${p}' leaves the model's folder ('..' is not allowed)`);
  }
  const full = path.resolve(baseDir, rel);
  const r = path.relative(baseDir, full);
  if (r === '' || r.startsWith('..') || path.isAbsolute(r)) {
    fail(where, `weightsManifest path '${p}' leaves the model's folder`);
  }
  return full;
}

/** The newest copy an interrupted save left aside (`.<name>.old-*`) that has `jsonName`. */
async function findAside(
  fs: Fs,
  path: Path,
  target: string,
  jsonName: string,
): Promise<string | null> {
  const parent = path.dirname(target);
  const prefix = `.${path.basename(target)}.old-`;
  let best: { file: string; mtime: number } | null = null;
  for (const e of await fs.readdir(parent).catch(() => [] as string[])) {
    if (!e.startsWith(prefix)) continue;
    const file = path.join(parent, e, jsonName);
    const st = await fs.stat(file).catch(() => null);
    if (st?.isFile() && (!best || st.mtimeMs > best.mtime)) best = { file, mtime: st.mtimeMs };
  }
  return best?.file ?? null;
}

/** Finds the JSON file: a `*.json` path as is, else `<folder>/<one of names>`. */
async function locateJson(
  fs: Fs,
  path: Path,
  source: string,
  names: readonly string[],
): Promise<string> {
  const p = await toPath(source);
  const st = await fs.stat(p).catch((e: unknown) => {
    if (errCode(e) === 'ENOENT' || errCode(e) === 'ENOTDIR') return null;
    throw e;
  });
  if (!st) {
    const aside = p.endsWith('.json')
      ? null
      : await findAside(fs, path, path.resolve(p), names[0]!);
    if (aside) return aside;
    fail(source, 'no such file or folder');
  }
  if (st.isFile()) return p;
  if (!st.isDirectory()) fail(source, 'is neither a file nor a folder');
  for (const n of names) {
    const file = path.join(p, n);
    if (
      await fs.stat(file).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return file;
  }
  const jsons = (await fs.readdir(p)).filter((n) => n.endsWith('.json'));
  fail(
    source,
    `no ${names.join(' or ')} in this folder` +
      (jsons.length ? ` (it has ${jsons.join(', ')}: pass the path of the model's JSON file)` : ''),
  );
}

/**
 * Reads and parses a model JSON file within the bounds of limits.ts: the size is checked on
 * the open file before reading (and the read stops there, should the file grow meanwhile),
 * the nesting and counts in one scan of the text before `JSON.parse`.
 */
async function readJson(fs: Fs, file: string): Promise<JsonObject> {
  const fh = await fs.open(file, 'r');
  let bytes: Uint8Array;
  let length = 0;
  try {
    const { size } = await fh.stat();
    checkJsonBytes(size, file);
    // One byte more than the limit, to notice a file that grew past it since the stat.
    bytes = new Uint8Array(Math.min(size + 1, MAX_MODEL_JSON_BYTES + 1));
    for (;;) {
      const { bytesRead } = await fh.read(bytes, length, bytes.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === bytes.length) {
        checkJsonBytes(length, file);
        // The file grew but is still under the limit: read on into a larger buffer.
        const larger = new Uint8Array(Math.min(length * 2, MAX_MODEL_JSON_BYTES + 1));
        larger.set(bytes);
        bytes = larger;
      }
    }
  } finally {
    await fh.close();
  }
  const text = new TextDecoder().decode(bytes.subarray(0, length));
  checkJsonText(text, file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(file, `is not valid JSON (${(e as Error).message})`, e);
  }
  if (!isObject(json)) fail(file, `must hold a JSON object, received ${describe(json)}`);
  return json;
}

interface ShardFile {
  file: string;
  name: string;
  size: number;
}

/** Resolves and checks one group's shard files; their sizes must add up to the manifest's. */
async function checkGroup(
  fs: Fs,
  path: Path,
  baseDir: string,
  realBase: string,
  group: WeightGroup,
  gi: number,
  where: string,
): Promise<ShardFile[]> {
  const expected = totalBytes(group.weights);
  if (group.paths.length === 0) {
    if (expected > 0) {
      fail(
        where,
        `weightsManifest group ${gi} lists ${group.weights.length} weights but no shard files`,
      );
    }
    return [];
  }
  const files: ShardFile[] = [];
  for (const p of group.paths) {
    const file = resolveShardPath(path, baseDir, p, where);
    const st = await fs.stat(file).catch(() => null);
    if (!st?.isFile()) fail(where, `weight shard '${p}' is missing (expected at ${file})`);
    const real = await fs.realpath(file);
    const r = path.relative(realBase, real);
    if (r.startsWith('..') || path.isAbsolute(r)) {
      fail(where, `weight shard '${p}' is a link that leads outside the model's folder`);
    }
    files.push({ file, name: p, size: st.size });
  }
  const actual = files.reduce((s, f) => s + f.size, 0);
  if (actual !== expected) {
    const first = group.weights[0]?.name;
    fail(
      where,
      `the shards ${listPaths(group.paths)} hold ${actual} bytes but the manifest describes ${expected} (${group.weights.length} weights${first ? `, from '${first}'` : ''}); ` +
        (actual < expected
          ? 'a shard is truncated or missing'
          : 'the shards do not match the manifest'),
    );
  }
  return files;
}

/** Shard paths for a message: the first few, then how many more. */
function listPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).map((p) => `'${p}'`);
  return paths.length > 5 ? `${shown.join(', ')} and ${paths.length - 5} more` : shown.join(', ');
}

/** Reads checked shard files back to back into `out`. */
async function readShards(
  fs: Fs,
  files: readonly ShardFile[],
  out: Uint8Array,
  where: string,
): Promise<void> {
  let at = 0;
  for (const f of files) {
    const fh = await fs.open(f.file, 'r');
    try {
      let done = 0;
      while (done < f.size) {
        const { bytesRead } = await fh.read(out, at + done, f.size - done, done);
        if (bytesRead === 0) fail(where, `weight shard '${f.name}' changed while it was read`);
        done += bytesRead;
      }
    } finally {
      await fh.close();
    }
    at += f.size;
  }
}

/**
 * Reads a saved folder (or a JSON file path) into artifacts. `names` are the JSON files
 * looked for in a folder, in order.
 *
 * @throws ModelIOError naming the file and what is wrong with it.
 */
export async function readFolder(
  source: string,
  names: readonly string[],
): Promise<{ artifacts: ModelArtifacts; where: string }> {
  const { fs, path } = await nodeModules(source);
  let file = '';
  try {
    file = await locateJson(fs, path, source, names);
    const json = await readJson(fs, file);
    const where = file;
    const manifest = parseManifest(own(json, 'weightsManifest') ?? [], where);
    const specs: WeightSpec[] = manifest.flatMap((g) => g.weights);
    checkUniqueNames(specs, where);
    // Each shard costs a stat and a realpath: bound their number before touching the disk.
    checkCount(
      manifest.reduce((n, g) => n + g.paths.length, 0),
      MAX_SHARDS,
      where,
      'weightsManifest',
      'shard files',
      `about ${Math.round((MAX_SHARDS * SHARD_BYTES) / 1e9)} GB of weights in ${SHARD_BYTES / 1024 ** 2} MiB shards`,
    );
    const baseDir = path.dirname(path.resolve(file));
    const realBase = await fs.realpath(baseDir);
    const files: ShardFile[] = [];
    for (const [gi, g] of manifest.entries())
      files.push(...(await checkGroup(fs, path, baseDir, realBase, g, gi, where)));
    // Allocated only now that the files on disk are known to hold this many bytes.
    const data = new Uint8Array(totalBytes(specs));
    await readShards(fs, files, data, where);
    const artifacts: ModelArtifacts = { weightSpecs: specs, weightData: data.buffer };
    const topology = own(json, 'modelTopology');
    if (isObject(topology)) artifacts.modelTopology = topology;
    else if (topology !== undefined && topology !== null)
      fail(where, `modelTopology must be an object, received ${describe(topology)}`);
    const tc = own(json, 'trainingConfig');
    // Checked when read (readTrainingConfig); passed on as found.
    if (isObject(tc)) artifacts.trainingConfig = tc;
    else if (tc !== undefined && tc !== null)
      fail(where, `trainingConfig must be an object, received ${describe(tc)}`);
    const format = own(json, 'format');
    if (typeof format === 'string') artifacts.format = format;
    const gen = own(json, 'generatedBy');
    if (typeof gen === 'string') artifacts.generatedBy = gen;
    return { artifacts, where };
  } catch (e) {
    if (e instanceof ModelIOError) throw e;
    // Permission errors, a folder removed while reading, …
    fail(file || source, `cannot be read (${(e as Error).message})`, e);
  }
}
