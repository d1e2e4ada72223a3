"""The review list: alignment links a scholar should check, with the reasons to doubt them and a fix.

Reads the TEI files the converter wrote (nothing else is needed): each link's @cert, @resp and @type, the
text of its sentences, and the document's own ratio of English to Chinese characters. Links a person
reviewed (@resp naming an agent other than #teiedit, no @cert: the README's review convention) are the
scholar's and never listed, so a scholar can work the report down to zero. Adjacent suspicious beads of
one file form one region (a run of shifted beads is one mistake, fixed in one place: `teiedit realign`).
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .anchors import anchors_en, anchors_zh
from .problems import Level, Problem, quote_path
from .reading import reading_text
from .xmlsafe import parse_file

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
RATIO_FACTOR = 2.0  # a bead whose length ratio is this far (either way) from the document's is suspicious
MACHINE = "#teiedit"  # the aligner's agent (encodingDesc/appInfo/application/@xml:id)
ORDERS = ("certainty", "document")
_WS = re.compile(r"\s+")


def is_reviewed(link: etree._Element) -> bool:
    """A link a person made or confirmed: @resp names an agent other than the aligner."""
    return any(tok != MACHINE for tok in (link.get("resp") or "").split())


@dataclass(frozen=True)
class Bead:
    """One alignment link as the report shows it: where it is, its sentences (ids and full text)."""

    line: int
    kind: str
    cert: float | None
    zh_ids: tuple[str, ...]
    en_ids: tuple[str, ...]
    zh: str
    en: str
    reviewed: bool = False

    def brief(self, width: int = 70) -> str:
        ids = " ".join(self.zh_ids + self.en_ids) or "—"
        cert = "reviewed" if self.reviewed else ("no cert" if self.cert is None else f"cert {self.cert:.2f}")
        return f"line {self.line} {self.kind} {cert} [{ids}]: {_clip(self.zh, width // 2)} || {_clip(self.en, width)}"

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "kind": self.kind, "cert": self.cert, "reviewed": self.reviewed,
                "zh_ids": list(self.zh_ids), "en_ids": list(self.en_ids), "zh": self.zh, "en": self.en}  # fmt: skip


@dataclass(frozen=True)
class SuspiciousBead:
    path: str
    line: int
    cert: float | None
    kind: str
    zh: str
    en: str
    reasons: tuple[str, ...]
    zh_ids: tuple[str, ...] = ()
    en_ids: tuple[str, ...] = ()
    fix: str = ""
    before: Bead | None = None
    after: Bead | None = None
    index: int = 0  # the link's position in the alignment linkGrp
    region: int = 0  # beads of one file with the same region are adjacent (one run of weak beads)
    region_size: int = 1

    @property
    def sort_cert(self) -> float:
        return -1.0 if self.cert is None else self.cert

    def as_text(self, width: int = 88) -> str:
        cert = "no cert" if self.cert is None else f"cert {self.cert:.2f}"
        ids = " ".join(self.zh_ids + self.en_ids) or "—"
        head = f"{quote_path(self.path)}:{self.line}: {cert} {self.kind}: [{ids}]"
        if self.region_size > 1:
            head += f" (region {self.region}: {self.region_size} adjacent beads)"
        out = [head]
        for label, text in (("zh", self.zh), ("en", self.en)):
            cols = (width - 6) // 2 if label == "zh" else width - 6  # a Han character takes two columns
            wrapped = textwrap.wrap(text, cols, break_long_words=True) or ["—"]
            out += [f"  {label}: {wrapped[0]}", *(f"      {w}" for w in wrapped[1:])]
        out.append(f"  why: {'; '.join(self.reasons)}")
        if self.fix:
            out.append(f"  fix: {self.fix}")
        out.append(f"  before: {self.before.brief() if self.before else '(first bead)'}")
        out.append(f"  after: {self.after.brief() if self.after else '(last bead)'}")
        return "\n".join(out)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path, "line": self.line, "cert": self.cert, "kind": self.kind,
            "zh_ids": list(self.zh_ids), "en_ids": list(self.en_ids), "zh": self.zh, "en": self.en,
            "reasons": list(self.reasons), "fix": self.fix, "region": self.region,
            "region_size": self.region_size, "index": self.index,
            "before": self.before.as_dict() if self.before else None,
            "after": self.after.as_dict() if self.after else None,
        }  # fmt: skip


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _numbers(keys: dict[str, int]) -> set[str]:
    return {k[2:] for k in keys if k.startswith("n:")}


def _strong(values: set[str]) -> set[str]:
    out = set()
    for v in values:
        try:
            if float(v) >= 13:
                out.add(v)
        except ValueError:
            continue
    return out


def _cert(link: etree._Element) -> float | None:
    raw = link.get("cert")
    if raw is None:
        return None
    try:
        return float(raw)
    except ValueError:
        return 0.0


def read_beads(tree: etree._ElementTree) -> list[Bead]:
    """Every alignment link of a document, in document order, with its sentences' ids and full text."""
    sentences: dict[str, str] = {}
    for s in tree.iterfind(".//t:body//t:s", NS):
        sid = s.get(XML_ID)
        if sid:
            sentences[sid] = reading_text(s)  # the edition's reading text (shared with search and citations)
    beads = []
    for link in tree.iterfind(".//t:standOff/t:linkGrp[@type='alignment']/t:link", NS):
        ids = [t.lstrip("#") for t in (link.get("target") or "").split()]
        zh_ids = tuple(i for i in ids if i in sentences and i.startswith("zh"))
        en_ids = tuple(i for i in ids if i in sentences and not i.startswith("zh"))
        zh = "".join(sentences[i] for i in zh_ids)
        en = " ".join(sentences[i] for i in en_ids)
        kind = link.get("type") or f"{len(zh_ids)}-{len(en_ids)}"
        beads.append(Bead(link.sourceline or 0, kind, _cert(link), zh_ids, en_ids, zh, en, is_reviewed(link)))
    return beads


