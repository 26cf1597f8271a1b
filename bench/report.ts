/**
 * The benchmark's markdown report: the machine, a throughput table (medians over the
 * alternating rounds, with their range), and the targets of issue 16 with Neurite's ratio
 * to each peer measured in the same run. PyTorch's number in a ratio is the faster of its
 * settings on that row.
 */
import type { Task, WorkerArgs, WorkerResult } from './common.js';

/** A target: Neurite's throughput divided by the peer's, at least `ratio`. */
export interface Goal {
  /** 'torch' means the faster PyTorch setting (ids starting with 'torch'). */
  peer: string;
  ratio: number;
}

export interface RowSpec {
  id: string;
  label: string;
  task: Task;
  hidden: number[];
  batch: number;
  goals: Goal[];
  /** Only in a full run (not --quick). */
  full?: boolean;
}

export interface SystemSpec {
  id: string;
  name: string;
  tasks: Task[];
  run: (args: WorkerArgs) => WorkerResult | null;
}

/** Throughputs by row id, then by system id: one number per round. */
export type Measured = Record<string, Record<string, number[]>>;

export interface ReportInput {
  machine: string;
  rounds: number;
  budget: number;
  loads: string;
  minutes: number;
  rows: RowSpec[];
  systems: SystemSpec[];
  measured: Measured;
  /** How each system ran (from its worker), or why it was skipped. */
  infos: Record<string, string>;
  rss: { mb: number; epochs: number; goal: number; heapMb: number; arrayBuffersMb: number } | null;
  /** Further markdown sections (step split, matMul). */
  sections: string[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** 57,213 → "57.2k". */
export function short(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(x >= 1e5 ? 0 : 1)}k`;
  return x.toFixed(0);
}

function cell(xs: number[] | undefined): string {
  if (!xs || xs.length === 0) return '–';
  if (xs.length === 1) return short(xs[0]!);
  return `${short(median(xs))} (${short(Math.min(...xs))}–${short(Math.max(...xs))})`;
}

/** The peer's median on a row; for 'torch', the faster PyTorch setting and its id. */
export function peerMedian(
  byPeer: Record<string, number[]> | undefined,
  peer: string,
): { value: number; id: string } | null {
  let best: { value: number; id: string } | null = null;
  for (const [id, xs] of Object.entries(byPeer ?? {})) {
    if (!(peer === 'torch' ? id.startsWith('torch') : id === peer) || xs.length === 0) continue;
    const value = median(xs);
    if (!best || value > best.value) best = { value, id };
  }
  return best;
}

function table(header: string[], body: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

export function markdownReport(r: ReportInput): string {
  const used = r.systems.filter((s) => r.rows.some((row) => r.measured[row.id]?.[s.id]));
  const torchInfo = Object.entries(r.infos)
    .find(([id]) => id.startsWith('torch'))?.[1]
    ?.match(/torch (\S+),.*(OpenBLAS \S+ \(\w+)/);
  const out: string[] = [];
  out.push(
    `Machine: ${r.machine}${torchInfo ? `; PyTorch ${torchInfo[1]} on ${torchInfo[2]})` : ''}. ` +
      `${r.rounds} round(s), the peers alternating (order reversed every round); median (range) over the rounds; ` +
      `timed training budget ${r.budget} s per run; load average ${r.loads} (the machine is shared); ` +
      `${r.minutes.toFixed(1)} min in all.`,
  );
  out.push('');
  out.push(
    table(
      ['workload', ...used.map((s) => s.name)],
      r.rows.map((row) => [
        `${row.label} (${row.task === 'predict-mlp' ? 'images/s' : 'samples/s'})`,
        ...used.map((s) => cell(r.measured[row.id]?.[s.id])),
      ]),
    ),
  );
  out.push('');
  const peers = used.filter((s) => !s.id.startsWith('neurite'));
  out.push(
    table(
      ['Neurite wasm ÷ peer', ...peers.map((s) => s.name)],
      r.rows.map((row) => {
        const ours = r.measured[row.id]?.['neurite-wasm'];
        return [
          row.label,
          ...peers.map((s) => {
            const theirs = r.measured[row.id]?.[s.id];
            return ours?.length && theirs?.length
              ? `${(median(ours) / median(theirs)).toFixed(2)}×`
              : '–';
          }),
        ];
      }),
    ),
  );
  out.push('');
  const notes = used
    .concat(r.systems.filter((s) => r.infos[s.id]?.startsWith('skipped')))
    .map((s) => `- ${s.name}: ${r.infos[s.id] ?? 'no result'}`);
  out.push(...[...new Set(notes)]);
  out.push('');
  const goalRows: string[][] = [];
  for (const row of r.rows) {
    const byPeer = r.measured[row.id];
    const ours = byPeer?.['neurite-wasm'];
    for (const g of row.goals) {
      const peer = peerMedian(byPeer, g.peer);
      const peerName =
        g.peer === 'torch' ? 'PyTorch' : (r.systems.find((s) => s.id === g.peer)?.name ?? g.peer);
      if (!ours?.length || !peer) {
        goalRows.push([row.label, `≥ ${g.ratio}× ${peerName}`, 'not measured', '–']);
        continue;
      }
      const ratio = median(ours) / peer.value;
      const which =
        g.peer === 'torch'
          ? ` (vs ${r.systems.find((s) => s.id === peer.id)?.name ?? peer.id})`
          : '';
      goalRows.push([
        row.label,
        `≥ ${g.ratio}× ${peerName}`,
        `${ratio.toFixed(2)}×${which}`,
        ratio >= g.ratio ? 'yes' : 'no',
      ]);
    }
  }
  if (r.rss) {
    goalRows.push([
      `\`neurite train\` peak RSS, full Fashion-MNIST (${r.rss.epochs} epochs)`,
      `≤ ${r.rss.goal} MB`,
      `${r.rss.mb.toFixed(0)} MB (at exit: V8 heap ${r.rss.heapMb.toFixed(0)} MB, ArrayBuffers ${r.rss.arrayBuffersMb.toFixed(0)} MB)`,
      r.rss.mb <= r.rss.goal ? 'yes' : 'no',
    ]);
  }
  out.push(table(['target (issue 16)', 'goal', 'Neurite wasm, same run', 'met'], goalRows));
  for (const s of r.sections) out.push('', s);
  return out.join('\n');
}
