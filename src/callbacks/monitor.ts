/** Shared by callbacks that watch a log value: which direction is better, and improvement tests. */
import { ValueError } from '../errors.js';

export type MonitorMode = 'auto' | 'min' | 'max';

/** 'auto' means max for accuracy-like names (acc, auc, precision, recall…), else min. */
export function resolveMode(mode: MonitorMode, monitor: string, where: string): 'min' | 'max' {
  if (mode !== 'auto' && mode !== 'min' && mode !== 'max') {
    throw new ValueError(
      `${where}: mode must be 'auto', 'min' or 'max', received '${String(mode)}'`,
    );
  }
  if (mode !== 'auto') return mode;
  const base = monitor.replace(/^val_/, '');
  return /acc|auc|precision|recall|fmeasure|f1/.test(base) ? 'max' : 'min';
}

export function improved(
  value: number,
  best: number,
  mode: 'min' | 'max',
  minDelta: number,
): boolean {
  return mode === 'min' ? value < best - Math.abs(minDelta) : value > best + Math.abs(minDelta);
}

/** Reads the monitored value, warning once (not throwing) when it is missing, as Keras does. */
export function readMonitor(
  logs: Readonly<Record<string, number>> | undefined,
  monitor: string,
  where: string,
  warned: Set<string>,
): number | null {
  const v = logs?.[monitor];
  if (v === undefined) {
    if (!warned.has(monitor)) {
      warned.add(monitor);
      console.warn(
        `${where}: the monitored value '${monitor}' is not in the logs (available: ${Object.keys(logs ?? {}).join(', ')}); skipping`,
      );
    }
    return null;
  }
  return v;
}
