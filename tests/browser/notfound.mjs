// 404.html as a web server returns it for a missing URL at any depth
// (nginx: `error_page 404 /404.html;`): each URL given answers 404 with the
// page, styled (the theme's stylesheet applied), naming its edition, and
// every link on it leads to a page that exists (answers 200).
//
//   node tests/browser/notfound.mjs URL…
import { launch, watchErrors, finish } from './lib.mjs';

const urls = process.argv.slice(2);
if (!urls.length) {
  console.error('usage: node notfound.mjs URL…');
  process.exit(2);
}
const failures = [];
const checked = [];
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  for (const url of urls) {
    errors.length = 0;
    const response = await page.goto(url, { waitUntil: 'load' });
    const status = response ? response.status() : 0;
    if (status !== 404) failures.push(`${url}: status ${status}, not 404`);
    const seen = await page.evaluate(() => ({
      styled: getComputedStyle(document.querySelector('.topbar') || document.body).display === 'flex',
      edition: (document.querySelector('.edition-badge')?.textContent || '').trim(),
      heading: (document.querySelector('h1')?.textContent || '').trim(),
      links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    if (!seen.styled) failures.push(`${url}: the page is not styled (the stylesheet did not load)`);
    if (!seen.edition) failures.push(`${url}: the header names no edition`);
    if (seen.scrollWidth > seen.innerWidth + 1) failures.push(`${url}: the page scrolls sideways`);
    let broken = 0;
    for (const link of new Set(seen.links)) {
      const target = link.split('#')[0];
      if (target === url.split('#')[0]) continue;
      const answer = await context.request.get(target);
      if (answer.status() !== 200) {
        broken++;
        failures.push(`${url}: link ${link} answers ${answer.status()}`);
      }
    }
    for (const e of errors) {
      // The page's own 404 status is logged by Chromium as a failed load.
      if (!/status of 404/.test(e)) failures.push(`${url}: ${e}`);
    }
    checked.push({ url, status, styled: seen.styled, edition: seen.edition, links: new Set(seen.links).size, broken });
  }
  await context.close();
} finally {
  await browser.close();
}
finish(`404 pages (${urls.length})`, failures, { checked });
