/**
 * The crawler: what a user meets, page by page, in a real browser. It signs in as each role, discovers the pages
 * from the menu (and, for the administrator, one detail or edit page of each kind from the lists' links, so a new
 * module's pages are crawled without editing this file), and fails on a console error or page error, a failed or
 * non-2xx/3xx request (assets included), a page that is not 2xx, a box its content does not fit or anything past
 * the viewport's sides, and — in Russian and French — a visible English word from the English catalogue. The
 * signed-out pages are checked to be styled (a computed style) and their language and theme switches to work.
 *
 * Bounded in time: the administrator sees every page in every language at both widths; the other roles their
 * menu's pages in one language, at one width each.
 */
import type { BrowserContext, Page, Request, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../src/deps.js';
import { seedDemoCalls } from '../../src/modules/demo/demo.calls.js';
import { seedDemo } from '../../src/modules/demo/demo.service.js';
import { catalogsForTests } from '../../src/platform/i18n/index.js';
import { useTestEnv } from '../../src/test/env.js';
import { Browser, makeUser } from '../../src/test/http.js';
import { chromiumMissing, launchBrowser, REQUIRE_ALL } from './browser.js';
import { inspectPage, type PageFacts } from './page-checks.js';

const skip = chromiumMissing && !REQUIRE_ALL;
const WIDTHS = { laptop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } } as const;
type Width = keyof typeof WIDTHS;
type Lang = 'en' | 'ru' | 'fr';
type Role = 'admin' | 'manager' | 'marketer' | 'operator';

/**
 * Latin words allowed on Russian and French pages although the English catalogue uses them: names of products,
 * formats and units that every language writes alike.
 */
const ALLOWED_WORDS = new Set([
  'sova', // the product
  'telegram', // a product name
  'csv', // file formats
  'xlsx',
  'excel',
  'pdf',
  'api', // as written in every language
  'openapi',
  'id',
  'json',
  'url',
  'https',
  'mb', // units
  'kb',
]);

