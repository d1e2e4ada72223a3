"""Sentence segmentation for Chinese and English paragraphs.

The rules are deliberately simple and documented in the TEI's editorialDecl, so that a scholar can
predict where a boundary falls and correct it by hand.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .parse import Article

ZH_END = "。！？!?"
ZH_CLOSE = "”’」』）》)\"'"
_ZH_SENT = re.compile(rf"[^{ZH_END}]*(?:[{ZH_END}]+[{re.escape(ZH_CLOSE)}]*|$)")
# An ellipsis (…… or ⋯⋯) ends a sentence when a closing quote follows it, or an opening quote or a
# Chinese character follows it outside quotation marks (inside them it is a pause in speech).
_ZH_ELLIPSIS = re.compile(rf"[…⋯]+(?:[{re.escape(ZH_CLOSE)}]+|(?=[“「『\u3400-\u9fff]))")

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st no nos vs etc e.g i.e u.s u.k u.n u.s.s.r jr sr gen col lt capt gov rev
    jan feb mar apr jun jul aug sep sept oct nov dec fig vol pp p cf approx inc co ltd corp""".split()
)
# End marks: . ! ? with closing quotes/brackets attached, or a straight closing quote set off by a space
# ("me. " That": an opening quote is never followed by a space), or a dash that breaks off quoted
# speech (—' or —"), then white space and a capital, digit or opening quote.
_EN_BOUNDARY = re.compile(r"""((?:[.!?]+["'”’)\]]*|[—–]["'”’]+)(?:\s+["”'’]+(?=\s))?)(\s+)(?=["'“‘(\[]?[A-Z0-9])""")
_ONLY_BEFORE_DIGIT = frozenset({"no", "nos"})  # "No. 2" but "No. Since …"
# Abbreviations that stand before what they qualify (a name, an example) never end a sentence; the others
# (U.S., Inc., etc., Jan., St. …) end one when the next word is one that opens sentences and is never
# part of a name: "shown in the U.S. That material …" but "the U.S. Postal Service".
_BEFORE_NAME = frozenset("mr mrs ms dr prof gen col lt capt gov rev e.g i.e vs cf".split())
SENTENCE_OPENERS = frozenset(
    """the this that these those it its he she his her they their we our you i but and yet so or if when
    while after before since although though because as in on at for with by from there here what who how
    why where some many most such now then still also however meanwhile each every both""".split()
)
_FIRST_WORD = re.compile(r"[\"'“‘(\[]?([A-Za-z]+)\b")
_LAST_WORD = re.compile(r"(\S+)$")


def split_zh_sentences(text: str) -> list[str]:
    """Split after 。！？ and any closing quotes or brackets, and after an ellipsis that ends speech or
    stands outside quotation marks; never on ；."""
    out: list[str] = []
    for m in _ZH_SENT.finditer(text):
        if m.group(0):
            out.extend(_split_ellipses(m.group(0)))
    return _glue_blank(out)


def _split_ellipses(sentence: str) -> list[str]:
    out, start = [], 0
    for m in _ZH_ELLIPSIS.finditer(sentence):
        end = m.end()
        if end >= len(sentence):
            break
        closed = m.group(0)[-1] in ZH_CLOSE
        depth = sentence.count("“", 0, m.start()) - sentence.count("”", 0, m.start())
        if closed or depth <= 0:
            out.append(sentence[start:end])
            start = end
    out.append(sentence[start:])
    return out


def split_en_sentences(text: str) -> list[str]:
    """Split after . ! ? (+ closing quote/bracket) when white space and a capital, digit or opening quote follow."""
    out: list[str] = []
    start = 0
    for m in _EN_BOUNDARY.finditer(text):
        end = m.end(1)
        if m.group(1) == "." and _is_abbreviation(text[start : m.start(1)], text[m.end(2) : m.end(2) + 12]):
            continue
        out.append(text[start:end])
        start = m.end(2)
    out.append(text[start:])
    return _glue_blank(out)


def _is_abbreviation(before: str, after: str) -> bool:
    """Whether the full stop ending `before` ends an abbreviation that does not end the sentence, given
    the start of the text `after` it."""
    m = _LAST_WORD.search(before)
    if not m:
        return False
    word = m.group(1).lstrip("\"'“‘([").lower()
    if word in _ONLY_BEFORE_DIGIT:
        return after[:1].isdigit()
    if word in ABBREVIATIONS:
        if word in _BEFORE_NAME:
            return True
        opener = _FIRST_WORD.match(after)
        return not (opener and opener.group(1).lower() in SENTENCE_OPENERS and opener.group(1)[0].isupper())
    # single capital initials such as "James A. Coffey" are not sentence ends either; the pronoun "I" is
    # far more often a sentence end ("and so was I.") than a middle initial
    return len(word) == 1 and word.isalpha() and m.group(1)[-1:] != "I"


def _glue_blank(parts: list[str]) -> list[str]:
    """Attach punctuation-only fragments to the sentence before them; drop white-space-only ones."""
    out: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not any(ch.isalnum() for ch in part):
            out[-1] += part
        else:
            out.append(part)
    return out


def split_article(article: Article) -> tuple[list[list[str]], list[list[str]]]:
    """Both versions of an article as paragraphs of sentences: (Chinese, English)."""
    return [split_zh_sentences(p.text) for p in article.zh], [split_en_sentences(p.text) for p in article.en]
