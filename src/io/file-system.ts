/**
 * Model folders on disk (Node only): `model.json` (or `weights.json`) plus weight shards.
 *
 * Writes are atomic: everything goes into a temporary sibling folder, each file and the
 * folder are fsynced, then the folder is renamed over the target (an existing target is
 * renamed aside first and removed after), so a crash at any moment leaves either the old
 * complete folder or the new one. If a crash falls between the two renames, the old
 * folder waits aside and `loadModel` finds it there. Saves to one folder from this process
 * wait for each other; a save from another process that replaces the folder meanwhile makes
 * the renames fail or changes the folder's identity, and the losing save says so.
 *
 * Reads trust nothing: the JSON file's size, nesting and counts are bounded before it is
 * parsed (limits.ts), shard paths must stay inside the JSON file's folder (no absolute
 * paths, no `..`, no links leading out), sizes are checked against the manifest before
 * anything is read, and nothing in the files is executed.
 *
 * `node:fs` and `node:path` are imported dynamically, so browser bundles of the library
 * never pull them in.
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
import type { JsonObject, ModelArtifacts, ModelJSON, WeightGroup, WeightSpec } from './types.js';
import {
  checkUniqueNames,
  parseManifest,
  SHARD_BYTES,
  splitShards,
  totalBytes,
} from './weights.js';

type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');

async function nodeModules(where: string): Promise<{ fs: Fs; path: Path }> {
  try {
    const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
    return { fs, path };
  } catch (e) {
    throw new ModelIOError(
      `${where}: files can only be read and written under Node.js; in a browser pass an IOHandler (e.g. nn.io.withSaveHandler)`,
      { file: where },
      { cause: e },
    );
  }
}

function errCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? (e as { code?: string }).code : undefined;
}

/** `file://` URLs become paths. */
async function toPath(p: string): Promise<string> {
  if (!p.startsWith('file://')) return p;
  const { fileURLToPath } = await import('node:url');
  return fileURLToPath(p);
}

// ---- writing ---------------------------------------------------------------------------

/** Files a model or weights folder holds; only such a folder is ever replaced. */
function isOurFile(name: string): boolean {
  return (
    name === 'model.json' ||
    name === 'weights.json' ||
    /^group\d+-shard\d+of\d+(\.bin)?$/.test(name)
  );
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errCode(e) === 'EPERM';
  }
}

