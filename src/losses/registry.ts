/**
 * Id tables for the loss and metric registries: the camelCase id, Keras's snake_case and
 * class names, and short aliases all find the same entry.
 */
import { ValueError } from '../errors.js';

/** `'sparse_categorical_crossentropy'`, `'SparseCategoricalCrossentropy'` → one key. */
export function normalizeId(id: string): string {
  return id.replace(/_/g, '').toLowerCase();
}

/** Keras snake_case config keys → our camelCase (`from_logits` → `fromLogits`). */
export function camelizeKeys<V>(config: Readonly<Record<string, V>>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [k, v] of Object.entries(config)) {
    out[k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase())] = v;
  }
  return out;
}

/** One registry: ids (with aliases) to values, looked up loosely. */
export class IdTable<T> {
  readonly #byKey = new Map<string, T>();
  readonly #listing: string[] = [];
  readonly #ids: string[] = [];

  constructor(
    readonly kind: string,
    entries: Readonly<Record<string, { value: T; aliases: readonly string[] }>>,
  ) {
    for (const [id, { value, aliases }] of Object.entries(entries)) {
      this.add(id, value);
      for (const a of aliases) this.add(a, value);
      this.#ids.push(id);
      this.#listing.push(aliases.length ? `${id} (${aliases.join(', ')})` : id);
    }
  }

  /** Registers another key for a value (a class name, say). */
  add(key: string, value: T): void {
    const k = normalizeId(key);
    if (!this.#byKey.has(k)) this.#byKey.set(k, value);
  }

  find(id: string): T | undefined {
    return this.#byKey.get(normalizeId(id));
  }

  /** The primary ids, in registry order. */
  ids(): readonly string[] {
    return this.#ids;
  }

  /** Every id, with its aliases in parentheses, for error messages. */
  listing(): string {
    return this.#listing.join(', ');
  }

  /** Throws the "unknown id" error listing the valid ones. */
  unknown(where: string, id: string): never {
    throw new ValueError(`${where}: unknown ${this.kind} '${id}'; valid ids: ${this.listing()}`);
  }
}
