// trace.html of one edition, as a reader sees it in the browser.
// Always: every requirement of the edition's playbook.json has its row
// (its ID appears in the matrix), and the page shows no console errors.
// Then, by option:
//   --no-gaps         no element with class "gap" anywhere on the page;
//   --gap ID          (repeatable) the matrix names a gap for ID in words:
//                     for a requirement, a .gap element of its row group
//                     holds the gap word; for an SLA, a .gap element holding
//                     the gap word names the SLA (its title or ID);
//                     and exactly as many worded gaps as --gap options;
//   --covered ID      (repeatable) the row group of requirement ID has no
//                     .gap element;
//   --gap-word WORD   the word that introduces a gap (default: from the
//                     page language: "缺口：", "缺口：" or "Gap:").
// Prints the matrix as JSON (one object per requirement row group).
//
//   node tests/browser/trace.mjs <out-dir> <edition> [options]
import { siteArgs, documents, fileUrl, launch, siteContext, watchErrors, finish } from './lib.mjs';

const { edition, root, rest } = siteArgs('trace.mjs <out-dir> <edition> [--no-gaps] [--gap ID]... [--covered ID]... [--gap-word WORD]');
const opts = { noGaps: false, gaps: [], covered: [], gapWord: null };
for (let i = 0; i < rest.length; i++) {
  const a = rest[i];
  if (a === '--no-gaps') opts.noGaps = true;
  else if (a === '--gap') opts.gaps.push(rest[++i]);
  else if (a === '--covered') opts.covered.push(rest[++i]);
  else if (a === '--gap-word') opts.gapWord = rest[++i];
  else {
    console.error(`trace.mjs: unknown option ${a}`);
    process.exit(2);
  }
}

const docs = documents(root);
const byId = new Map(docs.map((d) => [d.id, d]));
const requirements = docs.filter((d) => d.kind === 'requirement').map((d) => d.id);
const failures = [];
let matrix;
const browser = await launch();
try {
  const { context, outside } = await siteContext(browser, root);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(fileUrl(root, 'trace.html'), { waitUntil: 'load' });
  matrix = await page.evaluate(() => {
    const lang = document.documentElement.lang;
    const table = document.querySelector('table.trace') || document.querySelector('main table');
    const groups = [];
    for (const tr of table ? table.querySelectorAll('tbody tr') : []) {
      const head = tr.querySelector('th[scope="row"]');
      if (head) {
        groups.push({
          requirement: (head.querySelector('.doc-id')?.textContent || '').trim(),
          heading: head.textContent.replace(/\s+/g, ' ').trim(),
          text: '',
          gaps: [],
        });
      }
      const g = groups[groups.length - 1];
      if (!g) continue;
      g.text += ' ' + tr.textContent.replace(/\s+/g, ' ').trim();
      for (const el of tr.querySelectorAll('.gap')) g.gaps.push(el.textContent.replace(/\s+/g, ' ').trim());
    }
    return {
      lang,
      table: !!table,
      text: document.querySelector('main')?.textContent.replace(/\s+/g, ' ') || '',
      gapElements: [...document.querySelectorAll('.gap')].map((el) => el.textContent.replace(/\s+/g, ' ').trim()),
      groups,
    };
  });
  for (const e of errors) failures.push(`${edition}/trace.html: ${e}`);
  for (const url of outside) failures.push(`${edition}/trace.html: request outside the site: ${url}`);
  await context.close();
} finally {
  await browser.close();
}

const gapWord = opts.gapWord ?? (matrix.lang.startsWith('zh') ? '缺口：' : 'Gap:');
const where = `${edition}/trace.html`;
if (!matrix.table) failures.push(`${where}: no traceability table`);
for (const id of requirements) {
  if (!matrix.text.includes(id)) failures.push(`${where}: requirement ${id} does not appear`);
  else if (!matrix.groups.some((g) => g.requirement === id)) failures.push(`${where}: requirement ${id} has no row of its own`);
}
if (opts.noGaps && matrix.gapElements.length) {
  failures.push(`${where}: ${matrix.gapElements.length} element(s) with class "gap": ${matrix.gapElements.join(' | ')}`);
}
const worded = matrix.gapElements.filter((t) => t.includes(gapWord));
for (const id of opts.gaps) {
  const doc = byId.get(id);
  if (!doc) {
    failures.push(`${where}: --gap ${id}: no such document in the edition`);
  } else if (doc.kind === 'requirement') {
    const g = matrix.groups.find((g) => g.requirement === id);
    if (!g || !g.gaps.some((t) => t.includes(gapWord))) {
      failures.push(`${where}: the row of ${id} names no gap ("${gapWord}"); its gap cells: ${g ? g.gaps.join(' | ') || 'none' : 'no row'}`);
    }
  } else if (!worded.some((t) => t.includes(doc.title) || t.includes(id))) {
    failures.push(`${where}: no gap ("${gapWord}") names ${doc.kind} ${id} ("${doc.title}"); worded gaps: ${worded.join(' | ') || 'none'}`);
  }
}
if (opts.gaps.length && worded.length !== opts.gaps.length) {
  failures.push(`${where}: ${worded.length} worded gap(s) ("${gapWord}"), expected ${opts.gaps.length}: ${worded.join(' | ')}`);
}
for (const id of opts.covered) {
  const g = matrix.groups.find((g) => g.requirement === id);
  if (!g) failures.push(`${where}: --covered ${id}: no row`);
  else if (g.gaps.length) failures.push(`${where}: ${id} should be fully covered, but its row has gap(s): ${g.gaps.join(' | ')}`);
}

finish(`trace ${edition}`, failures, {
  edition,
  requirements: requirements.length,
  gap_elements: matrix.gapElements.length,
  worded_gaps: worded,
  groups: matrix.groups.map(({ requirement, gaps }) => ({ requirement, gaps })),
});
