"""Search: the index built from the TEI, incremental bundles, and the search page in headless Chromium."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from lxml import etree

from search_site import SEED_ID, WORKSHOP_ID, convert_corpus, edit_like_a_scholar
from teiedit.meta import NS, XML_ID
from teiedit.problems import Level
from teiedit.reading import original_text, reading_text
from teiedit.search import (
    build_search_index_report,
    read_article_text,
    record_html,
    write_search_page,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """build/html with the search index and page for the seed and three articles of our own."""
    base = tmp_path_factory.mktemp("search")
    tei = convert_corpus(base / "tei")
    edit_like_a_scholar(base / "tei")
    out = base / "build" / "html"
    report = build_search_index_report(tei, out)
    assert report.problems == []
    write_search_page(out)
    from teiedit.config import EditionConfig
    from teiedit.render_html import HtmlRenderer

    renderer = HtmlRenderer(EditionConfig(), out)  # the article pages a hit opens
    for path in tei:
        assert [p for p in renderer.render_article(path) if p.level == Level.ERROR] == []
    renderer.copy_assets()
    return out


def fragments(bundle: Path) -> list[dict]:
    """Pagefind's stored records of a bundle (gzip, after a 12-byte signature)."""
    return [json.loads(gzip.decompress(f.read_bytes())[12:]) for f in sorted((bundle / "fragment").iterdir())]


# --- the index, without a browser ------------------------------------------------------------------