const words = (text: string) =>
  text
    // Addresses, URLs, file names and codes mixing letters and digits (utf-16be) are data, not prose.
    .split(/\s+/)
    .filter((w) => !/[@/]|\w\.\w|\d[a-z]|[a-z]\d/i.test(w))
    .join(' ')
    .toLowerCase()
    .match(/[a-z][a-z'’]*[a-z]|[a-z]{2,}/g) ?? [];

const catalogueWords = (catalogue: Record<string, string>) =>
  new Set(Object.values(catalogue).flatMap((text) => words(text.replace(/\{\w+\}/g, ' '))));

const EN_WORDS = catalogueWords(catalogsForTests.en);
/** English words a page in `lang` must not show: those its own catalogue does not use too. */
const foreignWords = (lang: 'ru' | 'fr') => {
  const own = catalogueWords(catalogsForTests[lang]);
  return new Set([...EN_WORDS].filter((w) => !own.has(w) && !ALLOWED_WORDS.has(w)));
};
const FOREIGN = { ru: foreignWords('ru'), fr: foreignWords('fr') };

/**
 * Columns holding what users wrote (people's, products' and companies' names): their words are data, whatever
 * their language (the demo sells a "Support plan"), never the interface's.
 */
const DATA_COLUMNS = {
  contacts: ['firstName', 'lastName', 'middleName'],
  orders: ['product', 'description'],
  companies: ['name', 'product', 'activity', 'location', 'legalForm'],
  callCampaigns: ['name'],
  departments: ['name', 'description'],
  users: ['firstName', 'lastName', 'position'],
} as const;
/** The words of DATA_COLUMNS once the data is seeded. */
const dataWords = new Set<string>();

const PEOPLE = [
  ['Анна', 'Орлова'],
  ['Élodie', 'Lefèvre'],
  ['Илья', 'Соколов'],
  ['Mathieu', 'Girard'],
];

interface Visit {
  path: string;
  status: number;
  problems: string[];
  ms: number;
}

/** Collects what goes wrong on a page while it is the current one. */
function watch(page: Page) {
  let problems: string[] | null = null;
  // Requests the current visit made: the previous page's live stream, cut short by leaving it, is no failure.
  let mine = new Set<Request>();
  page.on('request', (r) => {
    if (problems) mine.add(r);
  });
  page.on('console', (m) => {
    if (problems && (m.type() === 'error' || m.type() === 'assert'))
      problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems?.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (problems && mine.has(r))
      problems.push(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r: Response) => {
    if (problems && mine.has(r.request()) && r.status() >= 400)
      problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return {
    start: () => {
      problems = [];
      mine = new Set();
    },
    stop: () => {
      const found = problems ?? [];
      problems = null;
      return found;
    },
  };
}

function checkFacts(facts: PageFacts, lang: Lang): string[] {
  // The same box in many rows is one problem: once, with its count and the largest overflow.
  const grouped = new Map<string, { by: number; n: number; text: string }>();
  for (const o of facts.overflows) {
    const key = `${o.what}: ${o.where}`;
    const g = grouped.get(key);
    if (g) {
      g.n += 1;
      g.by = Math.max(g.by, o.by);
    } else grouped.set(key, { by: o.by, n: 1, text: o.text });
  }
  const problems = [...grouped].map(
    ([key, g]) => `overflow ${key} by ${g.by}px${g.n > 1 ? ` (×${g.n})` : ''}${g.text ? ` «${g.text}»` : ''}`,
  );
  if (lang !== 'en') {
    const foreign = new Map<string, string>();
    for (const text of facts.texts)
      for (const w of words(text))
        if (FOREIGN[lang].has(w) && !dataWords.has(w) && !foreign.has(w)) foreign.set(w, text.slice(0, 80));
    for (const [w, text] of foreign) problems.push(`English word "${w}" in «${text}»`);
  }
  // Internal names are not the reader's words: the systems Sova replaces are named by what they do, queue
  // drivers by what they mean for the reader ("in this process", not "embedded").
  const jargon = facts.texts.filter((text) => /\bseed[\s_-]*0\d\d\b|\bembedded\b|\bpg[-_]boss\b/i.test(text));
  for (const text of new Set(jargon)) problems.push(`internal jargon in «${text.slice(0, 80)}»`);
  if (lang === 'fr') {
    // French sets : ; ! ? apart with a no-break space (narrow, or a plain no-break one before a colon).
    const bare = facts.texts.filter((text) => /(?:[^\s\u00a0\u202f]| )[;:!?](?=\s|$)/.test(text));
    for (const text of new Set(bare))
      problems.push(`French punctuation without its no-break space in «${text.slice(0, 80)}»`);
  }
  return problems;
}

const watchers = new WeakMap<Page, ReturnType<typeof watch>>();

/** Loads `path`, waits for the page to settle, and returns what went wrong. */
async function visit(page: Page, origin: string, path: string, lang: Lang): Promise<Visit> {
  const started = Date.now();
  let w = watchers.get(page);
  if (!w) {
    w = watch(page);
    watchers.set(page, w);
  }
  w.start();
  const response = await page.goto(`${origin}${path}`, { waitUntil: 'load' });
  // htmx processes the page before `load`; a moment more for what it starts then (the live stream).
  await page.waitForTimeout(50);
  const facts = await page.evaluate(inspectPage);
  const problems = [...w.stop(), ...checkFacts(facts, lang)];
  const status = response?.status() ?? 0;
  if (status < 200 || status >= 300) problems.push(`page answered ${status}`);
  return { path, status, problems, ms: Date.now() - started };
}

/** Same-origin links inside the page's content that a user follows to another page (not downloads). */
async function contentLinks(page: Page, origin: string): Promise<string[]> {
  const hrefs = await page.$$eval('main a[href]:not([download])', (as) =>
    as.map((a) => (a as HTMLAnchorElement).href),
  );
  const out: string[] = [];
  for (const href of hrefs) {
    const u = new URL(href);
    if (u.origin !== origin || u.pathname.startsWith('/api/') || /\.\w{2,4}$/.test(u.pathname)) continue;
    out.push(u.pathname);
  }
  return out;
}

/** A URL's kind: its path with numeric ids replaced, so one page of each kind is visited. */
const kindOf = (path: string) => path.replace(/\/\d+(?=\/|$)/g, '/:id');

const menuLinks = (page: Page) =>
  page.$$eval('aside a[href], [data-user-menu] + ul a[href]', (as) => [
    ...new Set(as.map((a) => new URL((a as HTMLAnchorElement).href).pathname)),
  ]);

describe.skipIf(skip)('crawler: every page as each role, language and width', () => {
  // An installation with no user yet: only its /setup page is reachable.
  const empty = useTestEnv('sqlite', { SIGNUP: 'approval' });
  const env = useTestEnv('sqlite', { SIGNUP: 'approval', LOGIN_RATE_LIMIT: '1000' });
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let origin = '';
  let emptyOrigin = '';
  const accounts = new Map<string, { username: string; password: string }>();
  const report: string[] = [];

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`${chromiumMissing} (REQUIRE_ALL_SUITES=1)`);
    const listen = async (app: typeof env.app) => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    };
    origin = await listen(env.app);
    emptyOrigin = await listen(empty.app);
    // Accounts are named like people (a username such as "manager-ru" would be English on every page).
    let n = 0;
    for (const role of ['admin', 'manager', 'marketer', 'operator'] as const)
      for (const lang of ['en', 'ru', 'fr'] as const) {
        n += 1;
        const u = await makeUser(env, { username: `crawl${n}`, roles: [role] });
        await env.deps.db
          .updateTable('users')
          .set({
            locale: lang,
            firstName: PEOPLE[n % PEOPLE.length]![0],
            lastName: PEOPLE[n % PEOPLE.length]![1],
          })
          .where('id', '=', u.id)
          .execute();
        accounts.set(`${role}-${lang}`, u);
      }
    const ctx = systemCtx(env.deps);
    await seedDemo(ctx, { contacts: 30, orders: 60, reports: true });
    await seedDemoCalls(ctx, { targets: 20, calls: 12 });
    for (const [table, columns] of Object.entries(DATA_COLUMNS))
      for (const row of await env.deps.db
        .selectFrom(table as keyof typeof DATA_COLUMNS)
        .select(columns as never)
        .execute())
        for (const value of Object.values(row as Record<string, unknown>))
          if (typeof value === 'string') for (const w of words(value)) dataWords.add(w);
    // Kinds of pages the demo data does not make: a department and an import waiting for its start.
    const admin = new Browser(env.app);
    await admin.login(accounts.get('admin-en')!.username, accounts.get('admin-en')!.password);
    await admin.post('/admin/departments/new', { name: 'Ventes', description: 'Équipe de vente' });
    await admin.upload(
      '/imports',
      { entity: 'contacts' },
      { name: 'contacts.csv', content: Buffer.from('Фамилия;Имя;Email\nПетров;Иван;ivan@example.test\n') },
    );
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    process.stdout.write(`\ncrawler visited:\n${report.join('\n')}\n`);
  });

  async function signedIn(role: Role, lang: Lang, width: Width): Promise<BrowserContext> {
    const account = accounts.get(`${role}-${lang}`)!;
    const b = new Browser(env.app);
    await b.login(account.username, account.password);
    const context = await browser.newContext({ viewport: WIDTHS[width], locale: 'en-US' });
    await context.addCookies([...b.cookies].map(([name, value]) => ({ name, value, url: origin })));
    return context;
  }

  /** Visits `paths` (and, when `discover`, one page of each kind linked from them, two links deep). */
  async function crawl(page: Page, lang: Lang, paths: string[], discover: boolean) {
    const visits: Visit[] = [];
    const kinds = new Set(paths.map(kindOf));
    const queue = paths.map((path) => ({ path, depth: 0 }));
    for (let item = queue.shift(); item; item = queue.shift()) {
      const v = await visit(page, origin, item.path, lang);
      visits.push(v);
      if (!discover || item.depth >= 2) continue;
      for (const link of await contentLinks(page, origin)) {
        const kind = kindOf(link);
        if (kinds.has(kind)) continue;
        kinds.add(kind);
        queue.push({ path: link, depth: item.depth + 1 });
      }
    }
    return visits;
  }

  const record = (label: string, visits: Visit[]) => {
    const failures = visits.filter((v) => v.problems.length);
    const seconds = (visits.reduce((s, v) => s + v.ms, 0) / 1000).toFixed(1);
    report.push(
      `${label}: ${visits.length} pages in ${seconds} s, ${failures.length} failing\n  ` +
        visits
          .map((v) => `${v.path}${v.status === 200 ? '' : ` ${v.status}`}${v.problems.length ? ' ✗' : ''}`)
          .join(' '),
    );
    return failures.map((v) => `${label} ${v.path}:\n    ${v.problems.join('\n    ')}`);
  };

  it('signed-out pages are styled, work in every language, and their switches work', {
    timeout: 60_000,
  }, async () => {
    const failures: string[] = [];
    for (const width of ['laptop', 'phone'] as const) {
      const context = await browser.newContext({ viewport: WIDTHS[width], locale: 'en-US' });
      const page = await context.newPage();
      const visits = [await visit(page, emptyOrigin, '/setup', 'en')];
      expect(new URL(page.url()).pathname).toBe('/setup');
      for (const lang of ['en', 'ru', 'fr'] as const) {
        await context.addCookies([{ name: 'sova_lang', value: lang, url: origin }]);
        for (const path of ['/login', '/signup']) {
          const v = await visit(page, origin, path, lang);
          visits.push({ ...v, path: `${path} (${lang})` });
          // Styled: the stylesheet sized the logo and drew the card.
          const style = await page.evaluate(() => {
            const logo = document.querySelector('main img');
            const card = document.querySelector('.card');
            return {
              logo: logo ? getComputedStyle(logo).width : '',
              radius: card ? getComputedStyle(card).borderTopLeftRadius : '',
              lang: document.documentElement.lang,
            };
          });
          expect(style.logo, `${path} ${lang}: logo width`).toBe('48px');
          expect(style.radius, `${path} ${lang}: card corners`).not.toBe('0px');
          expect(style.lang).toBe(lang);
        }
      }
      failures.push(...record(`signed out @${WIDTHS[width].width}`, visits));
      await context.close();
    }

    // The language and theme switches of a signed-out page.
    const context = await browser.newContext({ viewport: WIDTHS.laptop, locale: 'en-US' });
    const page = await context.newPage();
    const w = watch(page);
    w.start();
    await page.goto(`${origin}/login`);
    await Promise.all([page.waitForURL('**/login'), page.selectOption('#lang-select', 'fr')]);
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    expect(await page.textContent('h1')).toBe('Connexion');
    const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.click('[data-theme-toggle]');
    const after = await page.evaluate(() => ({
      theme: document.documentElement.dataset.theme,
      background: getComputedStyle(document.body).backgroundColor,
    }));
    expect(after.theme).toBeTruthy();
    expect(after.background).not.toBe(before);
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(after.theme);
    failures.push(...w.stop().map((p) => `switches: ${p}`));
    await context.close();
    expect(failures).toEqual([]);
  });

  it('the administrator: every page of the menu and one of each kind, in en/ru/fr, at 1366 and 390 px', {
    timeout: 240_000,
  }, async () => {
    const failures: string[] = [];
    let paths: string[] = [];
    const run = async (lang: Lang, width: Width) => {
      const context = await signedIn('admin', lang, width);
      const page = await context.newPage();
      let visits: Visit[];
      if (paths.length === 0) {
        // The first run discovers the pages; the others visit the same ones.
        await page.goto(`${origin}/welcome`);
        visits = await crawl(page, lang, await menuLinks(page), true);
        paths = visits.map((v) => v.path);
      } else visits = await crawl(page, lang, paths, false);
      failures.push(...record(`admin ${lang} @${WIDTHS[width].width}`, visits));
      await context.close();
    };
    await run('en', 'laptop');
    // Two browser pages at a time: the machine's two cores stay busy without starving the server.
    const rest: [Lang, Width][] = [
      ['en', 'phone'],
      ['ru', 'laptop'],
      ['ru', 'phone'],
      ['fr', 'laptop'],
      ['fr', 'phone'],
    ];
    for (let i = 0; i < rest.length; i += 2)
      await Promise.all(rest.slice(i, i + 2).map(([lang, width]) => run(lang, width)));
    expect(failures).toEqual([]);
  });

  it('a live list holds its refresh while rows are ticked, and refreshes once they are unticked', {
    timeout: 60_000,
  }, async () => {
    const context = await signedIn('admin', 'en', 'laptop');
    const page = await context.newPage();
    const w = watch(page);
    w.start();
    await page.goto(`${origin}/contacts`);
    await page.waitForSelector('[data-live-state="open"]');
    const box = page.locator('[data-contacts-table] tbody input[type=checkbox]').first();
    await box.check();
    await page.evaluate(() =>
      document.querySelector('[data-contacts-table]')?.setAttribute('data-probe', ''),
    );

    // Someone else adds a contact: the stream announces it, the list must not reload under the ticked box.
    const other = new Browser(env.app);
    await other.login(accounts.get('manager-en')!.username, accounts.get('manager-en')!.password);
    const contact = {
      last_name: 'Zyxwvut',
      first_name: 'Ася',
      email: 'zyxwvut@example.test',
      status: 'lead',
    };
    expect((await other.post('/contacts/new', contact)).statusCode).toBe(303);
    // The update arrived: either held back (the fix) or the list swapped under the user (the bug).
    await page.waitForFunction(
      () => document.querySelector('[data-live-held]') || !document.querySelector('[data-probe]'),
      undefined,
      { timeout: 10_000 },
    );
    await page.waitForTimeout(500);
    expect(await page.locator('[data-probe]').count(), 'the list was not reloaded').toBe(1);
    expect(await box.isChecked()).toBe(true);
    expect(await page.textContent('[data-contacts-table]')).not.toContain('Zyxwvut');

    await box.uncheck();
    await page.waitForFunction(
      () => document.querySelector('[data-contacts-table]')?.textContent?.includes('Zyxwvut'),
      undefined,
      { timeout: 10_000 },
    );
    expect(w.stop()).toEqual([]);
    await context.close();
  });

  it('centres the avatar letter in its circle', async () => {
    const context = await signedIn('operator', 'ru', 'phone');
    const page = await context.newPage();
    await page.goto(`${origin}/welcome`);
    const offset = await page.evaluate(() => {
      const circle = document.querySelector('[data-user-menu] .avatar > *')!;
      const range = document.createRange();
      range.selectNodeContents(circle);
      const [text, box] = [range.getBoundingClientRect(), circle.getBoundingClientRect()];
      return {
        x: text.left + text.width / 2 - (box.left + box.width / 2),
        y: text.top + text.height / 2 - (box.top + box.height / 2),
      };
    });
    expect(Math.abs(offset.x)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(offset.y)).toBeLessThanOrEqual(1.5);
    await context.close();
  });

  it('the other roles: the pages of their menu', { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    const runs: [Role, Lang, Width][] = [
      ['manager', 'ru', 'laptop'],
      ['marketer', 'fr', 'phone'],
      ['operator', 'ru', 'phone'],
    ];
    for (const [role, lang, width] of runs) {
      const context = await signedIn(role, lang, width);
      const page = await context.newPage();
      await page.goto(`${origin}/welcome`);
      const visits = await crawl(page, lang, await menuLinks(page), false);
      failures.push(...record(`${role} ${lang} @${WIDTHS[width].width}`, visits));
      await context.close();
    }
    expect(failures).toEqual([]);
  });
});
