// Full-page screenshots of chosen pages of one edition at desktop (1280 px)
// and phone (390 px) widths, for the README (scripts/screenshots.sh) and for
// a person to look at.
//
//   node tests/browser/shots.mjs <out-dir> <edition> <shots-dir> PAGE[@Y][=NAME]…
// Writes <shots-dir>/<NAME>-desktop.png and <NAME>-phone.png per page (NAME
// defaults to the page path with "/" as "-" and no ".html"). With
// PLAYBOOK_SHOT_SCHEME=dark the pages are shown in the dark colour scheme.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { siteArgs, fileUrl, launch, siteContext, watchErrors, finish, VIEWPORTS } from './lib.mjs';

const { edition, root, rest } = siteArgs('shots.mjs <out-dir> <edition> <shots-dir> PAGE[@Y][=NAME]…');
const [dir, ...pages] = rest;
const shotsDir = resolve(dir);
mkdirSync(shotsDir, { recursive: true });
const scheme = process.env.PLAYBOOK_SHOT_SCHEME === 'dark' ? 'dark' : 'light';
const failures = [];
const written = [];
const browser = await launch();
try {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    const { context } = await siteContext(browser, root, { viewport, colorScheme: scheme });
    const page = await context.newPage();
    const errors = watchErrors(page);
    for (const spec of pages) {
      // PAGE[@Y][=NAME]: from Y px down, one screen and a half only.
      const [pageAndFrom, label] = spec.split('=');
      const [path, from] = pageAndFrom.split('@');
      errors.length = 0;
      await page.goto(fileUrl(root, path), { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const file = join(shotsDir, `${label || `${path.replace(/\//g, '-').replace(/\.html$/, '')}${from ? `-at${from}` : ''}`}-${name}.png`);
      const clip = from ? { x: 0, y: Number(from), width: viewport.width, height: Math.round(viewport.height * 1.5) } : undefined;
      await page.screenshot({ path: file, fullPage: true, clip });
      written.push(file);
      for (const e of errors) failures.push(`${path} @${name}: ${e}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
finish(`screenshots ${edition}`, failures, { written });
