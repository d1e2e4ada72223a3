"""The HTML edition at the XSLT level: text fidelity, ids, alignment data, scholarly additions, safety."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html

from conftest import DATA, NS, ROOT
from teiedit.cli import main
from teiedit.config import EditionConfig
from teiedit.meta import read_meta
from teiedit.problems import Level
from teiedit.render_html import HtmlRenderer

SCHOLAR = DATA / "html" / "scholar_edited.xml"
SEED_ID = "rmrb-1958-02-10-p05-3fc300c7573022ed"


def squeeze(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def spaced(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_tei_bytes):
    """Seed + scholar-edited article rendered once: (out_dir, renderer, problems by id)."""
    out = tmp_path_factory.mktemp("site")
    src = tmp_path_factory.mktemp("tei")
    seed = src / f"{SEED_ID}.xml"
    seed.write_bytes(seed_tei_bytes)
    config = EditionConfig(base_url="https://edition.example.org/rmrb", editors=("A. Editor",))
    renderer = HtmlRenderer(config, out)
    problems = {SEED_ID: renderer.render_article(seed), "scholar-edited": renderer.render_article(SCHOLAR)}
    problems["index"] = renderer.render_index([read_meta(seed), read_meta(SCHOLAR)])
    return out, renderer, problems


def page(site, article_id: str) -> html.HtmlElement:
    out = site[0]
    return html.fromstring((out / "articles" / f"{article_id}.html").read_bytes())


def side_text(doc: html.HtmlElement, side: str) -> str:
    """All text of one language's cells: title row, parallel rows, notes."""
    return "".join("".join(c.itertext()) for c in doc.xpath(f"//div[contains(@class,'row')]/div[@class='cell {side}']"))


def tei_div(path_or_bytes, side: str) -> etree._Element:
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    return etree.fromstring(data).xpath(f"//t:body/t:div[@xml:id='{side}']", namespaces=NS)[0]


# ---- the seed ----------------------------------------------------------------------------


def test_seed_renders_without_problems(site):
    assert site[2][SEED_ID] == []
    assert site[2]["index"] == []


@pytest.mark.parametrize("side", ["zh", "en"])
def test_every_character_of_each_division_reaches_the_page(site, seed_tei_bytes, side):
    div = tei_div(seed_tei_bytes, side)
    doc = page(site, SEED_ID)
    assert squeeze("".join(div.itertext())) == squeeze(side_text(doc, side))
    # sentence by sentence, with normalised white space
    for s in div.iterfind(".//t:s", NS):
        sid = s.get("{http://www.w3.org/XML/1998/namespace}id")
        (el,) = doc.xpath(f"//span[@id='{sid}']")
        assert spaced("".join(el.itertext())) == spaced("".join(s.itertext()))


def test_english_sentences_joined_by_one_space_chinese_by_nothing(site):
    doc = page(site, SEED_ID)
    (en_p2,) = doc.xpath("//p[@id='en-p2']")
    assert "production. However, in the past" in en_p2.text_content()
    assert "  " not in en_p2.text_content()
    (zh_p2,) = doc.xpath("//p[@id='zh-p2']")
    assert "发展生产。可是" in zh_p2.text_content()


def test_ids_links_and_rows(site, seed_tei):
    doc = page(site, SEED_ID)
    sentences = doc.xpath("//span[contains(concat(' ',@class,' '),' s ')]")
    assert len(sentences) == len(seed_tei.xpath("//t:s", namespaces=NS)) == 48
    assert all(s.get("tabindex") == "0" for s in sentences)
    for link in seed_tei.xpath("//t:linkGrp[@type='alignment']/t:link", namespaces=NS):
        zh, en = (t[1:] for t in link.get("target").split())
        assert doc.xpath(f"//span[@id='{zh}']/@data-links") == [en]
        assert doc.xpath(f"//span[@id='{en}']/@data-links") == [zh]
    rows = doc.xpath("//div[@id='ed-text']/div[contains(@class,'row')]")
    assert len(rows) == 5
    for k, row in enumerate(rows, 1):
        assert row.xpath("div[@class='cell zh']/p/@id") == [f"zh-p{k}"]
        assert row.xpath("div[@class='cell en']/p/@id") == [f"en-p{k}"]
    assert doc.xpath("//div[@class='cell zh']/@lang") == ["zh-Hans"] * 6
    assert doc.xpath("//div[@class='cell en']/@lang") == ["en"] * 6


