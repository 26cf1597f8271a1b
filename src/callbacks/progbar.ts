/**
 * The Keras progress bar (keras/src/utils/progbar.py): `469/469 ━━━━━━━━━━━━━━━━━━━━ 2s
 * 4ms/step - accuracy: 0.8612 - loss: 0.3926`, redrawn in place on a terminal and printed as
 * plain lines elsewhere. With an unknown total (a dataset of unknown size) it counts, as
 * Keras does: `     37/Unknown 2s 4ms/step - loss: 0.3926`, with the time so far.
 */

/** Where progress goes: a stream with `write`, and whether it is a terminal. */
export interface ProgressSink {
  write(text: string): void;
  readonly isTTY: boolean;
}

/** process.stdout on Node, console.log lines in a browser. */
export function defaultSink(): ProgressSink {
  const proc = (
    globalThis as { process?: { stdout?: { write(s: string): unknown; isTTY?: boolean } } }
  ).process;
  const out = proc?.stdout;
  if (out) return { write: (s) => void out.write(s), isTTY: Boolean(out.isTTY) };
  let line = '';
  return {
    write: (s) => {
      line += s;
      const parts = line.split('\n');
      line = parts.pop() ?? '';
      for (const p of parts) console.log(p.replace(/^.*\r/, ''));
    },
    isTTY: false,
  };
}

/** `0.8612`, or `1.2346e-04` when |v| ≤ 1e-3, as Keras formats log values. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) > 1e-3) return v.toFixed(4);
  const [m, e] = v.toExponential(4).split('e') as [string, string];
  const exp = Number(e);
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** `5s`, `1:05`, `1:01:05`. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0
    ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}`
    : `${m}:${String(r).padStart(2, '0')}`;
}

/** `4ms/step`, `1s/step`, `950us/step`. */
export function formatPerStep(seconds: number): string {
  if (seconds >= 1) return `${Math.round(seconds)}s/step`;
  if (seconds >= 1e-3) return `${Math.round(seconds * 1e3)}ms/step`;
  return `${Math.round(seconds * 1e6)}us/step`;
}

/** Log entries in Keras's order (alphabetical), as ` - name: value`. */
export function formatLogs(logs: Readonly<Record<string, number>>): string {
  return Object.keys(logs)
    .sort()
    .map((k) => ` - ${k}: ${formatValue(logs[k]!)}`)
    .join('');
}

export class Progbar {
  #target: number | null;
  readonly #sink: ProgressSink;
  readonly #verbose: 1 | 2;
  readonly #start = performance.now();
  #lastDraw = 0;
  #lastLength = 0;
  readonly #unit: string;

  /**
   * @param target number of steps, or null when unknown (the bar then counts steps).
   * @param verbose 1 (bar) or 2 (one line at the end).
   */
  constructor(
    target: number | null,
    verbose: 1 | 2,
    sink: ProgressSink = defaultSink(),
    unit = 'step',
  ) {
    this.#target = target;
    this.#verbose = verbose;
    this.#sink = sink;
    this.#unit = unit;
  }

  /** The total, or null while unknown. */
  get target(): number | null {
    return this.#target;
  }

  /**
   * Draws the final line after `current` steps. An unknown total becomes `current`, as
   * Keras's ProgbarLogger sets it at the end of an epoch.
   */
  finish(current: number, logs: Readonly<Record<string, number>>): void {
    this.#target ??= current;
    this.update(current, logs, true);
  }

  /** Draws step `current` (1-based); `final` marks the end of the epoch. */
  update(current: number, logs: Readonly<Record<string, number>>, final = false): void {
    const now = performance.now();
    const elapsed = (now - this.#start) / 1000;
    const perStep = current > 0 ? elapsed / current : 0;
    const target = this.#target;
    // Keras pads an unknown total's count to 7 places: `     37/Unknown`.
    const counter =
      target === null
        ? `${String(current).padStart(7)}/Unknown`
        : `${String(current).padStart(String(target).length)}/${target}`;
    const per = formatPerStep(perStep).replace('step', this.#unit);
    if (this.#verbose === 2) {
      if (final)
        this.#sink.write(`${counter} - ${Math.round(elapsed)}s - ${per}${formatLogs(logs)}\n`);
      return;
    }
    const tty = this.#sink.isTTY;
    // Redraw at most every 50 ms on a terminal; elsewhere only the final line.
    if (!final && (!tty || now - this.#lastDraw < 50)) return;
    this.#lastDraw = now;
    let line: string;
    if (target === null) {
      // No total: no bar and no ETA, the time so far instead.
      line = `${counter} ${Math.round(elapsed)}s ${per}${formatLogs(logs)}`;
    } else {
      const done = Math.min(20, Math.floor((20 * current) / Math.max(1, target)));
      const bar = tty
        ? `\x1b[32m${'━'.repeat(done)}\x1b[0m\x1b[2m${'━'.repeat(20 - done)}\x1b[0m`
        : '━'.repeat(20);
      const time = final ? `${Math.round(elapsed)}s` : formatEta(perStep * (target - current));
      line = `${counter} ${bar} ${time} ${per}${formatLogs(logs)}`;
    }
    if (tty) {
      const pad = Math.max(0, this.#lastLength - line.length);
      this.#sink.write(`\r${line}${' '.repeat(pad)}${final ? '\n' : ''}`);
      this.#lastLength = line.length;
    } else {
      this.#sink.write(`${line}\n`);
    }
  }
}
