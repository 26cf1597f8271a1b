/**
 * The registry every kind uses (layers, activations, initializers, regularizers, losses,
 * metrics, optimizers, learning-rate schedules): one registration per class, found by its
 * id (`'glorotUniform'`), its Keras class name (`'GlorotUniform'`), Keras's snake_case
 * (`'glorot_uniform'`) or an alias, in any letter case; `get` resolves what users and saved
 * files give (an id, an instance, `{className, config}` or Keras's `{class_name, config}`).
 *
 * A kind is `new Registry(...)` in its index file (layers: `layers/registry.ts`), and each
 * of its classes one `register`/`registerClass` line there (layers: in their group under
 * `layers/factories/`), which also returns the public factory (`nn.optimizers.adam`),
 * checked to take an options object.
 */
import { nameClass } from './class-names.js';
import { ValueError } from '../errors.js';
import { camelKeys, idFromClassName, type KeyTable, looseKey } from './keys.js';
import { checkKeys, checkOptions, describeArgument } from './options.js';

/** A config as users and files give it (camelCase keys; snake_case is respelled on reading). */
export type Config = Readonly<Record<string, unknown>>;

/** How Neurite writes an object: its Keras class name and its `getConfig()`. */
export interface Serialized<C = Config> {
  className: string;
  config: C;
}

/** A saved object in our spelling (`className`) or Keras's (`class_name`). */
export interface SavedObject {
  readonly className?: string;
  readonly class_name?: string;
  readonly config?: Config | null;
}

/** What `get` resolves: an id, an instance, or a saved object. */
export type Identifier<T> = string | T | SavedObject;

/** One class of a kind, as its index file registers it. */
export interface Registration<T> {
  /** Keras's class name (`'Dense'`, `'GlorotUniform'`): what saved files call it. */
  className: string;
  /** What users type (`'dense'`). Default: the kind's rule applied to `className`. */
  id?: string;
  /** More names that find it, listed after the id in the unknown-name error. */
  aliases?: readonly string[];
  /** The option a bare value passed to the factory most likely meant (`adam(0.1)` → `learningRate`). */
  positional?: string;
  /** Builds it from a saved config when that differs from calling the factory with it. */
  fromConfig?: (config: Config) => T;
  /**
   * Options the factory takes that the built object's `getConfig()` does not echo (beyond
   * the kind's `commonKeys`): the factory refuses any key outside these three sets.
   */
  extraKeys?: readonly string[];
}

/** A registered class. */
export interface Entry<T> {
  readonly className: string;
  readonly id: string;
  readonly aliases: readonly string[];
  /** Builds one from a camelCase config: the registration's `fromConfig`, else its factory. */
  readonly fromConfig: (config: Config) => T;
  /** The class, when registered by `registerClass`. */
  readonly cls?: new (...args: never) => T;
}

export interface RegistryOptions<T> {
  /** `'loss'`, for messages. */
  kind: string;
  /** `'nn.losses'`: where the factories live, for the options-object error. */
  namespace: string;
  /** The prefix of `get`'s errors (`'getLoss'`); none by default. */
  where?: string;
  /** Whether a value already is one (`get` returns it as is). */
  is: (x: unknown) => x is T;
  /** What `get` takes, for its error on anything else: `'a loss id, a Loss or …'`. */
  accepts: string;
  /** A class's id from its class name. Default `idFromClassName` (`MaxPooling2D` → `maxPooling2d`). */
  id?: (className: string) => string;
  /** The kind's saved-config keys spelled otherwise than TF.js's snake_case rule. */
  keys?: KeyTable;
  /**
   * Reading a saved config, for all classes of the kind (options to drop, keys to check
   * after building, …): given the respelled config and the entry. Default `entry.fromConfig`.
   */
  read?: (config: Config, entry: Entry<T>, where: string) => T;
  /** The unknown-name error after `where: `. Default `unknown <kind> 'x'; valid ids: <listing>`. */
  unknown?: (name: string, registry: Registry<T>) => string;
  /** How a factory's result is used, added to its options-object error when given a tensor. */
  usage?: (id: string) => string;
  /**
   * Options every factory of the kind takes that `getConfig()` does not echo (a layer's
   * `inputShape`): with the built object's config keys and the registration's `extraKeys`,
   * the keys a factory accepts.
   */
  commonKeys?: readonly string[];
  /** Keys of other libraries to suggest a name for in the unknown-option error (`lr`). */
  renamed?: Readonly<Record<string, string>>;
}

/** Whether `x` has a `getConfig` method (function-valued losses and activations may not). */
function hasGetConfig(x: unknown): x is { getConfig(): object } {
  return (
    (typeof x === 'object' || typeof x === 'function') &&
    x !== null &&
    typeof (x as { getConfig?: unknown }).getConfig === 'function'
  );
}

