// Layout of one edition at desktop (1280×900) and phone (390×844) widths:
// - the page never scrolls sideways (document.documentElement.scrollWidth <=
//   innerWidth + 1); wide tables may scroll inside their own .table-wrap;
// - every KPI dashboard card holds an <svg role="img"> with a <title>;
// - screenshots of sla/index.html, kpi/index.html and trace.html at both
//   widths go to $PLAYBOOK_SCREENSHOTS when that is set.
//
//   node tests/browser/layout.mjs <out-dir> <edition>
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { siteArgs, pagesToCheck, documents, fileUrl, launch, siteContext, watchErrors, finish, VIEWPORTS } from './lib.mjs';

const SCREENSHOT_PAGES = ['sla/index.html', 'kpi/index.html', 'trace.html', 'review/2026-06.html', 'sla/sla-chat-csat.html'];

const { edition, root } = siteArgs('layout.mjs <out-dir> <edition>');
const pages = pagesToCheck(root);
const kpiCount = documents(root).filter((d) => d.kind === 'kpi').length;
const shotsDir = process.env.PLAYBOOK_SCREENSHOTS ? resolve(process.env.PLAYBOOK_SCREENSHOTS) : null;
if (shotsDir) mkdirSync(shotsDir, { recursive: true });

const failures = [];
const summary = { edition, pages: pages.length, viewports: {}, screenshots: [] };
const browser = await launch();
try {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    const { context, outside } = await siteContext(browser, root, { viewport });
    const widths = {};
    const page = await context.newPage();
    const errors = watchErrors(page);
    for (const path of pages) {
      errors.length = 0;
      await page.goto(fileUrl(root, path), { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const m = await page.evaluate(() => {
        const inner = window.innerWidth;
        // Elements sticking out on the right, outside any scrolling box
        // (a .table-wrap scrolls its table and is fine): the culprits.
        const culprits = [];
        const scrolls = (el) => {
          for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const ox = getComputedStyle(p).overflowX;
            if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
          }
          return false;
        };
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          if (r.right > inner + 1 && !scrolls(el)) {
            // Report the outermost offender only.
            const parent = el.parentElement;
            const pr = parent && parent !== document.body ? parent.getBoundingClientRect() : null;
            if (pr && pr.right > inner + 1 && !scrolls(parent)) continue;
            const id = el.id ? `#${el.id}` : '';
            const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
            culprits.push(`<${el.tagName.toLowerCase()}${id}${cls}> right edge ${Math.round(r.right)}px`);
          }
        }
        return {
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: inner,
          culprits: culprits.slice(0, 8),
        };
      });
      widths[path] = m.scrollWidth;
      if (m.scrollWidth > m.innerWidth + 1) {
        failures.push(
          `${edition}/${path} @${name} ${viewport.width}px: page scrolls sideways ` +
            `(scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}); sticking out: ${m.culprits.join(', ') || '?'}`,
        );
      }
      if (path === 'kpi/index.html') {
        const cards = await page.evaluate(() =>
          [...document.querySelectorAll('.kpi-card')].map((card) => {
            const svg = card.querySelector('svg');
            const title = svg && svg.querySelector(':scope > title');
            return {
              name: (card.querySelector('a, h2, h3')?.textContent || card.textContent).trim().slice(0, 60),
              svg: !!svg,
              role: svg ? svg.getAttribute('role') : null,
              title: title ? title.textContent.trim() : null,
              width: svg ? Math.round(svg.getBoundingClientRect().width) : 0,
            };
          }),
        );
        if (cards.length !== kpiCount) {
          failures.push(`${edition}/kpi/index.html @${name}: ${cards.length} .kpi-card(s), ${kpiCount} KPI document(s)`);
        }
        for (const c of cards) {
          if (!c.svg) failures.push(`${edition}/kpi/index.html @${name}: card "${c.name}" has no <svg>`);
          else {
            if (c.role !== 'img') failures.push(`${edition}/kpi/index.html @${name}: card "${c.name}": <svg> role is ${JSON.stringify(c.role)}, not "img"`);
            if (!c.title) failures.push(`${edition}/kpi/index.html @${name}: card "${c.name}": <svg> has no (non-empty) <title>`);
            if (c.width === 0) failures.push(`${edition}/kpi/index.html @${name}: card "${c.name}": <svg> is not displayed`);
          }
        }
        summary.kpiCards = cards.length;
      }
      if (shotsDir && SCREENSHOT_PAGES.includes(path)) {
        const file = join(shotsDir, `${edition}-${path.replace(/\//g, '-').replace(/\.html$/, '')}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        summary.screenshots.push(file);
      }
      for (const e of errors) failures.push(`${edition}/${path} @${name}: ${e}`);
    }
    for (const url of outside) failures.push(`${edition} @${name}: request outside the site: ${url}`);
    summary.viewports[name] = { width: viewport.width, maxScrollWidth: Math.max(...Object.values(widths)) };
    await context.close();
  }
} finally {
  await browser.close();
}
finish(`layout ${edition} (${pages.length} pages × ${Object.keys(VIEWPORTS).length} widths)`, failures, summary);
