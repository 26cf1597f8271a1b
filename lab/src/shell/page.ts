/**
 * The contract between the lab's shell and its pages. The shell (lab/src/shell/) owns the
 * layout, navigation, language switch, URL state and the code panel; a page owns one
 * section of the chapter and only touches the element it is given.
 */

/** The lab's languages: English and Traditional Chinese (the chapter's language). */
export type Lang = 'en' | 'zh-TW';
export const LANGS: readonly Lang[] = ['en', 'zh-TW'];

/** A page's strings in one language, by key. Both languages must have the same keys. */
export type Strings = Record<string, string>;

/** What the shell hands a page when it mounts it. */
export interface PageContext {
  /** The language the page is shown in (the page is remounted when it changes). */
  readonly lang: Lang;
  /** The page's string `key` in the current language, `{name}` placeholders filled from `vars`. */
  t(key: string, vars?: Record<string, string | number>): string;
  /** The page's state in the URL (after `#/<id>?`): read once on mount. */
  readonly params: URLSearchParams;
  /** Replaces the page's URL state (history.replaceState; no reload, no remount). */
  setParams(params: Record<string, string | number | boolean>): void;
  /**
   * Shows `code` (the Neurite program that does what the page does, as a learner would
   * write it) in the page's code panel; call again when the settings change.
   */
  showCode(code: string): void;
  /** Aborted when the page is left or remounted: stop timers, workers and animation loops. */
  readonly signal: AbortSignal;
}

/** One page of the lab (one section of the chapter). */
export interface LabPage {
  /** Its route, `#/<id>`; lower-case letters and hyphens. */
  readonly id: string;
  /** Its title in the navigation, per language. */
  readonly title: Record<Lang, string>;
  /** Its strings, per language (same keys in each). */
  readonly strings: Record<Lang, Strings>;
  /** Builds the page inside `root` (empty, owned by the page until `ctx.signal` aborts). */
  mount(root: HTMLElement, ctx: PageContext): void | Promise<void>;
}
