"""Command line: a thin layer over the library. Shared options are defined once."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import CONFIG_NAME, load_config
from .problems import Level, Problem, exit_code, quote_path, safe_message

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Edition config (default: ./edition.toml, else [tool.teiedit] in ./pyproject.toml).",
)


def output_option(default: str) -> Callable[[Any], Any]:
    return click.option(
        "-o",
        "--output",
        "output",
        type=click.Path(file_okay=False, path_type=Path),
        default=default,
        show_default=True,
        help="Output folder.",
    )


def paths_argument(default: str) -> Callable[[Any], Any]:
    def decorate(f: Any) -> Any:
        f = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))(f)
        f.__doc__ = (f.__doc__ or "") + f"\n\nPATHS are files or folders (default: {default}/)."
        return f

    return decorate


def report(problems: list[Problem]) -> None:
    for p in sorted(problems, key=lambda p: (p.path, p.line, p.col)):
        click.echo(str(p), err=p.level >= Level.WARNING)


@click.group()
@click.version_option(__version__, prog_name="teiedit")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected failure in an article's work.")
def main(debug: bool) -> None:
    """teiedit: bilingual newspaper articles → TEI P5 edition, HTML, PDF/A and archive deposit."""
    if debug:  # an environment variable: the build's worker processes inherit it
        os.environ["TEIEDIT_DEBUG"] = "1"


@main.command()
@paths_argument("seeds")
@output_option("tei")
@click.option("--force", is_flag=True, help="Overwrite TEI files even when they were edited by hand.")
@click.option("--take", type=click.Choice(["ours", "theirs"]), default=None,
              help="Resolve merge conflicts with the hand-edited file (ours) or the new conversion (theirs).")  # fmt: skip
@config_option
def convert(paths: tuple[Path, ...], output: Path, force: bool, take: str | None, config_path: Path | None) -> None:
    """Convert article text files into TEI documents (merged into hand-edited ones)."""
    from .buildopts import tei_source_id
    from .convert import Status, convert_one
    from .dictionary import missing_warning
    from .fsutil import iter_files
    from .parse import source_id_for

    config = load_config(config_path)
    sources = list(iter_files(paths or (Path("seeds"),), ".txt"))
    existing: dict[str, Path] = {}  # source id → its TEI now: a date or page change renames it
    if output.is_dir():
        for tei in sorted(output.glob("*.xml")):
            existing.setdefault(tei_source_id(tei.name), tei)
    problems: list[Problem] = []
    missing = missing_warning(config.align_dictionary, "the articles are")
    if missing and sources:
        problems.append(Problem(str(config_path or CONFIG_NAME), 0, 0, Level.WARNING, "dictionary-missing", missing))
    counts: Counter[Status] = Counter()
    with (
        click.progressbar(sources, label="convert", file=sys.stderr, show_pos=True)
        if len(sources) > 20
        else _nullbar(sources) as bar
    ):
        for source in bar:
            result = convert_one(source, output, config, force=force, take=take,
                                 previous=existing.get(source_id_for(source, "")))  # fmt: skip
            counts[result.status] += 1
            problems.extend(result.problems)
    report(problems)
    summary = ", ".join(f"{n} {s.value}" for s, n in counts.items()) or "nothing to convert"
    click.echo(f"convert: {len(sources)} sources: {summary}")
    sys.exit(exit_code(problems))


class _nullbar:
    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def __enter__(self) -> list[Any]:
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


@main.command()
@paths_argument("tei")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one `path:line:col: error: message [code]` line per problem and a summary; json: for machines.",
)
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Validate TEI files against schema/teiedit.rng (RelaxNG) and schema/teiedit.sch (Schematron)."""
    import json

    from .edition import duplicate_teis
    from .fsutil import iter_files
    from .validate import Validator

    files = list(iter_files(paths or (Path("tei"),), ".xml"))
    validator = Validator()
    problems: list[Problem] = []
    claims: list[tuple[str, str]] = []  # (file, its source id): one source, one TEI (edition-level)
    for f in files:
        found, root = validator.read_and_validate(f)
        problems += found
        if root is not None:
            sid = root.xpath("string(/t:TEI/t:teiHeader/t:fileDesc/t:publicationStmt/t:idno[@type='source-id'])",
                             namespaces={"t": "http://www.tei-c.org/ns/1.0"})  # fmt: skip
            claims.append((str(f), " ".join(str(sid).split())))
    problems += duplicate_teis(claims)
    errors = sum(1 for p in problems if p.level == Level.ERROR)
    if fmt == "json":
        by_file = {str(f): [p.as_dict() for p in problems if p.path == str(f)] for f in files}
        summary = {"files": len(files), "errors": errors, "valid": errors == 0, "problems": by_file}
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        report(problems)
        click.echo(f"{len(files)} files, {errors} errors")
    sys.exit(exit_code(problems))