def test_header_meta_tags_and_citation(site):
    doc = page(site, SEED_ID)

    def meta(name):
        return doc.xpath(f"//head/meta[@name='{name}']/@content")

    assert meta("citation_title") == ["在生产中同群众打成一片 [Integrating with the Masses in Production]"]
    assert meta("citation_author") == ["Jing Yu"]
    assert meta("citation_publication_date") == ["1958/02/10"]
    assert meta("citation_journal_title") == []  # Zotero would save a journal article
    assert meta("prism.publicationName") == ["人民日报 (People's Daily)"]
    assert meta("citation_firstpage") == ["5"]
    assert meta("citation_abstract_html_url") == [f"https://edition.example.org/rmrb/articles/{SEED_ID}.html"]
    assert set(meta("DC.title")) == {"在生产中同群众打成一片", "Integrating with the Masses in Production"}
    assert meta("DC.date") == ["1958-02-10"]
    assert doc.xpath("//h1[@lang or ancestor::*[@lang]]/text()") == [
        "在生产中同群众打成一片",
        "Integrating with the Masses in Production",
    ]
    about = spaced(doc.xpath("//details[@class='about']")[0].text_content())
    for part in ("人民日报", "People's Daily", "10 February 1958", "page 5", "Creative Commons", "静宇 Jing Yu"):
        assert part in about
    cite = doc.xpath("//p[@id='ed-cite-text']/text()")[0]
    assert "“Integrating with the Masses in Production” [在生产中同群众打成一片]" in cite
    assert cite.endswith(f"https://edition.example.org/rmrb/articles/{SEED_ID}.html.")
    assert doc.xpath("//a[contains(@class,'download') and contains(@class,'tei')]/@href") == [f"../tei/{SEED_ID}.xml"]
    assert not doc.xpath("//a[contains(@class,'pdf')]")  # no PDF built


def test_tei_copied_and_index(site, seed_tei_bytes):
    out = site[0]
    assert (out / "tei" / f"{SEED_ID}.xml").read_bytes() == seed_tei_bytes
    assert (out / "assets" / "edition.css").is_file()
    assert (out / "assets" / "edition.js").is_file()
    doc = html.fromstring((out / "index.html").read_bytes())
    entries = doc.xpath("//li[@class='article-entry']")
    assert [e.get("id") for e in entries] == ["a-scholar-edited", f"a-{SEED_ID}"]  # the latest first
    assert doc.xpath("//ul[@class='year-list']/li/a/@href") == ["dates/1958/index.html"]
    assert "2 articles" in doc.xpath("string(//ul[@class='year-list']/li)")
    seed = entries[1]
    assert seed.xpath(".//a/@href")[:2] == [f"articles/{SEED_ID}.html", f"tei/{SEED_ID}.xml"]
    assert "在生产中同群众打成一片" in seed.text_content()
    assert "p. 5" in seed.text_content()
    assert "1 article" not in doc.xpath("//p[@class='count']")[0].text_content()
    assert "2 articles" in doc.xpath("//p[@class='count']")[0].text_content()
    # the header's search box: a labelled GET form to the search page
    form = doc.xpath("//header//form[@role='search']")[0]
    assert (form.get("action"), form.get("method")) == ("search.html", "get")
    assert form.xpath(".//input/@name") == ["q"]
    assert form.xpath(".//label/@for") == form.xpath(".//input/@id")
    assert form.xpath("string(.//label/span[@lang='en'])") and form.xpath("string(.//label/span[@lang='zh-Hans'])")


