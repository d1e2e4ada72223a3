"""Writer: an `Article` and its alignment → a TEI P5 document (lxml tree, then deterministic bytes)."""

from __future__ import annotations

import hashlib
import re

from lxml import etree

from . import __version__
from .beads import DocumentAlignment
from .config import EditionConfig
from .parse import Article
from .schemaloc import SCHEMA_DIR, SCHEMA_PIS, blank_locations, relocate_schemas

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
ZH, EN = "zh-Hans", "en"
OUTPUT_DIGEST_TYPE = "teiedit-output-sha256"
MACHINE_RESP = "#teiedit"  # link/@resp of every link the aligner made (the shared convention)
CERT_CAP = 0.99  # no model is certain: a machine link's @cert never claims more
_PLACEHOLDER = "0" * 64
_DIGEST_RE = re.compile(rb'(<idno type="' + OUTPUT_DIGEST_TYPE.encode() + rb'">)([0-9a-f]{64})(</idno>)')

NORMALIZATION = (
    "Chinese: each paragraph is one line of the source without its indentation (ASCII or ideographic "
    "spaces) and trailing white space; every other character is kept as it is, and nothing is added: the "
    "Chinese division holds no white-space text between its elements (line breaks of the file fall inside "
    "the tags), so its text, read in document order, is exactly the source's. English: each paragraph is a "
    "blank-line-separated block of the source without its indentation, its line breaks and runs of white "
    "space reduced to one space; the white space between two sentences (a line break and indentation in "
    "the file) stands for that one space. Titles, subtitles and authors are those of the source's header "
    "lines, trimmed likewise. No character is corrected, regularised or expanded, and no Unicode "
    "normalisation is applied."
)
GAPS = (
    "A sentence of one version that the other leaves out (a 1-0 or 0-1 link) is aligned with an empty "
    "anchor of type alignment-gap in the other version, placed after the last sentence of that version "
    "aligned before it (or before its first sentence); the anchor's id names the sentence it stands for "
    "(en-gap-zh-p3-s2 is where zh-p3-s2 would be in the English). So every link has two targets."
)
LINKS = (
    "standOff/linkGrp[@type='alignment'] (domains: the Chinese then the English division) holds one link per "
    "sentence bead, in text order. Its @target lists the Chinese sentences (or gap anchor) first, then the "
    "English ones; @type is the bead's shape (Chinese count-English count: 1-1, 2-1, 1-0 ...). Every sentence "
    "and gap anchor is in exactly one link. A link the aligner made has resp=\"#teiedit\" and @cert, the "
    "model's probability with two decimals, never above 0.99; a link a person made or confirmed has @resp "
    "pointing at that person, declared in the header, and no @cert."
)
SEGMENTATION = (
    "Each source line (Chinese) or blank-line-separated block (English) is a paragraph. A Chinese sentence "
    "ends after 。！？ and any closing quotation marks or brackets, and after an ellipsis (……) that closes "
    "quoted speech or stands outside quotation marks; ； does not end a sentence. An English sentence ends "
    "after . ! or ? (and an optional closing quotation mark or bracket, or a straight closing quotation mark "
    "set off by a space), or after a dash that breaks off quoted speech, when white space and an upper-case "
    "letter, digit or opening quotation mark follow, except after common abbreviations (Mr. Dr. St. U.S. "
    "e.g. i.e. etc. vs., abbreviated months; No. before a number) and single initials other than I; an "
    "abbreviation that is not a title or e.g./i.e./vs. (U.S. Inc. etc. St. Jan.) does end one before a word "
    "that opens sentences (The, It, That, But …). A paragraph end always ends a sentence."
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
        E("respStmt", E("resp", config.translation_resp), _translator(config)),
        E("respStmt", E("resp", config.encoding_resp), E("name", config.encoder)),
    )
    availability = E(
        "availability",
        E("licence", config.original_licence, target=config.original_licence_url or None, n="original"),
        E("licence", config.translation_licence, target=config.translation_licence_url or None, n="translation"),
        E("licence", config.licence, target=config.licence_url or None, n="encoding"),
        status=config.availability_status,
    )
    publication = E(
        "publicationStmt",
        E("publisher", config.publisher),
        E("pubPlace", config.pub_place) if config.pub_place else None,
        availability,
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
        E("sourceDesc", E("biblStruct", analytic, monogr), _translation_bibl(article, config)),
    )
    encoding = E(
        "encodingDesc",
        E(
            "appInfo",
            E("application", E("label", "teiedit"), ident="teiedit", version=__version__, id="teiedit"),
        ),
        E(
            "editorialDecl",
            E("normalization", E("p", NORMALIZATION), method="silent"),
            E("segmentation", E("p", SEGMENTATION)),
            E("interpretation", E("p", ALIGNMENT), E("p", GAPS), E("p", LINKS)),
        ),
        *citation_trees(),
        E("schemaRef", type="interchange", key="teiedit", url=f"{SCHEMA_DIR}/teiedit.rng"),
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
        when=conversion_date(config),
    )
    return E("teiHeader", file_desc, encoding, profile, E("revisionDesc", change))