# ---- HTML edition (render_html) -------------------------------------------------------------


@main.command()
@paths_argument("tei")
@output_option("build/html")
@click.option("--no-search", is_flag=True, help="Do not build the search index (pagefind/) and search.html.")
@config_option
def html(paths: tuple[Path, ...], output: Path, no_search: bool, config_path: Path | None) -> None:
    """Render TEI articles as the HTML edition (article pages, index, date pages, search index, assets)."""
    from .fsutil import iter_files
    from .render_html import HtmlRenderer
    from .search import build_search_index

    config = load_config(config_path)
    sources = list(iter_files(paths or (Path("tei"),), ".xml"))
    problems, failed = HtmlRenderer(config, output).render_site(sources)
    if not no_search:
        problems += build_search_index(sources, output, config=config)
    report(problems)
    click.echo(
        f"html: {len(sources)} articles: {len(sources) - failed} rendered, {failed} failed → {quote_path(f'{output}/index.html')}"
    )
    sys.exit(exit_code(problems))


@main.command()
@click.option(
    "-d",
    "--directory",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("build/html"),
    show_default=True,
    help="Site folder to serve.",
)
@click.option("--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
def serve(directory: Path, port: int) -> None:
    """Preview the HTML edition on http://127.0.0.1:PORT/ (Ctrl-C stops); OAI-PMH answers at /oai, DTS at
    /dts/ (its static files, and the query form /dts/navigation?resource=…)."""
    import contextlib
    from http.server import ThreadingHTTPServer

    from .oai import site_handler

    handler = site_handler(directory, load_config())
    with ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        click.echo(f"serving {quote_path(str(directory))} on http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            httpd.serve_forever()


# ---- print edition (render_pdf) -------------------------------------------------------------


@main.command()
@paths_argument("tei")
@output_option("build/pdf")
@click.option("--volume", is_flag=True, help="Also make the whole edition as one book (OUTPUT/volume.pdf).")
@click.option("--no-pdfa", is_flag=True, help="Plain (still tagged) PDF instead of PDF/A-3a.")
@config_option
def pdf(paths: tuple[Path, ...], output: Path, volume: bool, no_pdfa: bool, config_path: Path | None) -> None:
    """Typeset TEI articles as PDF/A (XSL-FO + Apache FOP), one PDF per article."""
    from .fsutil import iter_files
    from .render_pdf import PdfRenderer, PrintEnvironmentError

    config = load_config(config_path)
    sources = list(iter_files(paths or (Path("tei"),), ".xml"))
    problems: list[Problem] = []
    try:
        renderer = PdfRenderer(config, output, pdfa=not no_pdfa)
    except PrintEnvironmentError as exc:
        raise click.ClickException(str(exc)) from exc
    with renderer:
        for source in sources:
            problems.extend(renderer.render_article(source))
        if volume and sources:
            problems.extend(renderer.render_volume(sources, output / "volume.pdf"))
    report(problems)
    failed = len({p.path for p in problems if p.level >= Level.ERROR})
    made = f" + volume {quote_path(str(output / 'volume.pdf'))}" if volume and sources else ""
    click.echo(f"pdf: {len(sources)} articles, {failed} failed, {renderer.pages_rendered} pages{made}")
    sys.exit(exit_code(problems))


# --- search and browse (issue 9) -------------------------------------------------------------------


def _read_metas(tei_paths: list[Path], problems: list[Problem]) -> list[Any]:
    from lxml import etree

    from .meta import read_meta

    metas = []
    for path in tei_paths:
        try:
            metas.append(read_meta(path))
        except (OSError, etree.XMLSyntaxError) as e:
            problems.append(Problem(str(path), 0, 0, Level.ERROR, "unreadable-tei", str(e)))
    return metas


@main.command("search-index")
@paths_argument("tei")
@output_option("build/html")
@click.option("--force", is_flag=True, help="Rebuild every bundle, even those whose articles did not change.")
@config_option
def search_index(paths: tuple[Path, ...], output: Path, force: bool, config_path: Path | None) -> None:
    """Build the bilingual full-text search index (one Pagefind bundle per year and language) and search.html."""
    from .fsutil import iter_files
    from .search import build_search_index_report, write_search_page

    tei_paths = list(iter_files(paths or (Path("tei"),), ".xml"))
    result = build_search_index_report(tei_paths, output, force=force)
    problems = result.problems + write_search_page(output, load_config(config_path))
    report(problems)
    click.echo(
        f"search-index: {len(tei_paths)} TEI files: {len(result.built)} bundles built, "
        f"{len(result.kept)} unchanged, {len(result.removed)} removed"
    )
    sys.exit(exit_code(problems))


@main.command()
@paths_argument("tei")
@output_option("build/html")
@config_option
def browse(paths: tuple[Path, ...], output: Path, config_path: Path | None) -> None:
    """Write the browse-by-date pages (dates/<year>/<month>/<day>.html) with counts."""
    from .browse import write_date_pages
    from .fsutil import iter_files

    problems: list[Problem] = []
    metas = _read_metas(list(iter_files(paths or (Path("tei"),), ".xml")), problems)
    problems += write_date_pages(metas, output, load_config(config_path))
    report(problems)
    click.echo(f"browse: {len(metas)} articles on the date pages")
    sys.exit(exit_code(problems))


# --- build and deposit ------------------------------------------------------------------------------


def _stage_list(value: str | None) -> tuple[str, ...]:
    from .build import STAGES

    if not value:
        return ()
    names = tuple(s.strip() for s in value.split(",") if s.strip())
    unknown = [s for s in names if s not in STAGES]
    if unknown:
        raise click.BadParameter(f"unknown stage(s) {', '.join(unknown)}; stages are {', '.join(STAGES)}")
    return names


@main.command()
@paths_argument("seeds")
@output_option("build")
@click.option("--tei", "tei_dir", type=click.Path(file_okay=False, path_type=Path), default="tei",
              show_default=True, help="TEI folder (written by convert, read by the other stages).")  # fmt: skip
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, help="Worker processes (default: all cores).")
@click.option("--only", "only", metavar="STAGES", help="Run only these stages (comma-separated).")
@click.option("--skip", "skip", metavar="STAGES", help="Skip these stages, e.g. --skip pdf,deposit.")
@click.option("--shard", metavar="K/N", help="Build only the articles in shard K (1..N) of N (by source id).")
@click.option("--gather", is_flag=True, help="Make the index and the deposit from the shards' outputs.")
@click.option("--zip", "zip_", is_flag=True, help="Also write the deposit as a reproducible zip.")
@click.option("--volume", is_flag=True, help="Also typeset the whole edition as one PDF (build/pdf/volume.pdf).")
@click.option("--retrain-aligner", is_flag=True,
              help="Relearn the aligner's word table (build/align-model.tsv) from all sources, then re-align.")  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@config_option
def build(
    paths: tuple[Path, ...],
    output: Path,
    tei_dir: Path,
    jobs: int,
    only: str | None,
    skip: str | None,
    shard: str | None,
    gather: bool,
    zip_: bool,
    volume: bool,
    retrain_aligner: bool,
    quiet: bool,
    config_path: Path | None,
) -> None:
    """Build the edition: convert → validate → pdf → html → index → deposit, redoing only what changed."""
    from .build import STAGES, BuildOptions, parse_shard
    from .build import build as run_build

    stages = _stage_list(only) or STAGES
    stages = tuple(s for s in stages if s not in _stage_list(skip))
    try:
        shard_kn = parse_shard(shard) if shard else None
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--shard") from None
    if shard_kn and gather:
        raise click.UsageError("--shard and --gather do not go together: gather after all shards ran")
    options = BuildOptions(
        sources=paths or (Path("seeds"),), tei_dir=tei_dir, build_dir=output, jobs=jobs, stages=stages,
        shard=shard_kn, gather=gather, zip=zip_, volume=volume, retrain_aligner=retrain_aligner,
        progress=not quiet and sys.stderr.isatty(),
    )  # fmt: skip
    result = run_build(options, load_config(config_path))
    report(result.problems)
    if not result.stages:  # refused before any stage ran (another build holds the lock)
        sys.exit(exit_code(result.problems))
    if result.nothing_to_do:
        click.echo("build: nothing to do")
    click.echo(result.summary())
    sys.exit(exit_code(result.problems))


@main.command()
@output_option("build/deposit")
@click.option("--tei", "tei_dir", type=click.Path(file_okay=False, path_type=Path), default="tei", show_default=True)
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default="build", show_default=True,
              help="Where the site (html/) and the PDFs (pdf/) are.")  # fmt: skip