def test_index_is_a_bounded_front_page(tmp_path, seed_tei_bytes):
    """A run of 100,000+ articles: index.html lists the years with counts and the latest 20, no more."""
    from dataclasses import replace

    tei = tmp_path / f"{SEED_ID}.xml"
    tei.write_bytes(seed_tei_bytes)
    seed = read_meta(tei)
    metas = [
        replace(seed, id=f"a{i:04d}", date=f"{1950 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}", page=str(1 + i % 8))
        for i in range(1000)
    ]
    renderer = HtmlRenderer(EditionConfig(), tmp_path / "site")
    assert renderer.render_index(metas) == []
    doc = html.fromstring((tmp_path / "site" / "index.html").read_bytes())
    assert "1,000 articles" in doc.xpath("string(//p[@class='count'])")
    years = doc.xpath("//ul[@class='year-list']/li")
    assert [li.xpath("string(a)") for li in years] == [str(y) for y in range(1950, 1960)]
    assert all("100 articles" in li.text_content() for li in years)
    listed = doc.xpath("//li[@class='article-entry']/@id")
    newest = sorted(metas, key=lambda m: m.sort_key, reverse=True)[:20]
    assert listed == [f"a-{m.id}" for m in newest]
    assert (tmp_path / "site" / "index.html").stat().st_size < 60_000


def test_pdf_linked_when_built(tmp_path, seed_tei_bytes):
    tei = tmp_path / f"{SEED_ID}.xml"
    tei.write_bytes(seed_tei_bytes)
    out = tmp_path / "site"
    (out / "pdf").mkdir(parents=True)
    (out / "pdf" / f"{SEED_ID}.pdf").write_bytes(b"%PDF-1.7\n")
    renderer = HtmlRenderer(EditionConfig(), out)
    assert renderer.render_article(tei) == []
    renderer.render_index([read_meta(tei)])
    doc = html.fromstring((out / "articles" / f"{SEED_ID}.html").read_bytes())
    assert doc.xpath("//a[contains(@class,'pdf')]/@href") == [f"../pdf/{SEED_ID}.pdf"]
    index = html.fromstring((out / "index.html").read_bytes())
    assert index.xpath("//a[@type='application/pdf']/@href") == [f"pdf/{SEED_ID}.pdf"]


def test_same_input_same_bytes(tmp_path, site, seed_tei_bytes):
    tei = tmp_path / f"{SEED_ID}.xml"
    tei.write_bytes(seed_tei_bytes)
    renderer = HtmlRenderer(
        EditionConfig(base_url="https://edition.example.org/rmrb", editors=("A. Editor",)), tmp_path
    )
    renderer.render_article(tei)
    renderer.render_article(tei)  # the same executable, twice
    name = f"articles/{SEED_ID}.html"
    assert (tmp_path / name).read_bytes() == (site[0] / name).read_bytes()


# ---- scholarly additions, fallback and safety ----------------------------------------------


def test_unknown_element_kept_and_warned(site):
    problems = site[2]["scholar-edited"]
    assert [(p.level, p.code) for p in problems] == [(Level.WARNING, "unknown-element")]
    (problem,) = problems
    assert "unknownThing" in problem.msg
    assert problem.path == str(SCHOLAR)
    assert SCHOLAR.read_text("utf-8").splitlines()[problem.line - 1].count("<unknownThing>") == 1
    doc = page(site, "scholar-edited")
    assert doc.xpath("//span[@class='tei-unknownThing']/text()") == ["未知元素"]


@pytest.mark.parametrize("side", ["zh", "en"])
def test_no_text_dropped_from_the_scholar_edition(site, side):
    div = tei_div(SCHOLAR, side)
    doc = page(site, "scholar-edited")
    got = squeeze(side_text(doc, side))
    for text in div.xpath(".//text()[normalize-space()]"):
        assert squeeze(text) in got, text
    missing = Counter(squeeze("".join(div.itertext()))) - Counter(got)
    assert not missing


