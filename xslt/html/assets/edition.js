/* teiedit HTML edition: linked-sentence highlighting, pinning, sentence fragments, view switch,
   note pop-ups and citation copying. No network access, no dependencies; works from file://. */
(function () {
  "use strict";

  var VIEW_KEY = "teiedit.view";
  var root = document.documentElement;
  var text = document.getElementById("ed-text");
  var pinned = null;

  function byId(id) { return id ? document.getElementById(id) : null; }

  function linked(s) {
    var ids = (s.getAttribute("data-links") || "").split(/\s+/);
    var out = [];
    for (var i = 0; i < ids.length; i++) {
      var el = byId(ids[i]);
      if (el && el.classList.contains("s")) { out.push(el); }
    }
    return out;
  }

  function clear(cls) {
    var on = document.querySelectorAll("." + cls);
    for (var i = 0; i < on.length; i++) { on[i].classList.remove(cls); }
  }

  function mark(s, active, link) {
    clear(active);
    clear(link);
    if (!s) { return; }
    s.classList.add(active);
    var others = linked(s);
    for (var i = 0; i < others.length; i++) { others[i].classList.add(link); }
  }

  function sentenceOf(node) {
    while (node && node !== document) {
      if (node.classList && node.classList.contains("s")) { return node; }
      node = node.parentNode;
    }
    return null;
  }

  /* scroll so that the sentence and its counterparts are in view together, below the sticky toolbar;
     when they do not fit, the sentence itself comes first */
  function reveal(s) {
    var bar = document.getElementById("ed-toolbar");
    var margin = (bar && !bar.hidden ? bar.getBoundingClientRect().height : 0) + 16;
    var shown = [s].concat(linked(s)).filter(function (e) { return e.getClientRects().length > 0; });
    var top = Infinity, bottom = -Infinity;
    for (var i = 0; i < shown.length; i++) {
      var r = shown[i].getBoundingClientRect();
      top = Math.min(top, r.top);
      bottom = Math.max(bottom, r.bottom);
    }
    var room = window.innerHeight - margin - 16;
    var y = bottom - top <= room
      ? window.scrollY + top - margin - (room - (bottom - top)) / 2
      : window.scrollY + s.getBoundingClientRect().top - margin;
    window.scrollTo(0, Math.max(0, y));
  }

  function pin(s, scroll) {
    pinned = s;
    mark(s, "pinned", "pinned-link");
    showTools(s);
    if (s && scroll) { reveal(s); }
  }

  function setHash(id) {
    try {
      history.replaceState(null, "", id ? "#" + id : location.pathname + location.search);
    } catch (e) { /* some file:// contexts refuse: the pin still works */ }
  }

  /* tools beside the pinned sentence: cite it (both languages, permalink) or copy its link */
  var tools = document.getElementById("ed-sentence-tools");
  var article = document.querySelector("article.edition");
  function showTools(s) {
    if (!tools) { return; }
    var status = tools.querySelector(".tools-status");
    if (status) { status.textContent = ""; }
    if (!s) { tools.hidden = true; return; }
    s.parentNode.insertBefore(tools, s.nextSibling);
    tools.hidden = false;
  }
  function permalink(s) {
    var base = article ? article.getAttribute("data-permalink") : "";
    return (base || location.href.split("#")[0]) + "#" + s.id;
  }
  /* the reading text of a sentence (xslt/common/reading.xsl wrote it on the sentence): the shown
     reading of a choice, no note calls, no editorial signs */
  function readingOf(s) {
    var r = s.getAttribute("data-reading");
    return r !== null ? r : s.textContent.replace(/\s+/g, " ").trim();
  }
  /* tr:normalise of reading.xsl (same patterns): for a copied part of a sentence */
  var CJK = "[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]";
  var GLUE = new RegExp("(" + CJK + ")[ \\t\\r\\n]+(" + CJK + ")", "g");
  function normaliseReading(t) {
    t = t.replace(/[ \t\r\n]+/g, " ").trim().replace(GLUE, "$1$2").replace(GLUE, "$1$2");
    t = t.replace(/[ \t\r\n]+([,.;:!?\u3002\uff0c\u3001\uff1b\uff1a\uff01\uff1f\uff09\u300d\u300f\u300b\u201d\u2019])/g, "$1");
    return t.replace(/([,;:\u3002\uff0c\u3001\uff1b\uff1a])\1+/g, "$1");
  }
  /* a copied passage quotes the reading text too: whole sentences by their reading, the rest without
     note calls and the other readings of a choice */
  document.addEventListener("copy", function (e) {
    var sel = window.getSelection ? window.getSelection() : null;
    if (!sel || sel.isCollapsed || !e.clipboardData) { return; }
    var range = sel.getRangeAt(0);
    var box = range.commonAncestorContainer;
    box = box.nodeType === 1 ? box : box.parentNode;
    if (!box.closest || !(box.closest(".text, article.edition") || box.querySelector(".s[data-reading]"))) { return; }
    var frag = range.cloneContents();
    frag.querySelectorAll(".noteref, .choice-alt, .anchor-alignment-gap").forEach(function (n) { n.remove(); });
    var text = normaliseReading(frag.textContent);
    e.clipboardData.setData("text/plain", text);
    e.preventDefault();
  });
  function sentenceCitation(s) {
    var texts = [s].concat(linked(s));
    texts.sort(function (a, b) { return a.id < b.id ? 1 : -1; }); /* zh-… before en-… */
    var quoted = texts.map(function (t) { return "“" + readingOf(t) + "”"; });
    var head = article ? article.getAttribute("data-cite") : document.title;
    return head + ", " + say("sentence") + " " + s.id + ": " + quoted.join(" / ") + ". " + permalink(s);
  }
  function copyText(value, status) {
    var done = function () { if (status) { status.textContent = say("copied"); } };
    var fallback = function () { if (status) { status.textContent = value; } };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(done, fallback);
    } else {
      fallback();
    }
  }
  if (tools) {
    tools.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest("button[data-act]") : null;
      if (!b || !pinned) { return; }
      var status = tools.querySelector(".tools-status");
      var act = b.getAttribute("data-act");
      copyText(act === "cite-sentence" ? sentenceCitation(pinned) : permalink(pinned), status);
      tools.setAttribute("data-last", act === "cite-sentence" ? sentenceCitation(pinned) : permalink(pinned));
    });
  }

  if (text) {
    text.addEventListener("mouseover", function (e) { mark(sentenceOf(e.target), "active", "linked"); });
    text.addEventListener("mouseout", function (e) {
      if (!sentenceOf(e.relatedTarget)) { mark(null, "active", "linked"); }
    });
    text.addEventListener("focusin", function (e) { mark(sentenceOf(e.target), "active", "linked"); });
    text.addEventListener("focusout", function () { mark(null, "active", "linked"); });
    text.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest("a, button, .tei-choice")) { return; }
      var s = sentenceOf(e.target);
      if (!s) { return; }
      if (pinned === s) { pin(null); setHash(""); } else { pin(s); setHash(s.id); }
    });
    text.addEventListener("keydown", function (e) {
      if ((e.key === "Enter" || e.key === " ") && e.target.classList && e.target.classList.contains("s")) {
        e.preventDefault();
        var s = e.target;
        if (pinned === s) { pin(null); setHash(""); } else { pin(s); setHash(s.id); }
      }
    });
  }

  function fromHash() {
    var id = decodeURIComponent((location.hash || "").slice(1));
    var s = byId(id);
    if (s && s.classList.contains("s")) {
      pin(s, true);
      s.focus({ preventScroll: true });
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  /* the browser's own jump to the fragment comes after this script: place the sentence again */
  window.addEventListener("load", function () { setTimeout(function () { if (pinned) { reveal(pinned); } }, 0); });

  /* view switch: parallel / Chinese / English, remembered across pages */
  var toolbar = document.getElementById("ed-toolbar");
  function setView(view, remember) {
    root.setAttribute("data-view", view);
    var buttons = document.querySelectorAll("[data-view-set]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-view-set") === view));
    }
    if (remember) {
      try { window.localStorage.setItem(VIEW_KEY, view); } catch (e) { /* not remembered */ }
    }
  }
  if (toolbar) {
    toolbar.hidden = false;
    setView(root.getAttribute("data-view") || "parallel", false);
    toolbar.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest("[data-view-set]") : null;
      if (b) { setView(b.getAttribute("data-view-set"), true); }
    });
    var cert = document.getElementById("ed-cert");
    if (cert) {
      /* alignment links below this probability (@cert) are marked when the box is ticked */
      var LOW = parseFloat(cert.getAttribute("data-below") || "0.5");
      cert.addEventListener("change", function () {
        var all = document.querySelectorAll(".s[data-cert]");
        for (var k = 0; k < all.length; k++) {
          all[k].classList.toggle("uncertain", cert.checked && parseFloat(all[k].getAttribute("data-cert")) < LOW);
        }
        /* links a person reviewed carry no certainty: drawn as reviewed, never as uncertain */
        var checked = document.querySelectorAll(".s[data-reviewed]");
        for (var r = 0; r < checked.length; r++) { checked[r].classList.toggle("reviewed", cert.checked); }
      });
    }
  }

  /* interface language: English / Chinese, remembered like the view */
  var uiSwitch = document.getElementById("ed-ui-switch");
  function uiLang() { return root.getAttribute("data-ui") === "zh" ? "zh" : "en"; }
  function setUi(lang, remember) {
    root.setAttribute("data-ui", lang);
    root.setAttribute("lang", lang === "zh" ? "zh-Hans" : "en");
    if (remember) {
      try { window.localStorage.setItem("teiedit.ui", lang); } catch (e) { /* not remembered */ }
    }
  }
  if (uiSwitch) {
    uiSwitch.hidden = false;
    setUi(uiLang(), false);
    uiSwitch.addEventListener("click", function () { setUi(uiLang() === "zh" ? "en" : "zh", true); });
  }
  function say(key) {
    var m = document.getElementById("ed-messages");
    return m ? m.getAttribute("data-" + key + "-" + uiLang()) : key;
  }

  /* on a narrow screen the text comes first: the source/edition/citation box starts folded */
  var about = document.getElementById("ed-about");
  if (about && window.matchMedia && window.matchMedia("(max-width: 720px)").matches && !location.hash) {
    about.open = false;
  }

  /* notes: show the note's text beside its marker on hover and focus */
  var pop = null;
  function showNote(a) {
    var note = byId((a.getAttribute("href") || "").slice(1));
    if (!note) { return; }
    var body = note.querySelector(".note-text");
    hideNote();
    pop = document.createElement("div");
    pop.className = "note-pop";
    pop.setAttribute("role", "tooltip");
    pop.id = "ed-note-pop";
    pop.textContent = body ? body.textContent : note.textContent;
    var lang = note.closest("[lang]");
    if (lang) { pop.setAttribute("lang", lang.getAttribute("lang")); }
    document.body.appendChild(pop);
    var r = a.getBoundingClientRect();
    var w = Math.min(320, document.documentElement.clientWidth - 16);
    pop.style.width = w + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX - w / 2, document.documentElement.clientWidth - w - 8));
    pop.style.left = left + "px";
    pop.style.top = (r.bottom + window.scrollY + 6) + "px";
    a.setAttribute("aria-describedby", "ed-note-pop");
  }
  function hideNote() {
    if (pop) { pop.remove(); pop = null; }
    var refs = document.querySelectorAll("[aria-describedby='ed-note-pop']");
    for (var i = 0; i < refs.length; i++) { refs[i].removeAttribute("aria-describedby"); }
  }
  var refs = document.querySelectorAll("a.noteref");
  for (var i = 0; i < refs.length; i++) {
    refs[i].addEventListener("mouseenter", function (e) { showNote(e.currentTarget); });
    refs[i].addEventListener("focus", function (e) { showNote(e.currentTarget); });
    refs[i].addEventListener("mouseleave", hideNote);
    refs[i].addEventListener("blur", hideNote);
  }
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hideNote(); } });

  /* copy buttons: the citation text to the clipboard (select it when the clipboard is not available) */
  var copies = document.querySelectorAll("button[data-copy]");
  for (var j = 0; j < copies.length; j++) {
    copies[j].hidden = false;
    copies[j].addEventListener("click", function (e) {
      var button = e.currentTarget;
      var source = byId(button.getAttribute("data-copy"));
      if (!source) { return; }
      var done = function () {
        button.classList.add("copied");
        button.setAttribute("data-status", say("copied"));
        setTimeout(function () { button.classList.remove("copied"); }, 2000);
      };
      var select = function () {
        var range = document.createRange();
        range.selectNodeContents(source);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(source.textContent.trim()).then(done, select);
      } else {
        select();
      }
    });
  }
})();
