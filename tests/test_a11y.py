"""The whole site in headless Chromium: axe-core, keyboard, interface language and html/@lang.

A full site (the seed, three articles of our own and the scholar-edited article): article pages, the
front page, the date pages and the search page with its index, served on 127.0.0.1. axe-core
(npm; `scripts/system-deps.sh` installs it into the git-ignored .cache/axe/) is injected into each page.
Skipped with the reason when Playwright, Chromium or axe-core is missing.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import CHROMIUM, DATA, ROOT
from search_site import SEED_ID, convert_corpus
from teiedit.config import load_config
from teiedit.render_html import HtmlRenderer
from teiedit.search import build_search_index

AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
if not CHROMIUM.exists():  # the module-level checks: skip before building the site
    pytest.skip(f"{CHROMIUM} not found (Debian package chromium, see scripts/system-deps.sh)", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("a11y")
    tei = convert_corpus(base / "tei")
    scholar = base / "tei" / "scholar-edited.xml"
    shutil.copy(DATA / "html" / "scholar_edited.xml", scholar)
    out = base / "build" / "html"
    config = load_config(ROOT / "edition.toml")
    problems, failed = HtmlRenderer(config, out).render_site([*tei, scholar])
    assert failed == 0, problems
    assert build_search_index([*tei, scholar], out, config=config) == []
    return out


@pytest.fixture
def page(browser: object, server: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    p = context.new_page()
    errors: list[str] = []
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    context.close()
    assert errors == [], errors


def pages(server: str) -> dict[str, str]:
    """One page of each kind (the search page with hits of both languages shown)."""
    return {
        "index": f"{server}index.html",
        "dates": f"{server}dates/index.html",
        "day": f"{server}dates/1958/02/10.html",
        "article": f"{server}articles/{SEED_ID}.html#zh-p3-s2",
        "scholar article": f"{server}articles/scholar-edited.html",
        "search": f"{server}search.html?q={quote('群众')}",
    }


def open_page(p: object, url: str) -> None:
    p.goto(url)  # type: ignore[attr-defined]
    p.wait_for_load_state("load")  # type: ignore[attr-defined]
    if "search.html?q=" in url:
        p.wait_for_selector("body[data-search-runs]", timeout=60000)  # type: ignore[attr-defined]
        assert p.locator("#search-results li").count() >= 1  # type: ignore[attr-defined]


def set_ui(p: object, server: str, lang: str) -> None:
    """Choose the interface language as a reader would (the switch), so that it is remembered."""
    open_page(p, f"{server}index.html")
    if p.get_attribute("html", "data-ui") != lang:  # type: ignore[attr-defined]
        p.click("#ed-ui-switch")  # type: ignore[attr-defined]


# ---- axe-core -------------------------------------------------------------------------------------


@pytest.mark.parametrize("ui", ["en", "zh"])
def test_axe_finds_no_serious_or_critical_violation(page: object, server: str, ui: str) -> None:
    if not AXE.is_file():
        pytest.skip(f"axe-core not installed at {AXE} (run scripts/system-deps.sh: npm install axe-core)")
    set_ui(page, server, ui)
    found = {}
    for name, url in pages(server).items():
        open_page(page, url)
        page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
        violations = page.evaluate(  # type: ignore[attr-defined]
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))"
        )
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        if bad:
            found[name] = bad
    assert found == {}


# ---- interface language and html/@lang ------------------------------------------------------------

LANG_CHECK = """() => {
  // every text's nearest lang: Han characters must not be in an en element, Latin words not in a zh one
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest("script, style, noscript, option, code") || !el.getClientRects().length) continue;
    const t = n.textContent.trim();
    const lang = (el.closest("[lang]") || document.documentElement).getAttribute("lang");
    const han = /\\p{Script=Han}/u.test(t), latin = /[A-Za-z]{3,}/.test(t);
    if (han && !latin && lang.startsWith("en")) out.push([lang, t.slice(0, 40)]);
    if (latin && !han && !/^(TEI|PDF|XML|teiedit)\\b/.test(t) && lang.startsWith("zh")) out.push([lang, t.slice(0, 40)]);
  }
  return out;
}"""


@pytest.mark.parametrize("ui", ["en", "zh"])
def test_html_lang_follows_the_interface_and_texts_keep_their_own(page: object, server: str, ui: str) -> None:
    set_ui(page, server, ui)
    for name, url in pages(server).items():
        open_page(page, url)
        assert page.get_attribute("html", "lang") == ("zh-Hans" if ui == "zh" else "en"), name  # type: ignore[attr-defined]
        assert page.get_attribute("html", "data-ui") == ui, name  # type: ignore[attr-defined]
        assert page.evaluate(LANG_CHECK) == [], name  # type: ignore[attr-defined]
        shown, hidden = (".ui-zh", ".ui-en") if ui == "zh" else (".ui-en", ".ui-zh")
        assert page.locator(f"header {shown}").first.is_visible(), name  # type: ignore[attr-defined]
        assert not page.locator(f"header {hidden}").first.is_visible(), name  # type: ignore[attr-defined]
    open_page(page, f"{server}articles/{SEED_ID}.html")
    assert page.get_attribute("#ed-text .row .cell.zh >> nth=0", "lang") == "zh-Hans"  # type: ignore[attr-defined]
    assert page.get_attribute("#ed-text .row .cell.en >> nth=0", "lang") == "en"  # type: ignore[attr-defined]


def test_the_switch_sets_html_lang_at_once_and_is_remembered_on_every_page_kind(page: object, server: str) -> None:
    open_page(page, f"{server}search.html")
    assert page.get_attribute("html", "lang") == "en"  # type: ignore[attr-defined]
    page.click("#ed-ui-switch")  # type: ignore[attr-defined]
    assert page.get_attribute("html", "lang") == "zh-Hans"  # type: ignore[attr-defined]
    assert page.locator("h1 .ui-zh").is_visible()  # type: ignore[attr-defined]
    for url in pages(server).values():
        open_page(page, url)
        assert page.get_attribute("html", "lang") == "zh-Hans", url  # type: ignore[attr-defined]
    page.click("#ed-ui-switch")  # type: ignore[attr-defined]
    assert page.get_attribute("html", "lang") == "en"  # type: ignore[attr-defined]
    open_page(page, f"{server}dates/index.html")
    assert page.get_attribute("html", "lang") == "en"  # type: ignore[attr-defined]


# ---- the header's search box ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "start", ["index.html", f"articles/{SEED_ID}.html", "dates/1958/02/10.html", "dates/1958/index.html"]
)
def test_header_search_box_searches_from_every_page(page: object, server: str, start: str) -> None:
    open_page(page, server + start)
    page.fill("header input[name='q']", "打成一片")  # type: ignore[attr-defined]
    page.press("header input[name='q']", "Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("body[data-search-runs]", timeout=60000)  # type: ignore[attr-defined]
    assert page.url.startswith(f"{server}search.html?q=")  # type: ignore[attr-defined]
    assert page.input_value("#q") == "打成一片"  # type: ignore[attr-defined]
    hits = page.eval_on_selector_all("#search-results li", "els => els.map(e => e.dataset.article)")  # type: ignore[attr-defined]
    assert hits == [SEED_ID]


def test_search_works_with_the_chinese_interface(page: object, server: str) -> None:
    set_ui(page, server, "zh")
    for query, expected in (('"branch secretaries"', SEED_ID), ("打成一片", SEED_ID)):
        open_page(page, f"{server}search.html?q={quote(query)}")
        assert page.eval_on_selector_all("#search-results li", "els => els.map(e => e.dataset.article)") == [expected]  # type: ignore[attr-defined]
    assert page.locator("#search-message .ui-zh").is_visible()  # type: ignore[attr-defined]


# ---- keyboard -------------------------------------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return {id: e.id, name: e.getAttribute("name"), act: e.getAttribute("data-act"), tag: e.tagName,
          view: e.getAttribute("data-view-set"), cls: e.className,
          outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2, visible: !!e.getClientRects().length};
}"""


