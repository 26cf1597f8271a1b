/**
 * Checks of the command line's values, made before any data is loaded or anything is
 * trained: each failure is one line naming the flag, what was expected and what was got.
 */
import { CliError } from './errors.js';

/** `--flag` must be an integer in [min, max]. */
export function intIn(v: number, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    const expected =
      max === Number.MAX_SAFE_INTEGER
        ? min === 1
          ? 'a positive integer'
          : min === 0
            ? 'a non-negative integer'
            : `an integer ≥ ${min}`
        : `an integer from ${min} to ${max}`;
    throw new CliError(`--${flag} must be ${expected}, received ${v}`);
  }
  return v;
}

export const positiveInt = (v: number, flag: string): number => intIn(v, flag, 1);

/** `--flag` must be a finite number > 0. */
export function positiveNumber(v: number, flag: string): number {
  if (!(Number.isFinite(v) && v > 0))
    throw new CliError(`--${flag} must be a positive number, received ${v}`);
  return v;
}

/** `--verbose` must be 0, 1 or 2. */
export function verbosity(v: number): 0 | 1 | 2 {
  if (v !== 0 && v !== 1 && v !== 2)
    throw new CliError(
      `--verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), received ${v}`,
    );
  return v;
}

/** Seeds are 32-bit: the generator keeps 32 bits of the seed. */
export const MAX_SEED = 0xffffffff;

/**
 * The largest network `neurite train --layers` builds: 50 million parameters (200 MB of
 * float32 weights; training keeps about four times that: gradients and Adam's moments).
 */
export const MAX_PARAMS = 50_000_000;

/** Parameters of Flatten(28x28) → Dense(h1) → … → Dense(10). */
export function mlpParams(hidden: readonly number[], inputs = 784, classes = 10): number {
  let total = 0;
  let prev = inputs;
  for (const units of [...hidden, classes]) {
    total += prev * units + units;
    prev = units;
  }
  return total;
}

/** Refuses `--layers` whose network would have more than MAX_PARAMS parameters. */
export function checkModelSize(hidden: readonly number[]): number {
  const params = mlpParams(hidden);
  if (params > MAX_PARAMS) {
    throw new CliError(
      `--layers ${hidden.join(',')} makes a network of ${params.toLocaleString('en-US')} parameters; the limit is ${MAX_PARAMS.toLocaleString('en-US')}`,
    );
  }
  return params;
}

function reason(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    default: {
      const msg = e instanceof Error ? e.message : String(e);
      return typeof code === 'string' ? code : (msg.split('\n')[0] ?? msg);
    }
  }
}

/**
 * Checks that a run folder can be written, before anything is loaded or trained: the path
 * must be a folder or not exist yet (then its nearest existing parent must be a folder),
 * and a probe file must be creatable (and is removed at once) in the folder, or in that
 * parent. Returns whether the folder already exists. Creates nothing that stays.
 */
export async function checkWritableFolder(dir: string, flag: string): Promise<boolean> {
  const fs = await import('node:fs/promises');
  const { dirname, join, resolve } = await import('node:path');
  const kind = async (p: string): Promise<'dir' | 'other' | 'none'> => {
    try {
      return (await fs.stat(p)).isDirectory() ? 'dir' : 'other';
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'ENOENT') return 'none';
      if (code === 'ENOTDIR') return 'none'; // a component of the path is a file
      throw new CliError(`${flag} '${dir}': cannot check '${p}' (${reason(e)})`);
    }
  };
  const k = await kind(dir);
  if (k === 'other') throw new CliError(`${flag} '${dir}' is a file, not a folder`);
  let probeIn = resolve(dir);
  if (k === 'none') {
    for (;;) {
      const parent = dirname(probeIn);
      const pk = await kind(parent);
      probeIn = parent;
      if (pk === 'dir') break;
      if (pk === 'other')
        throw new CliError(
          `${flag} '${dir}' cannot be created: '${parent}' is a file, not a folder`,
        );
      if (dirname(parent) === parent) break;
    }
  }
  const probe = join(probeIn, `.neurite-write-probe-${process.pid}`);
  try {
    await fs.writeFile(probe, '');
  } catch (e) {
    const where = k === 'dir' ? '' : ` (in '${probeIn}', where it would be created)`;
    throw new CliError(`${flag} '${dir}' is not writable${where}: ${reason(e)}`);
  }
  await fs.rm(probe, { force: true });
  return k === 'dir';
}
