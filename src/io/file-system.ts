/**
 * Model folders on disk (Node only): `model.json` (or `weights.json`) plus weight shards.
 *
 * Writes are atomic: everything goes into a temporary sibling folder, each file and the
 * folder are fsynced, then the folder is renamed over the target (an existing target is
 * renamed aside first and removed after), so a crash at any moment leaves either the old
 * complete folder or the new one. If a crash falls between the two renames, the old
 * folder waits aside and `loadModel` finds it there.
 *
 * Reads trust nothing: shard paths must stay inside the JSON file's folder (no absolute
 * paths, no `..`, no links leading out), sizes are checked against the manifest before
 * anything is read, and nothing in the files is executed.
 *
 * `node:fs` and `node:path` are imported dynamically, so browser bundles of the library
 * never pull them in.
 */
import { ModelIOError } from './model-io-error.js';
import { isObject, own, show } from './json.js';
import type { JsonObject, ModelArtifacts, ModelJSON, WeightGroup, WeightSpec } from './types.js';
import { checkUniqueNames, parseManifest, splitShards, totalBytes } from './weights.js';

type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');

/** The largest JSON file read (a model.json is usually a few kB). */
const MAX_JSON_BYTES = 256 * 1024 * 1024;

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
 * Writes `files` as the folder `dir`, atomically: a complete new folder replaces the old one
 * or nothing changes.
 */
export async function writeFolderAtomic(
  dir: string,
  files: readonly { name: string; data: Uint8Array | string }[],
): Promise<void> {
  const where = dir;
  const { fs, path } = await nodeModules(where);
  const target = path.resolve(await toPath(dir));
  const parent = path.dirname(target);
  const base = path.basename(target);
  if (target === parent)
    throw new ModelIOError(`${where}: cannot save to the root folder`, { file: where });
  await fs.mkdir(parent, { recursive: true });
  const existing = await fs.lstat(target).catch((e: unknown) => {
    if (errCode(e) === 'ENOENT') return null;
    throw e;
  });
  if (existing) {
    if (!existing.isDirectory()) {
      throw new ModelIOError(`${where}: exists and is not a folder; choose another path`, {
        file: where,
      });
    }
    const foreign = (await fs.readdir(target)).filter((n) => !isOurFile(n));
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
      await fs.rename(target, aside);
      movedAside = true;
    }
    await fs.rename(tmp, target);
    await syncDir(fs, parent);
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    if (movedAside) {
      const back = await fs.lstat(target).then(
        () => false,
        () => true,
      );
      if (back) await fs.rename(aside, target).catch(() => undefined);
    }
    if (e instanceof ModelIOError) throw e;
    throw new ModelIOError(
      `${where}: saving failed (${(e as Error).message}); the previous contents are unchanged`,
      { file: where },
      { cause: e },
    );
  }
  if (movedAside) await fs.rm(aside, { recursive: true, force: true }).catch(() => undefined);
  // Old folders of this target left by earlier interrupted saves are stale now.
  await removeStale(fs, path, parent, base, true);
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

async function readJson(fs: Fs, file: string): Promise<JsonObject> {
  const st = await fs.stat(file);
  if (st.size > MAX_JSON_BYTES) fail(file, `is ${st.size} bytes, too large for a model JSON file`);
  const text = await fs.readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(file, `is not valid JSON (${(e as Error).message})`, e);
  }
  if (!isObject(json)) fail(file, `must hold a JSON object, received ${show(json)}`);
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
  const realBase = await fs.realpath(baseDir);
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
      `the shards ${group.paths.map((p) => `'${p}'`).join(', ')} hold ${actual} bytes but the manifest describes ${expected} (${group.weights.length} weights${first ? `, from '${first}'` : ''}); ` +
        (actual < expected
          ? 'a shard is truncated or missing'
          : 'the shards do not match the manifest'),
    );
  }
  return files;
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
    const baseDir = path.dirname(path.resolve(file));
    const files: ShardFile[] = [];
    for (const [gi, g] of manifest.entries())
      files.push(...(await checkGroup(fs, path, baseDir, g, gi, where)));
    // Allocated only now that the files on disk are known to hold this many bytes.
    const data = new Uint8Array(totalBytes(specs));
    await readShards(fs, files, data, where);
    const artifacts: ModelArtifacts = { weightSpecs: specs, weightData: data.buffer };
    const topology = own(json, 'modelTopology');
    if (isObject(topology)) artifacts.modelTopology = topology;
    else if (topology !== undefined && topology !== null)
      fail(where, `modelTopology must be an object, received ${show(topology)}`);
    const tc = own(json, 'trainingConfig');
    // Checked when read (readTrainingConfig); passed on as found.
    if (isObject(tc)) artifacts.trainingConfig = tc;
    else if (tc !== undefined && tc !== null)
      fail(where, `trainingConfig must be an object, received ${show(tc)}`);
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
