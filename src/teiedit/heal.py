"""What makes a build safe to kill and to start twice: the project lock, the staging sweep, a state file
that cannot be read, and the outputs' fingerprints.

Every stage writes beside its target and renames into place (`fsutil.write_atomic`, the search bundles'
`.X.tmp` → `X`, the deposit's `.deposit.tmp-PID` → `deposit`), so a kill leaves at most staging files,
never half an output. The next build sweeps them before it starts (`sweep_staging`) and, where a kill fell
between the two renames of a swap, puts the previous output back so that no bundle is ever half-there.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import signal
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from .basefile import BASE_DIR
from .buildopts import BuildOptions
from .problems import Level, Problem

# the environment variable the kill tests set to "point" (see `checkpoint`)
KILL_ENV = "TEIEDIT_TEST_KILL_AT"


class BuildLocked(Exception):
    """Another build holds the project's lock."""


def checkpoint(point: str) -> None:
    """A named point of the build where the kill tests (tests/test_heal.py) SIGKILL the process.

    Costs one environment lookup; does nothing unless TEIEDIT_TEST_KILL_AT names this point."""
    if os.environ.get(KILL_ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)


# ---------------------------------------------------------------------------------------------------
# one build at a time


class BuildLock:
    """An exclusive `flock` on a lock file, holding the owner's pid.

    The kernel drops a flock when its process dies, however it dies: a stale lock (a killed build) is
    simply taken over, with no pid guessing. Shards each lock their own state, so a job array's shards run
    at once; unsharded builds and `--gather` share one lock (they write the same index and deposit)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            if e.errno in (errno.EAGAIN, errno.EACCES):
                raise BuildLocked(f"another build (pid {holder}) is running; lock: {self.path}") from None
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # the lock file stays: removing it would race with the next build's open
            self._fd = None


def lock_path(build_dir: Path, state_path: Path) -> Path:
    """A shard's own lock, or the project's (unsharded builds and --gather)."""
    if state_path.name.startswith("shard-"):
        return state_path.with_suffix(".lock")
    return build_dir / ".build.lock"


# ---------------------------------------------------------------------------------------------------
# staging left by a killed build


def _entries(folder: Path) -> Iterator[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            yield from list(it)
    except (FileNotFoundError, NotADirectoryError):
        return


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        Path(path).unlink(missing_ok=True)


_STAGING = re.compile(r"^\.(?P<target>.+?)(?:\.[^.]+\.tmp|\.tmp|\.tmp-\d+|(?P<old>\.old|\.old-\d+))$")


# a search bundle's folders of many files: never searched for staging, fingerprinted by their own mtime
_LEAF_FOLDERS = frozenset({"fragment", "index", "filter"})


def _is_staging(name: str) -> bool:
    return _STAGING.match(name) is not None


def sweep_staging(folders: Iterable[Path], swap_roots: Iterable[Path]) -> list[str]:
    """Remove the staging a killed build left in `folders` (and below the `swap_roots`, recursively);
    where a swap was cut between its two renames (`X` gone, `.X.old` there), put `.X.old` back as `X`.

    Returns the paths it removed or restored (for the report). Only names teiedit gives its staging are
    touched: a dot, then `.tmp`, `.old`, `.tmp-PID` or `.old-PID`."""
    done: list[str] = []
    for folder in folders:
        for entry in _entries(folder):
            if _is_staging(entry.name):
                _heal_one(folder, entry.name, done)
    for root in swap_roots:  # the swaps' staging sits at most two levels down (pagefind/1958/.en.old)
        level = [root]
        for _depth in range(3):
            below = []
            for folder in level:
                for entry in _entries(folder):
                    if _is_staging(entry.name):
                        _heal_one(folder, entry.name, done)
                    elif entry.is_dir(follow_symlinks=False) and entry.name not in _LEAF_FOLDERS:
                        below.append(Path(entry.path))
            level = below
    return done


def _heal_one(folder: Path, name: str, done: list[str]) -> None:
    path = folder / name
    m = _STAGING.match(name)
    if m and m.group("old"):
        target = folder / m.group("target")
        if not target.exists() and path.is_dir():  # cut mid-swap: the previous output goes back
            os.replace(path, target)
            done.append(f"{target} (restored)")
            return
    _remove(str(path))
    done.append(str(path))


# ---------------------------------------------------------------------------------------------------
# a state file that cannot be read


def check_state_file(path: Path) -> Problem | None:
    """Move a state file SQLite cannot open or read aside (`NAME.corrupt-TIME`), so the build starts a
    fresh one and remakes what it needs from the files on disk; the warning names both files."""
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (result,) = db.execute("PRAGMA quick_check").fetchone()
            for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                db.execute(f'SELECT * FROM "{table}" LIMIT 1').fetchall()
        finally:
            db.close()
        if result == "ok":
            return None
        why = str(result)
    except sqlite3.Error as e:
        why = str(e)
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
    os.replace(path, aside)
    for suffix in ("-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Problem(str(path), 0, 0, Level.WARNING, "state-corrupt",
                   f"the build state could not be read ({why}); moved aside to {aside.name}, "
                   "rebuilt from the files on disk")  # fmt: skip


# ---------------------------------------------------------------------------------------------------
# fingerprints of folders of outputs (the site's shared pages, the deposit)


def tree_fingerprint(root: Path, skip: Iterable[str] = ()) -> str:
    """A digest of every file's relative path, size and mtime below `root` (none read): a deleted, added,
    truncated or rewritten file changes it. `skip`: top-level folders left out (made by other stages).

    A search bundle's `fragment/`, `index/` and `filter/` folders (one file per article) count by their
    own mtime only, which any file added, removed or renamed there changes: a no-op build
    of 300,000 articles does not stat 300,000 fragments (a fragment rewritten in place is not noticed)."""
    import hashlib

    h = hashlib.sha256()
    if not root.is_dir():
        return ""
    skipped = set(skip)

    def walk(folder: str, rel: str) -> None:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
        for entry in entries:
            name = rel + entry.name
            if entry.is_dir(follow_symlinks=False):
                if not rel and entry.name in skipped:
                    continue
                if entry.name in _LEAF_FOLDERS:
                    st = entry.stat(follow_symlinks=False)
                    h.update(f"{name}/\0{st.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))
                    continue
                walk(entry.path, name + "/")
            else:
                st = entry.stat(follow_symlinks=False)
                h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))

    walk(str(root), "")
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------------
# workers die with their parent


def die_with_parent() -> None:
    """Called in each pool worker: end this process when the build's process dies, however it dies.

    On Linux the kernel sends SIGKILL at the parent's death (prctl PR_SET_PDEATHSIG); elsewhere, and as
    a fallback, a daemon thread polls the parent pid once a second. Without this a killed build's
    workers go on writing TEI and pages for the rest of their chunk."""
    import threading

    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="teiedit-parent-watch", daemon=True).start()


def heal_project(options: BuildOptions) -> list[Problem]:
    """Before a build (under its lock): sweep the staging a killed build left, check the state file."""
    o = options
    html = o.html_dir
    # tei/.teiedit-base: the merge bases' own temp files (`write_base` writes atomically too)
    folders = [o.tei_dir, o.tei_dir / BASE_DIR, o.build_dir, o.state_dir, o.pdf_dir, html, html / "articles",
               html / "tei", html / "pdf",
               html / "dts", html / "dts" / "collection", html / "dts" / "resources"]  # fmt: skip
    healed = sweep_staging(folders, [html / "pagefind", html / "dates", html / "assets"])
    problems = []
    if healed:
        problems.append(Problem(str(o.build_dir), 0, 0, Level.INFO, "staging-healed",
            f"{len(healed)} staging file(s) an interrupted build left were cleaned up, e.g. {healed[0]}"))  # fmt: skip
    problem = check_state_file(o.state_path)
    if problem:
        problems.append(problem)
    return problems


def bag_intact(out: Path, recorded: str) -> tuple[str, Problem | None]:
    """(fingerprint, problem) of the bag the last deposit stage wrote. Its files as recorded: intact,
    unread. Changed: re-validated, kept when still valid (files only touched), a problem when not."""
    if not (out / "bagit.txt").exists():
        return "", None
    now = tree_fingerprint(out)
    if now == recorded:
        return now, None
    import bagit

    try:
        bagit.Bag(str(out)).validate()
    except (bagit.BagError, OSError) as e:
        return "", Problem(str(out), 0, 0, Level.WARNING, "deposit-damaged",
            f"the deposit's files changed since it was made and it is no longer valid ({e}): remade")  # fmt: skip
    return now, None