def tab_until(page: object, want: object, limit: int = 80) -> dict:
    """Press Tab until the focused element satisfies `want`; it must show a visible focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        focused = page.evaluate(FOCUSED)  # type: ignore[attr-defined]
        if want(focused):
            assert focused["visible"] and focused["outline"], f"no visible focus on {focused}"
            return focused
    raise AssertionError("not reached with Tab")


def test_every_control_is_reached_with_tab_and_shows_focus(page: object, server: str) -> None:
    for url in (f"{server}index.html", f"{server}dates/1958/02/10.html", f"{server}search.html"):
        open_page(page, url)
        tab_until(page, lambda f: f["cls"] == "skip")
        tab_until(page, lambda f: f["id"] == "ed-ui-switch")
        tab_until(page, lambda f: f["name"] == "q")
    open_page(page, f"{server}search.html")
    for control in ("f-year", "f-sort"):
        tab_until(page, lambda f, c=control: f["id"] == c)
    # an article: language switch, search box, view switch, low-certainty toggle, sentences, cite
    open_page(page, f"{server}articles/scholar-edited.html")
    tab_until(page, lambda f: f["id"] == "ed-ui-switch")
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert page.get_attribute("html", "lang") == "zh-Hans"  # type: ignore[attr-defined]
    tab_until(page, lambda f: f["name"] == "q")
    tab_until(page, lambda f: f["view"] == "zh")
    tab_until(page, lambda f: f["id"] == "ed-cert")
    page.keyboard.press("Space")  # type: ignore[attr-defined]
    assert page.is_checked("#ed-cert")  # type: ignore[attr-defined]
    tab_until(page, lambda f: f["id"] == "zh-p1-s1")
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    tab_until(page, lambda f: f["act"] == "cite-sentence", limit=6)  # past the links in the sentence
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert page.get_attribute("#ed-sentence-tools", "data-last").endswith("scholar-edited.html#zh-p1-s1")  # type: ignore[attr-defined]
    tab_until(page, lambda f: f["act"] == "copy-link", limit=3)


# ---- permalinks -----------------------------------------------------------------------------------


def permalinks(site: Path) -> dict[str, list[str]]:
    """Every article URL (relative to the site) with its sentence anchors, read from the pages."""
    from lxml import html

    found = {}
    for path in sorted((site / "articles").glob("*.html")):
        doc = html.parse(str(path))
        found[path.relative_to(site).as_posix()] = sorted(doc.xpath("//*[contains(concat(' ', @class, ' '), ' s ')]/@id"))
    return found


def test_permalinks_survive_a_rebuild_from_freshly_converted_tei(site: Path, tmp_path: Path) -> None:
    tei = convert_corpus(tmp_path / "tei")
    scholar = tmp_path / "tei" / "scholar-edited.xml"
    shutil.copy(DATA / "html" / "scholar_edited.xml", scholar)
    problems, failed = HtmlRenderer(load_config(ROOT / "edition.toml"), tmp_path / "html").render_site([*tei, scholar])
    assert failed == 0, problems
    before, after = permalinks(site), permalinks(tmp_path / "html")
    assert after == before
    assert len(before) == 5 and all(before.values())
    # the anchors are the TEI's sentence ids, and the page names its TEI's xml:id
    from lxml import etree

    from teiedit.meta import NS, XML_ID

    for path in [*tei, scholar]:
        root = etree.parse(str(path)).getroot()
        ids = sorted(s.get(XML_ID) for s in root.iter(f"{{{NS['t']}}}s"))
        assert before[f"articles/{root.get(XML_ID)}.html"] == ids
    # links between pages do not change either: the date pages and the front page
    for rel in ("index.html", "dates/1958/02/10.html"):
        hrefs = [re.findall(r'href="([^"]+)"', (d / rel).read_text("utf-8")) for d in (site, tmp_path / "html")]
        assert hrefs[0] == hrefs[1], rel
