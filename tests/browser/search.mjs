// The search of a built edition, used as a reader would: type a query into
// the search page, read the list of results, click one; open a linked search
// (`search.html?q=…`); search from the box in the header of another page.
// The site is opened from disk (file://) or from a local web server that
// publishes the output folder under a sub-path (`/some/sub/path/`), where
// the bytes of the index each query loads are counted.
//
//   node tests/browser/search.mjs <out-dir> <edition> <file|http>
//        [--query Q]… [--onload Q] [--header Q] [--click Q]
//
// --query Q   on a fresh search.html, type Q into #search-input (key by key)
//             and record the results listed
// --onload Q  open search.html?q=Q and record the results (nothing typed)
// --header Q  open a document page, type Q into the header's search box,
//             press Enter, record where it lands and the results there
// --click Q   type Q, click the first result, record the page it opens
//
// Prints a JSON summary on the last line of stdout (what every query
// listed; tests/browser.rs asserts on it); exits 1 on a console error, a
// request outside the edition, a 404, or a query that never finished.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { siteArgs, launch, siteContext, watchErrors, finish, documents, VIEWPORTS } from './lib.mjs';
import { serveDir } from './serve.mjs';

const USAGE = 'search.mjs <out-dir> <edition> <file|http> [--query Q]… [--onload Q] [--header Q] [--click Q]';
const { outDir, edition, root, rest } = siteArgs(USAGE);
const [mode, ...flags] = rest;
if (mode !== 'file' && mode !== 'http') {
  console.error(`usage: node ${USAGE}`);
  process.exit(2);
}
const wanted = { query: [], onload: [], header: [], click: [] };
for (let i = 0; i < flags.length; i += 2) {
  const name = flags[i].replace(/^--/, '');
  if (!(name in wanted) || flags[i + 1] === undefined) {
    console.error(`unknown or incomplete option ${flags[i]}\nusage: node ${USAGE}`);
    process.exit(2);
  }
  wanted[name].push(flags[i + 1]);
}
if (!existsSync(join(root, 'search.html'))) {
  console.error(`${root} has no search.html`);
  process.exit(1);
}

const TIMEOUT = 10_000;
const failures = [];
const summary = { edition, mode, queries: [], onload: [], header: [], click: [] };

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits until #search-status reports the outcome of `query` (either of
 * its templates, data-found / data-none, filled in with `query`). */
async function waitForOutcome(page, query) {
  await page.waitForFunction(
    (q) => {
      const status = document.getElementById('search-status');
      if (!status) return false;
      const text = status.textContent;
      const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const pattern = (template) =>
        new RegExp('^' + esc(template).replace(esc('{n}'), '\\d+').replace(esc('{q}'), esc(q)) + '$');
      return pattern(status.dataset.found).test(text) || pattern(status.dataset.none).test(text);
    },
    query,
    { timeout: TIMEOUT },
  );
}

/** What the results list shows. */
async function readResults(page) {
  return page.evaluate(() => {
    const status = document.getElementById('search-status');
    const items = [...document.querySelectorAll('#search-results > li')];
    const input = document.getElementById('search-input');
    return {
      lang: document.documentElement.lang,
      h1: (document.querySelector('main h1')?.textContent || '').trim(),
      placeholder: input ? input.placeholder : null,
      status: status.textContent,
      found: status.dataset.found,
      none: status.dataset.none,
      items: items.map((li) => {
        const title = li.querySelector('a.doc-title');
        const badge = li.querySelector('.badge');
        const id = li.querySelector('code.doc-id');
        const snippet = li.querySelector('p.snippet');
        return {
          isResult: li.classList.contains('search-result'),
          id: id ? id.textContent.trim() : null,
          title: title ? title.textContent.trim() : null,
          href: title ? title.getAttribute('href') : null,
          url: title ? title.href : null,
          kind: badge ? badge.textContent.trim() : null,
          badgeVisible: !!badge && badge.getBoundingClientRect().width > 0,
          snippet: snippet ? snippet.textContent.trim() : null,
          snippetMarks: snippet ? [...snippet.querySelectorAll('mark')].map((m) => m.textContent) : [],
          titleMarks: title ? [...title.querySelectorAll('mark')].map((m) => m.textContent) : [],
          idMarks: id ? [...id.querySelectorAll('mark')].map((m) => m.textContent) : [],
        };
      }),
    };
  });
}