@click.option("--sources", "sources", type=click.Path(path_type=Path), multiple=True,
              help="Where the TEI documents' source files are (repeatable; default: seeds/).")  # fmt: skip
@click.option("--zip", "zip_", is_flag=True, help="Also write DIR.zip, byte-reproducible.")
@config_option
def deposit(
    output: Path, tei_dir: Path, build_dir: Path, sources: tuple[Path, ...], zip_: bool, config_path: Path | None
) -> None:
    """Pack the edition as a BagIt bag (refused when any TEI document is invalid or its source is missing)."""
    from .deposit import deposit as make

    problems = make(load_config(config_path), tei_dir, output, html_dir=build_dir / "html",
                    pdf_dir=build_dir / "pdf", sources=sources or (Path("seeds"),), zip_=zip_)  # fmt: skip
    report(problems)
    if exit_code(problems) == 0:
        click.echo(f"deposit: bag written to {quote_path(str(output))}" + (f" and {quote_path(f'{output}.zip')}" if zip_ else ""))
    sys.exit(exit_code(problems))


# ---------------------------------------------------------------------------------------------- alignment
@main.command("align-train")
@paths_argument("seeds")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("build/align-model.tsv"),
    show_default=True,
    help="The association table to write (point `align_model` in edition.toml at it).",
)
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, help="Processes (default: all cores).")
@config_option
def align_train(paths: tuple[Path, ...], output: Path, jobs: int, config_path: Path | None) -> None:
    """Learn the aligner's zh–en word-association table from a whole run of article files.

    Unsupervised (Moore 2002): the articles are aligned by length and anchors, the confident 1-1 sentence
    pairs are counted, and the Dice associations of the pairs seen more than once are kept. No outside
    data; a dictionary named by `align_dictionary` in the config is used as extra evidence."""
    from .convert import train_aligner
    from .fsutil import iter_files, write_atomic

    sources = list(iter_files(paths or (Path("seeds"),), ".txt"))
    table, count, problems = train_aligner(sources, load_config(config_path), jobs or (os.cpu_count() or 1))
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(output, table.to_bytes())
    report(problems)
    click.echo(f"align-train: {count} articles, {len(table)} word pairs → {quote_path(str(output))}")
    sys.exit(exit_code(problems))