def _ratio(zh: str, en: str) -> float:
    return len(en) / max(len(zh.replace(" ", "")), 1)


def _fix(beads: list[Bead], k: int, ratio: float) -> str:
    """What a fix would look like: the neighbour that makes this bead's length ratio closest to the document's."""
    b = beads[k]
    prev = beads[k - 1] if k > 0 else None
    nxt = beads[k + 1] if k + 1 < len(beads) else None
    for other, where in ((nxt, "next"), (prev, "previous")):
        if (other is not None and not other.reviewed
                and ((not b.en and other.en and not other.zh) or (not b.zh and other.zh and not other.en))):  # fmt: skip
            z, e = len(b.zh_ids) + len(other.zh_ids), len(b.en_ids) + len(other.en_ids)
            return f"pair it with the {where} bead ({other.kind}, line {other.line}): merge to {z}-{e}"
    if not b.zh or not b.en:
        side = "translation" if not b.en else "original"
        return f"if the {side} has this sentence, link it here; else confirm the {b.kind} bead as reviewed"
    if not ratio:
        return "check the pairing; when it is right, mark the link reviewed (resp, no cert)"
    here = abs(math.log(max(_ratio(b.zh, b.en), 1e-6) / ratio))
    options = []
    for other, where in ((nxt, "next"), (prev, "previous")):
        if other is None or other.reviewed:
            continue
        if other.en:
            en = f"{b.en} {other.en}" if where == "next" else f"{other.en} {b.en}"
            options.append((abs(math.log(max(_ratio(b.zh, en), 1e-6) / ratio)),
                            f"the {where} English sentence fits better here: merge to "
                            f"{len(b.zh_ids)}-{len(b.en_ids) + len(other.en_ids)}"))  # fmt: skip
        if other.zh:
            zh = b.zh + other.zh if where == "next" else other.zh + b.zh
            options.append((abs(math.log(max(_ratio(zh, b.en), 1e-6) / ratio)),
                            f"the {where} Chinese sentence fits better here: merge to "
                            f"{len(b.zh_ids) + len(other.zh_ids)}-{len(b.en_ids)}"))  # fmt: skip
    best = min(options, default=None)
    if best is not None and best[0] < here - 0.1:
        return best[1]
    return "check the pairing; when it is right, mark the link reviewed (resp, no cert)"


