/* playbook search: runs in the browser, offline, from file:// or any server.
 * The index is a set of scripts written by `playbook build` (src/search/):
 * search/meta.js, search/shard-N.js (postings), search/docs-N.js (documents).
 * A query loads the shards of its terms and the document blocks of the
 * results it shows, nothing else.
 * tokenize() must stay identical to src/search/tokenize.rs (a test compares
 * them on the same strings). */
(function () {
  "use strict";

  var SUFFIXES = ["ations", "ating", "ation", "ments", "ment", "ings", "ing", "ions", "ion",
    "ates", "ated", "ate", "es", "ed", "s"];

  function isCjk(code) {
    return (code >= 0x3040 && code <= 0x30FF) || (code >= 0x3400 && code <= 0x4DBF) ||
      (code >= 0x4E00 && code <= 0x9FFF) || (code >= 0xF900 && code <= 0xFAFF) ||
      (code >= 0x20000 && code <= 0x2FFFF);
  }
  var WORD = /[\p{Alphabetic}\p{N}]/u;

  function stem(word) {
    if (/[0-9]/.test(word) || /[^\x00-\x7F]/.test(word)) return word;
    for (var i = 0; i < SUFFIXES.length; i++) {
      var suffix = SUFFIXES[i];
      if (word.length - suffix.length >= 3 && word.slice(-suffix.length) === suffix) {
        return word.slice(0, -suffix.length);
      }
    }
    return word;
  }

  /* [[token, kind]] with kind "w" (word), "u" (CJK character), "b" (CJK bigram). */
  function tokenize(text) {
    var lower = text.toLowerCase();
    var tokens = [];
    var word = "";
    var run = [];
    function flushWord() {
      if (word) { tokens.push([stem(word), "w"]); word = ""; }
    }
    function flushRun() {
      for (var i = 0; i < run.length; i++) {
        tokens.push([run[i], "u"]);
        if (i + 1 < run.length) tokens.push([run[i] + run[i + 1], "b"]);
      }
      run = [];
    }
    for (var c of lower) {
      var code = c.codePointAt(0);
      if (isCjk(code)) { flushWord(); run.push(c); }
      else if (WORD.test(c)) { flushRun(); word += c; }
      else { flushWord(); flushRun(); }
    }
    flushWord();
    flushRun();
    return tokens;
  }

  function queryTerms(query) {
    var tokens = tokenize(query);
    var terms = [];
    for (var i = 0; i < tokens.length; i++) {
      var kind = tokens[i][1];
      if (kind === "u") {
        var followed = i + 1 < tokens.length && tokens[i + 1][1] === "b";
        var preceded = i > 0 && tokens[i - 1][1] === "b";
        if (followed || preceded) continue;
      }
      if (terms[terms.length - 1] !== tokens[i][0]) terms.push(tokens[i][0]);
    }
    return terms;
  }

  function shardOf(term, shards) {
    var hash = 0x811c9dc5;
    var bytes = new TextEncoder().encode(term);
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % Math.max(shards, 1);
  }

  /* The edition root as written in the page ("" or "../"), so that result
   * links stay relative like every other link of the site. */
  var base = (function () {
    var script = document.currentScript;
    var src = script ? script.getAttribute("src") || "" : "";
    return src.replace(/assets\/search\.js(\?.*)?$/, "");
  })();

  var waiting = {};
  var loaded = {};
  var store = { meta: null, shards: {}, docs: {} };

  function load(name) {
    if (loaded[name]) return loaded[name];
    loaded[name] = new Promise(function (resolve, reject) {
      waiting[name] = resolve;
      var script = document.createElement("script");
      script.src = base + "search/" + name + ".js";
      script.onerror = function () { reject(new Error("cannot load " + name)); };
      document.head.appendChild(script);
    });
    return loaded[name];
  }

  window.PlaybookSearch = {
    meta: function (meta) { store.meta = meta; if (waiting.meta) waiting.meta(); },
    shard: function (index, data) { store.shards[index] = data; var k = "shard-" + index; if (waiting[k]) waiting[k](); },
    docs: function (index, data) { store.docs[index] = data; var k = "docs-" + index; if (waiting[k]) waiting[k](); },
    tokenize: tokenize,
    queryTerms: queryTerms,
    highlight: highlight,
    search: search
  };

  function postingsOf(term) {
    var shard = store.shards[shardOf(term, store.meta.shards)] || {};
    var flat = shard[term];
    var map = {};
    if (!flat) return map;
    for (var i = 0; i < flat.length; i += 2) map[flat[i]] = flat[i + 1];
    return map;
  }

  /* Resolves to [{id, title, kind, url, text, score}], best first. */
  function search(query, limit) {
    limit = limit || 20;
    var terms = queryTerms(query);
    var trimmed = query.trim();
    var idTerm = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/.test(trimmed) && trimmed.indexOf("-") > 0
      ? "#" + trimmed.toLowerCase() : null;
    if (!terms.length && !idTerm) return Promise.resolve([]);
    return load("meta").then(function () {
      var all = terms.slice();
      if (idTerm) all.push(idTerm);
      var needed = {};
      all.forEach(function (t) { needed[shardOf(t, store.meta.shards)] = true; });
      return Promise.all(Object.keys(needed).map(function (i) { return load("shard-" + i); }));
    }).then(function () {
      var scores = null;
      terms.forEach(function (term) {
        var postings = postingsOf(term);
        if (scores === null) { scores = postings; return; }
        var next = {};
        for (var doc in scores) if (doc in postings) next[doc] = scores[doc] + postings[doc];
        scores = next;
      });
      scores = scores || {};
      if (idTerm) {
        var exact = postingsOf(idTerm);
        for (var doc in exact) scores[doc] = (scores[doc] || 0) + exact[doc];
      }
      var ranked = Object.keys(scores).map(function (doc) { return [Number(doc), scores[doc]]; });
      ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      ranked = ranked.slice(0, limit);
      var chunks = {};
      ranked.forEach(function (r) { chunks[Math.floor(r[0] / store.meta.perChunk)] = true; });
      return Promise.all(Object.keys(chunks).map(function (i) { return load("docs-" + i); })).then(function () {
        return ranked.map(function (r) {
          var d = store.docs[Math.floor(r[0] / store.meta.perChunk)][r[0] % store.meta.perChunk];
          return { id: d[0], title: d[1], kind: d[2], url: d[3], text: d[4], score: r[1] };
        });
      });
    });
  }

  /* ---- the search page ---- */
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  function needles(query) {
    var words = query.toLowerCase().split(/[^\p{Alphabetic}\p{N}]+/u).filter(Boolean);
    return words.map(function (w) {
      var stemmed = stem(w);
      return stemmed.length >= 3 ? stemmed : w;
    });
  }

  function highlight(text, query) {
    var lower = text.toLowerCase();
    var marks = needles(query);
    var first = -1;
    marks.forEach(function (m) {
      var at = lower.indexOf(m);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var start = Math.max(0, first - 40);
    var snippet = first < 0 ? text.slice(0, 160) : text.slice(start, start + 180);
    // The words are found in the text itself and each piece escaped
    // afterwards: marking the escaped HTML put `<mark>` inside entities
    // (`&<mark>amp</mark>;` for "amp") and marked `lt` in `&lt;`.
    var ranges = [];
    marks.forEach(function (m) {
      if (!m) return;
      var pattern = new RegExp(m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "giu");
      var hit;
      while ((hit = pattern.exec(snippet)) !== null) {
        if (hit[0].length === 0) { pattern.lastIndex++; continue; }
        ranges.push([hit.index, hit.index + hit[0].length]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var html = "";
    var at = 0;
    ranges.forEach(function (r) {
      if (r[1] <= at) return;
      var from = Math.max(r[0], at);
      html += escapeHtml(snippet.slice(at, from)) + "<mark>" + escapeHtml(snippet.slice(from, r[1])) + "</mark>";
      at = r[1];
    });
    html += escapeHtml(snippet.slice(at));
    return (start > 0 ? "…" : "") + html + (start + 180 < text.length ? "…" : "");
  }

  /* An ID query (`SLA-CHAT-FIRST`) is highlighted on the ID it found;
   * otherwise the query's words are marked in the ID like anywhere else. */
  function markId(id, query) {
    return id.toLowerCase() === query.trim().toLowerCase()
      ? "<mark>" + escapeHtml(id) + "</mark>" : highlight(id, query);
  }

  function render(results, query, list, status) {
    list.innerHTML = "";
    var labels = status.dataset;
    status.textContent = results.length
      ? labels.found.replace("{n}", results.length).replace("{q}", query)
      : labels.none.replace("{q}", query);
    results.forEach(function (r) {
      var item = document.createElement("li");
      item.className = "search-result";
      item.innerHTML = "<a class=\"doc-title\" href=\"" + escapeHtml(base + r.url) + "\">" +
        highlight(r.title, query) + "</a> <span class=\"badge\">" + escapeHtml(r.kind) + "</span> <code class=\"doc-id\">" +
        markId(r.id, query) + "</code><p class=\"snippet\">" + highlight(r.text, query) + "</p>";
      list.appendChild(item);
    });
  }

  function start() {
    var form = document.getElementById("search-form");
    var input = document.getElementById("search-input");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    if (!form || !input || !list || !status) return;
    var timer = null;
    var run = function () {
      var query = input.value;
      if (history.replaceState) {
        var url = new URL(window.location.href);
        if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
        try { history.replaceState(null, "", url.toString()); } catch (e) { /* file:// may refuse */ }
      }
      if (!query.trim()) { list.innerHTML = ""; status.textContent = ""; return; }
      search(query).then(function (results) {
        if (input.value === query) render(results, query, list, status);
      }, function (error) { status.textContent = String(error); });
    };
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; run(); }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
