/**
 * The documentation site (VitePress): English at /, Traditional Chinese at /zh-TW/, local
 * (offline) search, and the API reference that scripts/build-docs.mjs generates into
 * docs/reference/. The tutorial, migration and guide sidebars are read from the folders,
 * so a new page appears once it exists (ordered by file name, titled by its first heading).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme } from 'vitepress';

const docs = fileURLToPath(new URL('../', import.meta.url));

/** The first `# ` heading of a Markdown file (its title), or the file name. */
function titleOf(file: string): string {
  const heading = /^#\s+(.+)$/m.exec(readFileSync(file, 'utf8'));
  return heading?.[1]?.replace(/`/g, '').trim() ?? file;
}

/**
 * Sidebar items for every page in `docs/<folder>`: index.md first, then the pages in the
 * order the index links to them (a tutorial's table of contents), then the rest by name.
 */
function pages(folder: string): DefaultTheme.SidebarItem[] {
  const dir = join(docs, folder);
  if (!existsSync(dir)) return [];
  const index = join(dir, 'index.md');
  const linked = existsSync(index)
    ? [...readFileSync(index, 'utf8').matchAll(/\]\(\.\/([\w.-]+\.md)(?:#[^)]*)?\)/g)].map(
        (m) => m[1],
      )
    : [];
  const rank = (f: string): number => {
    if (f === 'index.md') return -1;
    const at = linked.indexOf(f);
    return at === -1 ? linked.length : at;
  };
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return files.map((f) => ({
    text: titleOf(join(dir, f)),
    link: `/${folder}/${f === 'index.md' ? '' : f.replace(/\.md$/, '')}`,
  }));
}

/** The reference's group pages (written by scripts/build-docs.mjs). */
function referenceSidebar(): DefaultTheme.SidebarItem[] {
  const file = join(docs, 'reference/groups.json');
  const groups = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as DefaultTheme.SidebarItem[])
    : [];
  return [
    { text: 'API reference', link: '/reference/' },
    { text: 'By topic', items: groups },
    {
      text: 'By entry point',
      items: [
        { text: 'neurite', link: '/reference/neurite/' },
        { text: 'neurite/plots', link: '/reference/neurite/plots/' },
        { text: 'neurite/tfjs', link: '/reference/neurite/tfjs/' },
      ],
    },
    { text: 'The command line', link: '/reference/cli' },
  ];
}

interface Words {
  overview: string;
  tutorial: string;
  guides: string;
  migration: string;
  reference: string;
}

/** A folder's pages, an index page titled like the group shown as `overview`. */
function section(folder: string, text: string, overview: string): DefaultTheme.SidebarItem[] {
  const items = pages(folder).map((item) =>
    item.text === text ? { ...item, text: overview } : item,
  );
  return [{ text, items }];
}

function sidebar(prefix: string, words: Words): DefaultTheme.Sidebar {
  return {
    [`/${prefix}tutorial/`]: section(`${prefix}tutorial`, words.tutorial, words.overview),
    [`/${prefix}guide/`]: section(`${prefix}guide`, words.guides, words.overview),
    [`/${prefix}migration/`]: section(`${prefix}migration`, words.migration, words.overview),
    '/reference/': referenceSidebar(),
  };
}

function nav(prefix: string, words: Words): DefaultTheme.NavItem[] {
  const first = (folder: string): string => pages(`${prefix}${folder}`)[0]?.link ?? `/${prefix}`;
  return [
    { text: words.tutorial, link: first('tutorial'), activeMatch: `^/${prefix}tutorial/` },
    { text: words.guides, link: first('guide'), activeMatch: `^/${prefix}guide/` },
    { text: words.migration, link: first('migration'), activeMatch: `^/${prefix}migration/` },
    { text: words.reference, link: '/reference/', activeMatch: '^/reference/' },
  ];
}

const en: Words = {
  overview: 'Overview',
  tutorial: 'Tutorial',
  guides: 'Guides',
  migration: 'Migration',
  reference: 'API reference',
};
const zh: Words = {
  overview: '總覽',
  tutorial: '教學',
  guides: '指南',
  migration: '遷移',
  reference: 'API 參考',
};

/**
 * Splits text into search terms: words on spaces and punctuation, and CJK runs (which have
 * no spaces) into single characters and pairs, so Chinese pages can be searched. It runs
 * both at build time and in the browser (VitePress serializes it), so it uses nothing
 * from outside its body.
 */
function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of text.split(/[\s\p{P}\p{S}]+/u)) {
    if (!word) continue;
    const runs = word.split(/([\u3400-\u9fff\uf900-\ufaff]+)/u);
    for (const run of runs) {
      if (!run) continue;
      if (/^[\u3400-\u9fff\uf900-\ufaff]+$/u.test(run)) {
        const chars = [...run];
        for (let i = 0; i < chars.length; i++) {
          out.push(chars[i] as string);
          if (i + 1 < chars.length) out.push(`${chars[i]}${chars[i + 1]}`);
        }
      } else out.push(run);
    }
  }
  return out;
}

export default defineConfig({
  title: 'Neurite',
  description:
    'Deep learning for TypeScript: tensors, autograd, Keras-style layers and training, on Node and in the browser.',
  outDir: '../site',
  cleanUrls: false,
  // The page-hash map of ~1,300 pages goes in one shared chunk, not inlined in every page.
  metaChunk: true,
  lastUpdated: false,
  // The lab's screenshots and ours are images, not pages.
  srcExclude: ['**/README.md', 'screenshots/**', 'lab/**'],
  // VitePress fails the build on a link to a page that does not exist; test/docs/links.test.ts
  // also checks anchors.
  ignoreDeadLinks: false,
  markdown: { theme: { light: 'github-light', dark: 'github-dark' } },
  themeConfig: {
    search: {
      provider: 'local',
      options: {
        miniSearch: { options: { tokenize }, searchOptions: { tokenize } },
        // A generated reference page is indexed by its title, signature and summary (what
        // comes before its first section): the full text of ~1,300 pages made a 7 MB index.
        _render(src, env, md) {
          const html = md.render(src, env);
          if (env.frontmatter?.search === false) return '';
          if (!env.relativePath.startsWith('reference/neurite/')) return html;
          const cut = html.search(/<h2[\s>]/);
          return cut === -1 ? html : html.slice(0, cut);
        },
        locales: {
          'zh-TW': {
            translations: {
              button: { buttonText: '搜尋', buttonAriaLabel: '搜尋' },
              modal: {
                noResultsText: '沒有結果',
                resetButtonTitle: '清除',
                footer: { selectText: '選擇', navigateText: '移動', closeText: '關閉' },
              },
            },
          },
        },
      },
    },
    outline: { level: [2, 3] },
  },
  locales: {
    root: {
      label: 'English',
      lang: 'en',
      // The reference is English only, so "繁體中文" from an English page opens the Chinese
      // home page rather than a /zh-TW/ twin that may not exist; from a Chinese page, the
      // language menu opens the same page in English.
      themeConfig: { nav: nav('', en), sidebar: sidebar('', en), i18nRouting: false },
    },
    'zh-TW': {
      label: '繁體中文',
      lang: 'zh-TW',
      link: '/zh-TW/',
      title: 'Neurite',
      description:
        'TypeScript 的深度學習：張量、自動微分、Keras 風格的層與訓練，可在 Node 與瀏覽器中執行。',
      themeConfig: {
        nav: nav('zh-TW/', zh),
        sidebar: sidebar('zh-TW/', zh),
        outline: { level: [2, 3], label: '本頁內容' },
        docFooter: { prev: '上一頁', next: '下一頁' },
        darkModeSwitchLabel: '外觀',
        sidebarMenuLabel: '選單',
        returnToTopLabel: '回到頂端',
        langMenuLabel: '語言',
      },
    },
  },
});