def test_scholarly_additions_rendered(site):
    doc = page(site, "scholar-edited")

    def one(xpath):
        found = doc.xpath(xpath)
        assert len(found) == 1, (xpath, found)
        return found[0]

    # notes: numbered markers, text in the notes section under the right column, back links
    assert one("//span[@id='zh-p1-s1']/a[@class='noteref']").get("href") == "#zh-note1"
    assert one("//span[@id='en-p1-s1']/a[@class='noteref']/text()") == "1"
    assert one("//section[@class='notes']//div[@class='cell zh']//li[@id='zh-note1']/span/text()") == "讲话日期不详。"
    assert one("//li[@id='en-note1']/a[@class='note-back']/@href") == "#ref-en-note1"
    # names: styled, linked to the standOff entry or their URL; the entry is rendered with that id
    assert one("//span[@id='en-p1-s1']/a[contains(@class,'tei-persName')]/@href") == "#mao"
    assert one("//span[@id='zh-p1-s1']/a[contains(@class,'tei-placeName')]/@href") == "https://www.geonames.org/1816670"
    assert "Mao Zedong" in one("//*[@id='mao']").text_content()
    assert one("//*[@id='mao']//a/@href") == "https://www.wikidata.org/wiki/Q5816"
    # choice: corrected/regularised reading shown, the source's reading kept and reachable
    choice = one("//span[@id='en-p2-s1']/span[contains(@class,'tei-choice')][1]")
    assert choice.get("tabindex") == "0"
    assert choice.xpath("span[@class='tei-corr']/text()") == ["correct"]
    assert choice.xpath("span[@class='choice-alt']/span[@class='tei-sic']/text()") == ["wrnog"]
    assert one("//span[@id='zh-p1-s2']//span[@class='tei-orig']/text()") == "舊字"
    # editorial signs
    assert one("//span[@id='zh-p2-s1']/span[@class='tei-gap']/text()") == "[…]"
    assert "illegible" in one("//span[@id='zh-p2-s1']/span[@class='tei-gap']/@title")
    assert one("//span[@id='zh-p2-s1']/span[@class='tei-unclear']/text()") == "模糊"
    assert one("//span[@id='zh-p2-s1']/span[@class='tei-supplied']/text()") == "补"
    assert one("//span[@id='zh-p2-s2']/del/text()") == "去"
    assert one("//span[@id='zh-p2-s2']/ins/text()") == "加"
    assert one("//span[@id='en-p3-s2']/span[@class='tei-lb']") is not None
    assert one("//span[@id='en-p3-s2']/span[@class='tei-pb']/@data-n") == "3"
    assert one("//span[@id='en-p3-s2']/span[contains(@class,'tei-hi')]/@class") == "tei-hi rend-italic rend-bold"
    assert one("//span[@id='zh-p2-s2']/span[contains(@class,'rend-bold')]/text()") == "加粗"
    assert one("//span[@class='tei-foreign']/@lang") == "la"
    # verse, lists and tables, aligned by @corresp into the same row
    row = one("//div[contains(@class,'row')][div/div[@id='zh-lg1']]")
    assert row.xpath("div[@class='cell en']/div[@id='en-lg1']/span[@class='tei-l']/text()") == [
        "The first line",
        "The second line",
    ]
    assert one("//ul[@id='en-list1']").xpath("li/text()") == ["First item", "Second item"]
    assert one("//table[@id='zh-table1']").xpath(".//th/text()") == ["年", "产量"]
    # a translation split into two paragraphs stays in its original's row; an addition gets its own row
    row = one("//div[contains(@class,'row')][div/p[@id='zh-p1']]")
    assert row.xpath("div[@class='cell en']/p/@id") == ["en-p1", "en-p2"]
    row = one("//div[contains(@class,'row')][div/p[@id='en-p4']]")
    assert row.xpath("div[@class='cell zh']/*") == []
    assert doc.xpath("//div[@id='ed-text']/div/div[@class='cell en']/*/@id") == [
        "en-p1", "en-p2", "en-p3", "en-lg1", "en-list1", "en-table1", "en-p4"
    ]  # fmt: skip


