// print.html of one edition as an A4 PDF (Chromium's page.pdf, i.e. print
// media), read back with pdftotext (poppler-utils):
// - every document of the edition is an <article id="doc-<id-lowercase>">
//   (or "doc.<id-lowercase>", the theme's collision-free form) that starts a
//   new printed page (break-before: page under print media);
// - the PDF text holds every document ID of the edition's playbook.json,
//   and the site title on its first page;
// - the PDF has more pages than documents / 2;
// - in any edition but company, no ID of an internal document (the company
//   playbook.json's documents whose audience is not "shared", when
//   <out-dir>/company exists) appears anywhere in the PDF text;
// - the page size is the stylesheet's (no format is passed): A4, 595 × 842
//   pt, every page;
// - the first page is the cover: title and the edition's name (the
//   header's .edition-badge text on index.html), and no page number;
// - the contents follow, grouped like the menu: the group titles of
//   .print-contents-group h3, in order, on the pages after the cover, and
//   no document ID among them;
// - every page after the cover has its number in its footer ("第 N 页",
//   "第 N 頁" or "Page N"), N counting from 1 at the cover;
// - headings are kept with what follows (break-after: avoid on h1–h4 in
//   print media).
//
//   node tests/browser/print.mjs <out-dir> <edition> [PDF-FILE]
// The PDF is kept at PDF-FILE when given (else a temporary file).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { siteArgs, documents, fileUrl, launch, siteContext, watchErrors, finish } from './lib.mjs';

const { outDir, edition, root, rest } = siteArgs('print.mjs <out-dir> <edition> [PDF-FILE]');
const docs = documents(root);
const ids = docs.map((d) => d.id);

const companyJson = join(outDir, 'company');
const internal =
  edition !== 'company' && existsSync(join(companyJson, 'playbook.json'))
    ? documents(companyJson)
        .filter((d) => d.audience !== 'shared')
        .map((d) => d.id)
    : [];

const scratch = mkdtempSync(join(tmpdir(), 'playbook-print-'));
const pdf = rest[0] ? resolve(rest[0]) : join(scratch, `${edition}.pdf`);
const failures = [];
let articles;
let title;
let groups;
let headingBreaks;
let editionLabel;
let contentsDom;
const browser = await launch();
try {
  const { context, outside } = await siteContext(browser, root);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(fileUrl(root, 'print.html'), { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => document.fonts.ready);
  articles = await page.evaluate(() =>
    [...document.querySelectorAll('article')].map((a) => ({
      id: a.id,
      breakBefore: getComputedStyle(a).breakBefore,
    })),
  );
  title = await page.evaluate(() => (document.querySelector('.print-cover h1, h1')?.textContent || '').trim());
  contentsDom = await page.evaluate(() => document.querySelector('.print-contents')?.textContent || '');
  groups = await page.evaluate(() => [...document.querySelectorAll('.print-contents-group h3')].map((h) => h.textContent.trim()));
  headingBreaks = await page.evaluate(() =>
    [...new Set([...document.querySelectorAll('main h1, main h2, main h3, main h4')].map((h) => `${h.tagName}:${getComputedStyle(h).breakAfter}`))],
  );
  // The page size and margins are the stylesheet's (@page): no format here.
  await page.pdf({ path: pdf, printBackground: true, preferCSSPageSize: true });
  const home = await context.newPage();
  await home.goto(fileUrl(root, 'index.html'), { waitUntil: 'load' });
  editionLabel = await home.evaluate(() => (document.querySelector('.edition-badge')?.textContent || '').trim());
  for (const e of errors) failures.push(`${edition}/print.html: ${e}`);
  for (const url of outside) failures.push(`${edition}/print.html: request outside the site: ${url}`);
  await context.close();
} finally {
  await browser.close();
}

// One article per document, each on a new page.
const articleOf = (a) => a.id.match(/^doc[-.](.+)$/)?.[1];
const docArticles = articles.filter((a) => articleOf(a) !== undefined);
const byArticle = new Map(docArticles.map((a) => [articleOf(a), a]));
for (const id of ids) {
  const a = byArticle.get(id.toLowerCase());
  if (!a) failures.push(`${edition}/print.html: no <article id="doc-${id.toLowerCase()}"> (or doc.${id.toLowerCase()}) for ${id}`);
  else if (a.breakBefore !== 'page') {
    failures.push(`${edition}/print.html: <article id="${a.id}"> does not start a new page (break-before: ${a.breakBefore})`);
  }
}
if (docArticles.length !== ids.length) {
  failures.push(`${edition}/print.html: ${docArticles.length} <article id="doc-…">, ${ids.length} documents in playbook.json`);
}

// The PDF, as text.
const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
const pages = Number(info.match(/^Pages:\s+(\d+)/m)?.[1] ?? 0);
const raw = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
// An ID broken at one of its dashes by a line end is still that ID.
const text = raw.replace(/-[ \t]*\r?\n[ \t]*/g, '-');
const firstPage = raw.split('\f')[0];
const has = (id) => new RegExp(`(?<![A-Z0-9-])${id.replace(/-/g, '\\-')}(?![A-Z0-9-])`).test(text);

const missing = ids.filter((id) => !has(id));
if (missing.length) failures.push(`${edition}: the PDF text lacks ${missing.length} document ID(s): ${missing.join(', ')}`);
const leaked = internal.filter((id) => has(id));
if (leaked.length) failures.push(`${edition}: the PDF text holds internal ID(s): ${leaked.join(', ')}`);
if (!(pages > ids.length / 2)) {
  failures.push(`${edition}: the PDF has ${pages} page(s) for ${ids.length} documents (expected more than ${ids.length / 2})`);
}
if (!title || !firstPage.replace(/\s+/g, '').includes(title.replace(/\s+/g, ''))) {
  failures.push(`${edition}: the site title ${JSON.stringify(title)} is not on the PDF's first page`);
}

// A4, every page.
const sizes = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), pdf], { encoding: 'utf8' })
  .split('\n')
  .filter((line) => /^Page\s+\d+ size:/.test(line))
  .map((line) => line.match(/size:\s+([\d.]+) x ([\d.]+)/).slice(1).map(Number));
