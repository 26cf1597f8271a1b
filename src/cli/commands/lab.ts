/**
 * `neurite lab [--port N] [--no-open]`: serves the built lab (lab/dist of a clone) on this
 * machine with the cross-origin isolation headers, prints its URL and opens it. When the
 * build is missing and Vite is installed (a clone after `npm install`), it builds it first;
 * otherwise the error says to run `npm run lab:build`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from '../errors.js';
import { serveSite, type ServeHooks, type ServeIo } from '../static-server.js';

/** The lab's default port (the next free one is taken when it is busy and --port is not given). */
export const LAB_PORT = 4180;

/** Options of `neurite lab` and `neurite docs`. */
export interface SiteCommandOptions {
  port?: number;
  /** False with --no-open. */
  open?: boolean;
}

/** Hooks of the site commands: the package root to use (tests), and serveSite's hooks. */
export interface SiteCommandHooks extends ServeHooks {
  root?: string;
}

/**
 * The folder of the neurite package this file belongs to: the nearest folder above it with
 * a package.json named "neurite" (the repository in a clone; dist/.. when installed).
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'neurite')
          return dir;
      } catch {
        // Not ours: keep going up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new CliError('internal: cannot find the neurite package folder');
    dir = parent;
  }
}

/** Checks --port: an integer from 0 (any free port) to 65535. */
export function checkPort(port: number | undefined): number | undefined {
  if (port === undefined) return undefined;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port must be an integer from 0 to 65535, received ${port}`);
  return port;
}

function buildLab(root: string, vite: string, io: ServeIo): Promise<void> {
  io.log('The lab is not built yet: building it now (npm run lab:build)…');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', 'lab', '--logLevel', 'warn'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    child.on('error', (e) =>
      reject(
        new CliError(
          `could not run Vite to build the lab (${e.message}): run \`npm run lab:build\``,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new CliError(
              `building the lab failed (exit ${code}); run \`npm run lab:build\` to see why${errors.trim() ? `:\n${errors.trim().split('\n').slice(-8).join('\n')}` : ''}`,
            ),
          ),
    );
  });
}

/** `neurite lab`: builds the lab if it must and can, then serves it until Ctrl-C. */
export async function labCommand(
  options: SiteCommandOptions,
  io: ServeIo,
  hooks: SiteCommandHooks = {},
): Promise<void> {
  const port = checkPort(options.port);
  const root = hooks.root ?? packageRoot();
  const dist = join(root, 'lab', 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    const config = join(root, 'lab', 'vite.config.ts');
    if (existsSync(config) && existsSync(vite)) await buildLab(root, vite, io);
    else
      throw new CliError(
        existsSync(config)
          ? `the lab is not built (no ${join(dist, 'index.html')}) and Vite is not installed: run \`npm install\`, then \`npm run lab:build\`, in ${root}`
          : `the lab is not built (no ${join(dist, 'index.html')}): it ships with the repository; in a clone run \`npm install\` and \`npm run lab:build\`, then \`npx neurite lab\``,
      );
  }
  await serveSite(
    { name: 'lab', dir: dist, port, defaultPort: LAB_PORT, open: options.open !== false },
    io,
    hooks,
  );
}
