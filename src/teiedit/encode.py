"""Writer: an `Article` and its alignment → a TEI P5 document (lxml tree, then deterministic bytes)."""

from __future__ import annotations

import hashlib
import re

from lxml import etree

from . import __version__
from .align import DocumentAlignment
from .config import EditionConfig
from .parse import Article

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
ZH, EN = "zh-Hans", "en"
SCHEMA_PIS = (
    'href="../schema/teiedit.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"',
    'href="../schema/teiedit.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"',
)
OUTPUT_DIGEST_TYPE = "teiedit-output-sha256"
_PLACEHOLDER = "0" * 64
_DIGEST_RE = re.compile(rb'(<idno type="' + OUTPUT_DIGEST_TYPE.encode() + rb'">)([0-9a-f]{64})(</idno>)')

NORMALIZATION = (
    "Line breaks and indentation of the source (ASCII and ideographic spaces) were removed; runs of white "
    "space inside an English paragraph were reduced to one space. No character of the text was changed."
)
SEGMENTATION = (
    "Each source line (Chinese) or blank-line-separated block (English) is a paragraph. A Chinese sentence "
    "ends after 。！？ and any closing quotation marks or brackets, and after an ellipsis (……) that closes "
    "quoted speech or stands outside quotation marks; ； does not end a sentence. An English sentence ends "
    "after . ! or ? (and an optional closing quotation mark or bracket, or a straight closing quotation mark "
    "set off by a space), or after a dash that breaks off quoted speech, when white space and an upper-case "
    "letter, digit or opening quotation mark follow, except after common abbreviations (Mr. Dr. St. U.S. "
    "e.g. i.e. etc. vs., abbreviated months; No. before a number) and single initials other than I. A "
    "paragraph end always ends a sentence."
)
ALIGNMENT = (
    "Sentences were aligned automatically over the whole article by a dynamic program (after Gale and "
    "Church 1993 and Moore 2002) whose beads join zero to five Chinese with zero to five English sentences, "
    "each shape with a prior probability. A bead is scored by the agreement of its lengths (the article's own "
    "ratio and variance of English to Chinese characters), by anchors both versions share or do not share "
    "(numbers in any written form, words in Latin script, question marks, quoted titles, list markers), by "
    "a Chinese-English word-association table learned without outside data from confident sentence pairs of "
    "the corpus being converted (plus a user-supplied dictionary, if any), and by paragraph boundaries both "
    "versions share. Each link's @type gives the bead's shape and @cert its posterior probability under "
    "this model (forward-backward over all alignments of the article, calibrated on hand-aligned "
    "translations). Links of low certainty should be checked by hand (teiedit align-report). Each "
    "translation paragraph points at the original paragraph(s) its sentences are aligned with (@corresp)."
)


def E(tag: str, *children: etree._Element | str | None, **attrs: str) -> etree._Element:
    """Build a TEI element; `lang` and `id` keyword arguments become xml:lang and xml:id."""
    el = etree.Element(f"{{{TEI_NS}}}{tag}", nsmap={None: TEI_NS})
    for key, value in attrs.items():
        if value is None or value == "":
            continue
        name = {"lang": XML_LANG, "id": XML_ID}.get(key, key.rstrip("_"))
        el.set(name, value)
    last: etree._Element | None = None
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            if last is None:
                el.text = (el.text or "") + child
            else:
                last.tail = (last.tail or "") + child
        else:
            el.append(child)
            last = child
    return el


def document_id(article: Article) -> str:
    page = f"p{int(article.page):02d}" if article.page.isdigit() else "p00"
    return f"rmrb-{article.date}-{page}-{article.source_id}"


def para_id(lang: str, p: int) -> str:
    return f"{lang}-p{p + 1}"


def sentence_id(lang: str, p: int, s: int) -> str:
    return f"{lang}-p{p + 1}-s{s + 1}"


