/**
 * The names classes are known by, which survive minification: a bundler may rename `Dense`
 * to `xo`, so `new.target.name` would give layers default names such as `xo_1` and put them
 * into saved files. The registry records each registered class's name here (its
 * `className`); models, which are not registered, record theirs themselves. A class not
 * recorded (a user's own subclass) is known by its JavaScript name.
 */
const NAMES = new WeakMap<object, string>();

/** Records that `cls` is known as `name` (the registry does this for every registered class). */
export function nameClass(cls: object, name: string): void {
  NAMES.set(cls, name);
}

/** The name `cls` is known by: the recorded one, else its JavaScript name. */
export function classNameOf(cls: { readonly name: string }): string {
  return NAMES.get(cls) ?? cls.name;
}
