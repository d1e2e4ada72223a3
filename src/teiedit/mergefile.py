"""Carrying out a merge on disk: validate the merged file before it replaces the scholar's, or leave the
scholar's file untouched and write the proposed merge and its conflicts under `build/merge/`."""

from __future__ import annotations

import json
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from .align import AlignerOptions
from .basefile import remove_base, write_base
from .fsutil import write_atomic
from .merge import Conflict, merge_tei
from .problems import Level, Problem


@lru_cache(maxsize=1)
def _validator() -> Any:
    from .validate import Validator

    return Validator()


def conflict_problem(path: Path, c: Conflict) -> Problem:
    return Problem(str(path), c.line, 0, Level.ERROR, "merge-conflict",
        f"{c.where} changed both by hand and in the new conversion: ours {c.ours!r}, theirs {c.theirs!r} "
        f"(base {c.base!r}); proposed merge in build/merge/, resolve with "
        f"`teiedit convert --take ours|theirs` or edit the file")  # fmt: skip


def proposal_paths(merge_dir: Path, name: str) -> tuple[Path, Path]:
    return merge_dir / name, merge_dir / f"{name}.conflicts.json"


def merge_into(source: Path, ours_path: Path, target: Path, base: bytes | None, ours: bytes, theirs: bytes,
               options: AlignerOptions, take: str | None, merge_dir: Path, problems: list[Problem]) -> str:  # fmt: skip
    """Merge and write; returns the convert status name (EDITED, MERGED, CONFLICT or FAILED)."""
    try:
        result = merge_tei(base, ours, theirs, take=take, options=options)
    except etree.XMLSyntaxError as exc:
        problems.append(Problem(str(ours_path), exc.lineno or 0, 0, Level.ERROR, "merge-failed",
                                f"cannot merge the new conversion of {source}: {exc}"))  # fmt: skip
        return "FAILED"
    proposal, report = proposal_paths(merge_dir, target.name)
    if result.conflicts and take is None:
        write_atomic(proposal, result.merged)
        conflicts = [c.__dict__ for c in result.conflicts]
        write_atomic(report, json.dumps({"tei": str(ours_path), "source": str(source), "conflicts": conflicts},
                                        ensure_ascii=False, indent=2).encode())  # fmt: skip
        problems.extend(conflict_problem(ours_path, c) for c in result.conflicts)
        return "CONFLICT"
    if not result.changed and ours_path == target:
        write_base(target, result.base)  # the new conversion brings nothing: its ids are the edition's
        _clear(proposal, report)
        problems.append(Problem(str(target), 0, 0, Level.INFO, "edited-by-hand",
            f"kept as edited by hand: the new conversion of {source} brings nothing new; "
            f"use --force to replace it"))  # fmt: skip
        return "EDITED"
    found = _validate(result.merged, target)
    if any(p.level == Level.ERROR for p in found):
        write_atomic(proposal, result.merged)
        problems.extend(found)
        problems.append(Problem(str(ours_path), 0, 0, Level.ERROR, "merge-invalid",
                                f"the merge with the new conversion of {source} is not valid; left unchanged, "
                                f"proposed merge in {proposal}"))  # fmt: skip
        return "CONFLICT"
    write_atomic(target, result.merged)
    write_base(target, result.base)
    if ours_path != target:
        ours_path.unlink(missing_ok=True)
        remove_base(ours_path)
    _clear(proposal, report)
    problems.append(Problem(str(target), 0, 0, Level.INFO, "merged",
        f"merged the new conversion of {source}: {result.counts['taken']} sentence(s) from the source, "
        f"{result.counts['kept']} kept as edited, {result.counts['reviewed']} reviewed link(s) kept"))  # fmt: skip
    return "MERGED"


def _clear(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _validate(data: bytes, target: Path) -> list[Problem]:
    """The merged bytes against the schema, reported under the target's name (when validation exists)."""
    try:
        validator = _validator()
    except ImportError:
        return []
    with tempfile.TemporaryDirectory(prefix="teiedit-merge-") as tmp:
        path = Path(tmp) / target.name
        path.write_bytes(data)
        found = validator.validate_file(path)
    return [Problem(str(target), p.line, p.col, p.level, p.code, p.msg) for p in found]