# The citation trees (refsDecl/citeStructure, TEI P5 3.11.4 and 16.2.5.4) every document declares: the
# Chinese division (paragraph -> sentence, the default tree), the English one, and the alignment beads.
# A paragraph is cited by its xml:id, a sentence by its paragraph's id, "." and its own id (TEI joins a
# nested unit's value to its parent's reference after @delim), so "zh-p3.zh-p3-s2": ids survive merges
# and hand edits, positions do not. A bead is cited by its position in the alignment linkGrp ("3" is
# export's "#b3"). The DTS endpoint (xslt/dts/) publishes exactly these trees, and teiedit.sch checks
# that each resolves (xslt/common/cite.xsl and the .sch evaluate the same restricted paths).
CITE_TREES = (
    ("zh", "/TEI/text/body/div[@xml:id='zh']/p"),
    ("en", "/TEI/text/body/div[@xml:id='en']/p"),
)
BEADS_MATCH = "/TEI/standOff/linkGrp[@type='alignment']/link"


def citation_trees() -> list[etree._Element]:
    """The three refsDecl of encodingDesc (the Chinese one is the default tree)."""
    trees = [
        E(
            "refsDecl",
            E(
                "citeStructure",
                E("citeStructure", unit="sentence", match="s", use="@xml:id", delim="."),
                unit="paragraph",
                match=match,
                use="@xml:id",
            ),
            n=name,
            default="true" if name == "zh" else None,
        )
        for name, match in CITE_TREES
    ]
    bead = E(
        "citeStructure",
        E("citeData", property="http://purl.org/dc/terms/type", use="@type"),
        unit="bead",
        match=BEADS_MATCH,
        use="position()",
    )
    return [*trees, E("refsDecl", bead, n="beads")]


def conversion_date(config: EditionConfig) -> str | None:
    """change/@when: `[edition] conversion_date`, else the edition's `date` when it is an ISO date.

    Never the wall clock, and not SOURCE_DATE_EPOCH either: `make edition` sets it to the last commit's
    time, so every commit would rewrite every TEI file. The config is part of the convert digest."""
    when = config.conversion_date or config.date
    return when if re.fullmatch(r"\d{4}(-\d\d){0,2}", when) else None


UNKNOWN_TRANSLATOR = "translator not recorded"


def _translator(config: EditionConfig) -> etree._Element:
    """The translation's credit: the configured translator, or (translator = "", the default: not
    recorded) a `name[@type='unknown']` that says so, which no citation or Dublin Core record names as a
    person (xslt/common/credits.xsl)."""
    if config.translator.strip():
        return E("name", config.translator.strip())
    return E("name", UNKNOWN_TRANSLATOR, type="unknown")


def _translation_bibl(article: Article, config: EditionConfig) -> etree._Element:
    """Where the English comes from: the translation as the source file supplies it."""
    who = (f"Translated by {config.translator.strip()}" if config.translator.strip()
           else "Translation supplied with the source text (translator not recorded)")  # fmt: skip
    return E(
        "bibl",
        E("title", article.title_en, level="a", lang=EN),
        f". {who}; given with the Chinese "
        "original in the source file ",
        E("idno", article.source_name, type="source-file"),
        ".",
        type="translation",
    )


GAP_TYPE = "alignment-gap"  # anchor/@type of the place a sentence of the other version is missing


