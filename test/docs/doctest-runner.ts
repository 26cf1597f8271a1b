/**
 * The doc-test runner: every ```ts block in docs/**\/*.md (not the generated docs/reference)
 * and in README.md is a complete ES module program importing 'neurite', 'neurite/plots' or
 * 'neurite/tfjs'. This module extracts the blocks, applies the markers (an HTML comment
 * right before a block), writes each program to a temporary folder, type-checks all of
 * them in one `tsc` run against the sources, and runs each with Node + tsx, its working
 * folder a fresh temporary one. It only finds and reports; test/docs/doctest.test.ts
 * asserts.
 *
 * Markers (an HTML comment on the line right before the fence; several may be stacked):
 * - `<!-- doctest: continue -->` appends the block to the previous block of the same page
 *   (one program; an `import` line equal to one already in it is dropped);
 * - `<!-- doctest: replace "from" "to" … -->` runs the block with those substitutions
 *   (every "from" must occur);
 * - `<!-- doctest: browser -->` type-checks but does not run it;
 * - `<!-- doctest: skip: <reason> -->` neither (a reason is required).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (no trailing separator). */
export const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');

/** A marker read from `<!-- doctest: … -->`. */
export type Marker =
  | { kind: 'continue' }
  | { kind: 'replace'; pairs: [from: string, to: string][] }
  | { kind: 'browser' }
  | { kind: 'skip'; reason: string };

/** One fenced ```ts block of a page. */
export interface DocBlock {
  /** The page, relative to the repository (`docs/guide/memory.md`). */
  page: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** 1-based line of the block's first line of code. */
  codeLine: number;
  code: string;
  markers: Marker[];
}

/** A runnable unit: one block, or a block and the `continue` blocks appended to it. */
export interface DocProgram {
  /** `docs/guide/memory.md:42` (the first block's fence). */
  id: string;
  page: string;
  blocks: DocBlock[];
  source: string;
  /** For each line of `source` (0-based), the page line it came from. */
  lineMap: number[];
  /** Type-check only (a block needs a DOM). */
  browser: boolean;
}

/** A page's problem found while extracting (a bad marker, a replace text not found). */
export class DocTestError extends Error {
  override name = 'DocTestError';
}

const MARKER = /^<!--\s*doctest:\s*([\s\S]*?)\s*-->$/;

/**
 * Reads the text after `doctest:` in a marker comment. Throws a {@link DocTestError} for an
 * unknown marker, a `skip` without a reason, or a `replace` without complete quoted pairs.
 */
export function parseMarker(body: string): Marker {
  const text = body.trim();
  if (text === 'continue') return { kind: 'continue' };
  if (text === 'browser') return { kind: 'browser' };
  if (text === 'skip' || text.startsWith('skip:') || text.startsWith('skip ')) {
    const reason = text.replace(/^skip\s*:?/, '').trim();
    if (!reason)
      throw new DocTestError('doctest: skip needs a reason: <!-- doctest: skip: why -->');
    return { kind: 'skip', reason };
  }
  if (text.startsWith('replace')) {
    const rest = text.slice('replace'.length);
    const quoted = [...rest.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) =>
      (m[1] ?? '').replace(/\\(.)/g, '$1'),
    );
    const leftover = rest.replace(/"((?:[^"\\]|\\.)*)"/g, '').trim();
    if (quoted.length === 0 || quoted.length % 2 !== 0 || leftover !== '')
      throw new DocTestError(
        `doctest: replace needs pairs of quoted texts ("from" "to"), received '${rest.trim()}'`,
      );
    const pairs: [string, string][] = [];
    for (let i = 0; i < quoted.length; i += 2) {
      if (quoted[i] === '') throw new DocTestError('doctest: replace: an empty "from" text');
      pairs.push([quoted[i] as string, quoted[i + 1] as string]);
    }
    return { kind: 'replace', pairs };
  }
  throw new DocTestError(
    `doctest: unknown marker '${text}' (expected continue, replace "from" "to", browser, or skip: <reason>)`,
  );
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/;
const TS_LANGS = new Set(['ts', 'typescript']);

/**
 * The ```ts blocks of one Markdown page with their markers (HTML comments on the lines
 * right before the fence, blank lines between allowed). Throws a {@link DocTestError}
 * naming the page and line for a bad marker or a marker that is not followed by a ts block.
 */