const notA4 = sizes.filter(([w, h]) => Math.round(w) !== 595 || Math.round(h) !== 842);
if (sizes.length !== pages || notA4.length) {
  failures.push(`${edition}: ${notA4.length} of ${sizes.length} page(s) are not A4 (595 x 842 pt): ${JSON.stringify(notA4.slice(0, 3))}`);
}
// The cover: the edition named, no page number.
const pageTexts = raw.split('\f');
const squash = (t) => t.replace(/\s+/g, '');
if (!editionLabel || !squash(pageTexts[0]).includes(squash(editionLabel))) {
  failures.push(`${edition}: the cover does not name the edition ${JSON.stringify(editionLabel)}`);
}
const pageNumber = (text, n) => new RegExp(`(第\\s*${n}\\s*[页頁]|Page\\s+${n})(?!\\d)`).test(text);
if (pageNumber(pageTexts[0], 1)) failures.push(`${edition}: the cover has a page number`);
const unnumbered = [];
for (let n = 2; n <= pages; n++) {
  const lines = (pageTexts[n - 1] || '').trim().split('\n');
  if (!pageNumber(lines.slice(-3).join(' '), n)) unnumbered.push(n);
}
if (unnumbered.length) failures.push(`${edition}: ${unnumbered.length} page(s) without their number in the footer: ${unnumbered.slice(0, 10).join(', ')}`);
// The contents: the menu's groups in order, right after the cover.
let contentsText = '';
for (let n = 1; n < pageTexts.length && n < 12; n++) contentsText += pageTexts[n];
let at = 0;
for (const group of groups) {
  const found = squash(contentsText).indexOf(squash(group), at);
  if (found < 0) {
    failures.push(`${edition}: the contents lack the group ${JSON.stringify(group)} (in order)`);
    break;
  }
  at = found;
}
if (groups.length < 2) failures.push(`${edition}: the contents have ${groups.length} group(s)`);
const idsInContents = ids.filter((id) => contentsDom.includes(id));
if (idsInContents.length) failures.push(`${edition}: the contents list document IDs: ${idsInContents.slice(0, 5).join(', ')}`);
for (const hb of headingBreaks) {
  if (!hb.endsWith(':avoid')) failures.push(`${edition}: a heading may be left at the foot of a page (${hb})`);
}

if (!rest[0]) rmSync(scratch, { recursive: true, force: true });
finish(`print ${edition}`, failures, {
  edition,
  pdf: rest[0] ? pdf : null,
  pages,
  documents: ids.length,
  ids_found: ids.length - missing.length,
  internal_ids_checked: internal.length,
  internal_ids_leaked: leaked.length,
  a4_pages: sizes.length - notA4.length,
  numbered_pages: pages - 1 - unnumbered.length,
  contents_groups: groups,
  edition_label: editionLabel,
});
