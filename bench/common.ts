/** Shared by the benchmark workers: arguments and the JSON line they print. */
export interface WorkerArgs {
  backend: string;
  hidden: number[];
  batch: number;
  /** Seconds of timed training at most (the epoch is cut short after it). */
  budget: number;
}

export interface WorkerResult {
  samples_per_s: number;
  full_epoch: boolean;
  test_accuracy: number;
  predict_per_s: number;
  peak_rss_mb: number;
}

export function parseArgs(): WorkerArgs {
  const raw = process.argv[2];
  if (!raw) throw new Error('usage: worker <json args>');
  return JSON.parse(raw) as WorkerArgs;
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
