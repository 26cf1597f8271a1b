/**
 * A small static file server for `neurite lab` and `neurite docs`: GET/HEAD only, files
 * under one folder (requests that resolve outside it, through `..`, encoded slashes or
 * symbolic links, are refused), MIME types by extension, and the cross-origin isolation
 * headers (COOP/COEP) that the wasm backend's threads need. `.gz` files are served as
 * they are (application/gzip), never with Content-Encoding: the lab reads them as bytes.
 */
import { createReadStream, realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CliError } from './errors.js';

/** Content types by file extension (lower case, with the dot); others are octet streams. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
  '.onnx': 'application/octet-stream',
  '.keras': 'application/octet-stream',
  '.h5': 'application/octet-stream',
};

/** The headers that make a page cross-origin isolated (SharedArrayBuffer, wasm threads). */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The content type of `file` by its extension. */
export function mimeType(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a URL path names under `root` (an absolute, real path), or null when the path
 * is malformed or leaves `root` (`..`, an encoded `/` or `\`, a NUL byte, an absolute path).
 * A path ending in `/` names that folder's index.html. Symbolic links are checked by the
 * server, which compares real paths.
 */
export function resolveRequestPath(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) return null;
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return null;
  if (path.endsWith('/')) path += 'index.html';
  const file = resolve(root, `.${path}`);
  const rel = relative(root, file);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return file;
}

/** Options of {@link startStaticServer}. */
export interface StaticServerArgs {
  /** The folder to serve. */
  root: string;
  /** The port; 0 picks a free one. */
  port: number;
  /** The interface to listen on. Default 127.0.0.1 (this machine only). */
  host?: string;
  /** When the port is taken: try the next ones (up to 10) instead of failing. Default false. */
  fallback?: boolean;
}

/** A running server from {@link startStaticServer}. */
export interface StaticServer {
  /** `http://localhost:<port>/` (127.0.0.1 answers too). */
  readonly url: string;
  readonly port: number;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/**
 * Serves `root` with the cross-origin isolation headers. A port in use is a CliError that
 * says so and how to pick another (unless `fallback` finds a free one nearby).
 */
export async function startStaticServer(args: StaticServerArgs): Promise<StaticServer> {
  const { port, host = '127.0.0.1', fallback = false } = args;
  const root = realpathSync(resolve(args.root));
  const server = createServer((req, res) => {
    handle(root, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end('500 internal error\n');
      else res.destroy();
    });
  });
  const attempts = fallback && port !== 0 ? 10 : 1;
  for (let i = 0; i < attempts; i++) {
    try {
      await listen(server, port === 0 ? 0 : port + i, host);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && i + 1 < attempts) continue;
      if (code === 'EADDRINUSE')
        throw new CliError(
          `port ${port}${attempts > 1 ? ` (and the next ${attempts - 1})` : ''} is already in use on ${host}: stop what uses it or pick another with --port N`,
        );
      if (code === 'EACCES')
        throw new CliError(
          `not allowed to listen on port ${port}: pick one above 1023 with --port N`,
        );
      throw e;
    }
  }
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${actual}/`,
    port: actual,
    close: () => closeServer(server),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolveListen, reject) => {
    const onError = (e: Error): void => {
      server.off('listening', onListening);
      reject(e);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolveListen();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

const send = (
  res: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void => {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    ...ISOLATION_HEADERS,
    ...extra,
  });
  res.end(`${text}\n`);
};

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, '405 method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  const urlPath = (req.url ?? '/').split('?')[0]!;
  const file = resolveRequestPath(root, urlPath);
  if (file === null) {
    send(res, 400, '400 bad path');
    return;
  }
  let info = await stat(file).catch(() => null);
  let target = file;
  if (info?.isDirectory()) {
    // A folder without its slash: redirect, so that the page's relative links resolve.
    if (!urlPath.endsWith('/')) {
      send(res, 301, '301 moved', { Location: `${urlPath}/` });
      return;
    }
    target = join(file, 'index.html');
    info = await stat(target).catch(() => null);
  }
  if (!info?.isFile()) {
    send(res, 404, '404 not found');
    return;
  }
  // A symbolic link inside the folder may point outside it: compare real paths.
  const real = realpathSync(target);
  if (real !== root && !real.startsWith(root + sep)) {
    send(res, 404, '404 not found');
    return;
  }
  const html = extname(target) === '.html';
  res.writeHead(200, {
    'Content-Type': mimeType(target),
    'Content-Length': String(info.size),
    'Cache-Control': html ? 'no-cache' : 'public, max-age=300',
    'X-Content-Type-Options': 'nosniff',
    ...ISOLATION_HEADERS,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((done, fail) => {
    const stream = createReadStream(real);
    stream.on('error', fail);
    res.on('close', () => {
      stream.destroy();
      done();
    });
    stream.pipe(res);
  });
}

/** What {@link serveSite} prints through. */
export interface ServeIo {
  log: (line: string) => void;
}

/** Options of {@link serveSite}. */
export interface ServeSiteArgs {
  /** What is served, for the messages ('lab', 'docs'). */
  name: string;
  /** The built site's folder. */
  dir: string;
  /** The port asked for; undefined: `defaultPort`, or the next free one after it. */
  port?: number;
  defaultPort: number;
  /** Open the URL in the user's browser. */
  open: boolean;
}

/** Hooks for tests (and embedding): stop on a signal instead of Ctrl-C, a fake browser opener. */
export interface ServeHooks {
  /** Stops the server when aborted (Ctrl-C and SIGTERM always do). */
  signal?: AbortSignal;
  /** Opens `url`; resolves false (or rejects) when no browser could be opened. */
  openBrowser?: (url: string) => Promise<boolean>;
}

/**
 * Opens `url` with the platform's opener (`open` on macOS, `cmd /c start` on Windows,
 * `xdg-open` elsewhere), detached; false when that fails to start or exits with an error
 * within two seconds.
 */
export function openInBrowser(url: string): Promise<boolean> {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  return import('node:child_process').then(
    ({ spawn }) =>
      new Promise<boolean>((resolveOpen) => {
        let settled = false;
        const settle = (ok: boolean): void => {
          if (!settled) resolveOpen(ok);
          settled = true;
        };
        try {
          const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
          child.on('error', () => settle(false));
          child.on('exit', (code) => settle(code === 0));
          const timer = setTimeout(() => settle(true), 2000);
          timer.unref();
          child.unref();
        } catch {
          settle(false);
        }
      }),
  );
}

/**
 * Serves a built site until Ctrl-C (SIGINT), SIGTERM or `hooks.signal`: prints the URL
 * (always), opens it in the browser unless `open` is false (a failure to open is a one-line
 * note), and closes the server cleanly on the way out.
 */
export async function serveSite(
  args: ServeSiteArgs,
  io: ServeIo,
  hooks: ServeHooks = {},
): Promise<void> {
  const server = await startStaticServer({
    root: args.dir,
    port: args.port ?? args.defaultPort,
    fallback: args.port === undefined,
  });
  io.log(`Neurite ${args.name}: ${server.url}`);
  io.log('Press Ctrl-C to stop.');
  if (args.open) {
    const opener = hooks.openBrowser ?? openInBrowser;
    void opener(server.url).then(
      (ok) => ok || io.log(`(could not open a browser: open ${server.url} yourself)`),
      () => io.log(`(could not open a browser: open ${server.url} yourself)`),
    );
  }
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      hooks.signal?.removeEventListener('abort', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (hooks.signal?.aborted) stop();
    else hooks.signal?.addEventListener('abort', stop, { once: true });
  });
  await server.close();
  io.log(`Neurite ${args.name}: stopped.`);
}