def test_one_bundle_per_year_and_language(site: Path) -> None:
    manifest = json.loads((site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    assert [(b["year"], b["lang"]) for b in manifest["bundles"]] == [
        ("1958", "zh"),
        ("1958", "en"),
        ("1959", "zh"),
        ("1959", "en"),
    ]
    assert manifest["filters"]["year"] == ["1958", "1959"]
    for b in manifest["bundles"]:
        entry = json.loads((site / "pagefind" / b["path"] / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == [b["lang"]]
        assert (site / "pagefind" / b["path"] / "pagefind.js").is_file()
    assert (site / "search.html").is_file()
    assert (site / "assets" / "search.js").is_file()


def test_records_keep_sentence_ids_as_anchors(site: Path) -> None:
    records = {r["meta"]["id"]: r for r in fragments(site / "pagefind" / "1958" / "zh")}
    seed = records[SEED_ID]
    assert seed["url"] == f"articles/{SEED_ID}.html"
    assert seed["meta"]["title_en"] == "Integrating with the Masses in Production"
    assert seed["meta"]["title_zh"] == "在生产中同群众打成一片"
    assert seed["meta"]["date"] == "1958-02-10"
    assert seed["filters"] == {"year": ["1958"], "month": ["02"], "page": ["5"]}
    ids = [a["id"] for a in seed["anchors"] if a["element"] == "span"]
    assert ids[0] == "zh-p1-s1" and "zh-p5-s4" in ids
    # The extended binary segmented the Chinese text into words (zero-width spaces between them).
    assert "群众\u200b" in seed["content"]


def test_record_html_holds_every_sentence_once(site: Path) -> None:
    tei = site.parent.parent / "tei" / f"{SEED_ID}.xml"
    root = etree.parse(str(tei)).getroot()
    page = etree.fromstring(record_html(read_article_text(tei), "en"), etree.HTMLParser())
    for s in root.xpath("//t:div[@xml:id='en']//t:s", namespaces=NS):
        spans = page.xpath("//span[@id=$i]", i=s.get(XML_ID))
        assert len(spans) == 1
        assert spans[0].text == " ".join("".join(s.itertext()).split())


def test_unchanged_bundles_are_kept_and_a_changed_year_is_rebuilt(tmp_path: Path) -> None:
    tei = convert_corpus(tmp_path / "tei")
    out = tmp_path / "build" / "html"
    first = build_search_index_report(tei, out)
    assert sorted(first.built) == ["1958/en/", "1958/grams/", "1958/zh/", "1959/en/", "1959/grams/", "1959/zh/"]
    assert (tmp_path / "build" / "search-state.json").is_file()
    again = build_search_index_report(tei, out)
    assert again.built == [] and len(again.kept) == 6
    steel = next(p for p in tei if "1959" in p.name)
    steel.write_bytes(steel.read_bytes().replace(b"Anshan steel works", b"Anshan iron works"))
    third = build_search_index_report(tei, out)
    assert sorted(third.built) == ["1959/en/", "1959/grams/", "1959/zh/"]
    # A year whose articles are gone loses its bundles.
    fourth = build_search_index_report([p for p in tei if p != steel], out)
    assert sorted(fourth.removed) == ["1959/en/", "1959/grams/", "1959/zh/"]
    assert not (out / "pagefind" / "1959").exists()


def test_a_large_year_is_split_into_month_bundles(tmp_path: Path) -> None:
    tei = convert_corpus(tmp_path / "tei")
    out = tmp_path / "html"
    report = build_search_index_report(tei, out, max_per_bundle=2)  # 1958 has 3 articles
    assert sorted(report.built) == [
        f"{key}/{kind}/" for key in ("1958-02", "1958-03", "1959") for kind in ("en", "grams", "zh")
    ]
    manifest = json.loads((out / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    assert {b["path"]: b["year"] for b in manifest["bundles"]}["1958-03/zh/"] == "1958"
    ids = {r["meta"]["id"] for r in fragments(out / "pagefind" / "1958-02" / "zh")}
    assert ids == {SEED_ID, "rmrb-1958-02-10-p03-workshop-1958-02-10"}


def test_broken_tei_is_a_problem_and_the_rest_is_indexed(tmp_path: Path) -> None:
    tei = convert_corpus(tmp_path / "tei")
    broken = tmp_path / "tei" / "broken.xml"
    broken.write_text("<TEI><unclosed>", encoding="utf-8")
    report = build_search_index_report([*tei, broken], tmp_path / "html")
    assert [(p.level, p.code) for p in report.problems] == [(Level.ERROR, "search-unreadable")]
    assert len(report.built) == 6


# --- the search page in headless Chromium ---------------------------------------------------------


class SearchPage:
    """A search.html tab that records console errors and every host it requested."""

    def __init__(self, browser: object, base: str) -> None:
        self.page = browser.new_page()  # type: ignore[attr-defined]
        self.page.set_default_timeout(60000)  # a busy CI machine: Pagefind's WASM and index chunks load slowly
        self.base = base
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.hosts.add(urlsplit(r.url).netloc))

    def search(self, query: str, **filters: str) -> list[tuple[str, str, str]]:
        """(article id, href fragment, snippet text) of each hit."""
        params = "&".join(f"{k}={quote(v)}" for k, v in {"q": query, **filters}.items())
        self.page.goto(f"{self.base}search.html?{params}")
        self.page.wait_for_selector("body[data-search-runs]", timeout=60000)
        hits = []
        for li in self.page.query_selector_all("#search-results li"):
            href = li.query_selector("a.search-hit-link").get_attribute("href")
            hits.append((li.get_attribute("data-article"), urlsplit(href).fragment, li.inner_text()))
        return hits


@pytest.fixture
def search_page(browser: object, server: str) -> Iterator[SearchPage]:
    sp = SearchPage(browser, server)
    yield sp
    sp.page.close()
    assert sp.errors == [], sp.errors
    assert sp.hosts <= {urlsplit(server).netloc}, f"requests to other hosts: {sp.hosts}"


def sentence_text(site: Path, article_id: str, sentence_id: str) -> str:
    root = etree.parse(str(site.parent.parent / "tei" / f"{article_id}.xml")).getroot()
    return "".join(root.xpath("//t:s[@xml:id=$i]", namespaces=NS, i=sentence_id)[0].itertext())


def test_chinese_word_finds_the_seed_at_its_sentence(search_page: SearchPage, site: Path) -> None:
    hits = search_page.search("打成一片")
    assert [h[0] for h in hits] == [SEED_ID]
    article, fragment, _ = hits[0]
    assert fragment.startswith("zh-p")
    assert "打成一片" in sentence_text(site, article, fragment)


def test_chinese_query_matches_the_whole_string(search_page: SearchPage) -> None:
    # Pagefind alone would match 打成一团 on its part 打成 (indexed 打成|一片); the page checks the text.
    assert search_page.search("打成一团") == []
    assert [h[0] for h in search_page.search("钢产量")] == ["rmrb-1959-10-01-p01-steel-1959-10-01"]
    search_page.search("打成一片")
    assert search_page.page.inner_text("#search-results .search-hit-snippet mark") == "打成一片"


def test_two_character_word_tells_articles_apart(search_page: SearchPage) -> None:
    found = {h[0] for h in search_page.search("群众")}
    assert found == {SEED_ID, "rmrb-1958-02-10-p03-workshop-1958-02-10"}  # not the Hebei or Anshan articles


def test_english_phrase_finds_the_seed_at_its_sentence(search_page: SearchPage, site: Path) -> None:
    hits = search_page.search('"branch secretaries"')
    assert [h[0] for h in hits] == [SEED_ID]
    article, fragment, snippet = hits[0]
    assert fragment.startswith("en-p")
    assert "branch secretaries" in sentence_text(site, article, fragment)
    assert "2月" not in snippet and "1958-02-10" in snippet  # date shown; snippet in the hit's language
    highlighted = search_page.page.inner_text("#search-results li .search-hit-snippet mark")
    assert highlighted.lower() in {"branch", "secretaries"}


def test_a_hit_opens_the_article_at_its_sentence_with_the_counterpart_marked(search_page: SearchPage) -> None:
    page = search_page.page
    page.goto(f"{search_page.base}articles/{SEED_ID}.html")
    plain = page.evaluate("document.getElementById('zh-p2-s3').className")
    search_page.search('"branch secretaries"')
    with page.expect_navigation():
        page.click("#search-results a.search-hit-link")
    # (the article may still be loading: the sentence is looked for until it is there and marked)
    page.wait_for_function(
        "(plain) => { const s = document.getElementById('zh-p2-s3'); return s !== null && s.className !== plain }",
        arg=plain,
    )
    assert urlsplit(page.url).path.endswith(f"/articles/{SEED_ID}.html")
    assert urlsplit(page.url).fragment == "en-p2-s3"


def test_year_filter_excluding_the_seed_returns_nothing(search_page: SearchPage) -> None:
    assert search_page.search("打成一片", year="1959") == []
    assert search_page.search('"branch secretaries"', year="1959") == []
    assert [h[0] for h in search_page.search("打成一片", year="1958")] == [SEED_ID]


def test_sort_by_date(search_page: SearchPage) -> None:
    newest = [h[0] for h in search_page.search("production", sort="date-desc")]
    assert newest[0] == "rmrb-1959-10-01-p01-steel-1959-10-01"
    oldest = [h[0] for h in search_page.search("production", sort="date-asc")]
    assert oldest[-1] == "rmrb-1959-10-01-p01-steel-1959-10-01"


def test_page_month_and_column_filters(search_page: SearchPage) -> None:
    assert {h[0] for h in search_page.search("群众", page="3")} == {"rmrb-1958-02-10-p03-workshop-1958-02-10"}
    assert search_page.search("群众", month="03") == []
    assert len(search_page.search("群众", month="02")) == 2
    assert {h[0] for h in search_page.search("群众", column="工厂通讯")} == {"rmrb-1958-02-10-p03-workshop-1958-02-10"}
    assert search_page.page.input_value("#f-column") == "工厂通讯"  # the filters are read from the URL


def test_file_url_says_search_needs_a_server(browser: object, site: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto((site / "search.html").as_uri())
    message = page.inner_text("#search-message")
    assert "Search needs a web server" in message
    assert "teiedit serve" in message
    assert "检索需要网页服务器" in message
    assert page.is_disabled("#q")
    page.close()


def test_cli_search_index(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from teiedit.cli import main

    convert_corpus(tmp_path / "tei")
    (tmp_path / "tei" / "broken.xml").write_text("<TEI>", encoding="utf-8")
    args = ["search-index", str(tmp_path / "tei"), "-o", str(tmp_path / "build" / "html")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1  # the broken file is an error; the others are indexed
    assert "broken.xml" in result.output and "6 bundles built" in result.output
    assert (tmp_path / "build" / "html" / "search.html").is_file()
    assert (tmp_path / "build" / "search-state.json").is_file()


def test_a_bundle_with_a_truncated_file_is_not_complete(site: Path, tmp_path: Path) -> None:
    from teiedit.search import _bundle_complete

    bundle = tmp_path / "zh"
    shutil.copytree(site / "pagefind" / "1958" / "zh", bundle)
    assert _bundle_complete(bundle, set())
    (bundle / "pagefind-entry.json").write_bytes(b"")  # as left by a Pagefind stopped too early
    assert not _bundle_complete(bundle, set())
    (bundle / "pagefind-entry.json").write_text((site / "pagefind" / "1958" / "zh" / "pagefind-entry.json").read_text())
    fragment = next((bundle / "fragment").iterdir())
    fragment.write_bytes(fragment.read_bytes()[:-10])
    assert not _bundle_complete(bundle, set())


# --- exact search: Chinese substrings, English words, choice, notes, counterparts (issue 16) --------


def corpus_texts(site: Path) -> dict[str, list[str]]:
    """Article id → every text a reader may search: sentences and headings (both readings), notes."""
    texts: dict[str, list[str]] = {}
    for path in sorted((site.parent.parent / "tei").glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        units = root.xpath("//t:body//t:s | //t:body/t:div/t:head | //t:body//t:note", namespaces=NS)
        texts[path.stem] = [t for u in units for t in (reading_text(u), original_text(u))]
    return texts


def han_samples(texts: dict[str, list[str]]) -> list[str]:
    """Deterministic Chinese substrings of the texts: 2–4 characters, many crossing word boundaries."""
    import re

    samples: list[str] = ["产量", "钢产量", "群众", "下放劳动", "打成一片"]
    for article in sorted(texts):
        runs = [r for t in texts[article] for r in re.findall(r"[\u4e00-\u9fff]{6,}", t)]
        for i, run in enumerate(runs[:12:4]):
            start = (i * 3) % (len(run) - 4)
            samples.append(run[start : start + 2 + i % 3])
    return list(dict.fromkeys(samples))


def test_every_chinese_substring_finds_every_article_that_has_it(search_page: SearchPage, site: Path) -> None:
    texts = corpus_texts(site)
    samples = han_samples(texts)
    assert len(samples) >= 12
    for query in samples:
        expected = {a for a, ts in texts.items() if any(query in t for t in ts)}
        hits = search_page.search(query)
        assert {h[0] for h in hits} == expected, query
        for article, fragment, _ in hits:  # the link opens a unit that holds the query
            assert any(query in t for t in texts[article]), (query, fragment)


def test_cross_word_chinese_finds_the_longer_word(search_page: SearchPage, site: Path) -> None:
    texts = corpus_texts(site)
    assert any("钢产量" in t for t in texts["rmrb-1959-10-01-p01-steel-1959-10-01"])
    assert "rmrb-1959-10-01-p01-steel-1959-10-01" in {h[0] for h in search_page.search("产量")}
    single = {h[0] for h in search_page.search("钢")}  # a single character: its own list, exact too
    assert single == {a for a, ts in texts.items() if any("钢" in t for t in ts)}


@pytest.mark.parametrize("word", ["Bezos", "Amazon", "Zuckerberg", "laborious"])
def test_english_words_in_no_text_find_nothing(search_page: SearchPage, word: str) -> None:
    assert search_page.search(word) == []
    assert "0 results" in search_page.page.inner_text("#search-message")


def test_english_stemmed_forms_are_found(search_page: SearchPage, site: Path) -> None:
    hits = search_page.search("secretary")  # the seed says "secretaries"
    assert SEED_ID in {h[0] for h in hits}


def test_both_readings_of_a_choice_find_it_and_neither_is_glued(search_page: SearchPage) -> None:
    # The seed says "labor" itself; the workshop article has <choice><orig>labor</orig><reg>labour</reg>.
    for query, expected in (("labour", [WORKSHOP_ID]), ("labor", sorted([SEED_ID, WORKSHOP_ID]))):
        hits = search_page.search(query)
        assert sorted(h[0] for h in hits) == expected, query
        workshop = next(h for h in hits if h[0] == WORKSHOP_ID)
        assert workshop[1] == "en-p1-s1"
        assert "returned to labour in the workshop" in workshop[2]
        assert "laborlabour" not in workshop[2] and "labourlabor" not in workshop[2]


def test_a_note_finds_its_article_as_a_note_hit(search_page: SearchPage) -> None:
    hits = search_page.search("xiafang")
    assert [h[0] for h in hits] == [WORKSHOP_ID]
    assert search_page.page.locator("#search-results .search-hit-note").count() == 1
    assert "Textile workers called this xiafang." in hits[0][2]
    assert [h[0] for h in search_page.search("称之为")] == [WORKSHOP_ID]


def test_a_hit_shows_its_aligned_counterpart(search_page: SearchPage, site: Path) -> None:
    hits = search_page.search("打成一片")
    li = search_page.page.locator("#search-results li").first
    sentence = li.locator(".search-hit-snippet").first
    fragment = sentence.get_attribute("data-unit")
    counterpart = li.locator(".search-hit-counterpart a").first
    root = etree.parse(str(site.parent.parent / "tei" / f"{SEED_ID}.xml")).getroot()
    link = root.xpath("//t:link[contains(concat(' ', @target, ' '), concat(' #', $i, ' '))]", namespaces=NS, i=fragment)[0]
    others = [t[1:] for t in link.get("target").split() if t.startswith("#en-")]
    expected = " ".join(reading_text(root.xpath("//t:s[@xml:id=$i]", namespaces=NS, i=o)[0]) for o in others)
    assert counterpart.inner_text() == expected
    assert urlsplit(counterpart.get_attribute("href")).fragment == others[0]
    assert hits[0][1] == fragment


def test_phrase_matches_the_phrase_only(search_page: SearchPage) -> None:
    assert [h[0] for h in search_page.search('"branch secretaries"')] == [SEED_ID]
    assert search_page.search('"secretaries branch"') == []


def test_article_pages_carry_the_reading_text_of_every_sentence(site: Path) -> None:
    """The HTML's data-reading (reading.xsl) is what the indexer's Python twin reads, for every sentence."""
    from lxml import html as lxml_html

    for path in sorted((site.parent.parent / "tei").glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        page = lxml_html.parse(str(site / "articles" / f"{path.stem}.html")).getroot()
        for s in root.xpath("//t:body//t:s", namespaces=NS):
            shown = page.xpath("//*[@id=$i]/@data-reading", i=s.get(XML_ID))
            assert shown == [reading_text(s)], s.get(XML_ID)


def test_cite_this_sentence_quotes_the_reading_text(search_page: SearchPage) -> None:
    page = search_page.page
    page.goto(f"{search_page.base}articles/{WORKSHOP_ID}.html")
    page.click("#en-p1-s1", position={"x": 5, "y": 5})
    page.click("#ed-sentence-tools button[data-act='cite-sentence']")
    cited = page.get_attribute("#ed-sentence-tools", "data-last")
    assert "“天津一家纺织厂本月有四十名科室干部回到车间。”" in cited  # no note call, no note text
    assert "“In a Tianjin textile mill, forty office cadres returned to labour in the workshop this month.”" in cited
    assert "labor" not in cited.replace("labour", "") and "xiafang" not in cited


def test_a_copied_quotation_is_the_reading_text(search_page: SearchPage) -> None:
    page = search_page.page
    page.goto(f"{search_page.base}articles/{WORKSHOP_ID}.html")
    copied = page.evaluate(
        """(ids) => ids.map((id) => {
            const r = document.createRange();
            r.selectNodeContents(document.getElementById(id));
            const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
            const dt = new DataTransfer();
            document.getElementById(id).dispatchEvent(
                new ClipboardEvent("copy", {clipboardData: dt, bubbles: true, cancelable: true}));
            return dt.getData("text/plain");
        })""",
        ["zh-p1-s1", "en-p1-s1"],
    )
    assert copied == [
        "天津一家纺织厂本月有四十名科室干部回到车间。",  # without the note call
        "In a Tianjin textile mill, forty office cadres returned to labour in the workshop this month.",
    ]
