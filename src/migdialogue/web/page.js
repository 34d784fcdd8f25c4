/* migdialogue page script: search as you type, facet filters with live counts, the view kept in the URL.
   Every record is already in the page as HTML; this script only hides, shows and orders the examples.
   The ranking is the one of `migdialogue search` (see fulltext.py), computed from the index that Python
   wrote into the page: no network, no modules, no workers. */
(function () {
  "use strict";
  var started = performance.now();
  var DATA = JSON.parse(document.getElementById("md-data").textContent);
  var S = DATA.search;
  var FACETS = DATA.facets; // [name, label, [values]]
  var FACET_NAMES = FACETS.map(function (f) { return f[0]; });
  var docs = DATA.docs;
  var results = document.getElementById("results");
  var input = document.getElementById("q");
  var statusEl = document.getElementById("status");
  var articles = docs.map(function (d) { return document.getElementById("ex-" + d.id); });
  var state = { q: "", sel: {} };
  FACET_NAMES.forEach(function (n) { state.sel[n] = new Set(); });

  // -- text as the CLI normalises it (vocab.normalise) ----------------------------------------------
  var COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+/g;
  var NON_WORD = /[^\p{L}\p{N}]+/gu;
  function normalise(text) {
    text = text.normalize("NFKD").replace(COMBINING, "");
    return text.toLowerCase().replace(/\u00df/g, "ss").replace(NON_WORD, " ").trim();
  }

  // -- the search index ---------------------------------------------------------------------------
  var vocab = S.vocab;
  var stop = new Set(S.stop);
  var weights = S.weights;
  var maxWeight = Math.max.apply(null, weights);
  var fieldSets = [];
  var fieldTexts = [];
  S.docs.forEach(function (fields) {
    fieldSets.push(fields.map(function (toks) { return new Set(toks); }));
    fieldTexts.push(fields.map(function (toks) {
      return " " + toks.map(function (i) { return vocab[i]; }).join(" ") + " ";
    }));
  });

  function lowerBound(arr, x) {
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function ratio(a, b) { // rapidfuzz fuzz.ratio: normalised Indel similarity, 0-100
    var x = Array.from(a), y = Array.from(b);
    if (!x.length && !y.length) return 100;
    var prev = new Array(y.length + 1).fill(0), cur = new Array(y.length + 1).fill(0);
    for (var i = 1; i <= x.length; i++) {
      for (var j = 1; j <= y.length; j++) {
        cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      var t = prev; prev = cur; cur = t;
    }
    return 200 * prev[y.length] / (x.length + y.length);
  }
  function similarWords(word) { // token index -> strength (0-1), as fulltext.similar_words
    var out = new Map();
    var i = lowerBound(vocab, word);
    if (i < vocab.length && vocab[i] === word) out.set(i, 1.0);
    var len = Array.from(word).length;
    if (len >= 3) {
      for (var j = i; j < vocab.length && vocab[j].startsWith(word); j++) if (!out.has(j)) out.set(j, 0.9);
    }
    var chars = Array.from(word);
    for (var k = 4; k < len; k++) {
      if (len - k <= 3) {
        var prefix = chars.slice(0, k).join("");
        var p = lowerBound(vocab, prefix);
        if (p < vocab.length && vocab[p] === prefix && !out.has(p)) out.set(p, 0.85);
      }
    }
    if (len >= 4 && out.size === 0) {
      for (var v = 0; v < vocab.length; v++) {
        var r = ratio(word, vocab[v]);
        if (r >= 80) out.set(v, 0.8 * r / 100);
      }
    }
    return out;
  }
  function queryWords(text) {
    var phrase = normalise(text);
    var words = [];
    phrase.split(" ").forEach(function (w) {
      if (w && !stop.has(w) && (Array.from(w).length > 1 || /^\p{Nd}+$/u.test(w)) && words.indexOf(w) < 0) words.push(w);
    });
    return { phrase: phrase, words: words.slice(0, 32) };
  }
  /* Scores (0-100) of the examples matching a query, by document index; null for an empty query. */
  function score(text) {
    var parsed = queryWords(text);
    if (!parsed.words.length) return null;
    var similar = parsed.words.map(similarWords);
    var scores = new Map();
    for (var d = 0; d < fieldSets.length; d++) {
      var total = 0;
      for (var w = 0; w < similar.length; w++) {
        var best = 0;
        for (var f = 0; f < weights.length; f++) {
          var toks = fieldSets[d][f];
          similar[w].forEach(function (strength, tok) {
            if (toks.has(tok) && strength * weights[f] > best) best = strength * weights[f];
          });
        }
        total += best;
      }
      if (!total) continue;
      var s = 100 * total / (parsed.words.length * maxWeight);
      if (parsed.words.length > 1) {
        var bonus = 0;
        for (var g = 0; g < weights.length; g++) {
          if (fieldTexts[d][g].indexOf(" " + parsed.phrase + " ") >= 0 && weights[g] > bonus) bonus = weights[g];
        }
        s += 15 * bonus / maxWeight;
      }
      s = Math.min(s, 100);
      if (s >= S.min) scores.set(d, s);
    }
    return scores;
  }
  function rank(text) { // document ids, best first (score, then id), as `migdialogue search`
    var scores = score(text);
    if (scores === null) return [];
    var order = Array.from(scores.keys());
    order.sort(function (a, b) {
      var sa = Math.round(scores.get(a) * 10), sb = Math.round(scores.get(b) * 10);
      if (sa !== sb) return sb - sa;
      return docs[a].id < docs[b].id ? -1 : docs[a].id > docs[b].id ? 1 : 0;
    });
    return order.map(function (i) { return docs[i].id; });
  }

  // -- filters --------------------------------------------------------------------------------------
  var valueIndex = {};
  FACETS.forEach(function (f) {
    var m = new Map();
    f[2].forEach(function (v, i) { m.set(v, i); });
    valueIndex[f[0]] = m;
  });
  function passes(d, except) {
    for (var i = 0; i < FACET_NAMES.length; i++) {
      var name = FACET_NAMES[i];
      if (name === except) continue;
      var sel = state.sel[name];
      if (!sel.size) continue;
      var have = docs[d][name], ok = false;
      for (var k = 0; k < have.length; k++) if (sel.has(FACETS[i][2][have[k]])) { ok = true; break; }
      if (!ok) return false;
    }
    return true;
  }

  var boxes = {};
  document.querySelectorAll("#facets input[type=checkbox]").forEach(function (box) {
    (boxes[box.name] = boxes[box.name] || new Map()).set(box.value, box);
  });

  function apply(fromUser) {
    var scores = score(state.q);
    var inQuery = function (d) { return scores === null || scores.has(d); };
    var shown = [];
    for (var d = 0; d < docs.length; d++) if (inQuery(d) && passes(d, null)) shown.push(d);
    // live counts: each facet counted over the examples the query and the other facets keep
    FACETS.forEach(function (f, fi) {
      var counts = new Array(f[2].length).fill(0);
      for (var d = 0; d < docs.length; d++) {
        if (!inQuery(d) || !passes(d, f[0])) continue;
        docs[d][f[0]].forEach(function (v) { counts[v]++; });
      }
      f[2].forEach(function (v, i) {
        var box = boxes[f[0]] && boxes[f[0]].get(v);
        if (!box) return;
        box.checked = state.sel[f[0]].has(v);
        var label = box.parentNode;
        label.querySelector(".n").textContent = String(counts[i]);
        label.classList.toggle("zero", counts[i] === 0 && !box.checked);
      });
      var picked = document.querySelector('.facet[data-facet="' + f[0] + '"] .picked');
      if (picked) picked.textContent = state.sel[f[0]].size ? "(" + state.sel[f[0]].size + " chosen)" : "";
    });
    var order = shown.slice();
    if (scores !== null) {
      order.sort(function (a, b) {
        var sa = Math.round(scores.get(a) * 10), sb = Math.round(scores.get(b) * 10);
        if (sa !== sb) return sb - sa;
        return docs[a].id < docs[b].id ? -1 : docs[a].id > docs[b].id ? 1 : 0;
      });
    }
    var visible = new Set(order);
    articles.forEach(function (el, i) { if (el) el.hidden = !visible.has(i); });
    var frag = document.createDocumentFragment();
    order.forEach(function (i) { if (articles[i]) frag.appendChild(articles[i]); });
    articles.forEach(function (el, i) { if (el && !visible.has(i)) frag.appendChild(el); });
    results.appendChild(frag);
    var empty = document.getElementById("no-match");
    if (!order.length && !empty) {
      empty = document.createElement("p");
      empty.id = "no-match";
      empty.className = "empty";
      empty.textContent = "No example matches. Try fewer words or clear a filter.";
      results.insertBefore(empty, results.firstChild);
    } else if (order.length && empty) {
      empty.remove();
    }
    var active = scores !== null || FACET_NAMES.some(function (n) { return state.sel[n].size; });
    document.body.classList.toggle("filtered", active);
    statusEl.textContent = describe(order.length, scores);
    if (fromUser) saveUrl();
  }

  function describe(n, scores) {
    var total = docs.length;
    var parts = [];
    if (state.q.trim()) parts.push("\u201c" + state.q.trim() + "\u201d");
    FACETS.forEach(function (f) {
      if (state.sel[f[0]].size) {
        var labels = Array.from(state.sel[f[0]]).map(function (v) {
          var box = boxes[f[0]] && boxes[f[0]].get(v);
          return box ? box.parentNode.querySelector(".v").textContent : v;
        });
        parts.push(f[1] + ": " + labels.join(" or "));
      }
    });
    if (state.q.trim() && scores === null) return "Type a word to search: common words alone find nothing. Showing " + n + " of " + total + " examples.";
    if (!parts.length) return "Showing all " + total + " examples.";
    var what = n === 1 ? "1 example matches " : n + " of " + total + " examples match ";
    return what + parts.join("; ") + (scores !== null && n > 1 ? ", best first." : ".");
  }

  // -- the view in the URL (search parameters: they survive a reload, from file:// too) --------------
  function saveUrl() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACET_NAMES.forEach(function (n) { state.sel[n].forEach(function (v) { params.append(n, v); }); });
    var search = params.toString();
    var url = location.pathname + (search ? "?" + search : "") + location.hash;
    try { history.replaceState(null, "", url); } catch (e) { /* a browser that refuses: the view still works */ }
  }
  function loadUrl() {
    var params = new URLSearchParams(location.search);
    state.q = params.get("q") || "";
    FACET_NAMES.forEach(function (n) {
      state.sel[n] = new Set(params.getAll(n).filter(function (v) { return valueIndex[n].has(v); }));
    });
    input.value = state.q;
  }

  // -- events -----------------------------------------------------------------------------------------
  input.addEventListener("input", function () { state.q = input.value; apply(true); });
  document.getElementById("finder").addEventListener("submit", function (e) {
    e.preventDefault();
    var first = results.querySelector("article:not([hidden]) h3 a");
    if (first) first.focus();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && input.value) { input.value = ""; state.q = ""; apply(true); e.preventDefault(); }
  });
  document.getElementById("facets").addEventListener("change", function (e) {
    var box = e.target;
    if (!box || box.type !== "checkbox") return;
    if (box.checked) state.sel[box.name].add(box.value); else state.sel[box.name].delete(box.value);
    apply(true);
  });
  document.getElementById("reset").addEventListener("click", function () {
    state.q = ""; input.value = "";
    FACET_NAMES.forEach(function (n) { state.sel[n].clear(); });
    apply(true);
    input.focus();
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); input.focus(); input.select(); }
  });
  function showTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) return;
    if (el.hidden && el.classList.contains("example")) { // a link to an example the filters hide: show all
      state.q = ""; input.value = "";
      FACET_NAMES.forEach(function (n) { state.sel[n].clear(); });
      apply(true);
      el.scrollIntoView();
    }
    var more = el.querySelector("details.more");
    if (more) more.open = true;
  }
  window.addEventListener("hashchange", showTarget);
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.from(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); opened = []; });

  // -- start ------------------------------------------------------------------------------------------
  document.getElementById("finder").hidden = false;
  document.getElementById("facets").hidden = false;
  if (window.matchMedia && window.matchMedia("(max-width: 52rem)").matches) {
    document.querySelector("#facets details.filters").open = false;
  }
  loadUrl();
  apply(false);
  showTarget();
  window.migdialogue = { rank: rank, score: score, normalise: normalise, readyMs: performance.now() - started };
  document.documentElement.setAttribute("data-ready", "true");
})();
