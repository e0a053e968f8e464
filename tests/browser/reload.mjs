// Live reload of `playbook watch`, in a real browser: a page open in
// Chromium reloads by itself when its Markdown file is saved (keeping the
// scroll position), shows the project's errors in an overlay over the last
// good page when the save breaks the project, and reloads again once the
// error is fixed. tests/browser.rs starts `playbook watch` on a copy of
// tests/fixtures/browser-watch and runs this script against it.
//
//   node tests/browser/reload.mjs <page-url> <markdown-file>
//
// The Markdown file must contain the line `Marker: the first version of this
// page.` and the front matter line `target: 2m` (an SLA). The file is
// rewritten in place (same inode, as editors that write in place do) and
// left edited: run it on a copy.
//
// Prints a JSON summary on the last line of stdout; exits 1 on a failure.
import { readFileSync, openSync, writeSync, ftruncateSync, closeSync } from 'node:fs';
import { launch, finish, VIEWPORTS } from './lib.mjs';

const [pageUrl, markdown] = process.argv.slice(2);
if (!pageUrl || !markdown) {
  console.error('usage: node reload.mjs <page-url> <markdown-file>');
  process.exit(2);
}

const FIRST = 'Marker: the first version of this page.';
const SECOND = 'Marker: the second version of this page.';
const THIRD = 'Marker: the third version of this page.';
const GOOD_TARGET = 'target: 2m\n';
const BAD_TARGET = 'target: 2 minutes\n';
const SCROLL = 900;
const TIMEOUT = 15_000;

const failures = [];
const summary = { page: pageUrl };

/** Rewrites the file in place: same inode, truncated and written. */
function rewrite(edit) {
  const before = readFileSync(markdown, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`the edit changed nothing in ${markdown}`);
  const fd = openSync(markdown, 'r+');
  try {
    ftruncateSync(fd, 0);
    writeSync(fd, after, 0, 'utf8');
  } finally {
    closeSync(fd);
  }
}

