"""`--gather`: read every shard's state and check that all shards ran before the index and deposit.

A gather that silently used what the shards happened to leave would publish a partial edition (a shard
that never ran, or was killed, leaves its articles out). So every source must have been converted by its
shard, and every TEI document built in its current version by some shard; otherwise the gather reports
each shard that must run (again) and the build writes no index and no deposit.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import heal
from .buildopts import BuildOptions, shard_of
from .fsutil import iter_files
from .problems import Level, Problem
from .state import BuildState


def read_shards(options: BuildOptions, state: BuildState) -> tuple[list[BuildState], list[tuple[str, int]], list[Problem]]:
    """(the shards' states, (TEI name, index of the shard that built it), problems)."""
    problems: list[Problem] = []
    shards = []
    for path in sorted(options.state_dir.glob("shard-*.sqlite")):
        problem = heal.check_state_file(path)
        if problem:  # a shard's state cannot be read: that shard must run again
            problems.append(Problem(str(path), 0, 0, Level.ERROR, "shard-unreadable",
                f"{problem.msg}; run that shard again"))  # fmt: skip
        else:
            shards.append(BuildState(path, readonly=True))
    problems += unbuilt_shards(options, state, shards)
    found: list[tuple[str, int]] = []
    tei_dir = options.tei_dir
    names = sorted(p.name for p in tei_dir.glob("*.xml")) if tei_dir.is_dir() else []
    for name in names:
        k, row = next(((k, r) for k, r in ((k, s.article(name)) for k, s in enumerate(shards)) if r.sha), (-1, None))
        if row is None or row.sha != state.sha(tei_dir / name):
            problems.append(Problem(str(tei_dir / name), 0, 0, Level.ERROR, "not-built",
                "no shard has built this version of the document (run the shards again)"))  # fmt: skip
            continue
        problems.extend(row.problems)
        found.append((name, k))
    state.flush()
    return shards, found, problems


def _partition(path: Path) -> tuple[int, int]:
    k, _, n = path.stem.removeprefix("shard-").partition("-of-")
    return int(k), int(n)


def unbuilt_shards(options: BuildOptions, state: BuildState, shards: list[BuildState]) -> list[Problem]:
    """Every source converted by its shard (of the partition the newest shard state belongs to, so an
    older partition's states left in build/state do not count); else one error per shard to run."""
    from .parse import source_id_for

    newest = max(shards, key=lambda s: s.path.stat().st_mtime_ns, default=None)
    n = _partition(newest.path)[1] if newest else 0
    by_k = {_partition(s.path)[0]: s for s in shards if _partition(s.path)[1] == n}
    missing: dict[int, list[str]] = {}
    for source in iter_files(options.sources, ".txt"):
        if n == 0:
            missing.setdefault(0, []).append(str(source))
            continue
        k = shard_of(source_id_for(source, "") or state.sha(source)[:16], n)
        done = by_k[k].source(str(source)) if k in by_k else None
        if not done or not done[1] or not os.path.exists(done[1]):
            missing.setdefault(k, []).append(str(source))
    problems = []
    for k, sources in sorted(missing.items()):
        if k == 0:
            what = "no shard has run (no build/state/shard-*.sqlite)"
        elif k not in by_k:
            what = f"shard {k}/{n} never ran"
        else:
            what = f"shard {k}/{n} did not build {len(sources)} of its sources"
        problems.append(Problem(str(options.state_dir), 0, 0, Level.ERROR, "shard-not-built",
            f"{what}, e.g. {sources[0]}: run it (again), then --gather; no index or deposit was written"))  # fmt: skip
    return problems
