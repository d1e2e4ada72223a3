"""`teiedit status`: the edition's state, like `git status`, one entry per article that needs a look.

States: edited by hand; source changed since teiedit last wrote the file (merge pending), merged,
conflict (a proposal waits under build/merge/); invalid (the first problem); not yet converted; a source
id claimed by two sources or two TEI files (duplicate); the same text under two ids; a TEI whose source
is gone (orphaned). Validity comes from the build state when it describes the file as it is now, else the
file is validated here.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from .basefile import read_base
from .buildopts import tei_source_id
from .encode import is_hand_edited
from .fsutil import iter_files
from .meta import NS
from .parse import source_id_for
from .xmlsafe import parse_bytes

NEEDS_PERSON = {"conflict", "invalid", "duplicate"}


@dataclass
class Entry:
    tei: str
    source: str = ""
    states: list[str] = field(default_factory=list)
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"tei": self.tei, "source": self.source, "states": self.states, "detail": self.detail}


def _validity(path: Path, state_path: Path) -> str | None:
    """The first problem of an invalid file ("" when valid)."""
    from .state import INVALID, VALID, BuildState, file_sha256

    if state_path.exists():
        try:
            state = BuildState(state_path, readonly=True)
            row = state.article(path.name)
            state.close()
        except sqlite3.Error:
            row = None
        if row is not None and row.sha == file_sha256(path) and row.valid in (VALID, INVALID):
            errors = [p for p in row.problems if p.level.name == "ERROR"]
            return "" if row.valid == VALID else (str(errors[0]) if errors else "invalid")
    try:
        from .validate import Validator
    except ImportError:
        return ""
    found = [p for p in _validator(Validator).validate_file(path) if p.level.name == "ERROR"]
    return str(found[0]) if found else ""


_VALIDATOR: list[Any] = []


def _validator(cls: Any) -> Any:
    if not _VALIDATOR:
        _VALIDATOR.append(cls())
    return _VALIDATOR[0]


def edition_status(sources: list[Path], tei_dir: Path, build_dir: Path) -> list[Entry]:
    by_id: dict[str, list[Path]] = defaultdict(list)
    by_text: dict[str, list[Path]] = defaultdict(list)
    for src in iter_files(sources, ".txt"):
        by_id[source_id_for(src, "")].append(src)
        by_text[hashlib.sha256(src.read_bytes()).hexdigest()].append(src)
    teis: dict[str, list[Path]] = defaultdict(list)
    for tei in sorted(tei_dir.glob("*.xml")) if tei_dir.is_dir() else []:
        teis[tei_source_id(tei.name)].append(tei)
    entries: list[Entry] = []
    merge_dir = build_dir / "merge"
    state_path = build_dir / "state" / "build.sqlite"
    candidates = sorted((build_dir / "state").glob("*.sqlite")) if (build_dir / "state").is_dir() else []
    if not state_path.exists() and candidates:
        state_path = candidates[0]
    for sid, files in sorted(teis.items()):
        srcs = by_id.get(sid, [])
        for tei in files:
            e = Entry(str(tei), ", ".join(map(str, srcs)))
            data = tei.read_bytes()
            if len(files) > 1:
                e.states.append("duplicate")
                e.detail = f"source id {sid} has {len(files)} TEI files: " + ", ".join(f.name for f in files)
            if len(srcs) > 1:
                e.states.append("duplicate")
                e.detail = f"source id {sid} is claimed by {len(srcs)} sources: " + ", ".join(map(str, srcs))
            if not srcs:
                e.states.append("orphaned")
            edited = is_hand_edited(data)
            if edited:
                e.states.append("edited")
                if any(c.get("type") == "merge" for c in _changes(data)):
                    e.states.append("merged")
            if (merge_dir / f"{tei.name}.conflicts.json").exists():
                e.states.append("conflict")
                e.detail = e.detail or f"proposed merge in {merge_dir / tei.name}"
            elif len(srcs) == 1 and _source_sha(data) != hashlib.sha256(srcs[0].read_bytes()).hexdigest():
                e.states.append("merge pending" if edited else "outdated")
            if edited and read_base(tei) is None:
                e.states.append("no merge base")
                e.detail = e.detail or "the next merge synthesizes one: parts that differ from the source become conflicts"
            invalid = _validity(tei, state_path)
            if invalid:
                e.states.append("invalid")
                e.detail = e.detail or invalid
            if e.states:
                entries.append(e)
    for sid, srcs in sorted(by_id.items()):
        if sid not in teis:
            for src in srcs:
                states = ["not yet converted"] + (["duplicate"] if len(srcs) > 1 else [])
                entries.append(Entry("", str(src), states, f"source id {sid}"))
    for _, srcs in sorted(by_text.items()):
        if len(srcs) > 1:
            for src in srcs:
                entries.append(Entry("", str(src), ["same text"],
                                     "the same article under several ids: " + ", ".join(map(str, srcs))))  # fmt: skip
    return entries


def _changes(data: bytes) -> list[etree._Element]:
    try:
        root = parse_bytes(data)
    except etree.XMLSyntaxError:
        return []
    return root.xpath("//t:revisionDesc/t:change", namespaces=NS)


def _source_sha(data: bytes) -> str:
    try:
        root = parse_bytes(data)
    except etree.XMLSyntaxError:
        return ""
    return str(root.xpath("string(//t:revisionDesc/t:change[@type='conversion']/t:idno[@type='source-sha256'])",
                          namespaces=NS))  # fmt: skip


def needs_person(entries: list[Entry]) -> bool:
    return any(NEEDS_PERSON & set(e.states) for e in entries)


def summary(entries: list[Entry]) -> str:
    counts = Counter(s for e in entries for s in e.states)
    return "status: " + (", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "everything up to date")


def to_json(entries: list[Entry]) -> str:
    counts = Counter(s for e in entries for s in e.states)
    return json.dumps({"articles": [e.as_dict() for e in entries], "counts": dict(sorted(counts.items())),
                       "needs_person": needs_person(entries)}, ensure_ascii=False, indent=2)  # fmt: skip
