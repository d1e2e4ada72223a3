"""Faults heal on the next build: kills at every stage, staging left behind, a corrupt state, deleted or
changed outputs, two builds at once, a gather with a shard missing (with the stand-in stages of
build_fakes, and the real search index and deposit)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from build_fakes import ENGINES
from conftest import SEED
from teiedit.build import STAGES, BuildOptions, build
from teiedit.config import EditionConfig
from teiedit.heal import _STAGING, KILL_ENV, BuildLock
from teiedit.problems import Level

IDS = ["0123456789abcdef", "fedcba9876543210", "00000000000000aa", "1111111111111111"]
TESTS = Path(__file__).resolve().parent


def make_project(root: Path) -> Path:
    (root / "seeds").mkdir(parents=True)
    for k, sid in enumerate(IDS):
        shutil.copy(SEED, root / "seeds" / f"{k:03d}_{sid}.txt")
    for name in ("fake-schema.rng", "fake-html.xsl", "fake-print.xsl"):
        (root / name).write_text(f"<!-- {name} v1 -->\n", "utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_project(tmp_path / "p")
    monkeypatch.chdir(tmp_path / "p")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path / "p"


def options(**kw: object) -> BuildOptions:
    base = BuildOptions(jobs=1, progress=False, engines=dict(ENGINES), stages=STAGES)
    return replace(base, **kw)  # type: ignore[arg-type]


def codes(report: object) -> set[str]:
    return {p.code for p in report.problems}  # type: ignore[attr-defined]


def errors(report: object) -> list[str]:
    return [p.format() if hasattr(p, "format") else str(p) for p in report.problems if p.level >= Level.ERROR]  # type: ignore[attr-defined]


# a build in a process of its own (so it can be killed), with the stand-in stages
_BUILD = textwrap.dedent(f"""
    import sys
    sys.path.insert(0, {str(TESTS)!r})
    from dataclasses import replace
    from build_fakes import ENGINES
    from teiedit.build import STAGES, BuildOptions, build
    from teiedit.config import EditionConfig
    from teiedit.problems import exit_code
    report = build(BuildOptions(jobs=1, progress=False, engines=dict(ENGINES), stages=STAGES), EditionConfig())
    for p in report.problems:
        print(p.code, p.msg)
    sys.exit(exit_code(report.problems))