def review_file(path: Path, below: float) -> tuple[list[SuspiciousBead], list[Problem]]:
    """Suspicious beads of one TEI file (cert < `below`, or a reason to doubt them), in document order."""
    try:
        tree = parse_file(path)
    except (OSError, etree.XMLSyntaxError) as exc:
        return [], [Problem(str(path), 0, 0, Level.ERROR, "unreadable-tei", f"cannot read TEI: {exc}")]
    beads = read_beads(tree)
    if not beads:
        return [], [Problem(str(path), 0, 0, Level.WARNING, "no-alignment", "no alignment links to review")]
    pairs = [(b.zh, b.en) for b in beads if b.zh and b.en]
    total_zh = sum(len(z.replace(" ", "")) for z, _ in pairs)
    total_en = sum(len(e) for _, e in pairs)
    ratio = total_en / total_zh if total_zh and total_en else 0.0
    found: list[tuple[int, tuple[str, ...]]] = []
    for k, b in enumerate(beads):
        if b.reviewed:
            continue
        reasons = []
        if b.cert is None:
            reasons.append("no certainty and no reviewer (@resp): made by hand but not marked reviewed")
        elif b.cert < below:
            reasons.append(f"low certainty ({b.cert:.2f})")
        if not b.zh or not b.en:
            reasons.append(f"no counterpart ({b.kind}): {'translation' if not b.en else 'original'} missing")
        else:
            nz, ne = _strong(_numbers(anchors_zh(b.zh))), _strong(_numbers(anchors_en(b.en)))
            if nz != ne:
                reasons.append(f"numbers differ ({', '.join(sorted(nz)) or '—'} vs {', '.join(sorted(ne)) or '—'})")
            latin = {k[2:] for k in anchors_zh(b.zh) if k.startswith("w:")} - {k[2:] for k in anchors_en(b.en)}
            if latin:
                reasons.append(f"names missing in the translation ({', '.join(sorted(latin))})")
            here = _ratio(b.zh, b.en)
            if ratio and abs(math.log(here / ratio)) > math.log(RATIO_FACTOR):
                reasons.append(f"length ratio {here:.1f} vs the document's {ratio:.1f}")
        if reasons:
            found.append((k, tuple(reasons)))
    # regions: runs of suspicious beads with consecutive positions in the linkGrp
    region_of: dict[int, int] = {}
    sizes: dict[int, int] = {}
    region = 0
    for n, (k, _) in enumerate(found):
        if n == 0 or found[n - 1][0] != k - 1:
            region += 1
        region_of[k] = region
        sizes[region] = sizes.get(region, 0) + 1
    out = []
    for k, reasons in found:
        b = beads[k]
        out.append(SuspiciousBead(
            str(path), b.line, b.cert, b.kind, b.zh, b.en, reasons, b.zh_ids, b.en_ids, _fix(beads, k, ratio),
            beads[k - 1] if k > 0 else None, beads[k + 1] if k + 1 < len(beads) else None,
            k, region_of[k], sizes[region_of[k]],
        ))  # fmt: skip
    return out, []


def review(paths: list[Path], below: float, order: str = "certainty") -> tuple[list[SuspiciousBead], list[Problem]]:
    """All suspicious beads of the files. `certainty`: worst region first (a region keeps its beads
    together, in document order); `document`: file by file, line by line."""
    found: list[SuspiciousBead] = []
    problems: list[Problem] = []
    for path in sorted(paths):
        beads, probs = review_file(path, below)
        found += beads
        problems += probs
    if order == "document":
        found.sort(key=lambda b: (b.path, b.line))
    else:
        worst: dict[tuple[str, int], tuple[float, int]] = {}
        for b in found:
            key = (b.path, b.region)
            w = worst.get(key, (2.0, 0))
            worst[key] = (min(w[0], b.sort_cert), max(w[1], len(b.reasons)))
        found.sort(key=lambda b: (worst[(b.path, b.region)][0], -worst[(b.path, b.region)][1], b.path, b.region, b.line))
    return found, problems


def as_json(beads: list[SuspiciousBead]) -> str:
    return json.dumps([b.as_dict() for b in beads], ensure_ascii=False, indent=1)


__all__ = ["ORDERS", "Bead", "SuspiciousBead", "as_json", "is_reviewed", "read_beads", "review", "review_file"]
