"""Three-way structural merge of a re-converted article into the TEI a scholar edited.

base = the TEI teiedit wrote last for the article (kept under `tei/.teiedit-base/`, see `basefile.py`),
ours = the file as the scholar left it, theirs = the new conversion. The merge works on the tree, not on
lines: elements are matched by xml:id (sentences, paragraphs) or by name, type and position (header
parts), a change on one side only is taken, and changes on both sides to one sentence (or one header
part) are a `Conflict` — data, like git's base/ours/theirs, never a half-merged file. The alignment
links are rebuilt: links a person made or reviewed (`@resp` other than `#teiedit`) stay fixed, the
new conversion's links fill the rest, and sentences left between them are re-aligned there by
`align.align_with_fixed` (as `teiedit realign`). With no recorded base, one is synthesized (`synthesize_base`).
"""

from __future__ import annotations

import copy
import datetime
import difflib
import os
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from .align import AlignerOptions, align_with_fixed
from .encode import GAP_TYPE, SCHEMA_DIR, SCHEMA_PIS, TEI_NS, XML_ID, cert_attr, place_gap_anchor
from .reading import reading_text
from .xmlsafe import parse_bytes

T = f"{{{TEI_NS}}}"
MACHINE = "#teiedit"


@dataclass(frozen=True)
class Conflict:
    """One place both sides changed: `where` names it (a sentence id or a header part)."""

    where: str
    line: int  # in ours (0 when unknown)
    base: str
    ours: str
    theirs: str


@dataclass
class MergeResult:
    merged: bytes  # the proposed merge (conflicts resolved as `take`, else as ours)
    base: bytes  # the new base: theirs with its ids renamed to the ones the edition already uses
    conflicts: list[Conflict] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    changed: bool = False  # the merge brings something into ours



def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


# sig() of the trees being merged, while they do not change (merge_tei's structural pass): each
# element's signature is asked for at every level above it too, so without this the merge is quadratic
# in the depth (two thirds of its time went there). Keyed by the element itself: an lxml proxy stays the
# same object while referenced, and the dict holds the reference.
_SIGS: dict[etree._Element, tuple[object, ...]] | None = None


def sig(el: etree._Element) -> tuple[object, ...]:
    """What an element says, white space between elements ignored (an editor's re-indent is no edit)."""
    cache = _SIGS
    if cache is not None:
        found = cache.get(el)
        if found is not None:
            return found
    if not isinstance(el.tag, str):
        value: tuple[object, ...] = ("#", _norm(el.text))
    else:
        value = (el.tag, tuple(sorted(el.attrib.items())), _norm(el.text), tuple((sig(c), _norm(c.tail)) for c in el))
    if cache is not None:
        cache[el] = value
    return value


def text_of(el: etree._Element) -> str:
    return _norm("".join(el.itertext()))


def _atomic(el: etree._Element) -> bool:
    """Merged as one piece: sentences, and any element with text of its own between its children."""
    if el.tag == f"{T}s" or not isinstance(el.tag, str) or len(el) == 0:
        return True
    return bool(_norm(el.text)) or any(_norm(c.tail) for c in el)


def _keys(el: etree._Element) -> list[tuple[object, ...]]:
    seen: Counter[tuple[object, ...]] = Counter()
    keys = []
    for child in el:
        if isinstance(child.tag, str) and child.get(XML_ID):
            keys.append((child.tag, child.get(XML_ID)))
            continue
        kind = (child.tag if isinstance(child.tag, str) else "#", child.get("type") if isinstance(child.tag, str)
                else None, child.get("{http://www.w3.org/XML/1998/namespace}lang") if isinstance(child.tag, str)
                else None)  # fmt: skip
        keys.append((*kind, seen[kind]))
        seen[kind] += 1
    return keys


