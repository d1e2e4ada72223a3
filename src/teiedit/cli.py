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
@config_option
def align_train(paths: tuple[Path, ...], output: Path, config_path: Path | None) -> None:
    """Learn the aligner's zh–en word-association table from a whole run of article files.

    Unsupervised (Moore 2002): the articles are aligned by length and anchors, the confident 1-1 sentence
    pairs are counted, and the Dice associations of the pairs seen more than once are kept. No outside
    data; a dictionary named by `align_dictionary` in the config is used as extra evidence."""
    from dataclasses import replace

    from .align import learn_table
    from .convert import aligner_options
    from .fsutil import iter_files, write_atomic
    from .parse import parse_article
    from .segment import split_en_sentences, split_zh_sentences

    config = load_config(config_path)
    dictionary = aligner_options(replace(config, align_model="")).table  # the CC-CEDICT file, if any
    sources = list(iter_files(paths or (Path("seeds"),), ".txt"))
    problems: list[Problem] = []
    documents = []
    for source in sources:
        article, found = parse_article(source)
        problems.extend(found)
        if article is not None:
            documents.append(
                ([split_zh_sentences(p.text) for p in article.zh], [split_en_sentences(p.text) for p in article.en])
            )
    table = learn_table(documents, initial=dictionary)
    if dictionary is not None:
        table = table.merged(dictionary)
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(output, table.to_bytes())
    report(problems)
    click.echo(f"align-train: {len(documents)} articles, {len(table)} word pairs → {output}")
    sys.exit(exit_code(problems))


@main.command("align-report")
@paths_argument("tei")
@click.option(
    "--below",
    type=click.FloatRange(0, 1),
    default=0.9,
    show_default=True,
    help="Certainty under which a bead is listed.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--fail-below", type=click.FloatRange(0, 1), default=None, help="Exit 1 when any bead's certainty is below this."
)
def align_report(paths: tuple[Path, ...], below: float, fmt: str, fail_below: float | None) -> None:
    """List suspicious sentence beads, worst first, with the reasons to doubt them.

    Reasons: low certainty, numbers or names that disagree, a length ratio far from the document's, a
    sentence with no counterpart (1-0 / 0-1). Exit 0 (1 with --fail-below when a bead is below it)."""
    from .alignreport import as_json, review
    from .fsutil import iter_files

    files = list(iter_files(paths or (Path("tei"),), ".xml"))
    beads, problems = review(files, below)
    if fmt == "json":
        click.echo(as_json(beads))
    else:
        for bead in beads:
            click.echo(bead.as_text())
        click.echo(
            f"align-report: {len(files)} files, {len(beads)} suspicious beads (certainty below {below:.2f} or flagged)"
        )
    report(problems)
    failing = False
    if fail_below is not None:
        checked = beads if fail_below <= below else review(files, fail_below)[0]
        failing = any(b.cert < fail_below for b in checked)
    sys.exit(1 if failing or exit_code(problems) else 0)
