/**
 * JSON helpers for reading untrusted files: type guards and value descriptions for
 * messages. (Key spellings, snake_case ⇄ camelCase, are `serialization/keys.ts`.)
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

/** The longest rendering `show` returns. */
const SHOW_CHARS = 80;

/**
 * A short, safe rendering of a value for messages, JSON-like, at most 80 characters. It
 * looks at no more of the value than it prints, so a huge, deeply nested or cyclic value
 * costs nothing and never throws (`JSON.stringify` would walk all of it, or overflow the
 * stack, and a fallback to `typeof` gave messages like "must be an object, received object").
 */
export function show(x: unknown): string {
  if (x === undefined) return 'nothing';
  const parts: string[] = [];
  let used = 0;
  // Returns false once enough has been written: callers stop descending.
  const put = (s: string): boolean => {
    parts.push(s);
    used += s.length;
    return used <= SHOW_CHARS;
  };
  const open: object[] = [];
  const visit = (v: unknown): boolean => {
    if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number')
      return put(String(v));
    if (typeof v === 'string')
      return put(JSON.stringify(v.length > SHOW_CHARS ? v.slice(0, SHOW_CHARS) : v));
    if (typeof v === 'bigint') return put(`${v}n`);
    if (typeof v === 'function') return put('a function');
    if (typeof v === 'symbol') return put(v.toString());
    if (v instanceof ArrayBuffer) return put(`an ArrayBuffer of ${v.byteLength} bytes`);
    if (ArrayBuffer.isView(v)) return put(`a ${v.constructor.name} of ${v.byteLength} bytes`);
    if (open.includes(v)) return put('[a cycle]');
    open.push(v);
    let more: boolean;
    if (Array.isArray(v)) {
      more = put('[');
      for (let i = 0; more && i < v.length; i++) more = (i === 0 || put(',')) && visit(v[i]);
      more &&= put(']');
    } else {
      more = put('{');
      const keys = Object.keys(v);
      for (let i = 0; more && i < keys.length; i++) {
        const k = keys[i]!;
        more =
          (i === 0 || put(',')) &&
          put(`${JSON.stringify(k.slice(0, SHOW_CHARS))}:`) &&
          visit((v as Record<string, unknown>)[k]);
      }
      more &&= put('}');
    }
    open.pop();
    return more;
  };
  visit(x);
  const s = parts.join('');
  return s.length > SHOW_CHARS ? `${s.slice(0, SHOW_CHARS - 3)}...` : s;
}

/** What kind of value `x` is, for messages: 'null', 'an array', 'a string', 'an object', … */
export function kindOf(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (x instanceof ArrayBuffer) return 'an ArrayBuffer';
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  return typeof x === 'object' ? 'an object' : `a ${typeof x}`;
}

/**
 * A value described for "expected X, received …" messages: its kind, then a short rendering
 * (`an array [1,2]`, `a string "abc"`, `null`), so a wrong kind is obvious at a glance.
 */
export function describe(x: unknown): string {
  if (x === undefined || x === null) return kindOf(x);
  if (x instanceof ArrayBuffer || ArrayBuffer.isView(x)) return show(x);
  return `${kindOf(x)} ${show(x)}`;
}

/** Whether every element is a non-negative safe integer (a tensor shape). */
export function isShape(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((d) => Number.isSafeInteger(d) && (d as number) >= 0);
}