""")


def run_build(cwd: Path, kill_at: str | None = None, hold: float = 0.0) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    env.pop(KILL_ENV, None)
    if kill_at:
        env[KILL_ENV] = kill_at
    return subprocess.run([sys.executable, "-c", _BUILD], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def staging_left(root: Path) -> list[str]:
    return [os.path.join(d, n) for d, dirs, files in os.walk(root) for n in dirs + files if _STAGING.match(n)]


def snapshot(root: Path) -> dict[str, bytes]:
    """What a reader or an archive gets: TEI, pages, PDFs, the deposit's manifests (Pagefind's bundles
    are not byte-reproducible: their presence, per year and language, is compared)."""
    out: dict[str, bytes] = {}
    for sub in ("tei", "build/html/articles", "build/html/tei", "build/pdf", "build/html/pdf", "build/html/dates"):
        for p in sorted((root / sub).rglob("*")):
            if p.is_file():
                out[str(p.relative_to(root))] = p.read_bytes()
    for name in ("build/html/index.html", "build/deposit/manifest-sha256.txt", "build/deposit/bag-info.txt"):
        out[name] = (root / name).read_bytes()
    for entry in sorted((root / "build/html/pagefind").glob("*/*/pagefind-entry.json")):
        out[str(entry.relative_to(root))] = b"present"
    return out


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = make_project(tmp_path_factory.mktemp("clean") / "p")
    result = run_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return snapshot(root)


# ---------------------------------------------------------------------------------------------------
# kills


@pytest.mark.slow
@pytest.mark.parametrize("point", ["convert", "validate", "pdf", "html", "index-swap", "deposit-swap"])
def test_a_build_killed_in_any_stage_is_completed_by_the_next(
    tmp_path: Path, point: str, clean_build: dict[str, bytes]
) -> None:
    root = make_project(tmp_path / "p")
    if point.endswith("-swap"):  # a swap replaces an earlier output: build once, then make it redo that one
        assert run_build(root).returncode == 0
        if point == "index-swap":  # every search bundle is remade
            (root / "build/state/search-state.json").unlink()
            (root / "build/html/index.html").unlink()
        else:  # every page, so the deposit too
            (root / "fake-html.xsl").write_text("<!-- v2 -->\n", "utf-8")
    killed = run_build(root, kill_at=point)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    (root / "fake-html.xsl").write_text("<!-- fake-html.xsl v1 -->\n", "utf-8")
    again = run_build(root)
    assert again.returncode == 0, again.stdout + again.stderr
    assert staging_left(root) == []
    assert snapshot(root) == clean_build
    assert run_build(root).stdout.count("\n") <= again.stdout.count("\n")  # and then nothing is left to do


# the same with teiedit's own stages (RelaxNG + Schematron, the HTML and print stylesheets, FOP)
_REAL_BUILD = _BUILD.replace("engines=dict(ENGINES), ", "")
FONT_CACHE = TESTS.parent / "build" / "fonts"  # the CJK faces, extracted once for every test that prints


def run_real_build(cwd: Path, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", TEIEDIT_FONT_CACHE=str(FONT_CACHE))
    env.pop(KILL_ENV, None)
    if kill_at:
        env[KILL_ENV] = kill_at
    return subprocess.run([sys.executable, "-c", _REAL_BUILD], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900)  # fmt: skip


def _print_missing() -> str | None:
    from test_render_pdf import _missing_environment

    return _missing_environment()


@pytest.fixture(scope="module")
def real_clean_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    why = _print_missing()
    if why:
        pytest.skip(f"the print stage cannot run: {why}")
    root = make_project(tmp_path_factory.mktemp("real-clean") / "p")
    result = run_real_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return snapshot(root)


@pytest.mark.slow
@pytest.mark.parametrize("point", ["validate", "pdf", "html"])
def test_a_real_build_killed_in_validate_pdf_or_html_is_completed_by_the_next(
    tmp_path: Path, point: str, real_clean_build: dict[str, bytes]
) -> None:
    """The kills above with the real engines (Saxon, the JVM running FOP, RelaxNG/Schematron, in the
    build's process): SIGKILL after the stage's first article, then a rebuild equals a clean build."""
    root = make_project(tmp_path / "p")
    killed = run_real_build(root, kill_at=point)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    again = run_real_build(root)
    assert again.returncode == 0, again.stdout + again.stderr
    assert staging_left(root) == []
    assert snapshot(root) == real_clean_build
    assert sorted(p.name for p in (root / "build/pdf").glob("*.pdf")) == sorted(
        n.rsplit("/", 1)[1] for n in real_clean_build if n.startswith("build/pdf/")
    ) and len([n for n in real_clean_build if n.startswith("build/pdf/")]) == len(IDS)


def test_workers_die_with_the_build(tmp_path: Path) -> None:
    """A SIGKILLed parent takes its pool workers with it (prctl PR_SET_PDEATHSIG, a watcher thread)."""
    pid_file = tmp_path / "worker.pid"
    script = textwrap.dedent(f"""
        import multiprocessing, os, time
        from teiedit.heal import die_with_parent
        def work():
            die_with_parent()
            open({str(pid_file)!r}, "w").write(str(os.getpid()))
            time.sleep(120)
        if __name__ == "__main__":
            multiprocessing.get_context("spawn").Process(target=work).start()
            time.sleep(120)
    """)
    (tmp_path / "parent.py").write_text(script, "utf-8")
    parent = subprocess.Popen([sys.executable, str(tmp_path / "parent.py")])
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the worker never started"
        time.sleep(0.1)
    worker = int(pid_file.read_text())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(worker, signal.SIGKILL)
    pytest.fail("the worker outlived its parent")


# ---------------------------------------------------------------------------------------------------
# staging, state, outputs


def test_staging_a_killed_build_left_is_cleaned_and_a_half_swapped_bundle_restored(project: Path) -> None:
    assert not errors(build(options(), EditionConfig()))
    bundle = next(Path("build/html/pagefind").glob("*/en"))
    bundle.rename(bundle.with_name(".en.old"))  # killed between the swap's two renames
    (bundle.with_name(".en.tmp")).mkdir()
    Path("tei/.rmrb-x.xml.k3j_x.tmp").write_bytes(b"<TEI")
    Path("build/.deposit.tmp-4242").mkdir()
    Path("build/.deposit.old-4242").mkdir()
    Path("build/.deposit.zip.4242.tmp").write_bytes(b"PK")
    Path("build/html/articles/.a.html.4242.tmp").write_bytes(b"<ht")
    report = build(options(), EditionConfig())
    assert not errors(report) and "staging-healed" in codes(report)
    assert staging_left(project) == []
    assert (bundle / "pagefind-entry.json").is_file()
    assert report.nothing_to_do  # the restored bundle is the one the state knows


def test_a_merge_bases_temp_file_is_swept_and_the_base_kept(project: Path) -> None:
    """A kill inside `write_base` leaves `tei/.teiedit-base/.NAME.xml.gz.XXXX.tmp`: the next build
    removes it; the base itself (the merge's only record of what teiedit wrote) is untouched."""
    import gzip

    assert not errors(build(options(), EditionConfig()))
    base = sorted(Path("tei/.teiedit-base").glob("*.xml.gz"))[0]
    kept = base.read_bytes()
    partial = base.with_name(f".{base.name}.k3j_x9.tmp")
    partial.write_bytes(kept[: len(kept) // 2])
    report = build(options(), EditionConfig())
    assert not errors(report) and "staging-healed" in codes(report)
    assert not partial.exists() and staging_left(project) == []
    assert base.read_bytes() == kept
    assert gzip.decompress(kept) == (Path("tei") / base.name.removesuffix(".gz")).read_bytes()


def test_a_corrupt_state_file_is_moved_aside_and_rebuilt(project: Path) -> None:
    assert not errors(build(options(), EditionConfig()))
    state = Path("build/state/build.sqlite")
    state.write_bytes(b"this is not a database" * 100)
    report = build(options(), EditionConfig())
    assert not errors(report)
    warning = next(p for p in report.problems if p.code == "state-corrupt")
    assert warning.level == Level.WARNING and "moved aside" in warning.msg
    assert list(state.parent.glob("build.sqlite.corrupt-*"))
    assert build(options(), EditionConfig()).nothing_to_do


@pytest.mark.parametrize(
    "damage",
    ["delete-page", "truncate-page", "delete-assets", "delete-index", "delete-pagefind", "deposit-file"],
)
def test_a_deleted_or_changed_output_is_rebuilt(project: Path, damage: str) -> None:
    assert not errors(build(options(), EditionConfig()))
    page = next(Path("build/html/articles").glob("*.html"))
    good = page.read_bytes()
    Path("build/html/assets").mkdir(exist_ok=True)
    Path("build/html/assets/x.css").write_text("x", "utf-8")  # the site's assets as the index left them
    build(options(), EditionConfig())
    deposited = next(Path("build/deposit/data/tei").glob("*.xml"))
    if damage == "delete-page":
        page.unlink()
    elif damage == "truncate-page":
        page.write_bytes(good[:5])
    elif damage == "delete-assets":
        shutil.rmtree("build/html/assets")
    elif damage == "delete-index":
        Path("build/html/index.html").unlink()
    elif damage == "delete-pagefind":
        shutil.rmtree("build/html/pagefind")
    else:
        deposited.write_bytes(deposited.read_bytes() + b"\n")
    report = build(options(), EditionConfig())
    assert not errors(report)
    assert not report.nothing_to_do
    assert page.read_bytes() == good
    assert Path("build/html/index.html").is_file()
    assert list(Path("build/html/pagefind").glob("*/zh/pagefind-entry.json"))
    import bagit

    bagit.Bag("build/deposit").validate()
    assert build(options(), EditionConfig()).nothing_to_do


def test_a_touched_output_is_not_rebuilt(project: Path) -> None:
    build(options(), EditionConfig())
    page = next(Path("build/html/articles").glob("*.html"))
    os.utime(page, (time.time() - 100, time.time() - 100))
    assert build(options(), EditionConfig()).nothing_to_do


# ---------------------------------------------------------------------------------------------------
# one build at a time


def test_a_second_build_is_refused_while_one_runs_and_a_dead_ones_lock_is_taken_over(project: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from teiedit.heal import BuildLock;"
         "BuildLock(Path('build/.build.lock')).acquire(); print('locked', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        report = build(options(), EditionConfig())
        (problem,) = report.problems
        assert problem.code == "build-locked" and problem.level == Level.ERROR
        assert f"another build (pid {holder.pid}) is running" in problem.msg
        assert not Path("tei").exists()  # nothing was touched
    finally:
        holder.kill()
        holder.wait()
    assert Path("build/.build.lock").read_text().strip() == str(holder.pid)  # a dead build's lock is left
    assert not errors(build(options(), EditionConfig()))  # and taken over


def test_three_builds_at_once_never_interleave(project: Path) -> None:
    runs = [subprocess.Popen([sys.executable, "-c", _BUILD], cwd=project, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000")) for _ in range(3)]  # fmt: skip
    results = [(r.wait(timeout=300), r.communicate()[0]) for r in runs]
    assert all(code == 0 or "build-locked another build (pid" in out for code, out in results), results
    assert any(code == 0 for code, _ in results)
    assert staging_left(project) == []
    assert len(list(Path("build/html/pagefind").glob("*/*/pagefind-entry.json"))) == 2  # en and zh
    again = run_build(project)
    assert again.returncode == 0 and "staging-healed" not in again.stdout


def test_a_build_lock_is_per_shard(tmp_path: Path) -> None:
    one, two = BuildLock(tmp_path / "shard-1.lock"), BuildLock(tmp_path / "shard-2.lock")
    one.acquire()
    two.acquire()  # shards of a job array run at once
    other = BuildLock(tmp_path / "shard-1.lock")
    with pytest.raises(Exception, match=f"pid {os.getpid()}"):
        other.acquire()
    one.release()
    other.acquire()


# ---------------------------------------------------------------------------------------------------
# gather


def test_gather_fails_and_writes_nothing_when_a_shard_never_ran(project: Path) -> None:
    build(options(shard=(1, 2)), EditionConfig())
    report = build(options(gather=True), EditionConfig())
    missing = [p for p in report.problems if p.code == "shard-not-built"]
    assert missing and all(p.level == Level.ERROR for p in missing)
    assert "shard 2/2 never ran" in missing[0].msg
    assert not Path("build/deposit").exists() and not Path("build/html/index.html").exists()
    build(options(shard=(2, 2)), EditionConfig())
    report = build(options(gather=True), EditionConfig())
    assert not errors(report)
    assert len(list(Path("build/deposit/data/tei").glob("*.xml"))) == 4


# ---------------------------------------------------------------------------------------------------
# the file system refuses


def test_a_folder_that_cannot_be_written_is_an_error_naming_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from teiedit import fsutil

    real = fsutil.os.replace

    def full(src: str, dst: str) -> None:
        if str(dst).endswith(".xml"):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real(src, dst)

    monkeypatch.setattr(fsutil.os, "replace", full)
    report = build(options(), EditionConfig())
    failed = [p for p in report.problems if p.level >= Level.ERROR]
    assert failed and all("No space left on device" in p.msg for p in failed), failed
    assert all(p.path.endswith(".xml") or p.path.endswith(".txt") for p in failed)  # the file named
    assert staging_left(project) == [] and not list(Path("tei").glob("*.xml"))  # nothing half-written
    monkeypatch.setattr(fsutil.os, "replace", real)
    assert not errors(build(options(), EditionConfig()))  # and the next build, with room, completes


def test_the_command_says_which_build_holds_the_lock(project: Path) -> None:
    from click.testing import CliRunner

    from teiedit.cli import main

    lock = BuildLock(Path("build/.build.lock"))
    lock.acquire()  # a second open file description: this process's own lock conflicts with it
    try:
        result = CliRunner().invoke(main, ["build", "-q"])
    finally:
        lock.release()
    assert result.exit_code == 1
    assert f"build: error: another build (pid {os.getpid()}) is running" in result.output
    assert "nothing to do" not in result.output
