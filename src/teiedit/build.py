"""The build: seeds → convert → validate → pdf → html → index → deposit, incremental, parallel, sharded.

- Incremental: every per-article output records a digest of what it was made from (the TEI's content
  hash, the stage's stylesheet or schema closure, the edition config, teiedit's version and the stage's
  own code); an output is rebuilt only when that digest changes or the output is missing.
- Parallel: per stage, a process pool whose workers build their engine (compiled schema or stylesheets,
  one JVM for FOP) once, in the pool initializer, and take the work in chunks (imap, streamed).
- Sharded: `--shard K/N` builds the articles whose source id hashes into shard K; each shard keeps its
  own state file, and `--gather` makes the index and the deposit from all shards' states.

The stages of the other modules (`teiedit.validate`, `teiedit.render_html`, `teiedit.render_pdf`) are
imported lazily: when one is not installed, its stage is skipped with a warning and the rest goes on.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import __version__, dts, heal
from .buildopts import (  # noqa: F401  (re-exported: the build's public names)
    ENGINES,
    GATHER_STAGES,
    STAGES,
    BuildOptions,
    BuildReport,
    StageReport,
    _in_shard,
    load_engine_class,
    parse_shard,
    shard_of,
    tei_source_id,
)
from .config import CONFIG_NAME, EditionConfig
from .dictionary import dictionary_file, missing_warning
from .edition import claims, duplicate_teis, forget_orphan
from .fsutil import iter_files, write_atomic
from .problems import Level, Problem
from .state import INVALID, ArticleRow, BuildState, Digest, digest
from .workers import (  # noqa: F401  (_IN_PROCESS_MAX, _isolated: read by the tests)
    _IN_PROCESS_MAX,
    _close_engine,
    _closure_paths,
    _isolated,
    _open_engine,
    _render_index_page,
    run_parallel,
)

_PACKAGE = Path(__file__).resolve().parent
# teiedit's own modules whose code makes a stage's output (a change in them rebuilds that stage)
_STAGE_CODE = {
    "convert": ("parse.py", "segment.py", "align.py", "beads.py", "lattice.py", "jit.py", "alignlex.py", "longalign.py",
                "anchors.py", "names.py", "lexicon.py", "dictionary.py", "vectors.py", "encode.py", "convert.py", "config.py",
                "basefile.py", "merge.py", "mergefile.py", "schemaloc.py"),
    "validate": ("validate.py", "meta.py"),
    "html": ("render_html.py", "schemaloc.py", "dts.py"),
    "pdf": ("render_pdf.py", "pdfpost.py"),
    "deposit": ("deposit.py", "depositstage.py", "bagsite.py", "bagsources.py", "schemaloc.py"),
    "index": ("render_html.py", "browse.py", "search.py", "searchtext.py", "reading.py", "sitemeta.py", "meta.py", "export.py",
              "dts.py"),
}
# the table is learned from an even sample of at most this many articles: the associations that matter
# (names, terms) saturate long before a whole run, and learning stays a bounded one-off cost (time, memory)
MAX_TRAIN_ARTICLES = 2000
# the site's folders made per article by the html and pdf stages, not by the index stage (dts/: its
# collection level is the index stage's, fingerprinted on its own without the per-article resources/)
_NOT_INDEX = ("articles", "tei", "pdf", "pagefind", "dts")


# ---------------------------------------------------------------------------------------------------
# the build


class Build:
    """One run of the pipeline over a project (sources, TEI folder, build folder)."""

    def __init__(self, options: BuildOptions, config: EditionConfig) -> None:
        self.options = options
        self.config = config
        self.config_digest = digest(*config.digest_items())
        self.report = BuildReport()
        # one build at a time (raises heal.BuildLocked), then whatever a killed build left is healed
        self._lock = heal.BuildLock(heal.lock_path(options.build_dir, options.state_path))
        self._lock.acquire()
        try:
            self.report.problems.extend(heal.heal_project(options))
            self.state = BuildState(options.state_path)
        except BaseException:
            self._lock.release()
            raise
        self._closures: dict[str, str | None] = {}
        self._classes: dict[str, type | None] = {}
        self._shards: list[BuildState] = []
        self._gather_refused = False  # --gather found a shard whose articles were never built
        self.duplicates: list[Problem] = []  # TEI files claiming one source id (validate stage)

    # helpers ----------------------------------------------------------------------------------------
    def _progress(self, label: str, total: int) -> Any:
        if not self.options.progress or total == 0:
            return nullcontext(None)
        import click

        return click.progressbar(length=total, label=f"{label:<9}", file=sys.stderr, show_pos=True)

    def _engine_class(self, stage: str) -> type | None:
        if stage not in self._classes:
            self._classes[stage] = load_engine_class(self.options.engines.get(stage, ""))
        return self._classes[stage]

    def code_digest(self, stage: str) -> str:
        files = [str(_PACKAGE / name) for name in _STAGE_CODE.get(stage, ()) if (_PACKAGE / name).is_file()]
        return self.state.files_digest(files)

    def closure_digest(self, stage: str) -> str | None:
        """Digest of the stage's stylesheet/schema closure; None when the stage's module is missing."""
        if stage in self._closures:
            return self._closures[stage]
        cls = self._engine_class(stage)
        if cls is None:
            self._closures[stage] = None
            return None
        stored = self.state.closures.get(stage)
        result = None
        # the closure's file list can only change when one of its files changes
        if stored and all(os.path.exists(p) for p in stored[0]) and self.state.files_digest(stored[0]) == stored[1]:
            result = stored[1]
        if result is None:
            paths = _closure_paths(stage, cls, self.config, self.options)
            result = self.state.files_digest(paths)
            self.state.set_closure(stage, paths, result)
        self._closures[stage] = result
        return result

    def _stage(self, name: str) -> StageReport:
        report = StageReport(name)
        self.report.stages.append(report)
        return report

    def _wanted(self, name: str) -> bool:
        return name in self.options.stages

    # stages -----------------------------------------------------------------------------------------
    def run(self) -> BuildReport:
        try:
            self._run()
        except OSError as e:  # disk full, a read-only folder: the file named, never a traceback
            where = e.filename or self.options.build_dir
            self.report.problems.append(Problem(str(where), 0, 0, Level.ERROR, "os-error", e.strerror or str(e)))
        finally:
            try:
                self.state.close()
            except (OSError, sqlite3.Error) as e:  # a full disk can refuse the last write too
                self.report.problems.append(Problem(str(self.state.path), 0, 0, Level.ERROR, "os-error", str(e)))
            for shard in self._shards:
                shard.db.close()
            self._lock.release()
        return self.report

    def _run(self) -> None:
        if not self.options.gather:
            if self._wanted("convert"):
                self.convert()
            articles = self.scan_tei()
            if self._wanted("validate"):
                self.validate(articles)
            # PDFs first: an article page links its PDF only when the PDF is there
            if self._wanted("pdf"):
                self.render("pdf", articles)
                if self.options.volume and not self.options.shard:
                    self.volume(articles)
            if self._wanted("html"):
                self.render("html", articles)
        rows = self.gathered_rows() if self.options.gather else self.state.iter_articles
        if self._wanted("index"):
            self.index(rows)
        if self._wanted("deposit"):
            self.deposit(rows)

    def aligner_model(self, sources: list[Path]) -> tuple[EditionConfig, str]:
        """The config the converter runs with, and the digest of the aligner's evidence files.

        A model named by `align_model` is used as it is. Otherwise a table under build/ is used when there
        is one: `--retrain-aligner` learns it from the run's sources (and relearns it), later builds reuse
        it, so adding articles does not re-align the others. None is learned by default: with the
        dictionary a corpus table no longer earns its training time (on the dev data it added 0.001 F1
        for ~28 s of training, README "Alignment"). The content of the model and dictionary, not their
        names, decides what is outdated."""
        config = self.config
        model = self.options.model_path
        missing = missing_warning(config.align_dictionary, "the articles converted now are")
        if missing and sources:
            self.report.problems.append(Problem(CONFIG_NAME, 0, 0, Level.WARNING, "dictionary-missing", missing))
        if self.options.retrain_aligner and not config.align_model and not self.options.shard:
            from .convert import train_aligner

            t0 = time.perf_counter()
            step = -(-len(sources) // MAX_TRAIN_ARTICLES)  # ceil: an even, stable sample of the run
            sample = sorted(sources)[::step]
            jobs = self.options.workers if len(sample) > 64 else 1
            table, count, _ = train_aligner(sample, config, jobs)  # unreadable sources are reported by convert
            write_atomic(model, table.to_bytes())
            self.report.problems.append(Problem(str(model), 0, 0, Level.INFO, "aligner-trained",
                f"aligner table learned from {count} articles: {len(table)} word pairs "
                f"({time.perf_counter() - t0:.1f} s)"))  # fmt: skip
        if not config.align_model and model.exists():
            config = replace(config, align_model=str(model))
        files = [f for f in (config.align_model, dictionary_file(config.align_dictionary)) if f]
        return config, digest(*(self.state.sha(f) if os.path.exists(f) else f"missing:{f}" for f in files))

    def convert(self) -> None:
        report = self._stage("convert")
        t0 = time.perf_counter()
        from .parse import source_id_for

        sources = [s for s in iter_files(self.options.sources, ".txt")]
        config, evidence = self.aligner_model(sources)
        base = digest("convert", __version__, self.config_digest, self.code_digest("convert"), evidence)

        todo: list[tuple[str, str]] = []
        seen: set[str] = set()
        claimed = claims(sources, self.state.sha, self.options.shard, self.report.problems)
        for source in sources:
            sid = source_id_for(source, "") or self.state.sha(source)[:16]
            if not _in_shard(sid, self.options.shard):
                continue
            key = str(source)
            seen.add(key)
            if key in claimed:  # two sources, one id: neither wins
                report.failed += 1
                continue
            want = digest(base, self.state.sha(source))
            done = self.state.source(key)
            if done and done[0] == want and done[1] and os.path.exists(done[1]):
                report.up_to_date += 1
            else:
                todo.append((key, done[1] if done else ""))  # the TEI it made before: a rename merges it
        del sources
        for key in list(self.state.source_paths()):
            tei = (self.state.source(key) or ("", ""))[1]
            if key not in seen and not os.path.exists(key) and forget_orphan(key, tei, self.report.problems):
                self.state.drop_source(key)
        with self._progress("convert", len(todo)) as bar:
            for source, status, target, stat, problems in run_parallel("convert", None, todo, config, self.options):
                heal.checkpoint("convert")
                self.report.problems.extend(problems)
                if status in ("FAILED", "CONFLICT"):  # a conflict is retried (and reported) every build
                    report.failed += 1
                    if status == "FAILED":
                        self.state.drop_source(source)
                    else:
                        self.state.set_source(source, "conflict", target)
                else:
                    report.done += 1
                    old = (self.state.source(source) or ("", ""))[1]
                    if old and target and old != target:
                        self._retire_tei(Path(old), source)
                    self.state.set_source(source, digest(base, self.state.sha(source)), target)
                    if stat:
                        self.state.remember(target, *stat)
                if bar is not None:
                    bar.update(1)
        self.state.flush()
        report.seconds = time.perf_counter() - t0

    def _retire_tei(self, old: Path, source: str) -> None:
        """A source now makes a TEI of another name (its date or page changed): drop the old one if unedited."""
        from .encode import is_hand_edited

        if not old.exists():
            return
        if is_hand_edited(old.read_bytes()):
            self.report.problems.append(Problem(str(old), 0, 0, Level.WARNING, "stale-tei",
                f"{source} now makes another TEI file; this one was edited by hand and is kept"))  # fmt: skip
        else:
            old.unlink()

    def scan_tei(self) -> list[tuple[str, str]]:
        """(path, content hash) of this shard's TEI documents; forget (and clean up after) removed ones.

        Plain strings, no Path or DirEntry objects kept: this list is the build's one per-article list."""
        tei_dir = str(self.options.tei_dir)
        names: list[str] = []
        if os.path.isdir(tei_dir):
            with os.scandir(tei_dir) as it:
                names = sorted(e.name for e in it if e.name.endswith(".xml") and not e.name.startswith("."))
        shard = self.options.shard
        found = [
            (path, self.state.sha(path))
            for path in (os.path.join(tei_dir, n) for n in names if _in_shard(tei_source_id(n), shard))
            if os.path.isfile(path)
        ]
        current = {os.path.basename(p) for p, _ in found}
        del names
        for name in self.state.stale_article_names(current):
            self._remove_outputs(self.state.article(name))
            self.state.drop_article(name)
        return found

    def _outputs(self, stage: str, row: ArticleRow) -> list[Path]:
        o = self.options
        if stage == "html":
            return [o.html_dir / "articles" / f"{row.id}.html", o.html_dir / "tei" / row.name,
                    dts.article_output(o.html_dir, row.id)]  # fmt: skip
        if stage == "pdf":
            return [o.pdf_dir / f"{row.id}.pdf", o.html_dir / "pdf" / f"{row.id}.pdf"]
        return []

    def _remove_outputs(self, row: ArticleRow, stages: Iterable[str] = ("html", "pdf")) -> None:
        for stage in stages:
            if row.id:
                for path in self._outputs(stage, row):
                    path.unlink(missing_ok=True)
                if stage == "html":
                    dts.remove_article(self.options.html_dir, row.id)
            setattr(row, f"{stage}_digest", "")
        self.state.put(row)

    def validate(self, articles: list[tuple[str, str]]) -> None:
        report = self._stage("validate")
        t0 = time.perf_counter()
        closure = self.closure_digest("validate")
        if closure is None:
            report.note = "no teiedit.validate: documents read but not validated"
            self.report.problems.append(Problem("build", 0, 0, Level.WARNING, "stage-missing",
                "validate stage skipped: teiedit.validate is not installed (TEI only checked for well-formedness)"))  # fmt: skip
        base = digest("validate", __version__, closure, self.code_digest("validate"))
        todo: list[str] = []
        for path, sha in articles:
            row = self.state.article(Path(path).name)
            want = digest(base, sha)
            if row.sha == sha and row.validate_digest == want:
                report.up_to_date += 1
                self.report.problems.extend(row.problems)  # still true: report again
                report.failed += row.valid == INVALID
            else:
                todo.append(path)
                row.sha = sha
                self.state.put(row)
        spec = self.options.engines["validate"] if closure is not None else None
        with self._progress("validate", len(todo)) as bar:
            for name, valid, problems, meta in run_parallel("validate", spec, todo, self.config, self.options):
                heal.checkpoint("validate")
                row = self.state.article(name)
                row.valid, row.problems, row.meta = valid, problems, meta
                row.id = meta.id if meta else Path(name).stem
                row.validate_digest = digest(base, row.sha)
                if valid == INVALID:
                    report.failed += 1
                    last_good = self._last_good(row)
                    if last_good is None:
                        self._remove_outputs(row)  # an invalid document gets no HTML or PDF
                    else:  # the site keeps what it published, until the file is valid again
                        row.meta, row.id = last_good, last_good.id
                report.done += 1
                self.report.problems.extend(problems)
                self.state.put(row)
                if bar is not None:
                    bar.update(1)
        self.state.flush()
        # edition-level: one source id, one TEI file (checked on every build, reported on each file)
        claims_ = []
        for path, _sha in articles:
            meta = self.state.article(Path(path).name).meta
            claims_.append((path, meta.source_id if meta is not None else ""))
        self.duplicates = duplicate_teis(claims_)
        self.report.problems.extend(self.duplicates)
        report.seconds = time.perf_counter() - t0

    def _last_good(self, row: ArticleRow) -> Any:
        """The metadata of the article's last valid version the site published (build/html/tei/), if any."""
        from lxml import etree

        from .meta import read_meta

        copy = self.options.html_dir / "tei" / row.name
        try:
            return read_meta(copy) if copy.is_file() else None
        except (OSError, etree.XMLSyntaxError):
            return None

    def _listed(self, row: ArticleRow) -> bool:
        """On the index, the date pages and in search: valid, or invalid with its last good version kept."""
        if not row.meta_json:
            return False
        return row.valid != INVALID or (self.options.html_dir / "tei" / row.name).is_file()

    def render(self, stage: str, articles: list[tuple[str, str]]) -> None:
        report = self._stage(stage)
        t0 = time.perf_counter()
        closure = self.closure_digest(stage)
        if closure is None:
            report.note = f"skipped: {self.options.engines[stage].split(':')[0]} is not installed"
            self.report.problems.append(Problem("build", 0, 0, Level.WARNING, "stage-missing",
                f"{stage} stage skipped: {self.options.engines[stage]} is not installed"))  # fmt: skip
            report.seconds = time.perf_counter() - t0
            return
        base = digest(stage, __version__, closure, self.config_digest, self.code_digest(stage))
        links = self._neighbour_links() if stage == "html" else {}
        todo: list[Any] = []
        wants: dict[str, str] = {}
        for path, sha in articles:
            row = self.state.article(Path(path).name)
            if row.valid == INVALID or row.sha != sha or not row.id:
                continue  # invalid (or not read yet, when validate was skipped): no output
            if stage == "html":  # a page also shows its neighbours and links its PDF when there is one
                link = links.get(row.id)
                want = digest(base, sha, link, self._has_pdf(row.id))
            else:
                want = digest(base, sha)
            if getattr(row, f"{stage}_digest") == want and all(map(self.state.output_intact, self._outputs(stage, row))):
                report.up_to_date += 1
            else:
                todo.append((path, links.get(row.id)) if stage == "html" else (path, row.id))
                wants[row.name] = want
        del links
        with self._progress(stage, len(todo)) as bar:
            for name, problems in run_parallel(stage, self.options.engines[stage], todo, self.config, self.options):
                heal.checkpoint(stage)
                row = self.state.article(name)
                self.report.problems.extend(problems)
                outputs = self._outputs(stage, row)
                if any(p.level >= Level.ERROR for p in problems):
                    report.failed += 1
                    setattr(row, f"{stage}_digest", "")
                elif not all(p.exists() for p in outputs):
                    report.failed += 1
                    setattr(row, f"{stage}_digest", "")
                    self.report.problems.append(Problem(name, 0, 0, Level.ERROR, f"{stage}-missing",
                        f"the {stage} stage wrote no {next(str(p) for p in outputs if not p.exists())}"))  # fmt: skip
                else:
                    report.done += 1
                    setattr(row, f"{stage}_digest", wants[name])
                    for path in outputs:
                        self.state.record_output(path)
                self.state.put(row)
                if bar is not None:
                    bar.update(1)
        self.state.flush()
        report.seconds = time.perf_counter() - t0

    def _has_pdf(self, article_id: str) -> bool:
        return os.path.exists(os.path.join(self.options.html_dir, "pdf", f"{article_id}.pdf"))

    def _neighbour_links(self) -> dict[str, Any]:
        """Each page's links to the previous and next article (by date and page) and to its day.

        They need every article's metadata; a shard does not see the others', so its pages link only
        to their day's page (which `--gather` writes with every article of the day)."""
        cls = self._engine_class("html")
        make_links = getattr(sys.modules[cls.__module__], "neighbour_links", None) if cls else None
        if make_links is None:
            return {}
        metas = [r.meta for r in self.state.iter_articles() if self._listed(r)]
        if self.options.shard:
            return {m.id: make_links([m])[m.id] for m in metas}
        return dict(make_links(metas))

    def volume(self, articles: list[tuple[str, str]]) -> None:
        """The whole edition as one book (pdf/volume.pdf), remade when any valid document changed."""
        report = self._stage("volume")
        t0 = time.perf_counter()
        closure = self.closure_digest("pdf")
        if closure is None:
            return
        want = Digest()
        for part in ("volume", __version__, closure, self.config_digest):
            want.add(part)
        paths = []
        for path, sha in articles:
            row = self.state.article(Path(path).name)
            if row.valid != INVALID and row.sha == sha:
                paths.append(Path(path))
                want.add(f"{row.name}:{sha}")
        out = self.options.pdf_dir / "volume.pdf"
        if self.state.gathered.get("volume") == want.hexdigest() and out.exists():
            report.up_to_date = 1
        elif paths:
            cls = self._engine_class("pdf")
            assert cls is not None
            engine = _open_engine("pdf", cls, self.config, self.options)
            try:
                problems = list(engine.render_volume(paths, out))
            finally:
                _close_engine(engine)
            self.report.problems.extend(problems)
            if any(p.level >= Level.ERROR for p in problems):
                report.failed = 1
            else:
                report.done = 1
                self.state.set_gathered("volume", want.hexdigest())
        report.seconds = time.perf_counter() - t0

    # gather stages (index, deposit): over all shards --------------------------------------------
    def gathered_rows(self) -> Callable[[], Iterator[ArticleRow]]:
        """Articles as the shards left them, checked against the TEI folder as it is now."""
        from .gather import read_shards

        self._shards, found, problems = read_shards(self.options, self.state)
        self.report.problems.extend(problems)
        self._gather_refused = any(p.level >= Level.ERROR for p in problems)
        shards = self._shards

        def rows() -> Iterator[ArticleRow]:
            for name, k in found:
                yield shards[k].article(name)

        return rows

    def index(self, rows: Callable[[], Iterator[ArticleRow]]) -> None:
        """The pages over all articles: index.html, the date pages (dates/…) and the search bundles.

        Redone when any document's metadata or content, the stylesheets or the config changed; the search
        stage then rebuilds only the bundles (years) whose documents changed."""
        report = self._stage("index")
        t0 = time.perf_counter()
        if self.options.shard:
            report.note = "made by --gather"
            return
        closure = self.closure_digest("html")
        if closure is None:
            report.note = "skipped: no teiedit.render_html"
            return
        from . import browse, export, search

        want = Digest()
        # the html closure holds the date and search pages' stylesheets too (a test keeps it so)
        for part in ("index", __version__, closure, self.config_digest, self.code_digest("index"),
                     search.pagefind_version()):  # fmt: skip
            want.add(part)
        metas = []
        entries = []  # what the search index needs, known already: no TEI file is read again
        for row in rows():
            if self._listed(row):
                want.add(f"{row.name}:{row.sha}:{row.meta_json}:{self._has_pdf(row.id)}")
                metas.append(row.meta)
                good = self.options.tei_dir if row.valid != INVALID else self.options.html_dir / "tei"
                entries.append((row.meta, good / row.name, row.sha))
        metas.sort(key=lambda m: m.sort_key)  # type: ignore[union-attr]
        html_dir = self.options.html_dir
        # the pages, assets and bundles as the last index stage left them: a deleted or changed one is remade
        pages_intact = (self.state.gathered.get("index-files") == heal.tree_fingerprint(html_dir, _NOT_INDEX)
                        and self.state.gathered.get("index-dts") == heal.tree_fingerprint(html_dir / "dts", ("resources",)))
        search_intact = self.state.gathered.get("index-search") == heal.tree_fingerprint(html_dir / "pagefind")
        if self._gather_refused:
            report.failed = 1
            report.note = "refused: not every shard's articles were built"
        elif self.state.gathered.get("index") == want.hexdigest() and pages_intact and search_intact:
            report.up_to_date = 1
        else:
            spec = self.options.engines["html"]
            problems = _isolated(_render_index_page, (spec, self.config, self.options, metas), len(metas))
            problems += _isolated(browse.write_date_pages, (metas, html_dir, self.config), len(metas))
            problems += search.build_search_index(
                (), html_dir, state_path=self.options.state_dir / "search-state.json", config=self.config,
                entries=entries, force=not search_intact,
            )
            problems += export.write_site_data((e[1] for e in entries), html_dir / "data")[1]  # TMX, XCES, TSV, JSONL
            problems += dts.write_collections(metas, html_dir, self.config)  # DTS: entry point, collections
            self.report.problems.extend(problems)
            if any(p.level >= Level.ERROR for p in problems):
                report.failed = 1
            else:
                report.done = 1
                self.state.set_gathered("index-files", heal.tree_fingerprint(html_dir, _NOT_INDEX))
                self.state.set_gathered("index-dts", heal.tree_fingerprint(html_dir / "dts", ("resources",)))
                self.state.set_gathered("index-search", heal.tree_fingerprint(html_dir / "pagefind"))
                self.state.set_gathered("index", want.hexdigest())
        report.seconds = time.perf_counter() - t0

    def deposit(self, rows: Callable[[], Iterator[ArticleRow]]) -> None:
        from .depositstage import run_deposit

        run_deposit(self, rows)


def build(options: BuildOptions, config: EditionConfig) -> BuildReport:
    """Run the pipeline; problems are returned in the report, never raised."""
    try:
        runner = Build(options, config)
    except heal.BuildLocked as e:
        report = BuildReport()
        report.problems.append(Problem(str(options.build_dir), 0, 0, Level.ERROR, "build-locked", str(e)))
        return report
    except OSError as e:
        report = BuildReport()
        where = e.filename or options.build_dir
        report.problems.append(Problem(str(where), 0, 0, Level.ERROR, "os-error", e.strerror or str(e)))
        return report
    return runner.run()