export function extractBlocks(markdown: string, page: string): DocBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: DocBlock[] = [];
  let pending: { marker: Marker; line: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const trimmed = line.trim();
    const marker = MARKER.exec(trimmed);
    if (marker) {
      try {
        pending.push({ marker: parseMarker(marker[1] ?? ''), line: i + 1 });
      } catch (e) {
        throw new DocTestError(`${page}:${i + 1}: ${(e as Error).message}`);
      }
      continue;
    }
    if (trimmed.startsWith('<!--') && /doctest/i.test(trimmed))
      throw new DocTestError(`${page}:${i + 1}: malformed doctest marker '${trimmed}'`);
    const fence = FENCE.exec(line);
    if (fence) {
      const [, indent = '', ticks = '', lang = ''] = fence;
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length; i++) {
        const l = lines[i] as string;
        if (l.trim().startsWith(ticks) && l.trim().replace(/[`~]/g, '') === '') break;
        body.push(indent && l.startsWith(indent) ? l.slice(indent.length) : l);
      }
      if (TS_LANGS.has(lang.toLowerCase())) {
        blocks.push({
          page,
          line: start + 1,
          codeLine: start + 2,
          code: body.join('\n'),
          markers: pending.map((p) => p.marker),
        });
      } else if (pending.length > 0) {
        throw new DocTestError(
          `${page}:${pending[0]?.line}: a doctest marker before a '${lang || 'plain'}' block (only \`\`\`ts blocks are tested)`,
        );
      }
      pending = [];
      continue;
    }
    if (trimmed !== '' && pending.length > 0)
      throw new DocTestError(
        `${page}:${pending[0]?.line}: a doctest marker must come right before a \`\`\`ts block`,
      );
  }
  if (pending.length > 0)
    throw new DocTestError(`${page}:${pending[0]?.line}: a doctest marker at the end of the page`);
  return blocks;
}

/** A block's code with its `replace` markers applied (each "from" must occur). */
function applyReplacements(block: DocBlock): string {
  let code = block.code;
  for (const marker of block.markers) {
    if (marker.kind !== 'replace') continue;
    for (const [from, to] of marker.pairs) {
      if (!code.includes(from))
        throw new DocTestError(
          `${block.page}:${block.line}: doctest replace: the text "${from}" does not occur in the block`,
        );
      code = code.split(from).join(to);
    }
  }
  return code;
}

/**
 * Joins a page's blocks into programs: `continue` appends to the previous program of the
 * page, `skip` drops a block. Throws for a `continue` with nothing before it.
 */
export function toPrograms(blocks: DocBlock[]): DocProgram[] {
  const programs: DocProgram[] = [];
  let last: DocProgram | undefined;
  let lastPage = '';
  for (const block of blocks) {
    if (block.page !== lastPage) {
      last = undefined;
      lastPage = block.page;
    }
    if (block.markers.some((m) => m.kind === 'skip')) continue;
    const code = applyReplacements(block);
    const cont = block.markers.some((m) => m.kind === 'continue');
    const browser = block.markers.some((m) => m.kind === 'browser');
    if (cont && !last)
      throw new DocTestError(
        `${block.page}:${block.line}: doctest continue, but no block before it on the page`,
      );
    const program: DocProgram =
      cont && last
        ? last
        : {
            id: `${block.page}:${block.line}`,
            page: block.page,
            blocks: [],
            source: '',
            lineMap: [],
            browser: false,
          };
    const existing = new Set(program.source.split('\n').filter((l) => l.startsWith('import ')));
    const lines = code.split('\n').map((l) => (existing.has(l) ? '' : l));
    if (program.source) program.source += '\n';
    program.source += lines.join('\n');
    program.lineMap.push(...lines.map((_, k) => block.codeLine + k));
    program.blocks.push(block);
    program.browser ||= browser;
    if (program !== last) programs.push(program);
    last = program;
  }
  return programs;
}

/** docs/**\/*.md (without docs/reference and build folders) and README.md, sorted. */
export function docPages(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        if (relative(root, path).replace(/\\/g, '/') === 'docs/reference') continue;
        walk(path);
      } else if (entry.name.endsWith('.md')) out.push(relative(root, path).replace(/\\/g, '/'));
    }
  };
  walk(join(root, 'docs'));
  out.sort();
  return ['README.md', ...out];
}

/** Every program of every page (throws on the first bad marker, naming the page and line). */
export function collectPrograms(pages = docPages()): DocProgram[] {
  return pages.flatMap((page) =>
    toPrograms(extractBlocks(readFileSync(join(root, page), 'utf8'), page)),
  );
}

/** A temporary folder with each program as `<n>.ts`, a package.json and a tsconfig.json. */
export interface Workspace {
  dir: string;
  files: Map<DocProgram, string>;
  tsconfig: string;
}

