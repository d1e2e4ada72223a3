"""Where the merge base lives: the TEI teiedit last wrote for an article, beside the scholar's file.

`tei/.teiedit-base/<name>.xml.gz` — under `tei/` so that it is committed and cloned with the edition
(`build/` is disposable), gzip-compressed with no timestamp (deterministic, about a third of the file: 6 kB for the 17 kB seed),
and hidden from every `tei/*.xml` reader. A scholar never edits it; teiedit rewrites it on every write.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from .fsutil import write_atomic

BASE_DIR = ".teiedit-base"


def base_path(target: Path) -> Path:
    return target.parent / BASE_DIR / f"{target.name}.gz"


def read_base(target: Path) -> bytes | None:
    """The bytes teiedit last wrote for `target`, or None when none were recorded (or they are unreadable)."""
    try:
        return gzip.decompress(base_path(target).read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile):
        return None


def write_base(target: Path, data: bytes) -> None:
    write_atomic(base_path(target), gzip.compress(data, compresslevel=9, mtime=0))


def remove_base(target: Path) -> None:
    base_path(target).unlink(missing_ok=True)
