"""`teiedit realign FILE --from ID --to ID`: align one region of an edited document again.

A scholar who finds a shifted run of beads (align-report shows it as one region) marks the links that are
right as reviewed (@resp, no @cert) and asks for the rest of the region to be aligned again. The region is
the alignment links from the one holding --from to the one holding --to (a sentence id or a link's
xml:id); reviewed links inside it are fixed points (align.align_with_fixed), everything outside it is
left byte for byte as parsed. Gap anchors of removed 1-0/0-1 links are removed, new ones added where a
new one-sided bead needs its place. The file is rewritten atomically (never half-written).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .align import AlignerOptions, align_with_fixed
from .alignreport import MACHINE, is_reviewed
from .encode import GAP_TYPE, cert_attr, place_gap_anchor
from .fsutil import write_atomic
from .problems import Level, Problem
from .reading import reading_text
from .xmlsafe import parse_file

T = "http://www.tei-c.org/ns/1.0"
NS = {"t": T}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _text(s: etree._Element) -> str:
    return reading_text(s)  # what the reader sees: the aligner compares the texts the edition shows


def _targets(link: etree._Element) -> list[str]:
    return [t[1:] for t in (link.get("target") or "").split() if t.startswith("#")]


def realign(path: Path, start: str, end: str, options: AlignerOptions | None = None) -> tuple[int, list[Problem]]:
    """Re-align the region; returns (links written, problems). Nothing is written when there is an error."""
    where = str(path)

    def error(code: str, msg: str, line: int = 0) -> tuple[int, list[Problem]]:
        return 0, [Problem(where, line, 0, Level.ERROR, code, msg)]

    try:
        tree = parse_file(path)
    except (OSError, etree.XMLSyntaxError) as exc:
        return error("unreadable-tei", f"cannot read TEI: {exc}")
    group = tree.find(".//t:standOff/t:linkGrp[@type='alignment']", NS)
    if group is None:
        return error("no-alignment", "no alignment linkGrp in standOff")
    links = [ln for ln in group if isinstance(ln.tag, str) and etree.QName(ln).localname == "link"]
    sides = {}
    for side, div_type in (("zh", "original"), ("en", "translation")):
        sides[side] = tree.xpath("/t:TEI/t:text/t:body/t:div[@type = $t]//t:s[@xml:id]", namespaces=NS, t=div_type)
    pos = {side: {s.get(XML_ID): k for k, s in enumerate(sides[side])} for side in sides}

    def link_index(ident: str) -> int | None:
        for k, ln in enumerate(links):
            if ln.get(XML_ID) == ident or ident in _targets(ln):
                return k
        return None

    i0, i1 = link_index(start), link_index(end)
    if i0 is None or i1 is None:
        missing = start if i0 is None else end
        return error("realign-unknown-id", f"no alignment link holds {missing!r} (a sentence id or a link's xml:id)")
    if i0 > i1:
        i0, i1 = i1, i0
    region = links[i0 : i1 + 1]
    zh_pos = sorted(pos["zh"][t] for ln in region for t in _targets(ln) if t in pos["zh"])
    en_pos = sorted(pos["en"][t] for ln in region for t in _targets(ln) if t in pos["en"])
    if not zh_pos and not en_pos:
        return error("realign-empty", "the region holds no sentences")
    z0, e0 = (zh_pos[0] if zh_pos else 0), (en_pos[0] if en_pos else 0)
    if zh_pos != list(range(z0, z0 + len(zh_pos))) or en_pos != list(range(e0, e0 + len(en_pos))):
        return error("realign-not-contiguous", "the region's sentences are not contiguous on both sides; "
                     "choose --from and --to so that it covers a run of sentences", region[0].sourceline or 0)  # fmt: skip
    fixed = []
    for ln in region:
        if is_reviewed(ln):
            fixed.append(([pos["zh"][t] - z0 for t in _targets(ln) if t in pos["zh"]],
                          [pos["en"][t] - e0 for t in _targets(ln) if t in pos["en"]]))  # fmt: skip
    zh_s = [sides["zh"][k] for k in zh_pos]
    en_s = [sides["en"][k] for k in en_pos]
    try:
        beads = align_with_fixed([_text(s) for s in zh_s], [_text(s) for s in en_s], fixed, options)
    except ValueError as exc:
        return error("realign-fixed-cross", f"reviewed links in the region cross each other: {exc}")
    # old gap anchors the region's machine links used go; new beads get their own where needed
    ids = {el.get(XML_ID): el for el in tree.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    kept = {id(ln) for ln in region if is_reviewed(ln)}
    for ln in region:
        if id(ln) in kept:
            continue
        for t in _targets(ln):
            el = ids.get(t)
            if el is not None and etree.QName(el).localname == "anchor" and el.get("type") == GAP_TYPE:
                _remove_keeping_tail(el)
    reviewed = iter([ln for ln in region if id(ln) in kept])
    fixed_set = {(tuple(z), tuple(e)) for z, e in fixed}
    new_links: list[etree._Element] = []
    last = {"zh": z0 - 1, "en": e0 - 1}  # the last sentence of each side placed so far (absolute index)
    for b in beads:
        if b.zh:
            last["zh"] = z0 + max(b.zh)
        if b.en:
            last["en"] = e0 + max(b.en)
        if (b.zh, b.en) in fixed_set:
            new_links.append(next(reviewed))
            continue
        zs = [zh_s[k] for k in b.zh]
        es = [en_s[k] for k in b.en]
        targets = [f"#{s.get(XML_ID)}" for s in zs + es]
        if not zs or not es:
            empty = "en" if zs else "zh"
            targets = _with_gap(tree, zs or es, empty, last[empty], sides[empty], targets)
        link = etree.Element(f"{{{T}}}link", type=b.kind, resp=MACHINE, cert=cert_attr(b.cert),
                             target=" ".join(targets))  # fmt: skip
        new_links.append(link)
    tail = region[-1].tail
    anchor = region[0].getprevious()
    for ln in region:
        group.remove(ln)
    for k, ln in enumerate(new_links):
        ln.tail = region[0].tail if k < len(new_links) - 1 else tail
        if anchor is None:
            group.insert(k, ln)
        else:
            anchor.addnext(ln)
        anchor = ln
    write_atomic(path, etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    return len(new_links), []


def _remove_keeping_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _with_gap(tree: etree._ElementTree, present: list[etree._Element], empty_side: str, before: int,
              side_sentences: list[etree._Element], targets: list[str]) -> list[str]:  # fmt: skip
    """Targets of a one-sided bead with a gap anchor on the empty side: right after that side's sentence
    `before` (the last one of an earlier bead), or before the side's first sentence when there is none."""
    base = f"{empty_side}-gap-{present[0].get(XML_ID)}"
    anchor_id, n = base, 1
    while tree.xpath("//*[@xml:id = $i]", i=anchor_id):
        n += 1
        anchor_id = f"{base}-{n}"
    anchor = etree.Element(f"{{{T}}}anchor", type=GAP_TYPE)
    anchor.set(XML_ID, anchor_id)
    place_gap_anchor(anchor, side_sentences, before)
    gap = f"#{anchor_id}"
    return [gap, *targets] if empty_side == "zh" else [*targets, gap]