@main.command("realign")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "start", required=True, help="First sentence id (or link xml:id) of the region.")
@click.option("--to", "end", required=True, help="Last sentence id (or link xml:id) of the region.")
@config_option
def realign_command(file: Path, start: str, end: str, config_path: Path | None) -> None:
    """Align one region of an edited TEI document again, keeping its reviewed links fixed.

    The region runs from the alignment link holding --from to the one holding --to; links outside it are
    not touched; links a person reviewed (@resp other than #teiedit) stay as they are. Atomic write."""
    from .convert import aligner_options
    from .realign import realign

    try:
        options = aligner_options(load_config(config_path))
    except (OSError, ValueError) as exc:
        report([Problem(str(file), 0, 0, Level.ERROR, "align-model", f"cannot load the aligner's model: {exc}")])
        sys.exit(1)
    written, problems = realign(file, start, end, options)
    report(problems)
    if not problems:
        click.echo(f"realign: {quote_path(str(file))}: {written} links in the region from {start} to {end}")
    sys.exit(exit_code(problems))


@main.command("align-report")
@paths_argument("tei")
@config_option
@click.option(
    "--below",
    type=click.FloatRange(0, 1),
    default=None,
    help="Certainty under which a bead is listed [default: the edition config's uncertain_below, as the HTML].",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--order",
    type=click.Choice(["certainty", "document"]),
    default="certainty",
    show_default=True,
    help="certainty: worst region first; document: file by file, line by line.",
)
@click.option(
    "--fail-below", type=click.FloatRange(0, 1), default=None, help="Exit 1 when any bead's certainty is below this."
)
def align_report(
    paths: tuple[Path, ...], config_path: Path | None, below: float | None, fmt: str, order: str,
    fail_below: float | None,
) -> None:  # fmt: skip
    """List suspicious sentence beads with their sentences, neighbours, the reasons to doubt them and a fix.

    Reasons: low certainty, numbers or names that disagree, a length ratio far from the document's, a
    sentence with no counterpart (1-0 / 0-1), a hand-made link not marked reviewed. Links a person
    reviewed (@resp, no @cert) are left out. Adjacent weak beads are one region. Exit 0 (1 with
    --fail-below when a bead is below it)."""
    from .alignreport import as_json, review
    from .fsutil import iter_files

    if below is None:
        below = load_config(config_path).uncertain_below
    files = list(iter_files(paths or (Path("tei"),), ".xml"))
    beads, problems = review(files, below, order)
    if fmt == "json":
        click.echo(as_json(beads))
    else:
        for bead in beads:
            click.echo(bead.as_text())
        regions = len({(b.path, b.region) for b in beads})
        click.echo(
            f"align-report: {len(files)} files, {len(beads)} suspicious beads in {regions} regions "
            f"(certainty below {below:.2f} or flagged)"
        )
    report(problems)
    failing = False
    if fail_below is not None:
        checked = beads if fail_below <= below else review(files, fail_below)[0]
        failing = any(b.sort_cert < fail_below for b in checked)
    sys.exit(1 if failing or exit_code(problems) else 0)


