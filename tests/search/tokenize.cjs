// Runs the browser's tokenizer (templates/search.js) in Node on the strings
// given as JSON on stdin and prints their tokens as JSON, so that
// tests/search.rs can compare them with the Rust tokenizer.
const fs = require("fs");
const path = require("path");
const source = fs.readFileSync(path.join(__dirname, "../../templates/search.js"), "utf8");
global.window = {};
global.document = { currentScript: null, readyState: "complete", getElementById: () => null };
new Function(source)();
const strings = JSON.parse(fs.readFileSync(0, "utf8"));
const out = strings.map((s) => ({
  tokens: window.PlaybookSearch.tokenize(s).map((t) => t[0]),
  query: window.PlaybookSearch.queryTerms(s),
}));
process.stdout.write(JSON.stringify(out));
