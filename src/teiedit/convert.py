"""The convert stage: article text → TEI file, through parse → segment → align → encode.

Never overwrites a TEI file a scholar has edited: each file records the digest of the bytes teiedit
wrote, and a file whose bytes no longer match is merged with the new conversion instead (three-way,
against the base teiedit wrote last: `merge.py`, `basefile.py`), or replaced only when `force` is given.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import traceback
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from .align import AlignerOptions, align_document, learn_table
from .basefile import read_base, remove_base, write_base
from .config import EditionConfig
from .dictionary import dictionary_file, dictionary_for
from .encode import document_id, encode_tei, is_hand_edited, serialize_tei
from .fsutil import write_atomic
from .lexicon import LexicalTable
from .parse import Article, parse_article
from .problems import Level, Problem
from .schemaloc import SCHEMA_DIR, schema_dir_for
from .segment import split_article


class Status(Enum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    EDITED = "kept (edited by hand)"
    MERGED = "merged into hand edits"
    CONFLICT = "merge conflict"
    FAILED = "failed"


@dataclass
class ConvertResult:
    source: Path
    status: Status
    target: Path | None = None
    problems: list[Problem] = field(default_factory=list)


def tei_bytes(
    article: Article,
    config: EditionConfig,
    options: AlignerOptions | None = None,
    schema_dir: str = SCHEMA_DIR,
    sentences: tuple[list[list[str]], list[list[str]]] | None = None,
) -> bytes:
    """The TEI file for one article, as bytes (pure: same article, config, model and schema location →
    same bytes). `sentences`: the article's `split_article`, when the caller has it already."""
    zh, en = sentences if sentences is not None else split_article(article)
    alignment = align_document(zh, en, options if options is not None else aligner_options(config))
    return serialize_tei(encode_tei(article, zh, en, alignment, config), schema_dir)


def aligner_options(config: EditionConfig) -> AlignerOptions:
    """The aligner's evidence for this edition: the model and dictionary the config names, loaded once
    per version of the files (a table rewritten in a long-lived process, e.g. by a retraining build, is
    read again)."""
    stamp = _stamp(config.align_model, dictionary_file(config.align_dictionary))
    return _options(config.align_model, config.align_dictionary, stamp, config.align_vectors)


def _stamp(*paths: str) -> tuple[tuple[int, int] | None, ...]:
    """(size, mtime_ns) of each named file: the cache key of its loaded content."""
    stamps: list[tuple[int, int] | None] = []
    for path in paths:
        try:
            st = Path(path).stat() if path else None
        except OSError:
            st = None  # missing: _options reports it
        stamps.append((st.st_size, st.st_mtime_ns) if st else None)
    return tuple(stamps)


@lru_cache(maxsize=4)
def _options(
    model: str, dictionary: str, stamp: tuple[tuple[int, int] | None, ...] = (), vectors: bool = False
) -> AlignerOptions:
    if vectors:
        from .vectors import VectorsUnavailable, unavailable_reason

        reason = unavailable_reason()
        if reason:
            raise VectorsUnavailable(reason)
    table = None
    if model:
        table = LexicalTable.from_file(Path(model))
    cedict = dictionary_for(dictionary)
    if cedict is not None:
        table = cedict if table is None else table.merged(cedict)
    return AlignerOptions(table=table, use_vectors=vectors)


class _Documents:
    """The sentences of a run's articles, re-read on every pass: memory does not grow with the run."""

    def __init__(self, sources: Sequence[Path]) -> None:
        self.sources = sources
        self.problems: list[Problem] = []
        self.count = 0
        self.passes = 0

    def __iter__(self) -> Iterator[tuple[list[list[str]], list[list[str]]]]:
        self.passes += 1
        first = self.passes == 1
        for source in self.sources:
            article, found = parse_article(source)
            if first:
                self.problems.extend(found)
            if article is not None:
                self.count += first
                yield split_article(article)


def train_aligner(
    sources: Sequence[Path], config: EditionConfig, jobs: int = 1
) -> tuple[LexicalTable, int, list[Problem]]:
    """Learn the word-association table from a whole run (Moore 2002; see `align.learn_table`).

    The dictionary named by `align_dictionary` helps the first pass (it is not part of the result). With
    `jobs` > 1 the alignments of each pass run in that many processes (the same table results).
    Returns (table, articles read, problems of the sources that could not be read)."""
    dictionary = dictionary_for(config.align_dictionary)
    documents = _Documents(sources)
    if jobs <= 1:
        table = learn_table(documents, initial=dictionary)  # type: ignore[arg-type]
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            spread = functools.partial(pool.map, chunksize=32)
            table = learn_table(documents, initial=dictionary, map_documents=spread)  # type: ignore[arg-type]
    # (the dictionary is not merged in: `aligner_options` adds it at load time, so the written table
    # stays small and holds no dictionary data, and a newer dictionary needs no retraining)
    return table, documents.count, documents.problems


def tei_name(article: Article) -> str:
    return f"{document_id(article)}.xml"


