"""Edition-level checks: one source id, one source; one source id, one TEI file (issue 13 §3, reported
on every file that claims it, by `teiedit validate` and by the build); the same text twice; a source
deleted under its TEI (issue 19 §4). Problems, never silent winners."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from .basefile import remove_base
from .buildopts import _in_shard, tei_source_id
from .encode import is_hand_edited
from .parse import source_id_for
from .problems import Level, Problem


def claims(sources: list[Path], sha: Callable[[Path], str], shard: tuple[int, int] | None,
           problems: list[Problem]) -> set[str]:  # fmt: skip
    """Sources that share a source id with another: each is reported as an error and none is converted
    (which one is right is the editor's call). The same text under two ids is a warning."""
    by_id: dict[str, list[str]] = {}
    by_text: dict[str, list[str]] = {}
    for source in sources:
        digest = sha(source)
        by_id.setdefault(source_id_for(source, "") or digest[:16], []).append(str(source))
        by_text.setdefault(digest, []).append(str(source))
    claimed: set[str] = set()
    for sid, paths in by_id.items():
        if len(paths) > 1 and _in_shard(sid, shard):
            claimed.update(paths)
            problems.extend(Problem(p, 0, 0, Level.ERROR, "duplicate-source-id",
                f"source id {sid} is claimed by {len(paths)} sources ({', '.join(paths)}): neither is "
                "converted until one is renamed or removed") for p in paths)  # fmt: skip
    for paths in by_text.values():
        if len(paths) > 1:
            problems.extend(Problem(p, 0, 0, Level.WARNING, "same-text",
                f"the same article text is in {len(paths)} sources ({', '.join(paths)})") for p in paths)  # fmt: skip
    return claimed


def forget_orphan(source: str, tei_path: str, problems: list[Problem]) -> bool:
    """A deleted source: its TEI goes (the build then removes its outputs) unless it was edited by hand;
    an edited one is kept and reported on every build. True when the source can be forgotten."""
    tei = Path(tei_path)
    if not tei_path or not tei.is_file():
        return True
    if is_hand_edited(tei.read_bytes()):
        problems.append(Problem(str(tei), 0, 0, Level.WARNING, "orphaned",
            f"its source {source} was deleted; kept because it was edited by hand (delete it to drop it)"))  # fmt: skip
        return False
    tei.unlink()
    remove_base(tei)
    return True


_SOURCE_ID_RE = re.compile(rb"<idno\b[^>]*\btype=[\"']source-id[\"']")


def source_id_line(path: Path) -> int:
    """The line of the TEI's `idno[@type='source-id']` (0 when it has none), for pointing at the claim."""
    try:
        data = path.read_bytes()
    except OSError:
        return 0
    m = _SOURCE_ID_RE.search(data)
    return data.count(b"\n", 0, m.start()) + 1 if m else 0


def duplicate_teis(files: Iterable[tuple[str, str]]) -> list[Problem]:
    """TEI files that claim one source id: an error on each of them, naming the others.

    `files` holds (path, source id as the TEI's publicationStmt says, "" when unknown); an unknown id falls
    back to the one in the file name (rmrb-<date>-p<page>-<source id>.xml); files are compared within
    their folder (the edition's `tei/`, not a test fixture folder or a backup elsewhere). Which file is right is the
    editor's call (typically an old copy left behind or a file copied by hand): neither is dropped."""
    by_id: dict[tuple[str, str], list[str]] = {}
    for path, sid in files:  # an edition is one folder of TEI files: copies in other folders are not claims
        by_id.setdefault((str(Path(path).parent), sid or tei_source_id(Path(path).name)), []).append(path)
    problems = []
    for (_, sid), paths in sorted(by_id.items()):
        if len(paths) < 2:
            continue
        for path in paths:
            others = ", ".join(Path(p).name for p in paths if p != path)
            problems.append(Problem(path, source_id_line(Path(path)), 0, Level.ERROR, "duplicate-source-id",
                f"source id {sid} is also claimed by {others}: one source, one TEI file (keep one, "
                "move its edits over, delete the other)"))  # fmt: skip
    return problems