let server = null;
const browser = await launch();
try {
  let base;
  let context;
  let outside = [];
  if (mode === 'file') {
    ({ context, outside } = await siteContext(browser, root, { viewport: VIEWPORTS.desktop }));
    base = pathToFileURL(root).href + '/';
  } else {
    server = await serveDir(outDir);
    base = `${server.base}${edition}/`;
    context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith('data:') || url === 'about:blank') return route.continue();
      outside.push(url);
      return route.abort();
    });
  }
  summary.base = base;
  const searchPage = new URL('search.html', base).href;

  /** A fresh page (its own script state), with its errors collected. */
  async function freshPage(label) {
    const page = await context.newPage();
    const errors = watchErrors(page);
    page.on('requestfailed', (r) => {
      if (!r.url().startsWith('data:')) errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
    });
    return {
      page,
      done: async () => {
        for (const e of errors) failures.push(`${label}: ${e}`);
        await page.close();
      },
    };
  }

  /** The search/*.js files served since `from` (http only). */
  function indexLoads(from) {
    if (!server) return null;
    const prefix = `${edition}/search/`;
    const files = server.served.slice(from).filter((s) => s.path.startsWith(prefix));
    return {
      files: files.map((f) => ({ file: f.path.slice(prefix.length), bytes: f.bytes })),
      bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    };
  }

  async function typeQuery(page, query) {
    const input = page.locator('#search-input');
    await input.click();
    // Key by key, as a reader types (CJK characters arrive as text input).
    await input.pressSequentially(query, { delay: 15 });
    await waitForOutcome(page, query);
  }

  for (const query of wanted.query) {
    const label = `query “${query}”`;
    const { page, done } = await freshPage(label);
    try {
      await page.goto(searchPage, { waitUntil: 'load' });
      const before = server ? server.served.length : 0;
      const started = Date.now();
      await typeQuery(page, query);
      const ms = Date.now() - started;
      const shown = await readResults(page);
      summary.queries.push({ query, ms, ...shown, index: indexLoads(before) });
    } catch (e) {
      failures.push(`${label}: ${e.message.split('\n')[0]}`);
      summary.queries.push({ query, error: e.message.split('\n')[0] });
    }
    await done();
  }

  for (const query of wanted.onload) {
    const label = `search.html?q=${query}`;
    const { page, done } = await freshPage(label);
    try {
      const url = `${searchPage}?q=${encodeURIComponent(query)}`;
      await page.goto(url, { waitUntil: 'load' });
      await waitForOutcome(page, query);
      const shown = await readResults(page);
      const inputValue = await page.locator('#search-input').inputValue();
      summary.onload.push({ query, url: page.url(), inputValue, ...shown });
    } catch (e) {
      failures.push(`${label}: ${e.message.split('\n')[0]}`);
      summary.onload.push({ query, error: e.message.split('\n')[0] });
    }
    await done();
  }

  // The header box is tried on a document page one folder down, so that the
  // form's relative action (../search.html) is exercised.
  const docs = documents(root);
  const nested = docs.find((d) => d.url.includes('/')) || docs[0];
  for (const query of wanted.header) {
    const from = new URL(nested.url, base).href;
    const label = `header box on ${nested.url}, “${query}”`;
    const { page, done } = await freshPage(label);
    try {
      await page.goto(from, { waitUntil: 'load' });
      const box = page.locator('header form.search-box input[name="q"]');
      if ((await box.count()) !== 1) throw new Error(`${nested.url} has ${await box.count()} header search boxes`);
      await box.click();
      await box.pressSequentially(query, { delay: 15 });
      await Promise.all([page.waitForURL((u) => u.href.split('?')[0] !== from, { waitUntil: 'load' }), box.press('Enter')]);
      await waitForOutcome(page, query);
      const shown = await readResults(page);
      summary.header.push({ query, from, landed: page.url(), ...shown });
    } catch (e) {
      failures.push(`${label}: ${e.message.split('\n')[0]}`);
      summary.header.push({ query, from, error: e.message.split('\n')[0] });
    }
    await done();
  }

  for (const query of wanted.click) {
    const label = `click the first result of “${query}”`;
    const { page, done } = await freshPage(label);
    try {
      await page.goto(searchPage, { waitUntil: 'load' });
      await typeQuery(page, query);
      const first = page.locator('#search-results > li a.doc-title').first();
      if ((await first.count()) === 0) throw new Error('no result to click');
      const href = await first.getAttribute('href');
      const title = (await first.textContent()).trim();
      const expected = await first.evaluate((a) => a.href);
      const [response] = await Promise.all([
        page.waitForNavigation({ waitUntil: 'load', timeout: TIMEOUT }),
        first.click(),
      ]);
      const h1 = page.locator('main h1').first();
      const h1Visible = (await h1.count()) > 0 && (await h1.isVisible());
      summary.click.push({
        query,
        href,
        title,
        expected,
        landed: page.url(),
        status: response ? response.status() : null,
        h1: h1Visible ? (await h1.textContent()).trim() : null,
        h1Visible,
      });
    } catch (e) {
      failures.push(`${label}: ${e.message.split('\n')[0]}`);
      summary.click.push({ query, error: e.message.split('\n')[0] });
    }
    await done();
  }

  for (const url of outside) failures.push(`request outside the edition: ${url}`);
  // (The browser asks for /favicon.ico at the server's root by itself; the
  // site has no icon and links none.)
  if (server) {
    for (const path of server.notFound) if (path !== '/favicon.ico') failures.push(`404 from the server: ${path}`);
  }
  await context.close();
} finally {
  await browser.close();
  if (server) await server.close();
}
finish(`search ${edition} (${mode})`, failures, summary);
