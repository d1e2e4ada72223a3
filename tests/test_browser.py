"""The HTML edition in a real browser (headless Chromium via Playwright): layout, linking, views, keyboard.

Skipped when Playwright for Python or /usr/bin/chromium is missing (CI has both: pyproject test extras and
scripts/system-deps.sh). Screenshots go to tests/artifacts/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CHROMIUM, DATA, ROOT
from teiedit.config import load_config
from teiedit.render_html import HtmlRenderer

ARTIFACTS = ROOT / "tests" / "artifacts"
SEED_ID = "rmrb-1958-02-10-p05-3fc300c7573022ed"

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)"
)
if not CHROMIUM.exists():  # the module-level checks: skip before building the site
    pytest.skip(f"{CHROMIUM} not found (Debian package chromium, see scripts/system-deps.sh)", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_tei_bytes) -> Path:
    out = tmp_path_factory.mktemp("browser-site")
    tei = tmp_path_factory.mktemp("browser-tei")
    seed = tei / f"{SEED_ID}.xml"
    seed.write_bytes(seed_tei_bytes)
    scholar = tei / "scholar-edited.xml"
    shutil.copy(DATA / "html" / "scholar_edited.xml", scholar)
    problems, failed = HtmlRenderer(load_config(ROOT / "edition.toml"), out).render_site([seed, scholar])
    assert failed == 0, problems
    return out


class Page:
    """A page with its console errors and every request it made recorded."""

    def __init__(self, browser, width: int, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def goto(self, url: str) -> Page:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        return self

    def box(self, selector: str) -> dict[str, float]:
        box = self.page.locator(selector).first.bounding_box()
        assert box is not None, f"{selector} is not displayed"
        return box

    def classed(self, cls: str) -> set[str]:
        return set(self.page.eval_on_selector_all(f".s.{cls}", "els => els.map(e => e.id)"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def desktop(browser):
    page = Page(browser, 1280)
    yield page
    page.close()


@pytest.fixture
def mobile(browser):
    page = Page(browser, 375, 800)
    yield page
    page.close()


def article(site: Path, article_id: str = SEED_ID, fragment: str = "") -> str:
    return (site / "articles" / f"{article_id}.html").as_uri() + fragment


def only_local(urls: list[str]) -> list[str]:
    return [u for u in urls if not (u.startswith("file://") or u.startswith("http://127.0.0.1:"))]


def test_columns_side_by_side_rows_aligned(site, desktop):
    page = desktop.goto(article(site))
    rows = page.page.locator("#ed-text > .row")
    assert rows.count() == 5
    for k in range(rows.count()):
        row = rows.nth(k)
        zh = row.locator(".cell.zh .p").first.bounding_box()
        en = row.locator(".cell.en .p").first.bounding_box()
        assert zh and en
        assert zh["x"] + zh["width"] <= en["x"], "Chinese left of English"
        assert abs(zh["y"] - en["y"]) <= 1, f"row {k + 1}: tops {zh['y']} and {en['y']}"
    head_zh, head_en = page.box(".row-head .zh h1"), page.box(".row-head .en h1")
    assert abs(head_zh["y"] - head_en["y"]) <= 1
    assert page.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.hover("#zh-p2-s3")
    page.page.wait_for_timeout(300)  # let the highlight's fade-in finish before the picture
    page.page.screenshot(path=str(ARTIFACTS / "article-desktop.png"))
    page.page.screenshot(path=str(ARTIFACTS / "article-desktop-full.png"), full_page=True)


def test_hover_highlights_exactly_the_linked_sentences(site, desktop):
    page = desktop.goto(article(site))
    page.page.hover("#zh-p3-s2")
    assert page.classed("active") == {"zh-p3-s2"}
    assert page.classed("linked") == {"en-p3-s2"}
    page.page.hover("#en-p5-s4")
    assert page.classed("active") == {"en-p5-s4"}
    assert page.classed("linked") == {"zh-p5-s4"}
    page.page.mouse.move(1, 1)
    assert page.classed("linked") == set()
    # a 2-1 bead: both Chinese sentences light up for the English one, and the English one for each
    page.goto(article(site, "scholar-edited"))
    page.page.hover("#en-p3-s1")
    assert page.classed("linked") == {"zh-p2-s1", "zh-p2-s2"}
    page.page.hover("#zh-p2-s2")
    assert {s for s in page.classed("linked") if s.startswith("en-")} == {"en-p3-s1"}
    assert page.errors == []


def test_click_pins_and_fragment_points_at_a_sentence(site, desktop):
    page = desktop.goto(article(site, fragment="#zh-p4-s3"))
    assert page.classed("pinned") == {"zh-p4-s3"}
    assert page.classed("pinned-link") == {"en-p4-s3"}
    assert page.page.locator("#zh-p4-s3").is_visible()
    for sid in ("zh-p4-s3", "en-p4-s3"):  # both in view, below the sticky view switch
        in_view = page.page.evaluate(
            "id => { const r = document.getElementById(id).getBoundingClientRect();"
            " const bar = document.getElementById('ed-toolbar').getBoundingClientRect();"
            " return r.top >= bar.bottom && r.bottom <= innerHeight; }",
            sid,
        )
        assert in_view, sid
    page.page.click("#en-p1-s1")
    assert page.classed("pinned") == {"en-p1-s1"}
    assert page.classed("pinned-link") == {"zh-p1-s1"}
    assert page.page.evaluate("location.hash") == "#en-p1-s1"
    page.page.mouse.move(1, 1)  # leaving does not undo a pin
    assert page.classed("pinned") == {"en-p1-s1"}
    page.page.click("#en-p1-s1")
    assert page.classed("pinned") == set()
    assert page.errors == []


def test_view_switch_hides_columns_and_is_remembered(site, desktop):
    page = desktop.goto(article(site))
    zh, en = page.page.locator("#zh-p1-s1"), page.page.locator("#en-p1-s1")
    assert zh.is_visible() and en.is_visible()
    page.page.click("[data-view-set='zh']")
    assert zh.is_visible() and not en.is_visible()
    page.page.click("[data-view-set='en']")
    assert en.is_visible() and not zh.is_visible()
    page.goto(article(site, "scholar-edited"))  # another page (from file://) remembers it
    assert page.page.locator("#en-p1-s1").is_visible()
    assert not page.page.locator("#zh-p1-s1").is_visible()
    page.page.get_by_role("button", name="Parallel").click()
    assert page.page.locator("#zh-p1-s1").is_visible() and page.page.locator("#en-p1-s1").is_visible()
    assert page.page.get_attribute("[data-view-set='parallel']", "aria-pressed") == "true"
    assert page.errors == []


def test_keyboard_reaches_sentences(site, desktop):
    page = desktop.goto(article(site))
    reached = None
    for _ in range(40):
        page.page.keyboard.press("Tab")
        reached = page.page.evaluate("document.activeElement.id")
        if reached.startswith("zh-p"):
            break
    assert reached == "zh-p1-s1"
    assert page.classed("active") == {"zh-p1-s1"} and page.classed("linked") == {"en-p1-s1"}
    page.page.keyboard.press("Tab")  # rows in reading order: the row's English follows its Chinese
    assert page.page.evaluate("document.activeElement.id") == "en-p1-s1"
    page.page.keyboard.press("Tab")
    assert page.page.evaluate("document.activeElement.id") == "zh-p2-s1"
    page.page.keyboard.press("Enter")
    assert page.classed("pinned") == {"zh-p2-s1"}
    assert page.classed("pinned-link") == {"en-p2-s1"}


def test_narrow_screen_stacks_rows_without_horizontal_scroll(site, mobile):
    others = ("index.html", "dates/1958/02/10.html", "dates/1958/index.html", "search.html")
    for url in (article(site), article(site, "scholar-edited"), *((site / o).as_uri() for o in others)):
        page = mobile.goto(url)
        width = page.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"horizontal scroll on {url}: {width}"
    page = mobile.goto(article(site))
    zh, en = page.box("#zh-p2"), page.box("#en-p2")
    assert en["y"] >= zh["y"] + zh["height"], "English under its Chinese paragraph"
    assert page.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "article-mobile.png"))
    page.goto(article(site, "scholar-edited"))
    page.page.screenshot(path=str(ARTIFACTS / "scholar-mobile.png"), full_page=True)


def test_no_request_to_another_host_and_no_console_errors(site, server, desktop):
    for url in (f"{server}index.html", f"{server}articles/{SEED_ID}.html", f"{server}articles/scholar-edited.html"):
        desktop.goto(url)
        if "/articles/" in url:
            desktop.page.hover(".s >> nth=0")
    desktop.page.hover("a.noteref >> nth=0")
    assert desktop.page.locator(".note-pop").is_visible()
    assert only_local(desktop.requests) == []
    assert any(u.endswith("/assets/edition.js") for u in desktop.requests)
    assert desktop.errors == []
    desktop.page.screenshot(path=str(ARTIFACTS / "scholar-desktop.png"), full_page=True)


def test_front_page_leads_to_years_and_latest_articles(site, desktop):
    page = desktop.goto((site / "index.html").as_uri())
    hrefs = page.page.eval_on_selector_all(".article-entry .titles a", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs == ["articles/scholar-edited.html", f"articles/{SEED_ID}.html"]  # the latest first
    page.page.click(f"a[href='articles/{SEED_ID}.html']")
    assert page.page.locator("h1#ed-title-en").inner_text() == "Integrating with the Masses in Production"
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto((site / "index.html").as_uri())
    page.page.screenshot(path=str(ARTIFACTS / "index-desktop.png"))
    page.page.click(".year-list a")
    assert page.page.url.endswith("/dates/1958/index.html")
    page.page.screenshot(path=str(ARTIFACTS / "dates-year-desktop.png"))
    assert page.errors == []


def test_low_certainty_toggle(site, desktop):
    page = desktop.goto(article(site, "scholar-edited"))
    assert page.classed("uncertain") == set()
    page.page.check("#ed-cert")
    assert page.classed("uncertain") == {"zh-p2-s1", "zh-p2-s2", "en-p3-s1"}  # @cert 0.4
    page.page.uncheck("#ed-cert")
    assert page.classed("uncertain") == set()
    assert page.errors == []


def test_interface_language_switch_is_remembered(site, desktop):
    page = desktop.goto(article(site))
    p = page.page
    assert p.get_by_text("Cite this article").is_visible()
    assert not p.get_by_text("引用本文").is_visible()
    p.click("#ed-ui-switch")
    assert p.get_by_text("引用本文").is_visible()
    assert not p.get_by_text("Cite this article").is_visible()
    assert p.locator("h1#ed-title-en").is_visible()  # the text itself is not interface
    page.goto((site / "index.html").as_uri())
    assert p.locator(".count .ui-zh").is_visible() and not p.locator(".count .ui-en").is_visible()
    p.click("#ed-ui-switch")
    assert p.locator(".count .ui-en").is_visible()
    assert page.errors == []


def test_cite_this_sentence_from_the_keyboard(site, desktop):
    page = desktop.goto(article(site))
    p = page.page
    p.focus("#zh-p3-s2")
    p.keyboard.press("Enter")
    assert page.classed("pinned") == {"zh-p3-s2"}
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.getAttribute('data-act')") == "cite-sentence"
    p.keyboard.press("Enter")
    cited = p.get_attribute("#ed-sentence-tools", "data-last")
    assert "“在讨论过程中，很多人主张减少企业的党群脱产干部。”" in cited
    assert "“During the discussion, many people advocated reducing" in cited
    assert cited.index("在讨论过程中") < cited.index("During the discussion")
    assert "Integrating with the Masses in Production" in cited and "10 February 1958, p. 5" in cited
    assert cited.endswith(f"{SEED_ID}.html#zh-p3-s2")
    p.keyboard.press("Tab")
    p.keyboard.press("Enter")
    assert p.get_attribute("#ed-sentence-tools", "data-last").endswith(f"{SEED_ID}.html#zh-p3-s2")
    assert page.errors == []


def test_previous_next_and_day_links(site, desktop):
    page = desktop.goto(article(site))
    p = page.page
    assert p.locator("nav.neighbours a.prev").count() == 0
    p.click("nav.neighbours a.next")
    assert p.locator("h1#ed-title-en").inner_text() == "An Article Edited by Scholars"
    p.click("nav.neighbours a.prev")
    assert p.locator("h1#ed-title-en").inner_text() == "Integrating with the Masses in Production"
    p.click("nav.neighbours a.day")
    assert p.url.endswith("/dates/1958/02/10.html#page-5")
    assert p.locator(f"#page-5 li[data-article='{SEED_ID}']").count() == 1
    assert page.errors == []
