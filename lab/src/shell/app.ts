/**
 * The lab's shell: header (title, language switch), navigation over the registry, the
 * cross-origin isolation banner, the error box, the page's element and its code panel.
 * Pages are mounted from the hash route `#/<id>?<params>`; the language is `?lang=` in the
 * URL (and remembered). A page gets a fresh element and AbortSignal on every mount.
 */
import { codePanel, type CodePanel } from './code-panel.js';
import { h } from './dom.js';
import { catchUncaught, errorBox, type ErrorBox } from './error-box.js';
import { initialLang, isLang, rememberLang, translate } from './i18n.js';
import type { Lang, LabPage, PageContext } from './page.js';
import { formatRoute, parseRoute, toSearchParams } from './router.js';
import { SHELL_STRINGS } from './strings.js';

const LANG_NAMES: Record<Lang, string> = { en: 'English', 'zh-TW': '繁體中文' };

/** Starts the lab in `app` with `pages` (the registry, in the chapter's order). */
export function startLab(app: HTMLElement, pages: readonly LabPage[]): void {
  if (pages.length === 0) throw new Error('internal: the lab has no pages');
  let lang: Lang = initialLang();
  rememberLang(lang);
  let controller: AbortController | null = null;
  let mounted = ''; // the hash + language last mounted
  let parts: Parts;
  const box: { current: ErrorBox | null } = { current: null };
  catchUncaught({
    element: document.createElement('div'),
    show: (e) => box.current?.show(e),
    clear: () => box.current?.clear(),
  });

  const shellT = (key: string, vars?: Record<string, string | number>): string =>
    translate(SHELL_STRINGS[lang], key, vars);

  const render = (): void => {
    parts = layout(pages, lang, shellT, (next) => {
      lang = next;
      rememberLang(lang);
      render();
      void mount(true);
    });
    box.current = parts.errors;
    app.replaceChildren(parts.root);
    const skip = document.querySelector<HTMLAnchorElement>('.skip-link');
    if (skip) {
      skip.textContent = shellT('skip');
      skip.onclick = (e) => {
        e.preventDefault();
        parts.main.focus();
      };
    }
  };

  const mount = async (force = false): Promise<void> => {
    const route = parseRoute();
    let page = pages.find((p) => p.id === route.id);
    let params = route.params;
    if (!page) {
      if (route.id) parts.notice(shellT('notFound', { id: route.id }));
      page = pages[0]!;
      params = new URLSearchParams();
      history.replaceState(history.state, '', formatRoute(page.id));
    }
    const key = `${location.hash}|${lang}`;
    if (!force && key === mounted) return;
    const focusTitle = mounted !== '' && !force;
    mounted = key;
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    const current = page;
    parts.errors.clear();
    parts.select(current);
    parts.code.show('');
    document.title = `${current.title[lang]} · ${shellT('labTitle')}`;
    if (focusTitle) parts.title.focus();
    const root = h('div', {
      class: 'page',
      id: `page-${current.id}`,
      'data-testid': 'page-root',
      'data-page': current.id,
    });
    parts.pageHost.replaceChildren(root);
    const ctx: PageContext = {
      lang,
      params,
      signal,
      t: (k, vars) => translate(current.strings[lang], k, vars),
      setParams: (next) => {
        if (signal.aborted) return;
        const hash = formatRoute(current.id, toSearchParams(next));
        history.replaceState(history.state, '', hash);
        mounted = `${location.hash}|${lang}`;
      },
      showCode: (code) => {
        if (!signal.aborted) parts.code.show(code);
      },
    };
    try {
      await current.mount(root, ctx);
      if (!signal.aborted) root.dataset.ready = 'true';
    } catch (error) {
      if (signal.aborted) return;
      console.error(error);
      parts.errors.show(error);
      root.dataset.ready = 'error';
    }
  };

  render();
  addEventListener('hashchange', () => {
    // `#main` and other non-route hashes (in-page anchors) leave the page as it is.
    if (location.hash === '' || location.hash.startsWith('#/')) void mount();
  });
  addEventListener('popstate', () => {
    const fromUrl = new URLSearchParams(location.search).get('lang');
    if (isLang(fromUrl) && fromUrl !== lang) {
      lang = fromUrl;
      rememberLang(lang);
      render();
      void mount(true);
    }
  });
  void mount(true);
}

/** The parts of the layout the shell updates. */
interface Parts {
  root: HTMLElement;
  main: HTMLElement;
  title: HTMLElement;
  pageHost: HTMLElement;
  code: CodePanel;
  errors: ErrorBox;
  select(page: LabPage): void;
  notice(text: string): void;
}

function layout(
  pages: readonly LabPage[],
  lang: Lang,
  t: (key: string, vars?: Record<string, string | number>) => string,
  onLang: (lang: Lang) => void,
): Parts {
  const langSelect = h('select', { id: 'lab-lang', 'data-testid': 'lang' });
  for (const l of Object.keys(LANG_NAMES) as Lang[]) {
    const option = h('option', { value: l, lang: l, text: LANG_NAMES[l] });
    option.selected = l === lang;
    langSelect.append(option);
  }
  langSelect.addEventListener('change', () => {
    if (isLang(langSelect.value)) onLang(langSelect.value);
  });
  const links = pages.map((p, i) =>
    h(
      'a',
      { href: formatRoute(p.id), 'data-testid': `nav-${p.id}` },
      h('span', { class: 'num', 'aria-hidden': 'true', text: `${i + 1}` }),
      ` ${p.title[lang]}`,
    ),
  );
  const nav = h(
    'nav',
    { class: 'nav', 'aria-label': t('nav'), 'data-testid': 'nav' },
    h('ol', {}, ...links.map((a) => h('li', {}, a))),
  );
  const banner = h('p', {
    class: 'banner',
    role: 'note',
    'data-testid': 'isolation-banner',
    text: t('noIsolation'),
  });
  banner.hidden = globalThis.crossOriginIsolated === true;
  const notice = h('p', { class: 'notice', role: 'status', hidden: true });
  const title = h('h1', { id: 'page-title', tabindex: -1, 'data-testid': 'page-title' });
  const pageHost = h('div', { class: 'page-host' });
  const code = codePanel(t);
  const errors = errorBox(t);
  const main = h(
    'main',
    { id: 'main', tabindex: -1 },
    errors.element,
    notice,
    title,
    pageHost,
    code.element,
  );
  const header = h(
    'header',
    { class: 'top' },
    h(
      'div',
      { class: 'brand' },
      h('a', { href: formatRoute(pages[0]!.id), class: 'brand-link', text: t('labTitle') }),
      h('span', { class: 'tagline', text: t('tagline') }),
    ),
    h('div', { class: 'lang' }, h('label', { for: 'lab-lang', text: t('language') }), langSelect),
  );
  const root = h(
    'div',
    { class: 'lab', lang },
    header,
    banner,
    h('div', { class: 'layout' }, nav, main),
    h('footer', { class: 'foot', text: t('footer') }),
  );
  return {
    root,
    main,
    title,
    pageHost,
    code,
    errors,
    select(page) {
      title.textContent = page.title[lang];
      links.forEach((a, i) => {
        if (pages[i] === page) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      });
    },
    notice(text) {
      notice.textContent = text;
      notice.hidden = false;
      setTimeout(() => (notice.hidden = true), 6000);
    },
  };
}