/** Writes the programs and a tsconfig that maps the three entry points to the sources. */
export function writeWorkspace(programs: DocProgram[]): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-doctest-'));
  const files = new Map<DocProgram, string>();
  programs.forEach((p, n) => {
    const name = `${String(n).padStart(3, '0')}-${p.page.replace(/[^\w]+/g, '_')}-L${p.blocks[0]?.line}.ts`;
    writeFileSync(join(dir, name), `${p.source}\n`);
    files.set(p, join(dir, name));
  });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify(
      {
        extends: join(root, 'tsconfig.json'),
        compilerOptions: {
          noEmit: true,
          rootDir: '/',
          typeRoots: [join(root, 'node_modules/@types')],
          paths: {
            neurite: [join(root, 'src/index.ts')],
            'neurite/plots': [join(root, 'src/plots/index.ts')],
            'neurite/tfjs': [join(root, 'src/tfjs/index.ts')],
          },
        },
        include: [join(dir, '*.ts')],
      },
      null,
      2,
    ),
  );
  return { dir, files, tsconfig };
}

/** A problem of one program, with the page line it points at. */
export interface Problem {
  /** The page line (of the program's own page). */
  line: number;
  /** 1-based line in the program's file (0 when unknown). */
  fileLine: number;
  message: string;
}

/**
 * Type-checks every program in one `tsc` run; returns the errors by program (page lines).
 * Errors in the library's own sources are returned under `null`.
 */
export function typeCheck(ws: Workspace): Map<DocProgram | null, Problem[]> {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const res = spawnSync(process.execPath, [tsc, '-p', ws.tsconfig, '--pretty', 'false'], {
    cwd: ws.dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const byFile = new Map<string, DocProgram>();
  for (const [p, f] of ws.files) byFile.set(f, p);
  const out = new Map<DocProgram | null, Problem[]>();
  const text = `${res.stdout}${res.stderr}`;
  // file(line,col): error TSxxxx: message (continuation lines are indented)
  const entries = text.split(/\n(?=\S)/).filter((s) => s.trim());
  for (const entry of entries) {
    const m = /^(.*?)\((\d+),(\d+)\): error (TS\d+: [\s\S]*)$/.exec(entry.trim());
    const program = m ? byFile.get(resolvePath(ws.dir, m[1] as string)) : undefined;
    if (m && program) {
      const line = program.lineMap[Number(m[2]) - 1] ?? program.blocks[0]?.codeLine ?? 0;
      const list = out.get(program) ?? [];
      list.push({ line, fileLine: Number(m[2]), message: (m[4] as string).trim() });
      out.set(program, list);
    } else {
      const list = out.get(null) ?? [];
      list.push({ line: 0, fileLine: 0, message: entry.trim() });
      out.set(null, list);
    }
  }
  if (res.status !== 0 && out.size === 0)
    out.set(null, [
      { line: 0, fileLine: 0, message: `tsc exited with ${res.status}: ${text.slice(0, 2000)}` },
    ]);
  return out;
}

/** What one run of a program did. */
export interface RunResult {
  ok: boolean;
  ms: number;
  /** The error (with the page line where the stack points into the program), stderr tail. */
  message: string;
}

/**
 * Runs one program with Node + tsx (`neurite` and the other entry points resolved to the
 * sources through the workspace's tsconfig), its working folder a fresh temporary one, and
 * kills it after `timeoutMs` (60 s; NEURITE_DOCTEST_TIMEOUT_MS overrides it on a loaded machine).
 */
export function runProgram(
  ws: Workspace,
  program: DocProgram,
  timeoutMs = Number(process.env.NEURITE_DOCTEST_TIMEOUT_MS) || 60_000,
): Promise<RunResult> {
  const file = ws.files.get(program);
  if (!file) throw new Error(`internal: no file for ${program.id}`);
  const cwd = join(ws.dir, `run-${relative(ws.dir, file).replace(/\.ts$/, '')}`);
  mkdirSync(cwd, { recursive: true });
  const started = Date.now();
  return new Promise((resolve) => {
    const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
    const child = spawn(process.execPath, ['--import', tsx, file], {
      cwd,
      env: { ...process.env, TSX_TSCONFIG_PATH: ws.tsconfig, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-4000)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - started;
      if (code === 0 && !timedOut) return resolve({ ok: true, ms, message: '' });
      const why = timedOut
        ? `timed out after ${timeoutMs / 1000} s (keep doc examples small, or mark a long run with replace)`
        : `exited with ${code ?? signal}`;
      resolve({
        ok: false,
        ms,
        message: `${why}${pointAt(program, file, stderr)}\n${stderr.trim() || stdout.trim()}`,
      });
    });
  });
}

/** ` at <page>:<line>` for the first stack frame inside the program, if any. */
function pointAt(program: DocProgram, file: string, stderr: string): string {
  const name = file.split(/[\\/]/).pop() as string;
  const m = new RegExp(`${name.replace(/[.]/g, '\\.')}:(\\d+)`).exec(stderr);
  if (!m) return '';
  const line = program.lineMap[Number(m[1]) - 1];
  return line === undefined ? '' : ` (the error points at ${program.page}:${line})`;
}

/** Runs `jobs` with at most `limit` at a time, in order of submission. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  job: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