async function writeSynced(fs: Fs, file: string, data: Uint8Array | string): Promise<void> {
  const fh = await fs.open(file, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncDir(fs: Fs, dir: string): Promise<void> {
  // Makes the renames durable; some platforms cannot open folders, which is harmless.
  let fh: Awaited<ReturnType<Fs['open']>> | null = null;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // ignored
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** Removes temporary folders left by saves of processes that died. */
async function removeStale(
  fs: Fs,
  path: Path,
  parent: string,
  base: string,
  targetExists: boolean,
): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(parent);
  } catch {
    return;
  }
  const prefix = `.${base}.`;
  for (const e of entries) {
    if (!e.startsWith(prefix)) continue;
    const m = /^(tmp|old)-(\d+)-/.exec(e.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || pidAlive(pid)) continue;
    // An 'old' folder is the only copy while the target is missing: keep it until replaced.
    if (m[1] === 'old' && !targetExists) continue;
    await fs.rm(path.join(parent, e), { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Saves under way in this process, by target folder. A save to a folder waits for the one
 * before it, so saves from one process never race: each replaces the folder whole, and the
 * one called last is what the folder holds.
 */
const saving = new Map<string, Promise<void>>();

/**
 * Writes `files` as the folder `dir`, atomically: a complete new folder replaces the old one
 * or nothing changes. Saves to the same folder from this process run one after the other;
 * a save from another process that replaces the folder meanwhile is detected (the renames
 * fail or the folder is not the one seen at the start) and reported as such.
 */
export async function writeFolderAtomic(
  dir: string,
  files: readonly { name: string; data: Uint8Array | string }[],
): Promise<void> {
  const { fs, path } = await nodeModules(dir);
  const target = path.resolve(await toPath(dir));
  const before = saving.get(target) ?? Promise.resolve();
  let release = (): void => undefined;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const queued = before.then(() => mine);
  saving.set(target, queued);
  try {
    await before;
    await replaceFolder(fs, path, dir, target, files);
  } catch (e) {
    if (e instanceof ModelIOError) throw e;
    // Failed before the temporary folder was made (creating the parent, say): no change.
    throw new ModelIOError(
      `${dir}: saving failed (${(e as Error).message}); nothing was changed`,
      { file: dir },
      { cause: e },
    );
  } finally {
    release();
    if (saving.get(target) === queued) saving.delete(target);
  }
}

type Stats = Awaited<ReturnType<Fs['lstat']>>;

async function lstatOrNull(fs: Fs, p: string): Promise<Stats | null> {
  return fs.lstat(p).catch((e: unknown) => {
    if (errCode(e) === 'ENOENT') return null;
    throw e;
  });
}

/** Whether two stats (or two absences) are of the same folder: renames keep both fields. */
function sameEntry(a: Stats | null, b: Stats | null): boolean {
  if (a === null || b === null) return a === b;
  return a.dev === b.dev && a.ino === b.ino && a.birthtimeMs === b.birthtimeMs;
}

/** The final rename found the target taken: another save put its folder there first. */
class TargetTaken extends Error {}

async function replaceFolder(
  fs: Fs,
  path: Path,
  where: string,
  target: string,
  files: readonly { name: string; data: Uint8Array | string }[],
): Promise<void> {
  const parent = path.dirname(target);
  const base = path.basename(target);
  if (target === parent)
    throw new ModelIOError(`${where}: cannot save to the root folder`, { file: where });
  await fs.mkdir(parent, { recursive: true });
  let existing = await lstatOrNull(fs, target);
  if (existing) {
    if (!existing.isDirectory()) {
      throw new ModelIOError(`${where}: exists and is not a folder; choose another path`, {
        file: where,
      });
    }
    const names = await fs.readdir(target).catch((e: unknown) => {
      if (errCode(e) === 'ENOENT') return null;
      throw e;
    });
    // Gone since the lstat (another process's save moved it aside): save as to a new folder.
    if (names === null) existing = null;
    const foreign = (names ?? []).filter((n) => !isOurFile(n));
    if (foreign.length > 0) {
      throw new ModelIOError(
        `${where}: the folder exists and holds files that are not a saved model (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}); refusing to replace it. Choose a new folder`,
        { file: where },
      );
    }
  }
  await removeStale(fs, path, parent, base, existing !== null);
  const tag = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const tmp = path.join(parent, `.${base}.tmp-${tag}`);
  const aside = path.join(parent, `.${base}.old-${tag}`);
  let movedAside = false;
  await fs.mkdir(tmp);
  try {
    for (const f of files) await writeSynced(fs, path.join(tmp, f.name), f.data);
    await syncDir(fs, tmp);
    if (existing) {
      try {
        await fs.rename(target, aside);
        movedAside = true;
      } catch (e) {
        // Gone since the lstat: another process's save is between its two renames (or the
        // folder was removed). Go on as a first save; the rename below settles which stays.
        if (errCode(e) !== 'ENOENT') throw e;
      }
    }
    try {
      await fs.rename(tmp, target);
    } catch (e) {
      const code = errCode(e);
      // Renaming a folder onto a non-empty one fails: another save's folder is there now.
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await lstatOrNull(fs, target)))
        throw new TargetTaken('', { cause: e });
      throw e;
    }
    await syncDir(fs, parent);
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw await failedSave(fs, path, where, target, { existing, movedAside, aside }, e);
  }
  if (movedAside) await fs.rm(aside, { recursive: true, force: true }).catch(() => undefined);
  // Old folders of this target left by earlier interrupted saves are stale now.
  await removeStale(fs, path, parent, base, true);
}

/**
 * After a failed save: puts the folder moved aside back where it can, and says truthfully
 * what the folder holds now: the previous model, another save's model (a save from another
 * process replaced it meanwhile), or nothing, the previous model waiting aside.
 */
async function failedSave(
  fs: Fs,
  path: Path,
  where: string,
  target: string,
  state: { existing: Stats | null; movedAside: boolean; aside: string },
  e: unknown,
): Promise<ModelIOError> {
  if (e instanceof ModelIOError) return e;
  const cause = e instanceof TargetTaken ? e.cause : e;
  const why = (cause as Error).message;
  const now = await lstatOrNull(fs, target).catch(() => null);
  const replaced = (): ModelIOError =>
    new ModelIOError(
      `${where}: another save replaced this folder while this one was writing (a save from another process, or through another path to the same folder); this save was not applied, and the folder holds the other save's model`,
      { file: where },
      { cause },
    );
  if (state.movedAside) {
    if (now) {
      // Another save's folder took the place of the one moved aside, which is older than
      // both saves: drop it, unless the folder there is not a complete model.
      const has = (name: string): Promise<boolean> =>
        fs.lstat(path.join(target, name)).then(
          (st) => st.isFile(),
          () => false,
        );
      if ((await has('model.json')) || (await has('weights.json'))) {
        await fs.rm(state.aside, { recursive: true, force: true }).catch(() => undefined);
        return replaced();
      }
      return new ModelIOError(
        `${where}: saving failed (${why}); meanwhile something that is not a complete model took the folder's place, and the previous model is kept in ${state.aside}`,
        { file: where },
        { cause },
      );
    }
    const back = await fs.rename(state.aside, target).then(
      () => true,
      () => false,
    );
    if (!back) {
      return new ModelIOError(
        `${where}: saving failed (${why}), and the previous model could not be moved back; it is kept in ${state.aside}, where loadModel('${where}') finds it`,
        { file: where },
        { cause },
      );
    }
  } else if (e instanceof TargetTaken || !sameEntry(state.existing, now)) {
    if (now === null) {
      return new ModelIOError(
        `${where}: saving failed (${why}); this save changed nothing, but meanwhile the folder was moved away by another save or program`,
        { file: where },
        { cause },
      );
    }
    return replaced();
  }
  return new ModelIOError(
    `${where}: saving failed (${why}); ${state.existing ? 'the previous contents are unchanged' : 'nothing was saved'}`,
    { file: where },
    { cause },
  );
}

/** `model.json` (or `weights.json`) and its shards, from artifacts. */
export function folderFiles(
  artifacts: ModelArtifacts,
  jsonName: string,
): { name: string; data: Uint8Array | string }[] {
  const data = artifacts.weightData ?? new ArrayBuffer(0);
  const buffer = data instanceof ArrayBuffer ? data : concatArrayBuffers(data);
  const shards = splitShards(buffer);
  const group: WeightGroup = {
    paths: shards.map((s) => s.path),
    weights: artifacts.weightSpecs ?? [],
  };
  const json: ModelJSON = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [group],
  };
  if (artifacts.modelTopology && !(artifacts.modelTopology instanceof ArrayBuffer)) {
    json.modelTopology = artifacts.modelTopology;
  }
  if (artifacts.trainingConfig) json.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata) json.userDefinedMetadata = artifacts.userDefinedMetadata;
  return [
    ...shards.map((s) => ({ name: s.path, data: s.bytes })),
    { name: jsonName, data: JSON.stringify(json) },
  ];
}

function concatArrayBuffers(parts: readonly ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  return out.buffer;
}

// ---- reading ---------------------------------------------------------------------------

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
