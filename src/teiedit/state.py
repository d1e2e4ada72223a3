"""The build state: content hashes of inputs and digests of what each output was made from (SQLite).

Outdatedness is decided by content digests only. A file's (size, mtime_ns) merely caches its SHA-256 so
that a no-op rebuild of a large corpus does not re-read every file; a file whose mtime is too recent to
be trusted ("racy", as git calls it) is re-hashed next time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .meta import ArticleMeta
from .problems import Level, Problem

SCHEMA_VERSION = 1
_RACY_NS = 2_000_000_000  # a file modified within 2 s of hashing may change again within its mtime tick

_DDL = """
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha TEXT);
CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, digest TEXT, tei TEXT);
CREATE TABLE IF NOT EXISTS articles (
    name TEXT PRIMARY KEY, id TEXT, sha TEXT, validate_digest TEXT, valid INTEGER,
    problems TEXT, meta TEXT, html_digest TEXT, pdf_digest TEXT);
CREATE TABLE IF NOT EXISTS closures (stage TEXT PRIMARY KEY, paths TEXT, digest TEXT);
CREATE TABLE IF NOT EXISTS gathered (stage TEXT PRIMARY KEY, digest TEXT);
"""


def digest(*parts: object) -> str:
    """SHA-256 over the parts (as text), separated so that ("ab", "c") != ("a", "bc")."""
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def file_sha256(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


VALID, INVALID, UNCHECKED = 1, 0, -1


@dataclass
class ArticleRow:
    """What the build knows about one TEI document (keyed by file name)."""

    name: str
    id: str = ""
    sha: str = ""
    validate_digest: str = ""
    valid: int = UNCHECKED
    problems: list[Problem] = field(default_factory=list)
    meta: ArticleMeta | None = None
    html_digest: str = ""
    pdf_digest: str = ""

    def to_sql(self) -> tuple[object, ...]:
        problems = json.dumps([[p.path, p.line, p.col, int(p.level), p.code, p.msg] for p in self.problems])
        meta = json.dumps(asdict(self.meta), ensure_ascii=False) if self.meta else ""
        return (self.name, self.id, self.sha, self.validate_digest, self.valid, problems, meta,
                self.html_digest, self.pdf_digest)  # fmt: skip

    @classmethod
    def from_sql(cls, row: tuple[object, ...]) -> ArticleRow:
        name, id_, sha, vdig, valid, problems, meta, hdig, pdig = row
        probs = [Problem(a, b, c, Level(d), e, f) for a, b, c, d, e, f in json.loads(str(problems) or "[]")]
        m = None
        if meta:
            d = json.loads(str(meta))
            m = ArticleMeta(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items()})
        return cls(str(name), str(id_), str(sha), str(vdig), int(valid), probs, m, str(hdig), str(pdig))  # type: ignore[arg-type]


class BuildState:
    """One state file (one per shard, so shards on different machines never write the same file)."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path)
            self.db.executescript(_DDL)
            self._check_version()
        self.files: dict[str, tuple[int, int, str]] = {
            p: (s, m, h) for p, s, m, h in self.db.execute("SELECT path, size, mtime_ns, sha FROM files")
        }
        self.sources: dict[str, tuple[str, str]] = {
            p: (d, t) for p, d, t in self.db.execute("SELECT path, digest, tei FROM sources")
        }
        self.articles: dict[str, ArticleRow] = {
            r[0]: ArticleRow.from_sql(r) for r in self.db.execute("SELECT * FROM articles")
        }
        self.closures: dict[str, tuple[list[str], str]] = {
            s: (json.loads(p), d) for s, p, d in self.db.execute("SELECT stage, paths, digest FROM closures")
        }
        self.gathered: dict[str, str] = dict(self.db.execute("SELECT stage, digest FROM gathered"))
        self._dirty_files: set[str] = set()
        self._dirty_sources: set[str] = set()
        self._dirty_articles: set[str] = set()
        self._deleted_articles: set[str] = set()
        self._deleted_sources: set[str] = set()

    def _check_version(self) -> None:
        (version,) = self.db.execute("PRAGMA user_version").fetchone()
        if version not in (0, SCHEMA_VERSION):
            self.db.executescript("DROP TABLE files; DROP TABLE sources; DROP TABLE articles;"
                                  "DROP TABLE closures; DROP TABLE gathered;" + _DDL)  # fmt: skip
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- file hashes -------------------------------------------------------------------------------
    def sha(self, path: Path | str, st: os.stat_result | None = None) -> str:
        """Content hash of a file, re-read only when its (size, mtime_ns) differ from last time."""
        key = os.path.abspath(path)
        st = st or os.stat(key)
        cached = self.files.get(key)
        if cached and cached[0] == st.st_size and cached[1] == st.st_mtime_ns:
            return cached[2]
        sha = file_sha256(key)
        self.remember(key, st, sha)
        return sha

    def remember(self, path: Path | str, st: os.stat_result, sha: str) -> None:
        """Record a file's hash (a worker that wrote the file knows it already)."""
        racy = time.time_ns() - st.st_mtime_ns < _RACY_NS
        self.files[os.path.abspath(path)] = (st.st_size, -1 if racy else st.st_mtime_ns, sha)
        self._dirty_files.add(os.path.abspath(path))

    def files_digest(self, paths: list[str]) -> str:
        return digest(*(f"{p}={self.sha(p)}" for p in sorted(paths)))

    # -- rows ----------------------------------------------------------------------------------------
    def set_source(self, path: str, digest_: str, tei: str) -> None:
        self.sources[path] = (digest_, tei)
        self._dirty_sources.add(path)

    def drop_source(self, path: str) -> None:
        self.sources.pop(path, None)
        self._deleted_sources.add(path)

    def article(self, name: str) -> ArticleRow:
        row = self.articles.get(name)
        if row is None:
            row = self.articles[name] = ArticleRow(name)
        return row

    def touch(self, name: str) -> None:
        self._dirty_articles.add(name)

    def drop_article(self, name: str) -> None:
        self.articles.pop(name, None)
        self._deleted_articles.add(name)

    def set_closure(self, stage: str, paths: list[str], digest_: str) -> None:
        self.closures[stage] = (paths, digest_)
        self.db.execute("INSERT OR REPLACE INTO closures VALUES (?, ?, ?)", (stage, json.dumps(paths), digest_))

    def set_gathered(self, stage: str, digest_: str) -> None:
        self.gathered[stage] = digest_
        self.db.execute("INSERT OR REPLACE INTO gathered VALUES (?, ?)", (stage, digest_))
        self.db.commit()

    def flush(self) -> None:
        """Write what changed since the last flush (an interrupted build keeps the work it finished)."""
        db = self.db
        db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                       [(p, *self.files[p]) for p in self._dirty_files if p in self.files])  # fmt: skip
        db.executemany("DELETE FROM sources WHERE path = ?", [(p,) for p in self._deleted_sources])
        db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?)",
                       [(p, *self.sources[p]) for p in self._dirty_sources if p in self.sources])  # fmt: skip
        db.executemany("DELETE FROM articles WHERE name = ?", [(n,) for n in self._deleted_articles])
        db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [self.articles[n].to_sql() for n in self._dirty_articles if n in self.articles])  # fmt: skip
        db.commit()
        for s in (self._dirty_files, self._dirty_sources, self._dirty_articles, self._deleted_articles,
                  self._deleted_sources):  # fmt: skip
            s.clear()

    def close(self) -> None:
        self.flush()
        self.db.close()
