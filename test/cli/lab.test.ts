/**
 * `neurite lab` / `neurite docs` and their static server: files with the right types and
 * the cross-origin isolation headers, nothing outside the folder (traversal through `..`,
 * encoded separators, symbolic links), a busy port, a missing build, the browser opener.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsCommand } from '../../src/cli/commands/docs.js';
import { labCommand, packageRoot } from '../../src/cli/commands/lab.js';
import { CliError } from '../../src/cli/errors.js';
import {
  resolveRequestPath,
  startStaticServer,
  type StaticServer,
} from '../../src/cli/static-server.js';
import { cli, tempDir } from './helpers.js';

/** A raw GET (the path is sent exactly as given, not normalised by a URL parser). */
function get(
  port: number,
  path: string,
  method = 'GET',
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const SECRET = 'TOP-SECRET-CONTENT';
const dir = tempDir('neurite-lab-');
const site = join(dir, 'site');
mkdirSync(join(site, 'sub'), { recursive: true });
mkdirSync(join(site, 'data'), { recursive: true });
writeFileSync(join(site, 'index.html'), '<!doctype html><title>lab</title>');
writeFileSync(join(site, 'sub', 'index.html'), 'sub');
for (const [name, bytes] of Object.entries({
  'a.js': 'export {}',
  'b.wasm': '\0asm',
  'c.svg': '<svg/>',
  'd.png': 'png',
  'e.json': '{}',
  'f.woff2': 'font',
  'data/t10k-labels-idx1-ubyte.gz': Buffer.from([0x1f, 0x8b, 0x20, 0x67, 0x7a]),
  'g.unknownext': 'x',
}))
  writeFileSync(join(site, name), bytes);
writeFileSync(join(dir, 'secret.txt'), SECRET);
symlinkSync(join(dir, 'secret.txt'), join(site, 'link.txt'));

describe('static server', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await startStaticServer({ root: site, port: 0 });
  });
  afterAll(() => server.close());

  it('serves index.html with the cross-origin isolation headers', async () => {
    const res = await get(server.port, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>lab</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(server.url).toBe(`http://localhost:${server.port}/`);
  });

  it.each([
    ['/a.js', 'text/javascript; charset=utf-8'],
    ['/b.wasm', 'application/wasm'],
    ['/c.svg', 'image/svg+xml'],
    ['/d.png', 'image/png'],
    ['/e.json', 'application/json; charset=utf-8'],
    ['/f.woff2', 'font/woff2'],
    ['/data/t10k-labels-idx1-ubyte.gz', 'application/gzip'],
    ['/g.unknownext', 'application/octet-stream'],
  ])('%s is served as %s', async (path, type) => {
    const res = await get(server.port, path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    // Gzip files are data: never a Content-Encoding the browser would undo.
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cross-origin-embedder-policy']).toBe('require-corp');
  });

  it('serves a gzip file byte for byte', async () => {
    const res = await get(server.port, '/data/t10k-labels-idx1-ubyte.gz');
    expect([...Buffer.from(res.body, 'latin1')]).toEqual([0x1f, 0x8b, 0x20, 0x67, 0x7a]);
    expect(res.headers['content-length']).toBe('5');
  });

  it.each([
    '/../secret.txt',
    '/sub/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/..%2fsecret.txt',
    '/sub/..%5c..%5csecret.txt',
    '/..\\secret.txt',
    '/%00',
    '/%',
    '//etc/passwd',
    '/link.txt',
  ])('refuses %s (nothing outside the folder)', async (path) => {
    const res = await get(server.port, path);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('root:');
  });

  it('redirects a folder to its slash, 404s a missing file, allows only GET and HEAD', async () => {
    const folder = await get(server.port, '/sub');
    expect(folder.status).toBe(301);
    expect(folder.headers.location).toBe('/sub/');
    expect((await get(server.port, '/sub/')).body).toBe('sub');
    expect((await get(server.port, '/missing.js')).status).toBe(404);
    const head = await get(server.port, '/a.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe('9');
    const post = await get(server.port, '/a.js', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('resolveRequestPath keeps paths inside the root', () => {
    expect(resolveRequestPath('/srv/site', '/a/b.js')).toBe('/srv/site/a/b.js');
    expect(resolveRequestPath('/srv/site', '/a/')).toBe('/srv/site/a/index.html');
    expect(resolveRequestPath('/srv/site', '/a.js?x=1')).toBe('/srv/site/a.js');
    for (const bad of [
      '/../x',
      '/a/%2e%2e/%2e%2e/x',
      'relative',
      '/a%00',
      '/%E0%A4%A',
      '/a\\..\\..\\x',
    ])
      expect(resolveRequestPath('/srv/site', bad), bad).toBeNull();
  });

  it('a port in use is a clear error; without --port the next free one is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as { port: number }).port;
    try {
      const error = await startStaticServer({ root: site, port: busy }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CliError);
      expect((error as Error).message).toMatch(
        new RegExp(`port ${busy} is already in use.*--port N`),
      );
      const next = await startStaticServer({ root: site, port: busy, fallback: true });
      expect(next.port).toBeGreaterThan(busy);
      await next.close();
    } finally {
      blocker.close();
    }
  });
});

/** Runs a site command until the URL is printed, then `check(url)`, then stops it. */
async function whileServing(
  run: (io: { log: (l: string) => void }, signal: AbortSignal) => Promise<void>,
  check: (url: string, lines: string[]) => Promise<void>,
): Promise<string[]> {
  const lines: string[] = [];
  const controller = new AbortController();
  let announce: (url: string) => void = () => undefined;
  const announced = new Promise<string>((r) => (announce = r));
  const io = {
    log: (l: string) => {
      lines.push(l);
      const url = /(http:\/\/localhost:\d+\/)/.exec(l)?.[1];
      if (url) announce(url);
    },
  };
  const done = run(io, controller.signal);
  const url = await Promise.race([announced, done.then(() => 'ended early')]);
  expect(url).toMatch(/^http:\/\/localhost:\d+\/$/);
  try {
    await check(url, lines);
  } finally {
    controller.abort();
    await done;
  }
  return lines;
}

describe('neurite lab / neurite docs', () => {
  it('serves lab/dist, prints the URL, opens the browser, and stops cleanly', async () => {
    const root = join(dir, 'clone');
    mkdirSync(join(root, 'lab', 'dist'), { recursive: true });
    writeFileSync(join(root, 'lab', 'dist', 'index.html'), '<title>built lab</title>');
    const opened: string[] = [];
    const lines = await whileServing(
      (io, signal) =>
        labCommand({ port: 0 }, io, {
          root,
          signal,
          openBrowser: (u) => (opened.push(u), Promise.resolve(true)),
        }),
      async (url) => {
        const port = Number(new URL(url).port);
        const res = await get(port, '/');
        expect(res.body).toContain('built lab');
        expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      },
    );
    expect(opened).toHaveLength(1);
    expect(lines[0]).toMatch(/^Neurite lab: http:\/\/localhost:\d+\/$/);
    expect(lines.at(-1)).toBe('Neurite lab: stopped.');
  });

  it('--no-open only prints the URL; a browser that cannot open is a one-line note', async () => {
    const root = join(dir, 'clone');
    let calls = 0;
    await whileServing(
      (io, signal) =>
        labCommand({ port: 0, open: false }, io, {
          root,
          signal,
          openBrowser: () => (calls++, Promise.resolve(true)),
        }),
      () => Promise.resolve(),
    );
    expect(calls).toBe(0);
    const lines = await whileServing(
      (io, signal) =>
        labCommand({ port: 0 }, io, { root, signal, openBrowser: () => Promise.resolve(false) }),
      async (_url, seen) => {
        await expect
          .poll(() => seen.some((l) => l.startsWith('(could not open a browser')))
          .toBe(true);
      },
    );
    expect(lines.filter((l) => l.includes('could not open'))).toHaveLength(1);
  });

  it('a missing build without Vite names npm run lab:build', async () => {
    const root = join(dir, 'no-build');
    mkdirSync(join(root, 'lab'), { recursive: true });
    writeFileSync(join(root, 'lab', 'vite.config.ts'), '');
    const error = await labCommand(
      { port: 0, open: false },
      { log: () => undefined },
      { root },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toContain('npm run lab:build');
    expect((error as Error).message).toContain('the lab is not built');
    // An installed package (no lab/ at all) says the lab comes with the repository.
    const installed = join(dir, 'installed');
    mkdirSync(installed);
    const error2 = await labCommand(
      { open: false },
      { log: () => undefined },
      { root: installed },
    ).catch((e: unknown) => e);
    expect((error2 as Error).message).toMatch(/ships with the repository.*npm run lab:build/);
  });

  it('a missing docs site names npm run docs; a built one is served', async () => {
    const root = join(dir, 'docs-clone');
    mkdirSync(root);
    const error = await docsCommand({ open: false }, { log: () => undefined }, { root }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toContain('npm run docs');
    mkdirSync(join(root, 'site'));
    writeFileSync(join(root, 'site', 'index.html'), '<title>docs</title>');
    const lines = await whileServing(
      (io, signal) => docsCommand({ port: 0, open: false }, io, { root, signal }),
      async (url) => {
        expect((await get(Number(new URL(url).port), '/')).body).toContain('docs');
      },
    );
    expect(lines[0]).toMatch(/^Neurite docs: /);
  });

  it('checks --port through the command line', async () => {
    const bad = await cli('lab', '--port', '70000', '--no-open');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--port must be an integer from 0 to 65535, received 70000');
    const word = await cli('docs', '--port', 'abc');
    expect(word.code).not.toBe(0);
    expect(word.err).toContain("expected a number, received 'abc'");
    const help = await cli('lab', '--help');
    expect(help.out).toContain('--no-open');
  });

  it('Ctrl-C (SIGINT) stops the server and exits with code 0', async () => {
    const script = `import { serveSite } from './src/cli/static-server.ts';
await serveSite({ name: 'lab', dir: ${JSON.stringify(site)}, port: 0, defaultPort: 0, open: false }, { log: (l) => console.log(l) });`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: packageRoot(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => out, { timeout: 30_000 }).toContain('Press Ctrl-C to stop.');
    const url = /http:\/\/localhost:\d+\//.exec(out)![0];
    expect((await get(Number(new URL(url).port), '/')).status).toBe(200);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(out).toContain('Neurite lab: stopped.');
  }, 60_000);

  it('finds the package root from its own files', () => {
    expect(packageRoot()).toBe(join(import.meta.dirname, '..', '..'));
  });
});
