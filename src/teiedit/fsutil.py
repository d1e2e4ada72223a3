"""File helpers shared by every stage: atomic writes, source discovery, and where the stylesheets are."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`xslt` or `schema`: inside the package when installed from a wheel (pyproject maps them there),
    else at the top of the checkout (an editable install, or the source tree)."""
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parents[1] / name


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """`write_atomic`, unless the file holds these bytes already (a rebuild then writes nothing: on a
    busy file system a rename costs more than reading the file). True when written."""
    try:
        if os.path.getsize(path) == len(data) and Path(path).read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def swap_dir(tmp: Path, target: Path, old: Path | None = None, midway: Callable[[], None] | None = None) -> None:
    """Put the finished folder `tmp` in the place of `target`: the old one is parked at `old` (default
    `.<name>.old` beside it) for the instant between the two renames, then removed. A parked folder a
    killed build left behind is removed first, so the rename never meets a non-empty folder (the build's
    sweep restores such a folder before any stage runs). `midway` runs between the renames (the kill
    tests' checkpoint)."""
    old = old if old is not None else target.parent / f".{target.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    if midway is not None:
        midway()
    os.replace(tmp, target)
    if old.exists():
        shutil.rmtree(old)


def iter_files(paths: Iterable[Path], suffix: str) -> Iterator[Path]:
    """Files named directly, and files with `suffix` inside named folders, in sorted order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob(f"*{suffix}") if p.is_file() and not p.name.startswith("."))
        else:
            yield path
