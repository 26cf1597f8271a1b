/**
 * `neurite docs [--port N] [--no-open]`: serves the documentation site (site/, built by
 * `npm run docs` in a clone) on this machine, prints its URL and opens it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { serveSite, type ServeIo } from '../static-server.js';
import { checkPort, packageRoot, type SiteCommandHooks, type SiteCommandOptions } from './lab.js';

/** The docs' default port (the next free one is taken when it is busy and --port is not given). */
export const DOCS_PORT = 4190;

/** `neurite docs`: serves site/ until Ctrl-C; a clear error when it has not been built. */
export async function docsCommand(
  options: SiteCommandOptions,
  io: ServeIo,
  hooks: SiteCommandHooks = {},
): Promise<void> {
  const port = checkPort(options.port);
  const root = hooks.root ?? packageRoot();
  const site = join(root, 'site');
  if (!existsSync(join(site, 'index.html')))
    throw new CliError(
      `the docs site is not built (no ${join(site, 'index.html')}): run \`npm run docs\` in ${root} first`,
    );
  await serveSite(
    { name: 'docs', dir: site, port, defaultPort: DOCS_PORT, open: options.open !== false },
    io,
    hooks,
  );
}
