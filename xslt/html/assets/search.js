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
  var currentHanRuns = [];

  function segmentHan(q) {
    // Pagefind's extended indexer split Chinese into words; split the query alike, so that a word
    // such as 打成一片 (indexed as 打成 一片) is found.
    if (typeof Intl === "undefined" || !Intl.Segmenter) return q;
    var seg = new Intl.Segmenter("zh", { granularity: "word" });
    var out = [];
    for (var part of seg.segment(q)) { if (part.isWordLike) out.push(part.segment); }
    return out.join(" ");
  }

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
    var pf = pagefindModule.createInstance({ basePath: base(bundles[0]), baseUrl: siteRoot.pathname, excerptLength: lang === "zh" ? 40 : 24 });
    await pf.init();
    for (var i = 1; i < bundles.length; i++) await pf.mergeIndex(base(bundles[i]), { language: lang, baseUrl: siteRoot.pathname });
    instances[key] = pf;
    return pf;
  }

  function safeSnippet(excerpt) {
    // Keep Pagefind's <mark> and nothing else: text is inserted as text.
    var tpl = document.createElement("template");
    tpl.innerHTML = excerpt;
    var frag = document.createDocumentFragment();
    tpl.content.childNodes.forEach(function (n) {
      if (n.nodeName === "MARK") frag.appendChild(el("mark", {}, n.textContent));
      else frag.appendChild(document.createTextNode(n.textContent));
    });
    return frag;
  }

  function markRuns(text, runs) {
    // The plain snippet with each Chinese query string marked whole (Pagefind marks its parts).
    var frag = document.createDocumentFragment();
    var re = new RegExp(runs.map(function (r) { return r.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "g");
    var last = 0, m;
    while ((m = re.exec(text)) !== null) {
      frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      frag.appendChild(el("mark", {}, m[0]));
      last = m.index + m[0].length;
    }
    frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }

  function bestSentence(data, hanRuns) {
    var anchors = (data.anchors || []).filter(function (a) { return a.element === "span" && a.id; })
      .sort(function (a, b) { return a.location - b.location; });
    if (hanRuns.length) {
      var whole = anchors.find(function (a) {
        var t = (a.text || "").replace(/\s+/g, "");
        return hanRuns.every(function (r) { return t.indexOf(r) >= 0; });
      });
      if (whole) return whole.id;
    }
    var counts = {};
    var best = null;
    (data.locations || []).forEach(function (loc) {
      var hit = null;
      for (var i = 0; i < anchors.length && anchors[i].location <= loc; i++) hit = anchors[i];
      if (!hit) return;
      counts[hit.id] = (counts[hit.id] || 0) + 1;
      if (!best || counts[hit.id] > counts[best.id] || (counts[hit.id] === counts[best.id] && hit.location < best.location)) best = hit;
    });
    return best ? best.id : (data.meta.lang || "");
  }

  function render(item) {
    var d = item.data, m = d.meta;
    var li = el("li", { "class": "search-hit", "data-article": m.id, "lang": "en" });
    var hanRuns = item.hanRuns || [];
    var href = new URL("articles/" + encodeURIComponent(m.id) + ".html#" + encodeURIComponent(bestSentence(d, hanRuns)), siteRoot).href;
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
    var snip = el("p", { "class": "search-hit-snippet", lang: m.lang === "zh" ? "zh-Hans" : "en" });
    var plain = (d.plain_excerpt || "").replace(/\u200b/g, "");
    var whole = m.lang === "zh" && hanRuns.some(function (r) { return plain.indexOf(r) >= 0; });
    snip.appendChild(whole ? markRuns(plain, hanRuns) : safeSnippet(d.excerpt || ""));
    li.appendChild(snip);
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

  function keepFor(d, hanRuns) {
    var text = (d.content || "").replace(/[\s\u200b]+/g, "");
    return hanRuns.every(function (run) { return text.indexOf(run) >= 0 || (d.meta.title_zh || "").indexOf(run) >= 0; });
  }

  async function showMore() {
    // Loads the next hits' records; a Chinese query's hits not yet checked are checked here.
    var list = $("search-results");
    var added = 0;
    while (added < PAGE_SIZE && current < pending.length) {
      var next = pending.slice(current, current + PAGE_SIZE - added);
      current += next.length;
      var datas = await Promise.all(next.map(function (r) { return r.loaded || r.data(); }));
      datas.forEach(function (d, i) {
        if (!d || (next[i].keep === undefined && !keepFor(d, currentHanRuns))) return;
        added++;
        // An article found in both languages is listed once, with a snippet per language.
        var same = list.querySelector('li[data-article="' + CSS.escape(d.meta.id) + '"]');
        var li = render({ data: d, result: next[i], hanRuns: currentHanRuns });
        if (same) same.appendChild(li.querySelector(".search-hit-snippet"));
        else list.appendChild(li);
      });
    }
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
    var langs = languagesFor(state.q);
    var searches = [];
    for (var lang of langs) {
      var pf = await instanceFor(lang, state.filters.year);
      if (!pf) continue;
      var term = lang === "zh" ? segmentHan(state.q) : state.q;
      searches.push(pf.search(term, { filters: state.filters }));
    }
    var answers = await Promise.all(searches);
    var results = [];
    answers.forEach(function (a) { if (a && a.results) results = results.concat(a.results); });
    results.sort(function (a, b) { return b.score - a.score; });
    // Pagefind splits a Chinese query word it does not know into known parts and matches any of them
    // (打成一团 would find 打成一片), so hits of a Han query are checked against the hit's own text.
    var hanRuns = state.q.match(/\p{Script=Han}+/gu) || [];
    currentHanRuns = hanRuns;
    var note = "";
    var exact = !hanRuns.length;
    // Sorting by date needs every hit's date, and a short list of a Chinese query is checked whole
    // for an exact count; a long one is checked page by page as it is shown ("about N").
    if (results.length && (state.sort || (hanRuns.length && results.length <= 2 * PAGE_SIZE))) {
      exact = true;
      if (results.length > FULL_CHECK_CAP) {
        exact = !hanRuns.length;
        note = " " + bi("Sorted by date: the " + FULL_CHECK_CAP + " most relevant; narrow with a filter to see all.",
          "按日期排序：仅最相关的 " + FULL_CHECK_CAP + " 条，请用筛选缩小范围。");
        results = results.slice(0, FULL_CHECK_CAP);
      }
      var datas = await Promise.all(results.map(function (r) { return r.data(); }));
      results.forEach(function (r, i) {
        r.loaded = Promise.resolve(datas[i]);
        var m = datas[i].meta;
        r.key = m.date + "/" + ("0000" + m.page).slice(-4) + "/" + m.id;
        r.keep = keepFor(datas[i], hanRuns);
      });
      results = results.filter(function (r) { return r.keep; });
      if (state.sort) {
        var dir = state.sort === "date-desc" ? -1 : 1;
        results.sort(function (a, b) { return a.key < b.key ? -dir : a.key > b.key ? dir : 0; });
      }
    }
    pending = results;
    var n = results.length;
    var about = exact ? "" : "about ";
    say(bi(about + n + (n === 1 ? " result" : " results"), (exact ? "" : "约 ") + n + " 条结果") + note);
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
