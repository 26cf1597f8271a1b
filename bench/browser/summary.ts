/**
 * The summary of bench/browser-throughput.ts: its JSON line (what bench/run.ts reads) and
 * the text table and markdown made from it. No Node imports, so bench/sections.ts can import
 * it without running anything.
 */

/** One workload over the rounds: Node's and Chromium's values in round order, and medians. */
export interface BrowserRow {
  label: string;
  unit: 'samples/s' | 'images/s';
  node: number[];
  chromium: number[];
  node_median: number;
  chromium_median: number;
  /** chromium_median / node_median. */
  ratio: number;
}

/** The JSON line bench/browser-throughput.ts prints last (`--json`). */
export interface BrowserSummary {
  node: string;
  chromium: string;
  /** Threads each runtime's backend used (the same in every round, else the lowest). */
  threads: { node: number; chromium: number };
  crossOriginIsolated: boolean;
  backend: { node: string; chromium: string };
  rounds: number;
  budget: number;
  rows: number;
  /** 1-minute load average at the start and at the end. */
  load: [string, string];
  machine: string;
  table: BrowserRow[];
}

/** The median (the mean of the middle two for an even count); NaN for none. */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A row from the per-round values. */
export function row(
  label: string,
  unit: BrowserRow['unit'],
  node: number[],
  chromium: number[],
): BrowserRow {
  const [n, c] = [median(node), median(chromium)];
  return { label, unit, node, chromium, node_median: n, chromium_median: c, ratio: c / n };
}

const k = (v: number): string => `${(v / 1000).toFixed(1)}k`;

/** The summary's lines for a terminal: a fixed-width table and what it ran on. */
export function textTable(s: BrowserSummary): string {
  const lines = [
    `${'workload'.padEnd(32)}${'Node'.padStart(10)}${'Chromium'.padStart(10)}${'ratio'.padStart(8)}   per round (Node / Chromium)`,
  ];
  for (const r of s.table) {
    const rounds = r.node.map((v, i) => `${k(v)}/${k(r.chromium[i] ?? NaN)}`).join(' ');
    lines.push(
      `${`${r.label} (${r.unit})`.padEnd(32)}${k(r.node_median).padStart(10)}` +
        `${k(r.chromium_median).padStart(10)}${r.ratio.toFixed(2).padStart(8)}   ${rounds}`,
    );
  }
  lines.push(
    `Node ${s.node} (${s.threads.node} threads, ${s.backend.node}); Chromium ${s.chromium} ` +
      `(${s.threads.chromium} threads, ${s.backend.chromium}, crossOriginIsolated ${s.crossOriginIsolated}); ` +
      `${s.machine}; medians of ${s.rounds} rounds, ${s.budget} s timed per batch size; load average ${s.load[0]} at start, ${s.load[1]} at the end`,
  );
  return lines.join('\n');
}

/** The summary as a markdown section for the benchmark report. */
export function markdownSection(s: BrowserSummary): string {
  return [
    `Chapter MLP in headless Chromium ${s.chromium} against Node ${s.node} (\`bench/browser-throughput.ts\`: the same program, random MNIST-shaped data, ${s.rows} rows, the compiled step, ${s.budget} s timed after warm-up epochs; a cross-origin isolated page (crossOriginIsolated ${s.crossOriginIsolated}); threads used: Node ${s.threads.node}, Chromium ${s.threads.chromium}; medians of ${s.rounds} alternating rounds; load average ${s.load[0]} → ${s.load[1]}):`,
    '',
    '| workload | Node | Chromium | Chromium / Node |',
    '| --- | --- | --- | --- |',
    ...s.table.map(
      (r) =>
        `| ${r.label} (${r.unit}) | ${r.node_median.toFixed(0)} | ${r.chromium_median.toFixed(0)} | ${r.ratio.toFixed(2)}× |`,
    ),
  ].join('\n');
}
