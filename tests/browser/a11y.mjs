// axe-core on the pages of one edition, at desktop and phone widths (the
// theme's layout changes, and a table that fits at 1280px scrolls at 390px):
// no violation of impact "serious" or "critical". Every violation (any
// impact) is listed; only serious and critical ones fail.
//
//   node tests/browser/a11y.mjs <out-dir> <edition>
import { createRequire } from 'node:module';
import { siteArgs, pagesToCheck, fileUrl, launch, siteContext, watchErrors, finish, VIEWPORTS } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const FAILING = new Set(['serious', 'critical']);

const { edition, root } = siteArgs('a11y.mjs <out-dir> <edition>');
const pages = pagesToCheck(root);
const failures = [];
const violations = [];
const review = [];

/** Runs axe on one open page; returns violations and "needs review" items. */
async function axeRun(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    // The default rule set: WCAG 2.0/2.1/2.2 A and AA plus best practices.
    // No stylesheet preload: Chromium refuses XHR to file:// URLs.
    const r = await window.axe.run(document, { preload: false });
    const list = (vs, kind) =>
      vs.map((v) => ({
        kind,
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({
          target: n.target.join(' '),
          html: n.html.length > 160 ? n.html.slice(0, 157) + '...' : n.html,
        })),
      }));
    return [...list(r.violations, 'violation'), ...list(r.incomplete, 'needs review')];
  });
}

const browser = await launch();
try {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    const { context, outside } = await siteContext(browser, root, { viewport });
    const page = await context.newPage();
    const errors = watchErrors(page);
    for (const path of pages) {
      const t0 = Date.now();
      errors.length = 0;
      await page.goto(fileUrl(root, path), { waitUntil: 'load' });
      // The page's own console errors, before axe is injected.
      for (const e of errors) failures.push(`${edition}/${path} @${width}: ${e}`);
      for (const v of await axeRun(page)) {
        for (const n of v.nodes) {
          const line = `${edition}/${path} @${width}: [${v.impact}] ${v.id} (${v.help}) at ${n.target} :: ${n.html}`;
          if (v.kind === 'violation') {
            violations.push(line);
            if (FAILING.has(v.impact)) failures.push(line);
          } else {
            review.push(line);
          }
        }
      }
      if (process.env.PLAYBOOK_BROWSER_VERBOSE) console.error(`${path} @${width}: ${Date.now() - t0} ms`);
    }
    for (const url of outside) failures.push(`${edition} @${width}: request outside the site: ${url}`);
    await context.close();
  }
} finally {
  await browser.close();
}

for (const line of violations) console.error(`violation: ${line}`);
// "Needs review" is axe saying it could not decide (mostly the background of
// SVG chart text, or of text scrolled out of a .table-wrap): counted by
// rule, listed with PLAYBOOK_BROWSER_VERBOSE=1.
const byRule = {};
for (const line of review) {
  const rule = line.match(/\] (\S+) \(/)?.[1] ?? '?';
  byRule[rule] = (byRule[rule] ?? 0) + 1;
  if (process.env.PLAYBOOK_BROWSER_VERBOSE) console.error(`needs review (not failing): ${line}`);
}
for (const [rule, n] of Object.entries(byRule)) {
  console.error(`needs review (not failing): ${rule} × ${n} (PLAYBOOK_BROWSER_VERBOSE=1 lists them)`);
}
finish(`a11y ${edition} (${pages.length} pages × ${Object.keys(VIEWPORTS).length} widths)`, failures, {
  edition,
  pages,
  violations: violations.length,
  failing: failures.length,
  needs_review: review.length,
});