function isRecord(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** An own property (never one from the prototype chain: the value may come from a file). */
function own(o: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** A class's `{className, config}`: how every kind is saved. */
export function serialize<C extends object>(x: {
  readonly className: string;
  getConfig(): C;
}): Serialized<C> {
  return { className: x.className, config: { ...x.getConfig() } };
}

/**
 * The keys of `x.getConfig()`, or undefined when it has none or cannot give one (an
 * optimizer whose learning rate is a plain function cannot be serialized).
 */
function keysOfConfig(x: unknown): string[] | undefined {
  if (!hasGetConfig(x)) return undefined;
  try {
    return Object.keys(x.getConfig());
  } catch {
    return undefined;
  }
}

export class Registry<T> {
  readonly kind: string;
  readonly namespace: string;
  readonly where: string;
  /** The kind's saved-config keys spelled otherwise than the mechanical rule. */
  readonly keys: KeyTable;
  readonly #options: RegistryOptions<T>;
  readonly #entries: Entry<T>[] = [];
  readonly #byName = new Map<string, Entry<T>>();
  readonly #byClass = new Map<string, Entry<T>>();

  constructor(options: RegistryOptions<T>) {
    this.kind = options.kind;
    this.namespace = options.namespace;
    this.where = options.where ?? '';
    this.keys = options.keys ?? {};
    this.#options = options;
  }

  /**
   * Registers a class built by `create` and returns `create`, checked to take an options
   * object (or nothing): the factory to export as `nn.<kind>.<id>`.
   */
  register<A extends [options?: unknown], R extends T>(
    create: (...args: A) => R,
    registration: Registration<T>,
  ): (...args: A) => R {
    return this.#add(create, registration, undefined);
  }

  /** `register` for a class whose constructor takes the options object. */
  registerClass<A extends [options?: unknown], R extends T>(
    cls: new (...args: A) => R,
    registration: Registration<T>,
  ): (...args: A) => R {
    return this.#add((...args: A) => new cls(...args), registration, cls);
  }

  #add<A extends [options?: unknown], R extends T>(
    create: (...args: A) => R,
    registration: Registration<T>,
    cls: (new (...args: A) => R) | undefined,
  ): (...args: A) => R {
    const { className, aliases = [], positional, extraKeys = [] } = registration;
    const id = registration.id ?? (this.#options.id ?? idFromClassName)(className);
    // A saved config is the options object the factory takes. Its values come from a file or
    // a caller at run time, so only the class's own checks can type them: the one cast here.
    const fromConfig =
      registration.fromConfig ?? ((config: Config) => create(...([config] as never)));
    const entry: Entry<T> = { className, id, aliases, fromConfig, ...(cls ? { cls } : {}) };
    if (cls) nameClass(cls, className);
    const keys = [id, className, ...aliases].map((name) => [name, looseKey(name)] as const);
    for (const [name, key] of keys) {
      const taken = this.#byName.get(key);
      if (taken) {
        throw new Error(
          `${this.kind} '${name}' is registered twice (${taken.className}, ${className})`,
        );
      }
    }
    for (const [, key] of keys) this.#byName.set(key, entry);
    this.#byClass.set(className, entry);
    this.#entries.push(entry);
    const note = this.#options.usage?.(id);
    const name = { namespace: this.namespace, name: id, positional, note };
    const { commonKeys = [], renamed } = this.#options;
    return (...args: A): R => {
      const options = args[0];
      checkOptions(options, name);
      const made = create(...args);
      // The keys are checked on the built object, whose getConfig lists what its class takes
      // (building allocates no weights: layers build on first call, optimizers on first step).
      if (options !== undefined && Object.keys(options as object).length > 0) {
        const configKeys = keysOfConfig(made) ?? keysOfConfig(create(...([] as unknown as A)));
        if (configKeys !== undefined) {
          const valid = [...configKeys, ...commonKeys, ...extraKeys];
          checkKeys(options, valid, `${this.namespace}.${id}`, renamed);
        }
      }
      return made;
    };
  }

  /** The entry an id, class name, snake_case name or alias (any letter case) names. */
  find(name: string): Entry<T> | undefined {
    return this.#byName.get(looseKey(name));
  }

  /** The entry of an exact Keras class name, as a saved model must spell it. */
  findClass(className: string): Entry<T> | undefined {
    return this.#byClass.get(className);
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }

  entries(): readonly Entry<T>[] {
    return this.#entries;
  }

  /** The ids, in registration order. */
  ids(): string[] {
    return this.#entries.map((e) => e.id);
  }

  /** The Keras class names, in registration order. */
  classNames(): string[] {
    return this.#entries.map((e) => e.className);
  }

  /** Every id with its aliases in parentheses, for messages: `meanSquaredError (mse), …`. */
  listing(): string {
    return this.#entries
      .map((e) => (e.aliases.length ? `${e.id} (${e.aliases.join(', ')})` : e.id))
      .join(', ');
  }

  #prefix(where: string): string {
    return where ? `${where}: ` : '';
  }

  /** Throws the unknown-name error, which lists the valid ids. */
  unknown(name: string, where = this.where): never {
    const text = this.#options.unknown
      ? this.#options.unknown(name, this)
      : `unknown ${this.kind} '${name}'; valid ids: ${this.listing()}`;
    throw new ValueError(`${this.#prefix(where)}${text}`);
  }

  /** The entry `name` finds, else the unknown-name error. */
  entry(name: string, where = this.where): Entry<T> {
    return this.find(name) ?? this.unknown(name, where);
  }

  /** Builds the class `name` finds from a saved config (either key spelling). */
  fromConfig(name: string, config: unknown, where = this.where): T {
    const entry = this.entry(name, where);
    if (!isRecord(config)) {
      throw new ValueError(
        `${this.#prefix(where)}the config of '${name}' must be an object, received ${describeArgument(config)}`,
      );
    }
    const c = camelKeys(config, this.keys);
    return this.#options.read ? this.#options.read(c, entry, where) : entry.fromConfig(c);
  }

  /**
   * Resolves an id (with the defaults), an instance (returned as is), or a saved
   * `{className, config}` / `{class_name, config}`.
   */
  get(identifier: Identifier<T>, where = this.where): T {
    if (this.#options.is(identifier)) return identifier;
    if (typeof identifier === 'string') return this.fromConfig(identifier, {}, where);
    if (isRecord(identifier)) {
      const className = own(identifier, 'className') ?? own(identifier, 'class_name');
      if (typeof className === 'string') {
        return this.fromConfig(className, own(identifier, 'config') ?? {}, where);
      }
    }
    throw new ValueError(
      `${where || this.kind}: expected ${this.#options.accepts}, received ${describeArgument(identifier)}`,
    );
  }
}
