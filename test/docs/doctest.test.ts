/**
 * Every ```ts block of the documentation (docs/**\/*.md, README.md) type-checks against the
 * public API and runs (test/docs/doctest-runner.ts; the markers are explained there). One
 * test per program, named by its page and line; a failure gives the page line and error.
 * The marker parsing itself is tested first, on small pages written here.
 */
import { availableParallelism } from 'node:os';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPrograms,
  DocTestError,
  extractBlocks,
  parseMarker,
  pool,
  runProgram,
  toPrograms,
  typeCheck,
  writeWorkspace,
  type DocProgram,
  type Problem,
  type RunResult,
  type Workspace,
} from './doctest-runner.js';

const page = (lines: string[]): string => lines.join('\n');

describe('doctest markers', () => {
  it('reads continue, browser, skip with a reason and replace pairs', () => {
    expect(parseMarker('continue')).toEqual({ kind: 'continue' });
    expect(parseMarker(' browser ')).toEqual({ kind: 'browser' });
    expect(parseMarker('skip: needs a GPU')).toEqual({ kind: 'skip', reason: 'needs a GPU' });
    expect(parseMarker('replace "epochs: 10" "epochs: 1" "a \\"b\\"" ""')).toEqual({
      kind: 'replace',
      pairs: [
        ['epochs: 10', 'epochs: 1'],
        ['a "b"', ''],
      ],
    });
  });

  it('refuses an unknown marker, a skip without reason and an odd replace', () => {
    expect(() => parseMarker('contineu')).toThrow(/unknown marker 'contineu'/);
    expect(() => parseMarker('skip')).toThrow(/skip needs a reason/);
    expect(() => parseMarker('skip:   ')).toThrow(/skip needs a reason/);
    expect(() => parseMarker('replace "only-from"')).toThrow(/pairs of quoted texts/);
    expect(() => parseMarker('replace epochs 1')).toThrow(/pairs of quoted texts/);
  });

  it('names the page and line of a bad marker, and of one not before a ts block', () => {
    const bad = page(['# T', '', '<!-- doctest: skip -->', '```ts', 'x', '```']);
    expect(() => extractBlocks(bad, 'docs/t.md')).toThrow(
      /^docs\/t\.md:3: doctest: skip needs a reason/,
    );
    const stray = page(['<!-- doctest: browser -->', 'Some prose.', '```ts', 'x', '```']);
    expect(() => extractBlocks(stray, 'docs/t.md')).toThrow(/docs\/t\.md:1: .*right before/);
    const sh = page(['<!-- doctest: browser -->', '```sh', 'ls', '```']);
    expect(() => extractBlocks(sh, 'docs/t.md')).toThrow(/before a 'sh' block/);
    const typo = page(['<!-- doctest continue -->', '```ts', 'x', '```']);
    expect(() => extractBlocks(typo, 'docs/t.md')).toThrow(/malformed doctest marker/);
  });

  it('fails a replace whose text is not in the block', () => {
    const md = page([
      '<!-- doctest: replace "epochs: 10" "epochs: 1" -->',
      '```ts',
      'fit({ epochs: 5 });',
      '```',
    ]);
    expect(() => toPrograms(extractBlocks(md, 'docs/t.md'))).toThrow(
      /docs\/t\.md:2: doctest replace: the text "epochs: 10" does not occur/,
    );
  });

  it('joins continue blocks into one program, maps its lines, drops repeated imports', () => {
    const md = page([
      '```ts', // 1
      "import * as nn from 'neurite';", // 2
      'const a = 1;', // 3
      '```',
      '',
      '```sh',
      'not code',
      '```',
      '<!-- doctest: continue -->', // 9
      '<!-- doctest: replace "2" "3" -->',
      '```ts', // 11
      "import * as nn from 'neurite';", // 12
      'const b = a + 2;', // 13
      '```',
      '<!-- doctest: skip: shows an error on purpose -->',
      '```ts',
      'broken(',
      '```',
      '<!-- doctest: browser -->',
      '```typescript', // 20
      'document.body;',
      '```',
    ]);
    const programs = toPrograms(extractBlocks(md, 'docs/t.md'));
    expect(programs.map((p) => p.id)).toEqual(['docs/t.md:1', 'docs/t.md:20']);
    const [first, second] = programs as [DocProgram, DocProgram];
    expect(first.source).toBe("import * as nn from 'neurite';\nconst a = 1;\n\nconst b = a + 3;");
    expect(first.lineMap).toEqual([2, 3, 12, 13]);
    expect(first.browser).toBe(false);
    expect(second.browser).toBe(true);
    expect(() =>
      toPrograms(extractBlocks(page(['<!-- doctest: continue -->', '```ts', 'x', '```']), 'p.md')),
    ).toThrow(DocTestError);
  });
});

