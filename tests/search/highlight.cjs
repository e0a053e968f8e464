// Runs the search page's highlighter (templates/search.js) in Node on the
// [text, query] pairs given as JSON on stdin and prints the HTML it makes
// of each as JSON, for tests/search.rs.
const fs = require("fs");
const path = require("path");
const source = fs.readFileSync(path.join(__dirname, "../../templates/search.js"), "utf8");
global.window = {};
global.document = { currentScript: null, readyState: "complete", getElementById: () => null };
new Function(source)();
const pairs = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(pairs.map(([text, query]) => window.PlaybookSearch.highlight(text, query))));
