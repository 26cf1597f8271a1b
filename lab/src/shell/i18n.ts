/**
 * Languages: which one to show (the URL's `?lang=`, then localStorage, then the browser's
 * preference) and string lookup with `{name}` placeholders.
 */
import { LANGS, type Lang, type Strings } from './page.js';

const STORAGE_KEY = 'neurite-lab-lang';

/** Whether `value` is one of the lab's languages. */
export function isLang(value: string | null | undefined): value is Lang {
  return LANGS.includes(value as Lang);
}

/** The language to start in: `?lang=` in the URL, else the remembered one, else the browser's. */
export function initialLang(search: string = location.search): Lang {
  const fromUrl = new URLSearchParams(search).get('lang');
  if (isLang(fromUrl)) return fromUrl;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // Storage can be unavailable (private mode, sandboxed frames): fall through.
  }
  const preferred = navigator.languages ?? [navigator.language];
  return preferred.some((l) => /^zh-(tw|hant|hk|mo)/i.test(l)) ? 'zh-TW' : 'en';
}

/** Remembers `lang` (localStorage) and writes it into the URL's query (no reload). */
export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered across visits; the URL still carries it.
  }
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  history.replaceState(history.state, '', url);
  document.documentElement.lang = lang;
}

/**
 * `strings[key]` with `{name}` replaced from `vars`; a missing key shows as `⟨key⟩` (and is
 * reported on the console) so a gap is visible rather than blank.
 */
export function translate(
  strings: Strings,
  key: string,
  vars: Record<string, string | number> = {},
): string {
  const text = strings[key];
  if (text === undefined) {
    console.warn(`lab: missing string '${key}'`);
    return `⟨${key}⟩`;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}