class _Merger:
    def __init__(self, take: str | None) -> None:
        self.take = take
        self.conflicts: list[Conflict] = []
        self.counts: Counter[str] = Counter()

    def conflict(self, where: str, b: etree._Element | None, o: etree._Element | None,
                 t: etree._Element | None) -> etree._Element | None:  # fmt: skip
        def show(el: etree._Element | None) -> str:
            return "(deleted)" if el is None else text_of(el) or etree.tostring(el, with_tail=False).decode()[:200]

        line = o.sourceline or 0 if o is not None else 0
        self.conflicts.append(Conflict(where, line, show(b), show(o), show(t)))
        return copy.deepcopy(t) if self.take == "theirs" else o

    def merge(self, b: etree._Element, o: etree._Element, t: etree._Element, where: str) -> etree._Element:
        sb, so, st = sig(b), sig(o), sig(t)
        if so == sb:
            return copy.deepcopy(t)
        if st == sb or so == st:
            return o
        name = o.get(XML_ID) or where
        if o.tag == f"{T}s" and text_of(o) == text_of(t):
            return o  # the scholar's markup over the text the source still has
        if o.tag != t.tag or _atomic(b) or _atomic(o) or _atomic(t):
            out = self.conflict(name, b, o, t)
            assert out is not None
            return out
        out = etree.Element(o.tag, nsmap=o.nsmap)
        for attr in sorted(set(b.attrib) | set(o.attrib) | set(t.attrib)):
            vb, vo, vt = b.get(attr), o.get(attr), t.get(attr)
            value = vt if vo == vb else vo if vt == vb or vo == vt else None
            if value is None and vo != vt:
                self.conflicts.append(Conflict(f"{name}/@{attr}", o.sourceline or 0, vb or "", vo or "", vt or ""))
                value = vt if self.take == "theirs" else vo
            if value is not None:
                out.set(attr, value)
        out.text = o.text
        self._children(b, o, t, out, name)
        return out

    def _children(self, b: etree._Element, o: etree._Element, t: etree._Element, out: etree._Element,
                  where: str) -> None:  # fmt: skip
        kb, ko, kt = _keys(b), _keys(o), _keys(t)
        B, Ok, Tk = dict(zip(kb, b, strict=False)), dict(zip(ko, o, strict=False)), dict(zip(kt, t, strict=False))
        order: list[tuple[object, ...]] = []
        for key in ko:  # ours' order, minus what theirs deleted and ours left alone
            if key in B and key not in Tk:
                if sig(Ok[key]) == sig(B[key]):
                    continue
                if self.conflict(Ok[key].get(XML_ID) or f"{where}/{_step(Ok[key])}", B[key], Ok[key], None) is None:
                    continue
            order.append(key)
        for i, key in enumerate(kt):  # what theirs added (or ours deleted), after its predecessor in theirs
            if key in Ok:
                continue
            if key in B:  # ours deleted it
                if sig(Tk[key]) != sig(B[key]):
                    self.conflict(Tk[key].get(XML_ID) or f"{where}/{_step(Tk[key])}", B[key], None, Tk[key])
                    if self.take != "theirs":
                        continue
                else:
                    continue
            prev = next((k for k in reversed(kt[:i]) if k in order), None)
            order.insert(order.index(prev) + 1 if prev is not None else 0, key)
        for key in order:
            if key in Ok and key in B and key in Tk:
                child = self.merge(B[key], Ok[key], Tk[key], f"{where}/{_step(Ok[key])}")
                tail = Ok[key].tail
            elif key in Ok:
                child, tail = Ok[key], Ok[key].tail
            else:
                child, tail = copy.deepcopy(Tk[key]), Tk[key].tail
            child = child if child.getparent() is None else copy.deepcopy(child)
            child.tail = tail
            out.append(child)


NO_BASE = "(no merge base recorded)"
_SOURCE_SHA = "string(t:teiHeader/t:revisionDesc/t:change[@type='conversion']/t:idno[@type='source-sha256'])"


def synthesize_base(ours: etree._Element, theirs: etree._Element) -> etree._Element:
    """A stand-in for the base teiedit no longer has (a file edited before bases were kept, or its
    `.teiedit-base/` file lost), so that the merge can still run instead of freezing the article.

    When ours was converted from the very source theirs comes from (same `source-sha256`), every
    difference in the text is the scholar's: the base is theirs, and ours wins wherever it differs (the
    alignment is still rebuilt around the reviewed links). Otherwise the base is what both agree on:
    elements equal on both sides are the base; an element only one side has is that side's addition
    (a note the scholar added is kept, a sentence the source added comes in); an element that differs is
    not known to either side, so it is a conflict, shown with both texts, to be taken with `--take` or by
    hand. A sentence whose text is the same on both sides is untouched by the source: the scholar's
    markup on it stays. Ids: theirs has already been given ours' ids for the same texts."""
    sha = [str(x.xpath(_SOURCE_SHA, namespaces={"t": TEI_NS})) for x in (ours, theirs)]
    if sha[0] and sha[0] == sha[1]:
        return copy.deepcopy(theirs)
    return _common(ours, theirs)


