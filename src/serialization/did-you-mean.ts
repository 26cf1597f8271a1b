/**
 * Near-miss suggestions for names a user typed: ids (`'adma'` → `'adam'`) and option keys
 * (`activaton` → `activation`, `learning_rate` → `learningRate`).
 */
import { looseKey } from './keys.js';

/** Levenshtein distance (names are short: a plain table is fine). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The known name closest to `name` (compared in any letter case, underscores ignored, so
 * `learning_rate` finds `learningRate`), or undefined when none is near enough.
 */
export function closest(name: string, known: readonly string[]): string | undefined {
  const key = looseKey(name);
  if (key.length > 64) return undefined;
  let best: string | undefined;
  let distance = Infinity;
  for (const k of known) {
    if (k === name) continue;
    const d = editDistance(key, looseKey(k));
    if (d < distance) [best, distance] = [k, d];
  }
  return distance <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

/** ` (did you mean 'x'?)` when an id is a near miss of a known one, else nothing. */
export function didYouMean(id: string, known: readonly string[]): string {
  const best = closest(id, known);
  return best === undefined ? '' : ` (did you mean '${best}'?)`;
}
