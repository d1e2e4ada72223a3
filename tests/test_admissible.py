"""Every admissible document through every output (issue 14): the generator's documents (tests/admissible.py)
are valid, and validate, HTML, the print FO and PDF volume, Dublin Core, the deposit, the search index and
align-report take each without an exception, without an empty credit, without losing text."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).parent))
import admissible
from conftest import NS, SAFE_PARSER

DC = {"dc": "http://purl.org/dc/elements/1.1/"}
_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, admissible.Variant]]:
    folder = tmp_path_factory.mktemp("admissible")
    out = []
    for v in admissible.variants(seed=14, count=6):
        path = folder / f"{v.name}.xml"
        path.write_bytes(v.bytes())
        out.append((path, v))
    return out


def test_generator_is_deterministic():
    a = [v.bytes() for v in admissible.variants(seed=3, count=3)]
    b = [v.bytes() for v in admissible.variants(seed=3, count=3)]
    assert a == b
    assert len(set(a)) == 3


def test_generated_documents_are_valid(docs, tei_all):
    from teiedit.validate import Validator

    validator = Validator()
    for path, _ in docs:
        assert validator.validate_file(path) == [], path
        assert tei_all.validate(etree.parse(str(path), SAFE_PARSER)), (path, tei_all.error_log)


def test_generated_documents_cover_the_shapes(docs):
    trees = [etree.parse(str(p), SAFE_PARSER) for p, _ in docs]
    tags = {etree.QName(e).localname for t in trees for e in t.iter() if isinstance(e.tag, str)}
    assert {"rs", "persName", "orgName", "listPerson", "listBibl", "note", "hi", "editor", "anchor"} <= tags
    assert {v.authors for _, v in docs} >= {0, 1, 2}
    # a standOff list before the alignment linkGrp, and a second linkGrp
    assert any(t.xpath("//t:standOff/t:linkGrp[@type='alignment']/preceding-sibling::*", namespaces=NS) for t in trees)
    assert any(t.xpath("count(//t:standOff/t:linkGrp) > 1", namespaces=NS) for t in trees)
    assert any(t.xpath("//t:titleStmt/t:respStmt[count(t:name | t:persName | t:orgName) > 1]", namespaces=NS) for t in trees)


def test_dublin_core_names_every_credit(docs):
    """The first crash of the issue: a second name in a respStmt killed dc.xsl (XPTY0004); a persName
    or orgName printed an empty contributor."""
    from teiedit.deposit import DublinCore

    dc = DublinCore()
    for path, v in docs:
        record = etree.fromstring(dc.record(path), SAFE_PARSER)
        contributors = [_norm(c.text or "") for c in record.iterfind("dc:contributor", DC)]
        named = [(role, names) for role, names in v.credits if names]  # an unknown translator is no contributor
        assert len(contributors) == len(named)
        assert all("not recorded" not in c for c in contributors)
        for (role, names), text in zip(named, contributors, strict=True):
            assert names and all(n in text for n in names), (text, names)
            assert role in text
        assert all(_norm(c.text or "") for c in record)  # no empty field
        creators = record.findall("dc:creator", DC)
        assert len(creators) == 2 * v.authors if v.authors else not creators  # each author in both languages


def test_html_edition_line_and_text(docs, tmp_path):
    from teiedit.config import EditionConfig
    from teiedit.render_html import HtmlRenderer

    renderer = HtmlRenderer(EditionConfig(), tmp_path, link_pdf=False)
    for path, v in docs:  # every variant keeps the seed's id: each page is read before the next is written
        assert renderer.render_article(path) == []
        html = etree.parse(str(next((tmp_path / "articles").glob("*.html"))), etree.HTMLParser())
        edition = html.xpath("//dt[normalize-space() = 'Edition' or .//*[normalize-space() = 'Edition']]/following-sibling::dd[1]")
        assert edition, v.name
        line = _norm("".join(edition[0].itertext()))
        for role, names in v.credits:
            assert role in line and all(n in line for n in names), (line, names)
            assert names or f"{role}: translator not recorded" in line
        # the citation names every contributor; "Translated by" only for a translator who is known
        cite = _norm("".join(html.xpath("//*[@id='ed-cite-text']")[0].itertext()))
        for role, names in v.credits:
            assert all(n in cite for n in names), (cite, names)
            if names and re.match(r"(\w+ )?translat", role, re.I):
                assert f"Translated by {' and '.join(names)}." in cite, cite
            elif names:
                assert role in cite and f" by {names[0]}" in cite, cite
        translated = any(names for role, names in v.credits if re.match(r"(\w+ )?translat", role, re.I))
        assert ("Translated by" in cite) == translated and "not recorded" not in cite, cite
        page = _norm(" ".join(html.getroot().itertext()))
        tree = etree.parse(str(path), SAFE_PARSER)
        for s in tree.iterfind(".//t:body//t:s", NS):
            for piece in s.xpath(".//text()[not(ancestor::t:note)]", namespaces=NS):
                assert _norm(piece) in page, (v.name, piece)


def test_search_index_and_align_report_take_every_document(docs):
    from teiedit.alignreport import review_file
    from teiedit.search import read_article_text

    for path, v in docs:
        art = read_article_text(path)
        indexed = " ".join(" ".join(map(str, row[1:])) for lang in art.blocks for _, sents in art.blocks[lang] for row in sents)
        tree = etree.parse(str(path), SAFE_PARSER)
        for s in tree.iterfind(".//t:body//t:s", NS):
            first = _norm(s.text or "")[:6]
            assert first in indexed, (v.name, first)
        beads, problems = review_file(path, 0.5)
        assert problems == []
        if v.name.endswith(("1", "3", "5")):  # the 1-0 / 0-1 split: reported as one region of two beads
            pair = [b for b in beads if b.kind in ("1-0", "0-1")]
            assert len(pair) == 2 and pair[0].region == pair[1].region and pair[0].region_size >= 2
            assert "merge to 1-1" in pair[0].fix


def test_deposit_takes_every_document(docs, tmp_path):
    from teiedit.config import EditionConfig
    from teiedit.deposit import make_deposit

    tei_files = [p for p, _ in docs]
    out = tmp_path / "bag"
    problems = make_deposit(EditionConfig(), tei_files, out, html_dir=tmp_path / "none", pdf_dir=tmp_path / "none",
                            schema=[], sources=[admissible.ROOT / "seeds"], date="2026-01-01")  # fmt: skip
    assert [p for p in problems if p.level.name == "ERROR"] == []
    assert sorted(p.name for p in (out / "data" / "dc").glob("*.xml")) == sorted(p.name for p in tei_files)
    # every variant is the seed article's TEI: they share its one source file
    assert [p.name for p in (out / "data" / "sources").iterdir()] == ["000_3fc300c7573022ed.txt"]


def test_a_failing_dublin_core_record_is_that_files_problem(docs, tmp_path, monkeypatch):
    """A Saxon error on one document becomes that document's Problem; the others are still tried."""
    import teiedit.deposit as dep
    from teiedit.config import EditionConfig

    broken = tmp_path / "broken.xsl"
    broken.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
        'xmlns:t="http://www.tei-c.org/ns/1.0"><xsl:template match="/">'
        '<x><xsl:value-of select="normalize-space(//t:respStmt/t:resp)"/></x></xsl:template></xsl:stylesheet>',
        "utf-8",
    )
    real = dep.DublinCore
    monkeypatch.setattr(dep, "DublinCore", lambda: real(broken))
    problems = dep.make_deposit(EditionConfig(), [p for p, _ in docs], tmp_path / "bag", html_dir=tmp_path,
                                pdf_dir=tmp_path / "none", schema=[], date="2026-01-01")  # fmt: skip
    failed = [p for p in problems if p.code == "dc-failed"]
    assert sorted(Path(p.path).name for p in failed) == sorted(p.name for p, _ in docs)
    assert all(p.msg.startswith("Dublin Core record failed: ") and len(p.msg) > 30 for p in failed), failed
    assert any(p.code == "deposit-refused" for p in problems)
    assert not (tmp_path / "bag").exists()


