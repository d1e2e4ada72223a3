"""The reading text (issue 16 §2): xslt/common/reading.xsl and its Python twin give the same answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from teiedit.fsutil import data_dir
from teiedit.meta import NS, safe_parser
from teiedit.reading import normalise, original_text, reading_text

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SAMPLES = sorted(
    [
        HERE / "data" / "html" / "scholar_edited.xml",
        HERE / "data" / "print" / "editorial.xml",
        *(HERE / "data" / "edited").glob("*.xml"),
        *(REPO / "tei").glob("*.xml"),
    ]
)
UNITS = "//t:body//t:s | //t:body/t:div/t:head | //t:body//t:note | //t:body//t:p[not(t:s)]"
PROBE = f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0" xmlns:tr="urn:teiedit:reading" exclude-result-prefixes="#all">
  <xsl:include href="{(data_dir("xslt") / "common" / "reading.xsl").as_uri()}"/>
  <xsl:output method="xml" encoding="UTF-8"/>
  <xsl:template match="/">
    <out><xsl:for-each select="{UNITS.replace("t:", "tei:")}"><r><xsl:value-of select="tr:reading-text(.)"/></r></xsl:for-each></out>
  </xsl:template>
</xsl:stylesheet>"""


@pytest.fixture(scope="module")
def probe() -> object:
    from saxonche import PySaxonProcessor

    proc = PySaxonProcessor(license=False)
    exe = proc.new_xslt30_processor().compile_stylesheet(stylesheet_text=PROBE)
    return proc, exe


def test_the_samples_exist() -> None:
    assert len(SAMPLES) >= 4


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_xslt_and_python_agree_on_every_passage(probe: tuple, path: Path) -> None:
    proc, exe = probe
    out = exe.transform_to_string(xdm_node=proc.parse_xml(xml_file_name=str(path)))
    xslt = [r.text or "" for r in etree.fromstring(out.encode("utf-8")).iter("r")]
    root = etree.parse(str(path), safe_parser()).getroot()
    python = [reading_text(u) for u in root.xpath(UNITS, namespaces=NS)]
    assert xslt == python


def test_choice_notes_and_signs_in_the_scholar_fixture() -> None:
    root = etree.parse(str(HERE / "data" / "html" / "scholar_edited.xml"), safe_parser()).getroot()

    def s(i: str) -> etree._Element:
        return root.xpath("//t:s[@xml:id=$i]", namespaces=NS, i=i)[0]

    assert reading_text(s("zh-p1-s1")) == "毛泽东同志在北京讲话。"  # the note's text is not quoted
    assert reading_text(s("zh-p1-s2")) == "这是正字，那是旧字。"  # the shown readings only
    assert original_text(s("zh-p1-s2")) == "这是错字，那是舊字。"
    assert reading_text(s("en-p2-s1")) == "This is a correct character, that an old one."
    assert "[…]" not in reading_text(s("zh-p2-s1"))  # no editorial signs
    assert "去" not in reading_text(s("zh-p2-s2"))  # deleted text is not read
    note = root.xpath("//t:s[@xml:id='zh-p1-s1']/t:note", namespaces=NS)[0]
    assert reading_text(note) == "讲话日期不详。"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("苦闷却增加了 。", "苦闷却增加了。"),
        ("下了班 。 下 了 班", "下了班。下了班"),
        ("on strike ,, and then ; ; home .", "on strike, and then; home."),
        ("The end...", "The end..."),
        ("说：“好。”", "说：“好。”"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected
