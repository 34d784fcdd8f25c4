/* migdialogue page script: search as you type, facet filters with live counts, the interface in English,
   French or Spanish, the view kept in the URL.
   Every record is already in the page as HTML, in English (the authoritative text); this script hides,
   shows and orders the examples, writes the interface strings and vocabulary names in the language
   chosen, and the records' text in the editors' French or Spanish translation (DATA.records).
   The ranking is the one of `migdialogue search` (fulltext.py: lexicon, Snowball stems, BM25F with
   coverage and phrase bonus), computed from what Python wrote into the page: no network, no modules,
   no workers. */
(function () {
  "use strict";
  var started = performance.now();

  // -- the page's data: JSON, compressed (raw DEFLATE, RFC 1951) and in base64 (htmlpage.packed) ------
  function inflate(data) { // stored, fixed and dynamic Huffman blocks; codes read through lookup tables
    var end = data.length, pos = 0, buf = 0, cnt = 0, n = 0, out = new Uint8Array(end * 4 + 1024);
    var i, k, l, e;
    function bits(need) { // the next `need` bits (past the end: zeros, refused further on)
      while (cnt < need) { buf |= data[pos++] << cnt; cnt += 8; }
      var v = buf & ((1 << need) - 1);
      buf >>>= need;
      cnt -= need;
      return v;
    }
    function table(lengths) { // canonical Huffman code -> Int32Array of symbol << 4 | length by the next `max` bits
      var max = 0, count = new Int32Array(16), next = new Int32Array(16);
      for (i = 0; i < lengths.length; i++) { count[lengths[i]]++; if (lengths[i] > max) max = lengths[i]; }
      count[0] = 0;
      for (l = 1, k = 0; l < 16; l++) { k = (k + count[l - 1]) << 1; next[l] = k; }
      var t = new Int32Array(1 << max).fill(-1);
      for (var sym = 0; sym < lengths.length; sym++) {
        l = lengths[sym];
        if (!l) continue;
        var c = next[l]++, r = 0;
        for (k = 0; k < l; k++) { r = (r << 1) | (c & 1); c >>= 1; } // the stream sends a code from its first bit
        for (k = r; k < t.length; k += 1 << l) t[k] = (sym << 4) | l;
      }
      t.max = max;
      return t;
    }
    function decode(t) {
      while (cnt < t.max) { buf |= data[pos++] << cnt; cnt += 8; }
      e = t[buf & ((1 << t.max) - 1)];
      if (e < 0) throw new Error("page data: bad code");
      buf >>>= e & 15;
      cnt -= e & 15;
      return e >> 4;
    }
    var LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    var LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    var DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
      4097, 6145, 8193, 12289, 16385, 24577];
    var DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
    var ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    var last, lens, dists;
    do {
      last = bits(1);
      var type = bits(2);
      if (type === 0) { // stored: from the next byte boundary (whole bytes read ahead are given back)
        pos -= cnt >> 3;
        buf = 0; cnt = 0;
        var size = data[pos] | (data[pos + 1] << 8);
        if (pos + 4 + size > end || size !== (~(data[pos + 2] | (data[pos + 3] << 8)) & 0xffff)) {
          throw new Error("page data: bad stored block");
        }
        if (n + size > out.length) { var grown = new Uint8Array((n + size) * 2); grown.set(out); out = grown; }
        out.set(data.subarray(pos + 4, pos + 4 + size), n);
        n += size;
        pos += 4 + size;
        continue;
      }
      if (type === 1) { // fixed codes
        var fixed = [];
        for (i = 0; i < 288; i++) fixed.push(i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8);
        lens = table(fixed);
        dists = table([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
      } else if (type === 2) { // dynamic codes
        var nlen = bits(5) + 257, ndist = bits(5) + 1, ncode = bits(4) + 4, lengths = [];
        for (i = 0; i < 19; i++) lengths.push(0);
        for (i = 0; i < ncode; i++) lengths[ORDER[i]] = bits(3);
        var lencode = table(lengths), all = [];
        while (all.length < nlen + ndist) {
          var sym = decode(lencode);
          if (sym < 16) { all.push(sym); continue; }
          var repeat = sym === 16 ? 3 + bits(2) : sym === 17 ? 3 + bits(3) : 11 + bits(7);
          var value = sym === 16 ? all[all.length - 1] : 0;
          if (value === undefined) throw new Error("page data: bad lengths");
          while (repeat--) all.push(value);
        }
        lens = table(all.slice(0, nlen));
        dists = table(all.slice(nlen, nlen + ndist));
      } else throw new Error("page data: bad block");
      var lmax = lens.max, lmask = (1 << lmax) - 1;
      for (;;) { // the block's symbols: the hot loop, written out
        if (pos > end + 4) throw new Error("page data: truncated");
        while (cnt < lmax) { buf |= data[pos++] << cnt; cnt += 8; }
        e = lens[buf & lmask];
        if (e < 0) throw new Error("page data: bad code");
        l = e & 15; buf >>>= l; cnt -= l;
        var s = e >> 4;
        if (n + 258 > out.length) { var more = new Uint8Array(out.length * 2); more.set(out); out = more; }
        if (s < 256) { out[n++] = s; continue; }
        if (s === 256) break;
        s -= 257;
        if (s > 28) throw new Error("page data: bad length");
        var length = LBASE[s] + (LEXT[s] ? bits(LEXT[s]) : 0);
        var d = decode(dists);
        if (d > 29) throw new Error("page data: bad distance");
        var dist = DBASE[d] + (DEXT[d] ? bits(DEXT[d]) : 0);
        if (dist > n) throw new Error("page data: bad distance");
        for (k = n - dist; length--; ) out[n++] = out[k++];
      }
    } while (!last);
    if (pos - (cnt >> 3) > end) throw new Error("page data: truncated");
    return out.subarray(0, n);
  }
  // base85 (htmlpage.encoded: RFC 1924's alphabet, "<" written as "."): 5 characters for 4 bytes
  var B85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;.=>?@^_`{|}~";
  var B85_VALUE = new Int8Array(128).fill(-1);
  for (var b85 = 0; b85 < 85; b85++) B85_VALUE[B85.charCodeAt(b85)] = b85;
  function unpack(text) {
    text = text.trim();
    var n = text.length, rest = n % 5;
    if (rest === 1) throw new Error("page data: truncated");
    var bytes = new Uint8Array(Math.ceil(n / 5) * 4), o = 0;
    for (var at = 0; at < n; at += 5) { // a last group of fewer characters: padded with the highest digit
      var v = 0;
      for (var k = at; k < at + 5; k++) {
        var c = k < n ? text.charCodeAt(k) : 126, d = c < 128 ? B85_VALUE[c] : -1;
        if (d < 0) throw new Error("page data: bad character");
        v = v * 85 + d;
      }
      if (v > 0xffffffff) throw new Error("page data: bad group");
      bytes[o++] = v >>> 24; bytes[o++] = (v >>> 16) & 255; bytes[o++] = (v >>> 8) & 255; bytes[o++] = v & 255;
    }
    return JSON.parse(new TextDecoder().decode(inflate(bytes.subarray(0, rest ? o - 5 + rest : o))));
  }
  var DATA = unpack(document.getElementById("md-data").textContent);
  var SD = DATA.search;
  var FACETS = DATA.facets; // [name, its label's message number, [values]]
  var FACET_NAMES = FACETS.map(function (f) { return f[0]; });
  var docs = DATA.docs;
  var results = document.getElementById("results");
  var input = document.getElementById("q");
  var statusEl = document.getElementById("status");
  var articles = docs.map(function (d) { return document.getElementById("ex-" + d.id); });
  var state = { q: "", sel: {}, langInUrl: false };
  FACET_NAMES.forEach(function (n) { state.sel[n] = new Set(); });
  function valuesOf(d, name) { // an example's values of a facet
    var f = FACETS[FACET_NAMES.indexOf(name)];
    return docs[d][name].map(function (v) { return f[2][v]; });
  }

  // -- languages (htmlpage.Texts wrote the table): messages by number, names by kind and value ------
  var I18N = DATA.i18n;
  var LANGS = I18N.langs; // ["en", "fr", "es"]
  var MSGS = I18N.msgs; // English: a msgid, or [singular, plural]
  var MSG_NUMBER = new Map();
  MSGS.forEach(function (m, i) { MSG_NUMBER.set(typeof m === "string" ? m : m[0], i); });
  var NAMES = {};
  Object.keys(I18N.names).forEach(function (kind) { NAMES[kind] = new Map(Object.entries(I18N.names[kind])); });
  var lang = I18N.lang; // the language shown: the page's own until the reader's is known
  function pluralForm(code, n) { return code === "fr" ? (n > 1 ? 1 : 0) : (n === 1 ? 0 : 1); } // gettext's Plural-Forms
  function message(i, n) { // message i in the language shown ("" in its table: the English)
    var own = lang === "en" ? "" : I18N[lang][i];
    var forms = own || MSGS[i];
    if (typeof forms === "string") return forms;
    return forms[pluralForm(own ? lang : "en", n === undefined ? 1 : n)];
  }
  function _(msgid, args) { // a message (this script's, or one Python marked), in the language shown
    var i = MSG_NUMBER.get(msgid);
    return fill(i === undefined ? msgid : message(i), args || {});
  }
  function ngettext(singular, plural, n, args) { // its form for n ({n} is n unless args give it)
    var i = MSG_NUMBER.get(singular);
    var text = i === undefined ? (n === 1 ? singular : plural) : message(i, n);
    return fill(text, Object.assign({ n: n }, args));
  }
  function nameOf(kind, value) { // a vocabulary value's name: a region's, a country's...
    var row = NAMES[kind] && NAMES[kind].get(value);
    return row ? row[LANGS.indexOf(lang)] || row[0] || value : value;
  }
  function valueLabel(name, value) { return name === "year" ? value : nameOf(name, value); }
  function facetLabel(name) { return message(FACETS[FACET_NAMES.indexOf(name)][1]); }
  function orList(names) {
    return names.reduce(function (acc, x) { return _("{first} or {second}", { first: acc, second: x }); });
  }
  function joinParts(list) { return list.reduce(function (acc, x) { return _("{first}; {second}", { first: acc, second: x }); }); }

  // -- text as the CLI folds it (vocab.normalise) ---------------------------------------------------
  var COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+/g;
  var NON_WORD = /[^\p{L}\p{N}]+/gu;
  function normalise(text) {
    text = text.normalize("NFKD").replace(COMBINING, "").replace(/[\u0153\u0152]/g, "oe").replace(/[\u00e6\u00c6]/g, "ae");
    return text.toLowerCase().replace(/\u00df/g, "ss").replace(NON_WORD, " ").trim();
  }
  function words(text) { var t = normalise(text); return t ? t.split(" ") : []; }
  function len(s) { return Array.from(s).length; }

  // -- the Snowball English stemmer (Porter2), for words the page's table does not hold -------------
  var porter2 = (function () {
    var EXC1 = { skis: "ski", skies: "sky", idly: "idl", gently: "gentl", ugly: "ugli", early: "earli",
      only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos",
      bias: "bias", andes: "andes", dying: "die", lying: "lie", tying: "tie" };
    var EXC2 = { inning: 1, outing: 1, canning: 1, herring: 1, earring: 1, proceed: 1, exceed: 1, succeed: 1 };
    var PREFIXES = ["gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ", "inter"];
    function isV(c) { return "aeiouy".indexOf(c) >= 0; }
    function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
    function regions(w) {
      var r1 = w.length, r2 = w.length, i;
      var pre = PREFIXES.filter(function (p) { return w.indexOf(p) === 0; })[0];
      if (pre) r1 = pre.length;
      else {
        for (i = 1; i < w.length; i++) if (!isV(w[i]) && isV(w[i - 1])) { r1 = i + 1; break; }
      }
      for (i = r1 + 1; i < w.length; i++) if (!isV(w[i]) && isV(w[i - 1])) { r2 = i + 1; break; }
      return [r1, r2];
    }
    function shortSyllableAt(w, end) { // the syllable ending at w[end-1]
      if (end === 2) return isV(w[0]) && !isV(w[1]);
      if (end < 3) return false;
      var a = w[end - 3], b = w[end - 2], c = w[end - 1];
      return !isV(a) && isV(b) && !isV(c) && "wxY".indexOf(c) < 0;
    }
    function stem(word) {
      if (word.length <= 2) return word;
      if (EXC1.hasOwnProperty(word)) return EXC1[word];
      var w = word;
      if (w[0] === "y") w = "Y" + w.slice(1);
      for (var i = 1; i < w.length; i++) if (w[i] === "y" && isV(w[i - 1])) w = w.slice(0, i) + "Y" + w.slice(i + 1);
      var rr = regions(w), r1 = rr[0], r2 = rr[1];
      // step 1a
      if (ends(w, "sses")) w = w.slice(0, -2);
      else if (ends(w, "ied") || ends(w, "ies")) w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
      else if (ends(w, "us") || ends(w, "ss")) { /* unchanged */ }
      else if (ends(w, "s")) {
        var before = w.slice(0, -2);
        for (var k = 0; k < before.length; k++) if (isV(before[k])) { w = w.slice(0, -1); break; }
      }
      if (EXC2.hasOwnProperty(w)) return w;
      // step 1b
      var m = /(eedly|ingly|edly|eed|ing|ed)$/.exec(w);
      if (m) {
        var suf = m[1];
        if (suf === "eed" || suf === "eedly") {
          if (w.length - suf.length >= r1) w = w.slice(0, -suf.length) + "ee";
        } else {
          var stemPart = w.slice(0, -suf.length);
          if (/[aeiouy]/.test(stemPart)) {
            w = stemPart;
            if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) w += "e";
            else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) { if (!/^[aeo].$/.test(w.slice(0, -1))) w = w.slice(0, -1); }
            else if (r1 >= w.length && shortSyllableAt(w, w.length)) w += "e";
          }
        }
      }
      // step 1c
      if (w.length > 2 && (ends(w, "y") || ends(w, "Y")) && !isV(w[w.length - 2])) w = w.slice(0, -1) + "i";
      // step 2
      var S2 = [["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
        ["entli", "ent"], ["izer", "ize"], ["ization", "ize"], ["ation", "ate"], ["ator", "ate"], ["alism", "al"],
        ["aliti", "al"], ["alli", "al"], ["fulness", "ful"], ["ousli", "ous"], ["ousness", "ous"], ["iveness", "ive"],
        ["iviti", "ive"], ["biliti", "ble"], ["bli", "ble"], ["ogi", "og"], ["ogist", "og"], ["fulli", "ful"], ["lessli", "less"],
        ["li", ""]];
      var best = null;
      S2.forEach(function (p) { if (ends(w, p[0]) && (!best || p[0].length > best[0].length)) best = p; });
      if (best && w.length - best[0].length >= r1) {
        var base = w.slice(0, w.length - best[0].length);
        if (best[0] === "ogi") { if (ends(base, "l")) w = base + "og"; }
        else if (best[0] === "ogist") w = base + "og";
        else if (best[0] === "li") { if (/[cdeghkmnrt]$/.test(base)) w = base; }
        else w = base + best[1];
      }
      // step 3
      var S3 = [["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
        ["ical", "ic"], ["ful", ""], ["ness", ""], ["ative", ""]];
      best = null;
      S3.forEach(function (p) { if (ends(w, p[0]) && (!best || p[0].length > best[0].length)) best = p; });
      if (best && w.length - best[0].length >= r1) {
        if (best[0] === "ative") { if (w.length - 5 >= r2) w = w.slice(0, -5); }
        else w = w.slice(0, w.length - best[0].length) + best[1];
      }
      // step 4
      var S4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate",
        "iti", "ous", "ive", "ize", "ion"];
      var b4 = null;
      S4.forEach(function (s) { if (ends(w, s) && (!b4 || s.length > b4.length)) b4 = s; });
      if (b4 && w.length - b4.length >= r2) {
        if (b4 === "ion") { if (/[st]$/.test(w.slice(0, -3))) w = w.slice(0, -3); }
        else w = w.slice(0, w.length - b4.length);
      }
      // step 5
      if (ends(w, "e")) {
        if (w.length - 1 >= r2 || (w.length - 1 >= r1 && !shortSyllableAt(w, w.length - 1))) w = w.slice(0, -1);
      } else if (ends(w, "ll") && w.length - 1 >= r2) w = w.slice(0, -1);
      return w.replace(/Y/g, "y");
    }
    return stem;
  })();

  // -- stems: the page's table for every word of the data and the lexicon, else a stemmer ----------
  var LANGS = SD.languages;
  var STOP = new Set(SD.stop.split(" ")); // every language's (analysis.ALL_STOP_WORDS)
  var STOP_BY = {};
  SD.languages.forEach(function (lang) { STOP_BY[lang] = new Set(SD.stopBy[lang].split(" ")); });
  var vocabWords = SD.words ? SD.words.split(" ") : [];
  var lexOnly = SD.lexWords ? SD.lexWords.split(" ") : [];
  var allWords = vocabWords.concat(lexOnly);
  var TABLE = {};
  LANGS.forEach(function (lang) {
    var codes = SD.stems[lang].split(","), m = new Map();
    allWords.forEach(function (w, i) {
      var c = codes[i] || "";
      m.set(w, c === "" ? w : c[0] === "=" ? c.slice(1) : w.slice(0, w.length - Number(c)));
    });
    TABLE[lang] = m;
  });
  var STEMS = SD.stemList.split(" ");
  var CONJUNCTIONS = new Set(SD.conjunctions.split(" "));
  function decode(code) { return code.split(".").map(function (x) { return STEMS[parseInt(x, 36)]; }).join(" "); }
  function decodeAll(codes) { return codes ? codes.split("|").map(decode) : []; }
  // a territory's names: indexes into the words (unstemmed), not the stems
  function decodeWords(code) { return code.split(".").map(function (x) { return allWords[parseInt(x, 36)]; }).join(" "); }
  var LEX_STEMS = {};
  LANGS.forEach(function (lang) { LEX_STEMS[lang] = new Set(); });
  var TERMS = new Map(); // "lang\tkey stems" -> the lexicon entries with such a term
  var LONGEST = 0;
  SD.lexicon.forEach(function (row) {
    var entry = { kind: row[0], entry: row[1], terms: {}, places: decodeAll(row[2 + LANGS.length]),
      regional: decodeAll(row[4 + LANGS.length]), members: decodeAll(row[5 + LANGS.length]),
      english: decodeAll(row[3 + LANGS.length]) };
    LANGS.forEach(function (lang, li) {
      var terms = row[0] !== "territory" ? decodeAll(row[2 + li]) : row[2 + li] ? row[2 + li].split("|").map(decodeWords) : [];
      entry.terms[lang] = terms;
      terms.forEach(function (t) {
        var key = lang + "\t" + t;
        if (!TERMS.has(key)) TERMS.set(key, []);
        TERMS.get(key).push(entry);
        var parts = t.split(" ");
        LONGEST = Math.max(LONGEST, parts.length);
        parts.forEach(function (s) { LEX_STEMS[lang].add(s); });
      });
    });
  });
  /* French and Spanish words that neither the data nor the lexicon holds: the word, or the word less a
     plural or gender ending, when the lexicon holds that stem (else a stem that matches no term). */
  var ENDINGS = { fr: [["aux", "al"], ["es", ""], ["s", ""], ["x", ""], ["e", ""]],
    es: [["es", ""], ["os", ""], ["as", ""], ["s", ""], ["o", ""], ["a", ""]] };
  function lightStem(w, lang) {
    if (LEX_STEMS[lang].has(w)) return w;
    var endings = ENDINGS[lang] || [];
    for (var k = 0; k < endings.length; k++) {
      var e = endings[k];
      if (ends(w, e[0]) && len(w) - e[0].length >= 3) {
        var c = w.slice(0, w.length - e[0].length) + e[1];
        if (LEX_STEMS[lang].has(c)) return c;
      }
    }
    return "\u0001" + w;
  }
  function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  function stemWord(w, lang) {
    var known = TABLE[lang].get(w);
    if (known !== undefined) return known;
    if (len(w) < 3 || /^\p{Nd}+$/u.test(w)) return w;
    return lang === "en" ? porter2(w) : lightStem(w, lang);
  }
  function stemAll(ws, lang) { return ws.map(function (w) { return stemWord(w, lang || "en"); }); }
  var LEX_ONLY = new Set(lexOnly);
  var KNOWN_ANYWHERE = new Set(vocabWords.map(function (w) { return TABLE.en.get(w); }));

  // -- the examples' index ----------------------------------------------------------------------------
  var DF = new Map();
  SD.df.forEach(function (n, i) { if (n) DF.set(STEMS[i], n); });
  var docFields = SD.docs.map(function (fields) {
    return fields.map(function (f) {
      return f ? f.split(" ").map(function (x) { return STEMS[parseInt(x, 36)]; }).join(" ") : "";
    });
  });
  var weights = SD.weights, K1 = SD.k1, B = SD.b;
  var avg = SD.avg.map(function (a) { return a || 1.0; });
  var docNorms = docFields.map(function (fields) {
    return fields.map(function (text, j) {
      var length = text ? text.split(" ").length : 0;
      return weights[j] / (1.0 - B + B * length / avg[j]);
    });
  });
  var docPadded = docFields.map(function (fields) { return fields.map(function (t) { return " " + t + " "; }); });

  // -- reading the query (fulltext.parse) ----------------------------------------------------------------
  function QueryError(text) { this.message = text; }
  function splitQuery(text) {
    var parts = [], re = /(-?)"([^"]*)"?|(\S+)/g, m;
    while ((m = re.exec(text)) !== null) {
      if (m[3] !== undefined) {
        var bare = m[3], excluded = bare[0] === "-" && bare.length > 1;
        var ws = words(excluded ? bare.slice(1) : bare);
        if (ws.length) parts.push([excluded ? "exclude" : "word", ws]);
      } else {
        var qs = words(m[2]);
        if (qs.length) parts.push([m[1] ? "exclude" : "phrase", qs]);
      }
    }
    return parts;
  }
  var KIND_ORDER = { concept: 0, place: 1, country: 2, region: 3, territory: 4 };
  function conceptUnit(span, entry, lang) {
    // a French or Spanish name of a place the data does not name: only through its English ones
    var alts = entry.kind === "territory" && lang !== "en" ? [] : [{ stems: stemAll(span), strength: 1.0 }];
    var content = span.filter(function (w) { return !STOP_BY[lang].has(w); });
    // a place of the world the data does not name: never found by its words apart
    // ... nor by words apart that are each in most examples (fulltext._all_common)
    var apart = stemAll(content), allCommon = apart.every(function (s) { return (DF.get(s) || 0) > SD.common * SD.n; });
    if (content.length > 1 && entry.kind !== "territory" && !(SD.n && allCommon)) alts.push({ stems: apart, strength: SD.wordsApart, apart: true });
    entry.places.forEach(function (p) { alts.push({ stems: p ? p.split(" ") : [], strength: 1.0 }); });
    // a place's countries: parts of it, not its name (fulltext.place_names)
    entry.members.forEach(function (p) { alts.push({ stems: p.split(" "), strength: SD.member }); });
    // a place's regional and interregional records (fulltext.regional_labels)
    entry.regional.forEach(function (p) { alts.push({ stems: p.split(" "), strength: SD.regional, apart: true }); });
    var strength = lang === "en" ? SD.synonym : 1.0;
    entry.english.forEach(function (t) { alts.push({ stems: t.split(" "), strength: strength }); });
    var seen = new Set(), unique = [];
    alts.forEach(function (a) {
      var key = a.stems.join(" ") + (a.apart ? "|apart" : "");
      if (a.stems.length && a.stems.join(" ") && !seen.has(key)) { seen.add(key); unique.push(a); }
    });
    return { typed: span.join(" "), alts: unique, required: false, concept: entry.kind + ":" + entry.entry, lang: lang };
  }
  // the lexicon's keys by language and first stem (store.lexicon_starting)
  var STARTING = new Map();
  TERMS.forEach(function (entries, at) {
    var tab = at.indexOf("\t"), lang = at.slice(0, tab), key = at.slice(tab + 1).split(" ");
    var first = lang + "\t" + key[0];
    if (!STARTING.has(first)) STARTING.set(first, []);
    entries.forEach(function (e) { STARTING.get(first).push({ key: key, entry: e }); });
  });
  function lexiconUnits(typed, fixes) { // fulltext._lexicon_units: terms on their words that are not stop words of their language
    var ws = typed.map(function (w) { return fixes[w] && fixes[w].fix ? fixes[w].fix : w; });
    var perLang = {};
    LANGS.forEach(function (lang) { perLang[lang] = stemAll(ws, lang); });
    function endOf(i, lang, key, exact) { // exact: a place of the gazetteer, matched on its words unstemmed
      var j = i, stop = STOP_BY[lang], joins = (SD.joins[lang + "\t" + key.join(" ")] || "").split(" ");
      for (var n = 0; n < key.length; n++) {
        while (n && j < ws.length && stop.has(ws[j])) {
          // a conjunction the term does not hold: two things asked for (fulltext.CONJUNCTIONS)
          if (CONJUNCTIONS.has(ws[j]) && joins.indexOf(ws[j]) < 0) return -1;
          j++;
        }
        if (j >= ws.length || stop.has(ws[j]) || (exact ? ws[j] : perLang[lang][j]) !== key[n]) return -1;
        j++;
      }
      return j;
    }
    function before(a, b) { // Python's tuple order on (-key length, language, kind, entry)
      for (var k = 0; k < a.length; k++) { if (a[k] < b[k]) return true; if (a[k] > b[k]) return false; }
      return false;
    }
    // every term that matches at each word, best first (fulltext._lexicon_units)
    var matches = ws.map(function (_, i) {
      var here = [];
      LANGS.forEach(function (lang, li) {
        if (STOP_BY[lang].has(ws[i])) return;
        var terms = (STARTING.get(lang + "\t" + perLang[lang][i]) || []).filter(function (t) { return t.entry.kind !== "territory"; })
          .concat((STARTING.get(lang + "\t" + ws[i]) || []).filter(function (t) { return t.entry.kind === "territory"; }));
        terms.forEach(function (t) {
          if (t.key.length === 1 && STOP.has(ws[i])) return; // 'for' is not the Spanish 'foro'
          var place = t.entry.kind === "country" || t.entry.kind === "territory";
          if (place && t.key.length === 1 && ws[i].length === 2 && !CAPITALS.has(ws[i])) return; // 'us' is no US
          var end = endOf(i, lang, t.key, t.entry.kind === "territory");
          if (end < 0) return;
          here.push({ rank: [-t.key.length, li, KIND_ORDER[t.entry.kind], t.entry.entry], end: end, entry: t.entry, lang: lang });
        });
      });
      return here.sort(function (a, b) { return before(a.rank, b.rank) ? -1 : before(b.rank, a.rank) ? 1 : a.end - b.end; });
    });
    // the best reading of the whole query: the most words read as terms, then the fewest units
    var best = [];
    best[ws.length] = { covered: 0, units: 0, choice: -1 };
    for (var k = ws.length - 1; k >= 0; k--) {
      var alone = STOP.has(ws[k]) || (len(ws[k]) === 1 && !/^\p{Nd}$/u.test(ws[k])) ? 0 : 1;
      var pick = null;
      matches[k].forEach(function (m, c) {
        var o = { covered: best[m.end].covered + m.end - k, units: best[m.end].units + 1, choice: c };
        if (!pick || o.covered > pick.covered || (o.covered === pick.covered && o.units < pick.units)) pick = o;
      });
      var single = { covered: best[k + 1].covered, units: best[k + 1].units + alone, choice: -1 };
      if (!pick || single.covered > pick.covered || (single.covered === pick.covered && single.units < pick.units)) pick = single;
      best[k] = pick;
    }
    var units = [], i = 0;
    while (i < ws.length) {
      if (best[i].choice >= 0) {
        var m = matches[i][best[i].choice];
        units.push(corrected(conceptUnit(ws.slice(i, m.end), m.entry, m.lang), typed.slice(i, m.end), fixes));
        i = m.end;
        continue;
      }
      var word = ws[i];
      i += 1;
      if (STOP.has(word) || (len(word) === 1 && !/^\p{Nd}$/u.test(word))) continue;
      var stem = stemWord(word, "en");
      var unit = { typed: word, alts: [{ stems: [stem], strength: 1.0, stem: stem !== word }], required: false, concept: "", lang: "" };
      ((fixes[typed[i - 1]] || {}).others || []).forEach(function (o) { unit.alts.push({ stems: [stemWord(o, "en")], strength: 1.0 }); });
      units.push(corrected(unit, typed.slice(i - 1, i), fixes));
    }
    return units;
  }
  function corrected(unit, typed, fixes) { // fulltext._corrected: read from slips, at a near spelling's strength
    var factor = Infinity;
    typed.forEach(function (w) { if (fixes[w] && fixes[w].fix) factor = Math.min(factor, fixes[w].strength); });
    if (factor === Infinity) return unit;
    unit.alts = unit.alts.map(function (a) { return { stems: a.stems, strength: a.strength * factor, apart: a.apart, fuzzy: true }; });
    return unit;
  }
  function ratio(a, b) { // rapidfuzz fuzz.ratio: the normalised Indel similarity, 0-100
    var x = Array.from(a), y = Array.from(b);
    if (!x.length && !y.length) return 100;
    var prev = new Array(y.length + 1).fill(0), cur = new Array(y.length + 1).fill(0);
    for (var i = 1; i <= x.length; i++) {
      for (var j = 1; j <= y.length; j++) cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      var t = prev; prev = cur; cur = t;
    }
    return 100 * (2 * prev[y.length]) / (x.length + y.length);
  }
  function osa(a, b) { // optimal string alignment distance (rapidfuzz.distance.OSA)
    var x = Array.from(a), y = Array.from(b), d = [];
    for (var i = 0; i <= x.length; i++) { d.push([i]); }
    for (var j = 1; j <= y.length; j++) d[0][j] = j;
    for (i = 1; i <= x.length; i++) {
      for (j = 1; j <= y.length; j++) {
        var cost = x[i - 1] === y[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[x.length][y.length];
  }
  function isSlip(word, other) { // fulltext.is_slip: a slip of the keyboard
    if (!other || other === word || Array.from(other)[0] !== Array.from(word)[0]) return false;
    return osa(word, other) <= (len(word) < 7 ? 1 : 2);
  }
  var WORD_LANGS = new Map(); // word -> 8 if the data holds it, + 1, 2, 4 for the lexicon's English, French, Spanish
  allWords.forEach(function (w, i) { WORD_LANGS.set(w, parseInt(SD.wordLangs[i] || "0", 16)); });
  var LANG_BIT = { en: 1, fr: 2, es: 4 };
  function sortedChoices(keep) { // like Python's sorted(): by code points
    return Array.from(new Set(allWords.filter(keep))).sort(function (a, b) {
      var x = Array.from(a), y = Array.from(b);
      for (var k = 0; k < Math.min(x.length, y.length); k++) {
        if (x[k] !== y[k]) return x[k].codePointAt(0) - y[k].codePointAt(0);
      }
      return x.length - y.length;
    });
  }
  function closest(word, choices, cutoff) { // rapidfuzz process.extract(..., fuzz.ratio, limit=5)
    var scored = [];
    choices.forEach(function (c, index) {
      var r = ratio(word, c);
      if (r >= cutoff) scored.push([r, index, c]);
    });
    scored.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return fewestSlips(word, scored.slice(0, 5));
  }
  function fewestSlips(word, close) { // fulltext._fewest_slips: of equal ratio, fewest slips first
    var keyed = close.map(function (c, i) { return [Math.round(c[0] * 1e6), osa(word, c[2]), i, c]; });
    keyed.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1] || a[2] - b[2]; });
    return keyed.map(function (k) { return k[3]; });
  }
  function corrections(query) { // fulltext._corrections
    var out = {}, any = false, langs = new Set();
    query.units.forEach(function (u) { if (u.lang) langs.add(u.lang); });
    if (!langs.size) LANGS.forEach(function (l) { langs.add(l); });
    var bits = 0;
    langs.forEach(function (l) { bits |= LANG_BIT[l]; });
    var choices = null, english = null;
    query.units.forEach(function (u) {
      if (u.concept || u.required || !/^\p{L}+$/u.test(u.typed) || len(u.typed) < 4) return;
      if (KNOWN_ANYWHERE.has(u.alts[0].stems[0]) || LEX_ONLY.has(u.typed)) return;
      if (lang !== "en" && translatedIndex(lang).words.has(u.typed)) return; // a word of the records' French or Spanish
      if (!choices) {
        choices = sortedChoices(function (w) {
          var m = WORD_LANGS.get(w);
          return ((m & 8) && langs.has("en")) || (m & bits);
        });
      }
      if (!english) english = langs.has("en") ? [] : sortedChoices(function (w) { return WORD_LANGS.get(w) & 8; });
      var found = [];
      [choices, english].forEach(function (pool) {
        closest(u.typed, pool, SD.fuzzyCutoff).forEach(function (c) {
          if (isSlip(u.typed, c[2]) && found.every(function (f) { return f[0] !== c[2]; })) {
            found.push([c[2], SD.fuzzyStrength * c[0] / 100.0]);
          }
        });
      });
      out[u.typed] = found.slice(0, 5);
      any = true;
    });
    return any ? out : null;
  }
  function didYouMean(words) { // fulltext.did_you_mean
    if (!words.length) return [];
    var choices = sortedChoices(function (w) { return WORD_LANGS.get(w) > 0; });
    var out = [];
    words.forEach(function (w) {
      var best = closest(w, choices, SD.suggestCutoff).filter(function (c) { return isSlip(w, c[2]); });
      if (best.length) out.push(best[0][2]);
    });
    return out;
  }
  var CAPITALS = new Set(); // the query's two-letter words typed in capitals (fulltext._capitals)
  function parse(text) {
    CAPITALS = new Set((text.match(/[\p{L}\p{N}_]+/gu) || []).filter(function (w) {
      return w.length === 2 && w === w.toUpperCase() && w !== w.toLowerCase();
    }).map(function (w) { return w.toLowerCase(); }));
    var parts = splitQuery(text);
    var count = parts.reduce(function (n, p) { return n + p[1].length; }, 0);
    if (count > SD.maxWords) throw new QueryError(_("The search has more than {n} words; shorten it.", { n: SD.maxWords }));
    var query = parseParts(parts, {});
    var slips = corrections(query);
    if (!slips) return query;
    var chosen = {};
    Object.keys(slips).forEach(function (w) { chosen[w] = 0; });
    for (;;) {
      var fixes = {};
      Object.keys(slips).forEach(function (w) {
        var found = slips[w], k = chosen[w];
        fixes[w] = k < found.length
          ? { fix: found[k][0], strength: found[k][1], others: found.slice(k + 1).map(function (c) { return c[0]; }) }
          : { fix: "", strength: 0, others: [] };
      });
      query = parseParts(parts, fixes);
      // a word read as a lexicon word that then makes no term, and that the data lacks: the next slip
      var lone = new Set(query.units.filter(function (u) { return !u.concept; }).map(function (u) { return u.typed; }));
      var failed = Object.keys(fixes).filter(function (w) {
        return fixes[w].fix && lone.has(fixes[w].fix) && !(WORD_LANGS.get(fixes[w].fix) & 8);
      });
      if (!failed.length) return query;
      failed.forEach(function (w) { chosen[w]++; });
    }
  }
  function parseParts(parts, fixes) {
    var units = [], excluded = [], excludedWords = [], run = [], every = [];
    parts.concat([["end", []]]).forEach(function (p) {
      var kind = p[0], ws = p[1];
      if (kind !== "word" && run.length) { units = units.concat(lexiconUnits(run, fixes)); run = []; }
      if (kind === "word") { run = run.concat(ws); every = every.concat(ws); }
      else if (kind === "phrase") {
        units.push({ typed: ws.join(" "), alts: [{ stems: stemAll(ws), strength: 1.0 }], required: true, concept: "", lang: "" });
        every = every.concat(ws);
      } else if (kind === "exclude") { excluded.push(stemAll(ws)); excludedWords.push(ws); }
    });
    if (!units.length) {
      if (excluded.length) throw new QueryError(_("The search only excludes words; say what to look for too."));
      throw new QueryError(_("Type a word to search: common words and single letters alone find nothing."));
    }
    var unknown = [], read = [];
    Object.keys(fixes).forEach(function (w) { if (fixes[w].fix) read.push([w, fixes[w].fix]); else unknown.push(w); });
    return { units: units, excluded: excluded, excludedWords: excludedWords, phrase: stemAll(every), unknown: unknown, read: read };
  }

  // -- scoring (fulltext._collection_stats and _score) ----------------------------------------------
  function count(padded, stems) { // non-overlapping occurrences, as Python's str.count
    var needle = " " + stems.join(" ") + " ", n = 0, at = padded.indexOf(needle);
    while (at >= 0) { n++; at = padded.indexOf(needle, at + needle.length); }
    return n;
  }
  function countAlt(padded, alt) { // fulltext._count: an alternative apart counts its rarest stem
    if (!alt.apart) return count(padded, alt.stems);
    var least = Infinity;
    alt.stems.forEach(function (s) { least = Math.min(least, count(padded, [s])); });
    return least;
  }
  function idfOf(n, df) { var d = Math.min(df, n); return Math.log(1.0 + (n - d + 0.5) / (d + 0.5)); }
  function altFrequency(alt) {
    var f = Infinity;
    alt.stems.forEach(function (s) { f = Math.min(f, DF.get(s) || 0); });
    return f === Infinity ? 0 : f;
  }
  function unitFrequency(unit) {
    var found = unit.alts.map(altFrequency);
    if (found.length && found[0]) return found[0];
    return found.length ? Math.max.apply(null, found) : 0; // the concept as a whole (fulltext.Unit.frequencies)
  }
  // -- the records' French or Spanish text as a search field (the page in that language only) -----------
  var TRANSLATED_ALT = { stems: [], strength: 1.0 };
  var TR_ENDINGS = { fr: [["aux", "al"], ["s", ""], ["x", ""], ["e", ""]], es: [["es", ""], ["s", ""], ["a", ""], ["o", ""], ["e", ""]] };
  function translatedWord(w, code) { // a word less its plural and gender endings, on both sides of a match
    (TR_ENDINGS[code] || []).forEach(function (e) {
      if (ends(w, e[0]) && len(w) - e[0].length >= 3) w = w.slice(0, w.length - e[0].length) + e[1];
    });
    return w;
  }
  function translatedKey(ws, code) {
    var key = ws.filter(function (w) { return w; }).map(function (w) { return translatedWord(w, code); });
    return key.length ? key : [];
  }
  var TR_INDEX = {};
  function translatedIndex(code) { // per example: its title, summary, points and notes in `code`, folded
    if (TR_INDEX[code]) return TR_INDEX[code];
    var all = new Set(), lengths = [], main = [];
    function folded(parts) {
      return words(parts.filter(function (x) { return x; }).join(" ")).map(function (w) { return translatedWord(w, code); });
    }
    var padded = docs.map(function (doc) {
      var e = recordText(code, "examples", doc.id) || [];
      var parts = [e[0], e[1]].concat(e[2] || [], values(e[3]), values(e[4]));
      var ws = words(parts.filter(function (x) { return x; }).join(" "));
      ws.forEach(function (w) { all.add(w); });
      lengths.push(ws.length);
      main.push(" " + folded([e[0], e[1]].concat(e[2] || [])).join(" ") + " "); // without the notes
      return " " + ws.map(function (w) { return translatedWord(w, code); }).join(" ") + " ";
    });
    var mean = lengths.reduce(function (a, b) { return a + b; }, 0) / (lengths.length || 1) || 1;
    TR_INDEX[code] = { padded: padded, main: main, words: all,
      norms: lengths.map(function (l) { return 1.0 / (1.0 - B + B * l / mean); }) };
    return TR_INDEX[code];
  }
  function values(o) { return o ? Object.keys(o).map(function (k) { return o[k]; }) : []; }

  // -- notices, in the CLI's words (fulltext.NOTICES, translated by Python) -----------------------------
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? String(values[k]) : m; });
  }
  function pyRepr(text) { // Python's repr of a string without control characters
    var q = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    return q + text.replace(/\\/g, "\\\\").split(q).join(q === "'" ? "\\'" : q) + q;
  }
  function asTyped(text) { // a folded word -> as typed, accents kept (fulltext._as_typed)
    var out = new Map();
    text.split(/\s+/).forEach(function (token) {
      var word = token.replace(/^[-"'\u00ab\u00bb\u201c\u201d\u2018\u2019.,;:!?\u00bf\u00a1()\[\]]+|[-"'\u00ab\u00bb\u201c\u201d\u2018\u2019.,;:!?\u00bf\u00a1()\[\]]+$/g, "").toLowerCase();
      var folded = words(word);
      if (word && folded.length === 1 && !out.has(folded[0])) out.set(folded[0], word);
    });
    return out;
  }
  function shown(unit, typed) {
    var t = unit.typed.split(" ").map(function (w) { return typed.get(w) || w; }).join(" ");
    return unit.required ? '"' + t + '"' : "'" + t + "'";
  }
  var NAMED = new Map(); // folded label -> [facet, value] (fulltext.label_index)
  SD.named.forEach(function (n) { if (!NAMED.has(n[2])) NAMED.set(n[2], [n[0], n[1]]); });
  function valueCount(facet, value) {
    var i = valueIndex[facet].get(value), n = 0;
    if (i === undefined) return 0;
    docs.forEach(function (d) { if (d[facet].indexOf(i) >= 0) n++; });
    return n;
  }
  function namedValues(units) { // [{unit, facet, value, count}]: the filters the query's words name
    var out = [], seen = new Set();
    units.forEach(function (u, i) {
      var hit = null;
      if (u.concept.indexOf("region:") === 0) hit = ["region", u.concept.slice(7)];
      else if (!u.required && !u.alts.some(function (a) { return a.fuzzy; })) {
        hit = NAMED.get(u.typed) || SD.conceptNamed[u.concept] || null;
      }
      if (!hit || seen.has(hit.join("\t"))) return;
      var count = valueCount(hit[0], hit[1]);
      if (!count) return;
      seen.add(hit.join("\t"));
      out.push({ unit: i, facet: hit[0], value: hit[1], count: count });
    });
    return out;
  }
  /* {doc index: [score 0-100, coverage, tier]} for the documents a query matches; .notices: what to tell. */
  function scoreAll(text) {
    var query = parse(text);
    var n = SD.n, out = new Map();
    if (!n) return out;
    // in French or Spanish, the records' text in that language is searched too, as one more field
    var tr = lang === "en" ? null : translatedIndex(lang);
    var trKeys = query.units.map(function (u) { return tr ? translatedKey(u.typed.split(" "), lang) : ""; });
    var trFreqs = trKeys.map(function (key) { return tr && key.length ? tr.padded.filter(function (p) { return count(p, key) > 0; }).length : 0; });
    var freqs = query.units.map(function (u, i) { return unitFrequency(u) || trFreqs[i]; });
    var idf = freqs.map(function (f) { return idfOf(n, f); });
    var common = freqs.map(function (f) { return f > SD.common * n; });
    var altIdf = new Map();
    query.units.forEach(function (u, i) {
      u.alts.forEach(function (a) { altIdf.set(a.stems.join(" "), Math.min(idf[i], idfOf(n, altFrequency(a)))); });
    });
    var everyCommon = common.every(function (c) { return c; }); // the brief's own words: ranked all the same
    var named = namedValues(query.units);
    var notices = query.read.map(function (r) { return _(SD.notices.read_as, { typed: "'" + r[0] + "'", word: "'" + r[1] + "'" }); });
    named.filter(function (v) { return !state.sel[v.facet].has(v.value); }).forEach(function (v) {
      var filter = _("{facet}: {values}", { facet: facetLabel(v.facet), values: valueLabel(v.facet, v.value) });
      notices.push(_(v.count === 1 ? SD.notices.named_one : SD.notices.named, { word: shown(query.units[v.unit], asTyped(text)), count: v.count, filter: filter }));
    });
    var unitFound = query.units.map(function () { return false; });
    // a French or Spanish query (a term of its lexicon, or the page in that language): a word found only
    // through its English stem is found less surely (fulltext.WEAKLY_FOUND)
    var foreign = lang !== "en" || query.units.some(function (u) { return u.lang && u.lang !== "en"; });
    var bestSure = 0;
    out.notices = notices;
    var totalIdf = 0;
    idf.forEach(function (x) { totalIdf += x; });
    for (var d = 0; d < docPadded.length; d++) {
      var padded = docPadded[d], norms = docNorms[d];
      if (query.excluded.some(function (ex) { return padded.some(function (p) { return count(p, ex) > 0; }); })) continue;
      if (tr && query.excludedWords.some(function (ws) { return count(tr.padded[d], translatedKey(ws, lang)) > 0; })) continue;
      var total = 0.0, covered = 0.0, sure = 0.0, useful = false, rejected = false;
      for (var i = 0; i < query.units.length && !rejected; i++) {
        var unit = query.units[i], part = 0.0, best = null, bestIdf = 0.0, notesOnly = false;
        for (var a = 0; a < unit.alts.length; a++) {
          var alt = unit.alts[a], tf = 0, outside = 0;
          for (var j = 0; j < padded.length; j++) {
            var c = countAlt(padded[j], alt);
            tf += c * norms[j];
            if (c && j !== SD.notesField) outside++;
          }
          var value = tf ? alt.strength * altIdf.get(alt.stems.join(" ")) * tf * (K1 + 1.0) / (K1 + tf) : 0.0;
          if (value > part) { part = value; best = alt; bestIdf = altIdf.get(alt.stems.join(" ")); notesOnly = !outside; }
        }
        if (tr && trKeys[i].length) { // the unit's words in the records' French or Spanish (a field of weight 1)
          var trTf = count(tr.padded[d], trKeys[i]) * tr.norms[d];
          var trIdf = Math.min(idf[i], idfOf(n, trFreqs[i]));
          var trValue = trTf ? trIdf * trTf * (K1 + 1.0) / (K1 + trTf) : 0.0;
          if (trValue > part) {
            part = trValue; best = TRANSLATED_ALT; bestIdf = trIdf; notesOnly = !count(tr.main[d], trKeys[i]);
          }
        }
        if (best === null) { if (unit.required) rejected = true; continue; }
        unitFound[i] = true;
        total += part;
        covered += idf[i] * best.strength;
        // how surely (fulltext.WEAK_COVERAGE): by what found it, at WEAKLY_FOUND in the notes only or by a stem
        var surely = Math.min(idf[i], bestIdf) * best.strength;
        var byStem = best.stem || (best === TRANSLATED_ALT && !unit.concept && unit.alts[0].stem);
        if (notesOnly || (foreign && byStem)) surely *= SD.weaklyFound;
        sure += surely;
        useful = useful || !common[i];
      }
      if (rejected || !total || (!useful && !everyCommon)) continue;
      var coverage = covered / totalIdf;
      bestSure = Math.max(bestSure, sure / totalIdf);
      var phrase = query.phrase.length > 1 && padded.some(function (p) { return count(p, query.phrase) > 0; });
      var score = 100.0 * total / ((K1 + 1.0) * totalIdf) * coverage * (1.0 + SD.phraseBonus * (phrase ? 1 : 0));
      var tier = 0;
      named.forEach(function (v) { if (docs[d][v.facet].indexOf(valueIndex[v.facet].get(v.value)) >= 0) tier++; });
      out.set(d, [Math.min(100.0, score), coverage, tier]);
    }
    var absent = [];
    query.units.forEach(function (u, i) {
      if (u.concept.indexOf("territory:") === 0 && !unitFound[i]) absent.push(nameOf("territory", u.concept.slice(10)) || u.typed);
    });
    // the words neither an example nor the lexicon holds (fulltext._unknown_share)
    var unknownWeight = 0;
    query.units.forEach(function (u, i) {
      if (!freqs[i] && !u.concept && !u.required && !LEX_ONLY.has(u.typed)) unknownWeight += idf[i];
    });
    var unknownShare = totalIdf ? unknownWeight / totalIdf : 0;
    // first, as the CLI says them (before a word read as another, a filter named); a word naming a filter's
    // value says the brief files examples under it: covered, unless most of the question is unknown words
    if (absent.length) notices.unshift(_(out.size ? SD.notices.absent_rest : SD.notices.absent, { place: absent.join(", ") }));
    else if (out.size && ((!named.length && bestSure < SD.weakCoverage) || unknownShare >= SD.unknownShare)) {
      notices.unshift(_(SD.notices.weak, { query: pyRepr(text.trim().split(/\s+/).join(" ")) }));
    }
    if (!out.size) {
      var close = didYouMean(query.unknown);
      if (close.length) notices.push(_(SD.notices.did_you_mean, { words: close.map(function (c) { return "'" + c + "'"; }).join(", ") }));
    }
    return out;
  }
  /* The documents of `within` (indexes) that `migdialogue search` lists, best first (score, then id). */
  function ranked(scores, within) {
    var kept = within.filter(function (d) { return scores.has(d); });
    kept.sort(function (a, b) {
      var ta = scores.get(a)[2], tb = scores.get(b)[2];
      if (ta !== tb) return tb - ta; // the examples of a filter the query names first (fulltext.named_values)
      var sa = Math.round(scores.get(a)[0] * 1e6), sb = Math.round(scores.get(b)[0] * 1e6);
      if (sa !== sb) return sb - sa;
      return docs[a].id < docs[b].id ? -1 : docs[a].id > docs[b].id ? 1 : 0;
    });
    return kept;
  }
  function rank(text) { // document ids, as `migdialogue search TEXT --limit 0` lists them
    var scores = scoreAll(text);
    return ranked(scores, docs.map(function (d, i) { return i; })).map(function (i) { return docs[i].id; });
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

  // the facets' checkboxes (only useful with this script, so it builds them)
  var panel = document.querySelector("#facets details.filters");
  var boxes = {};
  var facetItems = {}; // per facet, its list items in the page's order
  FACETS.forEach(function (f) {
    if (!f[2].length) return;
    var details = document.createElement("details");
    details.className = "facet";
    details.dataset.facet = f[0];
    if (f[0] === "region" || f[0] === "type" || f[0] === "level") details.open = true;
    var summary = document.createElement("summary");
    var label = document.createElement("span");
    label.className = "fl";
    var picked = document.createElement("span");
    picked.className = "picked";
    summary.append(label, picked);
    var fieldset = document.createElement("fieldset");
    var legend = document.createElement("legend");
    legend.className = "sr-only";
    var ul = document.createElement("ul");
    boxes[f[0]] = new Map();
    facetItems[f[0]] = [];
    f[2].forEach(function (value) {
      var li = document.createElement("li"), label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = f[0];
      box.value = value;
      var v = document.createElement("span");
      v.className = "v";
      var n = document.createElement("span");
      n.className = "n";
      label.append(box, " ", v, " ", n);
      li.appendChild(label);
      ul.appendChild(li);
      boxes[f[0]].set(value, box);
      facetItems[f[0]].push(li);
    });
    fieldset.append(legend, ul);
    details.append(summary, fieldset);
    panel.appendChild(details);
  });
  var sortedIn = "en"; // the language the countries and sectors are in alphabetical order of
  function nameFacets() { // labels in the language shown; countries and sectors in its alphabetical order
    FACETS.forEach(function (f) {
      var details = panel.querySelector('.facet[data-facet="' + f[0] + '"]');
      if (!details) return;
      details.querySelector(".fl").textContent = facetLabel(f[0]);
      details.querySelector("legend").textContent = facetLabel(f[0]);
      var items = facetItems[f[0]];
      items.forEach(function (li, i) { li.querySelector(".v").textContent = valueLabel(f[0], f[2][i]); });
      if ((f[0] !== "country" && f[0] !== "sector") || sortedIn === lang) return;
      if (lang !== "en") { // English: Python's order (a collator is slow to make)
        var collate = new Intl.Collator(lang).compare;
        items = items.slice().sort(function (a, b) {
          return collate(a.querySelector(".v").textContent, b.querySelector(".v").textContent);
        });
      }
      items.forEach(function (li) { li.parentNode.appendChild(li); });
    });
    sortedIn = lang;
  }

  function apply(fromUser) {
    var scores = null, problem = "";
    if (state.q.trim()) {
      try { scores = scoreAll(state.q); } catch (e) { if (e instanceof QueryError) problem = e.message; else throw e; }
    }
    var all = docs.map(function (d, i) { return i; });
    function matching(except) { // the examples the query and the facets (but `except`) keep, in order
      var within = all.filter(function (d) { return passes(d, except); });
      return scores === null ? within : ranked(scores, within);
    }
    var order = matching(null);
    // live counts: each facet counted over the examples the query and the other facets keep
    FACETS.forEach(function (f) {
      if (!boxes[f[0]]) return;
      var counts = new Array(f[2].length).fill(0);
      matching(f[0]).forEach(function (d) { docs[d][f[0]].forEach(function (v) { counts[v]++; }); });
      f[2].forEach(function (v, i) {
        var box = boxes[f[0]].get(v);
        box.checked = state.sel[f[0]].has(v);
        var label = box.parentNode;
        label.querySelector(".n").textContent = String(counts[i]);
        label.classList.toggle("zero", counts[i] === 0 && !box.checked);
      });
      var picked = document.querySelector('.facet[data-facet="' + f[0] + '"] .picked');
      var chosen = state.sel[f[0]].size;
      picked.textContent = chosen ? ngettext("({n} chosen)", "({n} chosen)", chosen) : "";
    });
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
      results.insertBefore(empty, results.firstChild);
    } else if (order.length && empty) {
      empty.remove();
      empty = null;
    }
    if (empty) empty.textContent = _("No example matches. Try other words or clear a filter.");
    var active = scores !== null || FACET_NAMES.some(function (n) { return state.sel[n].size; });
    document.body.classList.toggle("filtered", active);
    statusEl.textContent = describe(order.length, scores, problem);
    showNotes(scores === null ? [] : scores.notices || []);
    if (fromUser) saveUrl();
  }

  var notesEl = document.getElementById("notes");
  function showNotes(notes) {
    notesEl.textContent = "";
    notes.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      notesEl.appendChild(li);
    });
    notesEl.hidden = !notes.length;
  }

  function describe(n, scores, problem) {
    var total = docs.length;
    var parts = [];
    if (scores !== null) parts.push(_("\u201c{query}\u201d", { query: state.q.trim() }));
    FACETS.forEach(function (f) {
      if (state.sel[f[0]].size) {
        var labels = f[2].filter(function (v) { return state.sel[f[0]].has(v); }).map(function (v) {
          return valueLabel(f[0], v);
        });
        parts.push(_("{facet}: {values}", { facet: facetLabel(f[0]), values: orList(labels) }));
      }
    });
    var showing = n === total ? ngettext("Showing {n} example.", "Showing all {n} examples.", total)
      : ngettext("Showing {n} of {total} examples.", "Showing {n} of {total} examples.", n, { total: total });
    if (problem) return problem + " " + showing;
    if (!parts.length) return showing;
    var what = joinParts(parts);
    if (scores !== null && n > 1) return _("{n} of {total} examples match {what}, best first.", { n: n, total: total, what: what });
    return ngettext("{n} example matches {what}.", "{n} of {total} examples match {what}.", n, { total: total, what: what });
  }

  // -- the records' text in the language shown (htmlpage.Page.records_data) ------------------------------
  var RECORDS = DATA.records; // texts: {lang: {collection: {key: [fields]}}}; official: {lang: [anchors]}; notices
  var PREFIX = { examples: "ex-", challenges: "ch-", recommendations: "rec-", instruments: "ins-", frameworks: "fw-",
    statistics: "fig-", reasons: "r-", principles: "r-" };
  var RECORD_OF = new Map(); // anchor -> [collection, key]: every record with a translation
  Object.keys(RECORDS.texts).forEach(function (code) {
    Object.keys(RECORDS.texts[code]).forEach(function (coll) {
      Object.keys(RECORDS.texts[code][coll]).forEach(function (key) { RECORD_OF.set(PREFIX[coll] + key, [coll, key]); });
    });
  });
  /* The elements showing a record's translated fields, as [node, field index, item key or -1, prefix]:
     the fields of htmlpage.PAGE_FIELDS, in their order, where htmlpage.Page writes them. */
  function textSlots(coll, el) {
    var out = [];
    function add(node, f, k, pre) { if (node) out.push([node, f, k, pre || ""]); }
    function each(selector, f) { el.querySelectorAll(selector).forEach(function (node, i) { add(node, f, i); }); }
    if (coll === "examples") {
      add(el.querySelector("h3 > a.self"), 0, -1);
      add(el.querySelector(":scope > p.summary"), 1, -1);
      each(".points li", 2);
      el.querySelectorAll('.links li > a[href^="#ch-"] + .evidence').forEach(function (node) {
        add(node, 3, decodeURIComponent(node.previousElementSibling.getAttribute("href").slice(4)), ": ");
      });
      el.querySelectorAll(".links li > span[data-v] + .evidence").forEach(function (node) {
        add(node, 4, new URLSearchParams(node.previousElementSibling.dataset.v).get("sector"), ": ");
      });
    } else if (coll === "statistics") {
      add(el.querySelector("th").firstChild, 0, -1);
      each("th .note", 1);
      add(el.querySelector("td.unit"), 2, -1);
      add(el.querySelector("td.num"), 3, -1); // its value: qualifier and number as the language writes them
    } else if (coll === "principles") {
      each(":scope > ul li", 0);
    } else {
      var at = coll === "challenges" ? -1 : 0; // a challenge's name is a vocabulary name (nameOf)
      var heading = el.querySelector(":scope > h3, :scope > h4");
      if (at === 0) add(coll === "recommendations" ? heading.lastChild : heading, 0, -1, coll === "recommendations" ? " " : "");
      add(el.querySelector(":scope > p:not([class])"), at + 1, -1);
    }
    return out;
  }
  var OWN = new Map(); // anchor -> the record's English fields, read from the markup before it is first rewritten
  function own(id) {
    if (!OWN.has(id)) {
      var el = document.getElementById(id), rec = RECORD_OF.get(id), entry = [];
      if (el && rec) {
        textSlots(rec[0], el).forEach(function (slot) {
          var text = slot[0].textContent.slice(slot[3].length);
          if (slot[2] === -1) entry[slot[1]] = text;
          else (entry[slot[1]] = entry[slot[1]] || (typeof slot[2] === "number" ? [] : {}))[slot[2]] = text;
        });
      }
      OWN.set(id, el && rec ? entry : null);
    }
    return OWN.get(id);
  }
  function recordText(code, coll, key) { // the record's fields in `code` (English: the markup's), or null
    if (code === "en") return own(PREFIX[coll] + key);
    var texts = RECORDS.texts[code];
    return (texts && texts[coll] && texts[coll][key]) || null;
  }
  function fieldOf(entry, slot) {
    var v = entry ? entry[slot[1]] : 0;
    return slot[2] === -1 || !v ? v : v[slot[2]];
  }
  var recordsIn = "en";
  function showRecords() { // every translated record's text in the language shown, and its lang attribute
    if (recordsIn === lang) return;
    RECORD_OF.forEach(function (rec, id) {
      var el = document.getElementById(id);
      if (!el) return;
      var english = own(id), entry = recordText(lang, rec[0], rec[1]);
      textSlots(rec[0], el).forEach(function (slot) {
        var text = fieldOf(entry, slot) || fieldOf(english, slot);
        if (text) slot[0].textContent = slot[3] + text;
      });
      el.setAttribute("lang", entry ? lang : "en");
      if (rec[0] === "instruments" || rec[0] === "frameworks") showOfficial(el, rec[0]);
    });
    recordsIn = lang;
  }
  var OFFICIAL = new Set();
  Object.keys(RECORDS.official).forEach(function (code) {
    RECORDS.official[code].forEach(function (id) { OFFICIAL.add(code + "\t" + id); });
  });
  function showOfficial(el, coll) { // "Official title" under a title the data marks as an official translation
    var line = el.querySelector(":scope > p.official");
    if (!OFFICIAL.has(lang + "\t" + el.id)) { if (line) line.hidden = true; return; }
    if (!line) {
      line = document.createElement("p");
      line.className = "official";
      el.querySelector(":scope > h3").after(line);
    }
    line.textContent = coll === "instruments" ? _("Official title") : _("Official name");
    line.hidden = false;
  }
  function showLinks(all) { // links to records: the record's title in the language shown (empty ones at first)
    document.querySelectorAll('#main a[href^="#ex-"]:not(.self), #main a[href^="#rec-"], #main a[href^="#ins-"], #main a[href^="#fw-"]')
      .forEach(function (a) {
        if (!all && a.textContent) return;
        var id = decodeURIComponent(a.getAttribute("href").slice(1)), rec = RECORD_OF.get(id);
        if (!rec) { // a record with no translation (a user's own): its title as written
          if (!a.textContent) a.textContent = headingOf(id);
          return;
        }
        var entry = lang === "en" ? null : recordText(lang, rec[0], rec[1]), title = entry && entry[0];
        var cheap = rec[0] === "examples" && recordsIn === "en" && !OWN.has(id); // its card still shows the markup
        var english = cheap ? headingOf(id) : (own(id) || [])[0];
        a.textContent = title || english || a.textContent;
        a.setAttribute("lang", title ? lang : "en");
      });
  }
  function headingOf(id) { // a record's title as its element shows it now
    var target = document.getElementById(id), heading = target && target.querySelector("h3 > a.self, h3");
    return heading ? heading.textContent : "";
  }
  function showFootnotes() { // each card's footnotes: the number, then the citation of the page's list (written once)
    document.querySelectorAll("#main .fn li").forEach(function (li) {
      var source = document.getElementById("fn-" + li.value);
      if (!source || li.childNodes.length > 1) return;
      Array.prototype.forEach.call(source.childNodes, function (node, i) { if (i) li.append(node.cloneNode(true)); });
    });
  }
  function showNotice() { // once, at the top: the editors' translation, the English authoritative (display.Reader)
    var told = document.getElementById("told");
    told.hidden = lang === "en";
    if (lang !== "en" && RECORDS.notices[lang]) told.textContent = RECORDS.notices[lang];
  }

  // -- the interface in the language shown --------------------------------------------------------------
  function markLang(el) { // an interface element says its language where a record around it is English
    if (lang === "en") el.removeAttribute("lang"); else el.setAttribute("lang", lang);
  }
  function showMessage(el) { // data-t: a message; data-a: its arguments; children marked data-p: its pieces
    var args = el.dataset.a ? Object.fromEntries(new URLSearchParams(el.dataset.a)) : {};
    var pieces = {};
    Array.prototype.forEach.call(el.children, function (c) { if (c.dataset.p) pieces[c.dataset.p] = c; });
    var text = message(Number(el.dataset.t), args.n === undefined ? undefined : Number(args.n));
    el.replaceChildren.apply(el, text.split(/\{(\w+)\}/).map(function (part, k) {
      if (k % 2 === 0) return part;
      return pieces[part] || (args[part] !== undefined ? args[part] : "{" + part + "}");
    }));
    if (el.tagName !== "TITLE") markLang(el);
  }
  function names(pairs) { return pairs.map(function (p) { return nameOf(p[0], p[1]); }).join(", "); }
  function showExample(d) { // its place and years, level, type, theme and sectors (htmlpage.Page.facts and fields)
    var el = articles[d];
    if (!el) return;
    var facts = el.querySelector(".facts");
    var countries = valuesOf(d, "country").map(function (c) { return nameOf("country", c); }).join(", ");
    var regions = valuesOf(d, "region").map(function (r) { return nameOf("region", r); }).join(", ");
    var years = valuesOf(d, "year").join(", ") || _("not stated");
    facts.textContent = [countries || _("No country named"), regions, years].filter(Boolean).join(" \u00b7 ");
    markLang(facts);
    var fields = el.querySelector("dl.fields");
    var sectors = valuesOf(d, "sector").map(function (s) { return nameOf("sector", s); }).join(", ");
    var rows = [[_("Level"), nameOf("level", valuesOf(d, "level")[0])],
      [_("Dialogue type"), nameOf("type", valuesOf(d, "type")[0])],
      [_("Theme"), nameOf("theme", valuesOf(d, "theme")[0])], [_("Sectors"), sectors || _("not stated")]];
    fields.querySelectorAll("div").forEach(function (div, i) {
      div.querySelector("dt").textContent = rows[i][0];
      div.querySelector("dd").textContent = rows[i][1];
    });
    markLang(fields);
  }
  function subsetNotice() { // htmlpage.Page.subset
    var s = DATA.subset;
    var parts = s[2].map(function (p) {
      if (p[0] === "since") return _("Since {year}", { year: p[1][0] });
      if (p[0] === "until") return _("Until {year}", { year: p[1][0] });
      var labels = p[1].map(function (v) { return valueLabel(p[0], v); });
      return _("{facet}: {values}", { facet: facetLabel(p[0]), values: orList(labels) });
    });
    var args = { n: s[0], total: s[1], filters: parts.length ? joinParts(parts) : "" };
    if (parts.length) return _("This file holds {n} of the {total} examples ({filters}); the other sections are whole.", args);
    return _("This file holds {n} of the {total} examples; the other sections are whole.", args);
  }
  function showLanguage() { // everything the interface says, in the language shown
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach(showMessage);
    document.querySelectorAll("[data-tl]").forEach(function (el) { el.setAttribute("aria-label", message(Number(el.dataset.tl))); });
    document.querySelectorAll("[data-v]").forEach(function (el) {
      el.textContent = names(Array.from(new URLSearchParams(el.dataset.v)));
      markLang(el);
    });
    document.querySelectorAll('#results a[href^="#ch-"]').forEach(function (a) {
      a.textContent = nameOf("challenge", decodeURIComponent(a.getAttribute("href").slice(4)));
      markLang(a);
    });
    docs.forEach(function (doc, d) { showExample(d); });
    var subset = document.getElementById("subset");
    if (subset) subset.textContent = subsetNotice();
    showRecords();
    showLinks(true);
    showNotice();
    switcher.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", String(b.value === lang)); });
  }

  // -- which language: ?lang=, else the reader's saved choice, else the export's, else the browser's ------
  var SAVED = "migdialogue.lang";
  var switcher = document.getElementById("langs");
  function known(code) { return LANGS.indexOf(code) >= 0 ? code : null; }
  function firstLanguage() {
    var asked = known(new URLSearchParams(location.search).get("lang"));
    if (asked) { state.langInUrl = true; return asked; }
    var saved = null;
    try { saved = known(localStorage.getItem(SAVED)); } catch (e) { /* storage refused: not remembered */ }
    if (saved) return saved;
    if (known(I18N.default)) return I18N.default;
    var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {
      var code = known(String(wanted[i]).toLowerCase().split(/[-_]/)[0]);
      if (code) return code;
    }
    return "en";
  }
  function chooseLanguage(code) { // the reader's choice: shown, saved, in the URL
    try { localStorage.setItem(SAVED, code); } catch (e) { /* storage refused: this page only */ }
    state.langInUrl = true;
    lang = code;
    showLanguage();
    nameFacets();
    apply(true);
  }

  // -- the view in the URL (search parameters: they survive a reload, from file:// too) --------------
  function saveUrl() {
    var params = new URLSearchParams();
    if (state.langInUrl) params.set("lang", lang);
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
  switcher.addEventListener("click", function (e) {
    var button = e.target.closest("button");
    if (button && known(button.value) && button.value !== lang) chooseLanguage(button.value);
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
  switcher.hidden = false;
  if (window.matchMedia && window.matchMedia("(max-width: 52rem)").matches) {
    document.querySelector("#facets details.filters").open = false;
  }
  lang = firstLanguage();
  showFootnotes();
  if (lang !== I18N.lang) showLanguage();
  else { showRecords(); showLinks(lang !== "en"); showNotice(); }
  document.querySelectorAll("#main .drawn[hidden]").forEach(function (div) { div.hidden = false; });
  nameFacets();
  loadUrl();
  apply(false);
  showTarget();
  window.migdialogue = { rank: rank, normalise: normalise, stem: stemWord, unpack: unpack,
    readyMs: performance.now() - started, readyAt: performance.now(), language: function () { return lang; } };
  document.documentElement.setAttribute("data-ready", "true");
})();