def _zh_date(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


def _authors(article: Article) -> list[etree._Element]:
    zh, en = article.authors_zh, article.authors_en
    n = max(len(zh), len(en))
    out = []
    for k in range(n):
        names = []
        if k < len(zh):
            names.append(E("persName", zh[k], lang=ZH))
        if k < len(en) and (len(zh) == len(en) or not zh):
            names.append(E("persName", en[k], lang=EN))
        out.append(E("author", *names))
    return out


def _header(article: Article, config: EditionConfig, notes: list[str]) -> etree._Element:
    title_stmt = E(
        "titleStmt",
        E("title", article.title_zh, type="main", lang=ZH),
        *[E("title", sub, type="sub", lang=ZH) for sub in article.subtitles_zh],
        E("title", article.title_en, type="main", lang=EN),
        *[E("title", sub, type="sub", lang=EN) for sub in article.subtitles_en],
        *_authors(article),
        E("respStmt", E("resp", config.translation_resp), E("name", config.translator)),
        E("respStmt", E("resp", config.encoding_resp), E("name", config.encoder)),
    )
    publication = E(
        "publicationStmt",
        E("publisher", config.publisher),
        E("pubPlace", config.pub_place) if config.pub_place else None,
        E("availability", E("licence", config.licence, target=config.licence_url)),
        E("idno", article.source_id, type="source-id"),
        E("idno", document_id(article), type="teiedit"),
        E("date", config.date, when=config.date if re.fullmatch(r"\d{4}(-\d\d){0,2}", config.date) else None),
    )
    series = E(
        "seriesStmt",
        E("title", config.title, level="s", lang=EN),
        E("title", config.title_zh, level="s", lang=ZH) if config.title_zh else None,
        *[E("editor", name) for name in config.editors],
    )
    notes_stmt = E("notesStmt", *[E("note", n, type="conversion") for n in notes]) if notes else None
    imprint = E(
        "imprint",
        E("pubPlace", config.newspaper_place, lang=ZH) if config.newspaper_place else None,
        E("date", _zh_date(article.date), when=article.date, lang=ZH),
    )
    monogr = E(
        "monogr",
        E("title", config.newspaper_zh, level="j", lang=ZH),
        E("title", config.newspaper_en, level="j", lang=EN),
        imprint,
        E("biblScope", article.page, unit="page", from_=article.page, to=article.page) if article.page else None,
        E("biblScope", article.section, unit="section", lang=ZH) if article.section else None,
        E("biblScope", article.column, unit="column", lang=ZH) if article.column else None,
    )
    analytic = E(
        "analytic",
        E("title", article.title_zh, level="a", lang=ZH),
        *[E("title", sub, level="a", type="sub", lang=ZH) for sub in article.subtitles_zh],
        *[E("author", name, lang=ZH) for name in article.authors_zh],
    )
    file_desc = E(
        "fileDesc",
        title_stmt,
        publication,
        series,
        notes_stmt,
        E("sourceDesc", E("biblStruct", analytic, monogr)),
    )
    encoding = E(
        "encodingDesc",
        E(
            "appInfo",
            E("application", E("label", "teiedit"), ident="teiedit", version=__version__, id="teiedit"),
        ),
        E(
            "editorialDecl",
            E("normalization", E("p", NORMALIZATION)),
            E("segmentation", E("p", SEGMENTATION)),
            E("interpretation", E("p", ALIGNMENT)),
        ),
    )
    profile = E(
        "profileDesc",
        E(
            "langUsage",
            E("language", "Chinese (simplified script), the original", ident=ZH),
            E("language", "English, the translation", ident=EN),
        ),
    )
    change = E(
        "change",
        "Converted from the source file ",
        E("name", article.source_name, type="file"),
        " (SHA-256 ",
        E("idno", article.sha256, type="source-sha256"),
        f") by teiedit {__version__}. Digest of the file as written, used to detect later hand edits: ",
        E("idno", _PLACEHOLDER, type=OUTPUT_DIGEST_TYPE),
        ".",
        type="conversion",
        who="#teiedit",
    )
    return E("teiHeader", file_desc, encoding, profile, E("revisionDesc", change))


GAP_TYPE = "alignment-gap"  # anchor/@type of the place a sentence of the other version is missing


def _division(
    article: Article,
    lang: str,
    paragraphs: list[list[str]],
    corresp: dict[int, list[int]],
    gaps: dict[tuple[int, int], list[str]],
) -> etree._Element:
    zh = lang == ZH
    short = "zh" if zh else "en"
    title = article.title_zh if zh else article.title_en
    subtitles = article.subtitles_zh if zh else article.subtitles_en
    authors = article.authors_zh if zh else article.authors_en
    sep = "、" if zh else ", "
    byline = None
    if authors:
        parts: list[etree._Element | str] = []
        for k, name in enumerate(authors):
            if k:
                parts.append(sep)
            parts.append(E("docAuthor", name))
        byline = E("byline", *parts)
    div = E(
        "div",
        E("head", title),
        *[E("head", sub, type="sub") for sub in subtitles],
        byline,
        type="original" if zh else "translation",
        lang=lang,
        id=short,
        corresp=None if zh else "#zh",
    )
    for p, sentences in enumerate(paragraphs):
        targets = " ".join(f"#{para_id('zh', q)}" for q in corresp.get(p, []))
        children = [E("anchor", id=a, type=GAP_TYPE) for a in gaps.get((p, -1), [])]
        for s, text in enumerate(sentences):
            children.append(E("s", text, id=sentence_id(short, p, s)))
            children += [E("anchor", id=a, type=GAP_TYPE) for a in gaps.get((p, s), [])]
        div.append(E("p", *children, id=para_id(short, p), corresp=targets or None))
    return div


def alignment_gaps(
    alignment: DocumentAlignment, zh: list[list[str]], en: list[list[str]]
) -> tuple[dict[str, dict[tuple[int, int], list[str]]], dict[int, str]]:
    """Where the sentences of a 1-0 or 0-1 bead are missing from the other version.

    TEI's link needs two targets or more, and a reader wants to see where a translation left a sentence
    out, so the empty side of such a bead gets an `anchor` at that place: after the last sentence of that
    side aligned so far (or before its first sentence). Its id names what it stands for:
    `en-gap-zh-p3-s2` is where zh-p3-s2 would be in the English. Returns ({side: {(paragraph, after
    sentence, -1 = before the first): [anchor ids]}}, {bead index: anchor id})."""
    gaps: dict[str, dict[tuple[int, int], list[str]]] = {"zh": {}, "en": {}}
    bead_gap: dict[int, str] = {}
    first = {
        side: next(((p, -1) for p, sents in enumerate(paras) if sents), (0, -1))
        for side, paras in (("zh", zh), ("en", en))
    }
    last: dict[str, tuple[int, int] | None] = {"zh": None, "en": None}
    for k, bead in enumerate(alignment.sentences):
        for side, mine, other, other_side in (("zh", bead.zh, bead.en, "en"), ("en", bead.en, bead.zh, "zh")):
            if not mine and other:
                anchor = f"{side}-gap-{sentence_id(other_side, *other[0])}"
                gaps[side].setdefault(last[side] or first[side], []).append(anchor)
                bead_gap[k] = anchor
        for side, mine in (("zh", bead.zh), ("en", bead.en)):
            if mine:
                last[side] = max(mine)
    return gaps, bead_gap


def encode_tei(
    article: Article,
    zh: list[list[str]],
    en: list[list[str]],
    alignment: DocumentAlignment,
    config: EditionConfig,
) -> etree._Element:
    """The whole TEI document as an lxml tree (without the output digest filled in)."""
    corresp: dict[int, list[int]] = {}
    for bead in alignment.paragraphs:
        for q in bead.en:
            corresp.setdefault(q, []).extend(bead.zh)
    gaps, bead_gap = alignment_gaps(alignment, zh, en)
    links = []
    for k, bead in enumerate(alignment.sentences):
        targets = [f"#{sentence_id('zh', p, s)}" for p, s in bead.zh]
        targets += [f"#{sentence_id('en', p, s)}" for p, s in bead.en]
        if k in bead_gap:  # the place of the missing sentences, on the side that has none
            targets.insert(0 if not bead.zh else len(targets), f"#{bead_gap[k]}")
        links.append(E("link", type=bead.kind, cert=f"{bead.cert:.2f}", target=" ".join(targets)))
    body = E("body", _division(article, ZH, zh, {}, gaps["zh"]), _division(article, EN, en, corresp, gaps["en"]))
    tei = E(
        "TEI",
        _header(article, config, list(article.notes)),
        E("text", body),
        E("standOff", E("linkGrp", *links, type="alignment", id="alignment")),
        id=document_id(article),
        lang=EN,
    )
    return tei


def serialize_tei(tei: etree._Element) -> bytes:
    """Deterministic, indented UTF-8 bytes with the xml-model PIs and the output digest filled in."""
    etree.indent(tei, space="  ")
    body = etree.tostring(tei, encoding="unicode")
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(f"<?xml-model {pi}?>\n" for pi in SCHEMA_PIS)
    data = (head + body + "\n").encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    return _DIGEST_RE.sub(lambda m: m.group(1) + digest.encode() + m.group(3), data, count=1)


def recorded_digest(data: bytes) -> str | None:
    m = _DIGEST_RE.search(data)
    return m.group(2).decode() if m else None


def is_hand_edited(data: bytes) -> bool:
    """True when the bytes are not exactly what teiedit wrote (or carry no digest of teiedit's)."""
    recorded = recorded_digest(data)
    if recorded is None:
        return True
    blank = _DIGEST_RE.sub(lambda m: m.group(1) + _PLACEHOLDER.encode() + m.group(3), data, count=1)
    return hashlib.sha256(blank).hexdigest() != recorded
