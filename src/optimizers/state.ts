/**
 * Reading an optimizer state list (`setWeights` input): `iter`, optimizer-wide scalars,
 * then `<variable>/<slot>` tensors. Validates everything before the optimizer changes.
 */
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkNumber, showValue } from './check-args.js';
import type { NamedTensor } from './optimizer.js';

export function asNamedTensor(x: unknown): NamedTensor | null {
  if (typeof x !== 'object' || x === null) return null;
  const { name, tensor } = x as Partial<Record<'name' | 'tensor', unknown>>;
  return typeof name === 'string' && tensor instanceof Tensor ? { name, tensor } : null;
}

export interface ParsedState {
  iter: number;
  scalars: Record<string, number>;
  entries: { varName: string; slot: string; tensor: Tensor }[];
}

export function parseState(
  weights: readonly NamedTensor[],
  {
    where,
    className,
    slotNames,
    scalarNames,
  }: {
    where: string;
    className: string;
    slotNames: readonly string[];
    scalarNames: readonly string[];
  },
): ParsedState {
  const list: unknown = weights;
  if (!Array.isArray(list)) {
    throw new ValueError(
      `${where}: expected an array of {name, tensor}, received ${showValue(list)}`,
    );
  }
  const expected = ['iter', ...scalarNames, ...slotNames.map((s) => `<variable>/${s}`)].join(', ');
  let iter: number | null = null;
  const scalars: Record<string, number> = {};
  const entries: ParsedState['entries'] = [];
  const seen = new Set<string>();
  const readScalar = (w: NamedTensor): number => {
    if (w.tensor.size !== 1) {
      throw new ShapeError(
        `${where}: '${w.name}' must be a scalar, received shape ${fmtShape(w.tensor.shape)}`,
      );
    }
    return w.tensor.dataSync()[0]!;
  };
  for (const item of list as readonly unknown[]) {
    const w = asNamedTensor(item);
    if (!w) throw new ValueError(`${where}: every entry must be {name: string, tensor: Tensor}`);
    w.tensor.assertAlive(`${where} ('${w.name}')`);
    if (seen.has(w.name)) throw new ValueError(`${where}: '${w.name}' appears more than once`);
    seen.add(w.name);
    if (w.name === 'iter') {
      iter = checkNumber(where, "'iter'", readScalar(w), { min: 0, integer: true });
      continue;
    }
    if (scalarNames.includes(w.name)) {
      scalars[w.name] = checkNumber(where, `'${w.name}'`, readScalar(w));
      continue;
    }
    const cut = w.name.lastIndexOf('/');
    const slot = w.name.slice(cut + 1);
    if (cut <= 0 || !slotNames.includes(slot)) {
      throw new ValueError(
        `${where}: unknown state '${w.name}' for ${className}${slotNames.length ? ` (slots ${slotNames.map((s) => `'${s}'`).join(', ')})` : ''}; expected names ${expected}`,
      );
    }
    if (w.tensor.dtype !== 'float32') {
      throw new DTypeError(`${where}: '${w.name}' must be float32, received ${w.tensor.dtype}`);
    }
    entries.push({ varName: w.name.slice(0, cut), slot, tensor: w.tensor });
  }
  if (iter === null) {
    throw new ValueError(
      `${where}: the state must include 'iter' (the iteration count); expected names ${expected}`,
    );
  }
  const missing = scalarNames.filter((n) => !(n in scalars));
  if (missing.length > 0) {
    throw new ValueError(
      `${where}: the state must include ${missing.map((n) => `'${n}'`).join(', ')}`,
    );
  }
  return { iter, scalars, entries };
}
