/**
 * JSON helpers for reading untrusted files: type guards, and the snake_case ⇄ camelCase
 * key conversions TF.js applies between its configs and Keras's
 * (`tfjs-layers/src/utils/generic_utils.ts`). Objects are built with `Object.fromEntries`
 * so a `__proto__` key in a file stays a plain key and never changes a prototype.
 */
import type { JsonObject, JsonValue } from './types.js';

export function isObject(x: unknown): x is JsonObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

export function isJsonArray(x: unknown): x is JsonValue[] {
  return Array.isArray(x);
}

/** An own property of a parsed JSON object (never one from the prototype chain). */
export function own(o: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** TF.js's `toSnakeCase`: `batchInputShape` → `batch_input_shape`, `beta1` stays. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** TF.js's `toCamelCase`: `kernel_initializer` → `kernelInitializer`, `beta_1` → `beta1`. */
export function toCamelCase(name: string): string {
  if (name.length <= 1 || !name.includes('_')) return name;
  return name.replace(/_+(\w|$)/g, (_m, c: string) => c.toUpperCase());
}

/** A short, safe rendering of a value for messages. */
export function show(x: unknown): string {
  if (x === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(x) ?? typeof x;
  } catch {
    s = typeof x; // a cycle or a BigInt
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Whether every element is a non-negative safe integer (a tensor shape). */
export function isShape(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((d) => Number.isSafeInteger(d) && (d as number) >= 0);
}
