"""teiedit.pdfpost and the print edition's dates: which date a PDF gets, and the pass's small parts.

No FOP here (tests/test_render_pdf.py checks the rendered PDFs); these run wherever the package does.
"""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from teiedit.config import EditionConfig
from teiedit.pdfpost import _xmp_with_dates, canonical_lang, parse_tei_date, pdf_date, xmp_date
from teiedit.render_pdf import document_dates

UTC = dt.UTC


def _tei(header: str) -> etree._Element:
    return etree.fromstring(f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>{header}</teiHeader></TEI>')


CHANGES = (
    "<fileDesc><publicationStmt><date when='2020'/></publicationStmt></fileDesc>"
    "<revisionDesc><change when='2026-03-04T10:00:00+08:00'/><change when='2025'/><change when='bad'/></revisionDesc>"
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026", dt.datetime(2026, 1, 1, tzinfo=UTC)),
        ("1958-02", dt.datetime(1958, 2, 1, tzinfo=UTC)),
        ("1958-02-10", dt.datetime(1958, 2, 10, tzinfo=UTC)),
        ("2026-03-04T10:00:00+08:00", dt.datetime(2026, 3, 4, 2, 0, tzinfo=UTC)),
        ("2026-03-04T10:00Z", dt.datetime(2026, 3, 4, 10, 0, tzinfo=UTC)),
        ("2026-13-01", None),
        ("soon", None),
        ("", None),
    ],
)
def test_tei_dates(value: str, expected: dt.datetime | None) -> None:
    assert parse_tei_date(value) == expected


def test_the_tei_dates_its_pdf_whatever_source_date_epoch_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """Earliest change = created, latest = modified; SOURCE_DATE_EPOCH does not override the TEI."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    created, modified = document_dates(_tei(CHANGES), EditionConfig())
    assert (created, modified) == (dt.datetime(2025, 1, 1, tzinfo=UTC), dt.datetime(2026, 3, 4, 2, 0, tzinfo=UTC))
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert document_dates(_tei(CHANGES), EditionConfig()) == (created, modified)


def test_without_changes_the_publication_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    tei = _tei("<fileDesc><publicationStmt><date when='2020-05-06'/></publicationStmt></fileDesc>")
    assert document_dates(tei, EditionConfig()) == (dt.datetime(2020, 5, 6, tzinfo=UTC),) * 2


def test_a_tei_without_dates_falls_back_never_to_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    tei = _tei("<fileDesc/>")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert document_dates(tei, EditionConfig()) == (dt.datetime.fromtimestamp(1700000000, UTC),) * 2
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert document_dates(tei, EditionConfig(date="1999-12-31")) == (dt.datetime(1999, 12, 31, tzinfo=UTC),) * 2
    assert document_dates(tei, EditionConfig(date="someday")) == (dt.datetime(2000, 1, 1, tzinfo=UTC),) * 2


def test_date_strings_are_utc() -> None:
    when = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert pdf_date(when) == "D:20260304020000Z"
    assert xmp_date(when) == "2026-03-04T02:00:00Z"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("zh-HANS", "zh-Hans"), ("ZH-hans-cn", "zh-Hans-CN"), ("en", "en"), ("EN-us", "en-US"), ("es-419", "es-419")],
)
def test_language_tags_get_bcp47_case(tag: str, expected: str) -> None:
    assert canonical_lang(tag) == expected


def test_xmp_dates_are_set_and_added() -> None:
    """FOP writes CreateDate and MetadataDate but no ModifyDate: all three end up set, dc:date too, and
    the packet's processing instructions survive."""
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" rdf:about="">'
        "<dc:date><rdf:Seq><rdf:li>2099-01-01T00:00:00Z</rdf:li></rdf:Seq></dc:date></rdf:Description>"
        '<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" rdf:about="">'
        "<xmp:MetadataDate>2099-01-01T00:00:00Z</xmp:MetadataDate><xmp:CreateDate>2099-01-01T00:00:00Z</xmp:CreateDate>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()
    out = _xmp_with_dates(packet, dt.datetime(2025, 1, 1, tzinfo=UTC), dt.datetime(2026, 3, 4, tzinfo=UTC))
    assert out.startswith(b"<?xpacket begin=") and out.rstrip().endswith(b'<?xpacket end="w"?>')
    root = etree.fromstring(out)
    ns = {"xmp": "http://ns.adobe.com/xap/1.0/", "dc": "http://purl.org/dc/elements/1.1/"}
    assert root.xpath("string(//xmp:CreateDate)", namespaces=ns) == "2025-01-01T00:00:00Z"
    assert root.xpath("string(//xmp:ModifyDate)", namespaces=ns) == "2026-03-04T00:00:00Z"
    assert root.xpath("string(//xmp:MetadataDate)", namespaces=ns) == "2026-03-04T00:00:00Z"
    assert root.xpath("string(//dc:date//*)", namespaces=ns) == "2025-01-01T00:00:00Z"
    assert b"2099" not in out
