"""The build's own logic (incremental, hand edits, shards), with stand-in validate/html/pdf stages."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from build_fakes import ENGINES
from conftest import NS, SEED
from teiedit.build import STAGES, BuildOptions, BuildReport, build, parse_shard, shard_of, tei_source_id
from teiedit.config import EditionConfig
from teiedit.problems import Level

IDS = ["0123456789abcdef", "fedcba9876543210", "00000000000000aa", "1111111111111111"]
NO_DEPOSIT = tuple(s for s in STAGES if s != "deposit")
SAME_TEXT = "same-text"  # the fixture is one article under four ids: every build warns so (tests/test_status.py)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary project: four sources (the seed under four source ids) and the fake stages' inputs."""
    (tmp_path / "seeds").mkdir()
    for k, sid in enumerate(IDS):
        shutil.copy(SEED, tmp_path / "seeds" / f"{k:03d}_{sid}.txt")
    for name in ("fake-schema.rng", "fake-html.xsl", "fake-print.xsl"):
        (tmp_path / name).write_text(f"<!-- {name} v1 -->\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path


def options(**kw: object) -> BuildOptions:
    base = BuildOptions(jobs=1, progress=False, engines=dict(ENGINES), stages=NO_DEPOSIT)
    return replace(base, **kw)  # type: ignore[arg-type]


def work() -> Counter[str]:
    """What the stages did since the last call (stage name → count), from the fakes' log."""
    log = Path("work.log")
    lines = log.read_text("utf-8").splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return Counter(line.split()[0] for line in lines)


def done(report: BuildReport) -> dict[str, int]:
    return {s.name: s.done for s in report.stages}


def tei_files() -> list[Path]:
    return sorted(Path("tei").glob("*.xml"))


def test_first_build_makes_every_output(project: Path) -> None:
    report = build(options(), EditionConfig())
    assert done(report) == {"convert": 4, "validate": 4, "html": 4, "pdf": 4, "index": 1}
    assert len(tei_files()) == 4
    for tei in tei_files():
        assert (project / "build/html/articles" / f"{tei.stem}.html").is_file()
        assert (project / "build/html/tei" / tei.name).is_file()
        assert (project / "build/pdf" / f"{tei.stem}.pdf").is_file()
        assert (project / "build/html/pdf" / f"{tei.stem}.pdf").is_file()  # the site carries the PDFs
    assert Path("build/html/index.html").read_text("utf-8").count("<li>") == 4
    # the aligned corpus as data, in the site: 4 articles × 24 beads (+ a header row)
    assert len(Path("build/html/data/beads.tsv").read_text("utf-8").splitlines()) == 4 * 24 + 1
    assert not [p for p in report.problems if p.level >= Level.WARNING and p.code != SAME_TEXT]


def test_second_build_has_nothing_to_do(project: Path) -> None:
    build(options(), EditionConfig())
    work()
    report = build(options(), EditionConfig())
    assert report.nothing_to_do
    assert work() == Counter()


def test_touching_files_without_changing_them_rebuilds_nothing(project: Path) -> None:
    build(options(), EditionConfig())
    work()
    for path in [*tei_files(), *Path("seeds").iterdir()]:
        os.utime(path, ns=(1, 1))
    assert build(options(), EditionConfig()).nothing_to_do
    assert work() == Counter()


def test_editing_one_tei_rebuilds_only_that_article_and_the_index(project: Path) -> None:
    build(options(), EditionConfig())
    work()
    edited = tei_files()[1]
    edited.write_bytes(edited.read_bytes().replace(b"Integrating with", b"Integrating  with"))
    report = build(options(), EditionConfig())
    assert done(report) == {"convert": 0, "validate": 1, "html": 1, "pdf": 1, "index": 1}
    assert b"Integrating  with" in (Path("build/html/tei") / edited.name).read_bytes()
    assert work() == Counter({"validate": 1, "html": 1, "pdf": 1, "index": 1})


def test_changing_a_stylesheet_rebuilds_all_html_and_nothing_else(project: Path) -> None:
    build(options(), EditionConfig())
    work()
    Path("fake-html.xsl").write_text("<!-- fake-html.xsl v2 -->\n", "utf-8")
    report = build(options(), EditionConfig())
    assert done(report) == {"convert": 0, "validate": 0, "html": 4, "pdf": 0, "index": 1}
    assert work() == Counter({"html": 4, "index": 1})


def test_changing_the_schema_revalidates_all(project: Path) -> None:
    build(options(), EditionConfig())
    work()
    Path("fake-schema.rng").write_text("<!-- v2 -->\n", "utf-8")
    assert done(build(options(), EditionConfig()))["validate"] == 4
    assert work()["validate"] == 4


def test_a_hand_edited_tei_is_never_overwritten_but_merged(project: Path) -> None:
    build(options(), EditionConfig())
    edited = tei_files()[0]
    data = edited.read_bytes().replace(b"Jing Yu</persName>", b"Jing Yu (ed.)</persName>")
    edited.write_bytes(data)
    # a new config changes every TEI teiedit would write: all are converted again, the edited one merged
    report = build(options(), EditionConfig(publisher="Another publisher"))
    assert done(report)["convert"] == 4
    merged = [p for p in report.problems if p.code == "merged"]
    assert len(merged) == 1 and merged[0].level == Level.INFO and edited.name in merged[0].path
    for other in tei_files():
        assert b"Another publisher" in other.read_bytes()
    assert b"Jing Yu (ed.)</persName>" in edited.read_bytes()


def test_an_invalid_document_gets_no_html_and_the_rest_go_on(project: Path) -> None:
    build(options(stages=("convert",)), EditionConfig())
    bad = tei_files()[2]
    bad.write_bytes(bad.read_bytes().replace(b"<teiHeader>", b"<!-- INVALID --><teiHeader>"))
    report = build(options(stages=STAGES), EditionConfig())
    assert [p.code for p in report.problems if p.level == Level.ERROR] == ["fake-invalid", "deposit-refused"]
    assert {p.code for p in report.problems if p.level == Level.WARNING} <= {SAME_TEXT}  # four copies of the seed
    assert not (project / "build/html/articles" / f"{bad.stem}.html").exists()
    assert not (project / "build/pdf" / f"{bad.stem}.pdf").exists()
    assert Path("build/html/index.html").read_text("utf-8").count("<li>") == 3
    assert not Path("build/deposit").exists()
    # the problem is still reported on a rebuild, which is not "nothing to do" while a file is invalid
    again = build(options(stages=NO_DEPOSIT), EditionConfig())
    assert not again.nothing_to_do and [p.code for p in again.problems if p.code != SAME_TEXT] == ["fake-invalid"]
    assert sum(s.done for s in again.stages) == 0


def test_an_invalid_edit_keeps_the_last_good_page_pdf_and_day_entry(project: Path) -> None:
    build(options(stages=STAGES, zip=True), EditionConfig())
    assert Path("build/deposit.zip").exists()
    bad = tei_files()[2]
    page = project / "build/html/articles" / f"{bad.stem}.html"
    published = page.read_bytes()
    bad.write_bytes(bad.read_bytes().replace(b"<teiHeader>", b"<!-- INVALID --><teiHeader>"))
    report = build(options(stages=STAGES, zip=True), EditionConfig())
    assert [p.code for p in report.problems if p.level == Level.ERROR] == ["fake-invalid", "deposit-refused"]
    assert {s.name: s.failed for s in report.stages}["validate"] == 1
    assert page.read_bytes() == published
    assert (project / "build/pdf" / f"{bad.stem}.pdf").exists()
    assert (project / "build/html/pdf" / f"{bad.stem}.pdf").exists()
    assert Path("build/html/index.html").read_text("utf-8").count("<li>") == 4
    day = next(Path("build/html/dates").rglob("1958-02-10*.html"), None) or next(
        p for p in Path("build/html/dates").rglob("*.html") if bad.stem in p.read_text("utf-8"))
    assert bad.stem in day.read_text("utf-8")
    # the earlier bag and zip are not left to pass for the current edition: removed, each named
    assert not Path("build/deposit.zip").exists() and not Path("build/deposit").exists()
    assert sorted(Path(p.path).name for p in report.problems if p.code == "stale-deposit") == ["deposit", "deposit.zip"]
    # valid again: rebuilt from the edited file
    bad.write_bytes(bad.read_bytes().replace(b"<!-- INVALID --><teiHeader>", b"<!-- fixed --><teiHeader>"))
    again = build(options(), EditionConfig())
    assert not [p for p in again.problems if p.level == Level.ERROR]
    assert b"<!-- fixed -->" in (project / "build/html/tei" / bad.name).read_bytes()


def test_a_removed_tei_takes_its_outputs_with_it(project: Path) -> None:
    build(options(), EditionConfig())
    gone = tei_files()[0]
    for source in Path("seeds").glob(f"*{tei_source_id(gone.name)}.txt"):
        source.unlink()
    gone.unlink()
    report = build(options(), EditionConfig())
    assert done(report)["index"] == 1
    assert not (project / "build/html/articles" / f"{gone.stem}.html").exists()
    assert not (project / "build/pdf" / f"{gone.stem}.pdf").exists()


def test_missing_stage_modules_are_skipped_with_a_warning(project: Path) -> None:
    engines = {"validate": "teiedit_missing.validate:V", "html": "teiedit_missing.html:H", "pdf": "nope:P"}
    report = build(options(engines=engines), EditionConfig())
    assert done(report)["convert"] == 4
    assert sorted(p.code for p in report.problems if p.code != SAME_TEXT) == ["stage-missing"] * 3
    assert not Path("build/html").exists()


def test_shard_partition_covers_every_article_exactly_once() -> None:
    ids = [f"{k:016x}" for k in range(0, 10_000, 7)]
    for n in (1, 2, 3, 8):
        shards = Counter(shard_of(i, n) for i in ids)
        assert set(shards) <= set(range(1, n + 1)) and sum(shards.values()) == len(ids)
    assert shard_of("3fc300c7573022ed", 8) == shard_of("3fc300c7573022ed", 8)  # stable
    assert parse_shard("2/8") == (2, 8)
    for bad in ("0/8", "9/8", "x"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_shards_then_gather_build_each_article_once(project: Path) -> None:
    for k in (1, 2, 3):
        report = build(options(shard=(k, 3)), EditionConfig())
        assert {s.name: s.note for s in report.stages}["index"] == "made by --gather"
    assert len(tei_files()) == 4
    assert work() == Counter({"validate": 4, "html": 4, "pdf": 4})  # every article exactly once
    report = build(options(gather=True, stages=STAGES), EditionConfig())
    assert done(report) == {"index": 1, "deposit": 1}
    assert Path("build/html/index.html").read_text("utf-8").count("<li>") == 4
    assert len(list(Path("build/deposit/data/tei").glob("*.xml"))) == 4
    assert etree.parse("build/deposit/data/html/data/beads.tmx").getroot().xpath("count(//tu)") == 4 * 24
    # the gather found every document's source (the shards converted them): in the bag, with its digest
    from test_deposit import assert_sources_match

    assert_sources_match(Path("build/deposit"))
    assert len(list(Path("build/deposit/data/sources").glob("*.txt"))) == 4
    assert "`teiedit build --gather`" in Path("build/deposit/README.txt").read_text("utf-8")


def test_gather_refuses_documents_no_shard_built(project: Path) -> None:
    build(options(stages=("convert",)), EditionConfig())
    build(options(shard=(1, 2)), EditionConfig())
    report = build(options(gather=True, stages=("index",)), EditionConfig())
    assert {p.code for p in report.problems} == {"not-built", "shard-not-built"}
    assert not Path("build/html/index.html").exists()  # nothing is gathered from half the shards


def test_a_refused_gather_removes_the_earlier_deposit(project: Path) -> None:
    build(options(stages=STAGES, zip=True), EditionConfig())  # an earlier, complete deposit
    assert Path("build/deposit/bagit.txt").is_file() and Path("build/deposit.zip").is_file()
    build(options(shard=(1, 2)), EditionConfig())
    report = build(options(gather=True, stages=STAGES), EditionConfig())
    assert "shard-not-built" in {p.code for p in report.problems}
    assert sorted(Path(p.path).name for p in report.problems if p.code == "stale-deposit") == ["deposit", "deposit.zip"]
    assert not Path("build/deposit").exists() and not Path("build/deposit.zip").exists()


def test_a_source_restored_remakes_the_deposit_with_it(project: Path) -> None:
    build(options(stages=STAGES), EditionConfig())
    seeds = sorted(Path("seeds").glob("*.txt"))  # one text under four names: each would stand in for another
    for k, other in enumerate(seeds):
        other.write_bytes(SEED.read_bytes() + b"\n" * (k + 1))  # each changed since it was converted
    seed = seeds[1]
    no_convert = options(stages=tuple(s for s in STAGES if s != "convert"))
    report = build(no_convert, EditionConfig())
    assert sorted(Path(p.path).stem.split("-")[-1] for p in report.problems if p.code == "source-missing") == sorted(
        s.stem.split("_")[1] for s in seeds)
    assert done(report)["deposit"] == 1 and not Path("build/deposit/data/sources", seed.name).exists()
    seed.write_bytes(SEED.read_bytes())  # the one converted text again: it stands in for the other three too
    report = build(no_convert, EditionConfig())
    assert done(report)["deposit"] == 1 and "source-missing" not in {p.code for p in report.problems}
    for name in seeds:  # each TEI's source under the name it records, the converted bytes
        assert Path("build/deposit/data/sources", name.name).read_bytes() == SEED.read_bytes()
    assert "source is not here" not in Path("build/deposit/README.txt").read_text("utf-8")


def test_parallel_build_matches_the_serial_one(project: Path) -> None:
    build(options(jobs=1), EditionConfig())
    serial = {p.name: p.read_bytes() for p in tei_files()}
    shutil.rmtree("tei")
    shutil.rmtree("build")
    for k in range(4, 40):  # enough articles for a pool of several chunks
        shutil.copy(SEED, Path("seeds") / f"{k:03d}_{k:016x}.txt")
    report = build(options(jobs=2), EditionConfig())
    assert done(report) == {"convert": 40, "validate": 40, "html": 40, "pdf": 40, "index": 1}
    for name, data in serial.items():
        assert (Path("tei") / name).read_bytes() == data
    tree = etree.parse(str(tei_files()[0]))
    assert tree.xpath("/t:TEI/@xml:id", namespaces=NS)[0] == tei_files()[0].stem


def test_with_the_real_stages_that_are_installed(project: Path) -> None:
    """The real engines (those merged so far): valid seeds go all the way to a deposit."""
    pytest.importorskip("teiedit.validate")
    real = replace(options(stages=STAGES), engines=BuildOptions().engines)
    report = build(real, EditionConfig())
    assert done(report)["validate"] == 4 and done(report)["deposit"] == 1
    assert not [p for p in report.problems if p.level >= Level.ERROR]
    assert len(list(Path("build/deposit/data/tei").glob("*.xml"))) == 4
    assert build(real, EditionConfig()).nothing_to_do
    if done(report).get("html") and done(report).get("pdf"):  # pages link their PDF (made before them)
        page = etree.parse(str(next(Path("build/html/articles").glob("*.html"))), etree.HTMLParser())
        assert page.xpath("//a[starts-with(@href, '../pdf/')]")
        assert (Path("build/html/pdf") / f"{tei_files()[0].stem}.pdf").is_file()


def test_a_stage_that_cannot_start_fails_the_build_instead_of_hanging(project: Path) -> None:
    for k in range(4, 40):  # more than the build does in-process
        shutil.copy(SEED, Path("seeds") / f"{k:03d}_{k:016x}.txt")
    build(options(stages=("convert", "validate")), EditionConfig())
    broken = options(jobs=2, stages=("html",), engines={**ENGINES, "html": "build_fakes:BrokenHtml"})
    with pytest.raises(BrokenProcessPool):
        build(broken, EditionConfig())


def test_the_deposit_is_remade_only_when_its_inputs_change(project: Path) -> None:
    build(options(stages=STAGES, zip=True), EditionConfig())
    assert Path("build/deposit.zip").is_file()
    assert build(options(stages=STAGES), EditionConfig()).nothing_to_do  # --zip or not: the same bag
    Path("build/deposit.zip").unlink()
    report = build(options(stages=STAGES, zip=True), EditionConfig())
    assert report.nothing_to_do and Path("build/deposit.zip").is_file()  # only the zip was written
    Path("fake-html.xsl").write_text("<!-- v2 -->\n", "utf-8")
    assert done(build(options(stages=STAGES), EditionConfig()))["deposit"] == 1
    assert not Path("build/deposit.zip").exists()  # a zip of the old bag is not left behind


def test_pages_over_every_article_are_made_in_a_process_of_their_own():
    """index.html and the date pages need memory in proportion to the corpus: a process of their own."""
    from build_fakes import process_id
    from teiedit.build import _IN_PROCESS_MAX, _isolated

    (small,) = _isolated(process_id, ("small",), _IN_PROCESS_MAX)
    (large,) = _isolated(process_id, ("large",), _IN_PROCESS_MAX + 1)
    assert small.msg == str(os.getpid()) and small.path == "small"
    assert large.msg != str(os.getpid()) and large.path == "large"


def test_the_real_validate_stage_reports_a_duplicate_id_as_the_schema_does(project: Path) -> None:
    """The build reads each document once for validation and metadata: a duplicate xml:id is the
    Schematron's [duplicate-id] (with both lines), not a parser error, and the metadata is still read."""
    pytest.importorskip("teiedit.validate")
    build(options(stages=("convert",)), EditionConfig())
    tei = tei_files()[0]
    data = tei.read_bytes()
    second = data.index(b'xml:id="en-p2"')
    tei.write_bytes(data[:second] + b'xml:id="en-p1"' + data[second + len(b'xml:id="en-p2"') :])
    real = replace(options(stages=("validate",)), engines=BuildOptions().engines)
    report = build(real, EditionConfig())
    codes = {p.code for p in report.problems if p.path.endswith(tei.name)}
    assert "duplicate-id" in codes and "not-well-formed" not in codes
    from teiedit.state import INVALID, BuildState

    state = BuildState(real.state_path)
    row = state.article(tei.name)
    assert row.valid == INVALID and row.meta is not None and row.id == tei.stem
    state.close()


def test_the_build_learns_the_aligner_table_when_asked_and_reuses_it(project: Path) -> None:
    model = project / "build" / "align-model.tsv"
    first = build(options(), EditionConfig())
    assert not model.exists()  # none by default (the dictionary does the work)
    assert not [p for p in first.problems if p.code == "aligner-trained"]
    work()

    trained = build(options(retrain_aligner=True), EditionConfig())
    assert [p.code for p in trained.problems if p.code == "aligner-trained"] == ["aligner-trained"]
    learned = model.read_bytes()
    assert learned.startswith(b"#") and b"\t" in learned  # a real table, with word pairs
    assert done(trained)["convert"] == 4  # the new evidence re-aligns every source
    work()

    again = build(options(), EditionConfig())  # reused, not relearned: nothing to do
    assert again.nothing_to_do and not [p for p in again.problems if p.code == "aligner-trained"]

    retrained = build(options(retrain_aligner=True), EditionConfig())  # same sources → same table
    assert [p.code for p in retrained.problems if p.code == "aligner-trained"] == ["aligner-trained"]
    assert model.read_bytes() == learned and done(retrained)["convert"] == 0

    model.write_bytes(learned + "群众\tmasses\t0.900\n".encode())  # another table: every source re-aligned
    changed = build(options(), EditionConfig())
    assert done(changed)["convert"] == 4


def test_a_run_is_aligned_without_a_corpus_table_by_default(project: Path) -> None:
    report = build(options(stages=("convert",)), EditionConfig())
    assert not (project / "build" / "align-model.tsv").exists()
    assert not [p for p in report.problems if p.code == "aligner-trained"]


def test_sharded_pages_link_their_day_and_gather_writes_the_day_pages(project: Path) -> None:
    """With the real HTML stage: a shard's pages link their day (not neighbours it cannot see)."""
    real = replace(options(stages=("convert", "validate", "html", "index")), engines=BuildOptions().engines)
    for k in (1, 2):
        report = build(replace(real, shard=(k, 2)), EditionConfig())
        assert not [p for p in report.problems if p.level >= Level.ERROR]
    assert not Path("build/html/dates").exists()  # the date pages need every shard: --gather makes them
    for page_path in Path("build/html/articles").glob("*.html"):
        page = etree.parse(str(page_path), etree.HTMLParser())
        assert page.xpath("//a[@href='../dates/1958/02/10.html#page-5']"), page_path
        assert not page.xpath("//nav[contains(@class, 'neighbours')]//a[contains(@class, 'prev') or contains(@class, 'next')]")
    build(replace(real, gather=True, stages=("index",)), EditionConfig())
    day = etree.parse("build/html/dates/1958/02/10.html", etree.HTMLParser())
    linked = {h.rsplit("/", 1)[-1] for h in day.xpath("//a/@href") if "/articles/" in h}
    assert linked == {f"{t.stem}.html" for t in tei_files()}
    assert len(Path("build/html/data/beads.jsonl").read_text("utf-8").splitlines()) == 4 * 24  # gathered


def test_the_convert_digest_covers_every_module_convert_runs() -> None:
    """A change in any module the converter imports must make every TEI document outdated."""
    import subprocess
    import sys

    from teiedit.build import _STAGE_CODE

    out = subprocess.run(
        [sys.executable, "-c", "import sys, teiedit.convert; print(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    used = {m.split(".", 1)[1] + ".py" for m in out if m.startswith("teiedit.")}
    assert used - {"problems.py", "fsutil.py"} <= set(_STAGE_CODE["convert"]), used - set(_STAGE_CODE["convert"])


def test_the_aligner_table_is_learned_from_an_even_sample(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import teiedit.build

    monkeypatch.setattr(teiedit.build, "MAX_TRAIN_ARTICLES", 2)
    report = build(options(stages=("convert",), retrain_aligner=True), EditionConfig())
    (trained,) = [p for p in report.problems if p.code == "aligner-trained"]
    assert "learned from 2 articles" in trained.msg  # every other one of the four sources


def test_the_html_closure_holds_the_index_pages_stylesheets() -> None:
    """The index stage's digest relies on the html closure for the date and search pages."""
    from teiedit import browse, render_html, search

    closure = set(render_html.stylesheet_paths())
    assert set(browse.stylesheet_paths()) | set(search.search_page_paths()) <= closure
