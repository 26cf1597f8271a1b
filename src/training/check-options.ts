/**
 * Checks of the option values fit, evaluate, predict and the batch methods receive. Every
 * message names the method and the option, says what was expected and describes what came
 * (with its type, so a string '8' is not mistaken for the number 8). The values are typed
 * here, but they come from JavaScript callers too, hence the `unknown` parameters.
 */
import { ValueError } from '../errors.js';
import { checkKeys } from '../serialization/options.js';
import { Tensor } from '../tensor/tensor.js';
import { describeValue } from './describe-value.js';

/**
 * The options argument itself: absent is fine (defaults), anything but an object (null, a
 * number, an array, a Tensor passed one position too far) is an error.
 */
export function checkOptionsObject(args: unknown, where: string, example: string): void {
  if (args === undefined) return;
  if (args === null || typeof args !== 'object' || Array.isArray(args) || args instanceof Tensor) {
    throw new ValueError(
      `${where}: the options argument must be an object such as ${example}, received ${describeValue(args)}`,
    );
  }
}

/**
 * The keys of an options interface as a runtime list, checked by TypeScript both ways: each
 * listed key is a key of `T`, and each key of `T` is listed (a missing one is an error
 * naming it). `allKeys<FitArgs>()(['epochs', …])`.
 */
export function allKeys<T>() {
  return <const L extends readonly (keyof T & string)[]>(
    keys: L &
      ([Exclude<keyof T, L[number]>] extends [never]
        ? unknown
        : { missing: Exclude<keyof T, L[number]> }),
  ): L => keys;
}

/**
 * Refuses an option outside `keys` (Keras 3 refuses unknown keyword arguments; a typo such
 * as `epoch` would otherwise train with the defaults): `fit: unknown option 'epoch' (did
 * you mean 'epochs'?); valid options: …`.
 */
export function checkOptionKeys(args: unknown, keys: readonly string[], where: string): void {
  checkKeys(args, keys, where);
}

export function checkPositiveInteger(value: unknown, where: string, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(
      `${where}: ${name} must be a positive integer, received ${describeValue(value)}`,
    );
  }
  return value;
}

export function checkNonNegativeInteger(value: unknown, where: string, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ValueError(
      `${where}: ${name} must be a non-negative integer, received ${describeValue(value)}`,
    );
  }
  return value;
}

export function checkVerbose(value: unknown, where: string): 0 | 1 | 2 {
  if (value !== 0 && value !== 1 && value !== 2) {
    throw new ValueError(`${where}: verbose must be 0, 1 or 2, received ${describeValue(value)}`);
  }
  return value;
}

export function checkBoolean(value: unknown, where: string, name: string): boolean {
  if (typeof value !== 'boolean') {
    throw new ValueError(
      `${where}: ${name} must be true or false, received ${describeValue(value)}`,
    );
  }
  return value;
}

/** A fraction in [0, 1), such as validationSplit. */
export function checkFraction(value: unknown, where: string, name: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ValueError(
      `${where}: ${name} must be a number in [0, 1), received ${describeValue(value)}`,
    );
  }
  return value;
}

/** An optional tensor option (sampleWeight): undefined, or a live Tensor. */
export function checkOptionalTensor(
  value: unknown,
  where: string,
  name: string,
): Tensor | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Tensor)) {
    throw new ValueError(`${where}: ${name} must be a Tensor, received ${describeValue(value)}`);
  }
  value.assertAlive(`${where} ('${name}')`);
  return value;
}

/** `{0: 1, 1: 3}`: non-negative finite weights keyed by class index. */
export function checkClassWeight(
  value: unknown,
  where: string,
): Readonly<Record<number, number>> | undefined {
  if (value === undefined) return undefined;
  const expected = 'an object of weights keyed by class index, such as {0: 1, 1: 3}';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValueError(
      `${where}: classWeight must be ${expected}, received ${describeValue(value)}`,
    );
  }
  for (const [k, w] of Object.entries(value)) {
    if (!/^\d+$/.test(k)) {
      throw new ValueError(
        `${where}: classWeight must be ${expected}; key '${k}' is not a class index`,
      );
    }
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new ValueError(
        `${where}: classWeight[${k}] must be a non-negative finite number, received ${describeValue(w)}`,
      );
    }
  }
  return value as Readonly<Record<number, number>>;
}
