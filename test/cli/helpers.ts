/** Shared helpers of the CLI tests: the program run in-process, and temporary folders. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createProgram } from '../../src/cli/program.js';

/** `neurite ...args` in this process: its exit code, stdout lines and stderr text. */
export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  const program = createProgram({
    log: (l) => out.push(l),
    err: (t) => err.push(t),
    exit: (c) => (code = c),
  });
  try {
    await program.parseAsync(['node', 'neurite', ...args]);
  } catch (e) {
    code = (e as { exitCode?: number }).exitCode ?? 1;
  }
  return { code, out: out.join('\n'), err: err.join('') };
}

/** A fresh temporary folder, removed when the test file ends. */
export function tempDir(prefix = 'neurite-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
