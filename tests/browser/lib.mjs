// Shared helpers of the browser checks. Every script takes the folder a
// `playbook build --out DIR` wrote (DIR, holding DIR/<edition>/) and an
// edition name; the checks open the pages from disk (file://), as a reader
// who double-clicks index.html would.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.PLAYBOOK_CHROMIUM || '/usr/bin/chromium';

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
};

/** Parses `<out-dir> <edition> [rest…]`, exits 2 with a usage line if wrong. */
export function siteArgs(usage) {
  const [outDir, edition, ...rest] = process.argv.slice(2);
  if (!outDir || !edition) {
    console.error(`usage: node ${usage}`);
    process.exit(2);
  }
  const root = resolve(outDir, edition);
  if (!existsSync(join(root, 'index.html'))) {
    console.error(`no built edition at ${root} (index.html missing)`);
    process.exit(2);
  }
  return { outDir: resolve(outDir), edition, root, rest };
}

/** The edition's playbook.json documents. */
export function documents(root) {
  return JSON.parse(readFileSync(join(root, 'playbook.json'), 'utf8')).documents;
}

/**
 * The pages every check looks at: the home page, the first document (by ID)
 * of each kind present, each kind index, trace.html, print.html, 404.html
 * (and search.html when the edition has one).
 */
export function pagesToCheck(root) {
  const docs = documents(root);
  const firstOfKind = new Map();
  for (const d of [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (!firstOfKind.has(d.kind)) firstOfKind.set(d.kind, d.url);
  }
  const kinds = [...firstOfKind.keys()].sort();
  const pages = [
    'index.html',
    ...kinds.map((k) => firstOfKind.get(k)),
    ...kinds.map((k) => `${k}/index.html`),
    'trace.html',
    'print.html',
    '404.html',
    // The search page, once the theme has one.
    ...(existsSync(join(root, 'search.html')) ? ['search.html'] : []),
    // The service review, when the edition has measured results: its
    // index and every month's page.
    ...(existsSync(join(root, 'review/index.html'))
      ? ['review/index.html', ...readdirSync(join(root, 'review'))
          .filter((f) => /^\d{4}-\d{2}\.html$/.test(f)).sort().map((f) => `review/${f}`)]
      : []),
    // The service calendar, when the project has one.
    ...(existsSync(join(root, 'calendar.html')) ? ['calendar.html'] : []),
    // The change log, when the project has releases.
    ...(existsSync(join(root, 'changes.html')) ? ['changes.html'] : []),
  ];
  const missing = pages.filter((p) => !existsSync(join(root, p)) || !statSync(join(root, p)).isFile());
  if (missing.length) {
    throw new Error(`pages missing from ${root}: ${missing.join(', ')}`);
  }
  return pages;
}

export function fileUrl(root, page) {
  return pathToFileURL(join(root, page)).href;
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens a context that refuses every request leaving the site's folder
 * (the spec: nothing is loaded from outside the site), and records them.
 */
export async function siteContext(browser, root, options = {}) {
  const context = await browser.newContext(options);
  const rootUrl = pathToFileURL(root).href + '/';
  const outside = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(rootUrl) || url.startsWith('data:') || url === 'about:blank') {
      return route.continue();
    }
    outside.push(url);
    return route.abort();
  });
  return { context, outside };
}

/** Collects console errors and uncaught exceptions of a page. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Prints the failures (if any) and sets the exit status. */
export function finish(label, failures, summary) {
  if (summary !== undefined) console.log(JSON.stringify(summary));
  if (failures.length) {
    console.error(`${label}: ${failures.length} problem(s)`);
    for (const f of failures) console.error(`- ${f}`);
    process.exitCode = 1;
  } else {
    console.error(`${label}: ok`);
  }
}