const replaceOnce = (from, to) => (text) => {
  if (!text.includes(from)) throw new Error(`${markdown} does not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
};

let step = 'opening the page';
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  // Console errors and uncaught exceptions, except the browser's own request
  // for /favicon.ico (the site has no icon; the dev server answers 404).
  const errors = [];
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location()?.url || '';
    if (/\/favicon\.ico$/.test(where)) return;
    errors.push(`console: ${m.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });

  // Opens the page and waits until its live-reload connection is up, so
  // that no notice is sent before the page listens.
  const events = page.waitForResponse((r) => r.url().includes('/__playbook/events'), { timeout: TIMEOUT });
  await page.goto(pageUrl, { waitUntil: 'load' });
  await events;
  await page.getByText(FIRST).waitFor({ timeout: TIMEOUT });
  summary.h1 = (await page.locator('main h1').first().textContent()).trim();

  // A flag that only this document has: gone once the page has reloaded.
  // (An evaluation cut short by a navigation means the document is gone.)
  const mark = async () => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await page.waitForLoadState('load');
        await page.evaluate(() => { window.__playbookReloadTest = true; });
        return;
      } catch (e) {
        if (attempt >= 5) throw e;
      }
    }
  };
  const stillSameDocument = () =>
    page.evaluate(() => window.__playbookReloadTest === true).catch(() => false);

  // Nothing has changed yet: the page must stay as it is.
  step = 'waiting with no change';
  await mark();
  const navigationsAtRest = navigations;
  await page.waitForTimeout(1500);
  summary.reloadsWithoutChange = navigations - navigationsAtRest;
  if (navigations !== navigationsAtRest || !(await stillSameDocument())) {
    failures.push(
      `the page reloaded ${navigations - navigationsAtRest} time(s) in 1.5 s although no file changed ` +
        '(watch rebuilds and notifies without an edit)',
    );
    throw new Error('the page does not stay still, so the reload checks cannot run');
  }

  step = 'scrolling';
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  summary.scrollHeight = height;
  if (height < VIEWPORTS.desktop.height + SCROLL + 100) {
    failures.push(`the page is too short to scroll ${SCROLL}px (${height}px high)`);
  }
  await page.evaluate((y) => window.scrollTo(0, y), SCROLL);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 1, SCROLL);
  const scrolledTo = SCROLL;
  summary.scrolledTo = scrolledTo;

  /** Waits until the page has reloaded by itself and shows `text`;
   * returns the milliseconds from the save. */
  async function waitForReloadShowing(text, savedAt, label) {
    const before = navigations;
    await page.getByText(text).waitFor({ timeout: TIMEOUT });
    await page.waitForLoadState('load');
    const ms = Date.now() - savedAt;
    if (navigations === before) failures.push(`${label}: the text changed without a navigation`);
    if (await stillSameDocument()) failures.push(`${label}: the page shows the new text but was not reloaded`);
    // The saved position is restored on "load"; give it a moment.
    try {
      await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 3, scrolledTo, { timeout: 3000 });
    } catch {
      /* reported below */
    }
    const y = await page.evaluate(() => window.scrollY);
    if (Math.abs(y - scrolledTo) > 3) {
      failures.push(`${label}: the scroll position was not kept (${scrolledTo}px before, ${y}px after)`);
    }
    return { ms, scrollY: y };
  }

  // 1. A good edit of the body: the page reloads by itself.
  step = 'editing the body';
  await mark();
  let savedAt = Date.now();
  rewrite(replaceOnce(FIRST, SECOND));
  try {
    summary.edit = await waitForReloadShowing(SECOND, savedAt, 'after editing the body');
  } catch (e) {
    failures.push(`after editing the body, the page never showed “${SECOND}”: ${e.message.split('\n')[0]}`);
  }

  // 2. An error: the overlay appears over the last good page, no reload.
  step = 'writing an error';
  await mark();
  const navigationsBeforeError = navigations;
  savedAt = Date.now();
  rewrite(replaceOnce(GOOD_TARGET, BAD_TARGET));
  const overlay = page.locator('#playbook-error-overlay');
  try {
    await overlay.waitFor({ state: 'visible', timeout: TIMEOUT });
    summary.overlayMs = Date.now() - savedAt;
    // The text arrives with the element; wait for the code if it lags.
    try {
      await page.waitForFunction(
        () => (document.getElementById('playbook-error-overlay')?.textContent || '').includes('invalid-value'),
        null,
        { timeout: 3000 },
      );
    } catch {
      /* reported below */
    }
    const text = await overlay.textContent();
    summary.overlayText = text;
    if (!text.includes('invalid-value')) failures.push(`the overlay does not name invalid-value: ${JSON.stringify(text)}`);
    if (!text.includes('chat-first.md')) failures.push(`the overlay does not name the file: ${JSON.stringify(text)}`);
  } catch (e) {
    failures.push(`after writing an error, no #playbook-error-overlay appeared: ${e.message.split('\n')[0]}`);
  }
  // Still the last good page: same document, still the second version.
  await page.waitForTimeout(300);
  if (navigations !== navigationsBeforeError || !(await stillSameDocument())) {
    failures.push('the page navigated or reloaded after a broken save (the last good page should stay)');
  }
  if (!(await page.getByText(SECOND).isVisible().catch(() => false))) {
    failures.push(`the last good page (with “${SECOND}”) is not shown under the overlay`);
  }
  summary.errorKeptPage = await page.getByText(SECOND).count() > 0;

  // 3. The fix: the overlay goes away with a reload, the new text shows.
  step = 'fixing the error';
  savedAt = Date.now();
  rewrite((text) => replaceOnce(SECOND, THIRD)(replaceOnce(BAD_TARGET, GOOD_TARGET)(text)));
  try {
    summary.fix = await waitForReloadShowing(THIRD, savedAt, 'after fixing the error');
    if ((await overlay.count()) > 0) failures.push('the error overlay is still there after the fix');
  } catch (e) {
    failures.push(`after fixing the error, the page never showed “${THIRD}”: ${e.message.split('\n')[0]}`);
  }
  summary.navigations = navigations;

  for (const e of errors) failures.push(e);
  await context.close();
} catch (e) {
  failures.push(`while ${step}: ${e.message.split('\n')[0]}`);
} finally {
  await browser.close();
}
finish('reload', failures, summary);
