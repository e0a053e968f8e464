// Every page of one edition, as a reader sees it on a phone (390 px) and a
// laptop (1280 px), and at 1280 px in the dark colour scheme:
// - the page never scrolls sideways as a whole (scrollWidth <= innerWidth);
//   at 1280 px the traceability matrix is not cut (its box does not scroll);
// - no column of a table shown as a table is narrower than about three
//   characters (3 × the cell's font size), so no cell reads one or two
//   characters a line; a wide table scrolls inside its own box instead;
// - axe-core finds nothing serious or critical (colour contrast in both
//   schemes, labelled task-list check boxes, …).
//
//   node tests/browser/reading.mjs <out-dir> <edition>
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { siteArgs, fileUrl, launch, siteContext, watchErrors, finish } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const FAILING = new Set(['serious', 'critical']);
const RUNS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, colorScheme: 'light' },
  { name: 'desktop', viewport: { width: 1280, height: 900 }, colorScheme: 'light' },
  { name: 'desktop-dark', viewport: { width: 1280, height: 900 }, colorScheme: 'dark' },
];

const { edition, root } = siteArgs('reading.mjs <out-dir> <edition>');

/** Every HTML page of the edition, by path relative to its root. */
function allPages(dir) {
  const pages = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) pages.push(...allPages(path));
    else if (name.endsWith('.html')) pages.push(relative(root, path).split('\\').join('/'));
  }
  return pages.sort();
}

const pages = allPages(root);
const failures = [];
const counts = { pages: pages.length, runs: 0, tables: 0, narrowest: Infinity, taskBoxes: 0 };
const browser = await launch();
try {
  for (const run of RUNS) {
    const { context, outside } = await siteContext(browser, root, { viewport: run.viewport, colorScheme: run.colorScheme });
    const page = await context.newPage();
    const errors = watchErrors(page);
    for (const path of pages) {
      errors.length = 0;
      await page.goto(fileUrl(root, path), { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const where = `${edition}/${path} @${run.name}`;
      const m = await page.evaluate(() => {
        const inner = window.innerWidth;
        const tables = [];
        for (const table of document.querySelectorAll('main table')) {
          if (getComputedStyle(table).display !== 'table') continue; // shown as cards
          const row = table.tHead?.rows[0] ?? table.rows[0];
          if (!row) continue;
          const cells = [...row.cells].map((cell) => ({
            width: cell.getBoundingClientRect().width,
            font: parseFloat(getComputedStyle(cell).fontSize),
            text: cell.textContent.trim().slice(0, 20),
          }));
          tables.push({ caption: table.caption?.textContent.trim().slice(0, 40) ?? '', cells });
        }
        // The traceability matrix fits a laptop's window whole.
        const traceBox = document.querySelector('table.trace')?.closest('.table-wrap');
        return {
          traceCut: traceBox ? traceBox.scrollWidth - traceBox.clientWidth : 0,
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: inner,
          tables,
          taskBoxes: document.querySelectorAll('.task input[type=checkbox]').length,
        };
      });
      if (m.scrollWidth > m.innerWidth + 1) {
        failures.push(`${where}: the page scrolls sideways (scrollWidth ${m.scrollWidth} > ${m.innerWidth})`);
      }
      if (run.viewport.width >= 1280 && m.traceCut > 1) {
        failures.push(`${where}: the traceability matrix is cut (${m.traceCut} px scroll inside its box)`);
      }
      for (const table of m.tables) {
        counts.tables++;
        for (const cell of table.cells) {
          const chars = cell.width / cell.font;
          counts.narrowest = Math.min(counts.narrowest, chars);
          if (chars < 3) {
            failures.push(`${where}: table "${table.caption}" column "${cell.text}" is ${Math.round(cell.width)} px, ${chars.toFixed(1)} characters wide`);
          }
        }
      }
      counts.taskBoxes += m.taskBoxes;
      await page.addScriptTag({ path: AXE });
      // In the dark scheme only the colours change: contrast is checked.
      const only = run.colorScheme === 'dark' ? ['color-contrast'] : null;
      const violations = await page.evaluate(async (only) => {
        const options = { preload: false };
        if (only) options.runOnly = { type: 'rule', values: only };
        const r = await window.axe.run(document, options);
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')} :: ${n.html.slice(0, 140)}`) }));
      }, only);
      for (const v of violations) {
        if (FAILING.has(v.impact)) {
          for (const n of v.nodes.slice(0, 5)) failures.push(`${where}: [${v.impact}] ${v.id} (${v.help}) at ${n}`);
        }
      }
      for (const e of errors) failures.push(`${where}: ${e}`);
      counts.runs++;
    }
    for (const url of outside) failures.push(`${edition} @${run.name}: request outside the site: ${url}`);
    await context.close();
  }
} finally {
  await browser.close();
}
if (counts.narrowest === Infinity) counts.narrowest = null;
else counts.narrowest = Math.round(counts.narrowest * 10) / 10;
finish(`reading ${edition} (${pages.length} pages × ${RUNS.length} runs)`, failures, { edition, ...counts });
