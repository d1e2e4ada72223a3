"""Command line: a thin layer over the library. Shared options are defined once."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import load_config
from .problems import Level, Problem, exit_code

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
def main() -> None:
    """teiedit: bilingual newspaper articles → TEI P5 edition, HTML, PDF/A and archive deposit."""


@main.command()
@paths_argument("seeds")
@output_option("tei")
@click.option("--force", is_flag=True, help="Overwrite TEI files even when they were edited by hand.")
@config_option
def convert(paths: tuple[Path, ...], output: Path, force: bool, config_path: Path | None) -> None:
    """Convert article text files into TEI documents."""
    from .convert import Status, convert_file
    from .fsutil import iter_files

    config = load_config(config_path)
    sources = list(iter_files(paths or (Path("seeds"),), ".txt"))
    problems: list[Problem] = []
    counts: Counter[Status] = Counter()
    with (
        click.progressbar(sources, label="convert", file=sys.stderr, show_pos=True)
        if len(sources) > 20
        else _nullbar(sources) as bar
    ):
        for source in bar:
            result = convert_file(source, output, config, force=force)
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
def search_index(paths: tuple[Path, ...], output: Path, force: bool) -> None:
    """Build the bilingual full-text search index (one Pagefind bundle per year and language) and search.html."""
    from .fsutil import iter_files
    from .search import build_search_index_report, write_search_page

    tei_paths = list(iter_files(paths or (Path("tei"),), ".xml"))
    result = build_search_index_report(tei_paths, output, force=force)
    problems = result.problems + write_search_page(output)
    report(problems)
    click.echo(
        f"search-index: {len(tei_paths)} TEI files: {len(result.built)} bundles built, "
        f"{len(result.kept)} unchanged, {len(result.removed)} removed"
    )
    sys.exit(exit_code(problems))


@main.command()
@paths_argument("tei")
@output_option("build/html")
def browse(paths: tuple[Path, ...], output: Path) -> None:
    """Write the browse-by-date pages (dates/<year>/<month>/<day>.html) with counts."""
    from .browse import write_date_pages
    from .fsutil import iter_files

    problems: list[Problem] = []
    metas = _read_metas(list(iter_files(paths or (Path("tei"),), ".xml")), problems)
    problems += write_date_pages(metas, output)
    report(problems)
    click.echo(f"browse: {len(metas)} articles on the date pages")
    sys.exit(exit_code(problems))