def _common(o: etree._Element, t: etree._Element) -> etree._Element:
    if sig(o) == sig(t):
        return copy.deepcopy(o)
    if not isinstance(o.tag, str) or not isinstance(t.tag, str):
        return etree.Comment(NO_BASE)
    if o.tag != t.tag or _atomic(o) or _atomic(t):
        # the attributes both sides share (its id, type, language: how the merge finds it), the text
        # equal to neither side's: a change on both
        unknown = etree.Element(o.tag, attrib={k: v for k, v in o.attrib.items() if t.get(k) == v}, nsmap=o.nsmap)
        unknown.text = NO_BASE
        return unknown
    out = etree.Element(o.tag, attrib={k: v for k, v in o.attrib.items() if t.get(k) == v}, nsmap=o.nsmap)
    out.text = o.text
    theirs_by_key = dict(zip(_keys(t), t, strict=False))
    for key, child in zip(_keys(o), o, strict=False):
        if key in theirs_by_key:
            common = _common(child, theirs_by_key[key])
            common.tail = child.tail
            out.append(common)
    return out


def _step(el: etree._Element) -> str:
    """An element's step in a conflict's name: `title[@type='main'][@xml:lang='en']`."""
    if not isinstance(el.tag, str):
        return "comment()"
    step = etree.QName(el).localname
    for attr, label in (("type", "type"), ("{http://www.w3.org/XML/1998/namespace}lang", "xml:lang")):
        if el.get(attr):
            step += f"[@{label}='{el.get(attr)}']"
    return step


def _sentences(root: etree._Element, div_type: str) -> list[etree._Element]:
    return root.xpath(f"t:text/t:body/t:div[@type='{div_type}']//t:s", namespaces={"t": TEI_NS})


