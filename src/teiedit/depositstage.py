"""The build's deposit stage (`teiedit build`, `--gather`): when to make the bag, from which documents,
and what to do with an earlier one; the bag itself is `teiedit.deposit`'s."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, heal
from . import deposit as dep
from .fsutil import iter_files
from .problems import Level, Problem
from .state import INVALID, UNCHECKED, ArticleRow, Digest, digest

if TYPE_CHECKING:
    from .build import Build


def run_deposit(build: Build, rows: Callable[[], Iterator[ArticleRow]]) -> None:
    """The build's deposit stage: refused (an earlier bag removed) when a document is invalid, two claim
    one source id or --gather found a shard not built; else the bag, remade only when its digest (what
    it is made from: documents, pages, PDFs, schemas, config file, command, versions) changed."""
    report = build._stage("deposit")
    t0 = time.perf_counter()
    if build.options.shard:
        report.note = "made by --gather"
        return
    if build._gather_refused:
        report.failed = 1
        report.note = "refused: not every shard's articles were built"
        build.report.problems.extend(dep.remove_stale(build.options.deposit_dir))
        return
    bag_date, why = dep.bagging_date(build.config)
    if why.startswith("today"):
        build.report.problems.append(Problem(str(build.options.deposit_dir), 0, 0, Level.WARNING, "bagging-date",
            "Bagging-Date is today's date: set SOURCE_DATE_EPOCH or [edition] bagging_date to make the bag reproducible"))  # fmt: skip
    schema = dep.schema_files(build.options.engines.get("validate"))
    command = "teiedit build --gather" if build.options.gather else "teiedit build"  # README.txt says it
    origin = [build.config.origin] if build.config.origin and os.path.isfile(build.config.origin) else []
    # which source texts exist (a restored or deleted source changes what data/sources/ can hold)
    texts = digest(*sorted({build.state.sha(p) for p in iter_files(build.options.sources, ".txt") if p.is_file()}))
    want = Digest()
    for part in ("deposit", __version__, build.config_digest, build.code_digest("deposit"), bag_date, command, texts,
                 build.state.files_digest([str(p) for p in schema] + [str(dep.DC_XSL), str(dep.CREDITS_XSL)]),
                 build.state.files_digest(origin), build.state.gathered.get("index", "")):  # fmt: skip
        want.add(part)
    invalid: list[str] = []
    unchecked = False
    tei_files: list[Path] = []
    for row in rows():
        if row.valid == INVALID:
            invalid.append(row.name)
            continue
        unchecked = unchecked or row.valid == UNCHECKED
        tei_files.append(build.options.tei_dir / row.name)
        want.add(f"{row.name}:{row.sha}:{row.html_digest}:{row.pdf_digest}")
    why = "are invalid"
    if not invalid and build.duplicates:  # two DC records, two bags' entries for one article
        invalid, why = sorted({Path(p.path).name for p in build.duplicates}), "claim one source id"
    if invalid:
        report.failed = 1
        report.note = f"refused: {len(invalid)} TEI document(s) {why}"
        build.report.problems.append(Problem(str(build.options.tei_dir), 0, 0, Level.ERROR, "deposit-refused",
            f"no deposit: {len(invalid)} TEI document(s) {why}, e.g. {invalid[0]}"))  # fmt: skip
        build.report.problems.extend(dep.remove_stale(build.options.deposit_dir))  # it would pass for this one
        report.seconds = time.perf_counter() - t0
        return
    if unchecked:
        build.report.problems.append(Problem(str(build.options.tei_dir), 0, 0, Level.WARNING, "not-validated",
            "the deposit holds TEI documents that were not validated (no teiedit.validate)"))  # fmt: skip
    out = build.options.deposit_dir
    zip_path = out.with_name(out.name + ".zip")
    if build.state.gathered.get("deposit") == want.hexdigest() and _bag_intact(build, out):
        report.up_to_date = 1
        if build.options.zip and not build.state.output_intact(zip_path):  # only its zip is wanted
            dep.write_zip(out, zip_path, bag_date)
            build.state.record_output(zip_path)
    else:
        problems = dep.make_deposit(build.config, tei_files, out, html_dir=build.options.html_dir,
                                    pdf_dir=build.options.pdf_dir, schema=schema, sources=build.options.sources,
                                    sha=build.state.sha, command=command, zip_=build.options.zip,
                                    date=bag_date)  # fmt: skip
        build.report.problems.extend(problems)
        if any(p.level >= Level.ERROR for p in problems):
            report.failed = 1
        else:
            report.done = 1
            if build.options.zip and zip_path.exists():
                build.state.record_output(zip_path)
            build.state.set_gathered("deposit-files", heal.tree_fingerprint(out))
            build.state.set_gathered("deposit", want.hexdigest())
    report.seconds = time.perf_counter() - t0

def _bag_intact(build: Build, out: Path) -> bool:
    recorded = build.state.gathered.get("deposit-files", "")
    now, problem = heal.bag_intact(out, recorded)
    if problem:
        build.report.problems.append(problem)
    elif now and now != recorded:  # changed but still valid: what is there now is the bag
        build.state.set_gathered("deposit-files", now)
    return problem is None and bool(now)
