/**
 * The machine a benchmark ran on, in words: CPU model and family, SIMD width, cores, load,
 * Node, and the versions of the peers (PyTorch and its BLAS come from the PyTorch worker's
 * own report, since the BLAS is what a process loads, not what a package says).
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './common.js';

function cpuinfo(): Record<string, string> {
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    const first = text.split('\n\n')[0] ?? '';
    const fields: Record<string, string> = {};
    for (const line of first.split('\n')) {
      const [k, ...v] = line.split(':');
      if (k && v.length) fields[k.trim()] = v.join(':').trim();
    }
    return fields;
  } catch {
    return {};
  }
}

/** AMD families by number (Zen generations); Intel parts name themselves in the model. */
const AMD_FAMILIES: Record<string, string> = { '23': 'Zen 1/2', '25': 'Zen 3/4', '26': 'Zen 5' };

/** "AMD EPYC (Zen 5, AVX-512), 2 cores" or as much of it as this OS tells. */
export function cpuDescription(): string {
  const info = cpuinfo();
  const model = cpus()[0]?.model ?? info['model name'] ?? 'unknown CPU';
  const flags = ` ${info.flags ?? ''} `;
  const simd = flags.includes(' avx512f ')
    ? 'AVX-512'
    : flags.includes(' avx2 ')
      ? 'AVX2'
      : flags.includes(' neon ') || flags.includes(' asimd ')
        ? 'NEON'
        : '';
  const family = info.vendor_id === 'AuthenticAMD' ? AMD_FAMILIES[info['cpu family'] ?? ''] : '';
  const detail = [family, simd].filter(Boolean).join(', ');
  return `${model}${detail ? ` (${detail})` : ''}, ${cpus().length} cores`;
}

export function packageVersion(pkg: string, dir = repoRoot): string | null {
  try {
    const json = readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8');
    return (JSON.parse(json) as { version: string }).version;
  } catch {
    return null;
  }
}

/** The 1-minute load average, formatted; how busy the shared machine was. */
export function load(): string {
  return loadavg()[0]!.toFixed(1);
}
