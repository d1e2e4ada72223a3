"""The reading text of a passage, in Python: the twin of `xslt/common/reading.xsl` (`tr:reading-text`).

The search indexer works on lxml trees outside Saxon, so it needs the same answer without XSLT;
tests/test_reading.py holds the two to the same output on every sentence of the test TEI. The rules
(see the stylesheet): a `choice` gives the reading the edition shows (corr, reg, expan; else its first
child), never both; notes, gaps, deletions and anchors give nothing; white space is collapsed, none is
left between Chinese characters or before punctuation, and a punctuation mark doubled by what was left
out is written once. `original_text` is the other reading (sic, orig, abbr), which search also finds.
"""

from __future__ import annotations

import re

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"
SILENT = {f"{TEI}{n}" for n in ("note", "gap", "del", "anchor", "figDesc")}
SHOWN = (f"{TEI}corr", f"{TEI}reg", f"{TEI}expan")
BREAKS = {f"{TEI}lb", f"{TEI}pb"}

_CJK = "[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_GLUE = re.compile(f"({_CJK})\\s+({_CJK})")
_SPACE_BEFORE = re.compile("\\s+([,.;:!?\u3002\uff0c\u3001\uff1b\uff1a\uff01\uff1f\uff09\u300d\u300f\u300b\u201d\u2019])")
_DOUBLED = re.compile("([,;:\u3002\uff0c\u3001\uff1b\uff1a])\\1+")
_XML_SPACE = re.compile("[ \t\r\n]+")  # what XPath's normalize-space() collapses (not U+3000)


def normalise(text: str) -> str:
    """`tr:normalise`: the same patterns in the same order (two passes of the glue, as in XPath)."""
    text = _XML_SPACE.sub(" ", text).strip(" ")
    text = _GLUE.sub(r"\1\2", _GLUE.sub(r"\1\2", text))
    text = _SPACE_BEFORE.sub(r"\1", text)
    return _DOUBLED.sub(r"\1", text)


def _choose(choice: etree._Element, shown: bool) -> etree._Element | None:
    children = [c for c in choice if isinstance(c.tag, str)]
    picked = next((c for c in children if c.tag in SHOWN), None)
    if shown:
        return picked if picked is not None else (children[0] if children else None)
    others = [c for c in children if c is not (picked if picked is not None else children[0])]
    return others[0] if others else None


def _walk(el: etree._Element, parts: list[str], shown: bool) -> None:
    if el.tag in SILENT or not isinstance(el.tag, str):
        return
    if el.tag in BREAKS:
        if el.get("break") != "no":
            parts.append(" ")
        return
    if el.tag == f"{TEI}choice":
        child = _choose(el, shown)
        if child is not None:
            _walk(child, parts, shown)
        return
    if el.text:
        parts.append(el.text)
    for child in el:
        _walk(child, parts, shown)
        if child.tail:
            parts.append(child.tail)


def _text(el: etree._Element, shown: bool) -> str:
    parts: list[str] = []
    if el.tag == f"{TEI}note":  # a note asked for itself: its own text (inside a passage it is left out)
        parts.append(el.text or "")
        for child in el:
            _walk(child, parts, shown)
            parts.append(child.tail or "")
    else:
        _walk(el, parts, shown)
    return normalise("".join(parts))


def reading_text(el: etree._Element) -> str:
    """What the edition shows of `el`, as plain text (`tr:reading-text`)."""
    return _text(el, shown=True)


def original_text(el: etree._Element) -> str:
    """The same passage with each `choice`'s other reading (sic, orig, abbr): what search also finds."""
    return _text(el, shown=False)
