/**
 * The lab's shell, end to end in Chromium: every page of the registry loads with no console
 * error in both languages, keyboard navigation, the language switch (remembered), URL state,
 * the code panel, and a phone-sized viewport without horizontal scrolling.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  labBuild,
  labOrigin,
  openLab,
  requireBrowser,
  screenshot,
  skip,
  type LabSession,
} from './harness.js';

const LANGS = ['en', 'zh-TW'] as const;
type Lang = (typeof LANGS)[number];

/** A page of the registry as the navigation lists it (read from the lab, so that this test
 * does not import the pages and their dependencies into Node). */
interface PageInfo {
  id: string;
  title: Record<Lang, string>;
}
let PAGES: PageInfo[] = [];

async function readPages(): Promise<PageInfo[]> {
  const titles: Partial<Record<Lang, { id: string; title: string }[]>> = {};
  for (const lang of LANGS) {
    const lab = await openLab('', { lang });
    try {
      titles[lang] = await lab.page.locator('[data-testid="nav"] a').evaluateAll((links) =>
        links.map((a) => ({
          id: (a.getAttribute('data-testid') ?? '').replace(/^nav-/, ''),
          title: (a.lastChild?.textContent ?? '').trim(),
        })),
      );
    } finally {
      await lab.close();
    }
  }
  return titles.en!.map((p, i) => ({
    id: p.id,
    title: { en: p.title, 'zh-TW': titles['zh-TW']![i]!.title },
  }));
}

/**
 * Screenshots for docs/lab/ (README and docs): `NEURITE_LAB_SCREENSHOTS=1 npx vitest run
 * test/lab/shell.test.ts -t screenshots` writes docs/lab/<page>-<lang>.png for every page
 * of the registry (NEURITE_LAB_SCREENSHOTS=neuron,activations: only those). A page can be
 * shown in an interesting state: a route with parameters and a few clicks.
 */
const SHOTS = process.env.NEURITE_LAB_SCREENSHOTS;
const SHOT_SETUP: Record<string, { route?: string; prepare?: (lab: LabSession) => Promise<void> }> =
  {
    neuron: {
      route: 'neuron?data=xor',
      prepare: async (lab) => {
        // The page's story: the perceptron fails on XOR, then the hidden layer solves it.
        await lab.page.getByTestId('train').click();
        await lab.page.waitForSelector('[data-testid="status"][data-stuck="true"]', {
          timeout: 60_000,
        });
        await lab.page.getByTestId('add-hidden').click();
        await lab.page.waitForSelector('[data-testid="mlp-status"][data-done]', {
          timeout: 60_000,
        });
      },
    },
    activations: { route: 'activations?a=sigmoid,tanh,relu,gelu&min=-4&max=4&x=0.5' },
    // Other helpers' pages: a run in progress looks more like the page than its empty start.
    playground: {
      prepare: async (lab) => {
        await lab.page.getByTestId('pg-play').click();
        await lab.page.waitForTimeout(5000);
        await lab.page.getByTestId('pg-play').click();
      },
    },
    optimizers: {
      route: 'optimizers?s=saddle',
      prepare: async (lab) => {
        await lab.page.getByTestId('speed').selectOption('max');
        await lab.page.getByTestId('play').click();
        await lab.page.waitForSelector('[data-testid="race"][data-done="true"]', {
          timeout: 60_000,
        });
      },
    },
  };

