/**
 * Argument checks shared by the optimizers and schedules, so that a bad config fails in the
 * constructor with a message naming the optimizer, the argument, the accepted range and the
 * value received. No math lives here.
 */
import { ValueError } from '../errors.js';

/** Bounds of an accepted interval; `open` bounds exclude the endpoint. */
export interface Range {
  min?: number;
  max?: number;
  minOpen?: boolean;
  maxOpen?: boolean;
  integer?: boolean;
}

function describe(r: Range): string {
  const kind = r.integer ? 'an integer' : 'a number';
  if (r.min !== undefined && r.max !== undefined) {
    return `${kind} in ${r.minOpen ? '(' : '['}${r.min}, ${r.max}${r.maxOpen ? ')' : ']'}`;
  }
  if (r.min !== undefined) return `${kind} ${r.minOpen ? '>' : '>='} ${r.min}`;
  if (r.max !== undefined) return `${kind} ${r.maxOpen ? '<' : '<='} ${r.max}`;
  return `a finite ${r.integer ? 'integer' : 'number'}`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  if (value === undefined) return 'undefined';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** `value` as a finite number inside `range`, else a ValueError naming `where` and `arg`. */
export function checkNumber(where: string, arg: string, value: unknown, range: Range = {}): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    (range.min === undefined || (range.minOpen ? value > range.min : value >= range.min)) &&
    (range.max === undefined || (range.maxOpen ? value < range.max : value <= range.max));
  if (!ok) {
    throw new ValueError(`${where}: ${arg} must be ${describe(range)}, received ${show(value)}`);
  }
  return value;
}

/** Like `checkNumber`, but `null` and `undefined` mean "not set" and give null. */
export function checkOptionalNumber(
  where: string,
  arg: string,
  value: unknown,
  range: Range = {},
): number | null {
  return value === null || value === undefined ? null : checkNumber(where, arg, value, range);
}

export function checkBoolean(where: string, arg: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new ValueError(`${where}: ${arg} must be true or false, received ${show(value)}`);
  }
  return value;
}

export function checkString(where: string, arg: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new ValueError(`${where}: ${arg} must be a string, received ${show(value)}`);
  }
  return value;
}

/** A readable form of a value for messages. */
export { show as showValue };
