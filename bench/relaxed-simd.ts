/**
 * Does relaxed SIMD's fused multiply-add (`f32x4.relaxed_madd`) make the matMul kernel
 * faster on this machine? Builds asm/matmul.ts twice with AssemblyScript — as shipped
 * (f32x4.mul then f32x4.add) and with the micro-kernel's eight mul+add pairs rewritten as
 * relaxed_madd — and times both on one thread, alternating, in a child Node started with
 * `--experimental-wasm-relaxed-simd` (Node 20 needs the flag; Chrome and newer Node have
 * it by default). Issue 16 asks to keep FMA kernels only if they win.
 *
 *   node --import tsx bench/relaxed-simd.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './common.js';

const MUL_ADD = /c([0-3][01]) = f32x4\.add\(c\1, f32x4\.mul\(av, (b[01])\)\);/g;

const ENTRY = `
import { matMul } from './matmul';
export function run(m: i32, k: i32, n: i32, reps: i32): void {
  const a = heap.alloc(<usize>m * k * 4);
  const b = heap.alloc(<usize>k * n * 4);
  const c = heap.alloc(<usize>m * n * 4);
  for (let i = 0; i < m * k; i++) store<f32>(a + (<usize>i << 2), <f32>(i % 7) * 0.1);
  for (let i = 0; i < k * n; i++) store<f32>(b + (<usize>i << 2), <f32>(i % 5) * 0.1);
  for (let r = 0; r < reps; r++) matMul(a, b, c, 1, 1, m, k, n, false, false);
  heap.free(a);
  heap.free(b);
  heap.free(c);
}
`;

const TIMER = `
const { readFileSync } = require('node:fs');
const [dir, rounds] = [process.argv[1], Number(process.argv[2])];
const shapes = [[128, 784, 128], [32, 784, 128], [512, 512, 512]];
const best = {};
(async () => {
  for (let round = 0; round < rounds; round++) {
    for (const v of round % 2 ? ['fma', 'plain'] : ['plain', 'fma']) {
      const { instance } = await WebAssembly.instantiate(readFileSync(dir + '/' + v + '.wasm'), { env: { abort() {} } });
      for (const [m, k, n] of shapes) {
        instance.exports.run(m, k, n, 3);
        const reps = Math.max(3, Math.round(1e9 / (2 * m * k * n)));
        const t0 = performance.now();
        instance.exports.run(m, k, n, reps);
        const g = (2 * m * k * n * reps) / ((performance.now() - t0) / 1000) / 1e9;
        const key = v + ' ' + m + 'x' + k + 'x' + n;
        best[key] = Math.max(best[key] ?? 0, g);
      }
    }
  }
  console.log(JSON.stringify(best));
})();
`;

/** The part of AssemblyScript's compiler API used here. */
interface Asc {
  main(
    args: string[],
    io: {
      readFile: (file: string) => string | null;
      writeFile: (file: string, contents: Uint8Array | string) => void;
      listFiles: () => string[];
    },
  ): Promise<{ error: Error | null }>;
}

// Loaded by a computed name: AssemblyScript's type declarations, once in the program,
// replace the standard library's global types (JSON.parse's `any` among them) for every file.
const ASC_MODULE = 'assemblyscript/asc';
const asc = ((await import(ASC_MODULE)) as { default: Asc }).default;

async function build(dir: string, name: string, matmul: string): Promise<void> {
  const sources: Record<string, string> = {
    'entry.ts': ENTRY,
    'matmul.ts': matmul,
    'transpose.ts': readFileSync(join(repoRoot, 'asm/transpose.ts'), 'utf8'),
  };
  let wasm: Uint8Array | null = null;
  const { error } = await asc.main(
    ['entry.ts', '--outFile', 'out.wasm', '-O3', '--noAssert', '--runtime', 'minimal'].concat([
      '--enable',
      'simd',
      '--enable',
      'relaxed-simd',
    ]),
    {
      readFile: (file) => sources[file] ?? null,
      writeFile: (file, contents) => {
        if (file === 'out.wasm' && typeof contents !== 'string') wasm = contents;
      },
      listFiles: () => [],
    },
  );
  if (error || !wasm) throw new Error(`asc failed for ${name}: ${error?.message}`);
  writeFileSync(join(dir, `${name}.wasm`), wasm);
}

const plain = readFileSync(join(repoRoot, 'asm/matmul.ts'), 'utf8');
const fma = plain.replace(MUL_ADD, 'c$1 = f32x4.relaxed_madd(av, $2, c$1);');
const pairs = (fma.match(/relaxed_madd/g) ?? []).length;
if (pairs !== 8) {
  console.error(
    `bench/relaxed-simd.ts: expected 8 mul+add pairs in asm/matmul.ts's kernel, found ${pairs}`,
  );
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'neurite-relaxed-'));
try {
  await build(dir, 'plain', plain);
  await build(dir, 'fma', fma);
  const r = spawnSync(
    process.execPath,
    ['--experimental-wasm-relaxed-simd', '-e', TIMER, dir, '6'],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  const best = JSON.parse(r.stdout) as Record<string, number>;
  console.log(
    `matMul GFLOP/s on 1 thread, best of 6 alternating rounds (Node ${process.version}):`,
  );
  for (const shape of ['128x784x128', '32x784x128', '512x512x512']) {
    const p = best[`plain ${shape}`]!;
    const f = best[`fma ${shape}`]!;
    console.log(
      `  ${shape.padEnd(12)} mul+add ${p.toFixed(1)}  relaxed_madd ${f.toFixed(1)}  (${(f / p).toFixed(2)}×)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
