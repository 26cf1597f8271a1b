/**
 * Writing model folders (Node only): `model.json` (or `weights.json`) plus weight shards,
 * atomically. Everything goes into a temporary sibling folder, each file and the folder are
 * fsynced, then the folder is renamed over the target (an existing target is renamed aside
 * first and removed after), so a crash at any moment leaves either the old complete folder
 * or the new one. If a crash falls between the two renames, the old folder waits aside
 * (`.<name>.old-*`) and the reader (file-system.ts) finds it there. Saves to one folder
 * from this process wait for each other; a save from another process that replaces the
 * folder meanwhile makes the renames fail or changes the folder's identity, and the losing
 * save says so.
 */
import { ModelIOError } from './model-io-error.js';
import type { ModelArtifacts, ModelJSON, WeightGroup } from './types.js';
import { splitShards } from './weights.js';

import { errCode, type Fs, nodeModules, type Path, toPath } from './node-fs.js';

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
