"""What the deposit carries so that an archive can check each TEI document's claims from the bag alone:
the source text files (`data/sources/`) and the edition config (`data/edition.toml`).

Each TEI document records, in `revisionDesc/change[@type='conversion']`, the name of the source file it
was converted from (`name[@type='file']`) and the SHA-256 of that file's bytes as read
(`idno[@type='source-sha256']`, computed in `parse.parse_file` over the raw bytes, BOM and line ends
included). The deposit looks the file up among the build's sources by that name and digest (by digest
alone when the file has been renamed since) and copies those exact bytes to `data/sources/<name>`. A
TEI document whose recorded source is not found (an orphan: its source deleted, the document kept
because it was edited by hand; or a source changed since its conversion) is still deposited (the
edition is whole), with a warning, and the bag's README.txt lists it as one whose source-sha256 the
bag cannot prove. A document that records no source (written by hand) needs none.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from lxml import etree

from .config import EditionConfig
from .fsutil import iter_files
from .problems import Level, Problem

_NS = {"t": "http://www.tei-c.org/ns/1.0"}
_CONVERSION = "t:teiHeader/t:revisionDesc/t:change[@type='conversion']"
SOURCES_DIR = "sources"
CONFIG_FILE = "edition.toml"


@dataclass(frozen=True)
class RecordedSource:
    """The source a TEI document says it was converted from."""

    name: str  # the file's name, as the TEI records it
    sha256: str  # lower-case hex


def recorded_source(root: etree._Element) -> RecordedSource | None:
    """The recorded source of a parsed TEI document, None when it records none."""
    sha = str(root.xpath(f"string({_CONVERSION}/t:idno[@type='source-sha256'])", namespaces=_NS)).strip().lower()
    if not sha:
        return None
    name = str(root.xpath(f"string({_CONVERSION}/t:name[@type='file'])", namespaces=_NS)).strip()
    return RecordedSource(Path(name).name if name else f"{sha[:16]}.txt", sha)


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class SourceFinder:
    """The build's source files, by name (cheap: no file read) and, only when a name does not lead to the
    recorded bytes, by content (every source hashed once; the build passes its cached `state.sha`)."""

    def __init__(self, sources: Sequence[Path], sha: Callable[[Path], str] | None = None) -> None:
        self._sha = sha or _file_sha256
        self._by_name: dict[str, list[Path]] = {}
        for path in iter_files(sources, ".txt"):
            if path.is_file():
                self._by_name.setdefault(path.name, []).append(path)
        self._by_sha: dict[str, Path] | None = None

    def find(self, wanted: RecordedSource) -> Path | None:
        for path in self._by_name.get(wanted.name, ()):
            if self._sha(path) == wanted.sha256:
                return path
        if self._by_sha is None:
            self._by_sha = {}
            for paths in self._by_name.values():
                for path in paths:
                    self._by_sha.setdefault(self._sha(path), path)
        return self._by_sha.get(wanted.sha256)


def source_problem(tei: Path, wanted: RecordedSource, where: Iterable[Path]) -> Problem:
    folders = ", ".join(str(p) for p in where) or "(no sources given)"
    return Problem(str(tei), 0, 0, Level.WARNING, "source-missing",
        f"its source {wanted.name} (SHA-256 {wanted.sha256[:16]}…) is not among the sources ({folders}): "
        "the deposit cannot carry it and its README.txt says so; restore that file, or convert the "
        "document again")  # fmt: skip


def clash_problem(tei: Path, name: str, other: Path) -> Problem:
    return Problem(str(tei), 0, 0, Level.ERROR, "source-name-clash",
        f"its source {name} has other bytes than the source of the same name of {other.name}: "
        f"both cannot be data/{SOURCES_DIR}/{name}; rename one source")  # fmt: skip


def config_bytes(config: EditionConfig) -> bytes:
    """`data/edition.toml`: the edition config file as read, byte for byte; when the config came from
    pyproject.toml's [tool.teiedit] or from the defaults, the settings in effect written out as TOML."""
    origin = Path(config.origin) if config.origin else None
    if origin is not None and origin.name != "pyproject.toml" and origin.is_file():
        return origin.read_bytes()
    where = "[tool.teiedit] in pyproject.toml" if origin is not None else "teiedit's defaults (no edition.toml)"
    lines = [f"# The edition config in effect, from {where}, written out by the deposit.", "[edition]"]
    for f in fields(config):
        if f.name in ("extra", "origin"):
            continue
        lines.append(f"{f.name} = {_toml_value(getattr(config, f.name))}")
    lines += [f"{k} = {_toml_value(v)}" for k, v in sorted(config.extra.items()) if _toml_value(v)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _toml_value(value: object) -> str:
    """A TOML value for what a config holds: JSON's strings, numbers and arrays are TOML's too."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (tuple, list)) and all(isinstance(v, (int, float, str)) for v in value):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    return ""