def test_bead_links_and_certainty(site):
    doc = page(site, "scholar-edited")
    assert doc.xpath("//span[@id='en-p3-s1']/@data-links") == ["zh-p2-s1 zh-p2-s2"]
    assert doc.xpath("//span[@id='zh-p2-s1']/@data-links") == ["zh-p2-s2 en-p3-s1"]
    assert doc.xpath("//span[@id='zh-p2-s1']/@data-bead") == ["2-1"]
    assert doc.xpath("//span[@id='zh-p2-s1']/@data-cert") == ["0.4"]
    assert doc.xpath("//span[@id='en-p4-s1']/@data-links") == [""]
    assert doc.xpath("//input[@id='ed-cert']")  # the toggle appears when links carry @cert


def test_unsafe_urls_are_not_links_and_text_is_escaped(site):
    out = site[0]
    raw = (out / "articles" / "scholar-edited.html").read_text("utf-8")
    assert "javascript" not in raw.lower()
    assert "<script>alert" not in raw
    doc = page(site, "scholar-edited")
    assert doc.xpath("//span[@class='tei-ref']/text()") == ["a bad link", "another"]
    assert doc.xpath("//a[@class='tei-ref']/@href") == ["https://example.org/x?a=1&b=2"]
    assert doc.xpath("//span[contains(@class,'tei-orgName')]/text()")[0] == "某机构"
    assert 'alert("x")' in doc.xpath("//span[@id='en-p4-s1']/text()")[0]
    assert "Test licence." in doc.xpath("//details[@class='about']//dd")[2].text_content()
    assert not doc.xpath("//a[text()='Test licence']")


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/", True),
        ("HTTP://example.org/", True),
        ("mailto:a@example.org", True),
        ("#zh-p1-s1", True),
        ("../tei/a.xml", True),
        ("other.html#x", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
        ("java\u0000script:x", False),
    ],
)
def test_link_safety_rule(tmp_path, url, linked):
    tei = SCHOLAR.read_text("utf-8").replace(
        '<ref target="https://example.org/x?a=1&amp;b=2">', f'<ref target="{etree_escape(url)}">'
    )
    path = tmp_path / "case.xml"
    path.write_text(tei, "utf-8")
    HtmlRenderer(EditionConfig(), tmp_path).render_article(path)
    doc = html.fromstring((tmp_path / "articles" / "scholar-edited.html").read_bytes())
    assert bool(doc.xpath("//a[@class='tei-ref']")) is linked


def etree_escape(text: str) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(text.replace("\u0000", "&#9;"))[1:-1].replace("&amp;#9;", "&#9;")


# ---- CLI -----------------------------------------------------------------------------------


