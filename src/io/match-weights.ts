/**
 * Pairs a model's variables with the weights of a file, as TF.js and Keras loaders do:
 * by name first; then by name without the suffixes other tools add (`:0`, TF.js's `_1`
 * for a duplicate variable name, a middle cell-name component); and when names differ but
 * the count and every shape agree in order, by position (files from another session or
 * tool, subclassed models whose layers got other automatic names). Then each pair is
 * checked for shape and dtype. Pure: returns the pairing or throws, changes nothing.
 */
import { ModelIOError } from './model-io-error.js';
import type { DecodedWeight } from './weights.js';

/** What the model expects for one variable. */
export interface WeightTarget {
  /** The name the file should use (`<layer>/<weight>`). */
  name: string;
  shape: readonly number[];
  dtype: string;
}

/** `dense/kernel:0` and `dense/kernel_1` → `dense/kernel`. */
export function normalizeWeightName(name: string): string {
  return name.replace(/:\d+$/, '').replace(/_\d+$/, '');
}

/** TF.js tolerates a middle component: `lstm/lstm_cell/kernel` → `lstm/kernel`. */
function withoutMiddle(name: string): string {
  const parts = name.split('/');
  return parts.length > 2 ? [...parts.slice(0, -2), parts[parts.length - 1]!].join('/') : name;
}

const fmt = (shape: readonly number[]): string => `[${shape.join(',')}]`;
const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

function tryNames(
  targets: readonly WeightTarget[],
  file: readonly DecodedWeight[],
): (DecodedWeight | null)[] {
  const used = new Set<DecodedWeight>();
  const out: (DecodedWeight | null)[] = targets.map(() => null);
  const passes: ((w: DecodedWeight) => string)[] = [
    (w) => w.name,
    (w) => normalizeWeightName(w.name),
    (w) => normalizeWeightName(withoutMiddle(w.name)),
  ];
  const targetKeys: ((t: WeightTarget) => string)[] = [
    (t) => t.name,
    (t) => normalizeWeightName(t.name),
    (t) => normalizeWeightName(t.name),
  ];
  passes.forEach((key, p) => {
    const byKey = new Map<string, DecodedWeight[]>();
    for (const w of file) {
      if (used.has(w)) continue;
      const k = key(w);
      byKey.set(k, [...(byKey.get(k) ?? []), w]);
    }
    targets.forEach((t, i) => {
      if (out[i]) return;
      const found = byKey.get(targetKeys[p]!(t));
      // An ambiguous key (two file weights normalize alike) matches nothing.
      if (found && found.length === 1 && !used.has(found[0]!)) {
        out[i] = found[0]!;
        used.add(found[0]!);
      }
    });
  });
  return out;
}

/**
 * For each target, the file weight that fills it (null only when `strict` is false).
 *
 * @throws ModelIOError naming the file (`where`), the weight and what was expected.
 */
export function matchWeights(
  targets: readonly WeightTarget[],
  file: readonly DecodedWeight[],
  { strict = true, where }: { strict?: boolean; where: string },
): (DecodedWeight | null)[] {
  let pairs = tryNames(targets, file);
  const missing = targets.filter((_, i) => !pairs[i]);
  const extras = file.filter((w) => !pairs.includes(w));
  const byOrder =
    targets.length === file.length &&
    targets.every((t, i) => sameShape(t.shape, file[i]!.shape) && t.dtype === file[i]!.dtype);
  if ((missing.length > 0 || (strict && extras.length > 0)) && byOrder) {
    // Same count and shapes in order: the names come from another session or tool.
    pairs = [...file];
  } else if (
    strict &&
    missing.length === targets.length &&
    targets.length === file.length &&
    file.length > 0
  ) {
    // No name in common but the same count: say where the positions disagree.
    const i = targets.findIndex(
      (t, k) => !sameShape(t.shape, file[k]!.shape) || t.dtype !== file[k]!.dtype,
    );
    const t = targets[i]!;
    const w = file[i]!;
    throw new ModelIOError(
      `${where}: no weight name matches the model's, and by position weight ${i} differs: '${w.name}' has shape ${fmt(w.shape)} (${w.dtype}) in the file, but the model's '${t.name}' has shape ${fmt(t.shape)} (${t.dtype})`,
      { file: where, weight: w.name },
    );
  } else if (strict && missing.length > 0) {
    const t = missing[0]!;
    const listed = file.map((w) => `'${w.name}' ${fmt(w.shape)}`).join(', ');
    throw new ModelIOError(
      `${where}: the model's weight '${t.name}' (shape ${fmt(t.shape)}) is not in the file` +
        (missing.length > 1 ? ` (nor ${missing.length - 1} more)` : '') +
        `; the model has ${targets.length} weights, the file ${file.length}` +
        (file.length ? `: ${listed.length > 400 ? `${listed.slice(0, 397)}...` : listed}` : ''),
      { file: where, weight: t.name },
    );
  } else if (strict && extras.length > 0) {
    const w = extras[0]!;
    throw new ModelIOError(
      `${where}: the file holds weight '${w.name}' (shape ${fmt(w.shape)}), which the model does not have` +
        (extras.length > 1 ? ` (and ${extras.length - 1} more)` : '') +
        `; the model's weights are ${targets.map((t) => `'${t.name}'`).join(', ') || 'none'}`,
      { file: where, weight: w.name },
    );
  }
  targets.forEach((t, i) => {
    const w = pairs[i];
    if (!w) return;
    if (!sameShape(t.shape, w.shape)) {
      throw new ModelIOError(
        `${where}: weight '${w.name}' has shape ${fmt(w.shape)} in the file, but the model's '${t.name}' has shape ${fmt(t.shape)}`,
        { file: where, weight: w.name },
      );
    }
    if (t.dtype !== w.dtype) {
      throw new ModelIOError(
        `${where}: weight '${w.name}' has dtype ${w.dtype} in the file, but the model's '${t.name}' is ${t.dtype}`,
        { file: where, weight: w.name },
      );
    }
  });
  return pairs;
}
