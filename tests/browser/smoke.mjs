// Smoke test from disk, no server: open <edition>/index.html by its file://
// URL, click the first menu link to a kind index (<kind>/index.html), and
// check that the page it leads to is that file, with its <h1> visible and no
// resource failing to load. URLs that only work on a server fail here.
//
//   node tests/browser/smoke.mjs <out-dir> <edition>
import { siteArgs, fileUrl, launch, siteContext, watchErrors, finish, VIEWPORTS } from './lib.mjs';

const { edition, root } = siteArgs('smoke.mjs <out-dir> <edition>');
const failures = [];
const summary = { edition };
const browser = await launch();
try {
  const { context, outside } = await siteContext(browser, root, { viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const start = fileUrl(root, 'index.html');
  await page.goto(start, { waitUntil: 'load' });
  summary.start = page.url();
  // The first link of the menu whose target is a kind index.
  const link = page.locator('nav a[href$="/index.html"]:not([href^="http"])').first();
  if ((await link.count()) === 0) {
    failures.push(`${edition}/index.html: no menu link to a <kind>/index.html`);
  } else {
    const href = await link.getAttribute('href');
    summary.clicked = { href, text: (await link.textContent()).trim() };
    if (/^(\/|[a-z]+:)/i.test(href)) failures.push(`${edition}/index.html: menu link ${href} is not relative`);
    await Promise.all([page.waitForURL((u) => u.href !== start, { waitUntil: 'load' }), link.click()]);
    const url = page.url();
    summary.landed = url;
    if (!url.startsWith('file://') || url !== new URL(href, start).href) {
      failures.push(`${edition}: clicking ${href} led to ${url}`);
    }
    const h1 = page.locator('h1').first();
    if ((await h1.count()) === 0) failures.push(`${edition}: ${url} has no <h1>`);
    else {
      const visible = await h1.isVisible();
      const text = (await h1.textContent()).trim();
      summary.h1 = text;
      if (!visible) failures.push(`${edition}: the <h1> of ${url} is not visible`);
      if (!text) failures.push(`${edition}: the <h1> of ${url} is empty`);
    }
    // It links a stylesheet; a file that does not load (wrong relative URL)
    // shows as a console error ("Failed to load resource"), reported below.
    const sheets = await page.locator('link[rel="stylesheet"]').count();
    if (!sheets) failures.push(`${edition}: ${url} links no stylesheet`);
    const broken = await page.evaluate(() => [...document.images].filter((i) => i.complete && i.naturalWidth === 0).map((i) => i.src));
    for (const src of broken) failures.push(`${edition}: broken image ${src}`);
  }
  for (const e of errors) failures.push(`${edition}: ${e}`);
  for (const url of outside) failures.push(`${edition}: request outside the site: ${url}`);
  await context.close();
} finally {
  await browser.close();
}
finish(`smoke ${edition}`, failures, summary);