def test_print_colophon_names_every_credit_and_the_volume_builds(docs, tmp_path):
    from test_render_pdf import _missing_environment

    reason = _missing_environment()
    if reason:
        pytest.skip(reason)
    from teiedit.config import EditionConfig
    from teiedit.render_pdf import PdfRenderer

    renderer = PdfRenderer(EditionConfig(), tmp_path / "pdf", font_cache=admissible.ROOT / "build" / "fonts")
    try:
        for path, v in docs:
            fo, problems = renderer.article_fo(path)
            assert fo is not None and not [p for p in problems if p.level.name == "ERROR"], problems
            text = _norm(" ".join(etree.fromstring(fo, SAFE_PARSER).itertext()))
            colophon = text[text.index("Colophon"):]
            for role, names in v.credits:
                assert role in colophon and all(n in colophon for n in names), (v.name, names)
            nospace = text.replace(" ", "")  # the print may break lines (and so spaces) anywhere
            tree = etree.parse(str(path), SAFE_PARSER)
            for s in tree.iterfind(".//t:body//t:s", NS):  # no text lost on the page either
                for piece in s.xpath(".//text()[not(ancestor::t:note)]", namespaces=NS):
                    assert _norm(piece).replace(" ", "") in nospace, (v.name, piece)
        # and in the PDF itself, as a reader copies it out (pdftotext): a known translator, several names
        import subprocess

        path, v = docs[2]
        assert not [p for p in renderer.render_article(path) if p.level.name == "ERROR"]
        pdf = next((tmp_path / "pdf").glob("*.pdf"))
        text = _norm(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                                    check=True).stdout)  # fmt: skip
        colophon = text[text.index("Colophon"):]
        for role, names in v.credits:
            assert role in colophon and all(n in colophon for n in names), (colophon, names)
        problems = renderer.render_volume([p for p, _ in docs[:2]], tmp_path / "volume.pdf")
        assert not [p for p in problems if p.level.name == "ERROR"], problems
        assert (tmp_path / "volume.pdf").read_bytes().startswith(b"%PDF")
    finally:
        renderer.close()