def _rename_ids(base: etree._Element, theirs: etree._Element) -> None:
    """Give theirs' sentences and paragraphs the ids base has for the same text, so that re-splitting a
    paragraph does not renumber every sentence after it; every pointer in theirs follows."""
    mapping: dict[str, str] = {}
    for div in ("original", "translation"):
        bs, ts = _sentences(base, div), _sentences(theirs, div)
        matcher = difflib.SequenceMatcher(None, [text_of(s) for s in bs], [text_of(s) for s in ts], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                for i, j in zip(range(i1, i2), range(j1, j2), strict=False):
                    mapping[ts[j].get(XML_ID)] = bs[i].get(XML_ID)
        used = set(mapping.values())
        for s in ts:  # a new sentence keeps its own id unless that id now names another one
            sid = s.get(XML_ID)
            if sid not in mapping:
                new, k = sid, 1
                while new in used:
                    k += 1
                    new = f"{sid}-{k}"
                mapping[sid] = new
                used.add(new)
        base_parent = {s.get(XML_ID): s.getparent().get(XML_ID) for s in bs}
        taken: set[str] = set()
        base_paras = {s.getparent().get(XML_ID) for s in bs}
        for p in theirs.xpath(f"t:text/t:body/t:div[@type='{div}']/t:p", namespaces={"t": TEI_NS}):
            pid = p.get(XML_ID)
            votes = Counter(base_parent[mapping[s.get(XML_ID)]] for s in p.iter(f"{T}s")
                            if mapping[s.get(XML_ID)] in base_parent)  # fmt: skip
            choice = next((q for q, _ in votes.most_common() if q not in taken), None)
            if choice is None:
                choice, k = pid, 1
                while choice in taken or (choice in base_paras and choice not in votes):
                    k += 1
                    choice = f"{pid}-{k}"
            taken.add(choice)
            mapping[pid] = choice
    for el in theirs.iter():
        if not isinstance(el.tag, str):
            continue
        xid = el.get(XML_ID)
        if xid in mapping:
            el.set(XML_ID, mapping[xid])
        elif xid and el.get("type") == GAP_TYPE and "-gap-" in xid:
            side, rest = xid.split("-gap-", 1)
            el.set(XML_ID, f"{side}-gap-{mapping.get(rest, rest)}")
        for attr in ("target", "corresp"):
            value = el.get(attr)
            if value:
                el.set(attr, " ".join(_retarget(tok, mapping) for tok in value.split()))


def _retarget(token: str, mapping: dict[str, str]) -> str:
    if not token.startswith("#"):
        return token
    ref = token[1:]
    if ref in mapping:
        return "#" + mapping[ref]
    if "-gap-" in ref:
        side, rest = ref.split("-gap-", 1)
        return f"#{side}-gap-{mapping.get(rest, rest)}"
    return token


def is_reviewed(link: etree._Element) -> bool:
    """A link a person made or confirmed: responsibility other than teiedit's (and so no @cert)."""
    resp = (link.get("resp") or "").split()
    return bool(resp) and resp != [MACHINE]


def _links(root: etree._Element) -> etree._Element | None:
    found = root.xpath("t:standOff/t:linkGrp[@type='alignment']", namespaces={"t": TEI_NS})
    return found[0] if found else None


def _relink(merged: etree._Element, ours: etree._Element, theirs: etree._Element, options: AlignerOptions | None,
            m: _Merger) -> None:  # fmt: skip
    """The merged alignment: the scholar's reviewed links fixed, the new conversion's links where they
    neither touch nor cross them, and every sentence left over aligned again between those fixed beads,
    by `align.align_with_fixed` (the aligner's one entry point for fixed beads, as `teiedit realign`)."""
    group, ours_group, theirs_group = _links(merged), _links(ours), _links(theirs)
    if group is None or theirs_group is None:
        return
    ids = {el.get(XML_ID) for el in merged.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    zh, en = _sentences(merged, "original"), _sentences(merged, "translation")
    pos = {"zh": {s.get(XML_ID): k for k, s in enumerate(zh)}, "en": {s.get(XML_ID): k for k, s in enumerate(en)}}

    def bead(link: etree._Element) -> Beads:
        refs = [t[1:] for t in link.get("target", "").split()]
        return (tuple(sorted(pos["zh"][r] for r in refs if r in pos["zh"])),
                tuple(sorted(pos["en"][r] for r in refs if r in pos["en"])))  # fmt: skip

    reviewed = []
    for link in ours_group if ours_group is not None else []:
        if isinstance(link.tag, str) and is_reviewed(link):
            if all(t[1:] in ids for t in link.get("target", "").split()):
                reviewed.append(link)
            else:
                m.conflict(f"link {link.get('target')}", None, link, None)
    fixed_refs = {t for link in reviewed for t in link.get("target", "").split()}
    kept: dict[Beads, etree._Element] = {bead(ln): ln for ln in reviewed}
    fixed_beads = list(kept)  # the new conversion's links are in order among themselves: only these can cross
    for link in theirs_group:
        if not isinstance(link.tag, str) or fixed_refs & set(link.get("target", "").split()):
            continue
        b = bead(link)
        if all(t[1:] in ids for t in link.get("target", "").split()) and (b[0] or b[1]) and not any(
                _crosses(b, r) for r in fixed_beads):  # fmt: skip
            kept.setdefault(b, copy.deepcopy(link))
    fixed = _in_order(list(kept))
    try:
        beads = align_with_fixed([reading_text(s) for s in zh], [reading_text(s) for s in en], fixed, options)
    except ValueError:  # the scholar's reviewed links cross each other: their file keeps its links
        for link in reviewed:
            m.conflict(f"link {link.get('target')}", None, link, None)
        return
    fixed_set = set(fixed)
    last = {"zh": -1, "en": -1}
    links: list[etree._Element] = []
    for b in beads:
        key = (tuple(b.zh), tuple(b.en))
        if b.zh:
            last["zh"] = max(b.zh)
        if b.en:
            last["en"] = max(b.en)
        if key in fixed_set:
            links.append(copy.deepcopy(kept[key]))
            continue
        targets = [f"#{zh[i].get(XML_ID)}" for i in b.zh] + [f"#{en[i].get(XML_ID)}" for i in b.en]
        if not b.zh or not b.en:  # a one-sided bead points at a gap anchor where its partner is missing
            side, present = ("en", zh[b.zh[0]]) if b.zh else ("zh", en[b.en[0]])
            gap = _gap_anchor(merged, side, present.get(XML_ID), last[side], zh if side == "zh" else en)
            targets = [*targets, f"#{gap}"] if side == "en" else [f"#{gap}", *targets]
        kind = f"{len(b.zh)}-{len(b.en)}"
        links.append(_link(kind, b.cert, " ".join(targets)))
        m.counts["realigned"] += 1
    for link in list(group):
        group.remove(link)
    for link in links:
        group.append(link)
    _drop_unused_gaps(merged, links)
    m.counts["reviewed"] += len(reviewed)
    group.text = "\n    "
    for link in group:
        link.tail = "\n    "
    if len(group):
        group[-1].tail = "\n  "


Beads = tuple[tuple[int, ...], tuple[int, ...]]


def _in_order(beads: list[Beads]) -> list[Beads]:
    """Non-crossing beads in document order on both sides: the two-sided ones by their sentences, each
    one-sided one after the two-sided beads that come before it on its own side."""
    two = sorted((b for b in beads if b[0] and b[1]), key=lambda b: b[0])
    def key(b: Beads) -> tuple[int, int, int, int]:
        if b[0] and b[1]:
            return (two.index(b), 1, 0, 0)
        side = 0 if b[0] else 1
        slot = sum(max(t[side]) < min(b[side]) for t in two)
        return (slot, 0, side, min(b[side]))

    return sorted(beads, key=key)


def _crosses(a: Beads, b: Beads) -> bool:
    """Two beads overlap or cross: not entirely before or after each other on every side they both have."""
    def order(x: tuple[int, ...], y: tuple[int, ...]) -> int:  # -1 x before y, 1 after, 0 overlapping
        if not x or not y:
            return 2  # no constraint on this side
        return -1 if max(x) < min(y) else 1 if min(x) > max(y) else 0

    sides = {order(a[0], b[0]), order(a[1], b[1])} - {2}
    return 0 in sides or sides == {-1, 1}


def _gap_anchor(merged: etree._Element, side: str, present_id: str, after: int,
                side_sentences: list[etree._Element]) -> str:  # fmt: skip
    """The id of an alignment-gap anchor on `side`, right after that side's sentence `after` (the last one
    aligned before), or before its first sentence; an anchor already there for this sentence is reused."""
    base = f"{side}-gap-{present_id}"
    for old in merged.xpath("//t:anchor[@xml:id=$i]", namespaces={"t": TEI_NS}, i=base):
        _unlink(old)  # placed again where the new alignment puts it
    anchor = etree.Element(f"{T}anchor", nsmap={None: TEI_NS})
    anchor.set(XML_ID, base)
    anchor.set("type", GAP_TYPE)
    if not side_sentences:
        return base
    place_gap_anchor(anchor, side_sentences, after)
    return base


def _unlink(el: etree._Element) -> None:
    """Remove an element, keeping its tail text where it was."""
    parent, prev = el.getparent(), el.getprevious()
    if el.tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _drop_unused_gaps(merged: etree._Element, links: list[etree._Element]) -> None:
    """Gap anchors no link points at any more (their bead was re-aligned into a two-sided one)."""
    used = {t[1:] for link in links for t in link.get("target", "").split()}
    for anchor in merged.xpath(f"//t:anchor[@type='{GAP_TYPE}']", namespaces={"t": TEI_NS}):
        if anchor.get(XML_ID) not in used:
            _unlink(anchor)


def _link(kind: str, cert: float, targets: str) -> etree._Element:
    link = etree.Element(f"{T}link", nsmap={None: TEI_NS})
    link.set("type", kind)
    link.set("resp", MACHINE)  # machine-made: teiedit's responsibility and the model's probability
    link.set("cert", cert_attr(cert))
    link.set("target", targets)
    return link


def _revision(merged: etree._Element, ours: etree._Element, theirs: etree._Element, m: _Merger) -> None:
    """ours' changes, with teiedit's conversion statement replaced by the new one (new source digest and
    output digest), plus a dated change saying what this merge took and kept."""
    path = "t:teiHeader/t:revisionDesc"
    rev_o, rev_t = ours.xpath(path, namespaces={"t": TEI_NS}), theirs.xpath(path, namespaces={"t": TEI_NS})
    rev_m = merged.xpath(path, namespaces={"t": TEI_NS})
    if not (rev_o and rev_t and rev_m):
        return
    new_rev = copy.deepcopy(rev_o[0])
    conversion = [c for c in rev_t[0] if isinstance(c.tag, str) and c.get("type") == "conversion"]
    olds = [c for c in new_rev if isinstance(c.tag, str) and c.get("type") == "conversion"]
    if conversion and olds:
        fresh = copy.deepcopy(conversion[0])
        fresh.tail = olds[0].tail
        new_rev.replace(olds[0], fresh)
    change = etree.SubElement(new_rev, f"{T}change", nsmap={None: TEI_NS})
    change.set("when", _today())
    change.set("type", "merge")
    change.set("who", MACHINE)
    c = m.counts
    change.text = (
        f"Re-conversion merged by teiedit: {c['taken']} sentence(s) taken from the new conversion, "
        f"{c['kept']} sentence(s) kept as edited by hand, {c['reviewed']} reviewed link(s) kept"
        + (", the other links re-aligned" if c["realigned"] else "") + "."
    )
    if len(new_rev) > 1:
        change.tail = new_rev[-2].tail
        new_rev[-2].tail = new_rev[-2].tail or "\n    "
    rev_m[0].getparent().replace(rev_m[0], new_rev)


def _today() -> str:
    """The date of the merge (SOURCE_DATE_EPOCH, when set, makes it reproducible)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    return datetime.datetime.now(datetime.UTC).date().isoformat()


def _count_sentences(b: etree._Element, o: etree._Element, merged: etree._Element, counts: Counter[str]) -> None:
    """How many sentences came from the source and how many stayed as the scholar edited them."""
    def by_id(root: etree._Element) -> dict[str, tuple[object, ...]]:
        return {s.get(XML_ID): sig(s) for d in ("original", "translation") for s in _sentences(root, d)}

    base, ours = by_id(b), by_id(o)
    for sid, value in by_id(merged).items():
        if value != ours.get(sid):
            counts["taken"] += 1
        elif value != base.get(sid):
            counts["kept"] += 1


def to_bytes(root: etree._Element) -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(f"<?xml-model {pi.format(dir=SCHEMA_DIR)}?>\n" for pi in SCHEMA_PIS)
    return (head + etree.tostring(root, encoding="unicode") + "\n").encode("utf-8")


_DROP = ("t:standOff/t:linkGrp[@type='alignment']", "t:teiHeader/t:revisionDesc")


def _structural(b: etree._Element, o: etree._Element, t: etree._Element,
                take: str | None) -> tuple[etree._Element, _Merger]:  # fmt: skip
    """The merge of everything but the alignment and revisionDesc (those are rebuilt on their own)."""
    m = _Merger(take)
    stripped = []
    for tree in (b, o, t):  # merged on their own terms below
        copy_ = copy.deepcopy(tree)
        for xp in _DROP:
            for el in copy_.xpath(xp, namespaces={"t": TEI_NS}):
                el.getparent().replace(el, etree.Element(el.tag, attrib=dict(el.attrib)))
        stripped.append(copy_)
    merged = m.merge(*stripped, where="TEI")
    for xp in _DROP:  # put ours' parts back, then rebuild them
        for el, src in zip(merged.xpath(xp, namespaces={"t": TEI_NS}), o.xpath(xp, namespaces={"t": TEI_NS}), strict=False):
            el.getparent().replace(el, copy.deepcopy(src))
    return merged, m


def merge_tei(base: bytes | None, ours: bytes, theirs: bytes, take: str | None = None,
              options: AlignerOptions | None = None) -> MergeResult:  # fmt: skip
    """Merge the new conversion (theirs) into the scholar's file (ours) against what teiedit wrote (base).

    `base` None: no base was recorded; one is synthesized from ours and theirs (`synthesize_base`).
    Raises lxml.etree.XMLSyntaxError when one of the three is not well-formed (the caller reports it)."""
    global _SIGS
    o, t = parse_bytes(ours), parse_bytes(theirs)  # an entity or DTD in ours is refused
    if base is None:  # edited before bases were kept, or the base file lost
        _rename_ids(o, t)
        b = synthesize_base(o, t)
    else:
        b = parse_bytes(base)
        _rename_ids(b, t)
    new_base = to_bytes(t)
    _SIGS = {}
    try:
        merged, m = _structural(b, o, t, take)
    finally:
        _SIGS = None  # the trees change from here on (links rebuilt, anchors placed)
    _relink(merged, o, t, options, m)
    _count_sentences(b, o, merged, m.counts)
    # a new conversion statement (new source digest, new teiedit version) is news even when no part
    # of the text changes (e.g. every conflict resolved as ours)
    conversion = "t:teiHeader/t:revisionDesc/t:change[@type='conversion']"
    statements = [[sig(c) for c in x.xpath(conversion, namespaces={"t": TEI_NS})] for x in (o, t)]
    changed = sig(merged) != sig(o) or statements[0] != statements[1]
    result = MergeResult(b"", new_base, m.conflicts, m.counts, changed=changed)
    if result.changed or m.conflicts:
        _revision(merged, o, t, m)
        result.merged = to_bytes(merged)
    else:
        result.merged = ours
    return result
