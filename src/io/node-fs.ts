/**
 * Node's file modules for io/, loaded on first use so that browser bundles of the library
 * never pull them in, with the error a browser user gets instead.
 */
import { ModelIOError } from './model-io-error.js';

export type Fs = typeof import('node:fs/promises');
export type Path = typeof import('node:path');

export async function nodeModules(where: string): Promise<{ fs: Fs; path: Path }> {
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

export function errCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? (e as { code?: string }).code : undefined;
}

/** `file://` URLs become paths. */
export async function toPath(p: string): Promise<string> {
  if (!p.startsWith('file://')) return p;
  const { fileURLToPath } = await import('node:url');
  return fileURLToPath(p);
}