@main.command()
@paths_argument("seeds")
@click.option("--tei", "tei_dir", type=click.Path(file_okay=False, path_type=Path), default="tei", show_default=True)
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default="build", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def status(paths: tuple[Path, ...], tei_dir: Path, build_dir: Path, fmt: str) -> None:
    """The edition's state (edited, merge pending, conflict, invalid, duplicate, orphaned, ...); exit 1
    when a person is needed."""
    from .status import edition_status, needs_person, summary, to_json

    entries = edition_status(list(paths or (Path("seeds"),)), tei_dir, build_dir)
    if fmt == "json":
        click.echo(to_json(entries))
    else:
        for e in entries:
            click.echo(f"{quote_path(e.tei or e.source)}: {', '.join(e.states)}" + (f" ({safe_message(e.detail)})" if e.detail else ""))
        click.echo(summary(entries))
    sys.exit(1 if needs_person(entries) else 0)


@main.command()
@paths_argument("tei")
@click.option("--format", "fmt", type=click.Choice(["tmx", "xces", "tsv", "jsonl"]), required=True)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output file (default: standard output; XCES needs one: it writes NAME.zh-Hans.xml and NAME.en.xml beside it).",
)
@click.option(
    "--min-cert", type=click.FloatRange(0, 1), default=None, help="Leave out machine beads below this certainty."
)
def export(paths: tuple[Path, ...], fmt: str, output: Path | None, min_cert: float | None) -> None:
    """Every sentence bead as TMX 1.4b, XCES, TSV or JSON Lines (see "Export" in the README).

    Reviewed beads (made or confirmed by a person) are always kept. Streams file by file."""
    from .export import export as run_export
    from .fsutil import iter_files

    if fmt == "xces" and output is None:
        raise click.UsageError("--format xces writes three files: give -o FILE")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
    count, problems = run_export(iter_files(paths or (Path("tei"),), ".xml"), fmt, output, min_cert)
    report(problems)
    click.echo(f"export: {count} beads as {fmt}" + (f" → {quote_path(str(output))}" if output else ""), err=True)
    sys.exit(exit_code(problems))