// The documentation's own programs.
let programs: DocProgram[] = [];
let collectError = '';
try {
  programs = collectPrograms();
} catch (e) {
  collectError = (e as Error).message; // a bad marker: reported by the first test below
}
const concurrency = Math.max(1, Math.min(3, availableParallelism()));
// The Chinese pages repeat the English programs: each distinct program is checked and run
// once, and its twins share the result (errors mapped to their own page lines).
const canonical = new Map<string, DocProgram>();
const twinOf = new Map<DocProgram, DocProgram>();
for (const p of programs) {
  const key = `${p.browser}\0${p.source}`;
  const first = canonical.get(key);
  if (first) twinOf.set(p, first);
  else canonical.set(key, p);
}
const unique = [...canonical.values()];
let ws: Workspace | undefined;
let typeErrors = new Map<DocProgram | null, Problem[]>();
const runs = new Map<DocProgram, RunResult>();

describe('documentation code blocks', () => {
  beforeAll(async () => {
    ws = writeWorkspace(unique);
    const started = Date.now();
    typeErrors = typeCheck(ws);
    const checked = Date.now();
    const runnable = unique.filter((p) => !p.browser && !typeErrors.has(p));
    const results = await pool(runnable, concurrency, (p) => runProgram(ws as Workspace, p));
    runnable.forEach((p, i) => runs.set(p, results[i] as RunResult));
    const slowest = [...runs].sort((a, b) => b[1].ms - a[1].ms).slice(0, 3);
    console.log(
      `doctest: ${programs.length} programs (${unique.length} distinct), tsc ${((checked - started) / 1000).toFixed(1)} s, ` +
        `runs ${((Date.now() - checked) / 1000).toFixed(1)} s (${concurrency} at a time); slowest: ` +
        slowest.map(([p, r]) => `${p.id} ${(r.ms / 1000).toFixed(1)} s`).join(', '),
    );
  }, 1_200_000);

  afterAll(() => {
    if (ws) rmSync(ws.dir, { recursive: true, force: true });
  });

  it('finds the blocks of the pages', () => {
    expect(collectError).toBe('');
    expect(programs.length).toBeGreaterThan(0);
    expect(typeErrors.get(null) ?? [], 'type errors outside the doc programs').toEqual([]);
  });

  for (const program of programs) {
    const base = twinOf.get(program) ?? program;
    const twin = base === program ? '' : ` (the same program as ${base.id})`;
    it(`${program.id}${program.browser ? ' (type-check only)' : ''}${twin}`, () => {
      const errors = typeErrors.get(base) ?? [];
      if (errors.length > 0)
        expect.fail(
          errors
            .map(
              (e) => `${program.page}:${program.lineMap[e.fileLine - 1] ?? e.line}: ${e.message}`,
            )
            .join('\n'),
        );
      if (program.browser) return;
      const run = runs.get(base);
      if (!run) return expect.fail(`${program.id}: not run`);
      if (!run.ok) expect.fail(`${program.id}${twin}: ${run.message}`);
    });
  }
});
