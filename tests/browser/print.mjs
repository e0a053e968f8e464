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
//   <out-dir>/company exists) appears anywhere in the PDF text.
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
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
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

if (!rest[0]) rmSync(scratch, { recursive: true, force: true });
finish(`print ${edition}`, failures, {
  edition,
  pdf: rest[0] ? pdf : null,
  pages,
  documents: ids.length,
  ids_found: ids.length - missing.length,
  internal_ids_checked: internal.length,
  internal_ids_leaked: leaked.length,
});
