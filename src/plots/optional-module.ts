/**
 * Loads one of the figures' optional packages (vega, vega-lite, @resvg/resvg-js). They are
 * optional peer dependencies: a plain `import * as nn from 'neurite'` never needs them, so an
 * install of the library does not pull a chart engine or a native module. When one is
 * missing, the error says which package to install instead of Node's bare
 * ERR_MODULE_NOT_FOUND.
 */
import { NeuriteError } from '../errors.js';

/**
 * An optional package of `neurite/plots` (vega, vega-lite, @resvg/resvg-js) is not installed;
 * the message names the package to install.
 *
 * @example
 * try {
 *   await plots.writeFigure(plots.activations(), 'a.png');
 * } catch (e) {
 *   if (e instanceof plots.MissingPackageError) console.error(e.message); // npm install …
 * }
 */
export class MissingPackageError extends NeuriteError {
  constructor(
    readonly packageName: string,
    purpose: string,
  ) {
    super(
      `${purpose} needs the optional package '${packageName}', which is not installed: ` +
        `npm install ${packageName}`,
    );
    this.name = 'MissingPackageError';
  }
}

function isNotFound(e: unknown, name: string): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as Error & { code?: unknown }).code;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && e.message.includes(name)
  );
}

/** `import(name)`, with a clear error naming the package when it is not installed. */
export async function importOptional<T>(
  load: () => Promise<T>,
  name: string,
  purpose: string,
): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (isNotFound(e, name)) throw new MissingPackageError(name, purpose);
    throw e;
  }
}