describe.skipIf(skip)('lab shell', () => {
  beforeAll(async () => {
    requireBrowser();
    await labOrigin();
    PAGES = await readPages();
    expect(PAGES.length).toBeGreaterThanOrEqual(6);
  }, 300_000);

  for (const lang of LANGS) {
    it(`every page loads with no console error (${lang})`, async () => {
      for (const p of PAGES) {
        const lab = await openLab(p.id, { lang });
        try {
          await expect
            .poll(() => lab.page.getByTestId('page-title').textContent())
            .toBe(p.title[lang]);
          expect(await lab.page.getByTestId('page-root').getAttribute('data-ready'), p.id).toBe(
            'true',
          );
          expect(await lab.page.locator('html').getAttribute('lang')).toBe(lang);
          await lab.page.waitForTimeout(300);
          expect(lab.errors, `${p.id} (${lang})`).toEqual([]);
        } finally {
          await lab.close();
        }
      }
    }, 240_000);
  }

  it('navigates by keyboard: skip link, then the page links', async () => {
    const lab = await openLab(PAGES[0]!.id);
    try {
      const { page } = lab;
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'skip-link',
      );
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      expect(page.url()).toContain(`#/${PAGES[0]!.id}`);
      // Tab to the second page's link and follow it with Enter.
      const target = PAGES[1]!;
      await page.getByTestId(`nav-${PAGES[0]!.id}`).focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        `nav-${target.id}`,
      );
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('page-title').textContent()).toBe(target.title.en);
      expect(page.url()).toContain(`#/${target.id}`);
      expect(await page.getByTestId(`nav-${target.id}`).getAttribute('aria-current')).toBe('page');
      // The title takes the focus after navigation, so that a screen reader announces it.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('page-title');
      // A visible focus outline.
      await page.keyboard.press('Tab');
      const outline = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return getComputedStyle(el).outlineStyle;
      });
      expect(outline).not.toBe('none');
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('switches language, keeps it in the URL and remembers it', async () => {
    const lab = await openLab(PAGES[1]!.id, { lang: 'en' });
    try {
      const { page } = lab;
      await page.getByTestId('lang').selectOption('zh-TW');
      await expect
        .poll(() => page.getByTestId('page-title').textContent())
        .toBe(PAGES[1]!.title['zh-TW']);
      expect(new URL(page.url()).searchParams.get('lang')).toBe('zh-TW');
      expect(page.url()).toContain(`#/${PAGES[1]!.id}`);
      expect(await page.getByTestId(`nav-${PAGES[0]!.id}`).textContent()).toContain(
        PAGES[0]!.title['zh-TW'],
      );
      // Remembered: the same context without ?lang= opens in Traditional Chinese.
      await page.goto(`${await labOrigin()}#/${PAGES[0]!.id}`);
      await page.waitForSelector('[data-testid="page-root"][data-ready]');
      expect(await page.getByTestId('page-title').textContent()).toBe(PAGES[0]!.title['zh-TW']);
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('an unknown page shows the first page with a note', async () => {
    const lab = await openLab('no-such-page');
    try {
      expect(await lab.page.getByTestId('page-title').textContent()).toBe(PAGES[0]!.title.en);
      expect(lab.page.url()).toContain(`#/${PAGES[0]!.id}`);
      expect(await lab.page.getByRole('status').first().textContent()).toContain('no-such-page');
    } finally {
      await lab.close();
    }
  });

  it('without COOP/COEP a banner says so, and the pages still work on one thread', async () => {
    const dir = await labBuild();
    const types: Record<string, string> = {
      '.html': 'text/html',
      '.js': 'text/javascript',
      '.css': 'text/css',
    };
    const plain = createServer((req, res) => {
      const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(
        /^(\.\.[/\\])+/,
        '',
      );
      const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
      readFile(file).then(
        (body) =>
          res
            .writeHead(200, {
              'Content-Type': types[/\.\w+$/.exec(file)?.[0] ?? ''] ?? 'application/octet-stream',
            })
            .end(body),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`;
    try {
      for (const lang of LANGS) {
        const lab = await openLab('neuron?data=and', { origin, lang });
        try {
          expect(await lab.page.evaluate(() => crossOriginIsolated)).toBe(false);
          const banner = lab.page.getByTestId('isolation-banner');
          expect(await banner.isVisible()).toBe(true);
          expect(await banner.textContent()).toContain(
            lang === 'en' ? 'on one thread' : '單一執行緒',
          );
          await lab.page.getByTestId('step').click();
          expect(await lab.page.getByTestId('status').getAttribute('data-epoch')).toBe('1');
          expect(lab.errors).toEqual([]);
        } finally {
          await lab.close();
        }
      }
    } finally {
      plain.close();
    }
  });

  it('is cross-origin isolated when served with COOP/COEP (no banner)', async () => {
    const lab = await openLab(PAGES[0]!.id);
    try {
      expect(await lab.page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await lab.page.getByTestId('isolation-banner').isHidden()).toBe(true);
    } finally {
      await lab.close();
    }
  });

  for (const lang of LANGS) {
    it(`a 375-px phone viewport has no horizontal scroll (${lang})`, async () => {
      let lab: LabSession | undefined;
      for (const p of PAGES) {
        lab = await openLab(p.id, { lang, viewport: { width: 375, height: 740 } });
        try {
          await lab.page.waitForTimeout(300);
          const widths = await lab.page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
          }));
          expect(widths.scroll, `${p.id} (${lang})`).toBeLessThanOrEqual(widths.client);
        } finally {
          await lab.close();
        }
      }
    }, 240_000);
  }

  it.skipIf(!SHOTS)(
    'screenshots of every page in both languages (docs/lab/)',
    async () => {
      const only = SHOTS && SHOTS !== '1' ? SHOTS.split(',') : null;
      for (const p of PAGES) {
        if (only && !only.includes(p.id)) continue;
        for (const lang of LANGS) {
          const setup = SHOT_SETUP[p.id] ?? {};
          const lab = await openLab(setup.route ?? p.id, {
            lang,
            viewport: { width: 1280, height: 860 },
          });
          try {
            await setup.prepare?.(lab);
            await lab.page.waitForTimeout(800);
            await screenshot(lab, `${p.id}-${lang}`);
            expect(lab.errors, `${p.id} (${lang})`).toEqual([]);
          } finally {
            await lab.close();
          }
        }
      }
    },
    600_000,
  );
});
