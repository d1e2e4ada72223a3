"""Small per-article metadata read from a TEI header: what index pages, search and deposit need.

Kept small on purpose: a build over hundreds of thousands of articles holds only these in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .xmlsafe import parse_file, safe_parser

__all__ = ["NS", "ArticleMeta", "meta_from_tree", "read_meta", "safe_parser"]  # safe_parser: re-exported

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@dataclass(frozen=True)
class ArticleMeta:
    id: str  # TEI/@xml:id, also the file stem of every output
    tei_name: str  # file name of the TEI document
    date: str  # ISO date of the newspaper issue
    page: str
    section: str
    column: str
    title_zh: str
    title_en: str
    authors_zh: tuple[str, ...]
    authors_en: tuple[str, ...]
    source_id: str

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.date, int(self.page) if self.page.isdigit() else 0, self.id)


def _text(tree: etree._Element, xpath: str) -> str:
    found = tree.xpath(xpath, namespaces=NS)
    if not found:
        return ""
    first = found[0]
    text = "".join(first.itertext()) if isinstance(first, etree._Element) else str(first)
    return " ".join(text.split())


def _author_name(author: etree._Element, lang: str) -> str:
    """The author's name in one language; an author without persName counts as Chinese (as printed)."""
    names = author.findall("t:persName", NS)
    if not names:
        return " ".join("".join(author.itertext()).split()) if lang == "zh-Hans" else ""
    return next(("".join(n.itertext()).strip() for n in names if n.get(XML_LANG) == lang), "")


def meta_from_tree(tree: etree._Element, tei_name: str) -> ArticleMeta:
    root = tree
    fd = "/t:TEI/t:teiHeader/t:fileDesc"
    monogr = f"{fd}/t:sourceDesc/t:biblStruct/t:monogr"
    authors = root.xpath(f"{fd}/t:titleStmt/t:author", namespaces=NS)
    return ArticleMeta(
        id=root.get(XML_ID) or Path(tei_name).stem,
        tei_name=tei_name,
        date=_text(root, f"{monogr}/t:imprint/t:date/@when"),
        page=_text(root, f"{monogr}/t:biblScope[@unit='page']/@from")
        or _text(root, f"{monogr}/t:biblScope[@unit='page']"),
        section=_text(root, f"{monogr}/t:biblScope[@unit='section']"),
        column=_text(root, f"{monogr}/t:biblScope[@unit='column']"),
        title_zh=_text(root, f"{fd}/t:titleStmt/t:title[@xml:lang='zh-Hans'][not(@type='sub')]"),
        title_en=_text(root, f"{fd}/t:titleStmt/t:title[@xml:lang='en'][not(@type='sub')]"),
        authors_zh=tuple(x for x in (_author_name(a, "zh-Hans") for a in authors) if x),
        authors_en=tuple(x for x in (_author_name(a, "en") for a in authors) if x),
        source_id=_text(root, f"{fd}/t:publicationStmt/t:idno[@type='source-id']"),
    )


def read_meta(path: Path) -> ArticleMeta:
    """Parse only what is needed; raises lxml.etree.XMLSyntaxError for a file that is not XML."""
    tree = parse_file(path)
    return meta_from_tree(tree.getroot(), path.name)