def cert_attr(cert: float) -> str:
    """A machine link's `@cert`: two decimals, never above CERT_CAP (for the converter, the merge and
    realign alike: one convention)."""
    return f"{min(round(cert, 2), CERT_CAP):.2f}"


def place_gap_anchor(anchor: etree._Element, side_sentences: list[etree._Element], after: int) -> None:
    """Put a gap anchor into a TEI tree where its side lacks a sentence: right after that side's sentence
    `after` (the last one aligned before; the anchor takes over its tail, so the text between elements
    stays as it was), or before the side's first sentence when none is aligned before it."""
    if after >= 0:
        prev = side_sentences[after]
        anchor.tail, prev.tail = prev.tail, None
        prev.addnext(anchor)
    else:
        side_sentences[0].addprevious(anchor)


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
        links.append(E("link", type=bead.kind, resp=MACHINE_RESP, cert=cert_attr(bead.cert), target=" ".join(targets)))
    body = E("body", _division(article, ZH, zh, {}, gaps["zh"]), _division(article, EN, en, corresp, gaps["en"]))
    tei = E(
        "TEI",
        _header(article, config, list(article.notes)),
        E("text", body),
        E("standOff", E("linkGrp", *links, type="alignment", id="alignment", domains="#zh #en")),
        id=document_id(article),
        lang=EN,
    )
    return tei


_MARK = "\ue000teiedit-break\ue001"
_MARK_RE = re.compile("(/?>)" + _MARK + "([0-9]+)" + _MARK)


def _unspaced(div: etree._Element, depth: int) -> None:
    """Mark every white-space-only text of an (indented) division so that serialisation moves its line
    break inside the tag before it: `</s\n        ><s ...>` — no character between the sentences."""
    for el in div.iter():
        if not isinstance(el.tag, str) or len(el) == 0:
            continue
        level = depth + sum(1 for _ in el.iterancestors()) - sum(1 for _ in div.iterancestors())
        if not (el.text or "").strip():
            el.text = f"{_MARK}{level + 1}{_MARK}"
        last = len(el) - 1  # once: lxml counts the children on every len() (10,000 paragraphs: minutes)
        for k, child in enumerate(el):
            if not (child.tail or "").strip():
                child.tail = f"{_MARK}{level + 1 if k < last else level}{_MARK}"


def serialize_tei(tei: etree._Element, schema_dir: str = SCHEMA_DIR) -> bytes:
    """Deterministic, indented UTF-8 bytes with the xml-model PIs and the output digest filled in.

    English sentences go one a line (the line break stands for the space between them); the Chinese
    division has no white-space text at all, since Chinese puts no space between sentences."""
    etree.indent(tei, space="  ")
    zh = tei.find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body/{{{TEI_NS}}}div[@{{{XML_NS}}}id='zh']")
    if zh is not None:
        _unspaced(zh, 3)
    body = etree.tostring(tei, encoding="unicode")
    body = _MARK_RE.sub(lambda m: "\n" + "  " * int(m.group(2)) + m.group(1), body)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(
        f"<?xml-model {pi.format(dir=SCHEMA_DIR)}?>\n" for pi in SCHEMA_PIS
    )
    data = relocate_schemas((head + body + "\n").encode("utf-8"), schema_dir)
    digest = _digest(data)
    return _DIGEST_RE.sub(lambda m: m.group(1) + digest.encode() + m.group(3), data, count=1)


def _digest(data: bytes, locations: bool = False) -> str:
    """SHA-256 of the file with the recorded digest blanked and (unless `locations`, the digest of files
    written before schema locations varied) the schema locations blanked."""
    blank = _DIGEST_RE.sub(lambda m: m.group(1) + _PLACEHOLDER.encode() + m.group(3), data, count=1)
    if not locations:
        blank = blank_locations(blank)
    return hashlib.sha256(blank).hexdigest()


def recorded_digest(data: bytes) -> str | None:
    m = _DIGEST_RE.search(data)
    return m.group(2).decode() if m else None


def is_hand_edited(data: bytes) -> bool:
    """True when the bytes are not exactly what teiedit wrote (or carry no digest of teiedit's); where
    the file says its schemas are does not count."""
    recorded = recorded_digest(data)
    if recorded is None:
        return True
    return recorded not in (_digest(data), _digest(data, locations=True))
