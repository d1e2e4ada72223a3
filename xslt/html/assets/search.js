/* teiedit search page: one box for Chinese and English over per-year, per-language Pagefind bundles.
 *
 * pagefind/bundles.json lists the bundles (year × zh/en). A query is sent to the zh bundles when it
 * holds Han characters, to the en bundles when it holds other letters or digits (both for a mixed query). Only the
 * bundles of the selected year are loaded; the others are merged into one Pagefind instance per
 * language with mergeIndex. A hit opens the article at the sentence holding most of its matches (the
 * sentence's TEI xml:id is a Pagefind anchor).
 * A classic script (not a module) so that it runs from file:// too, and can say why search cannot.
 */
(function () {
  "use strict";
  var PAGE_SIZE = 20;
  var FULL_CHECK_CAP = 200; // hits whose records are loaded to sort by date
  var script = document.currentScript;
  var siteRoot = new URL("..", script ? script.src : location.href);

  function $(id) { return document.getElementById(id); }
  function say(html, cls) {
    var box = $("search-message");
    box.className = cls || "";
    box.innerHTML = html;
  }
  function bi(en, zh) {
    // interface text in both languages; edition.css shows the one of the interface switch
    return "<span class=\"ui-en\" lang=\"en\">" + en + "</span><span class=\"ui-zh\" lang=\"zh-Hans\">" + zh + "</span>";
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) { if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]); }
    if (text) e.textContent = text;
    return e;
  }

  if (location.protocol === "file:") {
    document.addEventListener("DOMContentLoaded", function () {
      say(
        "<p lang=\"en\"><strong>Search needs a web server.</strong> This page was opened from a file, and browsers do not " +
        "let a page read its search index from disk. Serve the site and open it from there: run " +
        "<code>teiedit serve</code> (or <code>python3 -m http.server -d build/html</code>) and open " +
        "<code>http://127.0.0.1:8000/search.html</code>. Browsing by date and reading articles work without it.</p>" +
        "<p lang=\"zh-Hans\"><strong>检索需要网页服务器。</strong>本页是从本地文件打开的，浏览器不允许网页从磁盘读取检索索引。" +
        "请运行 <code>teiedit serve</code>（或 <code>python3 -m http.server -d build/html</code>），" +
        "再打开 <code>http://127.0.0.1:8000/search.html</code>。按日期浏览和阅读文章不需要服务器。</p>",
        "search-unavailable"
      );
      var form = $("search-form");
      if (form) { Array.prototype.forEach.call(form.elements, function (f) { f.disabled = true; }); }
    });
    return;
  }

  var manifest = null;
  var pagefindModule = null;
  var instances = {}; // "lang|years" → Pagefind instance with those bundles merged
  var shown = [];
  var pending = [];
  var current = 0;
  var runs = 0;
  var currentQuery = null;

  function languagesFor(q) {
    var langs = [];
    if (/\p{Script=Han}/u.test(q)) langs.push("zh");
    if (/[\p{L}\p{N}]/u.test(q.replace(/\p{Script=Han}/gu, ""))) langs.push("en");
    return langs;
  }

  async function instanceFor(lang, year) {
    var bundles = manifest.bundles.filter(function (b) { return b.lang === lang && (!year || b.year === year); });
    if (!bundles.length) return null;
    var key = lang + "|" + (year || "*");
    if (instances[key]) return instances[key];
    if (!pagefindModule) pagefindModule = await import(new URL("pagefind/" + bundles[0].path + "pagefind.js", siteRoot).href);
    var base = function (b) { return new URL("pagefind/" + b.path, siteRoot).pathname; };
    var pf = pagefindModule.createInstance({ basePath: base(bundles[0]), baseUrl: siteRoot.pathname, excerptLength: 24 });
    await pf.init();
    for (var i = 1; i < bundles.length; i++) await pf.mergeIndex(base(bundles[i]), { language: lang, baseUrl: siteRoot.pathname });
    instances[key] = pf;
    return pf;
  }

  /* ---- the exact index beside Pagefind (src/teiedit/searchtext.py): pagefind/<key>/grams/ ---- */
  var jsonCache = {};
  function getJson(path) {
    var url = new URL("pagefind/" + path, siteRoot).href;
    if (!jsonCache[url]) jsonCache[url] = fetch(url).then(function (r) { return r.ok ? r.json() : null; });
    return jsonCache[url];
  }
  function fnv1a(s) {
    var h = 0x811c9dc5;
    for (var ch of s) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h;
  }
  function gramsOf(run) {
    // a single character is looked up itself; a longer string by its adjacent pairs
    var cs = Array.from(run);
    if (cs.length === 1) return cs;
    var out = [];
    for (var i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
    return out;
  }
  function gramBundles(year) {
    return (manifest.grams || []).filter(function (b) { return !year || b.year === year; });
  }
  function textPath(id, date) {
    // the grams bundle of an article: its month's when the year is split, else its year's
    var b = (manifest.grams || []).find(function (g) { return g.path === date.slice(0, 7) + "/grams/"; }) ||
      (manifest.grams || []).find(function (g) { return g.path === date.slice(0, 4) + "/grams/"; });
    return b ? b.path + "t/" + encodeURIComponent(id) + ".json" : null;
  }
  function passesFilters(a, f) {
    return (!f.month || a.date.slice(5, 7) === f.month) && (!f.page || a.page === f.page) &&
      (!f.section || a.section === f.section) && (!f.column || a.column === f.column);
  }
  async function gramCandidates(runs, filters) {
    // articles holding every gram of every Han run: a superset of the articles holding the runs
    var found = [];
    for (var b of gramBundles(filters.year)) {
      var info = await getJson(b.path + "articles.json");
      if (!info) continue;
      var set = null;
      for (var run of runs) {
        for (var g of gramsOf(run)) {
          var shard = await getJson(b.path + "g/" + (fnv1a(g) % info.shards) + ".json");
          var list = (shard && shard[g]) || [];
          set = set === null ? new Set(list) : new Set(list.filter(function (x) { return set.has(x); }));
          if (!set.size) break;
        }
        if (set && !set.size) break;
      }
      (set ? Array.from(set) : []).sort(function (x, y) { return x - y; }).forEach(function (i) {
        var a = info.articles[i];
        if (passesFilters(a, filters)) found.push({ id: a.id, date: a.date, path: b.path + "t/" + encodeURIComponent(a.id) + ".json" });
      });
    }
    return found;
  }

  /* ---- confirming a hit against the article's reading text ---- */
  function unitsOf(rec) {
    var units = [];
    ["zh", "en"].forEach(function (lang) {
      (rec[lang] || []).forEach(function (row) {
        units.push({ id: row[0], lang: lang, text: row[1], orig: row[2], counterparts: row[3], head: row[0] === lang });
      });
    });
    (rec.notes || []).forEach(function (row) { units.push({ id: row[0], lang: row[1], text: row[2], orig: "", counterparts: [], note: true }); });
    return units;
  }
  function stem(w) {
    // a light English stemmer, applied alike to the query and the text: inflected forms match,
    // a word that only shares a part with the query does not
    w = w.toLowerCase().replace(/['\u2019]s$/, "");
    var m = w.match(/^(.{3,}?)(ations|ation|ions|ion|ings|ing|ies|ied|ed|es|s|ly)$/);
    if (m) w = m[1] + (/^ie[sd]$/.test(m[2]) ? "y" : "");
    return w.length > 3 ? w.replace(/e$/, "") : w;
  }
  function wordsOf(text) { return text.match(/[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)?/gu) || []; }
  function parseEnglish(q) {
    var phrases = [], rest = q.replace(/\p{Script=Han}+/gu, " ");
    rest = rest.replace(/"([^"]+)"/g, function (_, p) { phrases.push(wordsOf(p).join(" ").toLowerCase()); return " "; });
    return { phrases: phrases.filter(Boolean), stems: wordsOf(rest).map(stem) };
  }
  function unitHasStem(u, st) {
    return wordsOf(u.text + " " + u.orig).some(function (w) { return stem(w) === st; });
  }
  function unitHasPhrase(u, ph) {
    return [u.text, u.orig].some(function (t) { return (" " + wordsOf(t).join(" ").toLowerCase() + " ").indexOf(" " + ph + " ") >= 0; });
  }
  function unitHasRun(u, run) { return (u.text + "\n" + u.orig).indexOf(run) >= 0; }
  function confirm(rec, lang, query) {
    // the unit (sentence, heading or note) to show, or null when the article does not hold the query
    var units = unitsOf(rec).filter(function (u) { return u.lang === lang; });
    var needs = lang === "zh" ? query.runs.map(function (r) { return function (u) { return unitHasRun(u, r); }; })
      : query.en.phrases.map(function (p) { return function (u) { return unitHasPhrase(u, p); }; })
        .concat(query.en.stems.map(function (st) { return function (u) { return unitHasStem(u, st); }; }));
    if (!needs.length) return null;
    if (!needs.every(function (n) { return units.some(n); })) return null;
    var best = null, bestScore = -1;
    units.forEach(function (u) {
      var score = needs.filter(function (n) { return n(u); }).length * 2 + (u.note || u.head ? 0 : 1);  // a sentence first
      if (score > bestScore) { best = u; bestScore = score; }
    });
    return best;
  }

  function marked(text, lang, query) {
    var frag = document.createDocumentFragment();
    var pats = lang === "zh" ? query.runs.map(function (r) { return r.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }) : [];
    var re = pats.length ? new RegExp(pats.join("|"), "g") : /[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)?/gu;
    var words = lang === "zh" ? null : wordsOf(query.en.phrases.join(" ")).map(stem).concat(query.en.stems);
    var last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (words && words.indexOf(stem(m[0])) < 0) continue;
      frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      frag.appendChild(el("mark", {}, m[0]));
      last = m.index + m[0].length;
    }
    frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }

  function render(hit, query) {
    var rec = hit.rec, m = rec.meta;
    var li = el("li", { "class": "search-hit", "data-article": rec.id, "lang": "en" });
    var first = hit.units[0];
    var href = new URL("articles/" + encodeURIComponent(rec.id) + ".html#" + encodeURIComponent(first.id), siteRoot).href;
    var a = el("a", { href: href, "class": "search-hit-link" });
    a.appendChild(el("span", { lang: "zh-Hans", "class": "search-hit-title-zh" }, m.title_zh || ""));
    a.appendChild(document.createTextNode(" · "));
    a.appendChild(el("span", { lang: "en", "class": "search-hit-title-en" }, m.title_en || ""));
    var titles = el("div", { "class": "search-hit-titles" });
    titles.appendChild(a);
    li.appendChild(titles);
    var meta = el("div", { "class": "search-hit-meta" });
    meta.appendChild(el("time", { datetime: m.date }, m.date));
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(el("span", { "class": "ui-en", lang: "en" }, "p. " + m.page));
    meta.appendChild(el("span", { "class": "ui-zh", lang: "zh-Hans" }, "第" + m.page + "版"));
    [m.section, m.column].forEach(function (v) {
      if (!v) return;
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(el("span", { lang: "zh-Hans" }, v));
    });
    li.appendChild(meta);
    var byId = {};
    unitsOf(rec).forEach(function (u) { if (!u.note) byId[u.id] = u; });
    hit.units.forEach(function (u) {
      var snip = el("p", { "class": "search-hit-snippet" + (u.note ? " search-hit-note" : ""), lang: u.lang === "zh" ? "zh-Hans" : "en", "data-unit": u.id });
      if (u.note) snip.appendChild(el("span", { "class": "search-hit-label", lang: "en" }, "Note: "));
      var shown = u.orig && !(u.lang === "zh" ? query.runs.every(function (r) { return u.text.indexOf(r) >= 0; }) : query.en.stems.every(function (st) { return wordsOf(u.text).some(function (w) { return stem(w) === st; }); }));
      snip.appendChild(marked(shown ? u.text + " [" + u.orig + "]" : u.text, u.lang, query));
      li.appendChild(snip);
      // the bead's other side: what the sentence is aligned with
      var others = (u.counterparts || []).map(function (id) { return byId[id]; }).filter(Boolean);
      if (!u.note && (u.counterparts || []).length) {
        var other = u.lang === "zh" ? "en" : "zh-Hans";
        var cp = el("p", { "class": "search-hit-counterpart", lang: other });
        if (others.length) {
          var link = el("a", { href: new URL("articles/" + encodeURIComponent(rec.id) + ".html#" + encodeURIComponent(others[0].id), siteRoot).href },
            others.map(function (o) { return o.text; }).join(u.lang === "zh" ? " " : ""));
          cp.appendChild(link);
        } else {
          cp.appendChild(el("span", { title: "no counterpart" }, "∅"));
        }
        li.appendChild(cp);
      }
    });
    return li;
  }

  function readForm() {
    var f = {};
    ["year", "month", "page", "section", "column"].forEach(function (k) { var v = $("f-" + k).value; if (v) f[k] = v; });
    return { q: $("q").value.trim(), filters: f, sort: $("f-sort").value };
  }

  function writeUrl(state) {
    var p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    for (var k in state.filters) p.set(k, state.filters[k]);
    if (state.sort) p.set("sort", state.sort);
    history.replaceState(null, "", "?" + p.toString());
  }

  async function showMore() {
    var list = $("search-results");
    pending.slice(current, current + PAGE_SIZE).forEach(function (hit) { list.appendChild(render(hit, currentQuery)); });
    current = Math.min(pending.length, current + PAGE_SIZE);
    $("search-more").hidden = current >= pending.length;
  }

  async function run() {
    var state = readForm();
    writeUrl(state);
    $("search-results").innerHTML = "";
    $("search-more").hidden = true;
    pending = []; current = 0;
    if (!state.q) { say(""); return; }
    say(bi("Searching…", "检索中……"));
    var query = { runs: state.q.match(/\p{Script=Han}+/gu) || [], en: parseEnglish(state.q) };
    currentQuery = query;
    var langs = languagesFor(state.q);
    // candidates: (article, where its text is, rank); Chinese from the character index, English from Pagefind
    var cands = [];
    if (langs.indexOf("zh") >= 0) {
      (await gramCandidates(query.runs, state.filters)).forEach(function (c) { cands.push({ id: c.id, path: c.path, lang: "zh", score: 0, date: c.date }); });
    }
    if (langs.indexOf("en") >= 0) {
      var pf = await instanceFor("en", state.filters.year);
      if (pf) {
        var term = state.q.replace(/\p{Script=Han}+/gu, " ").trim();
        var answer = await pf.search(term, { filters: state.filters });
        var datas = await Promise.all(((answer && answer.results) || []).slice(0, FULL_CHECK_CAP).map(function (r) { return r.data(); }));
        datas.forEach(function (d, i) {
          var path = textPath(d.meta.id, d.meta.date);
          if (path) cands.push({ id: d.meta.id, path: path, lang: "en", score: answer.results.length - i, date: d.meta.date });
        });
        var moreEn = answer && answer.results.length > FULL_CHECK_CAP;
      }
    }
    var capped = moreEn || cands.length > FULL_CHECK_CAP;
    cands = cands.slice(0, FULL_CHECK_CAP);
    // every candidate is confirmed against its text: a hit holds the query, as grep would say
    var recs = await Promise.all(cands.map(function (c) { return getJson(c.path); }));
    var byArticle = {}, hits = [];
    cands.forEach(function (c, i) {
      var unit = recs[i] && confirm(recs[i], c.lang, query);
      if (!unit) return;
      var hit = byArticle[c.id];
      if (!hit) { hit = byArticle[c.id] = { rec: recs[i], units: [], score: 0, key: "" }; hits.push(hit); }
      hit.units.push(unit);
      hit.score = Math.max(hit.score, c.score);
      hit.key = recs[i].meta.date + "/" + ("0000" + recs[i].meta.page).slice(-4) + "/" + c.id;
    });
    var dir = state.sort === "date-desc" ? -1 : 1;
    hits.sort(function (a, b) {
      if (!state.sort && a.score !== b.score) return b.score - a.score;
      return a.key < b.key ? -dir : a.key > b.key ? dir : 0;
    });
    var note = capped ? " " + bi("Only the " + FULL_CHECK_CAP + " most relevant were checked; narrow with a filter to see all.",
      "仅核对了最相关的 " + FULL_CHECK_CAP + " 条，请用筛选缩小范围。") : "";
    pending = hits;
    var n = hits.length;
    say(bi((capped ? "at least " : "") + n + (n === 1 ? " result" : " results"), (capped ? "至少 " : "") + n + " 条结果") + note);
    await showMore();
    document.body.setAttribute("data-search-runs", String(++runs));
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function fillSelect(name, values) {
    var sel = $("f-" + name);
    values.forEach(function (v) {
      var label = name === "month" && MONTHS[+v - 1] ? MONTHS[+v - 1] + " · " + (+v) + "月" : v;
      sel.appendChild(el("option", { value: v }, label));
    });
  }

  document.addEventListener("DOMContentLoaded", async function () {
    try {
      var resp = await fetch(new URL("pagefind/bundles.json", siteRoot).href);
      if (!resp.ok) throw new Error("HTTP " + resp.status);
      manifest = await resp.json();
    } catch (e) {
      say(bi("The search index is missing (run <code>teiedit search-index</code>).",
        "缺少检索索引（请运行 <code>teiedit search-index</code>）。"), "search-unavailable");
      return;
    }
    ["year", "month", "page", "section", "column"].forEach(function (k) { fillSelect(k, manifest.filters[k] || []); });
    var params = new URLSearchParams(location.search);
    $("q").value = params.get("q") || "";
    ["year", "month", "page", "section", "column"].forEach(function (k) { if (params.get(k)) $("f-" + k).value = params.get(k); });
    if (params.get("sort")) $("f-sort").value = params.get("sort");
    $("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
    $("search-form").addEventListener("change", function (ev) { if (ev.target.tagName === "SELECT") run(); });
    $("search-more").addEventListener("click", showMore);
    document.body.setAttribute("data-search-ready", "true");
    if ($("q").value) await run();
  });
})();
