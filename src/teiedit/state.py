"""The build state: content hashes of inputs and digests of what each output was made from (SQLite).

Outdatedness is decided by content digests only. A file's (size, mtime_ns) merely caches its SHA-256 so
that a no-op rebuild of a large corpus does not re-read every file; a file whose mtime is too recent to
be trusted ("racy", as git calls it) is re-hashed next time.

Rows are read one at a time and changes are written in batches, so memory does not grow with the corpus.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from .meta import ArticleMeta
from .problems import Level, Problem

SCHEMA_VERSION = 2
_RACY_NS = 2_000_000_000  # a file modified within 2 s of hashing may change again within its mtime tick
_BATCH = 1000  # pending changes written to the database at once

_DDL = """
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha TEXT);
CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, digest TEXT, tei TEXT);
CREATE TABLE IF NOT EXISTS articles (
    name TEXT PRIMARY KEY, id TEXT, sha TEXT, validate_digest TEXT, valid INTEGER,
    problems TEXT, meta TEXT, html_digest TEXT, pdf_digest TEXT);
CREATE TABLE IF NOT EXISTS closures (stage TEXT PRIMARY KEY, paths TEXT, digest TEXT);
CREATE TABLE IF NOT EXISTS gathered (stage TEXT PRIMARY KEY, digest TEXT);
CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha TEXT);
"""
_TABLES = ("files", "sources", "articles", "closures", "gathered", "outputs")


def digest(*parts: object) -> str:
    """SHA-256 over the parts (as text), separated so that ("ab", "c") != ("a", "bc")."""
    h = Digest()
    for part in parts:
        h.add(part)
    return h.hexdigest()


class Digest:
    """An incremental `digest`: for parts too many to hold in memory at once."""

    def __init__(self) -> None:
        self._h = hashlib.sha256()

    def add(self, part: object) -> None:
        self._h.update(str(part).encode("utf-8"))
        self._h.update(b"\x00")

    def hexdigest(self) -> str:
        return self._h.hexdigest()


def file_sha256(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


VALID, INVALID, UNCHECKED = 1, 0, -1


@dataclass
class ArticleRow:
    """What the build knows about one TEI document (keyed by file name). Metadata and problems stay
    JSON text until asked for: a no-op rebuild reads every row but needs neither."""

    name: str
    id: str = ""
    sha: str = ""
    validate_digest: str = ""
    valid: int = UNCHECKED
    problems_json: str = "[]"
    meta_json: str = ""
    html_digest: str = ""
    pdf_digest: str = ""

    @property
    def problems(self) -> list[Problem]:
        if self.problems_json == "[]":
            return []
        return [Problem(a, b, c, Level(d), e, f) for a, b, c, d, e, f in json.loads(self.problems_json)]

    @problems.setter
    def problems(self, problems: list[Problem]) -> None:
        self.problems_json = json.dumps([[p.path, p.line, p.col, int(p.level), p.code, p.msg] for p in problems])

    @property
    def meta(self) -> ArticleMeta | None:
        if not self.meta_json:
            return None
        d = json.loads(self.meta_json)
        return ArticleMeta(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items()})

    @meta.setter
    def meta(self, meta: ArticleMeta | None) -> None:
        self.meta_json = json.dumps(asdict(meta), ensure_ascii=False) if meta else ""

    def to_sql(self) -> tuple[object, ...]:
        return (self.name, self.id, self.sha, self.validate_digest, self.valid, self.problems_json,
                self.meta_json, self.html_digest, self.pdf_digest)  # fmt: skip

    @classmethod
    def from_sql(cls, row: tuple[object, ...]) -> ArticleRow:
        name, id_, sha, vdig, valid, problems, meta, hdig, pdig = row
        return cls(str(name), str(id_), str(sha), str(vdig), int(valid), str(problems or "[]"), str(meta or ""),  # type: ignore[call-overload]
                   str(hdig), str(pdig))  # fmt: skip


class BuildState:
    """One state file (one per shard, so shards on different machines never write the same file)."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path)
            self._create()
        self.closures: dict[str, tuple[list[str], str]] = {
            s: (json.loads(p), d) for s, p, d in self.db.execute("SELECT stage, paths, digest FROM closures")
        }
        self.gathered: dict[str, str] = dict(self.db.execute("SELECT stage, digest FROM gathered"))
        # changes not yet written (None: delete)
        self._files: dict[str, tuple[int, int, str]] = {}
        self._sources: dict[str, tuple[str, str] | None] = {}
        self._articles: dict[str, ArticleRow | None] = {}
        self._outputs: dict[str, tuple[int, int, str]] = {}

    def _create(self) -> None:
        (version,) = self.db.execute("PRAGMA user_version").fetchone()
        if version != SCHEMA_VERSION:  # an older layout: start afresh (everything is rebuilt once)
            self.db.executescript("".join(f"DROP TABLE IF EXISTS {t};" for t in _TABLES))
        self.db.executescript(_DDL)
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self.db.commit()

    def _maybe_flush(self) -> None:
        if len(self._files) + len(self._sources) + len(self._articles) + len(self._outputs) >= _BATCH:
            self.flush()

    # -- file hashes -------------------------------------------------------------------------------
    def sha(self, path: Path | str, st: os.stat_result | None = None) -> str:
        """Content hash of a file, re-read only when its (size, mtime_ns) differ from last time."""
        key = os.path.abspath(path)
        st = st or os.stat(key)
        cached = (
            self._files.get(key)
            or self.db.execute("SELECT size, mtime_ns, sha FROM files WHERE path = ?", (key,)).fetchone()
        )
        if cached and cached[0] == st.st_size and cached[1] == st.st_mtime_ns:
            return str(cached[2])
        sha = file_sha256(key)
        self.remember(key, st.st_size, st.st_mtime_ns, sha)
        return sha

    def remember(self, path: Path | str, size: int, mtime_ns: int, sha: str) -> None:
        """Record a file's hash (a worker that wrote the file knows it already)."""
        racy = time.time_ns() - mtime_ns < _RACY_NS
        self._files[os.path.abspath(path)] = (size, -1 if racy else mtime_ns, sha)
        self._maybe_flush()

    def files_digest(self, paths: list[str]) -> str:
        return digest(*(f"{p}={self.sha(p)}" for p in sorted(paths)))

    # -- outputs: what a stage wrote, so that a deleted, truncated or rewritten output is remade ------
    def record_output(self, path: Path | str) -> None:
        """Remember an output as written: its size, mtime and content hash."""
        key = os.path.abspath(path)
        st = os.stat(key)
        self._outputs[key] = (st.st_size, st.st_mtime_ns, file_sha256(key))
        self._maybe_flush()

    def output_intact(self, path: Path | str) -> bool:
        """Is the output what the build wrote? Size and mtime as recorded: yes, unread; otherwise its
        content hash decides (a file only touched is still intact, and is recorded afresh)."""
        key = os.path.abspath(path)
        try:
            st = os.stat(key)
        except OSError:
            return False
        known = self._outputs.get(key) or self.db.execute(
            "SELECT size, mtime_ns, sha FROM outputs WHERE path = ?", (key,)
        ).fetchone()
        if not known:
            return False
        if known[0] == st.st_size and known[1] == st.st_mtime_ns:
            return True
        if known[0] != st.st_size or file_sha256(key) != known[2]:
            return False
        self._outputs[key] = (st.st_size, st.st_mtime_ns, str(known[2]))
        self._maybe_flush()
        return True

    # -- sources -------------------------------------------------------------------------------------
    def source(self, path: str) -> tuple[str, str] | None:
        """(digest, TEI path written) of a source file, as of its last conversion."""
        if path in self._sources:
            return self._sources[path]
        row = self.db.execute("SELECT digest, tei FROM sources WHERE path = ?", (path,)).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def set_source(self, path: str, digest_: str, tei: str) -> None:
        self._sources[path] = (digest_, tei)
        self._maybe_flush()

    def drop_source(self, path: str) -> None:
        self._sources[path] = None
        self._maybe_flush()

    def source_paths(self) -> Iterator[str]:
        self.flush()
        for (path,) in self.db.execute("SELECT path FROM sources").fetchall():
            yield str(path)

    # -- articles ------------------------------------------------------------------------------------
    def article(self, name: str) -> ArticleRow:
        """The row of a TEI document (a new, empty one when unknown). Call `put` after changing it."""
        if name in self._articles:
            return self._articles[name] or ArticleRow(name)
        row = self.db.execute("SELECT * FROM articles WHERE name = ?", (name,)).fetchone()
        return ArticleRow.from_sql(row) if row else ArticleRow(name)

    def put(self, row: ArticleRow) -> None:
        self._articles[row.name] = row
        self._maybe_flush()

    def drop_article(self, name: str) -> None:
        self._articles[name] = None
        self._maybe_flush()

    def stale_article_names(self, current: set[str]) -> list[str]:
        """Names of the rows whose TEI document is no longer there (streamed, not all loaded)."""
        self.flush()
        return [str(n) for (n,) in self.db.execute("SELECT name FROM articles") if n not in current]

    def iter_articles(self) -> Iterator[ArticleRow]:
        """Every row in name order, streamed."""
        self.flush()
        cursor = self.db.cursor()
        cursor.arraysize = 500
        for row in cursor.execute("SELECT * FROM articles ORDER BY name"):
            yield ArticleRow.from_sql(row)

    # -- stage-wide digests --------------------------------------------------------------------------
    def set_closure(self, stage: str, paths: list[str], digest_: str) -> None:
        self.closures[stage] = (paths, digest_)
        self.db.execute("INSERT OR REPLACE INTO closures VALUES (?, ?, ?)", (stage, json.dumps(paths), digest_))

    def set_gathered(self, stage: str, digest_: str) -> None:
        self.gathered[stage] = digest_
        self.db.execute("INSERT OR REPLACE INTO gathered VALUES (?, ?)", (stage, digest_))
        self.db.commit()

    def flush(self) -> None:
        """Write the pending changes (an interrupted build keeps the work it finished)."""
        if not (self._files or self._sources or self._articles or self._outputs):
            return
        db = self.db
        db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?)", [(p, *v) for p, v in self._outputs.items()])
        db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", [(p, *v) for p, v in self._files.items()])
        db.executemany("DELETE FROM sources WHERE path = ?", [(p,) for p, v in self._sources.items() if v is None])
        db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?)",
                       [(p, *v) for p, v in self._sources.items() if v is not None])  # fmt: skip
        db.executemany("DELETE FROM articles WHERE name = ?", [(n,) for n, r in self._articles.items() if r is None])
        db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [r.to_sql() for r in self._articles.values() if r is not None])  # fmt: skip
        db.commit()
        self._files.clear()
        self._sources.clear()
        self._articles.clear()
        self._outputs.clear()

    def close(self) -> None:
        self.flush()
        self.db.close()
