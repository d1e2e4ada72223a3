"""What a build is asked to do and what it reports: the options, the stage names, the shard arithmetic.

Down a floor from `build` (the orchestration) and `workers` (the processes), which both read it.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

STAGES = ("convert", "validate", "html", "pdf", "index", "deposit")
GATHER_STAGES = ("index", "deposit")
ENGINES = {
    "validate": "teiedit.validate:Validator",
    "html": "teiedit.render_html:HtmlRenderer",
    "pdf": "teiedit.render_pdf:PdfRenderer",
}


def load_engine_class(spec: str) -> type | None:
    """The class named by "module:Class", or None when that module is not (yet) part of teiedit."""
    module_name, _, class_name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name and (module_name == e.name or module_name.startswith(e.name + ".")):
            return None
        raise
    return getattr(module, class_name, None)


_TEI_NAME = re.compile(r"^rmrb-\d{4}-\d\d-\d\d-p\d+-(.+)\.xml$")


# ---------------------------------------------------------------------------------------------------
# options and results


@dataclass(frozen=True)
class BuildOptions:
    sources: tuple[Path, ...] = (Path("seeds"),)
    tei_dir: Path = Path("tei")
    build_dir: Path = Path("build")
    jobs: int = 0  # 0: all cores
    stages: tuple[str, ...] = STAGES
    shard: tuple[int, int] | None = None  # (K, N), K in 1..N
    gather: bool = False
    zip: bool = False
    volume: bool = False  # also the whole edition as one PDF book (pdf/volume.pdf)
    retrain_aligner: bool = False  # relearn build/align-model.tsv from all sources
    progress: bool = True
    engines: dict[str, str] = field(default_factory=lambda: dict(ENGINES))

    @property
    def html_dir(self) -> Path:
        return self.build_dir / "html"

    @property
    def pdf_dir(self) -> Path:
        return self.build_dir / "pdf"

    @property
    def deposit_dir(self) -> Path:
        return self.build_dir / "deposit"

    @property
    def model_path(self) -> Path:
        return self.build_dir / "align-model.tsv"

    @property
    def state_dir(self) -> Path:
        return self.build_dir / "state"

    @property
    def state_path(self) -> Path:
        if self.shard:
            k, n = self.shard
            return self.state_dir / f"shard-{k:04d}-of-{n:04d}.sqlite"
        return self.state_dir / ("gather.sqlite" if self.gather else "build.sqlite")

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)


@dataclass
class StageReport:
    name: str
    done: int = 0  # items (re)built
    up_to_date: int = 0
    failed: int = 0
    seconds: float = 0.0
    note: str = ""  # why the stage was skipped, or what "failed" means here


@dataclass
class BuildReport:
    stages: list[StageReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def nothing_to_do(self) -> bool:
        """Nothing built and nothing failing: an open conflict or an invalid file is never "nothing to do"."""
        return all(s.done == 0 and s.failed == 0 for s in self.stages)

    def summary(self) -> str:
        lines = [f"{'stage':<10}{'built':>8}{'current':>9}{'failed':>8}{'seconds':>9}"]
        for s in self.stages:
            line = f"{s.name:<10}{s.done:>8}{s.up_to_date:>9}{s.failed:>8}{s.seconds:>9.2f}"
            lines.append(line + (f"  {s.note}" if s.note else ""))
        return "\n".join(lines)


def parse_shard(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise ValueError(f"--shard wants K/N with 1 ≤ K ≤ N, got {text!r}")
    return int(m.group(1)), int(m.group(2))


def shard_of(source_id: str, n: int) -> int:
    """Shard (1..n) of a source id: a stable hash, the same on every machine and Python run."""
    return int.from_bytes(hashlib.sha256(source_id.encode("utf-8")).digest()[:8], "big") % n + 1


def tei_source_id(name: str) -> str:
    """The source id carried in a TEI file name (rmrb-<date>-p<page>-<source id>.xml), else its stem."""
    m = _TEI_NAME.match(name)
    return m.group(1) if m else Path(name).stem


def _in_shard(source_id: str, shard: tuple[int, int] | None) -> bool:
    return shard is None or shard_of(source_id, shard[1]) == shard[0]
