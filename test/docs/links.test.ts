/**
 * The documentation site builds (`node scripts/build-docs.mjs`, the same as `npm run docs`,
 * into a temporary folder) and every internal link and anchor in it resolves.
 *
 * Why the built site and not the Markdown: the pages that matter most are generated (the
 * TypeDoc reference, its group pages, the sidebar and the navigation), and only the HTML
 * shows the anchors VitePress really gives headings. VitePress itself already refuses a
 * link to a missing page at build time (`ignoreDeadLinks: false`); this test adds anchors,
 * images, the sidebar and the generated pages. A planted broken link and anchor in a copy
 * of two built pages prove the checker fails on them.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Every .html file under `dir`, relative, with forward slashes. */
function htmlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.html'))
        out.push(relative(dir, join(d, e.name)).replace(/\\/g, '/'));
    }
  };
  walk(dir);
  return out.sort();
}

const decode = (s: string): string =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** The ids a page defines (anchors a link may point at). */
function idsOf(html: string): Set<string> {
  const ids = new Set<string>();
  for (const m of html.matchAll(/\s(?:id|name)="([^"]*)"/g)) ids.add(decode(m[1] ?? ''));
  return ids;
}

/** The internal targets of a page: <a href> and <img src> that are not external. */
function linksOf(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<(a|img)\s[^>]*?(?:href|src)="([^"]*)"/g)) {
    const url = decode(m[2] ?? '');
    if (url === '' || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) continue;
    out.push(url);
  }
  return out;
}

/**
 * Checks every internal link and anchor of the site in `dir`; returns one line per broken
 * one: `page -> link (why)`.
 */
function checkSite(dir: string): string[] {
  const pages = htmlFiles(dir);
  const ids = new Map<string, Set<string>>();
  const idsFor = (page: string): Set<string> => {
    let set = ids.get(page);
    if (!set) ids.set(page, (set = idsOf(readFileSync(join(dir, page), 'utf8'))));
    return set;
  };
  const broken: string[] = [];
  for (const page of pages) {
    if (page === '404.html') continue;
    const html = readFileSync(join(dir, page), 'utf8');
    for (const link of new Set(linksOf(html))) {
      const [pathPart = '', hash] = link.split('#', 2) as [string, string | undefined];
      const path = pathPart.split('?')[0] ?? '';
      let target = page;
      if (path !== '') {
        const joined = path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(page), path);
        let file = posix.normalize(joined);
        if (file === '.' || file === '' || file.endsWith('/'))
          file = posix.join(file, 'index.html');
        const full = join(dir, file);
        if (!existsSync(full) || !statSync(full).isFile()) {
          if (existsSync(`${full}.html`)) file = `${file}.html`;
          else if (existsSync(join(full, 'index.html'))) file = posix.join(file, 'index.html');
          else {
            broken.push(`${page} -> ${link} (no such file)`);
            continue;
          }
        }
        target = file;
      }
      if (hash !== undefined && hash !== '' && target.endsWith('.html')) {
        if (!idsFor(target).has(decodeURIComponent(hash)))
          broken.push(`${page} -> ${link} (no anchor #${hash} in ${target})`);
      }
    }
  }
  return broken;
}

let out = '';
let built = { status: -1, ms: 0, log: '' };

describe('the documentation site', () => {
  beforeAll(() => {
    // NEURITE_DOCS_SITE=<dir>: check a site built already (npm run docs; for working on pages).
    const prebuilt = process.env.NEURITE_DOCS_SITE;
    if (prebuilt) {
      out = prebuilt;
      built = {
        status: existsSync(join(prebuilt, 'index.html')) ? 0 : -1,
        ms: 0,
        log: `no site in ${prebuilt}`,
      };
      return;
    }
    out = mkdtempSync(join(tmpdir(), 'neurite-site-'));
    const started = Date.now();
    const res = spawnSync(process.execPath, [join(root, 'scripts/build-docs.mjs'), '--out', out], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    built = {
      status: res.status ?? -1,
      ms: Date.now() - started,
      log: `${res.stdout}\n${res.stderr}`,
    };
    console.log(`docs site built in ${(built.ms / 1000).toFixed(1)} s`);
  }, 900_000);

  afterAll(() => {
    if (out && !process.env.NEURITE_DOCS_SITE) rmSync(out, { recursive: true, force: true });
  });

  it('builds with npm run docs’s script', () => {
    expect(built.status, built.log.slice(-6000)).toBe(0);
    for (const page of [
      'index.html',
      'zh-TW/index.html',
      'reference/index.html',
      'reference/cli.html',
    ])
      expect(existsSync(join(out, page)), page).toBe(true);
  });

  it('has no broken internal link or anchor', () => {
    expect(built.status).toBe(0);
    const pages = htmlFiles(out);
    expect(pages.length).toBeGreaterThan(100);
    expect(checkSite(out)).toEqual([]);
  });

  it('fails on a planted broken link and anchor (in a copy of two pages)', () => {
    expect(built.status).toBe(0);
    const copy = mkdtempSync(join(tmpdir(), 'neurite-site-planted-'));
    try {
      for (const page of ['index.html', 'reference/index.html']) {
        const to = join(copy, page);
        cpSync(join(out, page), to, { recursive: true });
        expect(existsSync(dirname(to))).toBe(true);
      }
      const file = join(copy, 'index.html');
      const html = readFileSync(file, 'utf8');
      const planted =
        '<a href="/guide/no-such-page.html">x</a><a href="/reference/index.html#no-such-anchor">y</a>';
      writeFileSync(file, html.replace('</body>', `${planted}</body>`));
      const broken = checkSite(copy);
      expect(broken).toContain('index.html -> /guide/no-such-page.html (no such file)');
      expect(broken).toContain(
        'index.html -> /reference/index.html#no-such-anchor (no anchor #no-such-anchor in reference/index.html)',
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
