"""The review list: alignment links a scholar should check, worst first, with the reasons to doubt them.

Reads the TEI files the converter wrote (nothing else is needed): each link's @cert and @type, the text
of its sentences, and the document's own ratio of English to Chinese characters.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from lxml import etree

from .anchors import anchors_en, anchors_zh
from .problems import Level, Problem
from .xmlsafe import parse_file

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
RATIO_FACTOR = 2.0  # a bead whose length ratio is this far (either way) from the document's is suspicious
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class SuspiciousBead:
    path: str
    line: int
    cert: float
    kind: str
    zh: str
    en: str
    reasons: tuple[str, ...]

    def as_text(self, width: int = 60) -> str:
        return (
            f"{self.path}:{self.line}: cert {self.cert:.2f} {self.kind}: {_clip(self.zh, width // 2)} || "
            f"{_clip(self.en, width)} — {'; '.join(self.reasons)}"
        )

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["reasons"] = list(self.reasons)
        return d


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


def review_file(path: Path, below: float) -> tuple[list[SuspiciousBead], list[Problem]]:
    """Suspicious beads of one TEI file (cert < `below`, or a reason to doubt them)."""
    try:
        tree = parse_file(path)
    except (OSError, etree.XMLSyntaxError) as exc:
        return [], [Problem(str(path), 0, 0, Level.ERROR, "unreadable-tei", f"cannot read TEI: {exc}")]
    sentences: dict[str, str] = {}
    for s in tree.iterfind(".//t:body//t:s", NS):
        sid = s.get(XML_ID)
        if sid:
            sentences[sid] = _WS.sub(" ", "".join(s.itertext())).strip()
    links = tree.findall(".//t:standOff/t:linkGrp[@type='alignment']/t:link", NS)
    if not links:
        return [], [Problem(str(path), 0, 0, Level.WARNING, "no-alignment", "no alignment links to review")]
    beads = []
    total_zh = total_en = 0
    for link in links:
        ids = [t.lstrip("#") for t in (link.get("target") or "").split()]
        zh = "".join(sentences.get(i, "") for i in ids if i.startswith("zh"))
        en = " ".join(sentences.get(i, "") for i in ids if i.startswith("en"))
        beads.append((link, zh, en))
        if zh and en:
            total_zh += len(zh.replace(" ", ""))
            total_en += len(en)
    ratio = total_en / total_zh if total_zh and total_en else 0.0
    out = []
    for link, zh, en in beads:
        try:
            cert = float(link.get("cert", "1"))
        except ValueError:
            cert = 0.0
        kind = link.get("type") or f"{int(bool(zh))}-{int(bool(en))}"
        reasons = []
        if cert < below:
            reasons.append(f"low certainty ({cert:.2f})")
        if not zh or not en:
            reasons.append(f"no counterpart ({kind}): {'translation' if not en else 'original'} missing")
        else:
            nz, ne = _strong(_numbers(anchors_zh(zh))), _strong(_numbers(anchors_en(en)))
            if nz != ne:
                reasons.append(f"numbers differ ({', '.join(sorted(nz)) or '—'} vs {', '.join(sorted(ne)) or '—'})")
            latin = {k[2:] for k in anchors_zh(zh) if k.startswith("w:")} - {k[2:] for k in anchors_en(en)}
            if latin:
                reasons.append(f"names missing in the translation ({', '.join(sorted(latin))})")
            here = len(en) / max(len(zh.replace(" ", "")), 1)
            if ratio and abs(math.log(here / ratio)) > math.log(RATIO_FACTOR):
                reasons.append(f"length ratio {here:.1f} vs the document's {ratio:.1f}")
        if reasons:
            out.append(SuspiciousBead(str(path), link.sourceline or 0, cert, kind, zh, en, tuple(reasons)))
    return out, []


def review(paths: list[Path], below: float) -> tuple[list[SuspiciousBead], list[Problem]]:
    """All suspicious beads of the files, worst (lowest certainty) first."""
    found: list[SuspiciousBead] = []
    problems: list[Problem] = []
    for path in paths:
        beads, probs = review_file(path, below)
        found += beads
        problems += probs
    found.sort(key=lambda b: (b.cert, -len(b.reasons), b.path, b.line))
    return found, problems


def as_json(beads: list[SuspiciousBead]) -> str:
    return json.dumps([b.as_dict() for b in beads], ensure_ascii=False, indent=1)