def convert_file(
    source: Path,
    out_dir: Path,
    config: EditionConfig,
    force: bool = False,
    take: str | None = None,
    merge_dir: Path = Path("build/merge"),
    previous: Path | None = None,
) -> ConvertResult:
    """Convert one source. A hand-edited target is merged with the new conversion (`take` = "ours" or
    "theirs" resolves conflicts that way); `previous` is the TEI this source made before under another
    name (its date or page changed): its edits are merged into the new name and the old file goes."""
    try:
        size = source.stat().st_size
    except OSError:
        size = 0  # parse_article reports what cannot be read
    if size > config.max_source_bytes:
        msg = f"{size:,} bytes: larger than max_source_bytes ({config.max_source_bytes:,}, edition.toml); not converted"
        return ConvertResult(source, Status.FAILED, None, [Problem(str(source), 0, 0, Level.ERROR, "too-large", msg)])
    article, problems = parse_article(source)
    if article is None:
        return ConvertResult(source, Status.FAILED, None, problems)
    try:
        options = aligner_options(config)
    except (OSError, ValueError, RuntimeError) as exc:  # a missing or malformed align_model / align_dictionary
        problems.append(Problem(str(source), 0, 0, Level.ERROR, "align-model", f"alignment model: {exc}"))
        return ConvertResult(source, Status.FAILED, None, problems)
    sentences = split_article(article)
    too_long = _too_long(article, sentences, config.max_sentences)
    if too_long is not None:
        return ConvertResult(source, Status.FAILED, None, [*problems, too_long])
    target = out_dir / tei_name(article)
    data = tei_bytes(article, config, options, schema_dir_for(out_dir), sentences)
    ours_path = target
    if not target.exists() and previous is not None and previous != target and previous.exists():
        ours_path = previous  # renamed: the old file's edits move to the new name
    if ours_path.exists():
        old = ours_path.read_bytes()
        if old == data and ours_path == target:
            if read_base(target) is None:
                write_base(target, data)
            return ConvertResult(source, Status.UNCHANGED, target, problems)
        if is_hand_edited(old) and not force:
            base = read_base(ours_path)
            if base is None:  # edited before bases were kept, or the base lost: one is synthesized
                problems.append(Problem(str(ours_path), 0, 0, Level.INFO, "no-merge-base",
                    f"no merge base recorded ({ours_path.parent.name}/.teiedit-base/): merged against one made "
                    "from what the file and the new conversion agree on; parts that differ are conflicts"))  # fmt: skip
            from .mergefile import merge_into

            status = merge_into(source, ours_path, target, base, old, data, options, take, merge_dir, problems)
            return ConvertResult(source, Status[status], target if status != "CONFLICT" else ours_path, problems)
    try:
        write_atomic(target, data)  # a temporary file and a rename: nothing truncated is ever left
        write_base(target, data)
    except OSError as exc:  # a full disk, a read-only folder
        problems.append(Problem(str(target), 0, 0, Level.ERROR, "write-failed", f"cannot write: {exc.strerror or exc}"))
        return ConvertResult(source, Status.FAILED, None, problems)
    if ours_path != target:
        ours_path.unlink(missing_ok=True)
        remove_base(ours_path)
    return ConvertResult(source, Status.WRITTEN, target, problems)


def _too_long(
    article: Article, sentences: tuple[list[list[str]], list[list[str]]], limit: int
) -> Problem | None:
    """`[too-long]` when either version has more than `limit` sentences, at the line of the paragraph
    that passes it: an article far longer than any newspaper's is rejected by name before it is
    aligned, rather than taking a worker's time for minutes."""
    for side, paragraphs, parsed in (("original", sentences[0], article.zh), ("translation", sentences[1], article.en)):
        total = sum(len(p) for p in paragraphs)
        if total <= limit:
            continue
        running, line = 0, 0
        for sents, para in zip(paragraphs, parsed, strict=True):
            running += len(sents)
            if running > limit:
                line = para.line
                break
        counts = f"{sum(map(len, sentences[0])):,} sentences in {len(sentences[0]):,} paragraphs (original), " \
                 f"{sum(map(len, sentences[1])):,} in {len(sentences[1]):,} (translation)"  # fmt: skip
        msg = f"the {side} passes max_sentences ({limit:,}, edition.toml) here: {counts}; not converted"
        return Problem(article.path, line, 0, Level.ERROR, "too-long", msg)
    return None


def convert_one(source: Path, out_dir: Path, config: EditionConfig, **kw: Any) -> ConvertResult:
    """`convert_file`, with any unexpected exception turned into that source's error (the traceback only
    under `teiedit --debug`): one article never stops a run."""
    try:
        return convert_file(source, out_dir, config, **kw)
    except Exception as exc:
        msg = f"convert failed: {type(exc).__name__}: {' '.join(str(exc).split())}"
        msg += "\n" + traceback.format_exc() if os.environ.get("TEIEDIT_DEBUG") else " (teiedit --debug shows the traceback)"
        return ConvertResult(source, Status.FAILED, None, [Problem(str(source), 0, 0, Level.ERROR, "internal-error", msg)])
