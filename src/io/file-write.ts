/**
 * Writing one file atomically (Node only): the bytes go to a temporary file beside the
 * target, are flushed to disk, and the temporary file is renamed over the target. A reader
 * sees the old file or the new one, never a part; a failed write leaves the old file as it
 * was. Saves to one path from this process run one after the other.
 */
import { ModelIOError } from './model-io-error.js';
import { nodeModules, toPath } from './node-fs.js';

const saving = new Map<string, Promise<void>>();

/** Writes `data` to `file` atomically; creates the parent folder when missing. */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const { fs, path } = await nodeModules(file);
  const target = path.resolve(await toPath(file));
  const before = saving.get(target) ?? Promise.resolve();
  let release = (): void => undefined;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const queued = before.then(() => mine);
  saving.set(target, queued);
  const tmp = `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  try {
    await before;
    const existing = await fs.lstat(target).catch(() => null);
    if (existing?.isDirectory()) {
      throw new ModelIOError(
        `${file}: is a folder; a ${path.extname(target) || 'model'} file cannot replace it (choose another name, or save the TF.js layers format to a folder without an extension)`,
        { file },
      );
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    if (e instanceof ModelIOError) throw e;
    throw new ModelIOError(
      `${file}: saving failed (${(e as Error).message}); the file was not changed`,
      { file },
      { cause: e },
    );
  } finally {
    release();
    if (saving.get(target) === queued) saving.delete(target);
  }
}