def test_cli_html(tmp_path, seed_tei_bytes):
    src = tmp_path / "tei"
    src.mkdir()
    (src / f"{SEED_ID}.xml").write_bytes(seed_tei_bytes)
    (src / "broken.xml").write_text("<TEI", "utf-8")
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["html", str(src), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "broken.xml" in result.output and "[not-xml]" in result.output
    assert "2 articles: 1 rendered, 1 failed" in result.output
    assert (out / "articles" / f"{SEED_ID}.html").is_file()
    assert (out / "index.html").is_file()
    assert (out / "dates" / "1958" / "02" / "10.html").is_file()  # the day its article page links to
    assert (out / "search.html").is_file()
    assert (out / "pagefind" / "1958" / "zh" / "pagefind-entry.json").is_file()  # search is part of html


def test_stylesheet_paths(site):
    paths = site[1].stylesheet_paths()
    names = {p.relative_to(ROOT / "xslt").as_posix() for p in paths}
    assert {"html/article.xsl", "html/index.xsl", "common/behaviours.xsl", "html/assets/edition.css"} <= names
    assert all(p.is_file() for p in paths)


@pytest.mark.parametrize(
    ("source", "rows"),
    [
        ("accept_merged_paragraphs.txt", [(["zh-p1", "zh-p2"], ["en-p1"]), (["zh-p3"], ["en-p2"])]),
        (
            "accept_split_paragraphs.txt",
            [(["zh-p1"], ["en-p1", "en-p2"]), (["zh-p2"], ["en-p3"]), (["zh-p3"], ["en-p4"])],
        ),
    ],
)
def test_rows_follow_paragraph_alignment(tmp_path, source, rows):
    from conftest import ARTICLES
    from teiedit.convert import convert_file

    result = convert_file(ARTICLES / source, tmp_path / "tei", EditionConfig())
    assert result.target is not None
    assert HtmlRenderer(EditionConfig(), tmp_path / "site").render_article(result.target) == []
    doc = html.fromstring((tmp_path / "site" / "articles" / f"{result.target.stem}.html").read_bytes())
    got = [
        (r.xpath("div[@class='cell zh']/*/@id"), r.xpath("div[@class='cell en']/*/@id"))
        for r in doc.xpath("//div[@id='ed-text']/div")
    ]
    assert got == rows
    # a subtitle belongs to the title: not a heading of its own
    assert not doc.xpath("//*[contains(@class,'subtitle')][@role='heading']")


def test_serve_previews_the_site_on_localhost(tmp_path):
    import os
    import subprocess
    import sys
    import urllib.request

    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>x</title>served", "utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from teiedit.cli import main; main()", "serve", "-d", str(tmp_path), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        with urllib.request.urlopen(url + "index.html", timeout=10) as response:
            assert response.read().endswith(b"served")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_neighbour_links_by_date_and_page(site):
    from teiedit.render_html import neighbour_links

    metas = [read_meta(SCHOLAR), read_meta(site[0] / "tei" / f"{SEED_ID}.xml")]
    links = neighbour_links(metas)
    assert links[SEED_ID].prev_href == "" and links[SEED_ID].next_href == "scholar-edited.html"
    assert links[SEED_ID].next_label == "An Article Edited by Scholars (1958-03-01, p. 2)"
    assert links["scholar-edited"].prev_href == f"{SEED_ID}.html"
    assert links["scholar-edited"].day_href == "../dates/1958/03/01.html#page-2"


def test_article_links_rendered(tmp_path, seed_tei_bytes):
    from teiedit.render_html import ArticleLinks

    tei = tmp_path / f"{SEED_ID}.xml"
    tei.write_bytes(seed_tei_bytes)
    links = ArticleLinks(prev_href="a.html", prev_label="A", next_href="javascript:x()", day_href="../d.html")
    HtmlRenderer(EditionConfig(), tmp_path).render_article(tei, links)
    doc = html.fromstring((tmp_path / "articles" / f"{SEED_ID}.html").read_bytes())
    assert doc.xpath("//nav[@class='neighbours']/a/@href") == ["a.html", "../d.html"]
    assert doc.xpath("//a[@rel='prev']/span[@class='nb-title']/text()") == ["A"]
    assert doc.xpath("//head/link[@rel='prev']/@href") == ["a.html"]
    assert not doc.xpath("//*[@rel='next']")


def test_external_entities_are_never_resolved(tmp_path, seed_tei_bytes):
    """Saxon reads a TEI file itself only when it has no DOCTYPE; one with a DOCTYPE goes through lxml."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", "utf-8")
    doctype = f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'.encode()
    data = seed_tei_bytes.replace(b"<TEI ", doctype + b"<TEI ", 1).replace(b"</s>", b"&x;</s>", 1)
    path = tmp_path / f"{SEED_ID}.xml"
    path.write_bytes(data)
    out = tmp_path / "site"
    problems = HtmlRenderer(EditionConfig(), out).render_article(path)
    assert all("SECRET" not in p.msg for p in problems)
    assert all(b"SECRET" not in f.read_bytes() for f in out.rglob("*") if f.is_file() and f.parent.name != "tei")


# --- metadata for reference managers and crawlers (issue 16 §3) ------------------------------------

ZOTERO_ITEM_TYPES = {"newspaperArticle", "journalArticle", "magazineArticle", "webpage", "book", "bookSection"}


def zotero_item_type(tags: list[tuple[str, str]]) -> str:
    """The item type Zotero's "Embedded Metadata" translator picks, restated from reading its rules.

    A Highwire tag that names a container kind decides at once (journal title → journal article, …).
    Without one, the RDF statements decide, in this order of trust: PRISM's aggregation type, then
    OpenGraph's type when it is decisive, then the first DC.type (a Zotero item type name as such, or a
    known vocabulary word); citation_title only leaves a fallback guess of journal article.
    """
    decisive = {
        "citation_journal_title": "journalArticle",
        "citation_technical_report_institution": "report",
        "citation_conference_title": "conferencePaper",
        "citation_conference": "conferencePaper",
        "citation_book_title": "bookSection",
        "citation_inbook_title": "bookSection",
        "citation_dissertation_institution": "thesis",
    }
    for name, _ in tags:
        short = name[name.rfind("citation_") :] if "citation_" in name else ""
        if short in decisive:
            return decisive[short]
    values = {}
    for name, content in tags:
        values.setdefault(name.lower(), content)
    aggregation = {"newspaper": "newspaperArticle", "magazine": "magazineArticle", "journal": "journalArticle"}
    if values.get("prism.aggregationtype") in aggregation:
        return aggregation[values["prism.aggregationtype"]]
    og = {"website": "webpage", "book": "book", "video.movie": "videoRecording"}
    if values.get("og:type") in og:
        return og[values["og:type"]]
    dc_type = values.get("dc.type")
    if dc_type is not None:
        if dc_type in ZOTERO_ITEM_TYPES:
            return dc_type
        word = dc_type.lower().replace(" ", "")
        words = {"newsitem": "newspaperArticle", "article": "journalArticle", "journalarticle": "journalArticle"}
        if word in words:
            return words[word]
    return "journalArticle" if "citation_title" in values else "webpage"


def test_zotero_saves_a_newspaper_article(site):
    doc = page(site, SEED_ID)
    tags = [(m.get("name") or m.get("property") or "", m.get("content") or "") for m in doc.xpath("//head/meta")]
    assert zotero_item_type(tags) == "newspaperArticle"
    # the rule as restated does tell the old tags apart: with a journal title it was a journal article
    assert zotero_item_type([*tags, ("citation_journal_title", "People's Daily")]) == "journalArticle"
    names = {n for n, _ in tags}
    assert {"citation_title", "citation_firstpage", "citation_date", "prism.publicationName"} <= names
    description = next(c for n, c in tags if n == "DC.description")
    assert "English translation" in description and "在生产中同群众打成一片" in description


def test_json_ld_names_the_original_and_its_translation(site):
    import json

    doc = page(site, SEED_ID)
    (script,) = doc.xpath("//head/script[@type='application/ld+json']/text()")
    data = json.loads(script)
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "zh-Hans"
    assert data["headline"] == "在生产中同群众打成一片"
    assert data["datePublished"] == "1958-02-10" and data["pageStart"] == "5"
    assert data["isPartOf"]["@type"] == "PublicationIssue"
    assert data["isPartOf"]["isPartOf"] == {"@type": "Newspaper", "name": "人民日报", "alternateName": "People's Daily"}
    translation = data["workTranslation"]
    assert translation["inLanguage"] == "en" and translation["headline"] == "Integrating with the Masses in Production"
    assert translation["translationOfWork"] == {"@id": data["@id"]}
    assert [a["name"] for a in data["author"]] == ["静宇"]


def test_alternate_link_to_the_tei(site):
    doc = page(site, SEED_ID)
    assert doc.xpath("//head/link[@rel='alternate'][@type='application/tei+xml']/@href") == [f"../tei/{SEED_ID}.xml"]
